//! The routing rules of this stack, converted from `mu_readme_attributes.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
    }

    @json = { accept: json };

    match!("/sessions/*path", @json) {
        tracing::info!(?conn, "conn for /sessions");
        forward(conn, path, "http://sessions/login")
    }

    match!("/images/*path", @json) {
        forward(conn, path, "http://resource/images")
    }
}
