//! The routing rules of this stack, converted from `shadowed_rules.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
    }

    @json = { accept: json };

    get!("/status", _) {
        send_resp(conn, 200, "ok")
    }

    // A HEAD probe for the load balancer; mu-dispatcher's `get` did not
    // serve HEAD.
    // dispatcher-migrate: this rule is kept as a comment: it can no longer fire: `get` rules now serve HEAD too, so the rule on line 10 (`get "/status"`) takes the HEAD requests mu-dispatcher gave to this one [P8]
    // head!("/status", _) {
    //     send_resp(conn, 204, "")
    // }

    match!("/themes/*path", @json) {
        forward(conn, path, "http://resource/themes/")
    }

    // Copied twice when the themes moved to their own service.
    // dispatcher-migrate: this rule is kept as a comment: it can never fire: the rule on line 20 (`match "/themes/*path"`) comes first and matches every request it matches; mu-dispatcher never ran it either
    // match!("/themes/*path", @json) {
    //     forward(conn, path, "http://themes/themes/")
    // }

    // More specific than the rule above, but that one comes first.
    // dispatcher-migrate: this rule is kept as a comment: it can never fire: the rule on line 20 (`match "/themes/*path"`) comes first and matches every request it matches; mu-dispatcher never ran it either
    // get!("/themes/:id/image", { accept: [json, html] }) {
    //     forward(conn, [], format!("http://images/themes/{id}"))
    // }

    // This one still fires: for html, the json rule does not match.
    get!("/themes/:id/image", { accept: html }) {
        forward(conn, [], format!("http://images/themes/{id}/preview"))
    }

    put!("/people/:id", @json) {
        forward(conn, [], format!("http://people/people/{id}"))
    }

    match!("/people/*path", @json) {
        forward(conn, path, "http://resource/people/")
    }

    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Not found")
    }

    // dispatcher-migrate: this rule is kept as a comment: it can never fire: the rule on line 47 (`match "/*_"`) comes first and matches every request it matches; mu-dispatcher never ran it either
    // get!("/*_", { last_call: true, accept: html }) {
    //     send_resp(conn, 404, "<h1>Not found</h1>")
    // }
}
