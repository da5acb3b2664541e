//! The routing rules of this stack, converted from `mu_readme_fallbacks.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        text: ["text/*"],
        png: ["image/png"],
    }

    get!("/*_", { last_call: true, accept: json }) {
        send_resp(conn, 404, r#"{ "error": { "code": 404, "message": "Route not found." } }"#)
    }

    get!("/*_", { last_call: true, accept: html }) {
        send_resp(conn, 404, "<html><body><h1>404 - Not found</h1></body></html>")
    }

    get!("/*_", { last_call: true, accept: text }) {
        send_resp(conn, 404, "404 - page not found\n\nSee config/dispatcher.ex")
    }

    get!("/*_", { last_call: true, accept: png }) {
        forward(conn, [], "http://static/404.png")
    }
}
