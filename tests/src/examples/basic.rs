//! README "Basic forwarding", "Forwarding paths" and "Matching on verb".

use dispatcher::prelude::*;

dispatcher! {
    match!("/sessions", _) {
        tracing::debug!(?conn, "conn for /sessions");
        forward(conn, [], "http://sessionsservice/login")
    }

    post!("/login", _) {
        forward(conn, [], "http://sessionsservice/login")
    }

    // As in mu's README: segments are URL-joined to "/widgets" (F2).
    match!("/widgets/*path", _) {
        forward(conn, path, "http://resource/widgets")
    }
}
