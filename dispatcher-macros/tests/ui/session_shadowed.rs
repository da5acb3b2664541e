use dispatcher::prelude::*;

dispatcher! {
    match!("/*path", { host: "app.example.test", cookie: { "branch": _ } }) {
        forward(conn, path, "http://app-branch/")
    }

    // Needs a particular branch: the rule above (any branch) always wins.
    match!("/*path", { host: "app.example.test", cookie: { "branch": "main" } }) {
        forward(conn, path, "http://app-main/")
    }
}

fn main() {}
