//! The routing rules of this stack, converted from `public_mikidi_app_mail_client.ex` by dispatcher-migrate.
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

    match!("/emails/*path", @any) {
        forward(conn, path, "http://cache/emails/")
    }

    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
