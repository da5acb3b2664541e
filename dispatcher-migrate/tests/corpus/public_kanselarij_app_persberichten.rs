//! The routing rules of this stack, converted from `public_kanselarij_app_persberichten.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
    }

    @any = {};
    @json = { accept: json };
    @html = { accept: html };

    // In order to forward the 'themes' resource to the
    // resource service, use the following forward rule.
    //
    // docker-compose stop; docker-compose rm; docker-compose up
    // after altering this file.
    //
    // match "/themes/*path", @json do
    //   Proxy.forward conn, path, "http://resource/themes/"
    // end

    match!("/press-releases/*path", @json) {
        forward(conn, path, "http://cache/press-releases/")
    }

    get!("/publication-channels/*path", @json) {
        forward(conn, path, "http://cache/publication-channels/")
    }

    match!("/publication-events/*path", @json) {
        forward(conn, path, "http://cache/publication-events/")
    }

    match!("/contacts/*path", @json) {
        forward(conn, path, "http://resource/contacts/")
    }

    match!("/mail-addresses/*path", @json) {
        forward(conn, path, "http://cache/mail-addresses/")
    }

    match!("/telephones/*path", @json) {
        forward(conn, path, "http://cache/telephones/")
    }

    match!("/mobile-phones/*path", @json) {
        forward(conn, path, "http://cache/mobile-phones/")
    }

    get!("/organizations/*path", @json) {
        forward(conn, path, "http://cache/organizations/")
    }

    get!("/contact-statuses/*path", @json) {
        forward(conn, path, "http://cache/contact-statuses/")
    }

    get!("/themes/*path", @json) {
        forward(conn, path, "http://cache/themes/")
    }

    get!("/files/:id/download", @any) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    post!("/files/*path", @any) {
        forward(conn, path, "http://file/files/")
    }

    delete!("/files/*path", @any) {
        forward(conn, path, "http://file/files/")
    }

    match!("/files/*path", @json) {
        forward(conn, path, "http://cache/files/")
    }

    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
