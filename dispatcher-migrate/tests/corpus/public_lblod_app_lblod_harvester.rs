//! The routing rules of this stack, converted from `public_lblod_app_lblod_harvester.ex` by dispatcher-migrate.
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

    // self-service
    match!("/index.html", { layer: static }) {
        forward(conn, [], "http://frontend/index.html")
    }

    get!("/assets/*path", { layer: static }) {
        forward(conn, path, "http://frontend/assets/")
    }

    get!("/@appuniversum/*path", { layer: static }) {
        forward(conn, path, "http://frontend/@appuniversum/")
    }

    // ##############
    // SPARQL
    // ##############
    match!("/sparql", { layer: sparql, accept: sparql }) {
        forward(conn, [], "http://database:8890/sparql")
    }

    // ################
    // FRONTEND PAGES
    // ################

    // self-service
    match!("/*_path", { layer: frontend_fallback, accept: html }) {
        // we don't forward the path, because the app should take care of this in the browser.
        forward(conn, [], "http://frontend/index.html")
    }

    // match "/favicon.ico", @any do
    //   send_resp( conn, 404, "" )
    // end

    // ##############
    // RESOURCES
    // ##############

    match!("/remote-data-objects/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://resource/remote-data-objects/")
    }

    match!("/basic-authentication-credentials/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/basic-authentication-credentials/")
    }

    match!("/basic-security-schemes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/basic-security-schemes/")
    }

    match!("/oauth2-credentials/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/oauth2-credentials/")
    }

    match!("/oauth2-security-schemes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/oauth2-security-schemes/")
    }

    match!("/authentication-configurations/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/authentication-configurations/")
    }

    match!("/harvesting-collections/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/harvesting-collections/")
    }

    match!("/jobs/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/jobs/")
    }

    match!("/tasks/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://resource/tasks/")
    }

    match!("/scheduled-jobs/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/scheduled-jobs/")
    }

    match!("/scheduled-tasks/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/scheduled-tasks/")
    }

    match!("/cron-schedules/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/cron-schedules/")
    }

    match!("/data-containers/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://resource/data-containers/")
    }

    match!("/job-errors/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/job-errors/")
    }

    get!("/files/:id/download", _) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    match!("/files/*path", _) {
        forward(conn, path, "http://resource/files/")
    }

    // ################################################################
    // lblod-harvester besluiten sync
    // ################################################################
    get!("/sync/besluiten/files/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://delta-producer-publication-graph-maintainer/besluiten/files/")
    }
    // ################################################################
    // login
    // ################################################################
    match!("/sessions/*path", { accept: any }) {
        forward(conn, path, "http://login/sessions/")
    }

    // ################################################################
    // DCAT
    // ################################################################
    match!("/datasets/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/datasets/")
    }

    match!("/distributions/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/distributions/")
    }

    // ################
    // prometheus reporting
    // ################
    get!("/metrics", { layer: static, accept: any }) {
        forward(conn, [], "http://metrics/metrics")
    }

    // ################
    // NOT FOUND
    // ################
    match!("/*_path", { layer: not_found }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
