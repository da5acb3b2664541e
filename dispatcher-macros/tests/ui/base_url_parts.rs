use dispatcher::prelude::*;

dispatcher! {
    match!("/users/*path", _) {
        forward(conn, path, "http://admin@users/")
    }

    match!("/search/*path", _) {
        forward(conn, path, "http://search/?q")
    }
}

fn main() {}
