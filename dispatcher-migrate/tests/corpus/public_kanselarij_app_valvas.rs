//! The routing rules of this stack, converted from `public_kanselarij_app_valvas.ex` by dispatcher-migrate.
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
    get!("/mandatees/*path", _) {
        forward(conn, path, "http://cache/mandatees/")
    }
    get!("/mandates/*path", _) {
        forward(conn, path, "http://cache/mandates/")
    }
    get!("/people/*path", _) {
        forward(conn, path, "http://cache/people/")
    }
    get!("/government-functions/*path", _) {
        forward(conn, path, "http://cache/government-functions/")
    }
    get!("/government-bodies/*path", _) {
        forward(conn, path, "http://cache/government-bodies/")
    }
    get!("/government-units/*path", _) {
        forward(conn, path, "http://cache/government-units/")
    }
    get!("/versions/*path", _) {
        forward(conn, path, "http://cache/versions/")
    }
    get!("/agenda-items/*path", _) {
        forward(conn, path, "http://cache/agenda-items/")
    }
    get!("/agendas/*path", _) {
        forward(conn, path, "http://cache/agendas/")
    }
    get!("/meetings/*path", _) {
        forward(conn, path, "http://cache/meetings/")
    }
    get!("/concepts/*path", _) {
        forward(conn, path, "http://cache/concepts/")
    }
    get!("/concept-schemes/*path", _) {
        forward(conn, path, "http://cache/concept-schemes/")
    }
    get!("/news-item-infos/*path", _) {
        forward(conn, path, "http://cache/news-item-infos/")
    }
    get!("/attachments/*path", _) {
        forward(conn, path, "http://cache/attachments/")
    }
    get!("/files/*path", _) {
        forward(conn, path, "http://file/files/")
    }
    get!("/news-items/search/*path", _) {
        forward(conn, path, "http://search/news-items/search/")
    }
    match!("/*_", _) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
