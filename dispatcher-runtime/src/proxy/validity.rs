//! The checks an HTTP/2 request must pass before the rules see it, for the
//! MUSTs of RFC 9110 and 9113 that the h2 crate does not enforce (see
//! docs/RELIABILITY.md): a refused request is answered (400, or 501 for
//! CONNECT) and never reaches an upstream. HTTP/1.1 heads get the same
//! rules from the codec (`h1::request`).

use http::header::HeaderName;
use http::{HeaderMap, Method, StatusCode, Uri, header};

/// Why a request head is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidHead {
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

/// Every check of this module on an HTTP/2 request head.
pub fn check(method: &Method, uri: &Uri, headers: &HeaderMap) -> Result<(), InvalidHead> {
    if method == Method::CONNECT {
        return Err(InvalidHead::Connect);
    }
    let mut hosts = headers.get_all(header::HOST).iter();
    match (hosts.next(), hosts.next()) {
        (Some(_), Some(_)) => return Err(InvalidHead::SeveralHosts),
        (None, _) if uri.authority().is_none() => return Err(InvalidHead::NoAuthority),
        _ => {}
    }
    check_values(headers)
}

/// RFC 9113 §8.2.1: no field value starts or ends with SP or HTAB (the h2
/// crate checks the other rules of that section: names, CR, LF, NUL).
fn check_values(headers: &HeaderMap) -> Result<(), InvalidHead> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn head(target: &str, hosts: &[&str]) -> Result<(), InvalidHead> {
        let uri: Uri = target.parse().unwrap();
        let mut headers = HeaderMap::new();
        for host in hosts {
            headers.append(header::HOST, host.parse().unwrap());
        }
        check(&Method::GET, &uri, &headers)
    }

    #[test]
    fn an_authority_or_one_host_is_needed() {
        assert_eq!(head("http://a/", &[]), Ok(()));
        assert_eq!(head("/", &["a"]), Ok(()));
        assert_eq!(head("/", &[]), Err(InvalidHead::NoAuthority));
        assert_eq!(
            head("http://a/", &["a", "a"]),
            Err(InvalidHead::SeveralHosts)
        );
    }

    #[test]
    fn connect_is_not_implemented_and_padded_values_are_malformed() {
        let uri: Uri = "http://a/".parse().unwrap();
        let headers = HeaderMap::new();
        assert_eq!(
            check(&Method::CONNECT, &uri, &headers),
            Err(InvalidHead::Connect)
        );
        assert_eq!(InvalidHead::Connect.status(), 501);
        for padded in [" v", "v ", "\tv", "v\t"] {
            let mut headers = headers.clone();
            headers.insert("x-a", padded.parse().unwrap());
            let refused = check(&Method::GET, &uri, &headers);
            assert!(
                matches!(refused, Err(InvalidHead::FieldWhitespace(_))),
                "{padded:?}"
            );
            assert_eq!(refused.unwrap_err().status(), 400);
        }
    }
}
