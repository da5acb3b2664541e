//! The request head sent upstream (docs/operations.md, "Headers"), written
//! straight into a byte buffer from the client's fields, whichever protocol
//! brought them:
//!
//! - the client's fields as received, minus hop-by-hop fields (RFC 9110
//!   §7.6.1: the fixed list and those named in `Connection`), minus
//!   `accept-encoding` (the edge compresses, not the services) and `expect`
//!   (the dispatcher answers `100-continue` itself);
//! - `Cookie` fields joined into one with `"; "` (RFC 9113 §8.2.3: HTTP/2
//!   clients send one field per cookie; HTTP/1.1 services read one);
//! - the original `Host` kept, or one made from `:authority`;
//! - `x-rewrite-url` (the original path) and `X-Forwarded-*`, replacing
//!   whatever the client sent ([`Forwarded`]);
//! - `Connection: upgrade` and `Upgrade` for a tunnel;
//! - the body's framing as this dispatcher sends it;
//! - last, the changes the rule's body made (`put_req_header`,
//!   `delete_req_header`), which win over all of the above.

use smallvec::SmallVec;

use super::forwarded::{
    Forwarded, X_FORWARDED_FOR, X_FORWARDED_HOST, X_FORWARDED_PORT, X_FORWARDED_PREFIX,
    X_FORWARDED_PROTO,
};
use crate::conn::HeaderEdit;
use crate::h1::{fields, write};
use crate::matching::RequestHeaders;

/// Hop-by-hop fields (RFC 9110 §7.6.1), plus the proxy ones older proxies
/// treat as such; they describe one connection and are not passed on.
pub const HOP_BY_HOP: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Fields the dispatcher writes itself, so the client's are dropped.
const REPLACED: [&str; 10] = [
    "max-forwards",
    "accept-encoding",
    "expect",
    "content-length",
    "x-rewrite-url",
    X_FORWARDED_FOR,
    X_FORWARDED_PROTO,
    X_FORWARDED_HOST,
    X_FORWARDED_PORT,
    X_FORWARDED_PREFIX,
];

/// How the body goes upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpstreamFraming {
    /// No body; `content-length: 0` is sent when the method usually has one.
    Empty,
    Length(u64),
    Chunked,
}

/// What the upstream request is made of.
pub struct UpstreamRequest<'a> {
    pub method: &'a str,
    /// Path and query on the upstream.
    pub target: &'a str,
    pub headers: RequestHeaders<'a>,
    pub forwarded: &'a Forwarded<'a>,
    /// The path as the client sent it, for `x-rewrite-url`.
    pub original_path: &'a str,
    /// The authority of the request target (HTTP/2 `:authority`, an
    /// absolute-form target): the Host sent upstream, whatever Host the
    /// client sent (RFC 9112 §3.2.2, RFC 9113 §8.3.1).
    pub authority: Option<&'a str>,
    /// This hop in `Via` (RFC 9110 §7.6.3): the protocol the request came
    /// in with and the pseudonym, `1.1 dispatcher`.
    pub via: &'static str,
    /// The protocol a tunnel asks for (`Upgrade`).
    pub upgrade: Option<&'a [u8]>,
    pub framing: UpstreamFraming,
    pub edits: &'a [HeaderEdit],
}

/// Whether `name` is one of the fields in `list` (names are lower-case).
fn listed(list: &[&str], name: &str) -> bool {
    list.iter().any(|listed| listed.eq_ignore_ascii_case(name))
}

/// The field names the `Connection` fields of a message list: they are
/// hop-by-hop too (RFC 9110 §7.6.1). Read once per message.
pub struct ConnectionOptions<'a>(SmallVec<[&'a [u8]; 4]>);

impl<'a> ConnectionOptions<'a> {
    pub fn of(values: impl Iterator<Item = &'a [u8]>) -> Self {
        ConnectionOptions(values.flat_map(fields::list).collect())
    }

    /// Whether `name` is listed.
    pub fn names(&self, name: &str) -> bool {
        self.0
            .iter()
            .any(|listed| listed.eq_ignore_ascii_case(name.as_bytes()))
    }
}

