//! The rules the proxy tests run: `backend` is mapped to each test's own
//! upstream through `UPSTREAM_HOSTS`.

use dispatcher::prelude::*;

dispatcher! {
    get!("/direct", _) {
        send_resp(conn, 200, "answered by the dispatcher")
    }

    match!("/public/*path", _) {
        forward(conn, path, "http://backend/public/")
    }

    get!("/admin", _) {
        send_resp(conn, 403, "the admin area is not forwarded")
    }

    match!("/api/*path", _) {
        forward(conn, path, "http://backend/")
    }

    match!("/edit/*path", _) {
        conn.put_req_header("x-added", "by-rule").delete_req_header("x-drop");
        conn.put_resp_header("x-rule", "edit");
        forward(conn, path, "http://backend/")
    }

    match!("/ws/*path", _) {
        forward(conn, path, "ws://backend/ws/")
    }

    match!("/secure/*path", _) {
        forward(conn, path, "https://secure/")
    }

    match!("/wss/*path", _) {
        forward(conn, path, "wss://secure/ws/")
    }

    match!("/unresolvable/*path", _) {
        forward(conn, path, "http://unresolvable/")
    }

    get!("/bad-url", _) {
        forward(conn, [], String::from("not a url"))
    }

    get!("/bad-header", _) {
        conn.put_resp_header("bad header", "x");
        send_resp(conn, 200, "")
    }

    // Every path and method on this host: requests the dispatcher refuses
    // (CONNECT, Max-Forwards: 0) would otherwise be forwarded here.
    match!("/*path", { host: "any.test" }) {
        forward(conn, path, "http://backend/any/")
    }
}
