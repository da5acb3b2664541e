//! The routing rules of this stack, converted from `public_kanselarij_app_kaleidos.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    get!("/document-versions/:id/convert", _) {
        forward(conn, [], format!("http://document-conversion/convert-document-versions/{id}"))
    }

    match!("/agendas/*path", _) {
        forward(conn, path, "http://resource/agendas/")
    }
    match!("/agendaitems/*path", _) {
        forward(conn, path, "http://resource/agendaitems/")
    }
    match!("/announcements/*path", _) {
        forward(conn, path, "http://resource/announcements/")
    }
    match!("/postponeds/*path", _) {
        forward(conn, path, "http://resource/postponeds/")
    }
    match!("/decisions/*path", _) {
        forward(conn, path, "http://resource/decisions/")
    }
    match!("/bestuurseenheden/*path", _) {
        forward(conn, path, "http://resource/bestuurseenheden/")
    }
    match!("/werkingsgebieden/*path", _) {
        forward(conn, path, "http://resource/werkingsgebieden/")
    }
    match!("/bestuurseenheid-classificatie-codes/*path", _) {
        forward(conn, path, "http://resource/bestuurseenheid-classificatie-codes/")
    }
    match!("/bestuursorgaan-classificatie-codes/*path", _) {
        forward(conn, path, "http://resource/bestuursorgaan-classificatie-codes/")
    }
    match!("/meetings/*path", _) {
        forward(conn, path, "http://resource/meetings/")
    }
    match!("/meeting-records/*path", _) {
        forward(conn, path, "http://resource/meeting-records/")
    }
    match!("/documents/*path", _) {
        forward(conn, path, "http://resource/documents/")
    }

    match!("/document-versions/*path", _) {
        forward(conn, path, "http://resource/document-versions/")
    }

    match!("/document-types/*path", _) {
        forward(conn, path, "http://resource/document-types/")
    }

    match!("/document-type-codes/*path", _) {
        forward(conn, path, "http://resource/document-type-codes/")
    }
    match!("/translaterequests/*path", _) {
        forward(conn, path, "http://resource/translaterequests/")
    }
    match!("/translaterequest-statusses/*path", _) {
        forward(conn, path, "http://resource/translaterequest-statusses/")
    }
    match!("/media-type-codes/*path", _) {
        forward(conn, path, "http://resource/media-type-codes/")
    }
    match!("/cases/*path", _) {
        forward(conn, path, "http://resource/cases/")
    }

    match!("/case-types/*path", _) {
        forward(conn, path, "http://resource/case-types/")
    }

    match!("/policy-levels/*path", _) {
        forward(conn, path, "http://resource/policy-levels/")
    }

    match!("/submitters/*path", _) {
        forward(conn, path, "http://resource/submitters/")
    }

    match!("/subcases/*path", _) {
        forward(conn, path, "http://resource/subcases/")
    }
    match!("/subcase-types/*path", _) {
        forward(conn, path, "http://resource/subcase-types/")
    }
    match!("/subcase-phases/*path", _) {
        forward(conn, path, "http://resource/subcase-phases/")
    }
    match!("/subcase-phase-codes/*path", _) {
        forward(conn, path, "http://resource/subcase-phase-codes/")
    }
    match!("/access-levels/*path", _) {
        forward(conn, path, "http://resource/access-levels/")
    }
    match!("/approvals/*path", _) {
        forward(conn, path, "http://resource/approvals/")
    }
    match!("/consultation-requests/*path", _) {
        forward(conn, path, "http://resource/consultation-requests/")
    }
    match!("/consultation-types/*path", _) {
        forward(conn, path, "http://resource/consultation-types/")
    }
    match!("/consultation-responses/*path", _) {
        forward(conn, path, "http://resource/consultation-responses/")
    }
    match!("/consultation-response-codes/*path", _) {
        forward(conn, path, "http://resource/consultation-response-codes/")
    }

    match!("/document-states/*path", _) {
        forward(conn, path, "http://resource/document-states/")
    }

    match!("/file-addresses/*path", _) {
        forward(conn, path, "http://resource/file-addresses/")
    }

    match!("/births/*path", _) {
        forward(conn, path, "http://resource/births/")
    }
    match!("/mandates/*path", _) {
        forward(conn, path, "http://resource/mandates/")
    }
    match!("/government-functions/*path", _) {
        forward(conn, path, "http://resource/government-functions/")
    }
    match!("/mandatees/*path", _) {
        forward(conn, path, "http://resource/mandatees/")
    }
    match!("/mandatee-states/*path", _) {
        forward(conn, path, "http://resource/mandatee-states/")
    }
    match!("/government-fields/*path", _) {
        forward(conn, path, "http://resource/government-fields/")
    }
    match!("/government-domains/*path", _) {
        forward(conn, path, "http://resource/government-domains/")
    }
    match!("/ise-codes/*path", _) {
        forward(conn, path, "http://resource/ise-codes/")
    }
    match!("/responsibilities/*path", _) {
        forward(conn, path, "http://resource/responsibilities/")
    }
    match!("/people/*path", _) {
        forward(conn, path, "http://resource/people/")
    }
    match!("/genders/*path", _) {
        forward(conn, path, "http://resource/genders/")
    }
    match!("/identifications/*path", _) {
        forward(conn, path, "http://resource/identifications/")
    }
    match!("/time-periods/*path", _) {
        forward(conn, path, "http://resource/time-periods/")
    }

    match!("/sites/*path", _) {
        forward(conn, path, "http://resource/sites/")
    }
    match!("/contact-points/*path", _) {
        forward(conn, path, "http://resource/contact-points/")
    }
    match!("/posts/*path", _) {
        forward(conn, path, "http://resource/posts/")
    }
    match!("/roles/*path", _) {
        forward(conn, path, "http://resource/roles/")
    }
    match!("/organizations/*path", _) {
        forward(conn, path, "http://resource/organizations/")
    }

    match!("/publications/*path", _) {
        forward(conn, path, "http://resource/publications/")
    }
    match!("/publication-states/*path", _) {
        forward(conn, path, "http://resource/publication-states/")
    }
    match!("/publication-state-codes/*path", _) {
        forward(conn, path, "http://resource/publication-state-codes/")
    }
    match!("/remarks/*path", _) {
        forward(conn, path, "http://resource/remarks/")
    }
    match!("/newsletter-infos/*path", _) {
        forward(conn, path, "http://resource/newsletter-infos/")
    }
    match!("/themes/*path", _) {
        forward(conn, path, "http://resource/themes/")
    }

    match!("/users/*path", _) {
        forward(conn, path, "http://resource/users/")
    }

    match!("/accounts/*path", _) {
        forward(conn, path, "http://resource/accounts/")
    }

    match!("/agenda-sort/*path", _) {
        forward(conn, path, "http://agenda-sort-service/")
    }

    match!("/custom-subcases/*path", _) {
        forward(conn, path, "http://custom-subcases-service/")
    }

    match!("/session-service/*path", _) {
        forward(conn, path, "http://session-number-service/")
    }

    match!("/agenda-approve/*path", _) {
        forward(conn, path, "http://agenda-approve-service/")
    }

    match!("/account-groups/*path", _) {
        forward(conn, path, "http://resource/account-groups/")
    }

    match!("/signatures/*path", _) {
        forward(conn, path, "http://resource/signatures/")
    }

    match!("/files/*path", _) {
        forward(conn, path, "http://file/files/")
    }

    match!("/mock/sessions/*path", _) {
        forward(conn, path, "http://mocklogin/sessions/")
    }
    match!("/sessions/*path", _) {
        forward(conn, path, "http://login/sessions/")
    }

    match!("/alerts/*path", _) {
        forward(conn, path, "http://resource/alerts/")
    }

    match!("/minister-jurisdiction-service/*path", _) {
        forward(conn, path, "http://minister-jurisdiction-service/")
    }

    match!("/alert-types/*path", _) {
        forward(conn, path, "http://resource/alert-types")
    }

    match!("/newsletter/*path", _) {
        forward(conn, path, "http://newsletter-service/")
    }

    // dispatcher-migrate: this rule is kept as a comment: it can never fire: the rule on line 238 (`match "/files/*path"`) comes first and matches every request it matches; mu-dispatcher never ran it either
    // get!("/files/:id/download", _) {
    //     forward(conn, [], format!("http://range-file/files/{id}/download"))
    // }

    match!("/*_", _) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
