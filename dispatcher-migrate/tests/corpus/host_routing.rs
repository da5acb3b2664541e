//! The routing rules of this stack, converted from `host_routing.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
    }

    // The API host answers JSON only.
    match!("/*path", { host: "api.redpencil.io", accept: json }) {
        forward(conn, path, "http://api/")
    }

    get!("/employees", { host: ["io", "redpencil", "intranet"] }) {
        forward(conn, [], "http://employees/")
    }

    // Every project subdomain has its own service.
    get!("/projects/*path", { host: ["io", "redpencil", project, .._rest] }) {
        forward(conn, path, format!("http://project-{project}/"))
    }

    get!("/status", { host: "*.redpencil.io" }) {
        send_resp(conn, 200, "redpencil")
    }

    get!("/status", { host: "*" }) {
        send_resp(conn, 200, "local")
    }

    match!("/*path", { reverse_host: ["dashboard", .._rest] }) {
        forward(conn, path, "http://dashboard/")
    }

    match!("/*path", { reverse_host: ["dev", env, ..rest] }) {
        tracing::info!(?rest, "development host");
        forward(conn, path, format!("http://{env}-dev/"))
    }

    match!("/*_", { accept: html }) {
        forward(conn, [], "http://frontend/index.html")
    }
}
