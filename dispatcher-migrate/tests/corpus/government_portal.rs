//! The routing rules of this stack, converted from `government_portal.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
        sparql: ["application/sparql-results+json"],
        upload: ["multipart/form-data"],
        image: ["image/*"],
        any: ["*/*"],
    }

    define_layers![static, sparql, api_services, api, frontend, not_found];

    @json_service = { layer: api, accept: json };
    @html_pages = { layer: frontend, accept: html };

    options!("/*_path", { layer: static }) {
        conn.put_resp_header("access-control-allow-headers", "content-type,accept");
        conn.put_resp_header("access-control-allow-methods", "GET,POST,PATCH,DELETE");
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

    get!("/torii/redirect.html", { layer: static }) {
        forward(conn, [], "http://frontend/torii/redirect.html")
    }

    // The admin console has its own host.
    match!("/*path", { layer: static, host: "admin.portal.example.be" }) {
        forward(conn, path, "http://admin-frontend/")
    }

    // ##############
    // SPARQL
    // ##############
    match!("/sparql", { layer: sparql, accept: sparql }) {
        forward(conn, [], "http://sparql-cache/sparql")
    }

    // ##############
    // API SERVICES
    // ##############
    match!("/sessions/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://login/sessions/")
    }

    post!("/files/*path", { layer: api_services, accept: upload }) {
        forward(conn, path, "http://file/files/")
    }

    get!("/files/:id/download", { layer: api_services }) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    get!("/files/:id/thumbnail", { layer: api_services, accept: image }) {
        forward(conn, [id, "thumbnail"], "http://thumbnails/files/")
    }

    post!("/reports/:id/generate", { layer: api_services }) {
        forward(conn, [], format!("http://report-generation/reports/{id}/generate"))
    }

    match!("/search/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://search/")
    }

    // ##############
    // RESOURCES
    // ##############
    match!("/bestuurseenheden/*path", @json_service) {
        forward(conn, path, "http://cache/bestuurseenheden/")
    }

    match!("/werkingsgebieden/*path", @json_service) {
        forward(conn, path, "http://cache/werkingsgebieden/")
    }

    match!("/submissions/*path", @json_service) {
        forward(conn, path, "http://resource/submissions/")
    }

    match!("/forms/*path", @json_service) {
        forward(conn, path, "http://resource/forms/")
    }

    // ##############
    // FRONTEND
    // ##############
    match!("/*_path", @html_pages) {
        forward(conn, [], "http://frontend/index.html")
    }

    // ##############
    // NOT FOUND
    // ##############
    match!("/*_", { layer: not_found, accept: json }) {
        send_resp(conn, 404, r#"{ "errors": [ { "status": "404", "title": "Route not found" } ] }"#)
    }

    match!("/*_", { layer: not_found, accept: image }) {
        forward(conn, [], "http://frontend/assets/404.png")
    }

    match!("/*_", { layer: not_found }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
