//! A reference reading of an HTTP/1.1 request or response, and the
//! relation the differential proptest (`tests/tests/h1_differential.rs`)
//! and the fuzz target (`fuzz/fuzz_targets/h1_differential.rs`, which
//! includes this file by path, so that there is one reference) assert
//! between it and the dispatcher's own codec (`dispatcher::h1`).
//!
//! The reference is a conforming, lenient-but-safe recipient: the head is
//! read by `httparse` (default settings, as the codec uses it) and the rest
//! is RFC 9112 written out plainly: the request target's forms (§3.2), Host
//! (§3.2), framing (§6.1, §6.3, and RFC 9110 §8.6 for repeated lengths) and
//! the chunked coding (§7.1). Where the RFCs let a recipient choose, the
//! reference takes the lenient choice that is still unambiguous: a repeated
//! identical Content-Length is one length, Transfer-Encoding beside
//! Content-Length wins (and the connection closes after), codings before the
//! final `chunked` are left to the application, any number of hex digits
//! make a chunk size, lines have no length limit. It never takes a choice
//! that could frame a message two ways: a bare LF or bare CR inside the
//! chunked framing is an error (§2.2 lets a recipient accept a bare LF only
//! in the start-line and the header fields).
//!
//! The relation ([`relate`]): both readings accept, refuse or wait alike and
//! agree on method, target, version, fields, framing, the decoded body and
//! where the message ends (the next request's first byte), except for the
//! deliberate differences of [`Difference`], where the dispatcher refuses
//! what the reference accepts, with the status the difference documents
//! (docs/RELIABILITY.md, "HTTP/1.1 parser strictness", lists them).
//!
//! Upstream responses get the same ([`reference_response`],
//! [`relate_response`], [`ResponseDifference`]): RFC 9112 §6.3 in its
//! order, the dispatcher answering 502 where it is stricter.

use dispatcher::h1;

/// How a message body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    None,
    /// A request's is more than zero bytes; a response's may be zero.
    Length(u64),
    Chunked,
    /// Until the connection closes (responses only).
    UntilClose,
}

/// A request head, as both readings report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub method: String,
    pub target: String,
    pub minor_version: u8,
    pub fields: Vec<(String, Vec<u8>)>,
    /// Bytes the head takes, leading empty lines and final blank line included.
    pub len: usize,
    pub framing: Framing,
    /// The connection ends after this request.
    pub close: bool,
}

/// A request body, read as its head frames it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// The input ends before the body does.
    Incomplete,
    Refused(String),
    /// The decoded body, and where the message ends in the input.
    Complete {
        data: Vec<u8>,
        end: usize,
    },
}

/// What a reading made of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// The head is not complete: read more.
    Incomplete,
    /// The head is refused with this status.
    Refused {
        status: u16,
        reason: String,
    },
    Read {
        head: Head,
        body: Body,
    },
}

fn refused(status: u16, reason: impl Into<String>) -> Reading {
    Reading::Refused {
        status,
        reason: reason.into(),
    }
}

/// Field lines the reference reads before calling a head too large; far
/// above the dispatcher's limit, so that the limit shows as a difference.
const REFERENCE_FIELDS: usize = 1024;

/// The reference reading of `bytes`: a request head, then its body.
pub fn reference(bytes: &[u8]) -> Reading {
    let mut slots = vec![httparse::EMPTY_HEADER; REFERENCE_FIELDS];
    let mut request = httparse::Request::new(&mut slots);
    let len = match request.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Reading::Incomplete,
        Err(httparse::Error::TooManyHeaders) => return refused(431, "too many fields"),
        Err(error) => return refused(400, format!("httparse: {error}")),
    };
    let (Some(method), Some(target), Some(minor_version)) =
        (request.method, request.path, request.version)
    else {
        return refused(400, "no request line");
    };
    let fields: Vec<(String, Vec<u8>)> = request
        .headers
        .iter()
        .map(|field| (field.name.to_owned(), field.value.to_owned()))
        .collect();
    if let Err(reason) = check_target(method, target) {
        return refused(400, reason);
    }
    let hosts = named(&fields, "host").count();
    if hosts > 1 {
        return refused(400, "more than one Host (RFC 9112 §3.2)");
    }
    if minor_version == 1 && hosts == 0 {
        return refused(400, "an HTTP/1.1 request without Host (RFC 9112 §3.2)");
    }
    let framing = match framing(minor_version, &fields) {
        Ok(framing) => framing,
        Err(reason) => return refused(400, reason),
    };
    let connection: Vec<Vec<u8>> = named(&fields, "connection")
        .flat_map(list)
        .map(|token| token.to_ascii_lowercase())
        .collect();
    let has = |token: &[u8]| connection.iter().any(|t| t == token);
    // RFC 9112 §6.1: after a request with both framings, the server MUST close.
    let both = named(&fields, "content-length").next().is_some()
        && named(&fields, "transfer-encoding").next().is_some();
    let close = has(b"close") || (minor_version == 0 && !has(b"keep-alive")) || both;
    let body = read_body(framing, bytes, len);
    Reading::Read {
        head: Head {
            method: method.to_owned(),
            target: target.to_owned(),
            minor_version,
            fields,
            len,
            framing,
            close,
        },
        body,
    }
}

