//! What a rule body evaluates to: an [`Action`] the proxy performs later
//! (docs/design/behaviour.md §1). `forward` and `send_resp` build actions; computing one has no
//! effect on the network, so a decision can be inspected (`explain`) or
//! tested in-process.

use bytes::Bytes;
use http::StatusCode;
use http::header::{HeaderName, HeaderValue};
use smallvec::SmallVec;

use crate::base_url::{BaseUrl, InvalidBaseUrl};
use crate::conn::{Conn, HeaderEdit, RuleError, Segments};

/// The outcome of a rule body.
#[derive(Debug, Clone)]
pub enum Action {
    /// Proxy the request to an upstream.
    Forward(Forward),
    /// Answer directly.
    Respond(Respond),
    /// The body produced something invalid at run time (a bad URL or header):
    /// answered with 500 and logged, naming the rule.
    Fail(RuleError),
}

impl Action {
    #[doc(hidden)]
    pub fn __no_such_rule(rule: usize) -> Action {
        Action::Fail(RuleError {
            message: format!("the dispatcher has no rule number {rule}"),
        })
    }
}

/// Proxy the request to `upstream` at `path_and_query`.
#[derive(Debug, Clone)]
pub struct Forward {
    pub upstream: BaseUrl,
    /// Base path + forwarded segments + `?query` (docs/design/mu-compatibility.md F1).
    pub path_and_query: String,
    /// Header changes queued by the body for the upstream request.
    pub request_headers: Vec<HeaderEdit>,
    /// Headers queued by the body for the response.
    pub response_headers: Vec<(HeaderName, HeaderValue)>,
}

impl Forward {
    /// The full upstream URL, as `explain` shows it.
    pub fn url(&self) -> String {
        format!("{}{}", self.upstream.origin(), self.path_and_query)
    }
}

/// Answer with `status`, `headers` and `body`.
#[derive(Debug, Clone)]
pub struct Respond {
    pub status: StatusCode,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Bytes,
}

/// Proxies the request to `base_url` + the segments of `path` + the query.
///
/// `path` is a captured `*path`, `[]`, an array or `Vec` of segments;
/// `base_url` is a literal (checked at compile time), a `String` built at run
/// time, or a [`BaseUrl`].
pub fn forward(conn: &mut Conn<'_>, path: impl PathArg, base_url: impl IntoBaseUrl) -> Action {
    let upstream = match base_url.into_base_url() {
        Ok(upstream) => upstream,
        Err(error) => {
            return Action::Fail(RuleError {
                message: error.to_string(),
            });
        }
    };
    if let Some(error) = conn.error.take() {
        return Action::Fail(error);
    }
    let segments = path.segments();
    Action::Forward(Forward {
        path_and_query: upstream.path_and_query(&segments, conn.query()),
        upstream,
        request_headers: std::mem::take(&mut conn.request_headers),
        response_headers: std::mem::take(&mut conn.response_headers),
    })
}

/// Answers directly with `status` (100..=999) and `body`, plus the headers
/// set with `conn.put_resp_header`.
pub fn send_resp(conn: &mut Conn<'_>, status: u16, body: impl Into<Bytes>) -> Action {
    let Ok(status) = StatusCode::from_u16(status) else {
        return Action::Fail(RuleError {
            message: format!("send_resp status {status} is outside 100..=999"),
        });
    };
    if let Some(error) = conn.error.take() {
        return Action::Fail(error);
    }
    Action::Respond(Respond {
        status,
        headers: std::mem::take(&mut conn.response_headers),
        body: body.into(),
    })
}

/// The segment list argument of `forward`.
pub trait PathArg {
    fn segments(&self) -> SmallVec<[&str; 12]>;
}

impl PathArg for Segments<'_> {
    fn segments(&self) -> SmallVec<[&str; 12]> {
        self.as_slice().iter().copied().collect()
    }
}

impl<const N: usize> PathArg for [&str; N] {
    fn segments(&self) -> SmallVec<[&str; 12]> {
        self.iter().copied().collect()
    }
}

impl PathArg for &[&str] {
    fn segments(&self) -> SmallVec<[&str; 12]> {
        self.iter().copied().collect()
    }
}

impl PathArg for Vec<&str> {
    fn segments(&self) -> SmallVec<[&str; 12]> {
        self.iter().copied().collect()
    }
}

impl PathArg for Vec<String> {
    fn segments(&self) -> SmallVec<[&str; 12]> {
        self.iter().map(String::as_str).collect()
    }
}

impl PathArg for &[String] {
    fn segments(&self) -> SmallVec<[&str; 12]> {
        self.iter().map(String::as_str).collect()
    }
}

/// The base URL argument of `forward`.
pub trait IntoBaseUrl {
    fn into_base_url(self) -> Result<BaseUrl, InvalidBaseUrl>;
}

impl IntoBaseUrl for BaseUrl {
    fn into_base_url(self) -> Result<BaseUrl, InvalidBaseUrl> {
        Ok(self)
    }
}

impl IntoBaseUrl for &str {
    fn into_base_url(self) -> Result<BaseUrl, InvalidBaseUrl> {
        BaseUrl::parse(self)
    }
}

impl IntoBaseUrl for String {
    fn into_base_url(self) -> Result<BaseUrl, InvalidBaseUrl> {
        BaseUrl::parse(&self)
    }
}

impl IntoBaseUrl for &String {
    fn into_base_url(self) -> Result<BaseUrl, InvalidBaseUrl> {
        BaseUrl::parse(self)
    }
}
