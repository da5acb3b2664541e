//! The routing rules of this stack, converted from `cors_preflight.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        any: ["*/*"],
    }

    @json = { accept: json };

    // Browsers on other domains ask first; any 200 will do.
    // (mu's README writes the path without its leading slash.)
    // dispatcher-migrate suggests `options!("/*_path", _)`: path "*path" gets its leading slash: "/*path" (it would take requests that the rules on lines 27, 32 answered in mu-dispatcher)
    options!("/", _) {
        conn.put_resp_header("access-control-allow-headers", "content-type,accept");
        conn.put_resp_header("access-control-allow-methods", "*");
        send_resp(conn, 200, r#"{ "message": "ok" }"#)
    }

    // Credentialed requests from the partner portal.
    get!("/public/*path", @json) {
        conn.put_resp_header("access-control-allow-origin", "https://portal.example.org");
        conn.put_resp_header("access-control-allow-credentials", "true");
        forward(conn, path, "http://resource/public/")
    }

    match!("/datasets/*path", @json) {
        conn.put_resp_header("access-control-allow-origin", "*");
        forward(conn, path, "http://resource/datasets/")
    }

    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Route not found.")
    }
}
