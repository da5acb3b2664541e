use dispatcher::prelude::*;

dispatcher! {
    match!("/files/*path", _) {
        forward(conn, path, "http://files/")
    }

    get!("/files/:id/download", _) {
        forward(conn, [], format!("http://range-file/files/{id}/download"))
    }
}

fn main() {}
