//! The dispatcher's HTTP/1.1 codec (`dispatcher::h1`: request head, body
//! framing, chunked decoder) against the reference reading of
//! `dispatcher_tests::h1_reference`: generated requests, mutated where
//! parsers are known to disagree (whitespace around sizes, bare LF and CR,
//! obs-fold, repeated or listed lengths, Content-Length beside
//! Transfer-Encoding, huge sizes, characters outside tchar, truncation),
//! must be accepted, refused and framed alike (same head, decoded body and
//! end of message), or refused by the dispatcher for one of the documented
//! deliberate differences, never the other way round.
//!
//! Upstream responses (`h1::response`, then the same body decoder) are
//! compared the same way with the reference's reading of RFC 9112 §6.3.
//!
//! Over real sockets, each request difference gets its documented status
//! and a close, and a request that arrives after empty lines, in pieces, is
//! served (the codec once took the empty lines for a whole head).

use std::collections::BTreeMap;
use std::time::Duration;

use dispatcher_tests::h1_reference::{
    self, Agreement, Body, Difference, Reading, ResponseAgreement, ResponseDifference,
    ResponseReading,
};
use dispatcher_tests::harness::{self, RunningDispatcher};
use dispatcher_tests::proxy_rules::DISPATCHER;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const CASES: u32 = 20_000;

/// An upstream's response as the generator builds it.
#[derive(Debug, Clone)]
struct Response {
    version: &'static str,
    code: &'static str,
    reason: &'static str,
    line_end: &'static str,
    framing: FramingSpec,
    fields: Vec<Field>,
    many: usize,
    head_end: &'static str,
    next: &'static str,
    mutation: Mutation,
}

impl Response {
    fn render(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for part in [
            self.version,
            " ",
            self.code,
            " ",
            self.reason,
            self.line_end,
        ] {
            out.extend_from_slice(part.as_bytes());
        }
        finish(
            &mut out,
            None,
            &self.framing,
            &self.fields,
            self.many,
            self.head_end,
            self.next,
            &self.mutation,
        );
        out
    }
}

/// A request as the generator builds it, rendered by [`Request::render`].
#[derive(Debug, Clone)]
struct Request {
    leading: Vec<&'static str>,
    method: &'static str,
    target: String,
    version: &'static str,
    separators: (&'static str, &'static str),
    line_end: &'static str,
    host: Option<Field>,
    framing: FramingSpec,
    fields: Vec<Field>,
    /// Extra `X-Many: 1` lines, to pass the limit of 100 fields.
    many: usize,
    head_end: &'static str,
    next: &'static str,
    mutation: Mutation,
}

#[derive(Debug, Clone)]
struct Field {
    name: &'static str,
    colon: &'static str,
    value: String,
    line_end: &'static str,
}

#[derive(Debug, Clone)]
enum FramingSpec {
    None,
    /// Content-Length: the exact length of `data`, spelled as `spelling`
    /// says, or a literal value.
    Length {
        field: Field,
        spelling: Spelling,
        data: Vec<u8>,
    },
    Chunked {
        field: Field,
        length: Option<Field>,
        body: ChunkedSpec,
    },
}