/// The body after a head of `len` bytes, as `framing` frames it; the end of
/// `bytes` is where the connection closes.
fn read_body(framing: Framing, bytes: &[u8], len: usize) -> Body {
    let rest = &bytes[len..];
    match framing {
        Framing::None => Body::Complete {
            data: Vec::new(),
            end: len,
        },
        Framing::Length(length) => match usize::try_from(length) {
            Ok(length) if length <= rest.len() => Body::Complete {
                data: rest[..length].to_vec(),
                end: len + length,
            },
            _ => Body::Incomplete,
        },
        Framing::Chunked => match chunked(rest).0 {
            Body::Complete { data, end } => Body::Complete {
                data,
                end: len + end,
            },
            other => other,
        },
        Framing::UntilClose => Body::Complete {
            data: rest.to_vec(),
            end: bytes.len(),
        },
    }
}

fn named<'f>(
    fields: &'f [(String, Vec<u8>)],
    name: &'static str,
) -> impl Iterator<Item = &'f [u8]> + 'f {
    fields
        .iter()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_slice())
}

/// The elements of a comma-separated list (RFC 9110 §5.6.1): OWS trimmed,
/// empty elements skipped.
fn list(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    value
        .split(|&b| b == b',')
        .map(|element| element.trim_ascii())
        .filter(|element| !element.is_empty())
}

/// RFC 9112 §3.2: origin-form, absolute-form, authority-form for CONNECT,
/// asterisk-form for OPTIONS; no fragment (§3.2 has none in any form).
/// The characters are `httparse`'s; the host's syntax is the host layer's
/// (it is checked after the codec, for Host and the authority alike).
fn check_target(method: &str, target: &str) -> Result<(), String> {
    if target.contains('#') {
        return Err("a fragment in the target".to_owned());
    }
    if method == "CONNECT" {
        // authority-form = uri-host ":" port
        return match target.rsplit_once(':') {
            Some((host, port))
                if !host.is_empty()
                    && !host.contains(['/', '@', '?'])
                    && !port.is_empty()
                    && port.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Ok(())
            }
            _ => Err("CONNECT needs authority-form".to_owned()),
        };
    }
    if target.starts_with('/') {
        return Ok(());
    }
    if target == "*" {
        return if method == "OPTIONS" {
            Ok(())
        } else {
            Err("asterisk-form is for OPTIONS only".to_owned())
        };
    }
    // absolute-URI = scheme ":" hier-part [ "?" query ] (RFC 3986 §4.3)
    let Some((scheme, rest)) = target.split_once(':') else {
        return Err("neither origin-form nor absolute-form".to_owned());
    };
    let mut scheme_bytes = scheme.bytes();
    let scheme_ok = scheme_bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && scheme_bytes.all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b));
    if !scheme_ok {
        return Err("not a URI scheme".to_owned());
    }
    if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
        // RFC 9110 §4.2.1: "//" authority, the host not empty; §4.2.4:
        // userinfo treated as an error.
        let Some(after) = rest.strip_prefix("//") else {
            return Err("an http URI has an authority".to_owned());
        };
        let authority = after.split(['/', '?']).next().unwrap_or("");
        if authority.is_empty() || authority.contains('@') {
            return Err("an http URI has a host and no userinfo".to_owned());
        }
    }
    Ok(())
}

/// RFC 9112 §6.1, §6.3 and RFC 9110 §8.6.
fn framing(minor_version: u8, fields: &[(String, Vec<u8>)]) -> Result<Framing, String> {
    let transfer_encoding = named(fields, "transfer-encoding").next().is_some();
    if transfer_encoding {
        if minor_version == 0 {
            return Err("Transfer-Encoding in HTTP/1.0: faulty framing (§6.1)".to_owned());
        }
        let last = named(fields, "transfer-encoding").flat_map(list).last();
        return match last {
            Some(coding) if coding.eq_ignore_ascii_case(b"chunked") => Ok(Framing::Chunked),
            _ => Err("the final transfer coding is not chunked (§6.3)".to_owned()),
        };
    }
    Ok(match content_length(fields)? {
        None | Some(0) => Framing::None,
        Some(length) => Framing::Length(length),
    })
}

