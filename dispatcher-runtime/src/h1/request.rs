//! A client's request head (RFC 9112 §2–§3, §6): parsed in place by
//! `httparse`, then checked for what `httparse` leaves to its caller: the
//! request target's characters and form, exactly one `Host` (§3.2), and a
//! body framing that only one reading allows (§6.1–§6.3).

use httparse::{Header, Status};

use super::fields;

/// How the request body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestFraming {
    /// No body.
    Empty,
    /// `Content-Length` bytes (more than zero).
    Length(u64),
    /// `Transfer-Encoding: chunked`.
    Chunked,
}

/// A request head that cannot be served: answered with `status` and
/// `reason`, then the connection is closed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct HeadError {
    pub status: u16,
    pub reason: String,
}

impl HeadError {
    fn new(status: u16, reason: impl Into<String>) -> Self {
        HeadError {
            status,
            reason: reason.into(),
        }
    }

    fn bad(reason: impl Into<String>) -> Self {
        Self::new(400, reason)
    }
}

/// A complete, checked request head; everything borrows the read buffer.
#[derive(Debug)]
pub struct RequestHead<'a> {
    pub method: &'a str,
    /// The request target as sent (origin-form or absolute-form).
    pub target: &'a str,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub minor_version: u8,
    pub headers: &'a [Header<'a>],
    /// Bytes the head takes in the buffer, final CRLF included.
    pub len: usize,
    pub framing: RequestFraming,
    /// The `Host` value (there is at most one).
    pub host: Option<&'a [u8]>,
    /// The authority of an absolute-form target, which replaces `Host`
    /// (RFC 9112 §3.2.2).
    pub authority: Option<&'a str>,
    /// Where the origin-form part (`/path?query`) starts in `target`.
    origin_start: usize,
    /// Where the query starts in `target` (its `?`), if it has one.
    query_at: Option<usize>,
    /// The connection ends after this request: `Connection: close`, or
    /// HTTP/1.0 without `Connection: keep-alive`.
    pub close: bool,
    /// The `Upgrade` value, when `Connection` names `upgrade`.
    pub upgrade: Option<&'a [u8]>,
    /// `Expect: 100-continue` with a body to come.
    pub expect_continue: bool,
}

impl<'a> RequestHead<'a> {
    /// `/path?query`: the target without scheme and authority.
    pub fn origin_form(&self) -> &'a str {
        &self.target[self.origin_start..]
    }

    pub fn path(&self) -> &'a str {
        &self.target[self.origin_start..self.query_at.unwrap_or(self.target.len())]
    }

    /// The query string after `?`, if the target has one (even empty).
    pub fn query(&self) -> Option<&'a str> {
        self.query_at.map(|at| &self.target[at + 1..])
    }

    /// The first value of header `name`.
    pub fn header(&self, name: &str) -> Option<&'a [u8]> {
        self.headers
            .iter()
            .find(|header| header.name.eq_ignore_ascii_case(name))
            .map(|header| header.value)
    }

    pub fn has_body(&self) -> bool {
        self.framing != RequestFraming::Empty
    }
}

