//! The `base_url` of `forward`: an absolute http/https/ws/wss URL, and how a
//! forwarded request's upstream URL is composed from it (F1 and F2 of
//! docs/differences-from-mu-dispatcher.md).
//!
//! Literal base URLs are checked and split by the macro at compile time and
//! arrive here through [`BaseUrl::from_static`]; URLs built at run time go
//! through [`BaseUrl::parse`], which applies the same rules.

use std::borrow::Cow;
use std::fmt;

use dispatcher_syntax::parse_base_url;

/// The URL schemes an upstream may have (docs/design/behaviour.md §1.5, §3.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
    Ws,
    Wss,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
            Scheme::Ws => "ws",
            Scheme::Wss => "wss",
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http | Scheme::Ws => 80,
            Scheme::Https | Scheme::Wss => 443,
        }
    }

    /// Whether the connection to the upstream uses TLS.
    pub fn is_tls(self) -> bool {
        matches!(self, Scheme::Https | Scheme::Wss)
    }
}

/// A base URL that is not one: the rule's action fails with a clear message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid base URL {url:?}: {reason}")]
pub struct InvalidBaseUrl {
    pub url: String,
    pub reason: &'static str,
}

/// An upstream's base URL: scheme, host, port and path (no query, fragment or userinfo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    scheme: Scheme,
    /// Lower-case; IPv6 literals keep their brackets.
    host: Cow<'static, str>,
    port: Option<u16>,
    /// Starts with `/`.
    path: Cow<'static, str>,
}

impl BaseUrl {
    /// A base URL the macro has already checked and split.
    #[doc(hidden)]
    pub const fn from_static(
        scheme: Scheme,
        host: &'static str,
        port: Option<u16>,
        path: &'static str,
    ) -> Self {
        BaseUrl {
            scheme,
            host: Cow::Borrowed(host),
            port,
            path: Cow::Borrowed(path),
        }
    }

    /// Parses a base URL built at run time, by the rules the macro applies
    /// to literals (`dispatcher_syntax::parse_base_url`).
    pub fn parse(url: &str) -> Result<Self, InvalidBaseUrl> {
        let parts = parse_base_url(url).map_err(|error| InvalidBaseUrl {
            url: url.to_owned(),
            reason: error.reason(),
        })?;
        let scheme = match parts.scheme {
            "https" => Scheme::Https,
            "ws" => Scheme::Ws,
            "wss" => Scheme::Wss,
            _ => Scheme::Http,
        };
        Ok(BaseUrl {
            scheme,
            host: Cow::Owned(parts.host.to_ascii_lowercase()),
            port: parts.port,
            path: Cow::Owned(parts.path.to_owned()),
        })
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    /// The explicit port, or the scheme's default.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or_else(|| self.scheme.default_port())
    }

