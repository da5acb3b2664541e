//! The routing rules of this stack, converted from `public_lblod_app_meldingsplichtige_api.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/vnd.api+json", "application/json"],
        turtle: ["text/turtle", "application/n-triples"],
        any: ["*/*"],
    }

    @any = { accept: any };
    @turtle = { accept: turtle };
    @html = { accept: html };
    @json = { accept: json };

    // In order to forward the 'themes' resource to the
    // resource service, use the following forward rule.
    //
    // docker-compose stop; docker-compose rm; docker-compose up
    // after altering this file.
    //
    // match "/themes/*path" do
    //   forward conn, path, "http://resource/themes/"
    // end

    match!("/bestuurseenheden/*path", _) {
        forward(conn, path, "http://cache/bestuurseenheden/")
    }
    match!("/bestuurseenheid-classificatie-codes/*path", _) {
        forward(conn, path, "http://cache/bestuurseenheid-classificatie-codes/")
    }
    match!("/bestuursorganen/*path", _) {
        forward(conn, path, "http://cache/bestuursorganen/")
    }
    match!("/bestuursorgaan-classificatie-codes/*path", _) {
        forward(conn, path, "http://cache/bestuursorgaan-classificatie-codes/")
    }
    match!("/agendapunten/*path", _) {
        forward(conn, path, "http://cache/agendapunten/")
    }
    match!("/behandelingen-van-agendapunten/*path", _) {
        forward(conn, path, "http://cache/behandelingen-van-agendapunten/")
    }
    match!("/zittingen/*path", _) {
        forward(conn, path, "http://cache/zittingen/")
    }
    match!("/remote-data-objects/*path", _) {
        forward(conn, path, "http://cache/remote-data-objects/")
    }
    get!("/files/:id/download", _) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }
    get!("/files/*path", _) {
        forward(conn, path, "http://cache/files/")
    }
    patch!("/files/*path", _) {
        forward(conn, path, "http://cache/files/")
    }
    post!("/files/*path", _) {
        forward(conn, path, "http://file/files/")
    }
    post!("/file-service/files/*path", _) {
        forward(conn, path, "http://file/files/")
    }
    delete!("/files/*path", _) {
        forward(conn, path, "http://file/files/")
    }

    match!("/mock/sessions/*path", _) {
        forward(conn, path, "http://mocklogin/sessions/")
    }
    match!("/sessions/*path", _) {
        forward(conn, path, "http://login/sessions/")
    }
    match!("/gebruikers/*path", _) {
        forward(conn, path, "http://cache/gebruikers/")
    }
    match!("/accounts/*path", _) {
        forward(conn, path, "http://cache/accounts/")
    }
    delete!("/submissions/*path", _) {
        forward(conn, path, "http://clean-up-submission/submissions/")
    }
    put!("/submissions/*path", _) {
        forward(conn, path, "http://cache/submissions/")
    }
    patch!("/submissions/*path", _) {
        forward(conn, path, "http://cache/submissions/")
    }
    post!("/submissions/*path", _) {
        forward(conn, path, "http://cache/submissions/")
    }
    get!("/submissions/*path", _) {
        forward(conn, path, "http://cache/submissions/")
    }
    match!("/vendors/*path", _) {
        forward(conn, path, "http://cache/vendors/")
    }
    match!("/authenticity-types/*path", _) {
        forward(conn, path, "http://cache/authenticity-types/")
    }
    match!("/tax-types/*path", _) {
        forward(conn, path, "http://cache/tax-types/")
    }
    match!("/tax-rates/*path", _) {
        forward(conn, path, "http://cache/tax-rates/")
    }
    match!("/chart-of-accounts/*path", _) {
        forward(conn, path, "http://cache/chart-of-accounts/")
    }
    match!("/submission-document-statuses/*path", _) {
        forward(conn, path, "http://cache/submission-document-statuses/")
    }

    match!("/vestigingen/*path", _) {
        forward(conn, path, "http://cache/vestigingen/")
    }

    match!("/adressen/*path", _) {
        forward(conn, path, "http://cache/adressen/")
    }

    match!("/contact-punten/*path", _) {
        forward(conn, path, "http://cache/contact-punten/")
    }

    match!("/werkingsgebieden/*path", _) {
        forward(conn, path, "http://cache/werkingsgebieden/")
    }

    match!("/recognized-worship-types/*path", _) {
        forward(conn, path, "http://cache/recognized-worship-types/")
    }

    match!("/remote-urls/*path", _) {
        forward(conn, path, "http://cache/remote-urls/")
    }

    match!("/sites/*path", _) {
        forward(conn, path, "http://cache/sites/")
    }

    // ################################################################
    // Resources for Jobs and their metadata
    // ################################################################

    match!("/tasks/*path", _) {
        forward(conn, path, "http://cache/tasks/")
    }

    match!("/services/*path", _) {
        forward(conn, path, "http://cache/services/")
    }

    match!("/statusses/*path", _) {
        forward(conn, path, "http://cache/statusses/")
    }

    match!("/operations/*path", _) {
        forward(conn, path, "http://cache/operations/")
    }

    match!("/job-errors/*path", _) {
        forward(conn, path, "http://cache/job-errors/")
    }

    match!("/data-containers/*path", _) {
        forward(conn, path, "http://cache/data-containers/")
    }

    // ################################################################
    // Dashboard routes
    // ################################################################

    // Jobs
    match!("/jobs/*path", _) {
        forward(conn, path, "http://cache/jobs/")
    }

    // Reports
    match!("/reports/*path", _) {
        forward(conn, path, "http://cache/reports/")
    }

    // Logs
    match!("/log-entries/*path", _) {
        forward(conn, path, "http://cache/log-entries/")
    }

    match!("/log-levels/*path", _) {
        forward(conn, path, "http://cache/log-levels/")
    }

    match!("/status-codes/*path", _) {
        forward(conn, path, "http://cache/status-codes/")
    }

    match!("/log-sources/*path", _) {
        forward(conn, path, "http://cache/log-sources/")
    }

    // dispatcher-migrate: this rule is kept as a comment: it can never fire: the rule on line 193 (`match "/status-codes/*path"`) comes first and matches every request it matches; mu-dispatcher never ran it either
    // match!("/status-codes/*path", _) {
    //     forward(conn, path, "http://cache/acm-idm-service-log-entries/")
    // }

    // ################################################################
    // automatic submission
    // ################################################################

    post!("/melding/*path", _) {
        forward(conn, path, "http://automatic-submission/melding")
    }

    post!("/delete-melding", _) {
        forward(conn, [], "http://clean-up-submission/delete-melding")
    }

    // ################################################################
    // verify submission (to be removed)
    // ################################################################

    get!("/verify/bestuurseenheid/*path", _) {
        forward(conn, path, "http://verify-submission/bestuurseenheid")
    }

    get!("/verify/inzending/*path", _) {
        forward(conn, path, "http://verify-submission/inzending")
    }

    // ################################################################
    // manual submission
    // ################################################################

    get!("/submission-forms/*path", _) {
        forward(conn, path, "http://enrich-submission/submission-documents/")
    }

    put!("/submission-forms/:id/flatten", _) {
        forward(conn, [], format!("http://toezicht-flattened-form-data-generator/submission-documents/{id}/flatten"))
    }

    put!("/submission-forms/:id", _) {
        forward(conn, [], format!("http://validate-submission/submission-documents/{id}"))
    }

    post!("/submission-forms/:id/submit", _) {
        forward(conn, [], format!("http://validate-submission/submission-documents/{id}/submit"))
    }

    match!("/submission-documents/*path", _) {
        forward(conn, path, "http://cache/submission-documents/")
    }

    get!("/form-data/*path", _) {
        forward(conn, path, "http://cache/form-data/")
    }

    get!("/concept-schemes/*path", _) {
        forward(conn, path, "http://cache/concept-schemes/")
    }

    get!("/concepts/*path", _) {
        forward(conn, path, "http://cache/concepts/")
    }

    get!("/worship-decisions-cross-reference/search-documents/*path", _) {
        forward(conn, path, "http://worship-decisions-cross-reference/search-documents/")
    }

    get!("/worship-decisions-cross-reference/document-information/*path", _) {
        forward(conn, path, "http://worship-decisions-cross-reference/document-information/")
    }

    // ################################################################
    // dummy publications (to be removed)
    // ################################################################

    get!("/publications/*path", _) {
        forward(conn, path, "http://static-file/publications/")
    }

    // ################################################################
    // RRN SERVICE: person-uri-for-social-security-number-service
    // ################################################################

    match!("/rrn/*path", _) {
        forward(conn, path, "http://person-uri-for-social-security-number/")
    }

    // ##############################################################
    // Searching
    // ##############################################################

    get!("/search-queries/*path", @json) {
        forward(conn, path, "http://resource/search-queries/")
    }
    post!("/search-queries/*path", @json) {
        forward(conn, path, "http://resource/search-queries/")
    }
    get!("/search-queries/*path", @turtle) {
        forward(conn, path, "http://search-query-management/search-queries/")
    }
    put!("/search-queries/*path", @turtle) {
        forward(conn, path, "http://search-query-management/search-queries/")
    }
    delete!("/search-queries/*path", @turtle) {
        forward(conn, path, "http://search-query-management/search-queries/")
    }
    match!("/search-query-forms/*path", @turtle) {
        forward(conn, path, "http://search-query-management/search-query-forms/")
    }

    // ################################################################
    // Vendor Login for SPARQL endpoint
    // ################################################################

    post!("/vendor/login/*path", _) {
        forward(conn, path, "http://vendor-login/sessions")
    }

    delete!("/vendor/logout", _) {
        forward(conn, [], "http://vendor-login/sessions/current")
    }

    // ################################################################
    // Vendor SPARQL endpoint
    // ################################################################

    // Not only POST. SPARQL via GET is also allowed.
    match!("/vendor/sparql", _) {
        forward(conn, [], "http://sparql-authorization-wrapper/sparql")
    }

    // ################################################################
    // Vendor data distribution tests
    // ################################################################

    // The service protects this route. If not running in development, this route
    // in unavaliable. There should be no risk in exposing this route.
    get!("/vendor-data-distribution/test", _) {
        forward(conn, [], "http://vendor-data-distribution/test")
    }

    // ################################################################
    // Health checks
    // ################################################################

    get!("/health/accounts", _) {
        forward(conn, [], "http://resource/accounts/")
    }

    // ################################################################
    // Frontends (served via reverse_host)
    //   dashboard.localhost       -> dashboard
    //   worship.localhost         -> frontend-worship-decisions
    //   loket.localhost (default) -> frontend
    // ################################################################

    get!("/favicon.ico", @any) {
        send_resp(conn, 404, "")
    }

    // --- dashboard ---
    get!("/assets/*path", { reverse_host: ["dashboard", .._rest] }) {
        forward(conn, path, "http://dashboard/assets/")
    }

    get!("/@appuniversum/*path", { reverse_host: ["dashboard", .._rest] }) {
        forward(conn, path, "http://dashboard/@appuniversum/")
    }

    // needs to be enabled? (2026-09-03)
    // get "/@embroider/*path", %{ reverse_host: ["dashboard" | _rest] } do
    //   forward conn, path, "http://dashboard/@embroider/"
    // end

    match!("/*_path", { reverse_host: ["dashboard", .._rest] }) {
        forward(conn, [], "http://dashboard/index.html")
    }

    // --- frontend-worship-decisions ---
    get!("/assets/*path", { reverse_host: ["worship", .._rest] }) {
        forward(conn, path, "http://frontend-worship-decisions/assets/")
    }

    get!("/@appuniversum/*path", { reverse_host: ["worship", .._rest] }) {
        forward(conn, path, "http://frontend-worship-decisions/@appuniversum/")
    }

    get!("/@embroider/*path", { reverse_host: ["worship", .._rest] }) {
        forward(conn, path, "http://frontend-worship-decisions/@embroider/")
    }

    match!("/*_path", { reverse_host: ["worship", .._rest] }) {
        forward(conn, [], "http://frontend-worship-decisions/index.html")
    }

    // --- frontend (meldingsplichtige, default) ---
    get!("/assets/*path", _) {
        forward(conn, path, "http://frontend/assets/")
    }

    get!("/@appuniversum/*path", _) {
        forward(conn, path, "http://frontend/@appuniversum/")
    }

    get!("/@embroider/*path", _) {
        forward(conn, path, "http://frontend/@embroider/")
    }

    match!("/*_path", @html) {
        forward(conn, [], "http://frontend/index.html")
    }

    // ################################################################
    // Catch all that is left
    // ################################################################

    match!("/*_", _) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