#[derive(Debug, Clone)]
enum Spelling {
    Exact,
    Zeros(usize),
    Twice(&'static str),
    Literal,
}

#[derive(Debug, Clone)]
struct Chunk {
    zeros: usize,
    upper: bool,
    prefix: &'static str,
    suffix: &'static str,
    extension: String,
    line_end: &'static str,
    data: Vec<u8>,
    /// Added to the size written (data shorter or longer than its size).
    delta: i8,
    data_end: &'static str,
}

#[derive(Debug, Clone)]
struct ChunkedSpec {
    chunks: Vec<Chunk>,
    huge: Option<&'static str>,
    last_zeros: usize,
    last_extension: String,
    last_line_end: &'static str,
    trailers: Vec<(String, &'static str)>,
    final_end: &'static str,
}

#[derive(Debug, Clone)]
enum Mutation {
    None,
    Truncate(Index),
    Replace(Index, u8),
    Insert(Index, u8),
}

impl Field {
    fn render(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.name.as_bytes());
        out.extend_from_slice(self.colon.as_bytes());
        out.extend_from_slice(self.value.as_bytes());
        out.extend_from_slice(self.line_end.as_bytes());
    }
}

impl ChunkedSpec {
    fn render(&self, out: &mut Vec<u8>) {
        for chunk in &self.chunks {
            let size = (chunk.data.len() as i64 + i64::from(chunk.delta)).max(0);
            let digits = if chunk.upper {
                format!("{size:X}")
            } else {
                format!("{size:x}")
            };
            out.extend_from_slice(chunk.prefix.as_bytes());
            out.extend(std::iter::repeat_n(b'0', chunk.zeros));
            out.extend_from_slice(digits.as_bytes());
            out.extend_from_slice(chunk.suffix.as_bytes());
            out.extend_from_slice(chunk.extension.as_bytes());
            out.extend_from_slice(chunk.line_end.as_bytes());
            out.extend_from_slice(&chunk.data);
            out.extend_from_slice(chunk.data_end.as_bytes());
        }
        if let Some(huge) = self.huge {
            out.extend_from_slice(huge.as_bytes());
            out.extend_from_slice(b"\r\nabc\r\n");
        }
        out.extend(std::iter::repeat_n(b'0', self.last_zeros + 1));
        out.extend_from_slice(self.last_extension.as_bytes());
        out.extend_from_slice(self.last_line_end.as_bytes());
        for (line, end) in &self.trailers {
            out.extend_from_slice(line.as_bytes());
            out.extend_from_slice(end.as_bytes());
        }
        out.extend_from_slice(self.final_end.as_bytes());
    }
}

impl Request {
    fn render(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for line in &self.leading {
            out.extend_from_slice(line.as_bytes());
        }
        for part in [
            self.method,
            self.separators.0,
            &self.target,
            self.separators.1,
            self.version,
            self.line_end,
        ] {
            out.extend_from_slice(part.as_bytes());
        }
        finish(
            &mut out,
            self.host.as_ref(),
            &self.framing,
            &self.fields,
            self.many,
            self.head_end,
            self.next,
            &self.mutation,
        );
        out
    }
}

/// The fields after the start line, the body, what follows, then the
/// mutation: the same for requests and responses.
#[allow(clippy::too_many_arguments)]
fn finish(
    out: &mut Vec<u8>,
    host: Option<&Field>,
    framing: &FramingSpec,
    fields: &[Field],
    many: usize,
    head_end: &str,
    next: &str,
    mutation: &Mutation,
) {
    if let Some(host) = host {
        host.render(out);
    }
    let mut body = Vec::new();
    match framing {
        FramingSpec::None => {}
        FramingSpec::Length {
            field,
            spelling,
            data,
        } => {
            let exact = data.len().to_string();
            let value = match spelling {
                Spelling::Exact => exact,
                Spelling::Zeros(zeros) => format!("{}{exact}", "0".repeat(*zeros)),
                Spelling::Twice(separator) => format!("{exact}{separator}{exact}"),
                Spelling::Literal => field.value.clone(),
            };
            Field {
                value,
                ..field.clone()
            }
            .render(out);
            body.extend_from_slice(data);
        }
        FramingSpec::Chunked {
            field,
            length,
            body: chunked,
        } => {
            if let Some(length) = length {
                length.render(out);
            }
            field.render(out);
            chunked.render(&mut body);
        }
    }
    for field in fields {
        field.render(out);
    }
    for _ in 0..many {
        out.extend_from_slice(b"X-Many: 1\r\n");
    }
    out.extend_from_slice(head_end.as_bytes());
    out.extend_from_slice(&body);
    out.extend_from_slice(next.as_bytes());
    match mutation {
        Mutation::None => {}
        Mutation::Truncate(at) => out.truncate(at.index(out.len() + 1)),
        Mutation::Replace(at, byte) => {
            if !out.is_empty() {
                let at = at.index(out.len());
                out[at] = *byte;
            }
        }
        Mutation::Insert(at, byte) => out.insert(at.index(out.len() + 1), *byte),
    }
}

fn line_end() -> impl Strategy<Value = &'static str> + Clone {
    prop_oneof![24 => Just("\r\n"), 1 => Just("\n"), 1 => Just("\r"), 1 => Just("\r\r\n")]
}

fn colon() -> impl Strategy<Value = &'static str> + Clone {
    prop_oneof![10 => Just(": "), 2 => Just(":"), 1 => Just(":\t"), 1 => Just(":  ")]
}

