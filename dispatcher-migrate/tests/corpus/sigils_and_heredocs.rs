//! The routing rules of this stack, converted from `sigils_and_heredocs.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
    }

    get!("/health", _) {
        send_resp(conn, 200, r#"{"status": "ok"}"#)
    }

    get!("/raw", _) {
        send_resp(conn, 200, "no \\n escape and no #{interpolation}")
    }

    get!("/maintenance", { accept: html }) {
        conn.put_resp_header("content-type", "text/html; charset=utf-8");
        send_resp(conn, 503, "<html>\n  <body>\n    <h1>Down for maintenance</h1>\n    <p>Back soon.</p>\n  </body>\n</html>\n")
    }

    get!("/maintenance", { accept: json }) {
        conn.put_resp_header("content-type", "application/vnd.api+json; charset=utf-8");
        send_resp(conn, 503, "{\"errors\": [{\"status\": \"503\", \"title\": \"Maintenance\"}]}\n")
    }

    get!("/whoami", _) {
        let body = format!("You are at {}{}\tTab\\Backslash \"quoted\"", conn.host(), conn.path());
        send_resp(conn, 200, body)
    }

    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, r#"{"errors": [{"status": "404"}]}"#)
    }
}
