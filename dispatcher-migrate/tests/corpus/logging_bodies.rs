//! The routing rules of this stack, converted from `logging_bodies.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
    }

    @json = { accept: json };

    match!("/sessions/*path", @json) {
        tracing::info!(?conn, "Connection for sessions service.");
        forward(conn, path, "http://sessions/login/")
    }

    get!("/reports/:year/*path", @json) {
        let target = format!("http://reports/{year}/");
        tracing::info!("Report {} of {year} from {target}", path.join("/"));
        forward(conn, path, target)
    }

    match!("/search/*path", @json) {
        let query = conn.query_string();
        tracing::info!("search {}?{query}", conn.path());
        tracing::debug!("query: {query}");
        forward(conn, path, "http://search/")
    }

    get!("/debug/echo/*path", _) {
        tracing::warn!("echoing {} {}", conn.method().as_str(), conn.path());
        tracing::info!(?path);
        let body = format!("You asked for {} with query '{}'", path.join("/"), conn.query_string());
        send_resp(conn, 200, body)
    }

    get!("/version", _) {
        let version = "2.3.1";
        let name = "dispatcher";
        // Tell load balancers who answers.
        conn.put_resp_header("x-served-by", format!("{name}/{version}"));
        send_resp(conn, 200, format!("{name} {version}"))
    }
}