/// The Content-Length fields' one value, if there are any (RFC 9110 §8.6).
fn content_length(fields: &[(String, Vec<u8>)]) -> Result<Option<u64>, String> {
    let mut length: Option<u64> = None;
    for value in named(fields, "content-length") {
        // A list of one repeated value MAY be taken as that value.
        for element in value.split(|&b| b == b',').map(<[u8]>::trim_ascii) {
            let parsed = (!element.is_empty() && element.iter().all(u8::is_ascii_digit))
                .then(|| {
                    element.iter().try_fold(0u64, |total, &digit| {
                        total.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
                    })
                })
                .flatten()
                .ok_or("Content-Length is not 1*DIGIT within 64 bits")?;
            if length.is_some_and(|earlier| earlier != parsed) {
                return Err("two different Content-Lengths".to_owned());
            }
            length = Some(parsed);
        }
    }
    Ok(length)
}

/// Sizes seen while reading a chunked body, for the differences that are
/// limits of the dispatcher's decoder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChunkStats {
    /// The most hex digits of a chunk size.
    pub longest_size: usize,
    /// The most bytes of a line before its LF (or of a line not ended yet).
    pub longest_line: usize,
    /// Bytes of the trailer section, its final CRLF included.
    pub trailer_bytes: usize,
}

enum Line<'a> {
    Partial,
    Bad(&'static str),
    Complete(&'a [u8]),
}

/// The line at `bytes[at..]`, without its CRLF.
fn next_line<'a>(bytes: &'a [u8], at: usize, stats: &mut ChunkStats) -> Line<'a> {
    let rest = &bytes[at..];
    let Some(lf) = rest.iter().position(|&b| b == b'\n') else {
        stats.longest_line = stats.longest_line.max(rest.len());
        return Line::Partial;
    };
    stats.longest_line = stats.longest_line.max(lf);
    if lf == 0 || rest[lf - 1] != b'\r' {
        return Line::Bad("a line of the chunked coding ends in CRLF, not a bare LF");
    }
    Line::Complete(&rest[..lf - 1])
}

/// RFC 9112 §7.1: `*chunk last-chunk trailer-section CRLF`, decoded; the
/// end is relative to `bytes`.
pub fn chunked(bytes: &[u8]) -> (Body, ChunkStats) {
    let mut stats = ChunkStats::default();
    let mut data = Vec::new();
    let mut at = 0;
    loop {
        let line = match next_line(bytes, at, &mut stats) {
            Line::Partial => return (Body::Incomplete, stats),
            Line::Bad(reason) => return (Body::Refused(reason.to_owned()), stats),
            Line::Complete(line) => line,
        };
        at += line.len() + 2;
        // chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
        let digits = line.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        stats.longest_size = stats.longest_size.max(digits);
        if digits == 0 {
            return (Body::Refused("chunk-size = 1*HEXDIG".to_owned()), stats);
        }
        let size = line[..digits].iter().try_fold(0u64, |size, &digit| {
            let value = (digit as char).to_digit(16)?;
            size.checked_mul(16)?.checked_add(u64::from(value))
        });
        let Some(size) = size else {
            return (
                Body::Refused("a chunk size beyond 64 bits".to_owned()),
                stats,
            );
        };
        if let Err(reason) = chunk_extensions(&line[digits..]) {
            return (Body::Refused(reason.to_owned()), stats);
        }
        if size == 0 {
            break;
        }
        let available = bytes.len() - at;
        let Some(size) = usize::try_from(size).ok().filter(|&size| size <= available) else {
            return (Body::Incomplete, stats);
        };
        data.extend_from_slice(&bytes[at..at + size]);
        at += size;
        match (bytes.get(at), bytes.get(at + 1)) {
            (None, _) | (Some(b'\r'), None) => return (Body::Incomplete, stats),
            (Some(b'\r'), Some(b'\n')) => at += 2,
            _ => {
                return (
                    Body::Refused("chunk-data is followed by CRLF".to_owned()),
                    stats,
                );
            }
        }
    }
    // trailer-section = *( field-line CRLF ), then CRLF
    loop {
        let line = match next_line(bytes, at, &mut stats) {
            Line::Partial => return (Body::Incomplete, stats),
            Line::Bad(reason) => return (Body::Refused(reason.to_owned()), stats),
            Line::Complete(line) => line,
        };
        at += line.len() + 2;
        stats.trailer_bytes += line.len() + 2;
        if line.is_empty() {
            return (Body::Complete { data, end: at }, stats);
        }
        if !is_field_line(line) {
            return (
                Body::Refused("a trailer line is not a field line".to_owned()),
                stats,
            );
        }
    }
}

