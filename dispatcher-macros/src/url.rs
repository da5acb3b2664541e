//! Literal `base_url`s of `forward`, checked and split at compile time
//! (SPEC §1.5, MU-QUIRKS F2). The rules mirror `BaseUrl::parse` in the
//! runtime, which checks URLs built at run time.

use dispatcher_syntax::{BaseUrlFault, parse_base_url};
use syn::LitStr;

use crate::errors::Errors;

pub struct StaticUrl {
    pub scheme: &'static str,
    pub host: String,
    pub port: Option<u16>,
    pub path: String,
}

/// Checks a literal base URL; `appends_segments` is whether `forward` may add
/// path segments to it (anything but `[]`).
pub fn check(literal: &LitStr, appends_segments: bool, errors: &mut Errors) -> Option<StaticUrl> {
    let value = literal.value();
    let parts = match parse_base_url(&value) {
        Ok(parts) => parts,
        Err(error) => {
            let message = match error.kind {
                BaseUrlFault::NotAbsolute => {
                    format!("`forward` needs an absolute http, https, ws or wss URL: write \"http://{value}\"")
                }
                BaseUrlFault::Scheme => "the upstream's scheme must be http, https, ws or wss".to_owned(),
                BaseUrlFault::QueryOrFragment => {
                    "a base URL has no query or fragment: the request's query string is appended to it".to_owned()
                }
                BaseUrlFault::UserInfo => "a base URL has no user information; set an `authorization` header \
                                           with `conn.put_req_header` instead"
                    .to_owned(),
                BaseUrlFault::Authority(reason) => {
                    format!("{reason}: write the service name and an optional port, e.g. \"http://resource:8080/\"")
                }
                BaseUrlFault::PathCharacter => error.reason().to_owned(),
            };
            errors.in_literal(literal, error.range, message);
            return None;
        }
    };
    if appends_segments && !parts.path.ends_with('/') {
        let last = parts.path.rsplit('/').next().unwrap_or("");
        errors.in_literal(
            literal,
            value.len() - last.len()..value.len(),
            format!(
                "the base URL's path does not end in `/`, so forwarded segments would be glued onto `{last}` \
                 (`{last}` + `1` = `{last}1`): write \"{value}/\", or forward `[]` to call this URL itself"
            ),
        );
        return None;
    }
    let scheme = match parts.scheme {
        "https" => "Https",
        "ws" => "Ws",
        "wss" => "Wss",
        _ => "Http",
    };
    Some(StaticUrl {
        scheme,
        host: parts.host.to_ascii_lowercase(),
        port: parts.port,
        path: parts.path.to_owned(),
    })
}
