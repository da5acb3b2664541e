//! CORS for rule bodies (docs/design/behaviour.md §4.5): a [`Cors`] policy,
//! written once as a `const` in the rules file and checked when the rules are
//! built, and two functions for bodies. [`cors_preflight`] answers a preflight
//! `OPTIONS` itself; [`cors`] queues the CORS headers on `conn`, so they are
//! added to whatever response the body then produces, forwarded or `send_resp`.
//!
//! ```
//! use dispatcher::prelude::*;
//!
//! const CORS: Cors = Cors::new()
//!     .allow_origins(&["https://app.example.org"])
//!     .allow_credentials(true)
//!     .allow_methods(&["GET", "POST"])
//!     .allow_headers(&["content-type"]);
//! ```
//!
//! Combining [`Cors::allow_any_origin`] with credentials does not build:
//!
//! ```compile_fail,E0080
//! use dispatcher::prelude::*;
//!
//! const CORS: Cors = Cors::new().allow_any_origin().allow_credentials(true);
//! ```

use http::header::{self, HeaderName, HeaderValue};

use crate::action::{Action, send_resp};
use crate::conn::Conn;

/// Which cross-origin callers may read responses, with which methods,
/// headers and credentials. Build it in a `const` item: a policy that
/// could not work is then a compile error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cors {
    origins: AllowedOrigins,
    credentials: bool,
    methods: &'static [&'static str],
    headers: &'static [&'static str],
    expose: &'static [&'static str],
    max_age: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AllowedOrigins {
    /// Exactly these serialized origins (`scheme://host[:port]`).
    List(&'static [&'static str]),
    /// Every origin, answered with `*`; never with credentials.
    Any,
}

/// Methods a browser sends cross-origin without asking for them in a
/// preflight (Fetch: CORS-safelisted methods); never refused.
const SAFELISTED_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

/// A preflight's answer depends on these request headers.
const PREFLIGHT_VARY: &str =
    "origin, access-control-request-method, access-control-request-headers";

static ACCESS_CONTROL_REQUEST_METHOD: HeaderName =
    HeaderName::from_static("access-control-request-method");
static ACCESS_CONTROL_REQUEST_HEADERS: HeaderName =
    HeaderName::from_static("access-control-request-headers");

impl Cors {
    /// A policy that allows no origin yet; methods default to GET, HEAD
    /// and POST, and no request header beyond the safelisted ones.
    pub const fn new() -> Self {
        Cors {
            origins: AllowedOrigins::List(&[]),
            credentials: false,
            methods: &SAFELISTED_METHODS,
            headers: &[],
            expose: &[],
            max_age: None,
        }
    }

