//! Header rewriting on the way to the upstream (SPEC §3.3) and back to the
//! client (SPEC §3.4).

use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Uri, Version};
use smallvec::SmallVec;

use super::forwarded::Forwarded;
use crate::action::HeaderEdit;

/// Hop-by-hop headers (RFC 9110 §7.6.1), plus the proxy ones that older
/// proxies treat as such; they describe one connection and are not passed on.
const HOP_BY_HOP: [HeaderName; 9] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

static X_REWRITE_URL: HeaderName = HeaderName::from_static("x-rewrite-url");

/// Removes hop-by-hop headers and those named in `Connection`. One pass
/// over the names present finds them; most messages have none but
/// `Connection` itself, so this rarely removes more than one.
pub fn remove_hop_by_hop(headers: &mut HeaderMap) {
    let mut present: SmallVec<[HeaderName; 4]> = SmallVec::new();
    for value in headers.get_all(header::CONNECTION) {
        let Ok(value) = value.to_str() else { continue };
        for name in value.split(',') {
            if let Ok(name) = HeaderName::from_bytes(name.trim().as_bytes()) {
                present.push(name);
            }
        }
    }
    for name in headers.keys() {
        if HOP_BY_HOP.contains(name) {
            present.push(name.clone());
        }
    }
    for name in &present {
        headers.remove(name);
    }
}

/// The headers sent upstream: the client's, minus hop-by-hop and
/// `accept-encoding`, plus `x-rewrite-url` and `X-Forwarded-*`; the original
/// `Host` is kept. `upgrade` is the client's `Upgrade` value when the request
/// is tunnelled. The body's edits come last.
pub fn to_upstream(
    headers: &mut HeaderMap,
    forwarded: &Forwarded,
    original_path: &str,
    upgrade: Option<HeaderValue>,
    edits: &[HeaderEdit],
) {
    remove_hop_by_hop(headers);
    join_cookies(headers);
    // The edge compresses, not the services (MU-QUIRKS F4).
    headers.remove(header::ACCEPT_ENCODING);
    if let Ok(path) = HeaderValue::from_str(original_path) {
        headers.insert(X_REWRITE_URL.clone(), path);
    }
    forwarded.apply(headers);
    if let Some(protocol) = upgrade {
        headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(header::UPGRADE, protocol);
    }
    apply_edits(headers, edits);
}

/// Adds the dispatcher to `Via` (RFC 9110 §7.6.3: a gateway MUST send Via
/// in each request it forwards): the protocol the request came in with and
/// the pseudonym `dispatcher`, after any Via the client sent.
pub fn add_via(headers: &mut HeaderMap, received: Version) {
    let via = match received {
        Version::HTTP_09 => "0.9 dispatcher",
        Version::HTTP_10 => "1.0 dispatcher",
        Version::HTTP_2 => "2 dispatcher",
        Version::HTTP_3 => "3 dispatcher",
        _ => "1.1 dispatcher",
    };
    headers.append(header::VIA, HeaderValue::from_static(via));
}

/// Max-Forwards on an OPTIONS or TRACE request (RFC 9110 §7.6.2): returns
/// false when it is 0, so that the dispatcher answers as the final
/// recipient instead of forwarding; a larger value is decremented. Other
/// methods, and values that are no number, are left as they are.
pub fn take_max_forwards_hop(method: &Method, headers: &mut HeaderMap) -> bool {
    if *method != Method::OPTIONS && *method != Method::TRACE {
        return true;
    }
    let Some(hops) = headers
        .get(header::MAX_FORWARDS)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
    else {
        return true;
    };
    if hops == 0 {
        return false;
    }
    headers.insert(header::MAX_FORWARDS, HeaderValue::from(hops - 1));
    true
}