/// Parses and checks the request head at the start of `buffer`.
///
/// `Ok(None)`: the head is not complete yet; read more, unless `buffer`
/// already holds `max_head` bytes, which is an error (431, or 414 when the
/// request line alone is that long).
pub fn parse<'a>(
    buffer: &'a [u8],
    slots: &'a mut [std::mem::MaybeUninit<Header<'a>>],
    max_head: usize,
) -> Result<Option<RequestHead<'a>>, HeadError> {
    let mut request = httparse::Request::new(&mut []);
    let len = match request.parse_with_uninit_headers(buffer, slots) {
        Ok(Status::Complete(len)) => len,
        Ok(Status::Partial) => {
            if buffer.len() < max_head {
                return Ok(None);
            }
            return Err(if buffer.contains(&b'\n') {
                HeadError::new(
                    431,
                    format!("the request head is larger than {max_head} bytes (MAX_HEADER_SIZE)"),
                )
            } else {
                HeadError::new(
                    414,
                    format!("the request line is longer than {max_head} bytes (MAX_HEADER_SIZE)"),
                )
            });
        }
        Err(httparse::Error::TooManyHeaders) => {
            return Err(HeadError::new(
                431,
                format!(
                    "the request has more than {} header fields",
                    super::MAX_HEADERS
                ),
            ));
        }
        Err(error) => return Err(HeadError::bad(format!("malformed request head: {error}"))),
    };
    if len > max_head {
        return Err(HeadError::new(
            431,
            format!("the request head is larger than {max_head} bytes (MAX_HEADER_SIZE)"),
        ));
    }
    let (Some(method), Some(target), Some(minor_version)) =
        (request.method, request.path, request.version)
    else {
        return Err(HeadError::bad("malformed request line"));
    };
    let headers: &'a [Header<'a>] = request.headers;
    let query_at = check_target_characters(target)?;
    if method == "CONNECT" {
        return Err(HeadError::new(
            501,
            "CONNECT is not supported: the dispatcher is not a forward proxy",
        ));
    }
    let (authority, origin_start) = target_form(target)?;

    let mut host = None;
    let mut content_length: Option<u64> = None;
    let mut transfer_encoding = false;
    let mut codings = 0;
    let mut chunked_last = false;
    let mut connection_close = false;
    let mut connection_keep_alive = false;
    let mut connection_upgrade = false;
    let mut upgrade = None;
    let mut expect_continue = false;
    for header in headers {
        let name = header.name.as_bytes();
        let value = header.value;
        if name.eq_ignore_ascii_case(b"host") {
            if host.is_some() {
                return Err(HeadError::bad("the request has more than one Host header"));
            }
            host = Some(fields::trim(value));
        } else if name.eq_ignore_ascii_case(b"content-length") {
            if content_length.is_some() {
                return Err(HeadError::bad(
                    "the request has more than one Content-Length",
                ));
            }
            content_length =
                Some(fields::content_length(value).ok_or_else(|| {
                    HeadError::bad("the request's Content-Length is not a number")
                })?);
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            transfer_encoding = true;
            for coding in fields::list(value) {
                codings += 1;
                chunked_last = coding.eq_ignore_ascii_case(b"chunked");
            }
        } else if name.eq_ignore_ascii_case(b"connection") {
            for token in fields::list(value) {
                connection_close |= token.eq_ignore_ascii_case(b"close");
                connection_keep_alive |= token.eq_ignore_ascii_case(b"keep-alive");
                connection_upgrade |= token.eq_ignore_ascii_case(b"upgrade");
            }
        } else if name.eq_ignore_ascii_case(b"upgrade") {
            upgrade = Some(fields::trim(value));
        } else if name.eq_ignore_ascii_case(b"expect") {
            expect_continue |= fields::has_token(value, "100-continue");
        }
    }

    if minor_version == 1 && host.is_none() {
        return Err(HeadError::bad(
            "the request has no Host header; HTTP/1.1 requires one",
        ));
    }
    let framing = if transfer_encoding {
        if content_length.is_some() {
            return Err(HeadError::bad(
                "the request has both Content-Length and Transfer-Encoding",
            ));
        }
        if minor_version == 0 {
            return Err(HeadError::bad("Transfer-Encoding in an HTTP/1.0 request"));
        }
        if !chunked_last {
            return Err(HeadError::bad(
                "the request's last transfer coding is not chunked, so its length is unknown",
            ));
        }
        if codings > 1 {
            return Err(HeadError::new(
                501,
                "transfer codings other than chunked are not supported",
            ));
        }
        RequestFraming::Chunked
    } else {
        match content_length {
            None | Some(0) => RequestFraming::Empty,
            Some(length) => RequestFraming::Length(length),
        }
    };
    let close = connection_close || (minor_version == 0 && !connection_keep_alive);
    Ok(Some(RequestHead {
        method,
        target,
        minor_version,
        headers,
        len,
        framing,
        host,
        authority,
        origin_start,
        query_at,
        close,
        upgrade: upgrade.filter(|_| connection_upgrade),
        // An HTTP/1.0 client's expectation is ignored, and it never gets a
        // 1xx (RFC 9110 §10.1.1, §15.2).
        expect_continue: expect_continue && framing != RequestFraming::Empty && minor_version == 1,
    }))
}

