//! The response head rules (docs/operations.md, "Headers") on a header
//! map: used for HTTP/2 clients, and for HTTP/1.1 responses whose head
//! needs more than the straight copy `proxy::h1` does (rule headers,
//! redirects to rewrite, a tunnel). The request head rules are in
//! `request_head`.

use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use smallvec::SmallVec;

use super::request_head::is_hop_by_hop;

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
        if is_hop_by_hop(name.as_str()) {
            present.push(name.clone());
        }
    }
    for name in &present {
        headers.remove(name);
    }
}

/// The headers sent to the client: the upstream's minus hop-by-hop (kept for a
/// `101 Switching Protocols`), minus a Content-Length beside Transfer-Encoding,
/// `Vary: accept, cookie` when the upstream sent no `Vary`
/// (docs/design/mu-compatibility.md F6), and the headers the rule body added
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
    fn a_switching_response_keeps_its_upgrade() {
        let mut response = map(&[
            ("connection", "upgrade"),
            ("upgrade", "websocket"),
            ("sec-websocket-accept", "x"),
        ]);
        to_client(&mut response, true, &[]);
        assert_eq!(response["upgrade"], "websocket");
        assert_eq!(response["connection"], "upgrade");
        assert_eq!(response["sec-websocket-accept"], "x");
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
