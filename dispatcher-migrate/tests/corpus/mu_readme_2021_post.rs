//! The routing rules of this stack, converted from `mu_readme_2021_post.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    post!("/sessions", _) {
        forward(conn, [], "http://sessionsservice/login")
    }
}
