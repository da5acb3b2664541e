//! The routing rules of this stack, converted from `old_layer_flags.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
        any: ["*/*"],
    }

    define_layers![static, api, frontend];

    // Before `layer:`, a rule named its layer as a key.
    get!("/assets/*path", { layer: static }) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/accounts/*path", { layer: api, accept: json }) {
        forward(conn, path, "http://resource/accounts/")
    }

    match!("/*_path", { layer: frontend, accept: html }) {
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/*_", { layer: frontend }) {
        send_resp(conn, 404, "Not found")
    }
}
