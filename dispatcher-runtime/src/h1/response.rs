//! An upstream's response head (RFC 9112 §4, §6.3): parsed in place, its
//! body framing decided, and refused (502) where two readers could frame it
//! differently or where it is larger than the limit.

use httparse::{Header, Status};

use super::body::BodyDecoder;
use super::fields;

/// How the response body is framed, given the request it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseFraming {
    /// No body: HEAD, 1xx, 204, 304.
    Empty,
    Length(u64),
    Chunked,
    /// Until the upstream closes the connection.
    UntilClose,
}

impl ResponseFraming {
    pub fn decoder(self) -> BodyDecoder {
        match self {
            ResponseFraming::Empty => BodyDecoder::Done,
            ResponseFraming::Length(length) => BodyDecoder::length(length),
            ResponseFraming::Chunked => BodyDecoder::chunked(),
            ResponseFraming::UntilClose => BodyDecoder::UntilClose,
        }
    }
}

/// Why an upstream's response head cannot be forwarded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    #[error("the upstream's response head is too large: over MAX_RESPONSE_HEADER_SIZE ({0} bytes)")]
    TooLarge(usize),
    #[error(
        "the upstream's response head is too large: more than {} header fields",
        super::MAX_HEADERS
    )]
    TooManyHeaders,
    #[error("the upstream sent an invalid response: {0}")]
    Invalid(String),
}

/// A complete, checked response head; everything borrows the read buffer.
#[derive(Debug)]
pub struct ResponseHead<'a> {
    pub code: u16,
    pub reason: &'a str,
    pub minor_version: u8,
    pub headers: &'a [Header<'a>],
    /// Bytes the head takes in the buffer, final CRLF included.
    pub len: usize,
    pub framing: ResponseFraming,
    /// The upstream will not take another request on this connection.
    pub close: bool,
    /// The response's Content-Length is not forwarded: it came beside
    /// Transfer-Encoding (RFC 9112 §6.3), or the status has no content
    /// (1xx, 204: a server MUST NOT send one; 304: the length of another
    /// response, which clients need not see; RFC 9110 §8.6).
    pub drop_content_length: bool,
}

impl ResponseHead<'_> {
    /// 1xx other than 101: an interim response, followed by the real one.
    pub fn is_interim(&self) -> bool {
        (100..200).contains(&self.code) && self.code != 101
    }
}

