//! The routing rules of this stack, converted from `public_lblod_app_mow_registry.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        upload: ["multipart/form-data"],
        sparql: ["application/sparql-results+json"],
        any: ["*/*"],
    }

    define_layers![api, frontend, not_found];

    options!("/*_path", _) {
        conn.put_resp_header("access-control-allow-headers", "content-type,accept");
        conn.put_resp_header("access-control-allow-methods", "*");
        send_resp(conn, 200, r#"{ "message": "ok" }"#)
    }

    // ##############
    // SPARQL
    // ##############
    match!("/sparql", { layer: api, accept: sparql }) {
        forward(conn, [], "http://db:8890/sparql")
    }

    // ##############################################################
    // domain.json
    // ##############################################################
    match!("/road-sign-concepts/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/road-sign-concepts/")
    }

    match!("/road-sign-concept-status/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/road-sign-concept-status/")
    }

    match!("/road-sign-concept-status-codes/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/road-sign-concept-status-codes/")
    }

    match!("/road-sign-categories/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/road-sign-categories/")
    }

    match!("/traffic-light-concepts/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/traffic-light-concepts/")
    }

    match!("/traffic-light-concept-status/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/traffic-light-concept-status/")
    }

    match!("/traffic-light-concept-status-codes/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/traffic-light-concept-status-codes/")
    }

    match!("/traffic-light-categories/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/traffic-light-categories/")
    }

    match!("/road-marking-concepts/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/road-marking-concepts/")
    }

    match!("/traffic-measure-concepts/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/traffic-measure-concepts/")
    }

    match!("/road-marking-concept-status/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/road-marking-concept-status/")
    }

    match!("/road-marking-concept-status-codes/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/road-marking-concept-status-codes/")
    }

    match!("/road-marking-categories/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/road-marking-categories/")
    }

    match!("/resources/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/resources/")
    }

    match!("/shapes/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/shapes/")
    }

    match!("/property-shapes/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/property-shapes/")
    }

    match!("/node-shapes/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/node-shapes/")
    }

    match!("/templates/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/templates/")
    }

    match!("/mappings/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/mappings/")
    }

    match!("/relations/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/relations/")
    }

    match!("/can-be-combined-with-relations/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/can-be-combined-with-relations/")
    }

    match!("/must-use-relations/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/must-use-relations/")
    }

    match!("/concepts/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/concepts/")
    }

    match!("/accounts/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/accounts/")
    }

    match!("/groups/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/groups/")
    }

    // ##############################################################
    // login specific
    // ##############################################################
    match!("/mock/sessions/*path", { accept: any, layer: api }) {
        forward(conn, path, "http://mocklogin/sessions/")
    }

    // ##############################################################
    // files
    // ##############################################################
    get!("/files/:id/download", { accept: any, layer: api }) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }
    get!("/files/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/files/")
    }
    patch!("/files/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/files/")
    }
    post!("/files/*path", { accept: upload, layer: api }) {
        forward(conn, path, "http://file/files/")
    }
    delete!("/files/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://file/files/")
    }

    // ##############################################################
    // static files
    // ##############################################################
    get!("/static/*path", { accept: any, layer: api }) {
        forward(conn, path, "http://static-file/static/")
    }

    // ##############################################################
    // frontend layer
    // ##############################################################
    match!("/assets/*path", { layer: api }) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/@appuniversum/*path", { layer: api }) {
        forward(conn, path, "http://frontend/@appuniversum/")
    }

    match!("/*_path", { accept: html, layer: api }) {
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/*_path", { layer: frontend }) {
        forward(conn, [], "http://frontend/index.html")
    }

    // ##############################################################
    // errors
    // ##############################################################
    match!("/*_path", { accept: any, layer: not_found }) {
        send_resp(conn, 404, r#"{"error": {"code": 404}"#)
    }
}