    /// The origins allowed, as browsers send them in `Origin`:
    /// `"https://app.example.org"`, `"http://localhost:4200"` (lower case,
    /// no path, no trailing `/`). The allowed one is reflected in
    /// `Access-Control-Allow-Origin`.
    pub const fn allow_origins(mut self, origins: &'static [&'static str]) -> Self {
        let mut index = 0;
        while index < origins.len() {
            if !is_origin(origins[index]) {
                panic!(
                    "Cors::allow_origins: an origin is written as browsers send it, `scheme://host[:port]` with an http or https scheme, in lower case, without path or trailing `/`: e.g. \"https://app.example.org\" or \"http://localhost:4200\"; for every origin write allow_any_origin()"
                );
            }
            index += 1;
        }
        self.origins = AllowedOrigins::List(origins);
        self
    }

    /// Every origin may read responses (`Access-Control-Allow-Origin: *`).
    /// Refused with credentials, at compile time.
    pub const fn allow_any_origin(mut self) -> Self {
        if self.credentials {
            panic!("{}", ANY_ORIGIN_WITH_CREDENTIALS);
        }
        self.origins = AllowedOrigins::Any;
        self
    }

    /// Whether the browser may send cookies and HTTP authentication with
    /// cross-origin requests, and let the page read the answers
    /// (`Access-Control-Allow-Credentials: true`).
    pub const fn allow_credentials(mut self, allow: bool) -> Self {
        if allow && matches!(self.origins, AllowedOrigins::Any) {
            panic!("{}", ANY_ORIGIN_WITH_CREDENTIALS);
        }
        self.credentials = allow;
        self
    }

    /// The methods a preflight may ask for (`Access-Control-Allow-Methods`).
    /// GET, HEAD and POST never need a preflight's permission.
    pub const fn allow_methods(mut self, methods: &'static [&'static str]) -> Self {
        let mut index = 0;
        while index < methods.len() {
            if !is_token(methods[index]) {
                panic!(
                    "Cors::allow_methods: a method is a token such as \"GET\" or \"PATCH\", without spaces or commas"
                );
            }
            index += 1;
        }
        self.methods = methods;
        self
    }

    /// The request headers a preflight may ask for
    /// (`Access-Control-Allow-Headers`), compared without regard to case.
    pub const fn allow_headers(mut self, headers: &'static [&'static str]) -> Self {
        let mut index = 0;
        while index < headers.len() {
            if !is_token(headers[index]) {
                panic!(
                    "Cors::allow_headers: a header name is a token such as \"content-type\" or \"x-requested-with\", without spaces, commas or `:`"
                );
            }
            index += 1;
        }
        self.headers = headers;
        self
    }

    /// Response headers the page may read besides the safelisted ones
    /// (`Access-Control-Expose-Headers`).
    pub const fn expose_headers(mut self, headers: &'static [&'static str]) -> Self {
        let mut index = 0;
        while index < headers.len() {
            if !is_token(headers[index]) {
                panic!(
                    "Cors::expose_headers: a header name is a token such as \"x-request-id\", without spaces, commas or `:`"
                );
            }
            index += 1;
        }
        self.expose = headers;
        self
    }

    /// How long, in seconds, a browser may cache a preflight's answer
    /// (`Access-Control-Max-Age`; browsers cap it, Chromium at 7200).
    pub const fn max_age(mut self, seconds: u32) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// Whether a request with this `Origin` may read the response.
    pub fn allows(&self, origin: &str) -> bool {
        match self.origins {
            AllowedOrigins::Any => true,
            AllowedOrigins::List(origins) => origins.contains(&origin),
        }
    }

    /// The `Access-Control-Allow-Origin` value for an allowed `origin`.
    fn allow_origin_value<'o>(&self, origin: &'o str) -> &'o str {
        match self.origins {
            AllowedOrigins::Any if !self.credentials => "*",
            _ => origin,
        }
    }
}

impl Default for Cors {
    fn default() -> Self {
        Cors::new()
    }
}

const ANY_ORIGIN_WITH_CREDENTIALS: &str = "Cors: allow_any_origin() cannot be combined with allow_credentials(true): browsers refuse `Access-Control-Allow-Origin: *` with credentials, and reflecting every origin would let any site act with your users' cookies; list the origins instead, e.g. allow_origins(&[\"https://app.example.org\"])";

/// Answers a CORS preflight (`OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`) according to `policy`.
///
/// Allowed: 204 with the policy's headers. Refused, because `Origin` is
/// missing or not allowed, or the preflight asks for a method or a header
/// the policy does not list: 403 without CORS headers (the browser then
/// refuses the request, as it would anyway) and a body that says what was
/// refused, for whoever reads the network log. Headers queued on `conn`
/// before the call are kept.
pub fn cors_preflight(conn: &mut Conn<'_>, policy: &Cors) -> Action {
    push(conn, header::VARY, PREFLIGHT_VARY);
    let origin = match preflight_refusal(conn, policy) {
        Ok(origin) => origin,
        Err(reason) => {
            tracing::info!(target: "dispatcher::cors", path = conn.path(), %reason, "CORS preflight refused");
            push(conn, header::CONTENT_TYPE, "text/plain; charset=utf-8");
            return send_resp(conn, 403, format!("CORS preflight refused: {reason}\n"));
        }
    };
    push_allow_origin(conn, policy, origin);
    push(
        conn,
        header::ACCESS_CONTROL_ALLOW_METHODS,
        &policy.methods.join(", "),
    );
    if !policy.headers.is_empty() {
        push(
            conn,
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            &policy.headers.join(", "),
        );
    }
    if let Some(seconds) = policy.max_age {
        push(conn, header::ACCESS_CONTROL_MAX_AGE, &seconds.to_string());
    }
    send_resp(conn, 204, "")
}

/// Queues the CORS headers of an actual (not preflight) request on `conn`:
/// when its `Origin` is allowed, `Access-Control-Allow-Origin`,
/// `-Allow-Credentials` and `-Expose-Headers` as the policy says; always
/// `Vary: origin`, merged into the response's `Vary`. They are added to the
/// response the body then produces, forwarded or `send_resp`, replacing
/// any CORS headers the upstream sent.
pub fn cors(conn: &mut Conn<'_>, policy: &Cors) {
    push(conn, header::VARY, "origin");
    let Some(origin) = conn.header("origin") else {
        return;
    };
    if !policy.allows(origin) {
        return;
    }
    push_allow_origin(conn, policy, origin);
    if !policy.expose.is_empty() {
        push(
            conn,
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            &policy.expose.join(", "),
        );
    }
}

