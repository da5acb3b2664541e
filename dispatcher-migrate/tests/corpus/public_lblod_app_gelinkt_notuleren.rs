//! The routing rules of this stack, converted from `public_lblod_app_gelinkt_notuleren.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // In order to forward the 'themes' resource to the
    // resource service, use the following forward rule.
    //
    // docker-compose stop; docker-compose rm; docker-compose up
    // after altering this file.
    //
    // match "/themes/*path" do
    //   forward conn, path, "http://resource/themes/"
    // end
    //
    get!("/sync/files/*path", _) {
        forward(conn, path, "http://published-resource-producer/files/")
    }

    get!("/files/:id/download", _) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    post!("/files/*path", _) {
        forward(conn, path, "http://file/files/")
    }

    get!("/files/*path", _) {
        forward(conn, path, "http://resource/files/")
    }

    patch!("/files/*path", _) {
        forward(conn, path, "http://resource/files/")
    }

    delete!("/files/*path", _) {
        forward(conn, path, "http://file/files/")
    }

    match!("/attachments/*path", _) {
        forward(conn, path, "http://resource/attachments/")
    }

    match!("/blockchain/*path", _) {
        forward(conn, path, "http://blockchain/")
    }

    match!("/codex/sparql/*path", _) {
        forward(conn, path, "http://codex-proxy/sparql/")
    }

    match!("/decisionservice/*path", _) {
        forward(conn, path, "http://decisionservice/")
    }

    match!("/agendas/*path", _) {
        forward(conn, path, "http://resource/agendas/")
    }

    match!("/prepublished-agendas/*path", _) {
        forward(conn, path, "http://resource/prepublished-agendas/")
    }

    match!("/agendapunten/*path", _) {
        forward(conn, path, "http://cache/agendapunten/")
    }

    match!("/behandelingen-van-agendapunten/*path", _) {
        forward(conn, path, "http://resource/behandelingen-van-agendapunten/")
    }

    match!("/concepts/*path", _) {
        forward(conn, path, "http://cache/concepts/")
    }

    match!("/concept-schemes/*path", _) {
        forward(conn, path, "http://cache/concept-schemes/")
    }

    match!("/bestuurseenheden/*path", _) {
        forward(conn, path, "http://cache/bestuurseenheden/")
    }

    match!("/werkingsgebieden/*path", _) {
        forward(conn, path, "http://cache/werkingsgebieden/")
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

    match!("/stemmingen/*path", _) {
        forward(conn, path, "http://cache/stemmingen/")
    }

    delete!("/zittingen/*path", _) {
        forward(conn, path, "http://meeting/")
    }

    match!("/zittingen/*path", _) {
        forward(conn, path, "http://cache/zittingen/")
    }

    match!("/installatievergaderingen/*path", _) {
        forward(conn, path, "http://cache/installatievergaderingen/")
    }

    match!("/installatievergadering-synchronization-statuses/*path", _) {
        forward(conn, path, "http://cache/installatievergadering-synchronization-statuses/")
    }

    match!("/fracties/*path", _) {
        forward(conn, path, "http://resource/fracties/")
    }

    match!("/fractietypes/*path", _) {
        forward(conn, path, "http://cache/fractietypes/")
    }

    match!("/geboortes/*path", _) {
        forward(conn, path, "http://cache/geboortes/")
    }

    match!("/lijsttypes/*path", _) {
        forward(conn, path, "http://cache/lijsttypes/")
    }

    match!("/kandidatenlijsten/*path", _) {
        forward(conn, path, "http://cache/kandidatenlijsten/")
    }

    match!("/lidmaatschappen/*path", _) {
        forward(conn, path, "http://resource/lidmaatschappen/")
    }

    match!("/mandaten/*path", _) {
        forward(conn, path, "http://resource/mandaten/")
    }

    match!("/bestuursfunctie-codes/*path", _) {
        forward(conn, path, "http://cache/bestuursfunctie-codes/")
    }

    match!("/mandatarissen/*path", _) {
        forward(conn, path, "http://cache/mandatarissen/")
    }

    match!("/mandataris-status-codes/*path", _) {
        forward(conn, path, "http://cache/mandataris-status-codes/")
    }

    match!("/beleidsdomein-codes/*path", _) {
        forward(conn, path, "http://cache/beleidsdomein-codes/")
    }

    match!("/personen/*path", _) {
        forward(conn, path, "http://cache/personen/")
    }

    match!("/geslacht-codes/*path", _) {
        forward(conn, path, "http://cache/geslacht-codes/")
    }

    match!("/identificatoren/*path", _) {
        forward(conn, path, "http://resource/identificatoren/")
    }

    match!("/rechtstreekse-verkiezingen/*path", _) {
        forward(conn, path, "http://cache/rechtstreekse-verkiezingen/")
    }

    match!("/tijdsgebonden-entiteiten/*path", _) {
        forward(conn, path, "http://cache/tijdsgebonden-entiteiten/")
    }

    match!("/tijdsintervallen/*path", _) {
        forward(conn, path, "http://resource/tijdsintervallen/")
    }

    match!("/verkiezingsresultaten/*path", _) {
        forward(conn, path, "http://cache/verkiezingsresultaten/")
    }

    match!("/verkiezingsresultaat-gevolg-codes/*path", _) {
        forward(conn, path, "http://cache/verkiezingsresultaat-gevolg-codes/")
    }

    match!("/templates/*path", _) {
        forward(conn, path, "http://cache/templates/")
    }

    match!("/editor-documents/*path", _) {
        forward(conn, path, "http://cache/editor-documents/")
    }

    match!("/document-containers/*path", _) {
        forward(conn, path, "http://resource/document-containers/")
    }

    match!("/editor-document-statuses/*path", _) {
        forward(conn, path, "http://cache/editor-document-statuses/")
    }

    match!("/editor-document-folders/*path", _) {
        forward(conn, path, "http://cache/editor-document-folders/")
    }

    match!("/rdfs-classes/*path", _) {
        forward(conn, path, "http://cache/rdfs-classes/")
    }

    match!("/rdfs-properties/*path", _) {
        forward(conn, path, "http://cache/rdfs-properties/")
    }

    match!("/publishing-logs/*path", _) {
        forward(conn, path, "http://cache/publishing-logs/")
    }

    match!("/prepublish/*path", _) {
        forward(conn, path, "http://prepublish/prepublish/")
    }

    post!("/extract-previews", _) {
        forward(conn, [], "http://prepublish/extract-previews")
    }

    post!("/meeting-notes-previews", _) {
        forward(conn, [], "http://prepublish/meeting-notes-previews")
    }

    match!("/signing/*path", _) {
        forward(conn, path, "http://prepublish/signing/")
    }

    match!("/publication-tasks/*path", _) {
        forward(conn, path, "http://prepublish/publication-tasks/")
    }
    post!("/signed-resources", _) {
        forward(conn, [], "http://prepublish/signed-resources/")
    }

    match!("/signed-resources/*path", _) {
        forward(conn, path, "http://resource/signed-resources/")
    }

    match!("/published-resources/*path", _) {
        forward(conn, path, "http://resource/published-resources/")
    }

    match!("/versioned-besluiten-lijsten/*path", _) {
        forward(conn, path, "http://resource/versioned-besluiten-lijsten/")
    }

    match!("/versioned-behandelingen/*path", _) {
        forward(conn, path, "http://resource/versioned-behandelingen/")
    }

    match!("/versioned-notulen/*path", _) {
        forward(conn, path, "http://resource/versioned-notulen/")
    }

    match!("/versioned-regulatory-statements/*path", _) {
        forward(conn, path, "http://resource/versioned-regulatory-statements/")
    }

    match!("/blockchain-statuses/*path", _) {
        forward(conn, path, "http://resource/blockchain-statuses/")
    }

    match!("/verkeersbordcombinaties/*path", _) {
        forward(conn, path, "http://resource/verkeersbordcombinaties/")
    }

    match!("/maatregelconcepten/*path", _) {
        forward(conn, path, "http://resource/maatregelconcepten/")
    }

    match!("/verkeersbordconcepten/*path", _) {
        forward(conn, path, "http://resource/verkeersbordconcepten/")
    }

    match!("/verkeersbordcategorieen/*path", _) {
        forward(conn, path, "http://resource/verkeersbordcategorieen/")
    }

    match!("/verkeersbordconcept-status-codes/*path", _) {
        forward(conn, path, "http://resource/verkeersbordconcept-status-codes/")
    }

    match!("/intermissions/*path", _) {
        forward(conn, path, "http://resource/intermissions/")
    }

    match!("/agenda-positions/*path", _) {
        forward(conn, path, "http://resource/agenda-positions/")
    }

    // ######
    // Tasks
    // ######

    match!("/tasks/*path", _) {
        forward(conn, path, "http://cache/tasks/")
    }

    // ################################################################
    // slave leidinggevenden
    // ################################################################
    match!("/bestuursfuncties/*path", _) {
        forward(conn, path, "http://cache/bestuursfuncties/")
    }

    match!("/functionarissen/*path", _) {
        forward(conn, path, "http://cache/functionarissen/")
    }

    match!("/contact-punten/*path", _) {
        forward(conn, path, "http://cache/contact-punten/")
    }

    match!("/adressen/*path", _) {
        forward(conn, path, "http://cache/adressen/")
    }

    match!("/functionaris-status-codes/*path", _) {
        forward(conn, path, "http://cache/functionaris-status-codes/")
    }

    match!("/agendapoint-service/*path", _) {
        forward(conn, path, "http://agendapoint-service/")
    }

    options!("/vendor-proxy/*_path", _) {
        conn.put_resp_header("access-control-allow-headers", "content-type,accept");
        conn.put_resp_header("access-control-allow-methods", "*");
        send_resp(conn, 200, r#"{ "message": "ok" }"#)
    }

    match!("/vendor-proxy/*path", _) {
        forward(conn, path, "http://vendor-proxy/")
    }

    // ##################
    // Hackathon
    // ##################
    match!("/cases/*path", _) {
        forward(conn, path, "http://resource/cases/")
    }

    match!("/events/*path", _) {
        forward(conn, path, "http://resource/events/")
    }

    match!("/submissions/*path", _) {
        forward(conn, path, "http://resource/submissions/")
    }

    // dispatcher-migrate: this rule is kept as a comment: it can never fire: the rule on line 171 (`match "/identificatoren/*path"`) comes first and matches every request it matches; mu-dispatcher never ran it either
    // match!("/identificatoren/*path", _) {
    //     forward(conn, path, "http://resource/identificatoren/")
    // }

    match!("/locations/*path", _) {
        forward(conn, path, "http://resource/locations/")
    }

    match!("/timeframes/*path", _) {
        forward(conn, path, "http://resource/timeframes/")
    }

    match!("/organizations/*path", _) {
        forward(conn, path, "http://resource/organizations/")
    }

    // ########
    // LPDC
    // #######
    match!("/lpdc-service/*path", _) {
        forward(conn, path, "http://lpdc-service/")
    }

    // ########
    // login
    // #######
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

    post!("/remote-login/*_path", _) {
        forward(conn, [], "http://remotelogin/remote-login")
    }

    match!("/query/*path", _) {
        forward(conn, path, "http://yasgui/")
    }

    // ##############################################################
    // frontend layer
    // ##############################################################

    match!("/assets/*path", _) {
        forward(conn, path, "http://editor/assets/")
    }

    match!("/@appuniversum/*path", _) {
        forward(conn, path, "http://editor/@appuniversum/")
    }

    match!("/*_path", _) {
        forward(conn, [], "http://editor/index.html")
    }
}