/// `*( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )`, the
/// name a token, the value a token or a quoted-string (RFC 9112 §7.1.1).
fn chunk_extensions(mut rest: &[u8]) -> Result<(), &'static str> {
    while !rest.is_empty() {
        rest = skip_bws(rest)
            .strip_prefix(b";")
            .ok_or("only BWS \";\" may follow a chunk size")?;
        rest = skip_bws(rest);
        let name = token_len(rest);
        if name == 0 {
            return Err("a chunk-ext-name is a token");
        }
        rest = &rest[name..];
        if let Some(value) = skip_bws(rest).strip_prefix(b"=") {
            rest = skip_bws(value);
            let value = if rest.first() == Some(&b'"') {
                quoted_string_len(rest).ok_or("a malformed quoted-string")?
            } else {
                token_len(rest)
            };
            if value == 0 {
                return Err("a chunk-ext-val is a token or a quoted-string");
            }
            rest = &rest[value..];
        }
    }
    Ok(())
}

fn skip_bws(bytes: &[u8]) -> &[u8] {
    let spaces = bytes
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    &bytes[spaces..]
}

/// tchar (RFC 9110 §5.6.2).
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn token_len(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|&&b| is_tchar(b)).count()
}

/// RFC 9110 §5.6.4: `DQUOTE *( qdtext / quoted-pair ) DQUOTE`.
fn quoted_string_len(bytes: &[u8]) -> Option<usize> {
    let qdtext = |b: u8| matches!(b, b'\t' | b' ' | 0x21 | 0x23..=0x5b | 0x5d..=0x7e | 0x80..);
    let mut at = 1;
    loop {
        match *bytes.get(at)? {
            b'"' => return Some(at + 1),
            b'\\' => {
                let escaped = *bytes.get(at + 1)?;
                if !matches!(escaped, b'\t' | b' ' | 0x21..=0x7e | 0x80..) {
                    return None;
                }
                at += 2;
            }
            b if qdtext(b) => at += 1,
            _ => return None,
        }
    }
}

/// `field-name ":" OWS field-value OWS` (RFC 9112 §5), no obs-fold.
fn is_field_line(line: &[u8]) -> bool {
    let name = token_len(line);
    name > 0
        && line.get(name) == Some(&b':')
        && line[name + 1..]
            .iter()
            .all(|&b| matches!(b, b'\t' | b' ' | 0x21..=0x7e | 0x80..))
}

/// The largest head the dispatcher's reading is given room for here: far
/// above every input, so that `MAX_HEADER_SIZE` plays no part.
const ROOM: usize = 1 << 24;

/// The dispatcher's reading of `bytes`, composed as its server composes the
/// codec: the head is parsed once the blank line that ends it has arrived
/// ([`h1::head_end`]), then the body is decoded by [`h1::BodyDecoder`] from
/// reads of the sizes `reads` gives in turn (repeated; 0 counts as 1).
pub fn ours(bytes: &[u8], reads: &[usize]) -> Reading {
    let Some(mut head_end) = h1::head_end(bytes) else {
        return Reading::Incomplete;
    };
    // Empty lines before the request line: the server asks the parser
    // where such a head ends.
    if matches!(bytes.first(), Some(b'\r' | b'\n')) {
        let mut slots = h1::field_slots();
        match h1::request::parse(bytes, &mut slots, ROOM) {
            Ok(Some(head)) => head_end = head.len,
            Ok(None) => return refused(400, "malformed request head"),
            Err(error) => return refused(error.status, error.reason),
        }
    }
    let mut slots = h1::field_slots();
    let parsed = match h1::request::parse(&bytes[..head_end], &mut slots, ROOM) {
        Ok(Some(head)) => head,
        Ok(None) => return refused(400, "the head ends after the blank line head_end found"),
        Err(error) => return refused(error.status, error.reason),
    };
    let framing = match parsed.framing {
        h1::RequestFraming::Empty => Framing::None,
        h1::RequestFraming::Length(length) => Framing::Length(length),
        h1::RequestFraming::Chunked => Framing::Chunked,
    };
    let head = Head {
        method: parsed.method.to_owned(),
        target: parsed.target.to_owned(),
        minor_version: parsed.minor_version,
        fields: parsed
            .headers
            .iter()
            .map(|field| (field.name.to_owned(), field.value.to_owned()))
            .collect(),
        len: parsed.len,
        framing,
        close: parsed.close,
    };
    let mut decoder = match parsed.framing {
        h1::RequestFraming::Empty => h1::BodyDecoder::Done,
        h1::RequestFraming::Length(length) => h1::BodyDecoder::length(length),
        h1::RequestFraming::Chunked => h1::BodyDecoder::chunked(),
    };
    let body = decode(&mut decoder, &bytes[parsed.len..], reads);
    let body = match body {
        Body::Complete { data, end } => Body::Complete {
            data,
            end: parsed.len + end,
        },
        other => other,
    };
    Reading::Read { head, body }
}

