use dispatcher::prelude::*;

dispatcher! {
    get!("/a", { host: "api.*.example.com" }) {
        forward(conn, [], "http://a/")
    }

    get!("/b", { host: "example..com" }) {
        forward(conn, [], "http://b/")
    }

    get!("/c", { host: ["com", "", sub] }) {
        forward(conn, [], "http://c/")
    }

    get!("/d", { reverse_host: ["dev", "dashboard.example", ..rest] }) {
        forward(conn, [], "http://d/")
    }
}

fn main() {}