/// The characters a target may have: those the `http` crate's URI parser
/// (hyper's, before this engine) takes, in the path and in the query, and
/// bytes above 0x7f only as UTF-8 (httparse passes any). A fragment is
/// refused, where `http` would cut it off (RFC 9112 §3.2: no fragment).
/// Checks the target's characters in one pass, and finds where its query
/// starts (the first `?`).
fn check_target_characters(target: &str) -> Result<Option<usize>, HeadError> {
    let mut query_at = None;
    let mut non_ascii = false;
    let mut fragment = false;
    let mut bad = false;
    for (at, &b) in target.as_bytes().iter().enumerate() {
        let allowed = if b >= 0x80 {
            non_ascii = true;
            true
        } else if query_at.is_some() {
            matches!(b, 0x21 | 0x24..=0x3B | 0x3D | 0x3F..=0x7E)
        } else if b == b'?' {
            query_at = Some(at);
            true
        } else {
            matches!(b, 0x21 | 0x22 | 0x24..=0x3B | 0x3D | 0x40..=0x5F | 0x61..=0x7E)
        };
        fragment |= b == b'#';
        bad |= !allowed;
    }
    // httparse lets bytes above 0x7F through without checking them.
    if non_ascii && std::str::from_utf8(target.as_bytes()).is_err() {
        return Err(HeadError::bad("the request target is not UTF-8"));
    }
    if fragment {
        return Err(HeadError::bad("a request target has no fragment"));
    }
    if bad {
        return Err(HeadError::bad(
            "the request target holds a character a URL may not have",
        ));
    }
    Ok(query_at)
}

