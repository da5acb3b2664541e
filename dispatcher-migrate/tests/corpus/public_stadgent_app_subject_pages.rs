//! The routing rules of this stack, converted from `public_stadgent_app_subject_pages.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
        sparql: ["application/sparql-results+json", "application/sparql-results+xml"],
        rdf: ["application/ld+json", "application/rdf+xml", "text/turtle", "application/n-triples"],
    }

    @any = {};
    @json = { accept: json };
    @html = { accept: html };

    define_layers![redirects, static, api_services, virtuoso, fallback, not_found];

    // REDIRECTS
    // this is a quick hack because the frontend (metis) expects the true uri (with /id) but that goes to cool-uris.
    // another option is to have these view urls in the data
    get!("/data/data-processing/activities/*uuid", { layer: redirects, accept: html }) {
        let base_url = std::env::var("BASE_URI").unwrap_or_else(|_| "https://stad.gent".to_owned());
        let resource_url = format!("{base_url}/id/data-processing/activities/{}", uuid.join("/"));
        let encoded_resource = dispatcher::form::encode_www_form(&resource_url);
        // Preserve embed parameter if present
        let embed_param = match conn.query_param("embed").as_deref() {
            None => {
                "".to_owned()
            }
            Some(embed_value) => {
                format!("&embed={}", dispatcher::form::encode_www_form(embed_value))
            }
        };
        let redirect_url = format!("/data/view/verwerkings-activiteit?resource={encoded_resource}{embed_param}");
        conn.put_resp_header("location", redirect_url);
        send_resp(conn, 302, "")
    }

    // frontend
    get!("/data/assets/*path", { layer: static }) {
        forward(conn, path, "http://frontend/data/assets/")
    }

    get!("/data/@appuniversum/*path", { layer: static }) {
        forward(conn, path, "http://frontend/data/@appuniversum/")
    }

    get!("/data/index.html", { layer: static }) {
        forward(conn, [], "http://frontend/data/index.html")
    }

    get!("/data/view/*_path", { layer: static, accept: html }) {
        forward(conn, [], "http://frontend/data/index.html")
    }

    match!("/data/crm/agents/*_path", { layer: static, accept: html }) {
        forward(conn, [], "http://frontend/data/index.html")
    }

    match!("/data/turtle/*path", { layer: static }) {
        forward(conn, path, "http://virtuoso:8890/data/turtle/id/")
    }

    // API SERVICES
    match!("/data/resource-labels/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://resource-labels/")
    }

    get!("/data/uri-info/*path", { layer: api_services, accept: json }) {
        forward(conn, path, "http://uri-info/")
    }

    get!("/data/*path", { layer: api_services, accept: rdf }) {
        let base_url = std::env::var("BASE_URI").unwrap_or_else(|_| "https://stad.gent".to_owned());
        let resource_url = format!("{base_url}/id/{}", path.join("/"));
        let encoded_resource = dispatcher::form::encode_www_form(&resource_url);
        let segment = format!("describe?uri={encoded_resource}");
        forward(conn, [segment.as_str()], "http://uri-info/")
    }

    get!("/data/*path", { layer: api_services }) {
        // This is in the api_services layer because browsers have broad accept headers
        // more specific headers will match the more specific targeted routes
        forward(conn, path, "http://virtuoso:8890/data/")
    }

    // VIRTUOSO
    match!("/conductor/*path", { layer: virtuoso }) {
        forward(conn, path, "http://virtuoso:8890/conductor/")
    }

    match!("/sparql/*path", { layer: virtuoso }) {
        forward(conn, path, "http://virtuoso:8890/sparql/")
    }

    match!("/sparql-graph-crud-auth/*path", { layer: virtuoso }) {
        forward(conn, path, "http://virtuoso:8890/sparql-graph-crud-auth")
    }

    match!("/*_", { layer: not_found }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
