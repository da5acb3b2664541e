//! The routing rules of this stack, converted from `public_lblod_app_burgernabije_besluitendatabank.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json", "application/sparql-results+json"],
    }

    @any = {};
    @json = { accept: json };
    @html = { accept: html };

    // In order to forward the 'themes' resource to the
    // resource service, use the following forward rule:
    //
    // match "/themes/*path", @json do
    //   Proxy.forward conn, path, "http://resource/themes/"
    // end
    //
    // Run `docker-compose restart dispatcher` after updating
    // this file.

    // ############################################################
    // IMPORTANT NOTES
    // It's a deliberate choice to not wire the
    // mu-resource calls through mu-cache (at the moment)
    // It seems under heavy load during consuming;
    //  mu-resource can't handle all incoming delta's.
    // So please keep this in mind.
    // Probably the performance impact is limited; it's only
    // in the detail-view; and often these are not cached anyhow
    // ############################################################

    // ##############
    // RESOURCES
    // ##############
    get!("/articles/*path", @any) {
        forward(conn, path, "http://resources/articles/")
    }

    get!("/administrative-units/*path", @any) {
        forward(conn, path, "http://resources/administrative-units/")
    }

    get!("/administrative-unit-classification-codes/*path", @any) {
        forward(conn, path, "http://resources/administrative-unit-classification-codes/")
    }

    get!("/agenda-item-handlings/*path", @any) {
        forward(conn, path, "http://resources/agenda-item-handlings/")
    }

    get!("/agenda-items/*path", @any) {
        forward(conn, path, "http://resources/agenda-items/")
    }

    get!("/governing-bodies/*path", @any) {
        forward(conn, path, "http://resources/governing-bodies/")
    }

    get!("/governing-body-classification-codes/*path", @any) {
        forward(conn, path, "http://resources/governing-body-classification-codes/")
    }

    get!("/locations/*path", @any) {
        forward(conn, path, "http://resources/locations/")
    }

    get!("/mandataries/*path", @any) {
        forward(conn, path, "http://resources/mandataries/")
    }

    get!("/memberships/*path", @any) {
        forward(conn, path, "http://resources/memberships/")
    }

    get!("/resolutions/*path", @any) {
        forward(conn, path, "http://resources/resolutions/")
    }

    get!("/sessions/*path", @any) {
        forward(conn, path, "http://resources/sessions/")
    }

    get!("/votes/*path", @any) {
        forward(conn, path, "http://resources/votes/")
    }

    get!("/concept-schemes/*path", @any) {
        forward(conn, path, "http://resource/concept-schemes/")
    }

    get!("/concepts/*path", @any) {
        forward(conn, path, "http://resource/concepts/")
    }

    get!("/addresses/*path", @any) {
        forward(conn, path, "http://resource/addresses/")
    }

    get!("/geometries/*path", @any) {
        forward(conn, path, "http://resource/geometries/")
    }

    // match "/sparql/*path" do
    //  Proxy.forward conn, path, "http://triplestore:8890/sparql/"
    // end
    // uncomment if you want to enable direct SPARQL access to the triplestore.

    match!("/adresses-register/*path", _) {
        forward(conn, path, "http://adressenregister")
    }

    // match "/duplicate-uri/*path" do
    //   forward conn, path, "http://adressenregister"
    // end

    // ##############
    // SERVICES
    // ##############

    // to generate uuids manually
    match!("/uuid-generation/run/*_path", @json) {
        forward(conn, [], "http://uuid-generation/run")
    }

    // ################
    // prometheus reporting
    // ################
    get!("/metrics", @any) {
        forward(conn, [], "http://metrics/metrics")
    }

    // ##############################################################
    // SEARCH
    // ##############################################################

    get!("/search/sessions/search", @json) {
        forward(conn, [], "http://search/sessions/search")
    }

    get!("/search/agenda-items/search", @json) {
        forward(conn, [], "http://search/agenda-items/search")
    }

    // ################################################################
    //  Exports
    // ################################################################

    match!("/generate-reports/*path", @any) {
        forward(conn, path, "http://report-generation/")
    }

    get!("/download-exports/*path", @any) {
        forward(conn, path, "http://download-exports/")
    }

    // ##############
    // FRONTEND
    // ##############
    match!("/assets/*path", @any) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/@appuniversum/*path", @any) {
        forward(conn, path, "http://frontend/@appuniversum/")
    }

    match!("/*_path", @html) {
        forward(conn, [], "http://frontend/index.html")
    }

    // ################
    // NOT FOUND
    // ################
    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
