//! The routing rules of this stack, converted from `public_kanselarij_app_overlegcomite.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    match!("/mock/sessions/*path", _) {
        forward(conn, path, "http://mocklogin/sessions/")
    }

    match!("/sessions/*path", _) {
        forward(conn, path, "http://login/sessions/")
    }

    match!("/users/*path", _) {
        forward(conn, path, "http://cache/users/")
    }

    match!("/accounts/*path", _) {
        forward(conn, path, "http://cache/accounts/")
    }

    match!("/account-groups/*path", _) {
        forward(conn, path, "http://cache/account-groups/")
    }

    get!("/files/:id/download/*path", _) {
        forward(conn, path, format!("http://range-file/files/{id}/download/"))
    }

    post!("/files/*path", _) {
        forward(conn, path, "http://file/files/")
    }

    delete!("/files/*path", _) {
        forward(conn, path, "http://file/files/")
    }

    match!("/files/*path", _) {
        forward(conn, path, "http://cache/files/")
    }

    match!("/documents/*path", _) {
        forward(conn, path, "http://cache/documents/")
    }

    match!("/document-versions/*path", _) {
        forward(conn, path, "http://cache/document-versions/")
    }

    match!("/document-types/*path", _) {
        forward(conn, path, "http://cache/document-types/")
    }

    match!("/access-levels/*path", _) {
        forward(conn, path, "http://cache/access-levels/")
    }

    match!("/meetings/*path", _) {
        forward(conn, path, "http://cache/meetings/")
    }

    match!("/agendaitems/*path", _) {
        forward(conn, path, "http://cache/agendaitems/")
    }

    match!("/cases/*path", _) {
        forward(conn, path, "http://cache/cases/")
    }

    match!("/government-bodies/*path", _) {
        forward(conn, path, "http://cache/government-bodies/")
    }

    match!("/*_", _) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
