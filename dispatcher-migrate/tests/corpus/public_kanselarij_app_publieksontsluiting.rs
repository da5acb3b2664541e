//! The routing rules of this stack, converted from `public_kanselarij_app_publieksontsluiting.ex` by dispatcher-migrate.
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
    match!("/mandatees/*path", _) {
        forward(conn, path, "http://resource/mandatees/")
    }
    match!("/people/*path", _) {
        forward(conn, path, "http://resource/people/")
    }
    match!("/themes/*path", _) {
        forward(conn, path, "http://resource/themes/")
    }
    match!("/meetings/*path", _) {
        forward(conn, path, "http://resource/meetings/")
    }
    match!("/news-items/search/*path", _) {
        forward(conn, path, "http://mu-search/news-items/search/")
    }
    match!("/*_", _) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
