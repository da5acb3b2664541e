//! How the client side of a request looks from behind the dispatcher: the
//! `X-Forwarded-*` values sent upstream (docs/trusted-proxies.md,
//! docs/path-prefix.md), read from the request's fields without copying.
//!
//! `TRUSTED_HOPS` says how many proxies in front of the dispatcher are
//! trusted, as Werkzeug's ProxyFix does: of each comma-separated
//! `X-Forwarded-*` header, only the values those proxies added are kept;
//! anything a client sent itself is replaced, never passed on.

use std::borrow::Cow;
use std::io::Write as _;
use std::net::IpAddr;

use smallvec::SmallVec;

use crate::matching::RequestHeaders;
use crate::matching::headers::text;

pub const X_FORWARDED_FOR: &str = "x-forwarded-for";
pub const X_FORWARDED_PROTO: &str = "x-forwarded-proto";
pub const X_FORWARDED_HOST: &str = "x-forwarded-host";
pub const X_FORWARDED_PORT: &str = "x-forwarded-port";
pub const X_FORWARDED_PREFIX: &str = "x-forwarded-prefix";

/// The public view of one request.
#[derive(Debug, Clone, Copy)]
pub struct Forwarded<'r> {
    headers: RequestHeaders<'r>,
    peer: IpAddr,
    /// The Host (or `:authority`) the request came with.
    original_host: Option<&'r str>,
    scheme: &'static str,
    trusted_hops: usize,
    /// `PATH_PREFIX`.
    mount: &'r str,
}

impl<'r> Forwarded<'r> {
    /// `peer` connected to the dispatcher over `scheme`, asking for `host`
    /// (Host or `:authority`); `mount` is `PATH_PREFIX`.
    pub fn new(
        headers: RequestHeaders<'r>,
        peer: IpAddr,
        host: Option<&'r str>,
        scheme: &'static str,
        trusted_hops: usize,
        mount: &'r str,
    ) -> Self {
        Forwarded {
            headers,
            peer,
            original_host: host,
            scheme,
            trusted_hops,
            mount,
        }
    }

    /// The value the outermost of the trusted proxies set (ProxyFix's rule:
    /// the `trusted_hops`-th value from the right), if there are enough.
    fn trusted(&self, name: &str) -> Option<&'r str> {
        if self.trusted_hops == 0 {
            return None;
        }
        let last = self.last_values(name, self.trusted_hops);
        (last.len() == self.trusted_hops).then(|| last[0])
    }

    /// The last `count` comma-separated values of every `name` field.
    fn last_values(&self, name: &str, count: usize) -> SmallVec<[&'r str; 4]> {
        let mut kept: SmallVec<[&'r str; 4]> = SmallVec::new();
        if count == 0 {
            return kept;
        }
        for value in self.headers.get_all(name).filter_map(text) {
            for element in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                if kept.len() == count {
                    kept.remove(0);
                }
                kept.push(element);
            }
        }
        kept
    }

    /// `X-Forwarded-For`: the trusted entries, then the peer.
    pub fn write_chain(&self, out: &mut Vec<u8>) {
        for entry in self.last_values(X_FORWARDED_FOR, self.trusted_hops) {
            out.extend_from_slice(entry.as_bytes());
            out.extend_from_slice(b", ");
        }
        match self.peer {
            // The usual case, without the formatting machinery.
            IpAddr::V4(v4) => {
                for (index, octet) in v4.octets().into_iter().enumerate() {
                    if index > 0 {
                        out.push(b'.');
                    }
                    crate::h1::write::push_decimal(out, u64::from(octet));
                }
            }
            IpAddr::V6(v6) => {
                let _ = write!(out, "{v6}");
            }
        }
    }

    pub fn chain(&self) -> String {
        let mut out = Vec::new();
        self.write_chain(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    pub fn proto(&self) -> &'r str {
        self.trusted(X_FORWARDED_PROTO).unwrap_or(self.scheme)
    }

    /// The public host, port included when the client gave one.
    pub fn host(&self) -> Option<&'r str> {
        self.trusted(X_FORWARDED_HOST).or(self.original_host)
    }

    pub fn port(&self) -> u16 {
        self.trusted(X_FORWARDED_PORT)
            .and_then(|port| port.parse().ok())
            .or_else(|| self.host().and_then(port_of))
            .unwrap_or(if self.proto() == "https" { 443 } else { 80 })
    }

    /// The public path prefix the dispatcher is mounted under (may be empty).
    pub fn prefix(&self) -> Cow<'r, str> {
        let outer = self
            .trusted(X_FORWARDED_PREFIX)
            .unwrap_or("")
            .trim_end_matches('/');
        if outer.is_empty() {
            Cow::Borrowed(self.mount)
        } else {
            Cow::Owned(format!("{outer}{}", self.mount))
        }
    }

    /// The Host (or `:authority`) the request came with.
    pub fn original_host(&self) -> Option<&'r str> {
        self.original_host
    }

    /// `scheme://host[:port]` as the client sees it, if the host is known.
    pub fn public_origin(&self) -> Option<String> {
        let host = self.host()?;
        let proto = self.proto();
        let port = self.port();
        let default_port = if proto == "https" { 443 } else { 80 };
        Some(if port_of(host).is_some() || port == default_port {
            format!("{proto}://{host}")
        } else {
            format!("{proto}://{host}:{port}")
        })
    }
}

