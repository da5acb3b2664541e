//! The routing rules of this stack, converted from `mu_readme_quickstart.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        any: ["*/*"],
    }

    match!("/themes/*path", { accept: json }) {
        forward(conn, path, "http://resource/themes/")
    }

    match!("/assets/*path", { accept: any }) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/*_path", { accept: html }) {
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/*_", { last_call: true, accept: json }) {
        send_resp(conn, 404, r#"{ "error": { "code": 404, "message": "Route not found." } }"#)
    }
}
