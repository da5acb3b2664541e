//! README "Provide 404 pages".

use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        text: ["text/*"],
        html: ["text/html", "application/xhtml+html"],
        json: ["application/json", "application/vnd.api+json"],
        jpeg: ["image/jpg", "image/jpeg"],
        png: ["image/png"],
        gif: ["image/gif"],
    }

    get!("/*_", { last_call: true, accept: { json: true } }) {
        send_resp(conn, 404, r#"{ "error": { "code": 404, "message": "Route not found.  See config/dispatcher.ex" } }"#)
    }

    get!("/*_", { last_call: true, accept: { text: true } }) {
        send_resp(conn, 404, "404 - page not found\n\nSee config/dispatcher.ex")
    }

    get!("/*_", { last_call: true, accept: { html: true } }) {
        send_resp(conn, 404, "<html><head><title>404 - Not Found</title></head><body><h1>404 - Page not found</h1></body></html>")
    }

    get!("/*_", { last_call: true, accept: { jpeg: true } }) {
        forward(conn, [], "http://static/404.jpeg")
    }

    get!("/*_", { last_call: true, accept: { png: true } }) {
        forward(conn, [], "http://static/404.png")
    }

    get!("/*_", { last_call: true, accept: { gif: true } }) {
        forward(conn, [], "http://static/404.gif")
    }
}
