use dispatcher::prelude::*;

dispatcher! {
    get!("/sessions/current/", _) {
        forward(conn, [], "http://login/sessions/current")
    }
}

fn main() {}
