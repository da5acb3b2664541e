//! The routing rules of this stack, converted from `public_bde_app_stack_builder.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // In order to forward the 'themes' resource to the
    // resource service, use the following forward rule.
    //
    // docker-compose stop; docker-compose rm; docker-compose up
    // after altering this file.
    //
    // match "/themes/*path" do
    //   Proxy.forward conn, path, "http://resource/themes/"
    // end

    match!("/docker-composes/*path", _) {
        forward(conn, path, "http://resource/docker-composes/")
    }

    match!("/containers/*path", _) {
        forward(conn, path, "http://resource/containers/")
    }

    match!("/container-groups/*path", _) {
        forward(conn, path, "http://resource/container-groups/")
    }

    match!("/stack-builder-backend/*path", _) {
        forward(conn, path, "http://backend/")
    }

    match!("/*_", _) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
