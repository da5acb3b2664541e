//! README "External API CORS headers" (mu wrote the path as "*path").

use dispatcher::prelude::*;

dispatcher! {
    options!("/*_path", _) {
        conn.put_resp_header("access-control-allow-headers", "content-type,accept")
            .put_resp_header("access-control-allow-methods", "*");
        send_resp(conn, 200, r#"{ "message": "ok" }"#)
    }
}
