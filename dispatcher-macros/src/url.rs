//! Literal `base_url`s of `forward`, checked and split at compile time
//! (docs/rules.md). The rules mirror `BaseUrl::parse` in the
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

/// Checks a literal base URL. Its path may end in `/` or not: forwarded
/// segments are joined to it with one `/` either way (URL-join, see
/// docs/differences-from-mu-dispatcher.md, F2).
pub fn check(literal: &LitStr, errors: &mut Errors) -> Option<StaticUrl> {
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
