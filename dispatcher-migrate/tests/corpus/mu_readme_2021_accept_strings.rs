//! The routing rules of this stack, converted from `mu_readme_2021_accept_strings.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

// THIS DOES NOT WORK!

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate: this rule is kept as a comment: `accept:` with a MIME type string: mu-dispatcher refused such a rule when it compiled the rules (a CaseClauseError at start-up), so it served no request with this file; `accept:` takes aliases of define_accept_types
    // match!("/images/*path", %{ accept: "image/jpeg" }) {
    //     forward(conn, path, "http://images/")
    // }

    // dispatcher-migrate: this rule is kept as a comment: `accept:` with a MIME type string: mu-dispatcher refused such a rule when it compiled the rules (a CaseClauseError at start-up), so it served no request with this file; `accept:` takes aliases of define_accept_types
    // match!("/images/*path", %{ accept: "application/json" }) {
    //     forward(conn, path, "http://resource/images/")
    // }
}
