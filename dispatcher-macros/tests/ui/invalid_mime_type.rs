use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application"],
        html: ["text/html/extra"],
        odd: ["*/json"],
    }

    match!("/*_", _) {
        send_resp(conn, 404, "")
    }
}

fn main() {}