/// Feeds `input` to `decoder` as reads of the given sizes arrive, keeping
/// what it leaves unconsumed for the next call, as the server does.
fn decode(decoder: &mut h1::BodyDecoder, input: &[u8], reads: &[usize]) -> Body {
    let mut data = Vec::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut consumed = 0;
    let mut fed = 0;
    let mut sizes = reads.iter().cycle();
    loop {
        // An empty buffer decodes to nothing, so a body that is already
        // over (no body, or a zero length) is seen before any read.
        match decoder.decode(&mut pending) {
            Err(error) => return Body::Refused(error.to_string()),
            Ok(decoded) => {
                data.extend_from_slice(&pending[..decoded.data]);
                pending.drain(..decoded.consumed);
                consumed += decoded.consumed;
                if decoded.done {
                    return Body::Complete {
                        data,
                        end: consumed,
                    };
                }
            }
        }
        if fed == input.len() {
            // The connection closes here: the end of an until-close body,
            // and too early for any other.
            return match decoder.end_of_input() {
                Ok(()) => Body::Complete {
                    data,
                    end: consumed,
                },
                Err(_) => Body::Incomplete,
            };
        }
        let size = sizes.next().copied().unwrap_or(usize::MAX).max(1);
        let next = input.len().min(fed.saturating_add(size));
        pending.extend_from_slice(&input[fed..next]);
        fed = next;
    }
}

/// A deliberate difference: the dispatcher refuses, with [`Self::status`],
/// what the reference accepts (or waits for more of).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Difference {
    /// CONNECT in any form: the dispatcher is no forward proxy.
    Connect,
    /// `OPTIONS *`.
    AsteriskForm,
    /// An absolute-form target whose scheme is not http or https.
    OtherScheme,
    /// A target the `http` crate's URI parser refuses (characters such as
    /// `<`, `>`, a backtick in the path, `"` in the query).
    TargetCharacters,
    /// Content-Length repeated (two fields, or a list), even with one value.
    RepeatedContentLength,
    /// A Content-Length of more than 19 characters (leading zeros).
    LongContentLength,
    /// Content-Length beside Transfer-Encoding.
    LengthWithTransferEncoding,
    /// Transfer codings other than one `chunked`.
    OtherCodings,
    /// More than [`h1::MAX_HEADERS`] field lines.
    TooManyFields,
    /// A chunk size of more than 16 hex digits (leading zeros).
    LongChunkSize,
    /// A chunk-size line or trailer line of more than 4 KiB.
    LongChunkLine,
    /// A trailer section of more than 16 KiB.
    LargeTrailers,
}

impl Difference {
    /// What the dispatcher answers; it closes the connection after each.
    pub fn status(self) -> u16 {
        match self {
            Difference::Connect | Difference::OtherCodings => 501,
            Difference::TooManyFields => 431,
            _ => 400,
        }
    }

    /// The differences that apply to a head the reference accepted.
    pub fn in_head(head: &Head) -> Vec<Difference> {
        let mut found = Vec::new();
        let fields = head.fields.as_slice();
        let target = head.target.as_str();
        if head.method == "CONNECT" {
            found.push(Difference::Connect);
        }
        if target == "*" {
            found.push(Difference::AsteriskForm);
        }
        let http_url = ["http://", "https://"].iter().any(|scheme| {
            target
                .get(..scheme.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
        });
        if !target.starts_with('/') && target != "*" && !http_url {
            found.push(Difference::OtherScheme);
        }
        if target.parse::<http::Uri>().is_err() {
            found.push(Difference::TargetCharacters);
        }
        let lengths: Vec<&[u8]> = named(fields, "content-length").collect();
        if lengths.len() > 1 || lengths.iter().any(|value| value.contains(&b',')) {
            found.push(Difference::RepeatedContentLength);
        }
        if lengths
            .iter()
            .flat_map(|value| value.split(|&b| b == b','))
            .any(|element| element.trim_ascii().len() > 19)
        {
            found.push(Difference::LongContentLength);
        }
        let codings = named(fields, "transfer-encoding").flat_map(list).count();
        if named(fields, "transfer-encoding").next().is_some() && !lengths.is_empty() {
            found.push(Difference::LengthWithTransferEncoding);
        }
        if codings > 1 {
            found.push(Difference::OtherCodings);
        }
        if fields.len() > h1::MAX_HEADERS {
            found.push(Difference::TooManyFields);
        }
        found
    }

    /// The differences that apply to a chunked body, from what the reference
    /// saw of it.
    pub fn in_chunked_body(stats: ChunkStats) -> Vec<Difference> {
        let mut found = Vec::new();
        if stats.longest_size > 16 {
            found.push(Difference::LongChunkSize);
        }
        if stats.longest_line > 4096 {
            found.push(Difference::LongChunkLine);
        }
        if stats.trailer_bytes > 16 * 1024 {
            found.push(Difference::LargeTrailers);
        }
        found
    }
}

/// How the two readings of an input relate, when they may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Agreement {
    /// Both accept (with the same head, body and end), both refuse, or both
    /// wait for more.
    Same,
    /// The reference refused a head the dispatcher has not seen the end of
    /// yet: the dispatcher parses a head once its blank line is there (or
    /// `MAX_HEADER_SIZE` is reached, or `HEADER_READ_TIMEOUT`), and will
    /// refuse it then, as the reference's `httparse` does.
    HeadDeferred,
    /// The dispatcher refused, as one of these documented differences says.
    Stricter(Difference),
}

