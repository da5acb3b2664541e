use dispatcher::prelude::*;

dispatcher! {
    match!("/themes/*path", _) {
        forward(conn, path, "resource/themes/")
    }

    match!("/files/*path", _) {
        forward(conn, path, "ftp://files/")
    }
}

fn main() {}
