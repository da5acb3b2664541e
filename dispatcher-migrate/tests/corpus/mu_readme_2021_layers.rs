//! The routing rules of this stack, converted from `mu_readme_2021_layers.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    define_layers![api, frontend];

    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
    }

    match!("/*path", { accept: html, layer: api }) {
        forward(conn, path, "http://frontend")
    }

    match!("/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://api")
    }
}
