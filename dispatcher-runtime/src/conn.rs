//! `conn`: the request as a rule body sees it (docs/rules.md).
//!
//! A body reads the request through [`Conn`], may queue header changes for
//! the upstream request and for the response, and hands `conn` to
//! [`forward`](crate::forward) or [`send_resp`](crate::send_resp), which turn
//! it into an [`Action`](crate::Action). Nothing here touches the network.

use std::fmt;
use std::ops::Deref;

use http::Method;
use http::header::{HeaderName, HeaderValue};

use crate::form;
use crate::matching::values;
use crate::matching::{LabelOrder, Request, RequestFacts, RequestHeaders};

/// A change to the headers of the request sent upstream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderEdit {
    Put(HeaderName, HeaderValue),
    Delete(HeaderName),
}

/// Something a rule body did that cannot be carried out: recorded on the
/// `Conn` by the header methods, turned into `Action::Fail` by `forward`
/// and `send_resp`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RuleError {
    pub message: String,
}

/// The request being dispatched, plus the header changes a body has queued.
pub struct Conn<'r> {
    request: &'r Request<'r>,
    // Slices rather than `&RequestFacts`: they let `'r` shrink to this borrow.
    segments: &'r [&'r str],
    host_written: &'r [&'r str],
    host_tld_first: &'r [&'r str],
    pub(crate) request_headers: Vec<HeaderEdit>,
    pub(crate) response_headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) error: Option<RuleError>,
}

impl<'r> Conn<'r> {
    pub fn new(request: &'r Request<'_>, facts: &'r RequestFacts<'_>) -> Self {
        Conn {
            request,
            segments: &facts.segments,
            host_written: &facts.host.written,
            host_tld_first: &facts.host.tld_first,
            request_headers: Vec::new(),
            response_headers: Vec::new(),
            error: None,
        }
    }

    pub fn method(&self) -> &'r Method {
        self.request.method
    }

    /// The path as the client sent it (before dot segments were resolved).
    pub fn path(&self) -> &'r str {
        self.request.path
    }

    /// The normalized path segments the rules matched on.
    pub fn segments(&self) -> Segments<'r> {
        Segments(self.segments)
    }

    /// The query string without `?`, if the target had one.
    pub fn query(&self) -> Option<&'r str> {
        self.request.query
    }

    /// The query string, empty when there is none (Plug's `conn.query_string`).
    pub fn query_string(&self) -> &'r str {
        self.request.query.unwrap_or("")
    }

    /// The value of the query parameter `name`, form-decoded: what a
    /// `dispatcher.ex` wrote as
    /// `conn.query_string |> URI.decode_query() |> Map.get("name")`. When
    /// the parameter is given twice the last value wins; `None` when it is
    /// absent (Elixir's `nil`). Decoding follows [`form::decode_query`].
    ///
    /// [`form::decode_query`]: crate::form::decode_query
    pub fn query_param(&self, name: &str) -> Option<String> {
        form::decode_query(self.query_string())
            .get(name)
            .map(str::to_owned)
    }

    /// The host without port, lower-cased; empty when the request had none.
    pub fn host(&self) -> &'r str {
        self.request.host.as_str()
    }

    /// The request's header fields (as received; names compare without case).
    pub fn headers(&self) -> RequestHeaders<'r> {
        self.request.headers
    }

    /// The first value of a request header, if it is text.
    pub fn header(&self, name: &str) -> Option<&'r str> {
        values::header(self.request.headers, name)
    }

    /// Every value of a request header that is text, in order (Plug's
    /// `get_req_header/2`): empty when the request has none.
    pub fn header_values(&self, name: &str) -> Vec<&'r str> {
        self.request
            .headers
            .get_all(name)
            .filter_map(crate::matching::headers::text)
            .collect()
    }

    /// The value of a request cookie.
    pub fn cookie(&self, name: &str) -> Option<&'r str> {
        values::cookie(self.request.headers, name)
    }

    /// Sets a header on the request sent upstream (replacing the client's).
    pub fn put_req_header(&mut self, name: &str, value: impl AsRef<str>) -> &mut Self {
        if let Some((name, value)) = self.header_pair(name, value.as_ref()) {
            self.request_headers.push(HeaderEdit::Put(name, value));
        }
        self
    }

    /// Removes a header from the request sent upstream.
    pub fn delete_req_header(&mut self, name: &str) -> &mut Self {
        match HeaderName::from_bytes(name.as_bytes()) {
            Ok(name) => self.request_headers.push(HeaderEdit::Delete(name)),
            Err(_) => self.fail(format!("invalid header name {name:?}")),
        }
        self
    }

    /// Adds a header to the response, whether forwarded or sent by `send_resp`.
    pub fn put_resp_header(&mut self, name: &str, value: impl AsRef<str>) -> &mut Self {
        if let Some(pair) = self.header_pair(name, value.as_ref()) {
            self.response_headers.push(pair);
        }
        self
    }

    fn header_pair(&mut self, name: &str, value: &str) -> Option<(HeaderName, HeaderValue)> {
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.fail(format!("invalid header name {name:?}"));
            return None;
        };
        let Ok(header_value) = HeaderValue::from_str(value) else {
            self.fail(format!("invalid value for header {name:?}"));
            return None;
        };
        Some((header_name, header_value))
    }

    /// Records the first thing a body did wrong; the action then fails with it.
    pub(crate) fn fail(&mut self, message: String) {
        self.error.get_or_insert(RuleError { message });
    }

    #[doc(hidden)]
    pub fn __cookie(&self, name: &str) -> &'r str {
        self.cookie(name).unwrap_or("")
    }

    #[doc(hidden)]
    pub fn __header(&self, name: &str) -> &'r str {
        self.header(name).unwrap_or("")
    }

    #[doc(hidden)]
    pub fn __segment(&self, index: usize) -> &'r str {
        self.segments.get(index).copied().unwrap_or("")
    }

    #[doc(hidden)]
    pub fn __segments_from(&self, index: usize) -> Segments<'r> {
        Segments(self.segments.get(index..).unwrap_or(&[]))
    }

    #[doc(hidden)]
    pub fn __label(&self, order: LabelOrder, index: usize) -> &'r str {
        self.labels(order).get(index).copied().unwrap_or("")
    }

    #[doc(hidden)]
    pub fn __labels_from(&self, order: LabelOrder, index: usize) -> Labels<'r> {
        Labels(self.labels(order).get(index..).unwrap_or(&[]))
    }

    fn labels(&self, order: LabelOrder) -> &'r [&'r str] {
        match order {
            LabelOrder::TldFirst => self.host_tld_first,
            LabelOrder::Written => self.host_written,
        }
    }
}

