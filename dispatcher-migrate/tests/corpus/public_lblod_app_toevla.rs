//! The routing rules of this stack, converted from `public_lblod_app_toevla.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

dispatcher! {
    // dispatcher-migrate suggests "application/xhtml+xml" for "application/xhtml+html" in `html` (the registered type; mu-dispatcher's README has the typo)
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
        image: ["image/*"],
        any: ["*/*"],
    }

    @json = { accept: json };
    @image = { accept: image };
    // @html %{ accept: %{ html: true } }

    options!("/*_path", _) {
        conn.put_resp_header("access-control-allow-headers", "content-type,accept");
        conn.put_resp_header("access-control-allow-methods", "*");
        send_resp(conn, 200, r#"{ "message": "ok" }"#)
    }

    match!("/trees/*path", @json) {
        forward(conn, path, "http://resource/trees/")
    }

    match!("/tree-nodes/*path", @json) {
        forward(conn, path, "http://resource/tree-nodes/")
    }

    match!("/points-of-interest/*path", @json) {
        forward(conn, path, "http://resource/points-of-interest/")
    }

    match!("/experiences/*path", @json) {
        forward(conn, path, "http://resource/experiences/")
    }

    match!("/entrances/*path", @json) {
        forward(conn, path, "http://resource/entrances/")
    }

    match!("/experience-tree-node-scores/*path", @json) {
        forward(conn, path, "http://resource/experience-tree-node-scores/")
    }

    match!("/toilets/*path", @json) {
        forward(conn, path, "http://resource/toilets/")
    }

    match!("/areas/*path", @json) {
        forward(conn, path, "http://resource/areas/")
    }

    match!("/parkings/*path", @json) {
        forward(conn, path, "http://resource/parkings/")
    }

    match!("/paths/*path", @json) {
        forward(conn, path, "http://resource/paths/")
    }

    match!("/train-stops/*path", @json) {
        forward(conn, path, "http://resource/train-stops/")
    }

    match!("/bus-stops/*path", @json) {
        forward(conn, path, "http://resource/bus-stops/")
    }

    match!("/tram-stops/*path", @json) {
        forward(conn, path, "http://resource/tram-stops/")
    }

    match!("/route-descriptions/*path", @json) {
        forward(conn, path, "http://resource/route-descriptions/")
    }

    match!("/routes/*path", @json) {
        forward(conn, path, "http://resource/routes/")
    }

    match!("/files/*path", @json) {
        forward(conn, path, "http://resource/files/")
    }

    match!("/images/*path", @image) {
        forward(conn, path, "http://imageservice/image/")
    }

    match!("/favicon.ico/*_path", _) {
        send_resp(conn, 404, "No icon specified")
    }

    match!("/assets/*path", { host: [..full_host] }) {
        match &full_host.iter().rev().cloned().collect::<Vec<_>>()[..] {
            ["standalone", ..] => {
                forward(conn, path, "http://frontend-standalone/assets/")
            }
            ["entry", ..] => {
                forward(conn, path, "http://frontend-entry/assets/")
            }
            _ => dispatcher::elixir::raise("dispatcher.ex line 95: no `case` clause matched (CaseClauseError)"),
        }
    }

    match!("/@appuniversum/*path", { host: [..full_host] }) {
        match &full_host.iter().rev().cloned().collect::<Vec<_>>()[..] {
            ["standalone", ..] => {
                forward(conn, path, "http://frontend-standalone/@appuniversum/")
            }
            ["entry", ..] => {
                forward(conn, path, "http://frontend-entry/@appuniversum/")
            }
            _ => dispatcher::elixir::raise("dispatcher.ex line 102: no `case` clause matched (CaseClauseError)"),
        }
    }

    match!("/*path", { host: [..full_host], accept: html }) {
        match &full_host.iter().rev().cloned().collect::<Vec<_>>()[..] {
            ["standalone", ..] => {
                forward(conn, path, "http://frontend-standalone/index.html")
            }
            ["entry", ..] => {
                forward(conn, path, "http://frontend-entry/index.html")
            }
            _ => dispatcher::elixir::raise("dispatcher.ex line 109: no `case` clause matched (CaseClauseError)"),
        }
    }
    match!("/*_path", { last_call: true }) {
        send_resp(conn, 404, "Route not found.  See config/dispatcher.ex")
    }
}