/// Reads `bytes` both ways and relates the readings; `Err` describes a
/// violation of the relation.
pub fn check(bytes: &[u8], reads: &[usize]) -> Result<Agreement, String> {
    relate(bytes, &reference(bytes), &ours(bytes, reads))
}

/// The relation between the reference's reading and the dispatcher's.
pub fn relate(bytes: &[u8], reference: &Reading, ours: &Reading) -> Result<Agreement, String> {
    let violation = |what: &str| {
        Err(format!(
            "{what}\ninput: {:?}\nreference: {reference:?}\ndispatcher: {ours:?}",
            String::from_utf8_lossy(bytes)
        ))
    };
    match (reference, ours) {
        (Reading::Incomplete, Reading::Incomplete) => Ok(Agreement::Same),
        (Reading::Refused { .. }, Reading::Refused { .. }) => Ok(Agreement::Same),
        (Reading::Refused { .. }, Reading::Incomplete) => Ok(Agreement::HeadDeferred),
        (Reading::Refused { .. }, Reading::Read { .. }) => {
            violation("the dispatcher accepts a head the reference refuses")
        }
        (Reading::Incomplete, _) | (Reading::Read { .. }, Reading::Incomplete) => {
            violation("the readings disagree on where the head ends")
        }
        (Reading::Read { head, .. }, Reading::Refused { status, .. }) => {
            let differences = Difference::in_head(head);
            match differences.iter().find(|d| d.status() == *status) {
                Some(&difference) => Ok(Agreement::Stricter(difference)),
                None => violation(&format!(
                    "the dispatcher refuses a head the reference accepts, and no documented \
                     difference with status {status} applies (found: {differences:?})"
                )),
            }
        }
        (
            Reading::Read {
                head: reference_head,
                body: reference_body,
            },
            Reading::Read {
                head: our_head,
                body: our_body,
            },
        ) => {
            if reference_head != our_head {
                return violation("the heads differ (fields, framing or length)");
            }
            match compare_bodies(
                &bytes[reference_head.len..],
                reference_head.framing,
                reference_body,
                our_body,
                "body",
            ) {
                Ok(None) => Ok(Agreement::Same),
                Ok(Some(difference)) => Ok(Agreement::Stricter(difference)),
                Err(message) => violation(&message),
            }
        }
    }
}

/// How two readings of the same body (`body_bytes`, all that follows the
/// head) compare: alike (`None`), ours stricter by a documented difference,
/// or a violation (its message). One relation for requests and responses.
fn compare_bodies(
    body_bytes: &[u8],
    framing: Framing,
    reference: &Body,
    ours: &Body,
    noun: &str,
) -> Result<Option<Difference>, String> {
    match (reference, ours) {
        (Body::Incomplete, Body::Incomplete) | (Body::Refused(_), Body::Refused(_)) => Ok(None),
        (Body::Complete { .. }, Body::Complete { .. }) if reference == ours => Ok(None),
        (Body::Complete { .. } | Body::Incomplete, Body::Refused(_))
            if framing == Framing::Chunked =>
        {
            match Difference::in_chunked_body(chunked(body_bytes).1).first() {
                Some(&difference) => Ok(Some(difference)),
                None => Err(format!(
                    "the dispatcher refuses a chunked {noun} the reference accepts, and no \
                     documented difference applies"
                )),
            }
        }
        _ => Err(format!(
            "the {noun}s differ (data, end, or accepted against refused)"
        )),
    }
}

/// An upstream's response head, as both readings report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusHead {
    pub code: u16,
    pub reason: String,
    pub minor_version: u8,
    pub fields: Vec<(String, Vec<u8>)>,
    pub len: usize,
    pub framing: Framing,
    pub close: bool,
    /// The Content-Length is not passed on (RFC 9112 §6.3: beside
    /// Transfer-Encoding an intermediary MUST remove it; RFC 9110 §8.6: a
    /// 1xx or 204 has none; a 304's is another response's length).
    pub drop_content_length: bool,
}