impl UpstreamRequest<'_> {
    /// The last change the rule made to `name`, if any.
    fn edit(&self, name: &str) -> Option<&HeaderEdit> {
        self.edits.iter().rev().find(|edit| match edit {
            HeaderEdit::Put(edited, _) | HeaderEdit::Delete(edited) => {
                edited.as_str().eq_ignore_ascii_case(name)
            }
        })
    }

    /// Writes the whole head, through the blank line, to `out`.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.method.as_bytes());
        out.push(b' ');
        out.extend_from_slice(self.target.as_bytes());
        out.extend_from_slice(b" HTTP/1.1\r\n");

        let options = ConnectionOptions::of(self.headers.get_all("connection"));
        let edits = !self.edits.is_empty();
        let mut cookie_written = false;
        let mut host_written = false;
        for (name, value) in self.headers.iter() {
            if listed(&HOP_BY_HOP, name)
                || listed(&REPLACED, name)
                || options.names(name)
                || (edits && self.edit(name).is_some())
            {
                continue;
            }
            if name.eq_ignore_ascii_case("cookie") {
                if !cookie_written {
                    cookie_written = true;
                    self.write_cookies(out, name);
                }
                continue;
            }
            if name.eq_ignore_ascii_case("host") {
                if self.authority.is_some() {
                    continue;
                }
                host_written = true;
            }
            write::header(out, name.as_bytes(), value);
        }
        if !host_written
            && self.edit("host").is_none()
            && let Some(host) = self.authority.or(self.forwarded.original_host())
        {
            // HTTP/2 clients send :authority; HTTP/1.1 upstreams need Host.
            write::header(out, b"host", host.as_bytes());
        }
        self.write_generated(out);
        if let Some(protocol) = self.upgrade {
            out.extend_from_slice(b"connection: upgrade\r\n");
            write::header(out, b"upgrade", protocol);
        }
        match self.framing {
            UpstreamFraming::Length(length) => write::content_length(out, length),
            UpstreamFraming::Chunked => out.extend_from_slice(b"transfer-encoding: chunked\r\n"),
            UpstreamFraming::Empty => {
                if matches!(self.method, "POST" | "PUT" | "PATCH") {
                    out.extend_from_slice(b"content-length: 0\r\n");
                }
            }
        }
        for edit in self.edits {
            if let HeaderEdit::Put(name, value) = edit
                && matches!(self.edit(name.as_str()), Some(HeaderEdit::Put(_, last)) if std::ptr::eq(last, value))
            {
                write::header(out, name.as_str().as_bytes(), value.as_bytes());
            }
        }
        out.extend_from_slice(b"\r\n");
    }

    /// Every `Cookie` field's value, in order, joined by `"; "` (empty
    /// ones left out).
    fn write_cookies(&self, out: &mut Vec<u8>, name: &str) {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        let mut first = true;
        for value in self.headers.get_all("cookie").map(fields::trim) {
            if value.is_empty() {
                continue;
            }
            if !first {
                out.extend_from_slice(b"; ");
            }
            first = false;
            out.extend_from_slice(value);
        }
        out.extend_from_slice(b"\r\n");
    }

    /// `Via`, `Max-Forwards`, `x-rewrite-url` and `X-Forwarded-*`, unless
    /// the rule set them.
    fn write_generated(&self, out: &mut Vec<u8>) {
        let free = |name: &str| self.edits.is_empty() || self.edit(name).is_none();
        if free("via") {
            write::header(out, b"via", self.via.as_bytes());
        }
        if free("max-forwards")
            && let Some(hops) = self.headers.get("max-forwards")
        {
            // Counted down on OPTIONS and TRACE (RFC 9110 §7.6.2); passed
            // on as it is otherwise.
            match (
                max_forwards_counts(self.method),
                fields::content_length(hops),
            ) {
                (true, Some(hops)) => {
                    out.extend_from_slice(b"max-forwards: ");
                    write::push_decimal(out, hops.saturating_sub(1));
                    out.extend_from_slice(b"\r\n");
                }
                _ => write::header(out, b"max-forwards", hops),
            }
        }
        if free("x-rewrite-url") {
            write::header(out, b"x-rewrite-url", self.original_path.as_bytes());
        }
        let forwarded = self.forwarded;
        if free(X_FORWARDED_FOR) {
            out.extend_from_slice(b"x-forwarded-for: ");
            forwarded.write_chain(out);
            out.extend_from_slice(b"\r\n");
        }
        if free(X_FORWARDED_PROTO) {
            write::header(
                out,
                X_FORWARDED_PROTO.as_bytes(),
                forwarded.proto().as_bytes(),
            );
        }
        if free(X_FORWARDED_HOST)
            && let Some(host) = forwarded.host()
        {
            write::header(out, X_FORWARDED_HOST.as_bytes(), host.as_bytes());
        }
        if free(X_FORWARDED_PORT) {
            out.extend_from_slice(b"x-forwarded-port: ");
            write::push_decimal(out, u64::from(forwarded.port()));
            out.extend_from_slice(b"\r\n");
        }
        let prefix = forwarded.prefix();
        if !prefix.is_empty() && free(X_FORWARDED_PREFIX) {
            write::header(out, X_FORWARDED_PREFIX.as_bytes(), prefix.as_bytes());
        }
    }
}

