//! The routing rules of this stack, converted from `ember_frontend.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
        any: ["*/*"],
    }

    @html = { accept: html };
    @json = { accept: json };
    @any = { accept: any };

    // ## Resources

    match!("/widgets/*path", @json) {
        forward(conn, path, "http://resource/widgets/")
    }

    match!("/widget-types/*path", @json) {
        forward(conn, path, "http://resource/widget-types/")
    }

    match!("/sessions/*path", @json) {
        forward(conn, path, "http://login/sessions/")
    }

    // ## Frontend

    match!("/assets/*path", @any) {
        forward(conn, path, "http://frontend/assets/")
    }

    get!("/favicon.ico", @any) {
        forward(conn, [], "http://frontend/favicon.ico")
    }

    get!("/fonts/*path", @any) {
        forward(conn, path, "http://frontend/fonts/")
    }

    match!("/*_path", @html) {
        // *_path allows a path to be supplied, but will not yield
        // an error that we don't use the path variable.
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/*_", { last_call: true, accept: json }) {
        send_resp(conn, 404, r#"{ "error": { "code": 404, "message": "Route not found.  See config/dispatcher.ex" } }"#)
    }
}
