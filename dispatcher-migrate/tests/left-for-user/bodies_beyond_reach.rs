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
        match &conn.header_values("x-tenant")[..] {
            [tenant, ..] => {
                let tenant: &str = tenant;
                forward(conn, path, format!("http://{tenant}/"))
            }
            [] => {
                send_resp(conn, 400, "no tenant")
            }
        }
    }

    get!("/shout/*path", _) {
        tracing::debug!("lazy message");
        // dispatcher.ex line 20, the original, to write in Rust:
        // loud = Enum.map(path, &String.upcase/1)
        let loud = compile_error!("dispatcher.ex line 20: `&String.upcase/1`: `Enum.map` with something other than an `fn ... end`; write this part in Rust");
        forward(conn, loud, "http://echo/")
    }

    match!("/checked/*path", { accept: json }) {
        // dispatcher.ex line 25, the original, to write in Rust:
        // {:ok, target} = Map.fetch(%{"a" => "http://a/"}, "a")
        let target = compile_error!("dispatcher.ex line 25: `{:ok, target}`: a pattern on the left of `=` (only `name = value` is converted); write this part in Rust");
        forward(conn, path, target)
    }

    get!("/fine/*path", _) {
        forward(conn, path, "http://fine/")
    }
}