/// Field names, now and then misspelt the ways smuggling attempts do.
fn name(names: &'static [&'static str]) -> impl Strategy<Value = &'static str> + Clone {
    prop_oneof![
        12 => select(names),
        1 => select(&[
            "Transfer-Encoding ",
            " Transfer-Encoding",
            "Transfer_Encoding",
            "Content-Length ",
            "Content-Length\0",
            "Tr\u{e9}nsfer-Encoding",
            "X A",
            "",
        ][..]),
    ]
}

fn field(
    names: &'static [&'static str],
    values: impl Strategy<Value = String> + Clone,
) -> impl Strategy<Value = Field> + Clone {
    (name(names), colon(), values, line_end()).prop_map(|(name, colon, value, line_end)| Field {
        name,
        colon,
        value,
        line_end,
    })
}

fn literal(values: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    select(values).prop_map(str::to_owned)
}

const HOST: &[&str] = &["Host", "host", "HOST"];
const LENGTH: &[&str] = &["Content-Length", "content-length", "CONTENT-LENGTH"];
const CODING: &[&str] = &["Transfer-Encoding", "transfer-encoding"];

fn length_values() -> impl Strategy<Value = String> + Clone {
    literal(&[
        "0",
        "5",
        "+5",
        "-1",
        "0x5",
        "5, 5",
        "5,6",
        " 5 ",
        "5 5",
        "",
        "1a",
        "000000000000000000005",
        "18446744073709551615",
        "18446744073709551616",
        "9999999999999999999",
    ])
}

fn coding_values() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        8 => literal(&["chunked", "Chunked", "CHUNKED", " chunked\t"]),
        4 => literal(&[
            "gzip, chunked",
            "chunked, chunked",
            "chunked, identity",
            "identity",
            "xchunked",
            "chunked;q=1",
            ",chunked",
            "chunked,",
            "",
            "gzip",
            "chunked\u{b}",
            "\r\n chunked",
            "gzip\r\n\tchunked",
            "chunked\r\n , gzip",
        ]),
    ]
}

fn other_field() -> impl Strategy<Value = Field> + Clone {
    prop_oneof![
        field(
            &["Connection"],
            literal(&[
                "close",
                "keep-alive",
                "Keep-Alive, Upgrade",
                "Close",
                "upgrade"
            ])
        ),
        field(HOST, literal(&["b.example", ""])),
        field(LENGTH, length_values()),
        field(CODING, coding_values()),
        field(
            &["X-A", "Accept", "Expect", "Upgrade", "Cookie"],
            prop_oneof![
                8 => "[ -~]{0,8}",
                1 => literal(&["a\u{0}b", "a\u{7f}", "caf\u{e9}", "a\r\n b", "a\rb"]),
            ]
        ),
    ]
}

fn target() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "/[a-z0-9/._~%!$&'()*+,;=:@-]{0,10}(\\?[a-z0-9=&/?]{0,6})?",
        2 => "/[a-z]{0,3}[<>`\"{}|\\\\^#\u{7f} \u{e9}]?[a-z?]{0,2}[<>\"`]?",
        3 => literal(&[
            "*",
            "http://a.example/x",
            "HTTPS://a.example:8443",
            "http://a.example?q",
            "ftp://a/",
            "a:b",
            "urn:x",
            "http:///x",
            "http://u@a/",
            "http:a",
            "a.example:443",
            "http://a<b/",
            "//a",
            "a",
        ]),
    ]
}

fn extension() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        20 => Just(String::new()),
        8 => literal(&[
            ";a",
            ";a=b",
            " ;a",
            "\t;a=\"q \\\" d\"",
            ";a = b",
            "; a=b ;c",
            ";a=\"\u{e9}\"",
            ";",
            ";a=",
            ";a=\"open",
            ";a b",
            ";a=b;",
            ";a=\"\u{1}\"",
            ";a=b c",
            ";a ",
        ]),
        1 => (4090usize..4100).prop_map(|length| format!(";{}", "a".repeat(length))),
    ]
}

