//! The routing rules of this stack, converted from `public_ajuvercr_chess_project.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
    }

    @any = {};
    @json = { accept: json };
    @html = { accept: html };

    // In order to forward the 'themes' resource to the
    // resource service, use the following forward rule.
    //
    // docker-compose stop; docker-compose rm; docker-compose up
    // after altering this file.
    //
    // match "/themes/*path", @json do
    //   Proxy.forward conn, path, "http://resource/themes/"
    // end

    match!("/songs/*path", _) {
        forward(conn, path, "http://resource/songs/")
    }

    match!("/bands/*path", _) {
        forward(conn, path, "http://resource/bands/")
    }

    match!("/sessions/*path", _) {
        forward(conn, path, "http://login/sessions/")
    }

    match!("/accounts/*path", _) {
        forward(conn, path, "http://registration/accounts/")
    }

    match!("/games/*path", _) {
        forward(conn, path, "http://resource/games/")
    }

    match!("/moves/*path", _) {
        forward(conn, path, "http://resource/moves/")
    }

    match!("/mine/*path", _) {
        forward(conn, path, "http://myMicroservice/")
    }

    match!("/sparql/*path", _) {
        forward(conn, path, "http://db:8890/sparql")
    }

    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