/// Joins several `Cookie` fields into one, in their order, with `"; "`.
/// HTTP/2 clients send one field per cookie; RFC 9113 §8.2.3 requires them
/// joined before the request goes on over HTTP/1.1, where a service may
/// read only one Cookie header (RFC 6265 §5.4). HTTP/1.1 clients that send
/// several get the same. Empty fields are dropped.
pub fn join_cookies(headers: &mut HeaderMap) {
    let mut values = headers.get_all(header::COOKIE).iter();
    if let (Some(_), None) | (None, _) = (values.next(), values.next()) {
        return;
    }
    let mut joined: Vec<u8> = Vec::new();
    for value in headers.get_all(header::COOKIE) {
        let value = value.as_bytes().trim_ascii();
        if value.is_empty() {
            continue;
        }
        if !joined.is_empty() {
            joined.extend_from_slice(b"; ");
        }
        joined.extend_from_slice(value);
    }
    // Valid values joined by "; " make a valid value.
    if let Ok(value) = HeaderValue::from_bytes(&joined) {
        headers.insert(header::COOKIE, value);
    }
}

/// When the request target carries an authority (HTTP/2 `:authority`, or
/// an HTTP/1.1 absolute-form target), that authority is the Host sent
/// upstream, replacing any Host the client sent (RFC 9112 §3.2.2, RFC 9113
/// §8.3.1): the upstream sees the host the rules matched on.
pub fn host_from_target(headers: &mut HeaderMap, uri: &Uri) {
    if let Some(authority) = uri.authority()
        && let Ok(host) = HeaderValue::from_str(authority.as_str())
    {
        headers.insert(header::HOST, host);
    }
}

/// The headers sent to the client: the upstream's minus hop-by-hop (kept
/// for a `101 Switching Protocols`), minus a Content-Length beside
/// Transfer-Encoding, `Vary: accept, cookie` when the upstream sent no
/// `Vary` (MU-QUIRKS F6), and the headers the rule body added
/// ([`add_from_rule`]).
pub fn to_client(
    headers: &mut HeaderMap,
    switching_protocols: bool,
    added: &[(HeaderName, HeaderValue)],
) {
    // RFC 9112 §6.3: Transfer-Encoding frames the message, and an
    // intermediary MUST remove a Content-Length beside it before forwarding.
    if headers.contains_key(header::TRANSFER_ENCODING) {
        headers.remove(header::CONTENT_LENGTH);
    }
    if switching_protocols {
        let upgrade = headers.remove(header::UPGRADE);
        remove_hop_by_hop(headers);
        if let Some(upgrade) = upgrade {
            headers.insert(header::CONNECTION, HeaderValue::from_static("upgrade"));
            headers.insert(header::UPGRADE, upgrade);
        }
    } else {
        remove_hop_by_hop(headers);
    }
    add_vary(headers);
    add_from_rule(headers, added);
}

/// The upstream response's Transfer-Encoding when it is anything but
/// `chunked` alone: the body is then coded in a way the dispatcher neither
/// decodes nor can declare to the client (Transfer-Encoding is hop-by-hop),
/// so the response is refused (502) rather than passed on mislabelled.
pub fn unsupported_transfer_coding(headers: &HeaderMap) -> Option<String> {
    if !headers.contains_key(header::TRANSFER_ENCODING) {
        return None;
    }
    let mut codings = headers
        .get_all(header::TRANSFER_ENCODING)
        .iter()
        .flat_map(|value| value.as_bytes().split(|&b| b == b','))
        .map(<[u8]>::trim_ascii)
        .filter(|coding| !coding.is_empty());
    if let (Some(only), None) = (codings.next(), codings.next())
        && only.eq_ignore_ascii_case(b"chunked")
    {
        return None;
    }
    let all: Vec<String> = headers
        .get_all(header::TRANSFER_ENCODING)
        .iter()
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect();
    Some(all.join(", "))
}

/// `Vary: accept, cookie` unless a `Vary` is there already.
pub fn add_vary(headers: &mut HeaderMap) {
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept, cookie"));
    }
}

/// The headers a rule body queued (`put_resp_header`, `cors`): each replaces
/// the response's own, except `Vary`, whose tokens are merged into the
/// response's, since the answer still depends on what it named before.
pub fn add_from_rule(headers: &mut HeaderMap, added: &[(HeaderName, HeaderValue)]) {
    for (name, value) in added {
        if name == header::VARY {
            merge_vary(headers, value);
        } else {
            headers.insert(name.clone(), value.clone());
        }
    }
}

