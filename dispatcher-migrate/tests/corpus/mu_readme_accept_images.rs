//! The routing rules of this stack, converted from `mu_readme_accept_images.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        img: ["image/jpg", "image/jpeg", "image/png"],
        gif: ["image/gif"],
    }

    get!("/images/*path", { accept: json }) {
        forward(conn, path, "http://resource/images")
    }

    get!("/images/*path", { accept: img }) {
        forward(conn, path, "http://images/images")
    }

    get!("/images/*path", { accept: gif }) {
        forward(conn, path, "http://gifs/images")
    }
}