/// What a reading made of an upstream's response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseReading {
    Incomplete,
    /// A 502 for the client.
    Refused(String),
    Read {
        head: StatusHead,
        body: Body,
    },
}

/// The reference reading of a response to a request (`head_request`: a
/// HEAD), the connection closing where `bytes` ends (RFC 9112 §4, §6.3).
pub fn reference_response(bytes: &[u8], head_request: bool) -> ResponseReading {
    let mut slots = vec![httparse::EMPTY_HEADER; REFERENCE_FIELDS];
    let mut response = httparse::Response::new(&mut slots);
    let len = match response.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return ResponseReading::Incomplete,
        Err(error) => return ResponseReading::Refused(format!("httparse: {error}")),
    };
    let (Some(code), Some(minor_version)) = (response.code, response.version) else {
        return ResponseReading::Refused("no status line".to_owned());
    };
    // RFC 9110 §15: the first digit is the class, 1 to 5; a client takes an
    // unknown code of a higher class as invalid only below 100.
    if code < 100 {
        return ResponseReading::Refused("a status code below 100".to_owned());
    }
    let fields: Vec<(String, Vec<u8>)> = response
        .headers
        .iter()
        .map(|field| (field.name.to_owned(), field.value.to_owned()))
        .collect();
    let transfer_encoding = named(&fields, "transfer-encoding").next().is_some();
    if transfer_encoding && minor_version == 0 {
        return ResponseReading::Refused("Transfer-Encoding in HTTP/1.0 (§6.1)".to_owned());
    }
    let no_content = (100..200).contains(&code) || code == 204 || code == 304;
    // §6.3, in its order: no body whatever the fields say; then
    // Transfer-Encoding; then Content-Length; then until close.
    let framing = if head_request || no_content {
        Framing::None
    } else if transfer_encoding {
        let last = named(&fields, "transfer-encoding").flat_map(list).last();
        if last.is_some_and(|coding| coding.eq_ignore_ascii_case(b"chunked")) {
            Framing::Chunked
        } else {
            Framing::UntilClose
        }
    } else {
        match content_length(&fields) {
            Ok(Some(length)) => Framing::Length(length),
            Ok(None) => Framing::UntilClose,
            Err(reason) => return ResponseReading::Refused(reason),
        }
    };
    let connection: Vec<Vec<u8>> = named(&fields, "connection")
        .flat_map(list)
        .map(|token| token.to_ascii_lowercase())
        .collect();
    let has = |token: &[u8]| connection.iter().any(|t| t == token);
    let close = has(b"close")
        || (minor_version == 0 && !has(b"keep-alive"))
        || framing == Framing::UntilClose;
    ResponseReading::Read {
        head: StatusHead {
            code,
            reason: response.reason.unwrap_or("").to_owned(),
            minor_version,
            fields,
            len,
            framing,
            close,
            drop_content_length: transfer_encoding || no_content,
        },
        body: read_body(framing, bytes, len),
    }
}

/// The dispatcher's reading of a response, composed as its upstream client
/// composes the codec: parsed once a blank line is there, the body decoded
/// from reads of the sizes `reads` gives.
pub fn ours_response(bytes: &[u8], head_request: bool, reads: &[usize]) -> ResponseReading {
    if !h1::has_head_end(bytes) {
        return ResponseReading::Incomplete;
    }
    let mut slots = h1::field_slots();
    let parsed = match h1::response::parse(bytes, &mut slots, ROOM, head_request) {
        Ok(Some(head)) => head,
        Ok(None) => return ResponseReading::Incomplete,
        Err(error) => return ResponseReading::Refused(error.to_string()),
    };
    let framing = match parsed.framing {
        h1::ResponseFraming::Empty => Framing::None,
        h1::ResponseFraming::Length(length) => Framing::Length(length),
        h1::ResponseFraming::Chunked => Framing::Chunked,
        h1::ResponseFraming::UntilClose => Framing::UntilClose,
    };
    let head = StatusHead {
        code: parsed.code,
        reason: parsed.reason.to_owned(),
        minor_version: parsed.minor_version,
        fields: parsed
            .headers
            .iter()
            .map(|field| (field.name.to_owned(), field.value.to_owned()))
            .collect(),
        len: parsed.len,
        framing,
        close: parsed.close,
        drop_content_length: parsed.drop_content_length,
    };
    let body = match decode(&mut parsed.framing.decoder(), &bytes[parsed.len..], reads) {
        Body::Complete { data, end } => Body::Complete {
            data,
            end: parsed.len + end,
        },
        other => other,
    };
    ResponseReading::Read { head, body }
}