/// Adds the tokens of `added` to the response's `Vary`, each once (compared
/// without regard to case); `*` already covers every token.
fn merge_vary(headers: &mut HeaderMap, added: &HeaderValue) {
    let existing = headers.get_all(header::VARY);
    let (Some(added_text), true) = (
        added.to_str().ok(),
        existing.iter().all(|value| value.to_str().is_ok()),
    ) else {
        // Not text: leave the values as they are, ours beside the upstream's.
        headers.append(header::VARY, added.clone());
        return;
    };
    let mut tokens: Vec<String> = existing
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
        .collect();
    if tokens.iter().any(|token| token == "*") {
        return;
    }
    let before = tokens.len();
    for token in added_text
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if token == "*" {
            headers.insert(header::VARY, HeaderValue::from_static("*"));
            return;
        }
        if !tokens.iter().any(|known| known.eq_ignore_ascii_case(token)) {
            tokens.push(token.to_owned());
        }
    }
    if tokens.len() > before {
        // Tokens of valid header values joined by ", " make a valid value.
        if let Ok(merged) = HeaderValue::from_str(&tokens.join(", ")) {
            headers.insert(header::VARY, merged);
        }
    }
}

fn apply_edits(headers: &mut HeaderMap, edits: &[HeaderEdit]) {
    for edit in edits {
        match edit {
            HeaderEdit::Put(name, value) => {
                headers.insert(name.clone(), value.clone());
            }
            HeaderEdit::Delete(name) => {
                headers.remove(name);
            }
        }
    }
}