/// Whether `Max-Forwards` counts hops for `method` (RFC 9110 §7.6.2).
pub fn max_forwards_counts(method: &str) -> bool {
    method == "OPTIONS" || method == "TRACE"
}

/// Whether `Max-Forwards: 0` makes the dispatcher the final recipient of
/// a request with `method` and `headers`.
pub fn is_last_hop(method: &str, headers: RequestHeaders<'_>) -> bool {
    max_forwards_counts(method)
        && headers.get("max-forwards").and_then(fields::content_length) == Some(0)
}

/// The `Via` entry for a request that came in over HTTP/1.`minor`, or HTTP/2.
pub fn via(version: http::Version) -> &'static str {
    match version {
        http::Version::HTTP_10 => "1.0 dispatcher",
        http::Version::HTTP_2 => "2 dispatcher",
        _ => "1.1 dispatcher",
    }
}

/// Whether `name` is a hop-by-hop field.
pub fn is_hop_by_hop(name: &str) -> bool {
    listed(&HOP_BY_HOP, name)
}

/// The `Upgrade` value of a request that asks for a tunnel (WebSocket and
/// others): `Connection: upgrade` and an `Upgrade` other than h2c, which is
/// negotiated with the dispatcher itself.
pub fn requested_upgrade<'h>(headers: RequestHeaders<'h>) -> Option<&'h [u8]> {
    let asks = headers
        .get_all("connection")
        .any(|value| fields::has_token(value, "upgrade"));
    let protocol = fields::trim(headers.get("upgrade")?);
    (asks && !protocol.eq_ignore_ascii_case(b"h2c")).then_some(protocol)
}

#[cfg(test)]
mod tests {
    use http::HeaderMap;
    use http::header::{HeaderName, HeaderValue};

    use super::*;

