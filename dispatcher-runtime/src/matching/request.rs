//! The facts of a request that rules match on (docs/design/behaviour.md §2.1).
//!
//! [`Request`] borrows what the server received; [`RequestFacts`] derives
//! from it, once per request, the normalized path segments, the host labels
//! and the Accept groups that every rule is matched against.

use http::{HeaderMap, Method, header};

use super::accept::AcceptGroups;
use super::headers::RequestHeaders;
use super::host::{HostLabels, HostName, InvalidHost};
use super::path::{self, PathSegments};

/// A request as the rules see it: method, target, headers and host.
#[derive(Debug, Clone)]
pub struct Request<'r> {
    pub method: &'r Method,
    /// The path as received (not normalized), e.g. for `x-rewrite-url`.
    pub path: &'r str,
    pub query: Option<&'r str>,
    pub headers: RequestHeaders<'r>,
    pub host: HostName<'r>,
}

impl<'r> Request<'r> {
    /// Builds a request from its parts; the host comes from the target's
    /// authority (HTTP/2 `:authority`, absolute-form) or else the Host header.
    pub fn new(
        method: &'r Method,
        uri: &'r http::Uri,
        headers: &'r HeaderMap,
    ) -> Result<Self, InvalidHost> {
        let host = match uri.authority() {
            Some(authority) => HostName::parse(authority.as_str())?,
            None => match headers.get(header::HOST) {
                Some(value) => HostName::parse(value.to_str().map_err(|_| InvalidHost {
                    host: String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    reason: "not visible ASCII",
                })?)?,
                None => HostName::NONE,
            },
        };
        Ok(Request {
            method,
            path: uri.path(),
            query: uri.query(),
            headers: RequestHeaders::Map(headers),
            host,
        })
    }

    /// The first Accept header, if it is text.
    pub fn accept(&self) -> Option<&'r str> {
        self.headers.get_str("accept")
    }
}

/// What the rules match: derived once per request.
#[derive(Debug, Clone)]
pub struct RequestFacts<'r> {
    pub method: &'r Method,
    /// For `cookie:` and `header:` conditions.
    pub headers: RequestHeaders<'r>,
    pub segments: PathSegments<'r>,
    pub host: HostLabels<'r>,
    pub accept: AcceptGroups<'r>,
}

impl<'r> RequestFacts<'r> {
    pub fn new(request: &'r Request<'_>) -> Self {
        RequestFacts {
            method: request.method,
            headers: request.headers,
            segments: path::segments(request.path),
            host: HostLabels::new(&request.host),
            accept: AcceptGroups::parse(request.accept()),
        }
    }
}