/// The port of a `host[:port]` value, if it names one.
pub fn port_of(host: &str) -> Option<u16> {
    let bytes = host.as_bytes();
    let colon = bytes.iter().rposition(|&b| b == b':' || b == b']')?;
    if bytes[colon] != b':' {
        return None;
    }
    host[colon + 1..].parse().ok()
}

#[cfg(test)]
mod tests {
    use http::HeaderMap;

    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        map
    }

    const PEER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 9));

    #[test]
    fn untrusted_forwarding_headers_are_replaced() {
        let spoofed = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-proto", "https"),
            ("x-forwarded-host", "evil.example"),
            ("x-forwarded-port", "1234"),
            ("x-forwarded-prefix", "/evil"),
        ]);
        let view = RequestHeaders::Map(&spoofed);
        let seen = Forwarded::new(view, PEER, Some("app.example:8080"), "http", 0, "");
        assert_eq!(seen.chain(), "10.0.0.9");
        assert_eq!(seen.proto(), "http");
        assert_eq!(seen.host(), Some("app.example:8080"));
        assert_eq!(seen.port(), 8080);
        assert_eq!(seen.prefix(), "");
    }

    #[test]
    fn trusted_hops_keep_what_their_proxies_added() {
        // client → edge (trusted) → dispatcher; the client spoofed a first entry.
        let through_edge = headers(&[
            ("x-forwarded-for", "6.6.6.6, 203.0.113.7"),
            ("x-forwarded-proto", "http, https"),
            ("x-forwarded-host", "public.example"),
            ("x-forwarded-port", "443"),
            ("x-forwarded-prefix", "/outer"),
        ]);
        let view = RequestHeaders::Map(&through_edge);
        let seen = Forwarded::new(view, PEER, Some("dispatcher"), "http", 1, "/api");
        assert_eq!(seen.chain(), "203.0.113.7, 10.0.0.9");
        assert_eq!(seen.proto(), "https");
        assert_eq!(seen.host(), Some("public.example"));
        assert_eq!(seen.port(), 443);
        assert_eq!(seen.prefix(), "/outer/api");
        assert_eq!(
            seen.public_origin().as_deref(),
            Some("https://public.example")
        );
        let two = Forwarded::new(view, PEER, Some("dispatcher"), "http", 2, "");
        assert_eq!(two.chain(), "6.6.6.6, 203.0.113.7, 10.0.0.9");
        assert_eq!(two.proto(), "http");
        assert_eq!(
            two.host(),
            Some("dispatcher"),
            "too few values: not trusted"
        );
    }

    #[test]
    fn missing_trusted_values_fall_back_to_what_the_dispatcher_sees() {
        let empty = HeaderMap::new();
        let view = RequestHeaders::Map(&empty);
        let seen = Forwarded::new(view, PEER, Some("app.example"), "http", 2, "/api");
        assert_eq!(seen.chain(), "10.0.0.9");
        assert_eq!(
            (seen.proto(), seen.port(), &*seen.prefix()),
            ("http", 80, "/api")
        );
        assert_eq!(seen.public_origin().as_deref(), Some("http://app.example"));
    }

    #[test]
    fn ports_are_read_after_the_address() {
        assert_eq!(port_of("a.example:8080"), Some(8080));
        assert_eq!(port_of("a.example"), None);
        assert_eq!(port_of("[::1]:443"), Some(443));
        assert_eq!(port_of("[::1]"), None);
        assert_eq!(port_of("a:x"), None);
        let none = HeaderMap::new();
        let v6 = Forwarded::new(
            RequestHeaders::Map(&none),
            "2001:db8::1".parse().unwrap(),
            None,
            "http",
            0,
            "",
        );
        assert_eq!(v6.chain(), "2001:db8::1");
    }
}
