use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json"],
    }

    match!("/themes/*path", { acept: json }) {
        forward(conn, path, "http://resource/themes/")
    }
}

fn main() {}
