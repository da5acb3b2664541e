//! CORS with session routing (docs/design/behaviour.md §4.4, §4.5): one
//! dispatcher serves a web app on `app.example.test` and its API on
//! `api.example.test`. A visit to a branch's preview host
//! (`blue.preview.example.test`) sets a `branch` cookie for the whole
//! `example.test` site and redirects to the app; the app's credentialed
//! `fetch`es to the API carry that cookie, which picks the API upstream
//! (`api-blue`), and `cors` lets the app's origin read the answers.

use dispatcher::prelude::*;

/// The app's origin may call the API with the user's cookies.
const CORS: Cors = Cors::new()
    .allow_origins(&["http://app.example.test"])
    .allow_credentials(true)
    .allow_methods(&["GET", "POST", "PUT", "DELETE"])
    .allow_headers(&["content-type", "x-requested-with"])
    .expose_headers(&["x-served-by"])
    .max_age(600);

/// The app's page: its script calls the API and writes what came back.
const APP_PAGE: &str = include_str!("cors_session_app.html");

/// A branch name becomes part of an upstream host name: letters, digits
/// and `-` only, so a cookie cannot steer a request anywhere else.
fn is_branch_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `:port` when the client reached us on an explicit port, so that a
/// redirect to another host keeps it.
fn port_suffix(conn: &Conn<'_>) -> String {
    conn.header("host")
        .and_then(|host| host.rsplit_once(':'))
        .map(|(_, port)| port)
        .filter(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()))
        .map_or_else(String::new, |port| format!(":{port}"))
}

dispatcher! {
    // blue.preview.example.test: remember the branch for the site, go to the app.
    get!("/*_", { reverse_host: [branch, "preview", "example", "test"] }) {
        if !is_branch_name(branch) {
            return send_resp(conn, 400, "not a branch name");
        }
        let location = format!("http://app.example.test{}/", port_suffix(conn));
        conn.put_resp_header(
            "set-cookie",
            format!("branch={branch}; Path=/; Domain=example.test; HttpOnly; SameSite=Lax"),
        )
        .put_resp_header("location", location);
        send_resp(conn, 302, "")
    }

    // The app: one page.
    get!("/", { host: "app.example.test" }) {
        conn.put_resp_header("content-type", "text/html; charset=utf-8");
        send_resp(conn, 200, APP_PAGE)
    }

    // The API. Preflights are answered here and never reach a service.
    options!("/*_", { host: "api.example.test" }) {
        cors_preflight(conn, &CORS)
    }

    // Not for other origins: without `cors`, browsers keep the answer from
    // cross-origin pages.
    get!("/private/*path", { host: "api.example.test", cookie: { "branch": branch } }) {
        if !is_branch_name(branch) {
            return send_resp(conn, 400, "not a branch name");
        }
        forward(conn, path, format!("http://api-{branch}/private/"))
    }

    // The branch the session names serves the API.
    match!("/*path", { host: "api.example.test", cookie: { "branch": branch } }) {
        cors(conn, &CORS);
        if !is_branch_name(branch) {
            return send_resp(conn, 400, "not a branch name");
        }
        forward(conn, path, format!("http://api-{branch}/"))
    }

    // No session: a JSON 401 that the app may read.
    match!("/*_", { host: "api.example.test" }) {
        cors(conn, &CORS);
        conn.put_resp_header("content-type", "application/json");
        send_resp(conn, 401, r#"{ "error": "no session: visit a branch's preview host first" }"#)
    }
}