impl fmt::Debug for Conn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Conn")
            .field("method", self.request.method)
            .field("path", &self.request.path)
            .field("query", &self.request.query)
            .field("host", &self.request.host.as_str())
            .field("headers", &self.request.headers)
            .finish_non_exhaustive()
    }
}

macro_rules! captured_list {
    ($(#[$doc:meta])* $name:ident, $separator:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Default)]
        pub struct $name<'r>(pub(crate) &'r [&'r str]);

        impl<'r> $name<'r> {
            pub fn as_slice(&self) -> &'r [&'r str] {
                self.0
            }
        }

        impl<'r> Deref for $name<'r> {
            type Target = [&'r str];
            fn deref(&self) -> &[&'r str] {
                self.0
            }
        }

        impl fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list().entries(self.0).finish()
            }
        }

        /// The items joined by the separator.
        impl fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                for (index, item) in self.0.iter().enumerate() {
                    if index > 0 {
                        f.write_str($separator)?;
                    }
                    f.write_str(item)?;
                }
                Ok(())
            }
        }
    };
}

captured_list!(
    /// Path segments captured by `*name` (raw, not percent-decoded); displays as `a/b`.
    Segments,
    "/"
);
captured_list!(
    /// Host labels captured by `..rest`, in the pattern's order; displays as `a.b`.
    Labels,
    "."
);

#[cfg(test)]
mod tests {
    use http::{HeaderMap, HeaderValue, Method, Uri};

    use super::Conn;
    use crate::matching::{Request, RequestFacts};

    fn with_conn<T>(target: &str, headers: HeaderMap, check: impl FnOnce(&Conn<'_>) -> T) -> T {
        let method = Method::GET;
        let uri: Uri = target.parse().unwrap();
        let request = Request::new(&method, &uri, &headers).unwrap();
        let facts = RequestFacts::new(&request);
        let conn = Conn::new(&request, &facts);
        check(&conn)
    }

    #[test]
    fn query_params_are_decoded_and_the_last_value_wins() {
        with_conn(
            "/data?embed=a+b%2Fc&page=1&page=2&flag",
            HeaderMap::new(),
            |conn| {
                assert_eq!(conn.query_param("embed").as_deref(), Some("a b/c"));
                assert_eq!(conn.query_param("page").as_deref(), Some("2"));
                assert_eq!(conn.query_param("flag").as_deref(), Some(""));
                assert_eq!(conn.query_param("missing"), None);
            },
        );
        with_conn("/data", HeaderMap::new(), |conn| {
            assert_eq!(conn.query_param("embed"), None);
        });
    }

    #[test]
    fn header_values_lists_every_value_in_order() {
        let mut headers = HeaderMap::new();
        headers.append("x-group", HeaderValue::from_static("a"));
        headers.append("x-group", HeaderValue::from_static("b"));
        with_conn("/", headers, |conn| {
            assert_eq!(conn.header_values("x-group"), vec!["a", "b"]);
            assert!(conn.header_values("x-other").is_empty());
        });
    }
}
