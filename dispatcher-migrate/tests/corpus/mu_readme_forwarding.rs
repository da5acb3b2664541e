//! The routing rules of this stack, converted from `mu_readme_forwarding.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // Forward /sessions and all sub-paths to the login service
    match!("/sessions/*path", _) {
        forward(conn, path, "http://login/sessions/")
    }

    // Forward a single fixed endpoint
    match!("/health", _) {
        forward(conn, [], "http://health/status")
    }
}
