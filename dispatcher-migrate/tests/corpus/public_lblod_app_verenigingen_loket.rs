//! The routing rules of this stack, converted from `public_lblod_app_verenigingen_loket.ex` by dispatcher-migrate.
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

    post!("/files/*path", _) {
        forward(conn, path, "http://file/files/")
    }

    get!("/files/:id/download", { layer: api }) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    delete!("/files/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://file/files/")
    }

    get!("/files/*path", { layer: api, accept: json }) {
        forward(conn, path, "http://resource/files/")
    }

    get!("/organizations/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/organizations/")
    }

    post!("/organizations/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/organizations/")
    }

    get!("/public-organizations/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/public-organizations/")
    }

    post!("/public-organizations/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/public-organizations/")
    }

    get!("/ad-hoc-organizations/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/ad-hoc-organizations/")
    }

    post!("/ad-hoc-organizations/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/ad-hoc-organizations/")
    }

    match!("/contact-points/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/contact-points/")
    }

    match!("/activities/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/activities/")
    }

    match!("/change-events/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/change-events/")
    }

    match!("/concept-schemes/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/concept-schemes/")
    }

    match!("/concepts/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/concepts/")
    }

    match!("/site-type/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/site-types/")
    }

    match!("/sites/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/sites/")
    }

    match!("/addresses/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/addresses/")
    }

    match!("/administrative-unit-classification-codes/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/administrative-unit-classification-codes/")
    }

    match!("/identifiers/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/identifiers/")
    }

    match!("/structured-identifiers/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/structured-identifiers/")
    }

    match!("/accounts", { accept: json, layer: api }) {
        forward(conn, [], "http://resource/accounts/")
    }

    match!("/accounts/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://accountdetail/accounts/")
    }

    match!("/administrative-units/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/administrative-units/")
    }

    match!("/governing-bodies/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/governing-bodies/")
    }

    match!("/users/*path", _) {
        forward(conn, path, "http://cache/users/")
    }

    match!("/associations/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/associations/")
    }

    match!("/organization-status-codes/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/organization-status-codes/")
    }

    match!("/persons/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/persons/")
    }

    match!("/memberships/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/memberships/")
    }

    match!("/recognitions/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/recognitions/")
    }

    match!("/periods/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://cache/periods/")
    }

    match!("/postal-codes/*path", { accept: any, layer: api }) {
        forward(conn, path, "http://cache/postal-codes/")
    }

    match!("/groups/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://resource/administrative-units/")
    }

    // ##############################################################
    // SEARCH
    // ##############################################################

    get!("/search/*path", { accept: json, layer: api }) {
        forward(conn, path, "http://search/")
    }

    // ##############################################################
    // AUTHENTICATION
    // ##############################################################

    match!("/mock/sessions/*path", { accept: any, layer: api }) {
        forward(conn, path, "http://mocklogin/sessions/")
    }

    match!("/sessions/*path", _) {
        forward(conn, path, "http://login/sessions/")
    }

    // ##############################################################
    // FRONTEND
    // ##############################################################

    get!("/assets/*path", { accept: any, layer: frontend }) {
        forward(conn, path, "http://frontend/assets/")
    }

    get!("/@appuniversum/*path", { accept: any, layer: frontend }) {
        forward(conn, path, "http://frontend/@appuniversum/")
    }

    get!("/*_path", { accept: html, layer: frontend }) {
        forward(conn, [], "http://frontend/index.html")
    }

    // TODO: this is not needed, right? (2025-06-25T04:35+02:00)
    // match "/*_path", %{ layer: :frontend } do
    //   Proxy.forward conn, [], "http://frontend/index.html"
    // end

    // ##############################################################
    // NOTHING FOUND
    // ##############################################################

    match!("/*_", { accept: any, layer: not_found }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
