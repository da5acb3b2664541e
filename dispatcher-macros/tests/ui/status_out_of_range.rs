use dispatcher::prelude::*;

dispatcher! {
    get!("/teapot", _) {
        send_resp(conn, 1000, "I'm a teapot")
    }

    get!("/early", _) {
        send_resp(conn, 99, "")
    }
}

fn main() {}
