use dispatcher::prelude::*;

dispatcher! {
    define_layers![services, frontend, last_call];

    match!("/*_path", { layer: fronted }) {
        forward(conn, [], "http://frontend/index.html")
    }
}

fn main() {}
