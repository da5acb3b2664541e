//! The routing rules of this stack, converted from `last_call_fix.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
        any: ["*/*"],
    }

    // The layers below lack :last_call, so the 404 rules at the end never
    // fired in mu-dispatcher: unknown API paths got its bare 500.
    define_layers![api, frontend, last_call];

    @json = { accept: json, layer: api };
    @fallback = { last_call: true, accept: json };

    match!("/themes/*path", @json) {
        forward(conn, path, "http://resource/themes/")
    }

    match!("/concepts/*path", @json) {
        forward(conn, path, "http://resource/concepts/")
    }

    match!("/assets/*path", { layer: frontend, accept: any }) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/*_path", { layer: frontend, accept: html }) {
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/*_", @fallback) {
        send_resp(conn, 404, r#"{ "errors": [ { "title": "Not found" } ] }"#)
    }

    // Written as Plug.Router's catch-all: for mu-dispatcher's Matcher this
    // was a path without its leading slash, which matched only the root.
    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Not found")
    }
}
