//! The routing rules of this stack, converted from `never_firing_rules.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
    }

    define_layers![services, frontend];

    // The root: mu-dispatcher's "/" never matched, so index requests went to
    // the frontend rule below.
    // dispatcher-migrate: this rule is kept as a comment: mu-dispatcher's "/" never matched anything: its root was ""
    // dispatcher-migrate suggests `get!("/", _)`: path "/" serves the root (it would take requests that the rule on line 51 answered in mu-dispatcher)
    // get!("/", _) {
    //     send_resp(conn, 200, "API root")
    // }

    // A trailing slash never matched either.
    // dispatcher-migrate: this rule is kept as a comment: mu-dispatcher never matched it: an empty segment needs an empty request segment, and requests have none
    // dispatcher-migrate suggests `get!("/docs", _)`: path "/docs/" is written "/docs", without its empty segment (it would take requests that the rules on lines 21, 51 answered in mu-dispatcher)
    // get!("/docs/", _) {
    //     forward(conn, [], "http://docs/index.html")
    // }

    get!("/docs/*path", _) {
        forward(conn, path, "http://docs/")
    }

    // Paths with dot segments are normalized before matching now.
    // dispatcher-migrate: this rule is kept as a comment: the dot segment `..` can no longer match: request paths are normalized before matching (mu-dispatcher matched it literally) [P7]
    // get!("/assets/../secrets", _) {
    //     send_resp(conn, 403, "forbidden")
    // }

    // `jsno` is a typo: no request ever had it.
    // dispatcher-migrate: this rule is kept as a comment: the accept alias `jsno` is not in define_accept_types (the aliases are json, html), so mu-dispatcher never matched it
    // match!("/themes/*path", %{ accept: %{ jsno: true } }) {
    //     forward(conn, path, "http://resource/themes/")
    // }

    match!("/themes/*path", { accept: json }) {
        forward(conn, path, "http://resource/themes/")
    }

    // dispatcher-migrate: this rule is kept as a comment: `layer: :backend` names no layer of define_layers (services, frontend), so mu-dispatcher never matched it [L4]
    // match!("/images/*path", %{ accept: %{ json: true }, layer: :backend }) {
    //     forward(conn, path, "http://resource/images/")
    // }

    // dispatcher-migrate: this rule is kept as a comment: the host pattern never matched in mu-dispatcher: "Admin.Example.com": its label `Admin` has capitals, and hosts are matched lower-cased
    // get!("/admin/*path", %{ host: "Admin.Example.com" }) {
    //     forward(conn, path, "http://admin/")
    // }

    get!("/admin/*path", { host: "admin.example.com" }) {
        forward(conn, path, "http://admin/")
    }

    match!("/*_path", { accept: html, layer: frontend }) {
        forward(conn, [], "http://frontend/index.html")
    }
}
