//! The routing rules of this stack, converted from `mu_readme_2021_hosts.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    get!("/employees", { host: ["io", "redpencil", "api"] }) {
        forward(conn, [], "http://employees/api")
    }

    // dispatcher-migrate: this rule is kept as a comment: it can never fire: the rule on line 5 (`get "/employees"`) comes first and matches every request it matches; mu-dispatcher never ran it either
    // get!("/employees", { host: "api.redpencil.io" }) {
    //     forward(conn, [], "http://employees/api-string")
    // }

    get!("/employees", { host: "*.redpencil.io" }) {
        forward(conn, [], "http://employees/wildcard")
    }

    // dispatcher-migrate: this rule is kept as a comment: it can never fire: the rule on line 13 (`get "/employees"`) comes first and matches every request it matches; mu-dispatcher never ran it either
    // get!("/employees", { host: ["io", "redpencil", subdomain, ..subsubdomains] }) {
    //     tracing::info!(?subdomain, "First subdomain");
    //     tracing::info!(?subsubdomains, "Array of subdomains under subdomain");
    //     forward(conn, [], format!("http://employees/{subdomain}"))
    // }
}
