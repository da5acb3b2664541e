//! The routing rules of this stack, converted from `accept_list_form.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

// Written for mu-dispatcher 2.1: accept lists and define_accept_types
// without brackets.

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

    match!("/bpmn-elements", { accept: json, layer: api }) {
        forward(conn, [], "http://resource/bpmn-elements")
    }

    match!("/bpmn-elements/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/bpmn-elements/")
    }

    post!("/bpmn-files/*path", { accept: upload, layer: api_services }) {
        forward(conn, path, "http://bpmn/")
    }

    match!("/bpmn-files/*path", { accept: any, layer: api }) {
        forward(conn, path, "http://file/bpmn-files/")
    }

    match!("/sparql", { accept: sparql_json, layer: api_services }) {
        forward(conn, [], "http://database:8890/sparql")
    }

    match!("/assets/*path", { layer: api }) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/*_path", { accept: html, layer: api }) {
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/*_path", { layer: frontend }) {
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/*_", { layer: not_found }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
