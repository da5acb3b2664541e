//! The routing rules of this stack, converted from `mu_readme_minimal.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // routing rules go here
}
