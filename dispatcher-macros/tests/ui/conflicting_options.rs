use dispatcher::prelude::*;

dispatcher! {
    define_layers![services, frontend, last_call];

    match!("/*_", { layer: frontend, last_call: true }) {
        send_resp(conn, 404, "")
    }

    get!("/x", { host: "example.com", reverse_host: ["example", "com"] }) {
        send_resp(conn, 200, "")
    }
}

fn main() {}