/// The allowed `Origin` of a preflight, or why it is refused.
fn preflight_refusal<'r>(conn: &Conn<'r>, policy: &Cors) -> Result<&'r str, String> {
    let Some(origin) = conn.header("origin") else {
        return Err("the request has no Origin header, so it is not a CORS preflight".into());
    };
    if !policy.allows(origin) {
        return Err(format!("origin {origin:?} is not allowed"));
    }
    if let Some(method) = conn.header(ACCESS_CONTROL_REQUEST_METHOD.as_str()) {
        let method = method.trim();
        if !SAFELISTED_METHODS.contains(&method) && !policy.methods.contains(&method) {
            return Err(format!(
                "method {method:?} is not allowed; allowed: {}",
                policy.methods.join(", ")
            ));
        }
    }
    let unlisted: Vec<&str> = conn
        .headers()
        .get_all(ACCESS_CONTROL_REQUEST_HEADERS.as_str())
        // Browsers send header names, which are ASCII; anything else is
        // reported as it is, never taken as "nothing asked for".
        .map(|value| crate::matching::headers::text(value).unwrap_or("(a value that is not text)"))
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .filter(|name| {
            !policy
                .headers
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(name))
        })
        .collect();
    if !unlisted.is_empty() {
        let allowed = match policy.headers {
            [] => "none".to_owned(),
            headers => headers.join(", "),
        };
        return Err(format!(
            "request header {} not allowed; allowed: {allowed}",
            unlisted.join(", ")
        ));
    }
    Ok(origin)
}