fn chunk() -> impl Strategy<Value = Chunk> {
    (
        prop_oneof![10 => Just(0usize), 2 => 1usize..3, 1 => 13usize..18],
        any::<bool>(),
        prop_oneof![30 => Just(""), 1 => select(&[" ", "\t", "+", "-", "0x"][..])],
        prop_oneof![30 => Just(""), 1 => select(&[" ", "\t", "\r", "g"][..])],
        extension(),
        line_end(),
        proptest::collection::vec(
            prop_oneof![4 => b'a'..=b'z', 1 => select(&b"\r\n0;"[..])],
            0..12,
        ),
        prop_oneof![12 => Just(0i8), 1 => Just(-1i8), 1 => Just(1i8)],
        prop_oneof![24 => Just("\r\n"), 1 => select(&["\n", "\r", "", "X\r\n"][..])],
    )
        .prop_map(
            |(zeros, upper, prefix, suffix, extension, line_end, data, delta, data_end)| Chunk {
                zeros,
                upper,
                prefix,
                suffix,
                extension,
                line_end,
                data,
                delta,
                data_end,
            },
        )
}

fn chunked_body() -> impl Strategy<Value = ChunkedSpec> {
    let trailer = prop_oneof![
        12 => literal(&[
            "X-T: 1",
            "x-t:v",
            "X-T: v ",
            "X-T:caf\u{e9}",
            "bad trailer",
            ": v",
            "X-T:\u{1}",
            " X-T: folded",
            "X-T : v",
        ]),
        1 => (4090usize..4100).prop_map(|length| format!("X-T: {}", "t".repeat(length))),
        1 => (16_370usize..16_400).prop_map(|length| {
            // Several lines of at most 4 KiB each, together past 16 KiB.
            let line = format!("X-T: {}\r\n", "t".repeat(4000));
            let mut lines = line.repeat(length / line.len());
            lines.push_str(&format!("X-U: {}", "u".repeat(length % line.len())));
            lines
        }),
    ];
    (
        proptest::collection::vec(chunk(), 0..4),
        prop_oneof![
            20 => Just(None),
            1 => select(&[
                "ffffffffffffffff",
                "fffffffffffffffff",
                "10000000000000000",
                "7fffffffffffffff",
                "0000000000000000f",
            ][..])
            .prop_map(Some),
        ],
        prop_oneof![10 => Just(0usize), 1 => 14usize..17],
        extension(),
        line_end(),
        proptest::collection::vec((trailer, line_end()), 0..3),
        prop_oneof![12 => Just("\r\n"), 1 => select(&["\n", "", "\r", " \r\n"][..])],
    )
        .prop_map(
            |(chunks, huge, last_zeros, last_extension, last_line_end, trailers, final_end)| {
                ChunkedSpec {
                    chunks,
                    huge,
                    last_zeros,
                    last_extension,
                    last_line_end,
                    trailers,
                    final_end,
                }
            },
        )
}

