//! A whole decision on arbitrary request heads: method, target, Host and
//! Accept from the input, dispatched against the rules of the sketch in docs/design/behaviour.md §1.
#![no_main]

use dispatcher::matching::Request;
use dispatcher::prelude::*;
use http::{HeaderMap, HeaderValue, Method, Uri, header};
use libfuzzer_sys::fuzz_target;

dispatcher! {
    define_accept_types! {
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        any:  ["*/*"],
    }
    define_layers![static_files, services, frontend, last_call];
    @json = { accept: json };
    match!("/themes/*path", @json) { forward(conn, path, "http://resource/themes/") }
    get!("/files/:id/download", _) {
        forward(conn, [], format!("http://range-file/files/{id}/download"))
    }
    get!("/employees", { host: ["com", "example", subdomain, .._rest] }) {
        forward(conn, [subdomain], "http://employees/")
    }
    get!("/dashboard/*path", { reverse_host: ["dev", "dashboard", .._rest] }) {
        forward(conn, path, "http://dashboard/")
    }
    match!("/*_path", { accept: html, layer: frontend }) {
        forward(conn, [], "http://frontend/index.html")
    }
    match!("/*_", { last_call: true, accept: json }) {
        send_resp(conn, 404, "{}")
    }
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == b'\n');
    let (Some(method), Some(target), Some(host), Some(accept)) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return;
    };
    let (Ok(method), Ok(uri)) = (Method::from_bytes(method), Uri::try_from(target)) else { return };
    let mut headers = HeaderMap::new();
    if let Ok(host) = HeaderValue::from_bytes(host) {
        headers.insert(header::HOST, host);
    }
    if let Ok(accept) = HeaderValue::from_bytes(accept) {
        headers.insert(header::ACCEPT, accept);
    }
    if let Ok(request) = Request::new(&method, &uri, &headers) {
        let dispatched = DISPATCHER.dispatch(&request);
        assert_eq!(dispatched.rule.is_some(), dispatched.action.is_some());
    }
});
