//! The routing rules of this stack, converted from `public_lblod_app_decide.ex` by dispatcher-migrate.
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

    // ################
    // API Services
    // ################
    // by setting an ISSUER_URL with a path component, we can in theory host multiple issuers on the same domain.
    // it does require fiddling a bit with the 'well known paths' though.

    match!("/vc-verifier/sessions/*path", { layer: static, accept: any }) {
        forward(conn, path, "http://vc-issuer/sessions/")
    }

    match!("/vc-verifier/*path", { accept: any, layer: static }) {
        forward(conn, path, "http://vc-issuer/verifier/")
    }

    match!("/vc-issuer/.well-known/openid-credential-issuer", { accept: json, layer: static }) {
        forward(conn, [], "http://vc-issuer/issuer/issuer_metadata")
    }

    match!("/.well-known/openid-credential-issuer/vc-issuer", { accept: json, layer: static }) {
        forward(conn, [], "http://vc-issuer/issuer/issuer_metadata")
    }

    match!("/vc-issuer/.well-known/oauth-authorization-server", { accept: json, layer: static }) {
        forward(conn, [], "http://vc-issuer/issuer/authorization_metadata")
    }

    match!("/.well-known/oauth-authorization-server/vc-issuer", { accept: json, layer: static }) {
        forward(conn, [], "http://vc-issuer/issuer/authorization_metadata")
    }

    match!("/vc-issuer/.well-known/vct", { accept: json, layer: static }) {
        forward(conn, [], "http://vc-issuer/issuer/vct")
    }

    match!("/.well-known/vct/vc-issuer", { accept: json, layer: static }) {
        forward(conn, [], "http://vc-issuer/issuer/vct")
    }

    // layer order matters! we need to intercept the .well-known variants first, hence :static
    match!("/vc-issuer/*path", { accept: any, layer: api_services }) {
        forward(conn, path, "http://vc-issuer/issuer/")
    }

    // ################
    // Jobs & tasks
    // ################

    match!("/jobs/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/jobs/")
    }

    match!("/annotation-jobs/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/annotation-jobs/")
    }

    match!("/tasks/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/tasks/")
    }

    match!("/scheduled-jobs/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/scheduled-jobs/")
    }

    match!("/scheduled-tasks/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/scheduled-tasks/")
    }

    match!("/cron-schedules/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/cron-schedules/")
    }

    // ################
    // Frontend Harvesting
    // ################

    match!("/data-containers/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/data-containers/")
    }

    match!("/job-errors/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/job-errors/")
    }

    match!("/reports/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/reports/")
    }

    match!("/log-entries/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/log-entries/")
    }

    match!("/log-levels/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/log-levels/")
    }

    match!("/status-codes/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/status-codes/")
    }

    match!("/log-sources/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/log-sources/")
    }

    match!("/remote-data-objects/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/remote-data-objects/")
    }

    match!("/harvesting-collections/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/harvesting-collections/")
    }

    match!("/node-shapes/*path", { accept: json, layer: api_services }) {
        forward(conn, path, "http://resource/node-shapes/")
    }

    // ################
    // OPARL PROXY
    // ################

    match!("/oparl/*path", { accept: any, layer: api_services }) {
        forward(conn, path, "http://oparl-to-eli/oparl/")
    }

    match!("/eli/*path", { accept: any, layer: api_services }) {
        forward(conn, path, "http://oparl-to-eli/eli/")
    }

    // ################
    // RESOURCES
    // ################

    match!("/datasets/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/datasets/")
    }

    match!("/catalogs/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/catalogs/")
    }

    match!("/distributions/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/distributions/")
    }

    match!("/catalog-records/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/catalog-records/")
    }

    match!("/concepts/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/concepts/")
    }

    match!("/concept-schemes/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/concept-schemes/")
    }

    match!("/agents/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/agents/")
    }

    match!("/formats/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/formats/")
    }

    match!("/pages/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/pages/")
    }

    match!("/activities/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/activities/")
    }

    match!("/legislative-processes/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/legislative-processes/")
    }

    match!("/legislative-process-works/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/legislative-process-works/")
    }

    match!("/draft-legislation-works/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/draft-legislation-works/")
    }

    match!("/parliamentary-terms/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/parliamentary-terms/")
    }

    match!("/participations/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/participations/")
    }

    match!("/foreseen-activities/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/foreseen-activities/")
    }

    match!("/decisions/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/decisions/")
    }

    match!("/votes/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/votes/")
    }

    match!("/process-stages/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/process-stages/")
    }

    match!("/organizations/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/organizations/")
    }

    match!("/people/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/people/")
    }

    match!("/legal-expressions/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/legal-expressions/")
    }

    match!("/works/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/works/")
    }

    match!("/expressions/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/expressions/")
    }

    match!("/manifestations/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/manifestations/")
    }

    match!("/complex-works/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/complex-works/")
    }

    match!("/annotations/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/annotations/")
    }

    match!("/specific-resources/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/specific-resources/")
    }

    match!("/locations/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/locations/")
    }

    match!("/geometries/*path", { accept: json, layer: resources }) {
        forward(conn, path, "http://resource/geometries/")
    }

    // ################################################################
    // FILES
    // ################################################################

    get!("/files/:id/download", { accept: any }) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    get!("/files/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://resource/files/")
    }

    // ################
    // LOGIN
    // ################

    match!("/gebruikers/*path", { layer: resources, accept: any }) {
        forward(conn, path, "http://resource/gebruikers/")
    }

    match!("/accounts/*path", { layer: resources, accept: any }) {
        forward(conn, path, "http://resource/accounts/")
    }

    match!("/bestuurseenheids/*path", { layer: resources, accept: any }) {
        forward(conn, path, "http://resource/bestuurseenheids/")
    }

    match!("/sessions/*path", { reverse_host: ["dashboard", .._rest] }) {
        forward(conn, path, "http://login/sessions/")
    }

    match!("/mock/sessions/*path", { reverse_host: ["dashboard", .._rest] }) {
        forward(conn, path, "http://mocklogin/sessions/")
    }

    match!("/sessions/*path", { layer: api_services, accept: any }) {
        forward(conn, path, "http://login/sessions/")
    }

    match!("/mock/sessions/*path", { layer: api_services, accept: any }) {
        forward(conn, path, "http://mocklogin/sessions/")
    }

    // ##############
    // STATIC
    // ##############

    // self-service
    match!("/index.html", { reverse_host: ["dashboard", .._rest], layer: static }) {
        forward(conn, [], "http://frontend-harvesting/index.html")
    }

    get!("/assets/*path", { reverse_host: ["dashboard", .._rest], layer: static }) {
        forward(conn, path, "http://frontend-harvesting/assets/")
    }

    get!("/@appuniversum/*path", { reverse_host: ["dashboard", .._rest], layer: static }) {
        forward(conn, path, "http://frontend-harvesting/@appuniversum/")
    }

    match!("/index.html", { layer: static }) {
        forward(conn, [], "http://frontend/index.html")
    }

    get!("/assets/*path", { layer: static }) {
        forward(conn, path, "http://frontend/assets/")
    }

    get!("/@appuniversum/*path", { layer: static }) {
        forward(conn, path, "http://frontend/@appuniversum/")
    }

    // ################
    // FRONTEND PAGES
    // ################

    // self-service
    match!("/*_path", { reverse_host: ["dashboard", .._rest], accept: html }) {
        // we don't forward the path, because the app should take care of this in the browser.
        forward(conn, [], "http://frontend-harvesting/index.html")
    }

    match!("/*_path", { layer: frontend_fallback, accept: html }) {
        // we don't forward the path, because the app should take care of this in the browser.
        forward(conn, [], "http://frontend/index.html")
    }

    // ################
    // DCAT
    // ################

    match!("/dcat/*path", _) {
        forward(conn, path, "http://dcat/")
    }

    // #################
    // SEARCH
    // #################
    get!("/search/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://search/")
    }

    post!("/search/:type_/large-search", { layer: api_services, accept: json }) {
        let segment = format!("{type_}/large-search");
        forward(conn, [segment.as_str()], "http://search/")
    }

    match!("/embedding/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://embedding/")
    }

    // ################
    // NOT FOUND
    // ################

    match!("/*_path", { layer: not_found }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
