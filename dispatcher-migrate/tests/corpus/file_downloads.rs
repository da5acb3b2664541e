//! The routing rules of this stack, converted from `file_downloads.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        any: ["*/*"],
    }

    define_layers![static, services];

    @json = { accept: json, layer: services };

    // ## Files

    get!("/files/:id/download", { layer: services, accept: any }) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    post!("/files/*path", { layer: services }) {
        forward(conn, path, "http://file/files/")
    }

    delete!("/files/*path", { layer: services }) {
        forward(conn, path, "http://file/files/")
    }

    match!("/files/*path", @json) {
        forward(conn, path, "http://resource/files/")
    }

    // Thumbnails and previews of one file.
    get!("/files/:id/thumbnail", { layer: static }) {
        forward(conn, [id], "http://preview/thumbnails")
    }

    get!("/files/:id/preview/:page", { layer: static }) {
        forward(conn, ["previews", id, page], "http://preview/")
    }

    put!("/cases/:id/attachments", @json) {
        forward(conn, [], format!("http://ms-files/cases/{id}/attachments"))
    }

    patch!("/cases/:case_id/attachments/:id", @json) {
        forward(conn, [case_id, "attachments", id], "http://ms-files/cases/")
    }

    get!("/archives/:year/*path", { layer: services }) {
        forward(conn, [&[year][..], &path[..]].concat(), "http://archive/")
    }
}
