//! The routing rules of this stack, converted from `mu_readme_hosts.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // Exact match
    get!("/employees", { host: "api.example.com" }) {
        forward(conn, [], "http://employees/")
    }

    // Wildcard, matches api.example.com, dev.example.com, etc.
    get!("/employees", { host: "*.example.com" }) {
        forward(conn, [], "http://employees/")
    }

    // Array match with variable capture
    // dispatcher-migrate: this rule is kept as a comment: it can never fire: the rule on line 11 (`get "/employees"`) comes first and matches every request it matches; mu-dispatcher never ran it either
    // get!("/employees", { host: ["com", "example", subdomain, ..rest] }) {
    //     tracing::info!(?subdomain, "Subdomain");
    //     tracing::info!(?rest, "Array of subdomains under subdomain");
    //     forward(conn, [], "http://employees/")
    // }
}
