//! The routing rules of this stack, converted from `mu_readme_2021_fallbacks.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        text: ["text/*"],
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        img: ["image/jpg", "image/jpeg", "image/png"],
        gif: ["image/gif"],
        image: ["image/*"],
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

    get!("/*_", { last_call: true, accept: json }) {
        send_resp(conn, 404, r#"{ "error": { "code": 404, "message": "Route not found.  See config/dispatcher.ex" } }"#)
    }

    get!("/*_", { last_call: true, accept: image }) {
        forward(conn, [], "http://images/404")
    }

    get!("/*_", { last_call: true, accept: text }) {
        send_resp(conn, 404, "404 - page not found\n\nSee config/dispatcher.ex")
    }

    get!("/*_", { last_call: true, accept: html }) {
        send_resp(conn, 404, "<html><head><title>404 - Not Found</title></head><body><h1>404 - Page not found</h1></body></html>")
    }
}
