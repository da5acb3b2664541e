//! The routing rules of this stack, converted from `readme_examples.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

// The examples of mu-dispatcher's README, in one file.

use dispatcher::prelude::*;

dispatcher! {
    match!("/sessions", _) {
        tracing::info!(?conn, "conn for /sessions");
        forward(conn, [], "http://sessionsservice/login")
    }

    post!("/login", _) {
        forward(conn, [], "http://sessionsservice/login")
    }

    // The README forwards to "http://resource/widgets": without the trailing
    // slash, /widgets/1 reached /widgets1.
    match!("/widgets/*path", _) {
        forward(conn, path, "http://resource/widgets")
    }

    delete!("/sessions/current", _) {
        forward(conn, [], "http://sessionsservice/sessions/current")
    }
}
