use dispatcher::prelude::*;

dispatcher! {
    get!("/users/:conn", _) {
        forward(conn, [], "http://users/")
    }

    get!("/teams", { header: { "x-team": conn } }) {
        forward(conn, [], "http://teams/")
    }
}

fn main() {}
