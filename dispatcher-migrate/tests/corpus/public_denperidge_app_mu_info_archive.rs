//! The routing rules of this stack, converted from `public_denperidge_app_mu_info_archive.ex` by dispatcher-migrate.
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

    get!("/microservices/*path", _) {
        forward(conn, path, "http://resource/microservices/")
    }

    post!("/microservices/*path", _) {
        forward(conn, path, "http://resource/microservices/")
    }

    get!("/microservice-revisions/*path", _) {
        forward(conn, path, "http://resource/microservice-revisions/")
    }

    post!("/update-revisions/*path", _) {
        forward(conn, path, "http://microservicerevisionservice/update-revisions/")
    }

    match!("/*_", _) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
