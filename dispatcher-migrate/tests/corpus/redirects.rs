//! The routing rules of this stack, converted from `redirects.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
    }

    // Old bookmarks.
    get!("/legacy/*path", _) {
        conn.put_resp_header("location", format!("/{}", path.join("/")));
        send_resp(conn, 301, "")
    }

    get!("/login", _) {
        let location = if conn.query_string() == "" { "/sessions/new".to_owned() } else { format!("/sessions/new?{}", conn.query_string()) };
        conn.put_resp_header("location", location);
        send_resp(conn, 302, "")
    }

    get!("/docs", _) {
        if conn.query_string() == "" {
            conn.put_resp_header("location", "https://docs.example.org/");
            send_resp(conn, 302, "Moved to https://docs.example.org/")
        } else {
            send_resp(conn, 400, "no query, please")
        }
    }

    match!("/sessions/*path", _) {
        forward(conn, path, "http://login/sessions/")
    }

    match!("/*_path", { accept: html }) {
        forward(conn, [], "http://frontend/index.html")
    }
}
