//! The routing rules of this stack, converted from `mu_readme_2021_sessions.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    match!("/sessions", _) {
        tracing::info!(?conn, "conn for /sessions");
        forward(conn, [], "http://sessionsservice/login")
    }
}
