//! The routing rules of this stack, converted from `sparql_and_search.ex` by dispatcher-migrate.
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

    // ##############
    // SPARQL
    // ##############
    match!("/sparql", { layer: sparql, accept: sparql }) {
        forward(conn, [], "http://db:8890/sparql")
    }

    // ##############
    // API SERVICES
    // ##############
    match!("/search/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://search/search")
    }

    get!("/health", { layer: api_services }) {
        send_resp(conn, 200, "ok")
    }

    match!("/v3/api-docs/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://api-docs/v3/api-docs/")
    }

    // ##############
    // STATIC
    // ##############
    get!("/assets/*path", { layer: static }) {
        forward(conn, path, "http://frontend/assets/")
    }

    // ##############
    // FRONTEND
    // ##############
    get!("/*_path", { layer: frontend_fallback, accept: html }) {
        forward(conn, [], "http://frontend/index.html")
    }

    // ##############
    // RESOURCES
    // ##############
    match!("/concept-schemes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/concept-schemes/")
    }

    match!("/concepts/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/concepts/")
    }

    // ##############
    // NOT FOUND
    // ##############
    match!("/*_", { layer: not_found }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