fn push_allow_origin(conn: &mut Conn<'_>, policy: &Cors, origin: &str) {
    push(
        conn,
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        policy.allow_origin_value(origin),
    );
    if policy.credentials {
        push(conn, header::ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
    }
}

/// Queues a response header; a value that is not a valid header value
/// fails the rule (with a 500 naming it), as `put_resp_header` does.
fn push(conn: &mut Conn<'_>, name: HeaderName, value: &str) {
    match HeaderValue::from_str(value) {
        Ok(value) => conn.response_headers.push((name, value)),
        Err(_) => conn.fail(format!("invalid value for header {:?}", name.as_str())),
    }
}

/// `scheme://host[:port]` as a browser serializes an origin.
const fn is_origin(origin: &str) -> bool {
    let bytes = origin.as_bytes();
    let rest = if starts_with(bytes, b"https://") {
        8
    } else if starts_with(bytes, b"http://") {
        7
    } else {
        return false;
    };
    if rest == bytes.len() || bytes[rest] == b':' {
        return false;
    }
    let mut index = rest;
    while index < bytes.len() {
        let b = bytes[index];
        let allowed = b.is_ascii_lowercase()
            || b.is_ascii_digit()
            || matches!(b, b'-' | b'.' | b':' | b'[' | b']' | b'_');
        if !allowed {
            return false;
        }
        index += 1;
    }
    true
}

const fn starts_with(bytes: &[u8], prefix: &[u8]) -> bool {
    if bytes.len() < prefix.len() {
        return false;
    }
    let mut index = 0;
    while index < prefix.len() {
        if bytes[index] != prefix[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// An RFC 9110 token: a method or a header name.
const fn is_token(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.is_empty() {
        return false;
    }
    let mut index = 0;
    while index < bytes.len() {
        let b = bytes[index];
        let tchar = crate::matching::accept::is_tchar(b);
        if !tchar {
            return false;
        }
        index += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use http::{HeaderMap, Method, Uri};

    use super::*;
    use crate::action::Respond;
    use crate::matching::{Request, RequestFacts};

    const POLICY: Cors = Cors::new()
        .allow_origins(&["http://app.example.test", "https://admin.example.test:8443"])
        .allow_credentials(true)
        .allow_methods(&["GET", "POST", "PUT"])
        .allow_headers(&["content-type", "X-Requested-With"])
        .expose_headers(&["x-request-id"])
        .max_age(600);

    const PUBLIC: Cors = Cors::new().allow_any_origin();

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        headers
    }

    /// Runs `body` on a request with `pairs` as headers, as a rule would.
    fn run(
        method: &str,
        pairs: &[(&str, &str)],
        body: impl FnOnce(&mut Conn<'_>) -> Action,
    ) -> Action {
        run_with(method, headers(pairs), body)
    }

    fn run_with(
        method: &str,
        headers: HeaderMap,
        body: impl FnOnce(&mut Conn<'_>) -> Action,
    ) -> Action {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let uri: Uri = "/api/x".parse().unwrap();
        let request = Request::new(&method, &uri, &headers).unwrap();
        let facts = RequestFacts::new(&request);
        let mut conn = Conn::new(&request, &facts);
        body(&mut conn)
    }

    fn respond(action: Action) -> Respond {
        match action {
            Action::Respond(respond) => respond,
            other => panic!("expected a direct answer, got {other:?}"),
        }
    }

    fn value<'a>(headers: &'a [(HeaderName, HeaderValue)], name: &str) -> Option<&'a str> {
        headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.to_str().unwrap())
    }

    #[test]
    fn an_allowed_preflight_gets_204_with_the_reflected_origin_and_the_policy() {
        let answer = respond(run(
            "OPTIONS",
            &[
                ("origin", "http://app.example.test"),
                ("access-control-request-method", "PUT"),
                (
                    "access-control-request-headers",
                    "content-type,x-requested-with",
                ),
            ],
            |conn| cors_preflight(conn, &POLICY),
        ));
        assert_eq!(answer.status, 204);
        assert!(answer.body.is_empty());
        let h = &answer.headers;
        assert_eq!(
            value(h, "access-control-allow-origin"),
            Some("http://app.example.test")
        );
        assert_eq!(value(h, "access-control-allow-credentials"), Some("true"));
        assert_eq!(
            value(h, "access-control-allow-methods"),
            Some("GET, POST, PUT")
        );
        assert_eq!(
            value(h, "access-control-allow-headers"),
            Some("content-type, X-Requested-With")
        );
        assert_eq!(value(h, "access-control-max-age"), Some("600"));
        assert_eq!(value(h, "vary"), Some(PREFLIGHT_VARY));
    }

    #[test]
    fn a_preflight_from_an_unlisted_origin_is_refused_naming_it() {
        for origin in [
            "http://evil.example",
            "http://app.example.test:8080",
            "null",
        ] {
            let answer = respond(run(
                "OPTIONS",
                &[("origin", origin), ("access-control-request-method", "GET")],
                |conn| cors_preflight(conn, &POLICY),
            ));
            assert_eq!(answer.status, 403, "{origin}");
            let body = String::from_utf8_lossy(&answer.body);
            assert!(
                body.contains(&format!("origin {origin:?} is not allowed")),
                "{body}"
            );
            assert_eq!(value(&answer.headers, "access-control-allow-origin"), None);
            assert_eq!(value(&answer.headers, "vary"), Some(PREFLIGHT_VARY));
        }
    }

    #[test]
    fn a_preflight_without_origin_is_refused() {
        let answer = respond(run(
            "OPTIONS",
            &[("access-control-request-method", "GET")],
            |conn| cors_preflight(conn, &POLICY),
        ));
        assert_eq!(answer.status, 403);
        assert!(String::from_utf8_lossy(&answer.body).contains("no Origin header"));
    }

    #[test]
    fn a_preflight_for_an_unlisted_header_or_method_is_refused_naming_it() {
        let answer = respond(run(
            "OPTIONS",
            &[
                ("origin", "http://app.example.test"),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "Content-Type, x-secret, x-other",
                ),
            ],
            |conn| cors_preflight(conn, &POLICY),
        ));
        assert_eq!(answer.status, 403);
        let body = String::from_utf8_lossy(&answer.body);
        assert!(
            body.contains("request header x-secret, x-other not allowed"),
            "{body}"
        );
        assert!(
            body.contains("allowed: content-type, X-Requested-With"),
            "{body}"
        );

        let answer = respond(run(
            "OPTIONS",
            &[
                ("origin", "http://app.example.test"),
                ("access-control-request-method", "DELETE"),
            ],
            |conn| cors_preflight(conn, &POLICY),
        ));
        assert_eq!(answer.status, 403);
        let body = String::from_utf8_lossy(&answer.body);
        assert!(body.contains("method \"DELETE\" is not allowed"), "{body}");

        // A value that is not text is refused, not taken as "no headers".
        let mut asking = headers(&[
            ("origin", "http://app.example.test"),
            ("access-control-request-method", "GET"),
        ]);
        asking.insert(
            ACCESS_CONTROL_REQUEST_HEADERS.clone(),
            HeaderValue::from_bytes(b"x-\xff").unwrap(),
        );
        let answer = respond(run_with("OPTIONS", asking, |conn| {
            cors_preflight(conn, &POLICY)
        }));
        assert_eq!(answer.status, 403);
        let body = String::from_utf8_lossy(&answer.body);
        assert!(
            body.contains("(a value that is not text) not allowed"),
            "{body}"
        );
    }

    #[test]
    fn safelisted_methods_never_need_to_be_listed() {
        const PUT_ONLY: Cors = Cors::new()
            .allow_origins(&["http://app.example.test"])
            .allow_methods(&["PUT"]);
        for method in ["GET", "HEAD", "POST"] {
            let answer = respond(run(
                "OPTIONS",
                &[
                    ("origin", "http://app.example.test"),
                    ("access-control-request-method", method),
                ],
                |conn| cors_preflight(conn, &PUT_ONLY),
            ));
            assert_eq!(answer.status, 204, "{method}");
        }
    }

    #[test]
    fn an_allowed_actual_request_gets_the_cors_headers_on_any_answer() {
        let answer = respond(run(
            "GET",
            &[("origin", "https://admin.example.test:8443")],
            |conn| {
                cors(conn, &POLICY);
                send_resp(conn, 200, "ok")
            },
        ));
        let h = &answer.headers;
        assert_eq!(
            value(h, "access-control-allow-origin"),
            Some("https://admin.example.test:8443")
        );
        assert_eq!(value(h, "access-control-allow-credentials"), Some("true"));
        assert_eq!(
            value(h, "access-control-expose-headers"),
            Some("x-request-id")
        );
        assert_eq!(value(h, "vary"), Some("origin"));

        let forwarded = run("POST", &[("origin", "http://app.example.test")], |conn| {
            cors(conn, &POLICY);
            crate::forward(conn, [], "http://api/")
        });
        let Action::Forward(forward) = forwarded else {
            panic!("expected a forward, got {forwarded:?}");
        };
        assert_eq!(
            value(&forward.response_headers, "access-control-allow-origin"),
            Some("http://app.example.test")
        );
    }

    #[test]
    fn an_unlisted_or_missing_origin_gets_only_vary() {
        for pairs in [&[("origin", "http://evil.example")][..], &[]] {
            let answer = respond(run("GET", pairs, |conn| {
                cors(conn, &POLICY);
                send_resp(conn, 200, "ok")
            }));
            assert_eq!(answer.headers.len(), 1, "{:?}", answer.headers);
            assert_eq!(value(&answer.headers, "vary"), Some("origin"));
        }
    }

    #[test]
    fn any_origin_without_credentials_answers_star() {
        let answer = respond(run("GET", &[("origin", "http://anyone.example")], |conn| {
            cors(conn, &PUBLIC);
            send_resp(conn, 200, "ok")
        }));
        assert_eq!(
            value(&answer.headers, "access-control-allow-origin"),
            Some("*")
        );
        assert_eq!(
            value(&answer.headers, "access-control-allow-credentials"),
            None
        );

        let preflight = respond(run(
            "OPTIONS",
            &[
                ("origin", "http://anyone.example"),
                ("access-control-request-method", "GET"),
            ],
            |conn| cors_preflight(conn, &PUBLIC),
        ));
        assert_eq!(preflight.status, 204);
        assert_eq!(
            value(&preflight.headers, "access-control-allow-origin"),
            Some("*")
        );
        assert_eq!(
            value(&preflight.headers, "access-control-allow-headers"),
            None
        );
        assert_eq!(value(&preflight.headers, "access-control-max-age"), None);
        assert_eq!(
            value(&preflight.headers, "access-control-allow-methods"),
            Some("GET, HEAD, POST")
        );
    }

    #[test]
    fn origins_are_checked_as_browsers_serialize_them() {
        for good in [
            "http://a.test",
            "https://a.test:8443",
            "http://127.0.0.1:3000",
            "http://[::1]:80",
        ] {
            assert!(is_origin(good), "{good}");
        }
        for bad in [
            "a.test",
            "http://",
            "http://A.test",
            "http://a.test/",
            "http://a.test/app",
            "ftp://a.test",
            "*",
            "null",
            "http://:80",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
        assert!(is_token("x-requested-with"));
        assert!(!is_token("x requested"));
        assert!(!is_token("a,b"));
        assert!(!is_token(""));
    }
}
