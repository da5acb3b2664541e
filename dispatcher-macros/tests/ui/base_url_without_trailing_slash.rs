use dispatcher::prelude::*;

dispatcher! {
    match!("/images/*path", _) {
        forward(conn, path, "http://resource/images")
    }
}

fn main() {}
