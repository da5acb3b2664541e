use dispatcher::prelude::*;

dispatcher! {
    match!("/api/*path", { header: { "x-api-version": 2 } }) {
        forward(conn, path, "http://api/")
    }

    match!("/app/*path", { cookie: {} }) {
        forward(conn, path, "http://app/")
    }
}

fn main() {}
