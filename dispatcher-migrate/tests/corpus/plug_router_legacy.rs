//! The routing rules of this stack, converted from `plug_router_legacy.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // In order to forward the 'themes' resource to the
    // resource service, use the following forward rule.
    //
    // docker-compose stop; docker-compose rm; docker-compose up
    // after altering this file.
    match!("/themes/*path", _) {
        forward(conn, path, "http://resource/themes/")
    }

    match!("/users/*path", _) {
        forward(conn, path, "http://registration/users/")
    }

    post!("/sessions", _) {
        forward(conn, [], "http://login/sessions")
    }

    delete!("/sessions/current", _) {
        forward(conn, [], "http://login/sessions/current")
    }

    // dispatcher-migrate: this rule is kept as a comment: it can never fire: the rule on line 24 (`match "/users/*path"`) comes first and matches every request it matches; mu-dispatcher never ran it either
    // get!("/users/:id/avatar", _) {
    //     forward(conn, [id], "http://avatars/")
    // }

    get!("/", _) {
        send_resp(conn, 200, "Welcome to the API")
    }

    match!("/*_", _) {
        send_resp(conn, 404, "Route not found. See config/dispatcher.ex")
    }
}
