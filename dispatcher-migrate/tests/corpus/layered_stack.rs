//! The routing rules of this stack, converted from `layered_stack.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        upload: ["multipart/form-data"],
        any: ["*/*"],
    }

    define_layers![static, services, frontend, not_found];

    options!("/*_path", _) {
        conn.put_resp_header("access-control-allow-headers", "content-type,accept");
        conn.put_resp_header("access-control-allow-methods", "*");
        send_resp(conn, 200, r#"{ "message": "ok" }"#)
    }

    // ##############
    // STATIC
    // ##############
    get!("/assets/*path", { layer: static }) {
        forward(conn, path, "http://frontend/assets/")
    }

    get!("/@appuniversum/*path", { layer: static }) {
        forward(conn, path, "http://frontend/@appuniversum/")
    }

    get!("/favicon.ico", { layer: static }) {
        send_resp(conn, 404, "")
    }

    // ##############
    // SERVICES
    // ##############
    match!("/sessions/*path", { layer: services, accept: json }) {
        forward(conn, path, "http://login/sessions/")
    }

    post!("/files/*path", { layer: services }) {
        forward(conn, path, "http://file/files/")
    }

    get!("/files/:id/download", { layer: services }) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    match!("/people/*path", { layer: services, accept: json }) {
        forward(conn, path, "http://cache/people/")
    }

    match!("/organizations/*path", { layer: services, accept: json }) {
        forward(conn, path, "http://cache/organizations/")
    }

    // ##############
    // FRONTEND
    // ##############
    get!("/*_path", { layer: frontend, accept: html }) {
        forward(conn, [], "http://frontend/index.html")
    }

    // ##############
    // NOT FOUND
    // ##############
    match!("/*_", { layer: not_found, accept: json }) {
        send_resp(conn, 404, r#"{ "errors": [ { "status": "404", "title": "Route not found" } ] }"#)
    }

    match!("/*_", { layer: not_found }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
