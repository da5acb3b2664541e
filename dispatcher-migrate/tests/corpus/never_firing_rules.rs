//! The routing rules of this stack, converted from `never_firing_rules.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
    }

    define_layers![services, frontend];

    // The root: mu-dispatcher's "/" never matched, so index requests went to
    // the frontend rule below.
    // dispatcher-migrate: this rule is kept as a comment: mu-dispatcher's "/" never matched anything (its root was ""); uncomment this rule to serve the root here [P3]
    // get!("/", _) {
    //     send_resp(conn, 200, "API root")
    // }

    // A trailing slash never matched either.
    // dispatcher-migrate: this rule is kept as a comment: mu-dispatcher never matched "/docs/": its empty segment (a trailing or double `/`) needs an empty request segment, and requests have none [P4]
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

    // The README's "THIS DOES NOT WORK" example.
    // dispatcher-migrate: this rule is kept as a comment: `accept:` with a MIME type string never matched in mu-dispatcher (it takes aliases of define_accept_types)
    // match!("/images/*path", %{ accept: "image/jpeg" }) {
    //     forward(conn, path, "http://images/")
    // }

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