    fn head(
        fields: &[httparse::Header<'_>],
        edits: &[HeaderEdit],
        framing: UpstreamFraming,
    ) -> String {
        let headers = RequestHeaders::Fields(fields);
        let forwarded = Forwarded::new(
            headers,
            "10.1.2.3".parse().unwrap(),
            headers.get_str("host"),
            "http",
            0,
            "",
        );
        let request = UpstreamRequest {
            method: "GET",
            target: "/themes/1?x=1",
            headers,
            forwarded: &forwarded,
            original_path: "/api/themes/1",
            authority: None,
            via: "1.1 dispatcher",
            upgrade: requested_upgrade(headers),
            framing,
            edits,
        };
        let mut out = Vec::new();
        request.write(&mut out);
        String::from_utf8(out).unwrap()
    }

    fn field<'a>(name: &'a str, value: &'a str) -> httparse::Header<'a> {
        httparse::Header {
            name,
            value: value.as_bytes(),
        }
    }

    #[test]
    fn hop_by_hop_and_replaced_fields_go_and_ours_come() {
        let fields = [
            field("Host", "example.com:8080"),
            field("Connection", "keep-alive, X-Secret"),
            field("Keep-Alive", "timeout=5"),
            field("X-Secret", "1"),
            field("TE", "trailers"),
            field("Proxy-Authorization", "Basic x"),
            field("Accept-Encoding", "gzip"),
            field("Expect", "100-continue"),
            field("X-Forwarded-For", "192.0.2.1"),
            field("X-Forwarded-Host", "evil.example"),
            field("Accept", "text/html"),
            field("Content-Length", "5"),
        ];
        assert_eq!(
            head(&fields, &[], UpstreamFraming::Length(5)),
            "GET /themes/1?x=1 HTTP/1.1\r\n\
             Host: example.com:8080\r\n\
             Accept: text/html\r\n\
             via: 1.1 dispatcher\r\n\
             x-rewrite-url: /api/themes/1\r\n\
             x-forwarded-for: 10.1.2.3\r\n\
             x-forwarded-proto: http\r\n\
             x-forwarded-host: example.com:8080\r\n\
             x-forwarded-port: 8080\r\n\
             content-length: 5\r\n\r\n"
        );
    }

    #[test]
    fn cookies_become_one_field() {
        let fields = [
            field("host", "x"),
            field("cookie", "a=1"),
            field("accept", "*/*"),
            field("cookie", " "),
            field("cookie", "branch=blue"),
        ];
        let written = head(&fields, &[], UpstreamFraming::Empty);
        assert!(
            written.contains("\r\ncookie: a=1; branch=blue\r\naccept: */*\r\n"),
            "{written}"
        );
        assert_eq!(written.matches("cookie").count(), 1, "{written}");
    }

    #[test]
    fn the_rules_edits_win() {
        let fields = [
            field("Host", "x"),
            field("X-Drop", "1"),
            field("X-Keep", "2"),
        ];
        let edits = [
            HeaderEdit::Put(
                HeaderName::from_static("x-added"),
                HeaderValue::from_static("a"),
            ),
            HeaderEdit::Delete(HeaderName::from_static("x-drop")),
            HeaderEdit::Put(
                HeaderName::from_static("x-forwarded-for"),
                HeaderValue::from_static("set-by-rule"),
            ),
            HeaderEdit::Put(
                HeaderName::from_static("x-added"),
                HeaderValue::from_static("b"),
            ),
        ];
        let written = head(&fields, &edits, UpstreamFraming::Empty);
        assert!(!written.contains("X-Drop"), "{written}");
        assert!(written.contains("X-Keep: 2\r\n"), "{written}");
        assert!(
            written.contains("x-forwarded-for: set-by-rule\r\n"),
            "{written}"
        );
        assert_eq!(written.matches("x-forwarded-for").count(), 1, "{written}");
        assert!(
            written.contains("x-added: b\r\n") && !written.contains("x-added: a"),
            "{written}"
        );
    }

    #[test]
    fn tunnels_keep_their_upgrade_and_http2_requests_get_a_host() {
        let fields = [
            field("Host", "x"),
            field("Connection", "Upgrade"),
            field("Upgrade", "websocket"),
        ];
        let written = head(&fields, &[], UpstreamFraming::Empty);
        assert!(
            written.contains("connection: upgrade\r\nupgrade: websocket\r\n"),
            "{written}"
        );
        let h2c = [
            field("Host", "x"),
            field("Connection", "Upgrade, HTTP2-Settings"),
            field("Upgrade", "h2c"),
        ];
        assert_eq!(requested_upgrade(RequestHeaders::Fields(&h2c)), None);

        let map = HeaderMap::new();
        let headers = RequestHeaders::Map(&map);
        let forwarded = Forwarded::new(
            headers,
            "::1".parse().unwrap(),
            Some("[::1]"),
            "http",
            0,
            "",
        );
        let request = UpstreamRequest {
            method: "POST",
            target: "/",
            headers,
            forwarded: &forwarded,
            original_path: "/",
            authority: Some("[::1]"),
            via: "2 dispatcher",
            upgrade: None,
            framing: UpstreamFraming::Empty,
            edits: &[],
        };
        let mut out = Vec::new();
        request.write(&mut out);
        let written = String::from_utf8(out).unwrap();
        assert!(written.contains("host: [::1]\r\n"), "{written}");
        assert!(written.contains("x-forwarded-port: 80\r\n"), "{written}");
        assert!(written.contains("content-length: 0\r\n"), "{written}");
    }
}
