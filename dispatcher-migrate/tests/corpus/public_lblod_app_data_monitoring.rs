//! The routing rules of this stack, converted from `public_lblod_app_data_monitoring.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json", "application/sparql-results+json"],
        text_event_stream: ["text/event-stream"],
    }

    @any = {};
    @json = { accept: json };
    @html = { accept: html };

    // In order to forward the 'themes' resource to the
    // resource service, use the following forward rule:
    //
    // match "/themes/*path", _ do
    //   forward conn, path, "http://resource/themes/"
    // end
    //
    // Run `docker-compose restart dispatcher` after updating
    // this file.

    // ##############
    // resource
    // ##############
    get!("/admin-unit-count-reports/*path", _) {
        forward(conn, path, "http://resource/admin-unit-count-reports/")
    }
    get!("/counts/*path", _) {
        forward(conn, path, "http://resource/counts/")
    }
    get!("/governing-body-count-reports/*path", _) {
        forward(conn, path, "http://resource/governing-body-count-reports/")
    }
    get!("/administrative-units/*path", _) {
        forward(conn, path, "http://resource/administrative-units/")
    }

    get!("/administrative-unit-classification-codes/*path", _) {
        forward(conn, path, "http://resource/administrative-unit-classification-codes/")
    }

    get!("/governing-bodies/*path", _) {
        forward(conn, path, "http://resource/governing-bodies/")
    }

    get!("/governing-body-classification-codes/*path", _) {
        forward(conn, path, "http://resource/governing-body-classification-codes/")
    }

    get!("/locations/*path", _) {
        forward(conn, path, "http://resource/locations/")
    }

    get!("/sessions/*path", _) {
        forward(conn, path, "http://resource/sessions/")
    }

    match!("/jobs/*path", _) {
        forward(conn, path, "http://resource/jobs/")
    }

    match!("/tasks/*path", _) {
        forward(conn, path, "http://resource/tasks/")
    }

    match!("/job-errors/*path", _) {
        forward(conn, path, "http://resource/job-errors/")
    }

    match!("/reports/*path", _) {
        forward(conn, path, "http://resource/reports/")
    }

    match!("/administrative-units/*path", _) {
        forward(conn, path, "http://resource/administrative-units/")
    }

    match!("/administrative-unit-classification-codes/*path", _) {
        forward(conn, path, "http://resource/administrative-unit-classification-codes/")
    }

    match!("/organization-status-codes/*path", _) {
        forward(conn, path, "http://resource/organization-status-codes/")
    }

    match!("/organizations/*path", _) {
        forward(conn, path, "http://resource/organizations/")
    }

    match!("/identifiers/*path", _) {
        forward(conn, path, "http://resource/identifiers/")
    }

    match!("/structured-identifiers/*path", _) {
        forward(conn, path, "http://resource/structured-identifiers/")
    }

    match!("/concepts/*path", _) {
        forward(conn, path, "http://resource/concepts/")
    }

    match!("/locations/*path", _) {
        forward(conn, path, "http://resource/locations/")
    }

    match!("/users/*path", _) {
        forward(conn, path, "http://resource/users/")
    }

    match!("/accounts", _) {
        forward(conn, [], "http://resource/accounts/")
    }

    match!("/accounts/*path", _) {
        forward(conn, path, "http://accountdetail/accounts/")
    }

    match!("/groups/*path", _) {
        forward(conn, path, "http://resource/administrative-units/")
    }

    match!("/mock/sessions/*path", _) {
        forward(conn, path, "http://mocklogin/sessions/")
    }

    // ##############
    // SERVICES
    // ##############

    // to generate uuids manually
    match!("/uuid-generation/run/*_path", _) {
        forward(conn, [], "http://uuid-generation/run")
    }

    // Report count debug endpoints
    match!("/counting-service/*path", _) {
        forward(conn, path, "http://counting-service/")
    }

    // Report count debug endpoints
    match!("/favicon.ico", _) {
        send_resp(conn, 500, "No favicon available.")
    }

    // ##############
    // FRONTEND
    // ##############
    match!("/assets/*path", _) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/@appuniversum/*path", _) {
        forward(conn, path, "http://frontend/@appuniversum/")
    }

    match!("/*_path", _) {
        forward(conn, [], "http://frontend/index.html")
    }

    // ##############################################################
    // Login
    // ##############################################################

    // dispatcher-migrate: this rule is kept as a comment: it can never fire: the rule on line 158 (`match "/*_path"`) comes first and matches every request it matches; mu-dispatcher never ran it either
    // match!("/sessions/*path", _) {
    //     forward(conn, path, "http://login/sessions/")
    // }

    // ################
    // NOT FOUND
    // ################
    // dispatcher-migrate: this rule is kept as a comment: it can never fire: the rule on line 158 (`match "/*_path"`) comes first and matches every request it matches; mu-dispatcher never ran it either
    // match!("/*_", { last_call: true }) {
    //     send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    // }
}