/// Parses the response head at the start of `buffer`. `Ok(None)`: not
/// complete yet; read more (an error once `max_head` bytes are there).
/// `head_request`: the request was HEAD, so the response has no body.
pub fn parse<'a>(
    buffer: &'a [u8],
    slots: &'a mut [std::mem::MaybeUninit<Header<'a>>],
    max_head: usize,
    head_request: bool,
) -> Result<Option<ResponseHead<'a>>, ResponseError> {
    let mut response = httparse::Response::new(&mut []);
    let parsed = httparse::ParserConfig::default().parse_response_with_uninit_headers(
        &mut response,
        buffer,
        slots,
    );
    let len = match parsed {
        Ok(Status::Complete(len)) => len,
        Ok(Status::Partial) if buffer.len() < max_head => return Ok(None),
        Ok(Status::Partial) => return Err(ResponseError::TooLarge(max_head)),
        Err(httparse::Error::TooManyHeaders) => return Err(ResponseError::TooManyHeaders),
        Err(error) => return Err(ResponseError::Invalid(error.to_string())),
    };
    if len > max_head {
        return Err(ResponseError::TooLarge(max_head));
    }
    let (Some(code), Some(minor_version)) = (response.code, response.version) else {
        return Err(ResponseError::Invalid("no status code".to_owned()));
    };
    if !(100..=999).contains(&code) {
        return Err(ResponseError::Invalid(format!("status code {code}")));
    }
    let reason = response.reason.unwrap_or("");
    if !reason
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        return Err(ResponseError::Invalid(
            "reason phrase is not visible ASCII".to_owned(),
        ));
    }
    let headers: &'a [Header<'a>] = response.headers;
    let mut content_length: Option<u64> = None;
    let mut transfer_encoding = false;
    let mut codings = 0;
    let mut chunked_last = false;
    let mut close = false;
    let mut keep_alive = false;
    for header in headers {
        let name = header.name.as_bytes();
        if name.eq_ignore_ascii_case(b"content-length") {
            let length = fields::content_length(header.value).ok_or_else(|| {
                ResponseError::Invalid("Content-Length is not a number".to_owned())
            })?;
            if content_length.is_some_and(|earlier| earlier != length) {
                return Err(ResponseError::Invalid(
                    "two different Content-Lengths".to_owned(),
                ));
            }
            content_length = Some(length);
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            transfer_encoding = true;
            for coding in fields::list(header.value) {
                codings += 1;
                chunked_last = coding.eq_ignore_ascii_case(b"chunked");
            }
        } else if name.eq_ignore_ascii_case(b"connection") {
            for token in fields::list(header.value) {
                close |= token.eq_ignore_ascii_case(b"close");
                keep_alive |= token.eq_ignore_ascii_case(b"keep-alive");
            }
        }
    }
    if transfer_encoding && minor_version == 0 {
        // RFC 9112 §6.1: faulty framing; it cannot be read reliably.
        return Err(ResponseError::Invalid(
            "Transfer-Encoding in an HTTP/1.0 response".to_owned(),
        ));
    }
    let no_body = head_request || (100..200).contains(&code) || code == 204 || code == 304;
    let framing = if no_body {
        ResponseFraming::Empty
    } else if transfer_encoding {
        if !chunked_last || codings != 1 {
            // Only chunked is decoded; a gzip transfer coding could not
            // be passed on without it (nginx refuses these too).
            return Err(ResponseError::Invalid(
                "a transfer coding other than chunked".to_owned(),
            ));
        }
        ResponseFraming::Chunked
    } else {
        match content_length {
            Some(length) => ResponseFraming::Length(length),
            None => ResponseFraming::UntilClose,
        }
    };
    let close =
        close || (minor_version == 0 && !keep_alive) || framing == ResponseFraming::UntilClose;
    Ok(Some(ResponseHead {
        code,
        reason,
        minor_version,
        headers,
        len,
        framing,
        close,
        drop_content_length: transfer_encoding
            || (100..200).contains(&code)
            || code == 204
            || code == 304,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framing(head: &[u8], head_request: bool) -> Result<ResponseFraming, ResponseError> {
        let mut headers = crate::h1::field_slots();
        parse(head, &mut headers, 64 * 1024, head_request).map(|parsed| parsed.unwrap().framing)
    }

    #[test]
    fn framing_follows_rfc_9112_section_6_3() {
        assert_eq!(
            framing(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", false),
            Ok(ResponseFraming::Length(5))
        );
        assert_eq!(
            framing(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", true),
            Ok(ResponseFraming::Empty)
        );
        for code in [100, 204, 304] {
            let head = format!("HTTP/1.1 {code} X\r\nContent-Length: 5\r\n\r\n");
            assert_eq!(framing(head.as_bytes(), false), Ok(ResponseFraming::Empty));
        }
        assert_eq!(
            framing(b"HTTP/1.1 200 OK\r\n\r\n", false),
            Ok(ResponseFraming::UntilClose)
        );
        // Transfer-Encoding wins over Content-Length; the length is dropped.
        let mut headers = crate::h1::field_slots();
        let both = b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n";
        let head = parse(both, &mut headers, 1024, false).unwrap().unwrap();
        assert_eq!(
            (head.framing, head.drop_content_length),
            (ResponseFraming::Chunked, true)
        );
    }

    #[test]
    fn ambiguous_or_oversized_heads_are_refused() {
        for bad in [
            &b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"[..],
            b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            b"HTTP/1.1 two hundred OK\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nX : y\r\n\r\n",
            b"HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        ] {
            assert!(
                framing(bad, false).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        let mut headers = crate::h1::field_slots();
        let huge = format!("HTTP/1.1 200 OK\r\nX: {}\r\n\r\n", "h".repeat(100));
        assert_eq!(
            parse(huge.as_bytes(), &mut headers, 64, false).unwrap_err(),
            ResponseError::TooLarge(64)
        );
        let mut headers = crate::h1::field_slots();
        assert!(matches!(
            parse(&huge.as_bytes()[..60], &mut headers, 64, false),
            Ok(None)
        ));
    }

    #[test]
    fn connections_that_end_are_recognised() {
        let mut headers = crate::h1::field_slots();
        let closing = b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        assert!(
            parse(closing, &mut headers, 1024, false)
                .unwrap()
                .unwrap()
                .close
        );
        let mut headers = crate::h1::field_slots();
        let old = b"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n";
        assert!(
            parse(old, &mut headers, 1024, false)
                .unwrap()
                .unwrap()
                .close
        );
        let mut headers = crate::h1::field_slots();
        let kept = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        assert!(
            !parse(kept, &mut headers, 1024, false)
                .unwrap()
                .unwrap()
                .close
        );
    }
}
