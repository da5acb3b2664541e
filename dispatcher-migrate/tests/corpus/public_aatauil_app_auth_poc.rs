//! The routing rules of this stack, converted from `public_aatauil_app_auth_poc.ex` by dispatcher-migrate.
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

    define_layers![static, sparql, api_services, frontend_fallback, resources, not_found];

    options!("/*_path", _) {
        conn.put_resp_header("access-control-allow-headers", "content-type,accept");
        conn.put_resp_header("access-control-allow-methods", "*");
        send_resp(conn, 200, r#"{ "message": "ok" }"#)
    }

    // ##############
    // STATIC
    // ##############

    // frontend
    match!("/assets/*path", { layer: static }) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/index.html", { layer: static }) {
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/favicon.ico", { layer: static }) {
        send_resp(conn, 404, "")
    }

    // ##############
    // SPARQL
    // ##############
    match!("/sparql", { layer: sparql, accept: html }) {
        forward(conn, [], "http://frontend/sparql")
    }

    match!("/sparql", { layer: sparql, accept: sparql }) {
        forward(conn, [], "http://database:8890/sparql")
    }

    // ##############
    // API SERVICES
    // ##############
    match!("/sessions/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://login/sessions/")
    }

    match!("/resource-labels/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://resource-labels/")
    }

    match!("/uri-info/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://uri-info/")
    }

    // ################
    // FRONTEND PAGES
    // ################

    match!("/*path", { layer: frontend_fallback, accept: html }) {
        // We forward path for fastboot
        forward(conn, path, "http://frontend/")
    }

    // ##############
    // RESOURCES
    // ##############
    get!("/bestuurseenheden/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/bestuurseenheden/")
    }

    get!("/werkingsgebieden/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/werkingsgebieden/")
    }
    get!("/bestuurseenheid-classificatie-codes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/bestuurseenheid-classificatie-codes/")
    }
    get!("/bestuursorganen/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/bestuursorganen/")
    }
    get!("/bestuursorgaan-classificatie-codes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/bestuursorgaan-classificatie-codes/")
    }

    // ################
    // NOT FOUND
    // ################
    match!("/*_path", { layer: not_found }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
