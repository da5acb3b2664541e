//! The routing rules of this stack, converted from `helpers.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
    }

    @json = { accept: json };

    match!("/people/*path", @json) {
        forward(conn, path, "http://people-service/people/")
    }

    match!("/organizations/*path", @json) {
        forward(conn, path, "http://organizations-service/organizations/")
    }

    options!("/*_path", _) {
        conn.put_resp_header("access-control-allow-origin", "*");
        conn.put_resp_header("access-control-allow-headers", "content-type,accept");
        send_resp(conn, 204, "")
    }

    get!("/teams/:id", @json) {
        conn.put_resp_header("access-control-allow-origin", "*");
        conn.put_resp_header("access-control-allow-headers", "content-type,accept");
        forward(conn, [], format!("http://teams/{id}"))
    }

    get!("/*_path", { accept: html }) {
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }

    // Every resource type has its own service, named after it.
    // dispatcher-migrate: the helper on dispatcher.ex line 39 is written into the rules that call it
}
