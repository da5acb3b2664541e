use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json"],
        json: ["application/vnd.api+json"],
        html: [],
    }
    define_accept_types! {
        xml: ["application/xml"],
    }
    define_layers![service, service, last_call];
    define_layers![frontend];

    @api = { accept: json };
    @api = { layer: service };

    match!("/*_", @api) {
        send_resp(conn, 404, "")
    }
}

fn main() {}
