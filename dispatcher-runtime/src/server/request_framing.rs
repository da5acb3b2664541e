//! Follows the framing of the HTTP/1.1 requests on a connection, byte by
//! byte, ahead of hyper, and refuses what hyper would accept but a strict
//! reading of RFC 9112 does not (docs/RELIABILITY.md):
//!
//! - a head with both Content-Length and Transfer-Encoding (§6.1), or with
//!   Transfer-Encoding in HTTP/1.0, or codings other than `chunked` (hyper
//!   would drop the Content-Length, or pass the coded body on undeclared);
//! - a chunked body off the grammar of §7.1: `chunk-size = 1*HEXDIG`, then
//!   optional `*( BWS ";" BWS name [ BWS "=" BWS value ] )`, then CRLF;
//!   the data; CRLF; after the last chunk, trailer fields and a CRLF
//!   (hyper accepts whitespace after the size, so `5 \r\n` would pass).
//!
//! Every head is followed, pipelined ones included, so a refused message
//! can hide nothing behind it: the bytes before the fault may pass, those
//! from the fault on never do. The caller numbers requests as they are
//! dispatched; [`Verdict::Refuse`] names the request by that number so its
//! handler can answer 400 (or 501) and close.
//!
//! Heads the follower cannot read (malformed, too large) are left to hyper,
//! which refuses them and closes the connection; from then on bytes pass
//! unread.

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the request has both Content-Length and Transfer-Encoding")]
    LengthAndEncoding,
    #[error("an HTTP/1.0 request cannot have Transfer-Encoding")]
    EncodingInHttp10,
    #[error("the request's Transfer-Encoding does not end in chunked")]
    NotChunked,
    #[error("the request's transfer coding is not implemented: only chunked is")]
    UnknownCoding,
    #[error("the request's Content-Length is not one valid length")]
    InvalidLength,
    #[error("the request's chunked body is malformed: {0}")]
    Chunked(&'static str),
}

impl Refusal {
    /// The status the request is answered with (RFC 9112 §6.1, §6.3).
    pub fn status(self) -> http::StatusCode {
        match self {
            Refusal::UnknownCoding => http::StatusCode::NOT_IMPLEMENTED,
            _ => http::StatusCode::BAD_REQUEST,
        }
    }
}

/// What may pass of the bytes fed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// All of them.
    Pass,
    /// The first `valid`; the rest and everything after them never.
    Refuse {
        valid: usize,
        /// The refused request's number: 1 for the connection's first.
        request: u64,
        reason: Refusal,
    },
}

/// Headers a head may have; more than hyper accepts (100), so every head
/// hyper reads is read here too.
const MAX_FIELDS: usize = 128;

/// Chunk extensions per body, as hyper bounds them.
const MAX_EXTENSIONS: usize = 16 * 1024;

/// Hex digits of a chunk size: 16 fill 64 bits.
const MAX_SIZE_DIGITS: u8 = 16;

