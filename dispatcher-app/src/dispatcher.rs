//! The routing rules of this stack. Edit them and rebuild; see docs/rules.md.
//! `expectations.jsonl` beside `src/` holds the decisions they must make
//! (`dispatcher-app check`); record it again when you change the rules.

use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        html: ["text/html", "application/xhtml+xml"],
        json: ["application/json", "application/vnd.api+json"],
        any: ["*/*"],
    }

    @json = { accept: json };

    match!("/themes/*path", @json) {
        forward(conn, path, "http://resource/themes/")
    }

    // mu-file-service serves the downloads (`file` in examples/docker-compose.yml).
    get!("/files/:id/download", _) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    match!("/assets/*path", { accept: any }) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/*_path", { accept: html }) {
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/*_", { last_call: true, accept: json }) {
        conn.put_resp_header("content-type", "application/vnd.api+json");
        send_resp(conn, 404, r#"{ "errors": [{ "status": "404", "title": "Route not found" }] }"#)
    }
}
