//! The routing rules of this stack, converted from `broken_definitions.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

compile_error!(r#"dispatcher.ex line 6: "application" (accept alias `broken`) is not a MIME type; mu-dispatcher failed every request because of it [A9]: write `type/subtype`"#);

compile_error!(r#"dispatcher.ex line 19: `get "/items/:id", %{ host: ["org", "example", id] } do …`: `id` is captured by both the path and the host, which required them to be equal; rules cannot express that; convert it by hand"#);

dispatcher! {
    define_accept_types! {
        json: ["application/json"],
        broken: [],
    }

    @tenant_options = { host: [..tenant_host] };

    match!("/themes/*path", { accept: json }) {
        // dispatcher.ex line 12, the original, to write in Rust:
        // forward conn, path, "resource/themes/"
        compile_error!(r#"dispatcher.ex line 12: `"resource/themes/"`: "resource/themes/" is not a base URL (not an absolute URL (scheme://host/path)), so mu-dispatcher failed every request this rule took; write this part in Rust"#)
    }

    get!("/teapot", _) {
        // dispatcher.ex line 16, the original, to write in Rust:
        // send_resp(conn, 1000, "short and stout")
        compile_error!("dispatcher.ex line 16: `1000`: `1000` is not an HTTP status (100 to 999); write this part in Rust")
    }

    get!("/tenants/*path", @tenant_options) {
        forward(conn, path, "http://tenants/")
    }

    get!("/greet/:name", _) {
        // dispatcher.ex line 28, the original, to write in Rust:
        // greeting(conn, name)
        compile_error!("dispatcher.ex line 28: `greeting(conn, name)`: the helper `greeting/2` has 2 clauses (lines 31, 32); inlining takes one; write this part in Rust")
    }
}
