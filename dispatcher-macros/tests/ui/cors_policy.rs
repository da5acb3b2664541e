use dispatcher::prelude::*;

const ANY_WITH_CREDENTIALS: Cors = Cors::new().allow_any_origin().allow_credentials(true);
const CREDENTIALS_WITH_ANY: Cors = Cors::new().allow_credentials(true).allow_any_origin();
const TRAILING_SLASH: Cors = Cors::new().allow_origins(&["https://app.example.org/"]);
const UPPER_CASE: Cors = Cors::new().allow_origins(&["https://App.example.org"]);
const STAR: Cors = Cors::new().allow_origins(&["*"]);
const METHOD: Cors = Cors::new().allow_methods(&["GET", "a,b"]);
const HEADER: Cors = Cors::new().allow_headers(&["x requested with"]);
const EXPOSED: Cors = Cors::new().expose_headers(&["x-request-id:"]);

dispatcher! {
    match!("/*_", _) {
        send_resp(conn, 404, "")
    }
}

fn main() {}
