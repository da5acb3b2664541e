//! The routing rules of this stack, converted from `public_l5r_vocabserver_app.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        any: ["*/*"],
    }

    @html = { accept: html };
    @json = { accept: json };
    @any = { accept: any };

    // In order to forward the 'themes' resource to the
    // resource service, use the following forward rule:
    //
    // match "/themes/*path", @json do
    //   Proxy.forward conn, path, "http://resource/themes/"
    // end
    //
    // Run `docker-compose restart dispatcher` after updating
    // this file.

    get!("/webcomponent/main.js", @any) {
        forward(conn, [], "http://webcomponent/vocab-search-bar.js")
    }

    post!("/vocab-download-jobs/:id/run", @json) {
        forward(conn, [], format!("http://vocab-fetch/{id}"))
    }

    post!("/dataset-generation-jobs/:id/run", @json) {
        forward(conn, [], format!("http://content-unification/generate_void/{id}"))
    }

    post!("/content-unification-jobs/:id/run", @json) {
        forward(conn, [], format!("http://content-unification/{id}"))
    }

    delete!("/vocabularies/:id", @any) {
        forward(conn, [], format!("http://content-unification/delete-vocabulary/{id}"))
    }

    match!("/dataset-types/*path", @json) {
        forward(conn, path, "http://cache/dataset-types/")
    }

    match!("/vocabularies/*path", @json) {
        forward(conn, path, "http://cache/vocabularies/")
    }

    match!("/shacl-property-shapes/*path", @json) {
        forward(conn, path, "http://resource/shacl-property-shapes/")
    }

    match!("/shacl-node-shapes/*path", @json) {
        forward(conn, path, "http://resource/shacl-node-shapes/")
    }

    match!("/datasets/*path", @json) {
        forward(conn, path, "http://resource/datasets/")
    }

    match!("/jobs/*path", @json) {
        forward(conn, path, "http://resource/jobs/")
    }

    match!("/tasks/*path", @json) {
        forward(conn, path, "http://resource/tasks/")
    }

    get!("/files/:id/download", @any) {
        forward(conn, [], format!("http://file/files/{id}/download"))
    }

    post!("/files/*path", @any) {
        forward(conn, path, "http://file/files/")
    }

    delete!("/files/*path", { accept: json }) {
        forward(conn, path, "http://file/files/")
    }

    get!("/files/*path", @json) {
        forward(conn, path, "http://resource/files/")
    }

    match!("/data-containers/*path", @json) {
        forward(conn, path, "http://resource/data-containers/")
    }

    match!("/content-unification-jobs/*path", @json) {
        forward(conn, path, "http://resource/content-unification-jobs/")
    }

    match!("/metadata-extraction-jobs/*path", @json) {
        forward(conn, path, "http://resource/metadata-extraction-jobs/")
    }

    match!("/concepts/search", @any) {
        forward(conn, [], "http://search/concepts/search")
    }

    get!("/concepts/*path", @json) {
        forward(conn, path, "http://resource/concepts/")
    }

    match!("/assets/*path", @any) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/webcomponent/*path", @any) {
        forward(conn, path, "http://webcomponent/")
    }

    match!("/polling/*path", @json) {
        forward(conn, path, "http://polling-push-update/")
    }

    match!("/cache-monitor/*path", @json) {
        forward(conn, path, "http://push-update-cache-monitor/")
    }

    match!("/resource-monitor/*path", @json) {
        forward(conn, path, "http://push-update-resource-monitor/")
    }

    match!("/*_path", @html) {
        // *_path allows a path to be supplied, but will not yield
        // an error that we don't use the path variable.
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/*_", { last_call: true, accept: json }) {
        send_resp(conn, 404, r#"{ "error": { "code": 404, "message": "Route not found.  See config/dispatcher.ex" } }"#)
    }

    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
