//! The routing rules of this stack, converted from `public_lblod_app_llm_service.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

// Run `docker-compose restart dispatcher` after updating
// this file.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        upload: ["multipart/form-data"],
        sparql_json: ["application/sparql-results+json"],
        any: ["*/*"],
    }

    define_layers![api_services, api, frontend, not_found];

    match!("/bpmn-nodes", { accept: json, layer: api }) {
        forward(conn, [], "http://resource/bpmn-nodes/")
    }

    match!("/bpmn-graphs", { accept: json, layer: api }) {
        forward(conn, [], "http://resource/bpmn-graphs/")
    }

    // ##############
    // SPARQL
    // ##############

    // dispatcher-migrate: this rule is kept as a comment: `layer: :sparql` names no layer of define_layers (api_services, api, frontend, not_found), so mu-dispatcher never matched it [L4]
    // match!("/sparql", %{ layer: :sparql, accept: %{ sparql: true } }) {
    //     forward(conn, [], "http://database:8890/sparql")
    // }

    // ##############################################################
    // SEARCH
    // ##############################################################

    match!("/search/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://search/")
    }

    // ##############################################################
    // service
    // ##############################################################

    match!("/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://poc-llm/")
    }

    // ##############################################################
    // errors
    // ##############################################################

    match!("/*_path", { accept: any, layer: not_found }) {
        send_resp(conn, 404, r#"{"error": {"code": 404}}"#)
    }
}