fn framing() -> impl Strategy<Value = FramingSpec> {
    let spelling = prop_oneof![
        8 => Just(Spelling::Exact),
        1 => (1usize..20).prop_map(Spelling::Zeros),
        1 => select(&[", ", ","][..]).prop_map(Spelling::Twice),
        2 => Just(Spelling::Literal),
    ];
    prop_oneof![
        2 => Just(FramingSpec::None),
        3 => (
            field(LENGTH, length_values()),
            spelling,
            proptest::collection::vec(any::<u8>(), 1..12),
        )
            .prop_map(|(field, spelling, data)| FramingSpec::Length {
                field,
                spelling,
                data
            }),
        5 => (
            field(CODING, coding_values()),
            prop_oneof![12 => Just(None), 1 => field(LENGTH, length_values()).prop_map(Some)],
            chunked_body(),
        )
            .prop_map(|(field, length, body)| FramingSpec::Chunked {
                field,
                length,
                body
            }),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let byte = select(&b" \t\r\n\0;:,0aG\x80\x7f\""[..]);
    prop_oneof![
        20 => Just(Mutation::None),
        2 => any::<Index>().prop_map(Mutation::Truncate),
        2 => (any::<Index>(), byte.clone()).prop_map(|(at, b)| Mutation::Replace(at, b)),
        1 => (any::<Index>(), byte).prop_map(|(at, b)| Mutation::Insert(at, b)),
    ]
}

fn request() -> impl Strategy<Value = Request> {
    let request_line = (
        proptest::collection::vec(prop_oneof![Just("\r\n"), Just("\n")], 0..3)
            .prop_map(|lines| if lines.len() == 2 { lines } else { Vec::new() }),
        prop_oneof![
            12 => select(&["GET", "POST", "PUT", "HEAD"][..]),
            1 => select(&["OPTIONS", "CONNECT", "get", "G\"T", "G(T", ""][..]),
        ],
        target(),
        prop_oneof![
            12 => Just("HTTP/1.1"),
            4 => Just("HTTP/1.0"),
            1 => select(&["HTTP/1.2", "HTTP/2.0", "http/1.1", "HTTP/1.1 ", "HTTP/1"][..]),
        ],
        prop_oneof![
            20 => Just((" ", " ")),
            1 => select(&[("  ", " "), (" ", "  "), ("\t", " ")][..]),
        ],
        line_end(),
    );
    let head = (
        prop_oneof![
            12 => field(HOST, literal(&["a.example", "a", "a.example:8080"])).prop_map(Some),
            1 => Just(None),
        ],
        framing(),
        proptest::collection::vec(other_field(), 0..4),
        prop_oneof![30 => Just(0usize), 1 => 96usize..101],
        line_end(),
        prop_oneof![
            4 => Just("GET /next HTTP/1.1\r\nHost: n\r\n\r\n"),
            1 => Just(""),
        ],
        mutation(),
    );
    (request_line, head).prop_map(
        |(
            (leading, method, target, version, separators, line_end),
            (host, framing, fields, many, head_end, next, mutation),
        )| Request {
            leading,
            method,
            target,
            version,
            separators,
            line_end,
            host,
            framing,
            fields,
            many,
            head_end,
            next,
            mutation,
        },
    )
}

fn response() -> impl Strategy<Value = Response> {
    (
        prop_oneof![
            12 => Just("HTTP/1.1"),
            4 => Just("HTTP/1.0"),
            1 => select(&["HTTP/2.0", "http/1.1", "HTTP/1.2"][..]),
        ],
        prop_oneof![
            12 => select(&["200", "204", "304", "404"][..]),
            2 => select(&["100", "101", "103", "099", "600", "999", "20", "2000", "2x0"][..]),
        ],
        select(&["OK", "", "Not Found", "caf\u{e9}", "a\u{1}b", " spaced "][..]),
        line_end(),
        framing(),
        proptest::collection::vec(other_field(), 0..4),
        prop_oneof![30 => Just(0usize), 1 => 96usize..101],
        line_end(),
        prop_oneof![
            4 => Just("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
            1 => Just(""),
        ],
        mutation(),
    )
        .prop_map(
            |(version, code, reason, line_end, framing, fields, many, head_end, next, mutation)| {
                Response {
                    version,
                    code,
                    reason,
                    line_end,
                    framing,
                    fields,
                    many,
                    head_end,
                    next,
                    mutation,
                }
            },
        )
}

fn reads() -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(prop_oneof![1usize..8, 8usize..80], 1..4)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_codec_accepts_refuses_and_frames_as_the_reference_or_stricter(
        request in request(),
        reads in reads(),
    ) {
        let bytes = request.render();
        if let Err(violation) = h1_reference::check(&bytes, &reads) {
            prop_assert!(false, "{}", violation);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn upstream_responses_are_read_as_the_reference_reads_them_or_refused(
        response in response(),
        head_request in prop::bool::weighted(0.15),
        reads in reads(),
    ) {
        let bytes = response.render();
        if let Err(violation) = h1_reference::check_response(&bytes, head_request, &reads) {
            prop_assert!(false, "{}", violation);
        }
    }
}

#[test]
fn the_response_generator_reaches_every_difference_and_outcome() {
    let mut runner = TestRunner::deterministic();
    let strategy = (response(), prop::bool::weighted(0.15), reads());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..CASES {
        let (response, head_request, reads) = strategy
            .new_tree(&mut runner)
            .expect("a generated case")
            .current();
        let bytes = response.render();
        let agreement = h1_reference::check_response(&bytes, head_request, &reads)
            .unwrap_or_else(|violation| panic!("{violation}"));
        let kind = match agreement {
            ResponseAgreement::Same => {
                match h1_reference::reference_response(&bytes, head_request) {
                    ResponseReading::Read {
                        head,
                        body: Body::Complete { .. },
                    } => format!("both read a {:?} body", head.framing),
                    ResponseReading::Read { .. } => "both read the head only".to_owned(),
                    ResponseReading::Refused(_) => "both refuse".to_owned(),
                    ResponseReading::Incomplete => "both wait".to_owned(),
                }
            }
            other => format!("{other:?}"),
        };
        *seen.entry(kind).or_default() += 1;
    }
    let expected = [
        "Stricter(OtherCodings)",
        "Stricter(ListedContentLength)",
        "Stricter(LongContentLength)",
        "Stricter(IgnoredLengthInvalid)",
        "Stricter(TooManyFields)",
        "both read a None body",
        "both read a Length(5) body",
        "both read a Chunked body",
        "both read a UntilClose body",
        "both read the head only",
        "both refuse",
        "both wait",
    ];
    let missing: Vec<&str> = expected
        .into_iter()
        .filter(|kind| !seen.contains_key(*kind))
        .collect();
    assert!(
        missing.is_empty(),
        "never generated: {missing:?}; seen: {seen:#?}"
    );
}

#[test]
fn each_response_difference_is_a_502_where_the_reference_reads_on() {
    let many = format!(
        "HTTP/1.1 200 OK\r\n{}Content-Length: 0\r\n\r\n",
        "X: 1\r\n".repeat(100)
    );
    for (response, head_request, difference) in [
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
            false,
            ResponseDifference::OtherCodings,
        ),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nuntil close",
            false,
            ResponseDifference::OtherCodings,
        ),
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello",
            false,
            ResponseDifference::ListedContentLength,
        ),
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 000000000000000000005\r\n\r\nhello",
            false,
            ResponseDifference::LongContentLength,
        ),
        (
            "HTTP/1.1 204 No Content\r\nContent-Length: x\r\n\r\n",
            false,
            ResponseDifference::IgnoredLengthInvalid,
        ),
        (
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
            true,
            ResponseDifference::IgnoredLengthInvalid,
        ),
        (many.as_str(), false, ResponseDifference::TooManyFields),
    ] {
        let bytes = response.as_bytes();
        assert!(
            matches!(
                h1_reference::reference_response(bytes, head_request),
                ResponseReading::Read {
                    body: Body::Complete { .. },
                    ..
                }
            ),
            "{response:?}"
        );
        assert_eq!(
            h1_reference::check_response(bytes, head_request, &[3]),
            Ok(ResponseAgreement::Stricter(difference)),
            "{response:?}"
        );
    }
    for response in [
        &b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello"[..],
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nHTTP",
        b"HTTP/1.0 200 OK\r\n\r\nall of it, until close",
        b"HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\nHTTP",
    ] {
        assert_eq!(
            h1_reference::check_response(response, false, &[2]),
            Ok(ResponseAgreement::Same),
            "{:?}",
            String::from_utf8_lossy(response)
        );
    }
}

