use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json"],
    }

    @json = { accept: json };

    match!("/themes/*path", @jsn) {
        forward(conn, path, "http://resource/themes/")
    }
}

fn main() {}
