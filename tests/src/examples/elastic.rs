//! The "elastic URL" setup (docs/design/behaviour.md §4.4): every branch of an
//! app is deployed side by side; a first visit to a per-branch host sets a
//! cookie and redirects to the one shared URL, which then routes by that
//! cookie.

use dispatcher::prelude::*;

dispatcher! {
    // feature-x.preview.example.test: remember the branch, go to the shared URL.
    get!("/*_", { reverse_host: [branch, "preview", "example", "test"] }) {
        if !branch.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return send_resp(conn, 400, "not a branch name");
        }
        conn.put_resp_header(
            "set-cookie",
            format!("branch={branch}; Path=/; Domain=example.test; HttpOnly; SameSite=Lax"),
        )
        .put_resp_header("location", "http://app.example.test/");
        send_resp(conn, 302, "")
    }

    // The shared URL: the branch the session names…
    match!("/*path", { host: "app.example.test", cookie: { "branch": branch } }) {
        if !branch.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return send_resp(conn, 400, "not a branch name");
        }
        forward(conn, path, format!("http://app-{branch}/"))
    }

    // …or, for API clients, the branch an `x-branch` header names…
    match!("/*path", { host: "app.example.test", header: { "x-branch": branch } }) {
        if !branch.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return send_resp(conn, 400, "not a branch name");
        }
        forward(conn, path, format!("http://app-{branch}/"))
    }

    // …and the main deployment for everyone else.
    match!("/*path", { host: "app.example.test" }) {
        forward(conn, path, "http://app-main/")
    }
}