/// Whether the request asks for a protocol upgrade (WebSocket and others):
/// HTTP/1.1 with `Connection: upgrade` and an `Upgrade` header.
pub fn requested_upgrade(headers: &HeaderMap) -> Option<HeaderValue> {
    let asks = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|token| token.trim().eq_ignore_ascii_case("upgrade"));
    // h2c is negotiated with the dispatcher itself, never passed on.
    let protocol = headers.get(header::UPGRADE)?;
    (asks && !protocol.as_bytes().eq_ignore_ascii_case(b"h2c")).then(|| protocol.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        headers
    }

    fn forwarded(headers: &HeaderMap, host: &'static str) -> Forwarded {
        let host = HeaderValue::from_static(host);
        Forwarded::new(
            headers,
            "10.1.2.3".parse().unwrap(),
            Some(&host),
            "http",
            0,
            "",
        )
    }

    #[test]
    fn hop_by_hop_headers_and_those_named_in_connection_are_removed() {
        let mut headers = map(&[
            ("connection", "keep-alive, x-secret"),
            ("keep-alive", "timeout=5"),
            ("x-secret", "1"),
            ("te", "trailers"),
            ("transfer-encoding", "chunked"),
            ("upgrade", "websocket"),
            ("proxy-authorization", "Basic x"),
            ("accept", "text/html"),
        ]);
        remove_hop_by_hop(&mut headers);
        assert_eq!(
            headers.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
            ["accept"]
        );
    }

    #[test]
    fn upstream_request_gets_forwarding_headers_and_keeps_host() {
        let mut headers = map(&[
            ("host", "example.com:8080"),
            ("accept-encoding", "gzip"),
            ("x-forwarded-for", "192.0.2.1"),
            ("cookie", "a=b"),
        ]);
        let edits = [
            HeaderEdit::Put(
                HeaderName::from_static("x-user"),
                HeaderValue::from_static("42"),
            ),
            HeaderEdit::Delete(HeaderName::from_static("cookie")),
        ];
        let view = forwarded(&headers, "example.com:8080");
        to_upstream(&mut headers, &view, "/themes/1", None, &edits);
        assert_eq!(headers["host"], "example.com:8080");
        assert!(!headers.contains_key("accept-encoding"));
        assert_eq!(headers["x-rewrite-url"], "/themes/1");
        assert_eq!(
            headers["x-forwarded-for"], "10.1.2.3",
            "no hop is trusted by default"
        );
        assert_eq!(headers["x-forwarded-proto"], "http");
        assert_eq!(headers["x-forwarded-host"], "example.com:8080");
        assert_eq!(headers["x-forwarded-port"], "8080");
        assert_eq!(headers["x-user"], "42");
        assert!(!headers.contains_key("cookie"));
    }

    #[test]
    fn http2_requests_get_a_host_header_from_the_authority() {
        let mut headers = HeaderMap::new();
        let view = forwarded(&headers, "[::1]");
        to_upstream(&mut headers, &view, "/", None, &[]);
        assert_eq!(headers["host"], "[::1]");
        assert_eq!(headers["x-forwarded-port"], "80");
    }

    #[test]
    fn upgrades_keep_their_upgrade_headers() {
        let mut headers = map(&[("connection", "Upgrade"), ("upgrade", "websocket")]);
        let upgrade = requested_upgrade(&headers);
        assert_eq!(upgrade.as_ref().unwrap(), "websocket");
        let view = forwarded(&headers, "example.com");
        to_upstream(&mut headers, &view, "/ws", upgrade, &[]);
        assert_eq!(headers["connection"], "upgrade");
        assert_eq!(headers["upgrade"], "websocket");

        let h2c = map(&[
            ("connection", "Upgrade, HTTP2-Settings"),
            ("upgrade", "h2c"),
        ]);
        assert_eq!(requested_upgrade(&h2c), None, "h2c is not tunnelled");

        let mut response = map(&[
            ("connection", "upgrade"),
            ("upgrade", "websocket"),
            ("sec-websocket-accept", "x"),
        ]);
        to_client(&mut response, true, &[]);
        assert_eq!(response["upgrade"], "websocket");
        assert_eq!(response["connection"], "upgrade");
    }

    #[test]
    fn responses_get_vary_unless_they_have_one() {
        let mut plain = map(&[("content-type", "text/plain"), ("connection", "close")]);
        to_client(
            &mut plain,
            false,
            &[(
                HeaderName::from_static("x-extra"),
                HeaderValue::from_static("1"),
            )],
        );
        assert_eq!(plain["vary"], "accept, cookie");
        assert_eq!(plain["x-extra"], "1");
        assert!(!plain.contains_key("connection"));
        let mut varied = map(&[("vary", "origin")]);
        to_client(&mut varied, false, &[]);
        assert_eq!(varied["vary"], "origin");
    }

    #[test]
    fn via_names_the_protocol_received_after_the_clients_via() {
        let mut headers = map(&[("via", "1.1 edge")]);
        add_via(&mut headers, Version::HTTP_2);
        let via: Vec<_> = headers.get_all("via").iter().collect();
        assert_eq!(via, ["1.1 edge", "2 dispatcher"]);
        let mut plain = HeaderMap::new();
        add_via(&mut plain, Version::HTTP_11);
        assert_eq!(plain["via"], "1.1 dispatcher");
    }

    #[test]
    fn max_forwards_counts_down_on_options_and_trace_only() {
        let mut three = map(&[("max-forwards", "3")]);
        assert!(take_max_forwards_hop(&Method::OPTIONS, &mut three));
        assert_eq!(three["max-forwards"], "2");
        let mut zero = map(&[("max-forwards", "0")]);
        assert!(!take_max_forwards_hop(&Method::TRACE, &mut zero));
        assert!(
            take_max_forwards_hop(&Method::GET, &mut zero),
            "GET ignores it"
        );
        assert_eq!(zero["max-forwards"], "0");
        let mut absent = HeaderMap::new();
        assert!(take_max_forwards_hop(&Method::OPTIONS, &mut absent));
        assert!(!absent.contains_key("max-forwards"));
        let mut junk = map(&[("max-forwards", "many")]);
        assert!(take_max_forwards_hop(&Method::OPTIONS, &mut junk));
        assert_eq!(junk["max-forwards"], "many");
    }

    #[test]
    fn several_cookie_fields_are_joined_into_one() {
        let mut headers = map(&[
            ("cookie", "a=1"),
            ("accept", "*/*"),
            ("cookie", ""),
            ("cookie", "branch=blue; session=x"),
        ]);
        join_cookies(&mut headers);
        let cookies: Vec<_> = headers.get_all("cookie").iter().collect();
        assert_eq!(cookies, ["a=1; branch=blue; session=x"]);
        let mut one = map(&[("cookie", "a=1;b=2")]);
        join_cookies(&mut one);
        assert_eq!(one["cookie"], "a=1;b=2", "a single field is left as sent");
    }

    #[test]
    fn content_length_beside_transfer_encoding_is_not_passed_on() {
        let mut both = map(&[
            ("content-length", "3"),
            ("transfer-encoding", "chunked"),
            ("x-kept", "1"),
        ]);
        to_client(&mut both, false, &[]);
        assert!(!both.contains_key("content-length"));
        assert!(!both.contains_key("transfer-encoding"), "hop-by-hop");
        assert_eq!(both["x-kept"], "1");
        let mut length = map(&[("content-length", "3")]);
        to_client(&mut length, false, &[]);
        assert_eq!(length["content-length"], "3");
    }

    #[test]
    fn only_chunked_alone_is_a_transfer_coding_that_can_be_passed_on() {
        let coding = |values: &[&str]| {
            let pairs: Vec<(&str, &str)> =
                values.iter().map(|v| ("transfer-encoding", *v)).collect();
            unsupported_transfer_coding(&map(&pairs))
        };
        assert_eq!(coding(&[]), None);
        assert_eq!(coding(&["chunked"]), None);
        assert_eq!(coding(&["Chunked "]), None);
        assert_eq!(coding(&["chunked,"]), None);
        assert_eq!(coding(&["gzip, chunked"]).as_deref(), Some("gzip, chunked"));
        assert_eq!(
            coding(&["gzip", "chunked"]).as_deref(),
            Some("gzip, chunked")
        );
        assert_eq!(
            coding(&["chunked", "chunked"]).as_deref(),
            Some("chunked, chunked")
        );
        assert_eq!(coding(&["gzip"]).as_deref(), Some("gzip"));
        assert_eq!(coding(&[""]).as_deref(), Some(""));
    }

    fn vary_from_rule(value: &'static str) -> [(HeaderName, HeaderValue); 1] {
        [(header::VARY, HeaderValue::from_static(value))]
    }

    fn vary_of(headers: &HeaderMap) -> Vec<&str> {
        headers
            .get_all(header::VARY)
            .iter()
            .map(|value| value.to_str().unwrap())
            .collect()
    }

    #[test]
    fn vary_from_a_rule_merges_into_the_default_or_the_upstreams() {
        let mut plain = HeaderMap::new();
        to_client(&mut plain, false, &vary_from_rule("origin"));
        assert_eq!(vary_of(&plain), ["accept, cookie, origin"]);

        let mut varied = map(&[("vary", "Accept-Language"), ("vary", "Origin, accept")]);
        to_client(&mut varied, false, &vary_from_rule("origin, x-tenant"));
        assert_eq!(
            vary_of(&varied),
            ["Accept-Language, Origin, accept, x-tenant"]
        );

        let mut same = map(&[("vary", "origin")]);
        to_client(&mut same, false, &vary_from_rule("ORIGIN"));
        assert_eq!(
            vary_of(&same),
            ["origin"],
            "no duplicate, case-insensitively"
        );
    }

    #[test]
    fn vary_star_covers_everything() {
        let mut star = map(&[("vary", "*")]);
        to_client(&mut star, false, &vary_from_rule("origin"));
        assert_eq!(vary_of(&star), ["*"]);

        let mut plain = HeaderMap::new();
        to_client(&mut plain, false, &vary_from_rule("origin, *"));
        assert_eq!(vary_of(&plain), ["*"]);
    }

    #[test]
    fn several_vary_headers_from_a_rule_all_merge_and_others_replace() {
        let mut headers = map(&[("vary", "accept"), ("x-served-by", "upstream")]);
        let added = [
            (header::VARY, HeaderValue::from_static("origin")),
            (
                HeaderName::from_static("x-served-by"),
                HeaderValue::from_static("rule"),
            ),
            (
                header::VARY,
                HeaderValue::from_static("access-control-request-method"),
            ),
        ];
        add_from_rule(&mut headers, &added);
        assert_eq!(
            vary_of(&headers),
            ["accept, origin, access-control-request-method"]
        );
        assert_eq!(headers["x-served-by"], "rule");
    }

    #[test]
    fn a_vary_that_is_not_text_is_kept_beside_the_rules() {
        let mut headers = HeaderMap::new();
        headers.insert(header::VARY, HeaderValue::from_bytes(b"x-\xff").unwrap());
        add_from_rule(&mut headers, &vary_from_rule("origin"));
        assert_eq!(headers.get_all(header::VARY).iter().count(), 2);
    }
}
