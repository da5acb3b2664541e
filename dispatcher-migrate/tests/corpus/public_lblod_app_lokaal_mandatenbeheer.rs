//! The routing rules of this stack, converted from `public_lblod_app_lokaal_mandatenbeheer.ex` by dispatcher-migrate.
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

    // ################################################################
    // Abstract resources
    // ################################################################
    match!("/agents-in-position/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/agents-in-position/")
    }
    match!("/posts/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/posts/")
    }
    match!("/roles/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/roles/")
    }

    // ################################################################
    // Besluit resources
    // ################################################################
    match!("/bestuurseenheden/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/bestuurseenheden/")
    }
    match!("/werkingsgebieden/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/werkingsgebieden/")
    }
    match!("/bestuurseenheid-classificatie-codes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/bestuurseenheid-classificatie-codes/")
    }
    match!("/bestuursorganen/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/bestuursorganen/")
    }
    match!("/bestuursorgaan-classificatie-codes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/bestuursorgaan-classificatie-codes/")
    }

    // ################################################################
    // Mandaat resources
    // ################################################################
    match!("/fracties/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/fracties/")
    }
    match!("/fractietypes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/fractietypes/")
    }
    match!("/geboortes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/geboortes/")
    }
    match!("/lijsttypes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/lijsttypes/")
    }
    match!("/kandidatenlijsten/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/kandidatenlijsten/")
    }
    match!("/lidmaatschappen/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/lidmaatschappen/")
    }
    match!("/mandaten/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/mandaten/")
    }
    match!("/bestuursfunctie-codes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/bestuursfunctie-codes/")
    }
    match!("/mandatarissen/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/mandatarissen/")
    }
    match!("/mandataris-status-codes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/mandataris-status-codes/")
    }
    match!("/beleidsdomein-codes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/beleidsdomein-codes/")
    }
    match!("/personen/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/personen/")
    }
    match!("/geslacht-codes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/geslacht-codes/")
    }
    match!("/nationalities/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/nationalities/")
    }
    match!("/identificatoren/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/identificatoren/")
    }
    match!("/tijdsintervallen/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/tijdsintervallen/")
    }

    // ################################################################
    // Contact resources
    // ################################################################
    match!("/contact-punten/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/contact-punten/")
    }
    match!("/adressen/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/adressen/")
    }

    // ################################################################
    // Leidinggevenden resources
    // ################################################################
    match!("/bestuursfuncties/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/bestuursfuncties/")
    }
    match!("/functionarissen/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/functionarissen/")
    }
    match!("/functionaris-status-codes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/functionaris-status-codes/")
    }

    // ################################################################
    // Concept scheme resources
    // ################################################################
    get!("/concept-schemes/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/concept-schemes/")
    }
    get!("/concepts/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://cache/concepts/")
    }

    // ################################################################
    // File logic + resources
    // ################################################################
    patch!("/files/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://resource/files/")
    }
    post!("/files/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://file/files/")
    }
    // TODO: find all usage of this endpoint and replace it with `POST /files`
    // This is kept to maintain compatibility with code that uses the "old" endpoint.
    post!("/file-service/files/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://file/files/")
    }
    delete!("/files/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://file/files/")
    }
    match!("/file-addresses/*path", { layer: resources, accept: json }) {
        forward(conn, path, "http://resource/file-addresses/")
    }
    get!("/files/:id/download", { layer: resources, accept: any }) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }
    get!("/files/*path", { layer: resources, accept: any }) {
        forward(conn, path, "http://resource/files/")
    }

    // ################################################################
    // Login logic
    // ################################################################
    match!("/mock/sessions/*path", _) {
        forward(conn, path, "http://mocklogin/sessions/")
    }
    match!("/gebruikers/*path", { layer: resources, accept: any }) {
        forward(conn, path, "http://cache/gebruikers/")
    }
    match!("/accounts/*path", { layer: resources, accept: any }) {
        forward(conn, path, "http://cache/accounts/")
    }
    match!("/sessions/*path", { layer: resources, accept: any }) {
        forward(conn, path, "http://login/sessions/")
    }

    // ################################################################
    // Extra services
    // ################################################################
    delete!("/mandatarissen/:id", { layer: api_services, accept: any }) {
        forward(conn, [], format!("http://mandataris-archive/{id}/archive"))
    }
    match!("/rrn/*path", { layer: api_services, accept: any }) {
        forward(conn, path, "http://person-uri-for-social-security-number/")
    }
    match!("/form-content/*path", { layer: api_services, accept: any }) {
        forward(conn, path, "http://form-content/")
    }

    // ################
    // NOT FOUND
    // ################
    match!("/*_path", { layer: not_found }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
