//! The routing rules of this stack, converted from `public_cecemel_datakart_backend.ex` by dispatcher-migrate.
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

    match!("/tracking-sessions/*path", _) {
        forward(conn, path, "http://resource/tracking-sessions/")
    }

    match!("/anchors-configurations/*path", _) {
        forward(conn, path, "http://resource/anchors-configurations/")
    }

    match!("/deployed-anchors/*path", _) {
        forward(conn, path, "http://resource/deployed-anchors/")
    }

    match!("/points-coordinates/*path", _) {
        forward(conn, path, "http://resource/points-coordinates/")
    }

    match!("/tracking-location-elements/*path", _) {
        forward(conn, path, "http://resource/tracking-location-elements/")
    }

    match!("/*_", _) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
