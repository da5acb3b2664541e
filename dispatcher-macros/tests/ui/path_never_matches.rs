use dispatcher::prelude::*;

dispatcher! {
    get!("/a//b", _) {
        send_resp(conn, 200, "")
    }

    get!("/a/../b", _) {
        send_resp(conn, 200, "")
    }

    get!("/a?x", _) {
        send_resp(conn, 200, "")
    }
}

fn main() {}