/// The framing state of one connection's request stream.
pub struct RequestFraming {
    state: State,
    /// A head split across reads.
    partial: Vec<u8>,
    max_head: usize,
    /// Heads read so far: the message being followed is this number.
    requests: u64,
    /// Chunk-extension bytes of the current body.
    extensions: usize,
    /// Trailer-section bytes of the current body.
    trailers: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Head,
    Length(u64),
    Chunked(Chunk),
    /// A head hyper will refuse: nothing more to follow.
    Unread,
    Refused(Refusal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chunk {
    /// Before the first digit of a chunk size.
    SizeStart,
    Size {
        value: u64,
        digits: u8,
    },
    /// Whitespace after the size or an extension: only `;` may follow.
    Bws {
        last: bool,
        size: u64,
    },
    /// After `;` and optional whitespace: a name starts.
    NameStart {
        last: bool,
        size: u64,
    },
    Name {
        last: bool,
        size: u64,
    },
    /// Whitespace after a name: `=` or `;` may follow.
    NameBws {
        last: bool,
        size: u64,
    },
    /// After `=` and optional whitespace: a value starts.
    ValueStart {
        last: bool,
        size: u64,
    },
    Token {
        last: bool,
        size: u64,
    },
    Quoted {
        last: bool,
        size: u64,
    },
    QuotedPair {
        last: bool,
        size: u64,
    },
    /// A CR ended the size line.
    SizeLf {
        last: bool,
        size: u64,
    },
    Data(u64),
    DataCr,
    DataLf,
    /// After the last chunk: a trailer field line or the final CRLF.
    TrailerStart,
    TrailerName,
    TrailerValue,
    TrailerLf,
    EndLf,
}

/// How a head's framing headers say its body is delimited.
enum Framing {
    Length(u64),
    Chunked,
}

impl RequestFraming {
    /// `max_head` bounds a head as hyper's `max_buf_size` does.
    pub fn new(max_head: usize) -> Self {
        RequestFraming {
            state: State::Head,
            partial: Vec::new(),
            // A little more than hyper takes, so that any head hyper can
            // read is read here as well.
            max_head: max_head + 1024,
            requests: 0,
            extensions: 0,
            trailers: 0,
        }
    }

    /// Follows `bytes`, the next ones read from the connection.
    pub fn feed(&mut self, bytes: &[u8]) -> Verdict {
        let mut at = 0;
        while at < bytes.len() {
            let step = match self.state {
                State::Unread => return Verdict::Pass,
                State::Refused(reason) => Err(reason),
                State::Head => match self.head(&bytes[at..]) {
                    HeadStep::Read(used) => {
                        at += used;
                        Ok(())
                    }
                    HeadStep::Refused(used, reason) => {
                        // The head passes (its handler answers); the body never.
                        at += used;
                        Err(reason)
                    }
                    HeadStep::Waiting => return Verdict::Pass,
                },
                State::Length(left) => {
                    let taken = left.min((bytes.len() - at) as u64);
                    at += taken as usize;
                    self.state = match left - taken {
                        0 => State::Head,
                        left => State::Length(left),
                    };
                    Ok(())
                }
                State::Chunked(Chunk::Data(left)) => {
                    let taken = left.min((bytes.len() - at) as u64);
                    at += taken as usize;
                    self.state = State::Chunked(match left - taken {
                        0 => Chunk::DataCr,
                        left => Chunk::Data(left),
                    });
                    Ok(())
                }
                State::Chunked(chunk) => {
                    let stepped = self.chunk_byte(chunk, bytes[at]);
                    if stepped.is_ok() {
                        at += 1;
                    }
                    stepped
                }
            };
            if let Err(reason) = step {
                self.state = State::Refused(reason);
                self.partial = Vec::new();
                return Verdict::Refuse {
                    valid: at,
                    request: self.requests,
                    reason,
                };
            }
        }
        Verdict::Pass
    }

    /// Reads a head from `bytes`, after what earlier reads left.
    fn head(&mut self, bytes: &[u8]) -> HeadStep {
        let before = self.partial.len();
        let room = self.max_head.saturating_sub(before);
        let taken = &bytes[..bytes.len().min(room)];
        let more_may_come = bytes.len() < room;
        // Usually a head comes whole in one read and is read where it lies.
        let parsed = if before == 0 {
            parse_head(taken)
        } else {
            self.partial.extend_from_slice(taken);
            parse_head(&self.partial)
        };
        match parsed {
            Parsed::Partial if more_may_come => {
                if before == 0 {
                    self.partial.extend_from_slice(taken);
                }
                HeadStep::Waiting
            }
            Parsed::Partial | Parsed::Unreadable => {
                self.state = State::Unread;
                self.partial = Vec::new();
                HeadStep::Waiting
            }
            Parsed::Complete(length, framing) => {
                // An idle keep-alive connection holds no copy of a head.
                self.partial = Vec::new();
                self.requests += 1;
                self.extensions = 0;
                self.trailers = 0;
                let used = length - before;
                self.state = match framing {
                    Ok(None | Some(Framing::Length(0))) => State::Head,
                    Ok(Some(Framing::Length(length))) => State::Length(length),
                    Ok(Some(Framing::Chunked)) => State::Chunked(Chunk::SizeStart),
                    Err(reason) => return HeadStep::Refused(used, reason),
                };
                HeadStep::Read(used)
            }
        }
    }

    fn chunk_byte(&mut self, chunk: Chunk, byte: u8) -> Result<(), Refusal> {
        use Chunk::*;
        let next = match chunk {
            SizeStart => match hex(byte) {
                Some(digit) => Size {
                    value: u64::from(digit),
                    digits: 1,
                },
                None => return Err(Refusal::Chunked("a chunk size is not hexadecimal")),
            },
            Size { value, digits } => match (hex(byte), byte) {
                (Some(digit), _) => {
                    if digits == MAX_SIZE_DIGITS {
                        return Err(Refusal::Chunked("a chunk size has more than 16 digits"));
                    }
                    Size {
                        value: value << 4 | u64::from(digit),
                        digits: digits + 1,
                    }
                }
                (None, b'\r') => SizeLf {
                    last: value == 0,
                    size: value,
                },
                (None, b';') => NameStart {
                    last: value == 0,
                    size: value,
                },
                (None, b' ' | b'\t') => Bws {
                    last: value == 0,
                    size: value,
                },
                _ => return Err(Refusal::Chunked("a chunk size is not hexadecimal")),
            },
            Bws { last, size } => match byte {
                b' ' | b'\t' => chunk,
                b';' => NameStart { last, size },
                _ => {
                    return Err(Refusal::Chunked(
                        "whitespace in a chunk size line is not followed by `;`",
                    ));
                }
            },
            NameStart { last, size } => match byte {
                b' ' | b'\t' => chunk,
                _ if is_tchar(byte) => Name { last, size },
                _ => return Err(Refusal::Chunked("a chunk extension has no name")),
            },
            Name { last, size } => match byte {
                _ if is_tchar(byte) => chunk,
                b'\r' => SizeLf { last, size },
                b';' => NameStart { last, size },
                b'=' => ValueStart { last, size },
                b' ' | b'\t' => NameBws { last, size },
                _ => return Err(Refusal::Chunked("a chunk extension name is not a token")),
            },
            NameBws { last, size } => match byte {
                b' ' | b'\t' => chunk,
                b';' => NameStart { last, size },
                b'=' => ValueStart { last, size },
                _ => return Err(Refusal::Chunked("whitespace inside a chunk extension")),
            },
            ValueStart { last, size } => match byte {
                b' ' | b'\t' => chunk,
                b'"' => Quoted { last, size },
                _ if is_tchar(byte) => Token { last, size },
                _ => return Err(Refusal::Chunked("a chunk extension has no value")),
            },
            Token { last, size } => match byte {
                _ if is_tchar(byte) => chunk,
                b'\r' => SizeLf { last, size },
                b';' => NameStart { last, size },
                b' ' | b'\t' => Bws { last, size },
                _ => return Err(Refusal::Chunked("a chunk extension value is not a token")),
            },
            Quoted { last, size } => match byte {
                b'"' => Token { last, size },
                b'\\' => QuotedPair { last, size },
                b'\t' | b' ' | 0x21..=0x7e | 0x80..=0xff => chunk,
                _ => {
                    return Err(Refusal::Chunked(
                        "a control character in a quoted chunk extension",
                    ));
                }
            },
            QuotedPair { last, size } => match byte {
                b'\t' | b' ' | 0x21..=0x7e | 0x80..=0xff => Quoted { last, size },
                _ => {
                    return Err(Refusal::Chunked(
                        "a control character in a quoted chunk extension",
                    ));
                }
            },
            SizeLf { last, size } => match (byte, last) {
                (b'\n', true) => TrailerStart,
                (b'\n', false) => Data(size),
                _ => return Err(Refusal::Chunked("a chunk size line does not end in CRLF")),
            },
            DataCr => match byte {
                b'\r' => DataLf,
                _ => return Err(Refusal::Chunked("chunk data is not followed by CRLF")),
            },
            DataLf => match byte {
                b'\n' => SizeStart,
                _ => return Err(Refusal::Chunked("chunk data is not followed by CRLF")),
            },
            TrailerStart => match byte {
                b'\r' => EndLf,
                _ if is_tchar(byte) => TrailerName,
                _ => return Err(Refusal::Chunked("a trailer line is not a field")),
            },
            TrailerName => match byte {
                _ if is_tchar(byte) => chunk,
                b':' => TrailerValue,
                _ => return Err(Refusal::Chunked("a trailer line is not a field")),
            },
            TrailerValue => match byte {
                b'\r' => TrailerLf,
                b'\t' | b' ' | 0x21..=0x7e | 0x80..=0xff => chunk,
                _ => return Err(Refusal::Chunked("a control character in a trailer field")),
            },
            TrailerLf => match byte {
                b'\n' => TrailerStart,
                _ => return Err(Refusal::Chunked("a trailer line does not end in CRLF")),
            },
            EndLf => match byte {
                b'\n' => {
                    self.state = State::Head;
                    return Ok(());
                }
                _ => {
                    return Err(Refusal::Chunked(
                        "the chunked body does not end in an empty line",
                    ));
                }
            },
            Data(_) => unreachable!("data is taken in bulk"),
        };
        if matches!(
            next,
            NameStart { .. }
                | Name { .. }
                | NameBws { .. }
                | ValueStart { .. }
                | Token { .. }
                | Quoted { .. }
                | QuotedPair { .. }
                | Bws { .. }
        ) {
            self.extensions += 1;
            if self.extensions > MAX_EXTENSIONS {
                return Err(Refusal::Chunked("the chunk extensions are too long"));
            }
        }
        if matches!(next, TrailerName | TrailerValue | TrailerLf | EndLf) {
            self.trailers += 1;
            if self.trailers > self.max_head {
                return Err(Refusal::Chunked("the trailer section is too large"));
            }
        }
        self.state = State::Chunked(next);
        Ok(())
    }
}

/// What reading (part of) a head came to.
enum HeadStep {
    /// A head was read from this many bytes; its body follows.
    Read(usize),
    /// A head was read from this many bytes, and its framing is refused.
    Refused(usize, Refusal),
    /// All bytes were taken: the head is incomplete, or left to hyper.
    Waiting,
}

enum Parsed {
    Partial,
    /// The head's length, and its body's framing (`None`: no body).
    Complete(usize, Result<Option<Framing>, Refusal>),
    /// Malformed or too many fields: hyper answers it.
    Unreadable,
}

fn parse_head(bytes: &[u8]) -> Parsed {
    let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
    let mut request = httparse::Request::new(&mut fields);
    match request.parse(bytes) {
        Ok(httparse::Status::Partial) => Parsed::Partial,
        Ok(httparse::Status::Complete(length)) => {
            Parsed::Complete(length, framing(request.version == Some(0), request.headers))
        }
        Err(_) => Parsed::Unreadable,
    }
}

/// The body framing a request head declares (RFC 9112 §6.1–6.3).
fn framing(http10: bool, fields: &[httparse::Header<'_>]) -> Result<Option<Framing>, Refusal> {
    let mut length: Option<u64> = None;
    let mut has_length = false;
    let mut codings = 0;
    let mut last_chunked = false;
    let mut has_encoding = false;
    for field in fields {
        if field.name.eq_ignore_ascii_case("transfer-encoding") {
            has_encoding = true;
            for coding in field.value.split(|&b| b == b',') {
                let coding = coding.trim_ascii();
                if coding.is_empty() {
                    continue;
                }
                codings += 1;
                last_chunked = coding.eq_ignore_ascii_case(b"chunked");
            }
        } else if field.name.eq_ignore_ascii_case("content-length") {
            has_length = true;
            let value = field.value.trim_ascii();
            let parsed = (!value.is_empty() && value.iter().all(u8::is_ascii_digit))
                .then(|| std::str::from_utf8(value).ok()?.parse::<u64>().ok())
                .flatten()
                .ok_or(Refusal::InvalidLength)?;
            if length.is_some_and(|earlier| earlier != parsed) {
                return Err(Refusal::InvalidLength);
            }
            length = Some(parsed);
        }
    }
    match (has_encoding, has_length) {
        (true, _) if http10 => Err(Refusal::EncodingInHttp10),
        (true, true) => Err(Refusal::LengthAndEncoding),
        (true, false) if !last_chunked => Err(Refusal::NotChunked),
        (true, false) if codings > 1 => Err(Refusal::UnknownCoding),
        (true, false) => Ok(Some(Framing::Chunked)),
        (false, true) => Ok(length.map(Framing::Length)),
        (false, false) => Ok(None),
    }
}

fn hex(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// RFC 9110 §5.6.2.
fn is_tchar(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHUNKED: &str = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";

    /// Feeds `input` in one piece; where it is refused, the offset of the
    /// fault, the request's number and the reason.
    fn follow(input: &str) -> Option<(usize, u64, Refusal)> {
        match RequestFraming::new(1024).feed(input.as_bytes()) {
            Verdict::Pass => None,
            Verdict::Refuse {
                valid,
                request,
                reason,
            } => Some((valid, request, reason)),
        }
    }

    /// Feeds `input` split at every position, and byte by byte: the
    /// verdict is the same as in one piece.
    fn follow_split(input: &str) -> Option<(usize, u64, Refusal)> {
        let whole = follow(input);
        let bytes = input.as_bytes();
        let mut pieces: Vec<Vec<&[u8]>> = (1..bytes.len())
            .map(|at| vec![&bytes[..at], &bytes[at..]])
            .collect();
        pieces.push(bytes.chunks(1).collect());
        for split in pieces {
            let mut framing = RequestFraming::new(1024);
            let mut offset = 0;
            let mut verdict = None;
            for piece in split {
                if let Verdict::Refuse {
                    valid,
                    request,
                    reason,
                } = framing.feed(piece)
                {
                    verdict = Some((offset + valid, request, reason));
                    break;
                }
                offset += piece.len();
            }
            assert_eq!(verdict, whole, "{input:?} split differently");
        }
        whole
    }

    #[test]
    fn pipelined_valid_requests_pass_whole() {
        let stream = format!(
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n\
             POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello\
             {CHUNKED}5;a=\"b\"\r\nhello\r\n0\r\nX-T: 1\r\n\r\n\
             \r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"
        );
        assert_eq!(follow_split(&stream), None);
    }

    #[test]
    fn length_with_transfer_encoding_refuses_the_body_after_the_head() {
        let first = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        let second =
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n";
        let stream = format!("{first}{second}0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n");
        assert_eq!(
            follow_split(&stream),
            Some((first.len() + second.len(), 2, Refusal::LengthAndEncoding))
        );
    }

    #[test]
    fn framing_headers_are_read_as_rfc_9112_says() {
        let head = |fields: &str| format!("POST / HTTP/1.1\r\nHost: x\r\n{fields}\r\n\r\n");
        let refused = |fields: &str| follow(&head(fields)).map(|(_, _, reason)| reason);
        assert_eq!(
            refused("Transfer-Encoding: gzip, chunked"),
            Some(Refusal::UnknownCoding)
        );
        assert_eq!(
            refused("Transfer-Encoding: chunked, gzip"),
            Some(Refusal::NotChunked)
        );
        assert_eq!(
            refused("Transfer-Encoding: xchunked"),
            Some(Refusal::NotChunked)
        );
        assert_eq!(
            refused("Content-Length: 1, 1"),
            Some(Refusal::InvalidLength)
        );
        assert_eq!(
            refused("Content-Length: 1\r\nContent-Length: 2"),
            Some(Refusal::InvalidLength)
        );
        assert_eq!(refused("Content-Length: +1"), Some(Refusal::InvalidLength));
        assert_eq!(refused("Content-Length: 1\r\nContent-Length: 1"), None);
        assert_eq!(refused("Transfer-Encoding: Chunked"), None);
        assert_eq!(refused("Transfer-Encoding: chunked,"), None);
        let http10 = "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(
            follow(http10).map(|(_, _, r)| r),
            Some(Refusal::EncodingInHttp10)
        );
        assert_eq!(Refusal::UnknownCoding.status(), 501);
        assert_eq!(Refusal::Chunked("x").status(), 400);
    }

    #[test]
    fn chunk_sizes_and_lines_off_the_grammar_are_refused_at_the_fault() {
        for (body, fault) in [
            ("5 \r\nhello\r\n0\r\n\r\n", 2),
            ("5\t\r\n", 2),
            (" 5\r\n", 0),
            ("0x5\r\n", 1),
            ("+5\r\n", 0),
            ("5\r\nhello0\r\n", 8),
            ("5\r\nhello\n", 8),
            ("5\nhello", 1),
            ("5;\r\n", 2),
            ("5;a=\"x\r\n", 6),
            ("5;a b\r\n", 4),
            ("5;a=\r\n", 4),
            ("5;a=b c\r\n", 6),
            ("00000000000000005\r\n", 16),
            ("5\r\nhello\r\n0\r\nbad trailer\r\n\r\n", 16),
            ("5\r\nhello\r\n0\r\nX: \x01\r\n\r\n", 16),
            ("5\r\nhello\r\n0\r\n\r\r", 14),
            ("5\r\nhello\r\n0 \r\n\r\n", 12),
        ] {
            let input = format!("{CHUNKED}{body}GET /smuggled HTTP/1.1\r\n\r\n");
            let Some((valid, request, Refusal::Chunked(_))) = follow_split(&input) else {
                panic!("{body:?} must be refused");
            };
            assert_eq!((valid - CHUNKED.len(), request), (fault, 1), "{body:?}");
        }
    }

    #[test]
    fn chunks_in_the_grammar_pass_and_the_next_head_is_followed() {
        for body in [
            "5;name\r\nhello\r\n0\r\n\r\n",
            "5;n=v;o=\"q; \\\"v\\\"\"\r\nhello\r\n0\r\n\r\n",
            "5 ; n = v\t;m\r\nhello\r\n0;last\r\n\r\n",
            "0000000000000005\r\nhello\r\n000\r\n\r\n",
            "a\r\nhellohello\r\nA\r\nhellohello\r\n0\r\n\r\n",
            "0\r\nX-T: 1\r\nY:\r\nZ:\tv \r\n\r\n",
        ] {
            let next = "POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n";
            let input = format!("{CHUNKED}{body}{next}x");
            assert_eq!(
                follow_split(&input),
                Some((input.len() - 1, 2, Refusal::LengthAndEncoding)),
                "{body:?}"
            );
        }
    }

    #[test]
    fn heads_hyper_refuses_are_left_to_it() {
        let mut malformed = RequestFraming::new(1024);
        assert_eq!(
            malformed.feed(b"\x00\x01 garbage\r\n\r\n5 \r\n"),
            Verdict::Pass
        );
        assert_eq!(malformed.feed(b"anything"), Verdict::Pass);
        let mut large = RequestFraming::new(16);
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(2000));
        assert_eq!(large.feed(long.as_bytes()), Verdict::Pass);
        assert_eq!(large.feed(b"5 \r\n"), Verdict::Pass);
    }

    #[test]
    fn extensions_and_trailers_are_bounded() {
        let long_extension = format!("{CHUNKED}1;a={}\r\n", "v".repeat(MAX_EXTENSIONS + 10));
        assert!(matches!(
            follow(&long_extension),
            Some((_, 1, Refusal::Chunked("the chunk extensions are too long")))
        ));
        let long_trailer = format!("{CHUNKED}0\r\nX: {}\r\n\r\n", "v".repeat(4000));
        assert!(matches!(
            follow(&long_trailer),
            Some((_, 1, Refusal::Chunked("the trailer section is too large")))
        ));
    }
}