/// A deliberate difference in reading responses: the dispatcher answers
/// its client 502 where the reference reads the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResponseDifference {
    /// Transfer codings other than one `chunked`: the reference reads
    /// chunked (final `chunked`) or until close (any other final coding).
    OtherCodings,
    /// Content-Length as a list, even of one value (`5, 5`); two fields of
    /// one value are accepted.
    ListedContentLength,
    /// A Content-Length of more than 19 characters (leading zeros).
    LongContentLength,
    /// An invalid or differing Content-Length that the reference ignores:
    /// in a response that has no body (to HEAD, 1xx, 204, 304), or beside
    /// Transfer-Encoding.
    IgnoredLengthInvalid,
    /// More than [`h1::MAX_HEADERS`] field lines.
    TooManyFields,
}

impl ResponseDifference {
    /// The differences that apply to a head the reference accepted.
    pub fn in_head(head: &StatusHead) -> Vec<ResponseDifference> {
        let mut found = Vec::new();
        let fields = head.fields.as_slice();
        let codings: Vec<&[u8]> = named(fields, "transfer-encoding").flat_map(list).collect();
        let chunked_alone = codings.len() == 1 && codings[0].eq_ignore_ascii_case(b"chunked");
        if named(fields, "transfer-encoding").next().is_some()
            && !chunked_alone
            && head.framing != Framing::None
        {
            found.push(ResponseDifference::OtherCodings);
        }
        let lengths: Vec<&[u8]> = named(fields, "content-length").collect();
        if lengths.iter().any(|value| value.contains(&b',')) {
            found.push(ResponseDifference::ListedContentLength);
        }
        if lengths
            .iter()
            .flat_map(|value| value.split(|&b| b == b','))
            .any(|element| element.trim_ascii().len() > 19)
        {
            found.push(ResponseDifference::LongContentLength);
        }
        let ignored =
            head.framing == Framing::None || named(fields, "transfer-encoding").next().is_some();
        if ignored && content_length(fields).is_err() {
            found.push(ResponseDifference::IgnoredLengthInvalid);
        }
        if fields.len() > h1::MAX_HEADERS {
            found.push(ResponseDifference::TooManyFields);
        }
        found
    }
}

/// How the two readings of a response relate, when they may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseAgreement {
    Same,
    /// As [`Agreement::HeadDeferred`].
    HeadDeferred,
    /// The dispatcher refused (502), as this documented difference says.
    Stricter(ResponseDifference),
    /// A chunked body past the decoder's limits, the same as for requests.
    BodyLimit(Difference),
}

/// Reads a response both ways and relates the readings; `Err` describes a
/// violation.
pub fn check_response(
    bytes: &[u8],
    head_request: bool,
    reads: &[usize],
) -> Result<ResponseAgreement, String> {
    relate_response(
        bytes,
        &reference_response(bytes, head_request),
        &ours_response(bytes, head_request, reads),
    )
}

/// The relation between the readings of a response: alike, or refused by
/// the dispatcher for a documented difference.
pub fn relate_response(
    bytes: &[u8],
    reference: &ResponseReading,
    ours: &ResponseReading,
) -> Result<ResponseAgreement, String> {
    let violation = |what: &str| {
        Err(format!(
            "{what}\nresponse: {:?}\nreference: {reference:?}\ndispatcher: {ours:?}",
            String::from_utf8_lossy(bytes)
        ))
    };
    match (reference, ours) {
        (ResponseReading::Incomplete, ResponseReading::Incomplete)
        | (ResponseReading::Refused(_), ResponseReading::Refused(_)) => Ok(ResponseAgreement::Same),
        (ResponseReading::Read { head, .. }, ResponseReading::Refused(_)) => {
            match ResponseDifference::in_head(head).first() {
                Some(&difference) => Ok(ResponseAgreement::Stricter(difference)),
                None => violation(
                    "the dispatcher refuses a response the reference reads, and no documented \
                     difference applies",
                ),
            }
        }
        (
            ResponseReading::Read {
                head: reference_head,
                body: reference_body,
            },
            ResponseReading::Read {
                head: our_head,
                body: our_body,
            },
        ) => {
            if reference_head != our_head {
                return violation("the response heads differ (fields, framing or length)");
            }
            match compare_bodies(
                &bytes[reference_head.len..],
                reference_head.framing,
                reference_body,
                our_body,
                "response body",
            ) {
                Ok(None) => Ok(ResponseAgreement::Same),
                Ok(Some(difference)) => Ok(ResponseAgreement::BodyLimit(difference)),
                Err(message) => violation(&message),
            }
        }
        (ResponseReading::Refused(_), ResponseReading::Read { .. }) => {
            violation("the dispatcher reads a response the reference refuses")
        }
        (ResponseReading::Refused(_), ResponseReading::Incomplete) => {
            Ok(ResponseAgreement::HeadDeferred)
        }
        _ => violation("the readings disagree on where the response head ends"),
    }
}