/// What a generated case showed, for the coverage count.
fn kind(bytes: &[u8], agreement: &Agreement) -> String {
    match agreement {
        Agreement::Stricter(difference) => format!("{difference:?}"),
        Agreement::HeadDeferred => "head deferred".to_owned(),
        Agreement::Same => match h1_reference::reference(bytes) {
            Reading::Incomplete => "both wait for the head".to_owned(),
            Reading::Refused { .. } => "both refuse the head".to_owned(),
            Reading::Read { head, body } => match body {
                Body::Complete { .. } => format!("both read a {:?} body", head.framing),
                Body::Incomplete => "both wait for the body".to_owned(),
                Body::Refused(_) => "both refuse the body".to_owned(),
            },
        },
    }
}

#[test]
fn the_generator_reaches_every_documented_difference_and_every_outcome() {
    let mut runner = TestRunner::deterministic();
    let strategy = (request(), reads());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..CASES {
        let (request, reads) = strategy
            .new_tree(&mut runner)
            .expect("a generated case")
            .current();
        let bytes = request.render();
        let agreement = h1_reference::check(&bytes, &reads).unwrap_or_else(|violation| {
            panic!("{violation}");
        });
        *seen.entry(kind(&bytes, &agreement)).or_default() += 1;
    }
    let mut expected: Vec<String> = [
        Difference::Connect,
        Difference::AsteriskForm,
        Difference::OtherScheme,
        Difference::TargetCharacters,
        Difference::RepeatedContentLength,
        Difference::LongContentLength,
        Difference::LengthWithTransferEncoding,
        Difference::OtherCodings,
        Difference::TooManyFields,
        Difference::LongChunkSize,
        Difference::LongChunkLine,
        Difference::LargeTrailers,
    ]
    .iter()
    .map(|difference| format!("{difference:?}"))
    .collect();
    expected.extend(
        [
            "both read a None body",
            "both read a Length(5) body",
            "both read a Chunked body",
            "both refuse the head",
            "both refuse the body",
            "both wait for the head",
            "both wait for the body",
            "head deferred",
        ]
        .map(str::to_owned),
    );
    let missing: Vec<&String> = expected
        .iter()
        .filter(|kind| !seen.contains_key(*kind))
        .collect();
    assert!(
        missing.is_empty(),
        "never generated: {missing:?}; seen: {seen:#?}"
    );
}

