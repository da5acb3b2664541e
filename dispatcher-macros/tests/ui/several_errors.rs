use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json"],
    }

    match!("/themes/", _) {
        forward(conn, [], "http://resource/themes/")
    }

    match!("/images/*path", { accept: jsno }) {
        forward(conn, path, "http://resource/images/")
    }

    get!("/missing", _) {
        send_resp(conn, 40, "not found")
    }
}

fn main() {}
