use dispatcher::prelude::*;

dispatcher! {
    gett!("/themes/*path", _) {
        forward(conn, path, "http://resource/themes/")
    }
}

fn main() {}
