//! What counts as a valid `base_url` for `forward`, written once for both
//! places that check one: the `dispatcher!` macro for literals at compile
//! time (it needs the fault's position to point at it), and the runtime for
//! URLs built while serving.

use std::ops::Range;

/// The parts of a base URL: `scheme://host[:port]/path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BaseUrlParts<'a> {
    /// Lower-case: `http`, `https`, `ws` or `wss`.
    pub scheme: &'static str,
    /// As written (IPv6 literals keep their brackets).
    pub host: &'a str,
    pub port: Option<u16>,
    /// Starts with `/`; `/` when the URL has no path.
    pub path: &'a str,
}

/// Why a string is not a base URL, and where in it (byte range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError {
    pub range: Range<usize>,
    pub kind: BaseUrlFault,
}

/// The kinds of fault, so that each checker can say what to write instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseUrlFault {
    NotAbsolute,
    Scheme,
    QueryOrFragment,
    UserInfo,
    /// The host or port is malformed; the text says how.
    Authority(&'static str),
    PathCharacter,
}

impl BaseUrlError {
    pub fn reason(&self) -> &'static str {
        match self.kind {
            BaseUrlFault::NotAbsolute => "not an absolute URL (scheme://host/path)",
            BaseUrlFault::Scheme => "the scheme must be http, https, ws or wss",
            BaseUrlFault::QueryOrFragment => "a base URL has no query or fragment",
            BaseUrlFault::UserInfo => "a base URL has no user information",
            BaseUrlFault::Authority(reason) => reason,
            BaseUrlFault::PathCharacter => "this character must be percent-encoded in a URL path",
        }
    }
}

/// Splits and checks an absolute `http`, `https`, `ws` or `wss` URL with
/// no user information, query or fragment.
pub fn parse_base_url(url: &str) -> Result<BaseUrlParts<'_>, BaseUrlError> {
    let fail = |range: Range<usize>, kind| Err(BaseUrlError { range, kind });
    let Some((scheme, rest)) = url.split_once("://") else {
        return fail(0..url.len(), BaseUrlFault::NotAbsolute);
    };
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "http" => "http",
        "https" => "https",
        "ws" => "ws",
        "wss" => "wss",
        _ => return fail(0..scheme.len(), BaseUrlFault::Scheme),
    };
    let authority_start = url.len() - rest.len();
    if let Some(position) = url.find(['?', '#']) {
        return fail(position..url.len(), BaseUrlFault::QueryOrFragment);
    }
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, "/"),
    };
    let authority_range = authority_start..authority_start + authority.len();
    if let Some(at) = authority.find('@') {
        return fail(
            authority_start..authority_start + at + 1,
            BaseUrlFault::UserInfo,
        );
    }
    let (host, port) = split_host_port(authority).map_err(|reason| BaseUrlError {
        range: authority_range.clone(),
        kind: BaseUrlFault::Authority(reason),
    })?;
    if let Some(position) = path
        .bytes()
        .position(|b| !b.is_ascii_graphic() || matches!(b, b'\\' | b'"' | b'<' | b'>'))
    {
        let at = authority_range.end + position;
        return fail(at..at + 1, BaseUrlFault::PathCharacter);
    }
    Ok(BaseUrlParts {
        scheme,
        host,
        port,
        path,
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
        return Err("the URL has no host");
    }
    let valid = if let Some(v6) = host.strip_prefix('[') {
        v6.trim_end_matches(']')
            .parse::<std::net::Ipv6Addr>()
            .is_ok()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_split() {
        let parts = parse_base_url("HTTPS://API.example.com:8443/v1/").unwrap();
        assert_eq!(
            parts,
            BaseUrlParts {
                scheme: "https",
                host: "API.example.com",
                port: Some(8443),
                path: "/v1/"
            }
        );
        assert_eq!(parse_base_url("ws://[::1]:9000").unwrap().path, "/");
    }

    #[test]
    fn faults_are_located() {
        let cases = [
            ("resource/themes/", 0..16),
            ("ftp://x/", 0..3),
            ("http://user@x/", 7..12),
            ("http://x/a?b=1", 10..14),
            ("http://x:99999/", 7..14),
            ("http://x/a b", 10..11),
            ("http://a..b/", 7..11),
            ("http://[..]/", 7..11),
            ("http://", 7..7),
        ];
        for (url, range) in cases {
            assert_eq!(parse_base_url(url).unwrap_err().range, range, "{url}");
        }
    }
}
