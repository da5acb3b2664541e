use dispatcher::prelude::*;

dispatcher! {
    get!("/types/:type", _) {
        forward(conn, [], "http://resource/types/")
    }

    get!("/files/:file-id", _) {
        forward(conn, [], "http://resource/files/")
    }
}

fn main() {}
