//! The sketch of docs/design/behaviour.md §1, as written there.

use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        any:  ["*/*"],
    }
    define_layers![static_files, services, frontend, last_call];   // optional

    @json = { accept: json };                  // reusable option sets, like Elixir's @json

    match!("/themes/*path", @json) { forward(conn, path, "http://resource/themes/") }
    get!("/files/:id/download", _) {
        forward(conn, [], format!("http://range-file/files/{id}/download"))
    }
    get!("/employees", { host: ["com", "example", subdomain, ..rest] }) {
        tracing::info!(%subdomain, ?rest, "employee lookup");
        forward(conn, [], "http://employees/")
    }
    match!("/*_path", { accept: html, layer: frontend }) {
        forward(conn, [], "http://frontend/index.html")
    }
    match!("/*_", { last_call: true, accept: json }) {
        send_resp(conn, 404, r#"{ "error": { "code": 404, "message": "Route not found." } }"#)
    }
}
