//! The routing rules of this stack, converted from `module_level_leftovers.ex` by dispatcher-migrate.
//! Edit them and rebuild; see docs/rules.md and docs/migrating.md.

use dispatcher::prelude::*;

compile_error!(r#"dispatcher.ex line 4: `plug CORSPlug, origin: ["https://example.org"]`: this module-level construct has no counterpart in the rules; convert it by hand"#);

compile_error!(r#"dispatcher.ex line 8: `forward "/api", to: ApiRouter`: this module-level construct has no counterpart in the rules; convert it by hand"#);

compile_error!(r#"dispatcher.ex line 10: `get "/files/file-:id" do …`: the segment `file-:id` of "/files/file-:id" captures part of a segment, which rules cannot express; convert it by hand"#);

compile_error!(r#"dispatcher.ex line 14: `match "/reports/*path", via: :get do …`: keyword options such as Plug.Router's `via:` or `host:`; convert it by hand"#);

dispatcher! {
    get!("/ok", _) {
        send_resp(conn, 200, "ok")
    }

    match!("/*_", _) {
        send_resp(conn, 404, "not found")
    }
}
