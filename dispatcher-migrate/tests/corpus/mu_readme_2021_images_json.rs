//! The routing rules of this stack, converted from `mu_readme_2021_images_json.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
    }

    match!("/images/*path", { accept: json }) {
        forward(conn, path, "http://resource/images")
    }
}
