//! The routing rules of this stack, converted from `multi_tenant.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

// One stack serves every municipality: <tenant>.loket.example.be.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
    }

    @json = { accept: json };

    // Preview deployments: <branch>.preview.loket.example.be
    match!("/*path", { host: ["be", "example", "loket", "preview", branch, .._rest] }) {
        tracing::info!("preview of {branch}");
        forward(conn, path, format!("http://preview-{branch}/"))
    }

    match!("/api/*path", { host: ["be", "example", "loket", tenant], accept: json }) {
        forward(conn, path, format!("http://{tenant}-api/"))
    }

    match!("/*_path", { host: ["be", "example", "loket", tenant], accept: html }) {
        forward(conn, [], format!("http://frontend/{tenant}/index.html"))
    }

    // The shared admin console lists labels as they are written.
    get!("/admin/*path", { reverse_host: ["admin", "loket", ..] }) {
        forward(conn, path, "http://admin/")
    }

    match!("/*_", @json) {
        send_resp(conn, 404, r#"{ "errors": [ { "title": "Unknown municipality" } ] }"#)
    }
}