    pub fn explicit_port(&self) -> Option<u16> {
        self.port
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// `scheme://host[:port]`: the upstream as logs and metrics name it.
    /// Spelled out for every logged request: one allocation, no `core::fmt`.
    pub fn origin(&self) -> String {
        let scheme = self.scheme.as_str();
        let mut origin = String::with_capacity(scheme.len() + 3 + self.host.len() + 6);
        origin.push_str(scheme);
        origin.push_str("://");
        self.push_authority(&mut origin);
        origin
    }

    /// `host[:port]` as written in the URL.
    pub fn authority(&self) -> String {
        let mut authority = String::with_capacity(self.host.len() + 6);
        self.push_authority(&mut authority);
        authority
    }

    fn push_authority(&self, out: &mut String) {
        out.push_str(&self.host);
        if let Some(port) = self.port {
            out.push(':');
            out.push_str(itoa::Buffer::new().format(port));
        }
    }

    /// The upstream request target: this URL's path, then the segments
    /// joined by `/`, then `?query` when the query string is not empty
    /// (F1). Segments are URL-joined (F2): one `/` goes between a
    /// path that does not end in `/` and the first segment; with no
    /// segments the path is used exactly as written. See
    /// docs/differences-from-mu-dispatcher.md.
    pub fn path_and_query<S: AsRef<str>>(&self, segments: &[S], query: Option<&str>) -> String {
        let query = query.filter(|query| !query.is_empty());
        let extra: usize = segments.iter().map(|s| s.as_ref().len() + 1).sum();
        let mut target =
            String::with_capacity(self.path.len() + extra + query.map_or(0, |q| q.len() + 1));
        target.push_str(&self.path);
        for (index, segment) in segments.iter().enumerate() {
            if index > 0 || !self.path.ends_with('/') {
                target.push('/');
            }
            target.push_str(segment.as_ref());
        }
        if let Some(query) = query {
            target.push('?');
            target.push_str(query);
        }
        target
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}://{}{}",
            self.scheme.as_str(),
            self.authority(),
            self.path
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composition_follows_mu() {
        let themes = BaseUrl::parse("http://resource/themes/").unwrap();
        assert_eq!(
            themes.path_and_query(&["1", "x"], Some("page=2")),
            "/themes/1/x?page=2"
        );
        assert_eq!(themes.path_and_query::<&str>(&[], None), "/themes/");
        let bare = BaseUrl::parse("http://resource").unwrap();
        assert_eq!(bare.path_and_query::<&str>(&[], None), "/");
        assert_eq!(bare.path_and_query(&["a"], None), "/a");
    }

    #[test]
    fn origins_and_authorities_name_the_port_only_when_the_url_does() {
        for (url, origin, authority) in [
            ("http://resource/themes/", "http://resource", "resource"),
            ("https://files:8443/x", "https://files:8443", "files:8443"),
            ("http://[::1]:80", "http://[::1]:80", "[::1]:80"),
            (
                "http://Resource:65535",
                "http://resource:65535",
                "resource:65535",
            ),
        ] {
            let base = BaseUrl::parse(url).unwrap();
            assert_eq!(
                (base.origin().as_str(), base.authority().as_str()),
                (origin, authority),
                "{url}"
            );
        }
    }

    #[test]
    fn an_empty_query_string_is_not_forwarded() {
        // F1: `/themes?` reaches `/themes`, as in mu-dispatcher.
        let themes = BaseUrl::parse("http://resource/themes").unwrap();
        assert_eq!(themes.path_and_query::<&str>(&[], Some("")), "/themes");
        assert_eq!(themes.path_and_query(&["1"], Some("")), "/themes/1");
        assert_eq!(
            themes.path_and_query::<&str>(&[], Some("a=1")),
            "/themes?a=1"
        );
    }

    #[test]
    fn segments_are_url_joined_and_no_segments_call_the_base_as_written() {
        // F2: a base path without a trailing slash gets one `/` before the
        // segments; with none it is called exactly as written.
        let alerts = BaseUrl::parse("http://resource/alert-types").unwrap();
        assert_eq!(alerts.path_and_query::<&str>(&[], None), "/alert-types");
        assert_eq!(alerts.path_and_query(&["1"], None), "/alert-types/1");
        assert_eq!(
            alerts.path_and_query(&["1", "links"], Some("q=x")),
            "/alert-types/1/links?q=x"
        );
        let file = BaseUrl::parse("http://frontend/index.html").unwrap();
        assert_eq!(file.path_and_query::<&str>(&[], None), "/index.html");
        assert_eq!(
            file.path_and_query::<&str>(&[], Some("")),
            "/index.html",
            "F1 and F2 together"
        );
        let slashed = BaseUrl::parse("http://resource/themes/").unwrap();
        assert_eq!(slashed.path_and_query(&["1"], None), "/themes/1");
    }

    #[test]
    fn parts_are_split() {
        let url = BaseUrl::parse("HTTPS://API.Example.com:8443/v1/").unwrap();
        assert_eq!(url.scheme(), Scheme::Https);
        assert_eq!(url.host(), "api.example.com");
        assert_eq!(url.port(), 8443);
        assert_eq!(url.to_string(), "https://api.example.com:8443/v1/");
        let v6 = BaseUrl::parse("ws://[::1]:9000").unwrap();
        assert_eq!((v6.host(), v6.port(), v6.path()), ("[::1]", 9000, "/"));
        assert_eq!(BaseUrl::parse("wss://x").unwrap().port(), 443);
    }

    #[test]
    fn malformed_urls_are_refused() {
        for url in [
            "resource/themes/",
            "ftp://resource/",
            "http://",
            "http:///x",
            "http://user@resource/",
            "http://resource/?a=1",
            "http://resource/#x",
            "http://resource:99999/",
            "http://resource:x/",
            "http://res ource/",
            "http://resource/a b",
            "http://a..b/",
            "http://[::1/",
        ] {
            assert!(BaseUrl::parse(url).is_err(), "{url:?} should be refused");
        }
    }
}
