use dispatcher::prelude::*;

dispatcher! {
    match!("/a/*path", { cookie: { branch: branch } }) {
        forward(conn, path, "http://app/")
    }

    match!("/b/*path", { cookie: { "bad name": branch } }) {
        forward(conn, path, "http://app/")
    }

    match!("/c/*path", { cookie: { "branch": branch, "branch": other } }) {
        forward(conn, path, "http://app/")
    }

    match!("/d/:branch", { header: { "x-branch": branch } }) {
        forward(conn, [branch], "http://app/")
    }

    match!("/e/*path", { cookie: { "theme": "dark;light" } }) {
        forward(conn, path, "http://app/")
    }

    match!("/f/*path", { header: {} }) {
        forward(conn, path, "http://app/")
    }
}

fn main() {}
