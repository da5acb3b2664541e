//! The routing rules of this stack, converted from `bodies_beyond_reach.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

// Bodies with Elixir the converter does not translate: each construct
// becomes a compile_error! naming it, the rest is converted.

use dispatcher::prelude::*;

dispatcher! {
    define_accept_types! {
        json: ["application/json", "application/vnd.api+json"],
    }

    get!("/tenants/*path", _) {
        compile_error!(r#"dispatcher.ex line 12: `case Plug.Conn.get_req_header(conn, "x-tenant") do …`: a `case` (dispatcher-migrate converts `if` and `unless` only); write this part in Rust"#)
    }

    get!("/shout/*path", _) {
        compile_error!(r#"dispatcher.ex line 19: `fn -> "lazy message" end`: this kind of expression has no Rust counterpart here; write this part in Rust"#);
        let loud = compile_error!("dispatcher.ex line 20: `Enum.map(path, &String.upcase/1)`: `Enum.map/2` has no Rust counterpart in dispatcher-migrate; write this part in Rust");
        forward(conn, loud, "http://echo/")
    }

    match!("/checked/*path", { accept: json }) {
        let target = compile_error!("dispatcher.ex line 25: `{:ok, target}`: a pattern on the left of `=` (only `name = value` is converted); write this part in Rust");
        forward(conn, path, target)
    }

    get!("/fine/*path", _) {
        forward(conn, path, "http://fine/")
    }
}
