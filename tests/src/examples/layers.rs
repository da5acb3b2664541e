//! README "Layers": the html rule in the `frontend` layer, the json rule in
//! `api` (the README puts both in `:api` while its text describes this).

use dispatcher::prelude::*;

dispatcher! {
    define_layers![api, frontend];

    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
    }

    match!("/*_path", { accept: { html: true }, layer: frontend }) {
        forward(conn, [], "http://frontend/")
    }

    match!("/*path", { accept: { json: true }, layer: api }) {
        forward(conn, path, "http://api/")
    }
}
