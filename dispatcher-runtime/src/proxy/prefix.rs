//! Mounting under a public path prefix (docs/design/behaviour.md §4.1): the
//! prefix is stripped before matching, and the `Location`, `Content-Location`
//! and `Refresh` headers of upstream responses that point at the upstream
//! itself, or at a path without the prefix, are rewritten to the public URL.

use http::HeaderMap;
use http::header::{self, HeaderName, HeaderValue};

use super::forwarded::Forwarded;
use crate::base_url::BaseUrl;

/// `path` without the mount prefix, or `None` when it is not under it.
/// `/api` mounts `/api`, `/api/` and `/api/x`, not `/apix`.
pub fn strip<'p>(path: &'p str, prefix: &str) -> Option<&'p str> {
    if prefix.is_empty() {
        return Some(path);
    }
    let rest = path.strip_prefix(prefix)?;
    match rest {
        "" => Some("/"),
        _ if rest.starts_with('/') => Some(rest),
        _ => None,
    }
}

/// Rewrites the redirect headers of a response from `upstream`.
pub fn rewrite_redirects(headers: &mut HeaderMap, upstream: &BaseUrl, public: &Forwarded<'_>) {
    for name in [header::LOCATION, header::CONTENT_LOCATION] {
        rewrite(headers, &name, |value| rewrite_url(value, upstream, public));
    }
    rewrite(headers, &HeaderName::from_static("refresh"), |value| {
        // `5; url=/login`
        let at = value.to_ascii_lowercase().find("url=")? + 4;
        let url = value[at..].trim_matches(|c| c == '\'' || c == '"');
        rewrite_url(url, upstream, public).map(|url| format!("{}{url}", &value[..at]))
    });
}

fn rewrite(headers: &mut HeaderMap, name: &HeaderName, change: impl Fn(&str) -> Option<String>) {
    let Some(value) = headers.get(name).and_then(|v| v.to_str().ok()) else {
        return;
    };
    if let Some(new) = change(value).and_then(|new| HeaderValue::from_str(&new).ok()) {
        tracing::debug!(target: "dispatcher::backend_processing", header = %name, from = value, to = ?new, "redirect rewritten");
        headers.insert(name.clone(), new);
    }
}

/// The public form of a URL an upstream sent, or `None` to leave it.
pub fn rewrite_url(url: &str, upstream: &BaseUrl, public: &Forwarded<'_>) -> Option<String> {
    if url.starts_with('/') && !url.starts_with("//") {
        let prefixed = with_prefix(url, &public.prefix());
        return (prefixed != url).then_some(prefixed);
    }
    let (scheme, rest) = match url.split_once("://") {
        Some(parts) => parts,
        None => ("", url.strip_prefix("//")?),
    };
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(end) => rest.split_at(end),
        None => (rest, ""),
    };
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    if points_at(authority, scheme, upstream) {
        return Some(format!(
            "{}{}",
            public.public_origin()?,
            with_prefix(&path, &public.prefix())
        ));
    }
    let public_host = public.host()?;
    if authority.eq_ignore_ascii_case(public_host) {
        let prefixed = with_prefix(&path, &public.prefix());
        return (prefixed != path).then(|| {
            let scheme = if scheme.is_empty() {
                String::new()
            } else {
                format!("{scheme}:")
            };
            format!("{scheme}//{authority}{prefixed}")
        });
    }
    None
}

/// Whether `authority` (of a URL with `scheme`) is the upstream's own address.
fn points_at(authority: &str, scheme: &str, upstream: &BaseUrl) -> bool {
    let authority = authority.to_ascii_lowercase();
    let default_port = match scheme {
        "https" | "wss" => 443,
        "" => upstream.port(),
        _ => 80,
    };
    authority == upstream.authority()
        || (authority == upstream.host() && upstream.port() == default_port)
        || authority == format!("{}:{}", upstream.host(), upstream.port())
}

fn with_prefix(path: &str, prefix: &str) -> String {
    let under = path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with(['/', '?', '#']));
    if prefix.is_empty() || under {
        path.to_owned()
    } else {
        format!("{prefix}{path}")
    }
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr};

    use super::*;

    static HEADERS: std::sync::LazyLock<HeaderMap> = std::sync::LazyLock::new(|| {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        headers
    });

    fn public(prefix: &'static str) -> Forwarded<'static> {
        Forwarded::new(
            crate::matching::RequestHeaders::Map(&HEADERS),
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            Some("public.example:8443"),
            "http",
            1,
            prefix,
        )
    }

    #[test]
    fn strip_respects_segment_boundaries() {
        assert_eq!(strip("/api/x", "/api"), Some("/x"));
        assert_eq!(strip("/api", "/api"), Some("/"));
        assert_eq!(strip("/api/", "/api"), Some("/"));
        assert_eq!(strip("/apix", "/api"), None);
        assert_eq!(strip("/other", "/api"), None);
        assert_eq!(strip("/x", ""), Some("/x"));
    }

    #[test]
    fn redirects_reach_the_client_with_the_public_url() {
        let upstream = BaseUrl::parse("http://resource/").unwrap();
        let view = public("/api");
        let cases = [
            ("/login", Some("/api/login")),
            ("/api/login", None),
            (
                "http://resource/login?x=1",
                Some("https://public.example:8443/api/login?x=1"),
            ),
            (
                "http://resource:80/",
                Some("https://public.example:8443/api/"),
            ),
            (
                "https://public.example:8443/login",
                Some("https://public.example:8443/api/login"),
            ),
            ("https://public.example:8443/api/login", None),
            ("https://elsewhere.example/login", None),
            ("login", None),
            ("//resource/x", Some("https://public.example:8443/api/x")),
        ];
        for (location, expected) in cases {
            assert_eq!(
                rewrite_url(location, &upstream, &view).as_deref(),
                expected,
                "{location}"
            );
        }
    }

    #[test]
    fn refresh_and_content_location_are_rewritten_too() {
        let upstream = BaseUrl::parse("http://resource/").unwrap();
        let mut headers = HeaderMap::new();
        headers.insert("refresh", HeaderValue::from_static("5; url=/done"));
        headers.insert(
            "content-location",
            HeaderValue::from_static("http://resource/items/1"),
        );
        rewrite_redirects(&mut headers, &upstream, &public("/api"));
        assert_eq!(headers["refresh"], "5; url=/api/done");
        assert_eq!(
            headers["content-location"],
            "https://public.example:8443/api/items/1"
        );
    }

    #[test]
    fn without_a_prefix_only_upstream_addresses_change() {
        let upstream = BaseUrl::parse("http://resource:8080/").unwrap();
        let view = public("");
        assert_eq!(rewrite_url("/login", &upstream, &view), None);
        assert_eq!(
            rewrite_url("http://resource:8080/login", &upstream, &view).as_deref(),
            Some("https://public.example:8443/login")
        );
    }
}
