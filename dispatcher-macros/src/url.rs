//! Literal `base_url`s of `forward`, checked and split at compile time
//! (SPEC §1.5, MU-QUIRKS F2). The rules mirror `BaseUrl::parse` in the
//! runtime, which checks URLs built at run time.

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
    let Some((scheme, rest)) = value.split_once("://") else {
        errors.in_literal(
            literal,
            0..value.len(),
            format!(
                "`forward` needs an absolute http, https, ws or wss URL: write \"http://{value}\""
            ),
        );
        return None;
    };
    let scheme_variant = match scheme.to_ascii_lowercase().as_str() {
        "http" => "Http",
        "https" => "Https",
        "ws" => "Ws",
        "wss" => "Wss",
        _ => {
            errors.in_literal(
                literal,
                0..scheme.len(),
                "the upstream's scheme must be http, https, ws or wss",
            );
            return None;
        }
    };
    let authority_start = scheme.len() + 3;
    if let Some(position) = value.find(['?', '#']) {
        errors.in_literal(
            literal,
            position..value.len(),
            "a base URL has no query or fragment: the request's query string is appended to it",
        );
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, "/"),
    };
    let authority_range = authority_start..authority_start + authority.len();
    if let Some(at) = authority.find('@') {
        errors.in_literal(
            literal,
            authority_start..authority_start + at + 1,
            "a base URL has no user information; set an `authorization` header with `conn.put_req_header` instead",
        );
        return None;
    }
    let (host, port) = match split_host_port(authority) {
        Ok(parts) => parts,
        Err(reason) => {
            errors.in_literal(literal, authority_range, reason);
            return None;
        }
    };
    if let Some(position) = path
        .bytes()
        .position(|b| !b.is_ascii_graphic() || matches!(b, b'\\' | b'"' | b'<' | b'>'))
    {
        let at = authority_range.end + position;
        errors.in_literal(
            literal,
            at..at + 1,
            "this character must be percent-encoded in a URL path",
        );
        return None;
    }
    if appends_segments && !path.ends_with('/') {
        let last = path.rsplit('/').next().unwrap_or("");
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
    Some(StaticUrl {
        scheme: scheme_variant,
        host: host.to_ascii_lowercase(),
        port,
        path: path.to_owned(),
    })
}

fn split_host_port(authority: &str) -> Result<(&str, Option<u16>), &'static str> {
    let (host, port) = if authority.starts_with('[') {
        let end = authority
            .find(']')
            .ok_or("unclosed `[` in an IPv6 address")?;
        let (host, after) = authority.split_at(end + 1);
        match after {
            "" => (host, None),
            _ => (
                host,
                Some(
                    after
                        .strip_prefix(':')
                        .ok_or("unexpected text after the IPv6 address")?,
                ),
            ),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("the URL has no host: write the service name, e.g. \"http://resource/\"");
    }
    let valid = if let Some(v6) = host.strip_prefix('[') {
        v6.trim_end_matches(']')
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
    } else {
        host.split('.').all(|label| !label.is_empty())
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    };
    if !valid {
        return Err("not a host name or IP address: use letters, digits, `-`, `_` and `.`");
    }
    let port = match port {
        None => None,
        Some(port) => Some(
            port.parse::<u16>()
                .map_err(|_| "the port must be a number from 0 to 65535")?,
        ),
    };
    Ok((host, port))
}
