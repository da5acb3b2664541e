use dispatcher::prelude::*;

dispatcher! {
    define_layers![service, frontend];

    match!("/*_", { layer: service, layer: frontend }) {
        send_resp(conn, 404, "")
    }
}

fn main() {}
