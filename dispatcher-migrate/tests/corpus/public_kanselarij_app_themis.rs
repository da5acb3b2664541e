//! The routing rules of this stack, converted from `public_kanselarij_app_themis.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
        sparql: ["application/sparql-results+json"],
        any: ["*/*"],
    }

    define_layers![static, sparql, resources, api_services, frontend_fallback, not_found, last_call];

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

    get!("/index.html", { layer: static }) {
        forward(conn, [], "http://frontend/index.html")
    }

    get!("/favicon.ico", { layer: static }) {
        send_resp(conn, 404, "")
    }

    // ##############
    // SPARQL
    // ##############
    get!("/sparql", { layer: sparql, accept: html }) {
        forward(conn, [], "http://frontend/sparql")
    }

    match!("/sparql", { layer: sparql, accept: sparql }) {
        forward(conn, [], "http://database:8890/sparql")
    }

    // ##############
    // RESOURCES
    // ##############

    get!("/catalogs/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/catalogs/")
    }

    get!("/datasets/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/datasets/")
    }

    get!("/distributions/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/distributions/")
    }

    // ##############
    // API SERVICES
    // ##############
    get!("/resource-labels/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://resource-labels/")
    }

    get!("/uri-info/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://uri-info/")
    }

    get!("/files/*path", { layer: api_services, accept: any }) {
        forward(conn, path, "http://file/files/")
    }

    // ################
    // FRONTEND PAGES
    // ################
    get!("/*path", { layer: frontend_fallback, accept: html }) {
        // We forward path for fastboot
        forward(conn, path, "http://frontend/")
    }

    // ################
    // NOT FOUND
    // ################
    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
