//! Shared pieces of the end-to-end tests: the mu-dispatcher documentation
//! examples rewritten as `dispatcher!` rules ([`examples`]), a helper that
//! dispatches a request in-process ([`outcome`]), the rules of the proxy
//! tests ([`proxy_rules`]), real-socket plumbing ([`harness`]), TLS
//! upstreams ([`tls`]), WebSocket ends ([`websocket`]) and a headless
//! Chromium for the browser test ([`browser`]).

pub mod browser;
pub mod examples;
pub mod h1_reference;
pub mod harness;
pub mod proxy_rules;
pub mod tls;
pub mod websocket;

use dispatcher::matching::Request;
use dispatcher::{Action, Dispatcher};
use http::{HeaderMap, HeaderValue, Method, Uri, header};

/// What dispatching one request gave, reduced to what tests compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Forwarded to this full upstream URL.
    Forward(String),
    /// Answered directly with this status and body.
    Respond(u16, String),
    /// No rule matched (the server answers 500).
    NoRule,
    /// The rule's body failed at run time.
    Fail(String),
}

/// Dispatches `method target` with the given Host and Accept headers.
pub fn outcome(
    dispatcher: &Dispatcher,
    method: &str,
    target: &str,
    host: &str,
    accept: Option<&str>,
) -> Outcome {
    let method = Method::from_bytes(method.as_bytes()).expect("test method");
    let uri: Uri = target.parse().expect("test target");
    let mut headers = HeaderMap::new();
    headers.insert(
        header::HOST,
        HeaderValue::from_str(host).expect("test host"),
    );
    if let Some(accept) = accept {
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_str(accept).expect("test accept"),
        );
    }
    let request = Request::new(&method, &uri, &headers).expect("valid test host");
    match dispatcher.dispatch(&request).action {
        Some(Action::Forward(forward)) => Outcome::Forward(forward.url()),
        Some(Action::Respond(respond)) => Outcome::Respond(
            respond.status.as_u16(),
            String::from_utf8_lossy(&respond.body).into_owned(),
        ),
        Some(Action::Fail(error)) => Outcome::Fail(error.message),
        None => Outcome::NoRule,
    }
}

/// Shorthand for an expected forward.
pub fn forward(url: &str) -> Outcome {
    Outcome::Forward(url.to_owned())
}

/// Accept headers of the kinds the tests try.
pub mod accept {
    /// Firefox navigating to a page.
    pub const BROWSER: Option<&str> =
        Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    /// Chrome navigating to a page (lists image types in the first group).
    pub const CHROME: Option<&str> = Some(
        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,\
         application/signed-exchange;v=b3;q=0.7",
    );
    /// An Ember Data / JSON:API client.
    pub const JSON_API: Option<&str> = Some("application/vnd.api+json");
    pub const ANY: Option<&str> = Some("*/*");
    pub const EMPTY: Option<&str> = Some("");
    pub const MISSING: Option<&str> = None;
}
