use dispatcher::prelude::*;

dispatcher! {
    get!("/a") ;

    get!(themes, _) {
        send_resp(conn, 200, "")
    }

    42

    get!("/ok", _) {
        send_resp(conn, 200, "")
    }
}

fn main() {}
