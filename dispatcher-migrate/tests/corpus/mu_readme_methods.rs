//! The routing rules of this stack, converted from `mu_readme_methods.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    post!("/sessions", _) {
        forward(conn, [], "http://login/sessions")
    }

    delete!("/sessions", _) {
        forward(conn, [], "http://login/sessions")
    }
}
