//! The routing rules of this stack, converted from `public_lblod_app_openproceshuis.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

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

    define_layers![api, frontend, not_found];

    match!("/processes/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/processes/")
    }

    match!("/process-statistics/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/process-statistics/")
    }

    match!("/information-assets/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/information-assets/")
    }

    match!("/administrative-unit-classification-codes", { accept: json, layer: api }) {
        forward(conn, [], "http://cache/administrative-unit-classification-codes/")
    }

    match!("/links/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/links/")
    }

    // ##############################################################
    // API
    // ##############################################################

    post!("/bpmn", { accept: any, layer: api }) {
        forward(conn, [], "http://bpmn/")
    }

    get!("/visio/*path", { accept: any, layer: api }) {
        forward(conn, path, "http://visio/")
    }

    post!("/anonymization/*path", { accept: any, layer: api }) {
        forward(conn, path, "http://anonymization/")
    }

    match!("/process-api/*path", { accept: any, layer: api }) {
        forward(conn, path, "http://process/")
    }

    // ##############################################################
    // inventory
    // ##############################################################
    match!("/conceptual-processes/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/conceptual-processes/")
    }

    match!("/process-groups/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/process-groups/")
    }

    match!("/process-domains/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/process-domains/")
    }

    match!("/process-categories/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/process-categories/")
    }

    // ##############################################################
    // ipdc
    // ##############################################################

    match!("/ipdc-instances", { accept: json, layer: api }) {
        forward(conn, [], "http://cache/ipdc-instances/")
    }

    match!("/ipdc-concepts", { accept: json, layer: api }) {
        forward(conn, [], "http://cache/ipdc-concepts/")
    }

    get!("/ipdc-products", { accept: json, layer: api }) {
        forward(conn, [], "http://cache/ipdc-products/")
    }

    // ##############################################################
    // files
    // ##############################################################

    get!("/files/:id/download", { accept: any, layer: api }) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    post!("/files/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://file/files/")
    }

    match!("/files/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/files/")
    }

    // ##############################################################
    // jobs
    // ##############################################################

    match!("/jobs/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/jobs/")
    }

    // ##############################################################
    // reports
    // ##############################################################

    post!("/reports", { accept: json, layer: api }) {
        forward(conn, [], "http://report-generation/reports/")
    }

    match!("/reports/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/reports/")
    }

    // ##############################################################
    // login
    // ##############################################################

    match!("/sessions/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://login/sessions/")
    }

    match!("/accounts", { accept: json, layer: api }) {
        forward(conn, [], "http://cache/accounts/")
    }

    match!("/accounts/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://accountdetail/accounts/")
    }

    match!("/groups/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/groups/")
    }

    match!("/sites/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/sites/")
    }

    match!("/mock/sessions/*path", { accept: any, layer: api }) {
        forward(conn, path, "http://mock-login/sessions/")
    }

    match!("/impersonations/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://impersonation/impersonations/")
    }

    // ##############################################################
    // sparql endpoint
    // ##############################################################

    post!("/sparql/*path", { accept: sparql_json, layer: api }) {
        forward(conn, path, "http://database:8890/sparql/")
    }

    // ##############################################################
    // API
    // ##############################################################
    get!("/api/docs/*path", { accept: any, layer: api }) {
        forward(conn, path, "http://openapi:8080")
    }

    // ##############################################################
    // ipdc
    // ##############################################################

    get!("/ipdc/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://ipdc-proxy/")
    }

    // ##############################################################
    // frontend
    // ##############################################################

    match!("/assets/*path", { accept: any, layer: api }) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/@appuniversum/*path", { accept: any, layer: api }) {
        forward(conn, path, "http://frontend/@appuniversum/")
    }

    match!("/*_path", { accept: html, layer: api }) {
        forward(conn, [], "http://frontend/index.html")
    }

    // ##############################################################
    // errors
    // ##############################################################

    match!("/*_path", { accept: any, layer: not_found }) {
        send_resp(conn, 404, r#"{"error": {"code": 404}"#)
    }
}