/// `check` with reads of 3 bytes.
fn agreement(bytes: &[u8]) -> Agreement {
    h1_reference::check(bytes, &[3]).unwrap_or_else(|violation| panic!("{violation}"))
}

/// An example of each deliberate difference in reading requests, each
/// followed by a pipelined request to `/api/next`.
fn request_differences() -> Vec<(String, Difference)> {
    let post = |fields: &str, body: &str| {
        format!(
            "POST /api/post HTTP/1.1\r\nHost: a\r\n{fields}\r\n{body}GET /api/next HTTP/1.1\r\nHost: a\r\n\r\n"
        )
    };
    let chunked = |body: &str| post("Transfer-Encoding: chunked\r\n", body);
    let many_fields = format!(
        "GET /api/many HTTP/1.1\r\nHost: a\r\n{}\r\n",
        "X: 1\r\n".repeat(100)
    );
    let long_line = chunked(&format!("5;{}\r\nhello\r\n0\r\n\r\n", "e".repeat(4096)));
    let large_trailers = chunked(&format!(
        "0\r\n{}\r\n",
        format!("T: {}\r\n", "t".repeat(4000)).repeat(5)
    ));
    vec![
        (
            "CONNECT a.example:443 HTTP/1.1\r\nHost: a\r\n\r\n".into(),
            Difference::Connect,
        ),
        (
            "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n".into(),
            Difference::AsteriskForm,
        ),
        (
            "GET ftp://a/ HTTP/1.1\r\nHost: a\r\n\r\n".into(),
            Difference::OtherScheme,
        ),
        (
            "GET /api/a<b HTTP/1.1\r\nHost: a\r\n\r\n".into(),
            Difference::TargetCharacters,
        ),
        (
            "GET /api/?\"q\" HTTP/1.1\r\nHost: a\r\n\r\n".into(),
            Difference::TargetCharacters,
        ),
        (
            post("Content-Length: 5\r\nContent-Length: 5\r\n", "hello"),
            Difference::RepeatedContentLength,
        ),
        (
            post("Content-Length: 5, 5\r\n", "hello"),
            Difference::RepeatedContentLength,
        ),
        (
            post("Content-Length: 00000000000000000005\r\n", "hello"),
            Difference::LongContentLength,
        ),
        (
            post(
                "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n",
                "0\r\n\r\n",
            ),
            Difference::LengthWithTransferEncoding,
        ),
        (
            post("Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n"),
            Difference::OtherCodings,
        ),
        (
            post(
                "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
                "0\r\n\r\n",
            ),
            Difference::OtherCodings,
        ),
        (many_fields, Difference::TooManyFields),
        (
            chunked("00000000000000005\r\nhello\r\n0\r\n\r\n"),
            Difference::LongChunkSize,
        ),
        (long_line, Difference::LongChunkLine),
        (large_trailers, Difference::LargeTrailers),
    ]
}

#[test]
fn each_deliberate_difference_is_a_refusal_with_its_status() {
    let cases = request_differences();
    for (input, difference) in cases {
        let bytes = input.as_bytes();
        assert!(
            matches!(
                h1_reference::reference(bytes),
                Reading::Read {
                    body: Body::Complete { .. },
                    ..
                }
            ),
            "the reference reads {difference:?} whole: {:?}",
            h1_reference::reference(bytes)
        );
        assert_eq!(
            agreement(bytes),
            Agreement::Stricter(difference),
            "{input:?}"
        );
        if let Reading::Refused { status, .. } = h1_reference::ours(bytes, &[3]) {
            assert_eq!(status, difference.status(), "{difference:?}");
        }
    }
}

