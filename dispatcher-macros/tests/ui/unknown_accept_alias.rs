use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html"],
    }

    match!("/themes/*path", { accept: jsno }) {
        forward(conn, path, "http://resource/themes/")
    }
}

fn main() {}
