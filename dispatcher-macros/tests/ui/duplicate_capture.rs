use dispatcher::prelude::*;

dispatcher! {
    get!("/teams/:id/members/:id", _) {
        forward(conn, [id], "http://resource/members/")
    }

    get!("/employees/:sub", { host: ["com", "example", sub, ..rest] }) {
        forward(conn, [sub], "http://employees/")
    }
}

fn main() {}
