//! The routing rules of this stack, converted from `public_bde_app_swarm_ui.ex` by dispatcher-migrate.
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

    match!("/repositories/*path", _) {
        forward(conn, path, "http://resource/repositories/")
    }

    match!("/pipeline-instances/*path", _) {
        forward(conn, path, "http://resource/pipeline-instances/")
    }

    match!("/services/*path", _) {
        forward(conn, path, "http://resource/services/")
    }

    match!("/statuses/*path", _) {
        forward(conn, path, "http://resource/statuses/")
    }

    match!("/swarm/*path", _) {
        forward(conn, path, "http://swarm/")
    }

    match!("/*_", _) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
