//! The routing rules of this stack, converted from `mu_readme_2021_fallbacks_by_type.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        text: ["text/*"],
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        jpeg: ["image/jpg", "image/jpeg"],
        png: ["image/png"],
        gif: ["image/gif"],
    }

    get!("/*_", { last_call: true, accept: json }) {
        send_resp(conn, 404, r#"{ "error": { "code": 404, "message": "Route not found.  See config/dispatcher.ex" } }"#)
    }

    get!("/*_", { last_call: true, accept: text }) {
        send_resp(conn, 404, "404 - page not found\n\nSee config/dispatcher.ex")
    }

    get!("/*_", { last_call: true, accept: html }) {
        send_resp(conn, 404, "<html><head><title>404 - Not Found</title></head><body><h1>404 - Page not found</h1></body></html>")
    }

    get!("/*_", { last_call: true, accept: jpeg }) {
        forward(conn, [], "http://static/404.jpeg")
    }

    get!("/*_", { last_call: true, accept: png }) {
        forward(conn, [], "http://static/404.png")
    }

    get!("/*_", { last_call: true, accept: gif }) {
        forward(conn, [], "http://static/404.gif")
    }
}