#[test]
fn lenient_readings_both_take_are_read_alike() {
    for input in [
        // Bare LFs in the head (RFC 9112 §2.2), an empty line before it.
        &b"GET / HTTP/1.1\nHost: a\n\n"[..],
        b"\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        b"\n\nPOST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhiGET",
        // BWS before `;`, quoted extension values, trailers, leading zeros.
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n5 ;a=\"x\\\"y\"\r\nhello\r\n0000000000000000;z\r\nT: 1\r\n\r\nGET",
        b"GET http://a.example?q HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n",
        b"GET / HTTP/1.0\r\n\r\n",
    ] {
        assert_eq!(agreement(input), Agreement::Same, "{:?}", String::from_utf8_lossy(input));
        assert!(
            matches!(h1_reference::ours(input, &[1]), Reading::Read { body: Body::Complete { .. }, .. }),
            "{:?}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn the_relation_catches_a_looser_reading_and_a_different_framing() {
    // A reading that accepted the smuggling classic would be caught...
    let smuggling = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n";
    let plain = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    let looser = h1_reference::reference(plain);
    assert!(h1_reference::relate(smuggling, &h1_reference::reference(smuggling), &looser).is_err());
    // ...and so would one that ended a body elsewhere.
    let body =
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET";
    let Reading::Read {
        head,
        body: Body::Complete { data, end },
    } = h1_reference::ours(body, &[64])
    else {
        panic!("the body is read");
    };
    let elsewhere = Reading::Read {
        head,
        body: Body::Complete { data, end: end + 1 },
    };
    assert!(h1_reference::relate(body, &h1_reference::reference(body), &elsewhere).is_err());
    // A refusal no documented difference explains is a violation too.
    let ordinary = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    let refusal = Reading::Refused {
        status: 400,
        reason: "no".into(),
    };
    assert!(h1_reference::relate(ordinary, &h1_reference::reference(ordinary), &refusal).is_err());
}

/// Empty lines before a request line, then the request in a later read:
/// served, as when it arrives at once.
#[tokio::test]
async fn a_request_after_empty_lines_arriving_in_pieces_is_served() {
    let upstream =
        harness::start_upstream(|_request| async { http::Response::new(harness::full("served")) })
            .await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    stream.write_all(b"\r\n\r\n").await.unwrap();
    stream.flush().await.unwrap();
    // A pause, not a wait for an event: it makes the request arrive in a
    // later read than the empty lines (the case this test is for); were
    // both read at once, the request must be served all the same.
    tokio::time::sleep(Duration::from_millis(200)).await;
    stream
        .write_all(b"GET /api/x HTTP/1.1\r\nHost: a.example\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = harness::read_to_close(&mut stream).await;
    // One answer, the request's: nothing was answered to the empty lines.
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("served"), "{answer}");
    assert_eq!(answer.matches("HTTP/1.1 ").count(), 1, "{answer}");
    dispatcher.shutdown().await;
}

/// Each deliberate difference, sent to a running dispatcher: answered with
/// its status and `Connection: close`, nothing after it is read as a
/// request, and a refused head reaches no upstream.
#[tokio::test]
async fn each_deliberate_difference_gets_its_status_and_a_close_over_a_socket() {
    let upstream = harness::start_echo_upstream().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    for (input, difference) in request_differences() {
        let before = upstream.requests();
        let raw = harness::exchange_to_close(dispatcher.address, input.as_bytes()).await;
        let response = harness::parse_response(raw.as_bytes())
            .unwrap_or_else(|| panic!("{difference:?}: no response before the close: {raw:?}"));
        assert_eq!(
            response.status,
            difference.status(),
            "{difference:?}: {raw}"
        );
        assert_eq!(
            response.header("connection"),
            Some("close"),
            "{difference:?}"
        );
        assert!(
            response.rest.is_empty(),
            "{difference:?}: one answer: {raw}"
        );
        let body_level = matches!(
            difference,
            Difference::LongChunkSize | Difference::LongChunkLine | Difference::LargeTrailers
        );
        if !body_level {
            assert_eq!(
                upstream.requests(),
                before,
                "{difference:?} reached the upstream"
            );
        }
    }
    assert!(
        !upstream
            .targets()
            .iter()
            .any(|target| target.contains("next")),
        "a request after a refused one was read: {:?}",
        upstream.targets()
    );
    dispatcher.shutdown().await;
}
