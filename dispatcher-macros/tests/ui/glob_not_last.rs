use dispatcher::prelude::*;

dispatcher! {
    match!("/themes/*path/download", _) {
        forward(conn, path, "http://resource/themes/")
    }
}

fn main() {}
