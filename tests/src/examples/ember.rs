//! README "Host an EmberJS app", with one API rule where "your other rules belong".

use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
        html: ["text/html", "application/xhtml+html"],
        any: ["*/*"],
    }

    @html = { accept: html };
    @json = { accept: json };
    @any = { accept: any };

    match!("/widgets/*path", @json) {
        forward(conn, path, "http://resource/widgets/")
    }

    match!("/assets/*path", @any) {
        forward(conn, path, "http://frontend/assets/")
    }

    match!("/*_path", @html) {
        forward(conn, [], "http://frontend/index.html")
    }

    match!("/*_", { last_call: true, accept: json }) {
        send_resp(conn, 404, r#"{ "error": { "code": 404, "message": "Route not found.  See config/dispatcher.ex" } }"#)
    }
}
