//! The routing rules of this stack, converted from `large_resources.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        any: ["*/*"],
    }

    @any = {};
    @json = { accept: json };
    @html = { accept: html };

    // ################################################################
    // domain.lisp: every resource type of mu-cl-resources
    // ################################################################

    match!("/accounts/*path", @json) {
        forward(conn, path, "http://resource/accounts/")
    }

    match!("/administrative-units/*path", @json) {
        forward(conn, path, "http://cache/administrative-units/")
    }

    match!("/agendas/*path", @json) {
        forward(conn, path, "http://cache/agendas/")
    }

    match!("/agenda-items/*path", @json) {
        forward(conn, path, "http://resource/agenda-items/")
    }

    match!("/bestuurseenheden/*path", @json) {
        forward(conn, path, "http://cache/bestuurseenheden/")
    }

    match!("/bestuursorganen/*path", @json) {
        forward(conn, path, "http://cache/bestuursorganen/")
    }

    match!("/classifications/*path", @json) {
        forward(conn, path, "http://resource/classifications/")
    }

    match!("/concepts/*path", @json) {
        forward(conn, path, "http://cache/concepts/")
    }

    match!("/concept-schemes/*path", @json) {
        forward(conn, path, "http://cache/concept-schemes/")
    }

    match!("/contact-points/*path", @json) {
        forward(conn, path, "http://resource/contact-points/")
    }

    match!("/decisions/*path", @json) {
        forward(conn, path, "http://cache/decisions/")
    }

    match!("/documents/*path", @json) {
        forward(conn, path, "http://cache/documents/")
    }

    match!("/document-types/*path", @json) {
        forward(conn, path, "http://resource/document-types/")
    }

    match!("/events/*path", @json) {
        forward(conn, path, "http://cache/events/")
    }

    get!("/files/:id/download", @any) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    post!("/files/*path", @any) {
        forward(conn, path, "http://file/files/")
    }

    delete!("/files/*path", @any) {
        forward(conn, path, "http://file/files/")
    }

    match!("/files/*path", @json) {
        forward(conn, path, "http://cache/files/")
    }

    match!("/form-data/*path", @json) {
        forward(conn, path, "http://resource/form-data/")
    }

    match!("/identifiers/*path", @json) {
        forward(conn, path, "http://cache/identifiers/")
    }

    get!("/jobs/*path", @json) {
        forward(conn, path, "http://cache/jobs/")
    }

    match!("/locations/*path", @json) {
        forward(conn, path, "http://resource/locations/")
    }

    match!("/mandates/*path", @json) {
        forward(conn, path, "http://cache/mandates/")
    }

    match!("/mandatarissen/*path", @json) {
        forward(conn, path, "http://cache/mandatarissen/")
    }

    match!("/memberships/*path", @json) {
        forward(conn, path, "http://resource/memberships/")
    }

    match!("/notifications/*path", @json) {
        forward(conn, path, "http://cache/notifications/")
    }

    match!("/organizations/*path", @json) {
        forward(conn, path, "http://cache/organizations/")
    }

    match!("/people/*path", @json) {
        forward(conn, path, "http://resource/people/")
    }

    match!("/persons/*path", @json) {
        forward(conn, path, "http://cache/persons/")
    }

    match!("/positions/*path", @json) {
        forward(conn, path, "http://cache/positions/")
    }

    match!("/postal-addresses/*path", @json) {
        forward(conn, path, "http://resource/postal-addresses/")
    }

    match!("/publications/*path", @json) {
        forward(conn, path, "http://cache/publications/")
    }

    get!("/reports/*path", @json) {
        forward(conn, path, "http://cache/reports/")
    }

    match!("/roles/*path", @json) {
        forward(conn, path, "http://resource/roles/")
    }

    match!("/sessions-archive/*path", @json) {
        forward(conn, path, "http://cache/sessions-archive/")
    }

    match!("/sites/*path", @json) {
        forward(conn, path, "http://cache/sites/")
    }

    match!("/statuses/*path", @json) {
        forward(conn, path, "http://resource/statuses/")
    }

    put!("/submissions/:id/submit", @json) {
        forward(conn, [], format!("http://submission/submissions/{id}/submit"))
    }

    match!("/submissions/*path", @json) {
        forward(conn, path, "http://cache/submissions/")
    }

    match!("/tasks/*path", @json) {
        forward(conn, path, "http://cache/tasks/")
    }

    match!("/themes/*path", @json) {
        forward(conn, path, "http://resource/themes/")
    }

    match!("/vendors/*path", @json) {
        forward(conn, path, "http://cache/vendors/")
    }

    match!("/werkingsgebieden/*path", @json) {
        forward(conn, path, "http://cache/werkingsgebieden/")
    }

    match!("/zittingen/*path", @json) {
        forward(conn, path, "http://resource/zittingen/")
    }

    // ################################################################
    // services
    // ################################################################

    match!("/sessions/*path", @json) {
        forward(conn, path, "http://login/sessions/")
    }

    match!("/search/*path", @json) {
        forward(conn, path, "http://search/")
    }

    get!("/export/:format", @any) {
        forward(conn, ["export", format], "http://export/")
    }

    // ################################################################
    // frontend
    // ################################################################

    match!("/assets/*path", @any) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/*_path", @html) {
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
