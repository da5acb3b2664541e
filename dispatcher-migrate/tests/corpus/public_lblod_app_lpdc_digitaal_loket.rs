//! The routing rules of this stack, converted from `public_lblod_app_lpdc_digitaal_loket.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        upload: ["multipart/form-data"],
        any: ["*/*"],
    }

    @html = { accept: html };
    @json = { accept: json };
    @upload = { accept: upload };
    @any = { accept: any };

    // ################################################################
    // Concepts and Concept Schemes
    // ################################################################

    get!("/concept-schemes/*path", @json) {
        forward(conn, path, "http://cache/concept-schemes/")
    }

    get!("/concepts/*path", @json) {
        forward(conn, path, "http://cache/concepts/")
    }

    // ################################################################
    // Public Services - LPDC-IPDC: custom API endpoints
    // ################################################################

    get!("/formal-informal-choices/*path", _) {
        forward(conn, path, "http://lpdc-management/formal-informal-choices/")
    }

    post!("/formal-informal-choices/*path", _) {
        forward(conn, path, "http://lpdc-management/formal-informal-choices/")
    }

    // ################################################################
    // Public Services - LPDC-IPDC: custom API endpoints
    // ################################################################

    get!("/lpdc-management/conceptual-public-services/*path", _) {
        forward(conn, path, "http://lpdc-management/conceptual-public-services/")
    }

    get!("/lpdc-management/contact-info-options/*path", _) {
        forward(conn, path, "http://lpdc-management/contact-info-options/")
    }

    get!("/lpdc-management/creator-options/*path", _) {
        forward(conn, path, "http://lpdc-management/creator-options/")
    }

    get!("/lpdc-management/last-modifier-options/*path", _) {
        forward(conn, path, "http://lpdc-management/last-modifier-options/")
    }

    match!("/lpdc-management/address/*path", _) {
        forward(conn, path, "http://lpdc-management/address/")
    }

    get!("/lpdc-management/concept-snapshot/*path", _) {
        forward(conn, path, "http://lpdc-management/concept-snapshot/")
    }

    match!("/lpdc-management/public-services/*path", _) {
        forward(conn, path, "http://lpdc-management/public-services/")
    }

    match!("/lpdc-management/concept-display-configuration/*path", _) {
        forward(conn, path, "http://lpdc-management/concept-display-configuration/")
    }

    // ################################################################
    // Reports
    // ################################################################

    // NOTE: use resources! This service has `links: - virtuoso:datase`, because
    // it is heavy on the database.
    match!("/reports/*path", @json) {
        forward(conn, path, "http://resource/reports/")
    }

    get!("/files/:id/download", @any) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    get!("/files/*path", @json) {
        forward(conn, path, "http://cache/files/")
    }

    patch!("/files/*path", @json) {
        forward(conn, path, "http://cache/files/")
    }

    // File service

    post!("/files/*path", @any) {
        forward(conn, path, "http://file/files/")
    }

    // TODO: find all usage of this endpoint and replace it with `POST /files`
    // This is kept to maintain compatibility with code that uses the "old" endpoint.
    post!("/file-service/files/*path", @any) {
        forward(conn, path, "http://file/files/")
    }

    delete!("/files/*path", @any) {
        forward(conn, path, "http://file/files/")
    }

    // ################################################################
    // Public Services - LPDC-IPDC
    // ################################################################

    // NOTE (11/03/2025): Do *not* use cache in the following rule. When a user
    // creates a new product instance from a concept, the management service can
    // update the `conceptIsNew` and `conceptIsInstantiated` properties for the
    // corresponding concept display configurations. These updates are not picked
    // up by the cache, resulting in the frontend showing outdated information
    // afterwards. (See LPDC-1370)
    match!("/conceptual-public-services/*path", @json) {
        forward(conn, path, "http://resource/conceptual-public-services/")
    }

    match!("/bestuurseenheden/*path", @json) {
        forward(conn, path, "http://cache/bestuurseenheden/")
    }

    match!("/werkingsgebieden/*path", @json) {
        forward(conn, path, "http://cache/werkingsgebieden/")
    }

    match!("/bestuurseenheid-classificatie-codes/*path", @json) {
        forward(conn, path, "http://cache/bestuurseenheid-classificatie-codes/")
    }

    match!("/identifiers/*path", @json) {
        forward(conn, path, "http://cache/identifiers/")
    }

    // Don't use cache in the following rules.
    // See https://github.com/lblod/app-lpdc-digitaal-loket/blob/master/docs/adr/0005-do-not-cache-instantie-overview.md
    get!("/public-services/*path", @json) {
        forward(conn, path, "http://resource/public-services/")
    }

    match!("/public-services/*path", @json) {
        forward(conn, path, "http://resource/public-services/")
    }

    match!("/concept-display-configurations/*path", @json) {
        forward(conn, path, "http://resource/concept-display-configurations/")
    }

    // Services

    post!("/public-services/*path", _) {
        forward(conn, path, "http://lpdc-management/public-services/")
    }

    delete!("/public-services/*path", _) {
        forward(conn, path, "http://lpdc-management/public-services/")
    }

    // ################################################################
    // Feedback
    // ################################################################

    match!("/feedback/*path", @json) {
        forward(conn, path, "http://resource/feedback/")
    }

    match!("/feedback-questions/*path", @json) {
        forward(conn, path, "http://resource/feedback-questions/")
    }

    match!("/feedback-answers/*path", @json) {
        forward(conn, path, "http://resource/feedback-answers/")
    }

    match!("/feedback-snapshots/*path", @json) {
        forward(conn, path, "http://resource/feedback-snapshots/")
    }

    // ################################################################
    // Subscription
    // ################################################################

    match!("/notification-preferences/*path", @json) {
        forward(conn, path, "http://resource/notification-preferences/")
    }

    match!("/notification-rules/*path", @json) {
        forward(conn, path, "http://resource/notification-rules/")
    }

    // ################################################################
    // Account control
    // ################################################################

    match!("/mock/sessions/*path", @json) {
        forward(conn, path, "http://mocklogin/sessions/")
    }

    match!("/gebruikers/*path", @json) {
        forward(conn, path, "http://cache/gebruikers/")
    }

    match!("/accounts/*path", @json) {
        forward(conn, path, "http://cache/accounts/")
    }

    match!("/impersonations/*path", @json) {
        forward(conn, path, "http://impersonation/impersonations/")
    }

    // ################################################################
    // Dashboard
    // ################################################################

    // Login

    match!("/sessions/*path", { reverse_host: ["dashboard", .._rest] }) {
        forward(conn, path, "http://login-dashboard/sessions/")
    }

    match!("/sessions/*path", { reverse_host: ["test", "dashboard", .._rest] }) {
        forward(conn, path, "http://login-dashboard/sessions/")
    }

    match!("/sessions/*path", { reverse_host: ["acc", "dashboard", .._rest] }) {
        forward(conn, path, "http://login-dashboard/sessions/")
    }

    match!("/sessions/*path", { reverse_host: ["dev", "dashboard", .._rest] }) {
        forward(conn, path, "http://login-dashboard/sessions/")
    }

    // Frontend

    get!("/assets/*path", { reverse_host: ["dashboard", .._rest] }) {
        forward(conn, path, "http://dashboard/assets/")
    }

    get!("/@appuniversum/*path", { reverse_host: ["dashboard", .._rest] }) {
        forward(conn, path, "http://dashboard/@appuniversum/")
    }

    match!("/*_path", { reverse_host: ["dashboard", .._rest] }) {
        forward(conn, [], "http://dashboard/index.html")
    }

    // Frontend TEST

    get!("/assets/*path", { reverse_host: ["test", "dashboard", .._rest] }) {
        forward(conn, path, "http://dashboard/assets/")
    }

    get!("/@appuniversum/*path", { reverse_host: ["test", "dashboard", .._rest] }) {
        forward(conn, path, "http://dashboard/@appuniversum/")
    }

    match!("/*_path", { reverse_host: ["test", "dashboard", .._rest] }) {
        forward(conn, [], "http://dashboard/index.html")
    }

    // Frontend ACC

    get!("/assets/*path", { reverse_host: ["acc", "dashboard", .._rest] }) {
        forward(conn, path, "http://dashboard/assets/")
    }

    get!("/@appuniversum/*path", { reverse_host: ["acc", "dashboard", .._rest] }) {
        forward(conn, path, "http://dashboard/@appuniversum/")
    }

    match!("/*_path", { reverse_host: ["acc", "dashboard", .._rest] }) {
        forward(conn, [], "http://dashboard/index.html")
    }

    // Frontend DEV

    get!("/assets/*path", { reverse_host: ["dev", "dashboard", .._rest] }) {
        forward(conn, path, "http://dashboard/assets/")
    }

    get!("/@appuniversum/*path", { reverse_host: ["dev", "dashboard", .._rest] }) {
        forward(conn, path, "http://dashboard/@appuniversum/")
    }

    match!("/*_path", { reverse_host: ["dev", "dashboard", .._rest] }) {
        forward(conn, [], "http://dashboard/index.html")
    }

    // ################################################################
    // LPDC
    // ################################################################

    // NOTE: keep this as the last frontend. There is no host/reverse_host
    // matching. This catches all attempts to access a frontend and should,
    // because of the order sensitivity of mu-auth, come last.
    // Some loket instances are hosted like "dev.lpdc.[...]" which make matching
    // difficult.

    // Login

    match!("/sessions/*path", _) {
        forward(conn, path, "http://login-lpdc/sessions/")
    }

    // Frontend

    get!("/assets/*path", @any) {
        forward(conn, path, "http://lpdc/assets/")
    }

    get!("/@appuniversum/*path", @any) {
        forward(conn, path, "http://lpdc/@appuniversum/")
    }

    match!("/*_path", @html) {
        forward(conn, [], "http://lpdc/index.html")
    }

    // ################################################################
    // Other
    // ################################################################

    match!("/*_", _) {
        send_resp(conn, 404, "Route not found. See config/dispatcher.ex")
    }
}