fn target_form(target: &str) -> Result<(Option<&str>, usize), HeadError> {
    if target.starts_with('/') {
        return Ok((None, 0));
    }
    if target == "*" {
        return Err(HeadError::bad("asterisk-form (OPTIONS *) is not supported"));
    }
    let Some((scheme, rest)) = target.split_once("://") else {
        return Err(HeadError::bad(
            "the request target is neither a path nor an absolute URL",
        ));
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(HeadError::bad(
            "an absolute request target is an http or https URL",
        ));
    }
    let authority_start = scheme.len() + 3;
    let authority_end = rest
        .find(['/', '?'])
        .map_or(target.len(), |end| authority_start + end);
    let authority = &target[authority_start..authority_end];
    if authority.is_empty() || authority.contains('@') {
        return Err(HeadError::bad(
            "the absolute request target has no usable authority",
        ));
    }
    Ok((Some(authority), authority_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: usize = 64 * 1024;

    fn parsed(head: &[u8]) -> Result<Option<(String, RequestFraming, bool)>, HeadError> {
        let mut headers = crate::h1::field_slots();
        parse(head, &mut headers, MAX).map(|parsed| {
            parsed.map(|head| (head.origin_form().to_owned(), head.framing, head.close))
        })
    }

    fn status(head: &[u8]) -> u16 {
        match parsed(head) {
            Err(error) => error.status,
            Ok(found) => panic!(
                "{:?} was accepted: {found:?}",
                String::from_utf8_lossy(head)
            ),
        }
    }

    #[test]
    fn an_ordinary_head_is_parsed_in_place() {
        let head = b"POST /themes/1?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
        let mut headers = crate::h1::field_slots();
        let request = parse(head, &mut headers, MAX).unwrap().unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(
            (request.path(), request.query()),
            ("/themes/1", Some("x=1"))
        );
        assert_eq!(request.framing, RequestFraming::Length(5));
        assert_eq!(request.len, head.len() - 5);
        assert_eq!(request.host, Some(&b"a"[..]));
        assert!(!request.close);
    }

    #[test]
    fn an_incomplete_head_waits_for_more_until_the_limit() {
        assert_eq!(parsed(b"GET / HTTP/1.1\r\nHost: a\r\n").unwrap(), None);
        let mut headers = crate::h1::field_slots();
        let long_line = format!("GET /{} HTTP/1.1", "a".repeat(100));
        assert_eq!(
            parse(long_line.as_bytes(), &mut headers, 64)
                .unwrap_err()
                .status,
            414
        );
        let mut headers = crate::h1::field_slots();
        let long_head = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(100));
        assert_eq!(
            parse(long_head.as_bytes(), &mut headers, 64)
                .unwrap_err()
                .status,
            431
        );
    }

    #[test]
    fn host_must_be_there_once_in_http_1_1() {
        assert_eq!(status(b"GET / HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(status(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
        assert_eq!(status(b"GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n"), 400);
        assert!(
            parsed(b"GET / HTTP/1.0\r\n\r\n").unwrap().is_some(),
            "HTTP/1.0 may omit Host"
        );
    }

    #[test]
    fn framing_that_two_readers_could_read_differently_is_refused() {
        for head in [
            &b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"[..],
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: xchunked\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n",
            b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n chunked\r\n\r\n",
        ] {
            assert_eq!(status(head), 400, "{:?}", String::from_utf8_lossy(head));
        }
        for codings in ["gzip, chunked", "chunked, chunked"] {
            let head =
                format!("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: {codings}\r\n\r\n");
            assert_eq!(status(head.as_bytes()), 501, "{codings}");
        }
        for spelling in ["chunked", "Chunked", "\tCHUNKED "] {
            let head =
                format!("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: {spelling}\r\n\r\n");
            assert_eq!(
                parsed(head.as_bytes()).unwrap().unwrap().1,
                RequestFraming::Chunked
            );
        }
    }

    #[test]
    fn targets_are_visible_ascii_paths_or_absolute_urls() {
        assert_eq!(status(b"GET /a\xff HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
        assert_eq!(status(b"GET /a<b HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
        assert_eq!(status(b"GET /a?b=\"c\" HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
        assert!(
            parsed("GET /caf\u{e9}?q={|} HTTP/1.1\r\nHost: a\r\n\r\n".as_bytes())
                .unwrap()
                .is_some()
        );
        assert_eq!(status(b"GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
        assert_eq!(status(b"GET a HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
        assert_eq!(status(b"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
        assert_eq!(status(b"CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n"), 501);
        assert_eq!(status(b"GET ftp://a/ HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
        let head = b"GET http://Public.example:8080/x?y HTTP/1.1\r\nHost: other\r\n\r\n";
        let mut headers = crate::h1::field_slots();
        let request = parse(head, &mut headers, MAX).unwrap().unwrap();
        assert_eq!(request.authority, Some("Public.example:8080"));
        assert_eq!((request.path(), request.query()), ("/x", Some("y")));
        let bare = b"GET http://a.example HTTP/1.1\r\nHost: a\r\n\r\n";
        let mut headers = crate::h1::field_slots();
        let request = parse(bare, &mut headers, MAX).unwrap().unwrap();
        assert_eq!(request.origin_form(), "");
    }

    #[test]
    fn connection_options_are_read() {
        assert!(
            parsed(b"GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n")
                .unwrap()
                .unwrap()
                .2
        );
        assert!(parsed(b"GET / HTTP/1.0\r\n\r\n").unwrap().unwrap().2);
        assert!(
            !parsed(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                .unwrap()
                .unwrap()
                .2
        );
        let head = b"GET /ws HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n";
        let mut headers = crate::h1::field_slots();
        let request = parse(head, &mut headers, MAX).unwrap().unwrap();
        assert_eq!(request.upgrade, Some(&b"websocket"[..]));
        let head = b"GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n";
        let mut headers = crate::h1::field_slots();
        assert_eq!(
            parse(head, &mut headers, MAX).unwrap().unwrap().upgrade,
            None
        );
    }
}
