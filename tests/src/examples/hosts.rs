//! README "Matching on host", each form on its own path so none shadows
//! another, plus `reverse_host` as real stacks use it.

use dispatcher::prelude::*;

dispatcher! {
    get!("/employees", { host: ["io", "redpencil", "api"] }) {
        forward(conn, [], "http://employees/")
    }

    get!("/staff", { host: "api.redpencil.io" }) {
        forward(conn, [], "http://staff/")
    }

    get!("/teams", { host: "*.redpencil.io" }) {
        forward(conn, [], "http://teams/")
    }

    get!("/projects", { host: ["io", "redpencil", subdomain, ..subsubdomains] }) {
        tracing::info!(%subdomain, ?subsubdomains, "project lookup");
        forward(conn, [], format!("http://projects/{subdomain}/{}", subsubdomains.join(".")))
    }

    get!("/dashboard/*path", { reverse_host: ["dev", "dashboard", ..rest] }) {
        forward(conn, path, format!("http://dashboard-{}/", rest.join("-")))
    }

    get!("/local", { host: "*" }) {
        send_resp(conn, 200, "single-label host")
    }
}
