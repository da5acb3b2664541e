//! How the client side of a request looks from behind the dispatcher: the
//! `X-Forwarded-*` values sent upstream (SPEC §3.3, §4.1, §4.2).
//!
//! `TRUSTED_HOPS` says how many proxies in front of the dispatcher are
//! trusted, as Werkzeug's ProxyFix does: of each comma-separated
//! `X-Forwarded-*` header, only the values those proxies added are kept;
//! anything a client sent itself is replaced, never passed on.

use std::net::IpAddr;

use http::HeaderMap;
use http::header::{self, HeaderName, HeaderValue};

pub static X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
pub static X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
pub static X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
pub static X_FORWARDED_PORT: HeaderName = HeaderName::from_static("x-forwarded-port");
pub static X_FORWARDED_PREFIX: HeaderName = HeaderName::from_static("x-forwarded-prefix");

/// The public view of a request, as sent upstream in `X-Forwarded-*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forwarded {
    /// The client chain, trusted entries only, ending with the peer.
    pub chain: String,
    pub proto: String,
    /// The public host, port included when the client gave one.
    pub host: Option<String>,
    pub port: u16,
    /// The public path prefix the dispatcher is mounted under (may be empty).
    pub prefix: String,
    /// The Host (or `:authority`) the request came with.
    original_host: Option<String>,
}

impl Forwarded {
    /// `peer` connected to the dispatcher over `scheme`, asking for `host`
    /// (Host or `:authority`); `mount` is `PATH_PREFIX`.
    pub fn new(
        headers: &HeaderMap,
        peer: IpAddr,
        host: Option<&HeaderValue>,
        scheme: &str,
        trusted_hops: usize,
        mount: &str,
    ) -> Self {
        let trusted = |name: &HeaderName| trusted_value(headers, name, trusted_hops);
        let chain = if trusted_hops == 0 {
            peer.to_string()
        } else {
            let mut all = values(headers, &X_FORWARDED_FOR);
            all.drain(..all.len().saturating_sub(trusted_hops));
            all.push(peer.to_string());
            all.join(", ")
        };
        let proto = trusted(&X_FORWARDED_PROTO).unwrap_or_else(|| scheme.to_owned());
        let original_host = host.and_then(|h| h.to_str().ok()).map(str::to_owned);
        let host = trusted(&X_FORWARDED_HOST).or_else(|| original_host.clone());
        let port = trusted(&X_FORWARDED_PORT)
            .and_then(|port| port.parse().ok())
            .or_else(|| host.as_deref().and_then(port_of))
            .unwrap_or(if proto == "https" { 443 } else { 80 });
        let outer_prefix = trusted(&X_FORWARDED_PREFIX).unwrap_or_default();
        let outer_prefix = outer_prefix.trim_end_matches('/');
        let prefix = if outer_prefix.is_empty() {
            mount.to_owned()
        } else {
            format!("{outer_prefix}{mount}")
        };
        Forwarded {
            chain,
            proto,
            host,
            port,
            prefix,
            original_host,
        }
    }

    /// Sets the `X-Forwarded-*` headers, replacing whatever the client sent.
    pub fn apply(&self, headers: &mut HeaderMap) {
        let text = |value: &str| HeaderValue::from_str(value).ok();
        let proto = match self.proto.as_str() {
            "http" => Some(HeaderValue::from_static("http")),
            "https" => Some(HeaderValue::from_static("https")),
            other => text(other),
        };
        let values = [
            (&X_FORWARDED_FOR, text(&self.chain)),
            (&X_FORWARDED_PROTO, proto),
            (&X_FORWARDED_HOST, self.host.as_deref().and_then(text)),
            (&X_FORWARDED_PORT, Some(HeaderValue::from(self.port))),
            (
                &X_FORWARDED_PREFIX,
                Some(self.prefix.as_str())
                    .filter(|p| !p.is_empty())
                    .and_then(text),
            ),
        ];
        for (name, value) in values {
            match value {
                Some(value) => headers.insert(name.clone(), value),
                None => headers.remove(name),
            };
        }
        if !headers.contains_key(header::HOST) {
            // HTTP/2 clients send :authority; HTTP/1.1 upstreams need Host.
            if let Some(host) = self
                .original_host
                .as_deref()
                .and_then(|h| HeaderValue::from_str(h).ok())
            {
                headers.insert(header::HOST, host);
            }
        }
    }

    /// `scheme://host[:port]` as the client sees it, if the host is known.
    pub fn public_origin(&self) -> Option<String> {
        let host = self.host.as_deref()?;
        let default_port = if self.proto == "https" { 443 } else { 80 };
        let host_has_port = port_of(host).is_some();
        Some(if host_has_port || self.port == default_port {
            format!("{}://{host}", self.proto)
        } else {
            format!("{}://{host}:{}", self.proto, self.port)
        })
    }
}

/// The comma-separated values of every `name` header, in order.
fn values(headers: &HeaderMap, name: &HeaderName) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
        .collect()
}

/// The value the outermost of `trusted` proxies set (ProxyFix's rule:
/// the `trusted`-th value from the right), if there are enough values.
fn trusted_value(headers: &HeaderMap, name: &HeaderName, trusted: usize) -> Option<String> {
    if trusted == 0 {
        return None;
    }
    let all = values(headers, name);
    all.len()
        .checked_sub(trusted)
        .map(|index| all[index].clone())
}

/// The port of a `host[:port]` value, if it names one.
pub fn port_of(host: &str) -> Option<u16> {
    let after_address = match host.rfind(']') {
        Some(end) => &host[end + 1..],
        None => host,
    };
    after_address.rsplit_once(':')?.1.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
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
        let host = HeaderValue::from_static("app.example:8080");
        let seen = Forwarded::new(&spoofed, PEER, Some(&host), "http", 0, "");
        assert_eq!(seen.chain, "10.0.0.9");
        assert_eq!(seen.proto, "http");
        assert_eq!(seen.host.as_deref(), Some("app.example:8080"));
        assert_eq!(seen.port, 8080);
        assert_eq!(seen.prefix, "");
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
        let host = HeaderValue::from_static("dispatcher");
        let seen = Forwarded::new(&through_edge, PEER, Some(&host), "http", 1, "/api");
        assert_eq!(seen.chain, "203.0.113.7, 10.0.0.9");
        assert_eq!(seen.proto, "https");
        assert_eq!(seen.host.as_deref(), Some("public.example"));
        assert_eq!(seen.port, 443);
        assert_eq!(seen.prefix, "/outer/api");
        assert_eq!(
            seen.public_origin().as_deref(),
            Some("https://public.example")
        );
    }

    #[test]
    fn missing_trusted_values_fall_back_to_what_the_dispatcher_sees() {
        let host = HeaderValue::from_static("app.example");
        let seen = Forwarded::new(&HeaderMap::new(), PEER, Some(&host), "http", 2, "/api");
        assert_eq!(seen.chain, "10.0.0.9");
        assert_eq!(
            (seen.proto.as_str(), seen.port, seen.prefix.as_str()),
            ("http", 80, "/api")
        );
        assert_eq!(seen.public_origin().as_deref(), Some("http://app.example"));
    }
}
