//! The checks a request head must pass before the rules see it, for the
//! MUSTs of RFC 9110, 9112 and 9113 that hyper does not enforce (see
//! docs/RELIABILITY.md): a refused request is answered (400, or 501 for
//! CONNECT) with `Connection: close` and never reaches an upstream.
//!
//! Pure functions of the head, so any HTTP/1 or HTTP/2 front end can call
//! them.

use http::header::HeaderName;
use http::{HeaderMap, Method, StatusCode, Uri, Version, header};

/// Why a request head is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidHead {
    /// RFC 9112 §3.2: an HTTP/1.1 request MUST carry Host.
    #[error("the request has no Host header; HTTP/1.1 requires one (RFC 9112 §3.2)")]
    NoHost,
    /// RFC 9112 §3.2: a request with more than one Host field is answered 400.
    #[error("the request has more than one Host header (RFC 9112 §3.2)")]
    SeveralHosts,
    /// RFC 9113 §8.3.1: an `http` request has `:authority` or Host.
    #[error("the request has neither :authority nor a Host header (RFC 9113 §8.3.1)")]
    NoAuthority,
    /// RFC 9113 §8.2.1: an HTTP/2 field value neither starts nor ends with
    /// whitespace; such a request is malformed and MUST NOT be forwarded.
    #[error(
        "the value of {0} starts or ends with whitespace, which HTTP/2 forbids (RFC 9113 §8.2.1)"
    )]
    FieldWhitespace(HeaderName),
    /// RFC 9110 §9.3.6: CONNECT asks a proxy for a tunnel; the dispatcher
    /// is a gateway, not a forward proxy.
    #[error("CONNECT is not supported: the dispatcher is a gateway, not a forward proxy")]
    Connect,
}

impl InvalidHead {
    pub fn status(&self) -> StatusCode {
        match self {
            InvalidHead::Connect => StatusCode::NOT_IMPLEMENTED,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

/// Every check of this module on a request head.
pub fn check(
    version: Version,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<(), InvalidHead> {
    if method == Method::CONNECT {
        return Err(InvalidHead::Connect);
    }
    check_host(version, uri, headers)?;
    if version >= Version::HTTP_2 {
        check_http2_values(headers)?;
    }
    Ok(())
}

/// RFC 9113 §8.2.1: no field value starts or ends with SP or HTAB (the h2
/// crate checks the other rules of that section: names, CR, LF, NUL).
pub fn check_http2_values(headers: &HeaderMap) -> Result<(), InvalidHead> {
    let padded = |value: &[u8]| {
        matches!(value.first(), Some(b' ' | b'\t')) || matches!(value.last(), Some(b' ' | b'\t'))
    };
    for (name, value) in headers {
        if padded(value.as_bytes()) {
            return Err(InvalidHead::FieldWhitespace(name.clone()));
        }
    }
    Ok(())
}

/// Checks the Host rules on a request head: HTTP/1.1 needs exactly one
/// Host field (HTTP/1.0 may have none); no request may have two; an
/// HTTP/2 request needs `:authority` or Host.
pub fn check_host(version: Version, uri: &Uri, headers: &HeaderMap) -> Result<(), InvalidHead> {
    check_host_count(version, uri.authority().is_some(), host_fields(headers))
}

/// [`check_host`] on counts: for front ends that do not build a `HeaderMap`.
pub fn check_host_count(
    version: Version,
    has_authority: bool,
    host_fields: usize,
) -> Result<(), InvalidHead> {
    match (version, host_fields) {
        (_, 2..) => Err(InvalidHead::SeveralHosts),
        (Version::HTTP_11, 0) => Err(InvalidHead::NoHost),
        (Version::HTTP_2 | Version::HTTP_3, 0) if !has_authority => Err(InvalidHead::NoAuthority),
        _ => Ok(()),
    }
}

/// The number of Host field lines (hyper keeps each as its own value).
fn host_fields(headers: &HeaderMap) -> usize {
    let mut values = headers.get_all(header::HOST).iter();
    match (values.next(), values.next()) {
        (None, _) => 0,
        (Some(_), None) => 1,
        (Some(_), Some(_)) => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(version: Version, target: &str, hosts: &[&str]) -> Result<(), InvalidHead> {
        let uri: Uri = target.parse().unwrap();
        let mut headers = HeaderMap::new();
        for host in hosts {
            headers.append(header::HOST, host.parse().unwrap());
        }
        check_host(version, &uri, &headers)
    }

    #[test]
    fn http11_needs_exactly_one_host() {
        assert_eq!(head(Version::HTTP_11, "/", &["a"]), Ok(()));
        assert_eq!(head(Version::HTTP_11, "/", &[]), Err(InvalidHead::NoHost));
        assert_eq!(
            head(Version::HTTP_11, "http://a/", &[]),
            Err(InvalidHead::NoHost),
            "absolute-form still needs Host"
        );
        assert_eq!(
            head(Version::HTTP_11, "/", &["a", "a"]),
            Err(InvalidHead::SeveralHosts)
        );
    }

    #[test]
    fn http10_may_omit_host_but_not_repeat_it() {
        assert_eq!(head(Version::HTTP_10, "/", &[]), Ok(()));
        assert_eq!(
            head(Version::HTTP_10, "/", &["a", "b"]),
            Err(InvalidHead::SeveralHosts)
        );
    }

    #[test]
    fn connect_is_not_implemented_and_padded_http2_values_are_malformed() {
        let uri: Uri = "/".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "a".parse().unwrap());
        let connect = check(Version::HTTP_11, &Method::CONNECT, &uri, &headers);
        assert_eq!(connect, Err(InvalidHead::Connect));
        assert_eq!(InvalidHead::Connect.status(), 501);
        assert_eq!(check(Version::HTTP_2, &Method::GET, &uri, &headers), Ok(()));
        for padded in [" v", "v ", "\tv", "v\t"] {
            let mut headers = headers.clone();
            headers.insert("x-a", padded.parse().unwrap());
            let h2 = check(Version::HTTP_2, &Method::GET, &uri, &headers);
            assert!(
                matches!(h2, Err(InvalidHead::FieldWhitespace(_))),
                "{padded:?}"
            );
            assert_eq!(h2.unwrap_err().status(), 400);
            // HTTP/1 parsing strips such whitespace: nothing to refuse.
            assert_eq!(
                check(Version::HTTP_11, &Method::GET, &uri, &headers),
                Ok(())
            );
        }
    }

    #[test]
    fn http2_needs_an_authority_or_a_host() {
        assert_eq!(head(Version::HTTP_2, "http://a/", &[]), Ok(()));
        assert_eq!(head(Version::HTTP_2, "/", &["a"]), Ok(()));
        assert_eq!(
            head(Version::HTTP_2, "/", &[]),
            Err(InvalidHead::NoAuthority)
        );
        assert_eq!(
            head(Version::HTTP_2, "http://a/", &["a", "a"]),
            Err(InvalidHead::SeveralHosts)
        );
    }
}
