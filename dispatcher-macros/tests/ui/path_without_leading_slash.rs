use dispatcher::prelude::*;

dispatcher! {
    options!("*path", _) {
        send_resp(conn, 200, "")
    }

    match!("themes/*path", _) {
        forward(conn, path, "http://resource/themes/")
    }
}

fn main() {}
