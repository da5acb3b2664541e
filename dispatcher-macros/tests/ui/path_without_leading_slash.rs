use dispatcher::prelude::*;

dispatcher! {
    options!("*path", _) {
        send_resp(conn, 200, "")
    }
}

fn main() {}
