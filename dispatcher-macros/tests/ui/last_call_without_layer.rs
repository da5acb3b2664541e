use dispatcher::prelude::*;

dispatcher! {
    define_layers![services, frontend];

    match!("/*_", { last_call: true }) {
        send_resp(conn, 404, "Route not found")
    }
}

fn main() {}
