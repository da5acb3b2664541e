//! The routing rules of this stack, converted from `mu_readme_2021_widgets.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    match!("/widgets/*path", _) {
        forward(conn, path, "http://resource/widgets")
    }
}
