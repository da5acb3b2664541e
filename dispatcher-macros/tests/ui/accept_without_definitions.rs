use dispatcher::prelude::*;

dispatcher! {
    match!("/themes/*path", { accept: json }) {
        forward(conn, path, "http://resource/themes/")
    }
}

fn main() {}
