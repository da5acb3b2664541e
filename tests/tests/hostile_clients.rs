//! Hostile clients over raw TCP (docs/design/behaviour.md §6): smuggling
//! vectors, malformed bodies, slow bodies, path tricks, non-UTF-8 bytes and
//! HTTP/2 floods. For each: what the client sees, that no upstream saw a forged
//! request, and that the next ordinary request is still served.

use std::time::{Duration, Instant};

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

async fn setup(vars: &[(&str, &str)]) -> (Upstream, RunningDispatcher) {
    let upstream = start_echo_upstream().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, vars, &[("backend", upstream.address)]).await;
    (upstream, dispatcher)
}

/// Sends `request` and reads the answer up to the close that every request
/// here ends in (asked for with `Connection: close`, or a refusal).
async fn exchange(dispatcher: &RunningDispatcher, request: &[u8]) -> String {
    exchange_to_close(dispatcher.address, request).await
}

/// A body that, read by the wrong framing, hides a second request.
const SMUGGLED: &str = "0\r\n\r\nGET /api/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

#[tokio::test]
async fn transfer_encoding_tricks_never_reach_the_upstream_as_two_requests() {
    let (upstream, dispatcher) = setup(&[]).await;
    let length = SMUGGLED.len();
    let vectors = [
        format!("Content-Length: {length}\r\nTransfer-Encoding: chunked"),
        format!("Transfer-Encoding: chunked\r\nContent-Length: {length}"),
        format!("Content-Length: {length}\r\nTransfer-Encoding:\tchunked"),
        format!("Content-Length: {length}\r\nTransfer-Encoding: CHUNKED"),
        format!("Content-Length: {length}\r\ntransfer-encoding: chunked"),
        format!("Content-Length: {length}\r\nTransfer-Encoding : chunked"),
        format!("Content-Length: {length}\r\nTransfer-Encoding:\r\n chunked"),
        "Transfer-Encoding: xchunked".to_owned(),
        "Transfer-Encoding: chunked, identity".to_owned(),
        format!("Content-Length: {length}\r\nContent-Length: 0"),
        format!("Content-Length: {length}, 0"),
    ];
    for framing in &vectors {
        let request =
            format!("POST /api/upload HTTP/1.1\r\nHost: x\r\n{framing}\r\n\r\n{SMUGGLED}");
        let response = exchange(&dispatcher, request.as_bytes()).await;
        assert!(
            response.starts_with("HTTP/1.1 400"),
            "{framing:?} must be refused: {response}"
        );
        assert_eq!(
            response.matches("HTTP/1.1 ").count(),
            1,
            "{framing:?}: one answer, never one for a hidden request: {response}"
        );
    }
    // Odd but valid spellings of chunked are read as chunked: one request,
    // whose body reaches the upstream whole.
    for framing in ["Transfer-Encoding:\tchunked", "Transfer-Encoding: Chunked"] {
        let request = format!(
            "POST /api/valid HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{framing}\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
        );
        let response = exchange(&dispatcher, request.as_bytes()).await;
        assert!(
            response.starts_with("HTTP/1.1 200"),
            "{framing:?}: {response}"
        );
        assert!(
            response.contains("\"body\":\"hello\""),
            "{framing:?}: {response}"
        );
    }
    let targets = upstream.targets();
    assert!(
        !targets.iter().any(|t| t.contains("smuggled")),
        "{targets:?}"
    );
    assert_eq!(
        targets,
        ["/valid", "/valid"],
        "only the valid spellings were forwarded"
    );
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn malformed_chunked_bodies_get_400_and_no_upstream_request_completes() {
    let (upstream, dispatcher) = setup(&[]).await;
    for body in [
        "fffffffffffffffffffff\r\nx\r\n0\r\n\r\n", // chunk size overflow
        "zz\r\nxx\r\n0\r\n\r\n",                   // not hexadecimal
        "3\r\nabcdef\r\n0\r\n\r\n",                // chunk longer than announced
    ] {
        let request = format!(
            "POST /api/upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{body}"
        );
        let answer = refused_and_closed(&dispatcher, request.as_bytes()).await;
        assert!(answer.contains("chunk"), "{body:?}: {answer}");
    }
    assert_eq!(
        upstream.targets().len(),
        0,
        "no body reached the upstream complete"
    );
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

/// A head with bare LF line endings is read as one request (RFC 9112 §2.2
/// lets a recipient accept them); what follows it on a connection that
/// asked to close is never read as a second request.
#[tokio::test]
async fn bare_lf_line_endings_make_one_request() {
    let (upstream, dispatcher) = setup(&[]).await;
    let response = exchange(
        &dispatcher,
        b"GET /api/lf HTTP/1.1\nHost: x\nConnection: close\n\nGET /api/smuggled HTTP/1.1\nHost: x\n\n",
    )
    .await;
    let answer = parse_response(response.as_bytes()).expect("an answer");
    assert_eq!(answer.status, 200, "{response}");
    assert!(
        answer.complete && answer.rest.is_empty(),
        "one answer: {response}"
    );
    assert_eq!(upstream.targets(), ["/lf"]);
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

/// A body that stops arriving (ten of its hundred bytes, then nothing) is
/// answered 408 at `REQUEST_BODY_TIMEOUT`, and the upstream, which already
/// had the request streaming to it, never gets the body whole.
#[tokio::test]
async fn a_stalled_request_body_is_cut_off_with_408() {
    let (upstream, seen) = body_recording_upstream().await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("REQUEST_BODY_TIMEOUT", "300")],
        &[("backend", upstream.address)],
    )
    .await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(b"POST /api/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b")
        .await
        .unwrap();
    let response = read_to_close(&mut stream).await;
    assert!(
        response.starts_with("HTTP/1.1 408 Request Timeout"),
        "{response}"
    );
    assert!(
        response.contains("the client sent no body data for 300 ms"),
        "{response}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(
        settled(&upstream, &seen).await,
        [("/upload".to_owned(), false)],
        "the upstream got the request, never its whole body"
    );
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn dot_segments_and_encoded_slashes_cannot_reach_another_rule() {
    let (upstream, dispatcher) = setup(&[]).await;
    for path in [
        "/public/../admin",
        "/public/%2e%2e/admin",
        "/public/%2E%2E/admin",
        "/public/.%2e/admin",
        "/public/./../admin",
        "/public/x/../../admin",
    ] {
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let response = exchange(&dispatcher, request.as_bytes()).await;
        assert!(
            response.starts_with("HTTP/1.1 403"),
            "{path} is /admin: {response}"
        );
    }
    // An encoded slash is not a separator: one segment, forwarded raw.
    let response = exchange(
        &dispatcher,
        b"GET /public/%2e%2e%2fadmin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert_eq!(upstream.targets(), ["/public/%2e%2e%2fadmin"]);
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn non_utf8_bytes_are_refused_or_passed_through_but_never_crash() {
    let (upstream, dispatcher) = setup(&[]).await;
    let in_path = exchange(
        &dispatcher,
        b"GET /api/\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(in_path.starts_with("HTTP/1.1 400"), "{in_path}");
    let in_host = exchange(
        &dispatcher,
        b"GET /api/x HTTP/1.1\r\nHost: \xc3\xa9.example\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(in_host.starts_with("HTTP/1.1 400"), "{in_host}");
    let in_accept = exchange(
        &dispatcher,
        b"GET /api/accept HTTP/1.1\r\nHost: x\r\nAccept: text/\xff\r\nX-Opaque: \xfe\xff\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(
        in_accept.starts_with("HTTP/1.1 200"),
        "opaque header bytes are passed on: {in_accept}"
    );
    assert_eq!(upstream.targets(), ["/accept"]);
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn http2_rapid_reset_is_bounded() {
    let (upstream, dispatcher) = setup(&[]).await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    let mut flood = h2::PREFACE.to_vec();
    flood.extend(h2::frame(h2::SETTINGS, 0, 0, &[]));
    for index in 0..2_000u32 {
        let id = 1 + 2 * index;
        flood.extend(h2::get(id, "/api/reset"));
        flood.extend(h2::frame(h2::RST_STREAM, 0, id, &8u32.to_be_bytes()));
    }
    let _ = stream.write_all(&flood).await;
    // The server ends the connection (GOAWAY, then close) instead of
    // starting two thousand upstream requests.
    let mut goaway = false;
    while let Ok(Some((kind, _, _, _))) =
        tokio::time::timeout(BOUND, h2::read_frame(&mut stream)).await
    {
        goaway |= kind == h2::GOAWAY;
    }
    assert!(goaway, "the flood ends in GOAWAY");
    assert_still_serving(&dispatcher).await;
    // Counted once the dispatcher has stopped: every request it would ever
    // send upstream has been sent.
    dispatcher.shutdown().await;
    assert!(
        upstream.requests() < 200,
        "{} upstream requests",
        upstream.requests()
    );
}

#[tokio::test]
async fn http2_streams_beyond_the_limit_are_refused() {
    let gate = std::sync::Arc::new(tokio::sync::Notify::new());
    let upstream = start_gated_upstream(std::sync::Arc::clone(&gate)).await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    let mut burst = h2::PREFACE.to_vec();
    burst.extend(h2::frame(h2::SETTINGS, 0, 0, &[]));
    for index in 0..300u32 {
        burst.extend(h2::get(1 + 2 * index, "/api/held"));
    }
    stream.write_all(&burst).await.unwrap();
    let mut refused = 0;
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_millis(500), h2::read_frame(&mut stream)).await {
            Ok(Some((kind, _, _, payload))) if kind == h2::RST_STREAM => {
                // REFUSED_STREAM (7): beyond SETTINGS_MAX_CONCURRENT_STREAMS.
                refused += usize::from(payload == 7u32.to_be_bytes());
            }
            Ok(Some(_)) => {}
            _ => break,
        }
    }
    assert!(refused >= 44, "{refused} streams refused");
    assert!(
        upstream.requests() <= 256,
        "{} upstream requests",
        upstream.requests()
    );
    drop(stream);
    for _ in 0..300 {
        gate.notify_one();
    }
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

/// A request the dispatcher refuses with 400 and `Connection: close`, then
/// closes: checks the status, the header, that exactly one response came
/// and that the connection was closed (EOF or reset), and returns the body.
async fn refused_and_closed(dispatcher: &RunningDispatcher, request: &[u8]) -> String {
    let raw = exchange_to_close(dispatcher.address, request).await;
    let what = String::from_utf8_lossy(request);
    let response = parse_response(raw.as_bytes())
        .unwrap_or_else(|| panic!("{what:?}: no response before the close: {raw:?}"));
    assert_eq!(response.status, 400, "{what:?}: {raw}");
    assert_eq!(
        response.header("connection"),
        Some("close"),
        "{what:?}: {raw}"
    );
    assert!(
        response.rest.is_empty(),
        "{what:?}: one answer, nothing after it: {raw}"
    );
    String::from_utf8_lossy(&response.body).into_owned()
}

#[tokio::test]
async fn two_host_fields_get_400_and_reach_no_upstream() {
    let (upstream, dispatcher) = setup(&[]).await;
    for request in [
        &b"GET /api/two-hosts HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"[..],
        b"GET /api/two-hosts HTTP/1.1\r\nhost: a\r\nHOST: a\r\n\r\n",
        b"GET /api/two-hosts HTTP/1.1\r\nHost: a\r\nX-Other: 1\r\nHost: b\r\n\r\n",
        b"GET /api/two-hosts HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n",
        b"GET http://a/api/two-hosts HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        b"POST /api/two-hosts HTTP/1.1\r\nHost: a\r\nHost: b\r\nContent-Length: 4\r\n\r\nbody",
    ] {
        let body = refused_and_closed(&dispatcher, request).await;
        assert!(body.contains("more than one Host"), "{body}");
    }
    assert_eq!(upstream.requests(), 0, "{:?}", upstream.targets());
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn an_http11_request_without_host_gets_400_and_http10_stays_valid() {
    let (upstream, dispatcher) = setup(&[]).await;
    for request in [
        &b"GET /api/no-host HTTP/1.1\r\n\r\n"[..],
        b"GET /api/no-host HTTP/1.1\r\nX-Host: a\r\n\r\n",
        b"GET http://a/api/no-host HTTP/1.1\r\n\r\n",
        b"POST /api/no-host HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody",
    ] {
        let body = refused_and_closed(&dispatcher, request).await;
        assert!(body.contains("no Host"), "{body}");
    }
    assert_eq!(upstream.requests(), 0, "{:?}", upstream.targets());
    // HTTP/1.0 did not require Host: still answered.
    let old = exchange_to_close(dispatcher.address, b"GET /api/http10 HTTP/1.0\r\n\r\n").await;
    let answer = parse_response(old.as_bytes()).expect("an answer");
    assert_eq!(answer.status, 200, "{old}");
    assert_eq!(upstream.targets(), ["/http10"]);
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

/// What the upstream saw of each request: its target and whether its body
/// arrived complete.
type Seen = std::sync::Arc<std::sync::Mutex<Vec<(String, bool)>>>;

/// An upstream that reads each request body to its end and records whether
/// it arrived whole.
/// What `seen` holds once the upstream has finished reading every request
/// it was sent (fails the test if one is still being read after [`BOUND`]).
async fn settled(upstream: &Upstream, seen: &Seen) -> Vec<(String, bool)> {
    let deadline = Instant::now() + BOUND;
    loop {
        let recorded = seen.lock().unwrap().clone();
        if recorded.len() == upstream.requests() {
            return recorded;
        }
        assert!(
            Instant::now() < deadline,
            "{} requests received, {} finished: {recorded:?}",
            upstream.requests(),
            recorded.len()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn body_recording_upstream() -> (Upstream, Seen) {
    use http_body_util::BodyExt;
    let seen: Seen = Default::default();
    let recorded = std::sync::Arc::clone(&seen);
    let upstream = start_upstream(move |request: http::Request<hyper::body::Incoming>| {
        let recorded = std::sync::Arc::clone(&recorded);
        async move {
            let target = request.uri().to_string();
            let complete = request.into_body().collect().await.is_ok();
            recorded.lock().unwrap().push((target, complete));
            http::Response::new(full("ok"))
        }
    })
    .await;
    (upstream, seen)
}

#[tokio::test]
async fn chunk_sizes_off_the_grammar_get_400_and_smuggle_nothing() {
    let (upstream, seen) = body_recording_upstream().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let after = "GET /api/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    for body in [
        "5 \r\nhello\r\n0\r\n\r\n",                // whitespace after the size
        "5\t\r\nhello\r\n0\r\n\r\n",               // a tab after the size
        " 5\r\nhello\r\n0\r\n\r\n",                // whitespace before the size
        "0x5\r\nhello\r\n0\r\n\r\n",               // a C prefix
        "+5\r\nhello\r\n0\r\n\r\n",                // a sign
        "5\r\nhello0\r\n\r\n",                     // no CRLF after the data
        "5\r\nhello\n0\r\n\r\n",                   // a bare LF after the data
        "5\nhello\r\n0\r\n\r\n",                   // a bare LF after the size
        "5;\r\nhello\r\n0\r\n\r\n",                // an extension without a name
        "5;a=\"x\r\nhello\r\n0\r\n\r\n",           // an unterminated quoted value
        "5;a b\r\nhello\r\n0\r\n\r\n",             // whitespace inside an extension
        "00000000000000005\r\nhello\r\n0\r\n\r\n", // more than 16 digits
        "10000000000000000\r\nhello\r\n0\r\n\r\n", // does not fit 64 bits
        "5\r\nhello\r\n0\r\nbad trailer\r\n\r\n",  // a trailer line that is no field
        "5\r\nhello\r\n0 \r\n\r\n",                // whitespace after the last chunk's size
    ] {
        let request = format!(
            "POST /api/upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{body}{after}"
        );
        let answer = refused_and_closed(&dispatcher, request.as_bytes()).await;
        assert!(answer.contains("chunk"), "{body:?}: {answer}");
    }
    let seen = settled(&upstream, &seen).await;
    assert!(
        !seen.iter().any(|(target, _)| target.contains("smuggled")),
        "{seen:?}"
    );
    assert!(
        !seen.iter().any(|(_, complete)| *complete),
        "no request body reached the upstream complete: {seen:?}"
    );
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn a_bad_chunk_size_arriving_after_the_head_still_gets_400_and_no_body_completes() {
    let (upstream, seen) = body_recording_upstream().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    stream
        .write_all(
            b"POST /api/late HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
        )
        .await
        .unwrap();
    // The request is on its way upstream before the bad size arrives.
    eventually("the upstream has the request", || upstream.requests() == 1).await;
    stream
        .write_all(b"5 \r\nhello\r\n0\r\n\r\nGET /api/smuggled HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let raw = read_to_close(&mut stream).await;
    let response = parse_response(raw.as_bytes()).expect("a response");
    assert_eq!(response.status, 400, "{raw}");
    assert_eq!(response.header("connection"), Some("close"), "{raw}");
    assert!(response.rest.is_empty(), "one answer: {raw}");
    let seen = settled(&upstream, &seen).await;
    assert!(
        !seen.iter().any(|(target, _)| target.contains("smuggled")),
        "{seen:?}"
    );
    assert!(!seen.iter().any(|(_, complete)| *complete), "{seen:?}");
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn chunk_extensions_and_trailers_in_the_grammar_are_accepted() {
    let (_upstream, dispatcher) = setup(&[]).await;
    for body in [
        "5;name\r\nhello\r\n0\r\n\r\n",
        "5;name=value;other=\"quoted; \\\"value\\\"\"\r\nhello\r\n0\r\n\r\n",
        "5 ; name = value\r\nhello\r\n0;last\r\n\r\n",
        "0000000000000005\r\nhello\r\n000\r\n\r\n",
        "2\r\nhe\r\n3\r\nllo\r\n0\r\nX-Trailer: yes\r\nX-Other:\tvalue \r\n\r\n",
        "5\r\nhello\r\n0\r\n\r\n",
        "A\r\nhellohello\r\na\r\nhellohello\r\n0\r\n\r\n",
    ] {
        let request = format!(
            "POST /api/valid HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n{body}"
        );
        let raw = exchange_to_close(dispatcher.address, request.as_bytes()).await;
        let response = parse_response(raw.as_bytes()).expect("a response");
        assert_eq!(response.status, 200, "{body:?}: {raw}");
        let echo: serde_json::Value = serde_json::from_slice(&response.body).unwrap();
        assert!(
            echo["body"].as_str().unwrap().starts_with("hello"),
            "{body:?}: {echo}"
        );
    }
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn a_pipelined_request_cannot_carry_a_smuggling_vector_past_the_guard() {
    let (upstream, dispatcher) = setup(&[]).await;
    let length = SMUGGLED.len();
    for second in [
        format!(
            "POST /api/second HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\nTransfer-Encoding: chunked\r\n\r\n{SMUGGLED}"
        ),
        format!(
            "POST /api/second HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n{SMUGGLED}"
        ),
        format!(
            "GET /api/second HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n{}",
            &SMUGGLED[5..]
        ),
    ] {
        let request = format!(
            "POST /api/first HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nfirst\
             POST /api/first HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n0\r\n\r\n\
             {second}"
        );
        let raw = exchange_to_close(dispatcher.address, request.as_bytes()).await;
        let first = parse_response(raw.as_bytes()).expect("the first answer");
        assert_eq!(first.status, 200, "{raw}");
        let again = parse_response(&first.rest).expect("the second answer");
        assert_eq!(again.status, 200, "{raw}");
        let third = parse_response(&again.rest).expect("the third answer");
        assert_eq!(third.status, 400, "{second:?}: {raw}");
        assert_eq!(third.header("connection"), Some("close"), "{raw}");
        assert!(third.rest.is_empty(), "nothing after the 400: {raw}");
    }
    let targets = upstream.targets();
    assert!(
        targets.iter().all(|t| t == "/first"),
        "only the valid requests were forwarded: {targets:?}"
    );
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

/// The response to `stream_id` on a raw HTTP/2 connection: its first
/// header block fragment and its body.
async fn h2_response(stream: &mut TcpStream, stream_id: u32) -> (Vec<u8>, Vec<u8>) {
    let mut block = Vec::new();
    let mut data = Vec::new();
    loop {
        let (kind, flags, id, payload) = bounded(h2::read_frame(stream)).await.expect("a frame");
        match (kind, id) {
            (h2::SETTINGS, 0) if flags & h2::ACK == 0 => stream
                .write_all(&h2::frame(h2::SETTINGS, h2::ACK, 0, &[]))
                .await
                .unwrap(),
            (h2::HEADERS, id) if id == stream_id => {
                block.extend_from_slice(&payload);
                if flags & h2::END_STREAM != 0 {
                    return (block, data);
                }
            }
            (h2::DATA, id) if id == stream_id => {
                data.extend_from_slice(&payload);
                if flags & h2::END_STREAM != 0 {
                    return (block, data);
                }
            }
            (h2::GOAWAY, _) => panic!("GOAWAY: {payload:?}"),
            _ => {}
        }
    }
}

#[tokio::test]
async fn http2_authority_is_the_host_sent_upstream_and_a_request_needs_one() {
    let (upstream, dispatcher) = setup(&[]).await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    let mut out = h2::PREFACE.to_vec();
    out.extend(h2::frame(h2::SETTINGS, 0, 0, &[]));
    // :authority and a Host that differs: the upstream sees :authority.
    let both = h2::header_block(&[
        (":method", "GET"),
        (":scheme", "http"),
        (":path", "/api/authority"),
        (":authority", "public.example"),
        ("host", "internal.example"),
    ]);
    out.extend(h2::frame(
        h2::HEADERS,
        h2::END_STREAM | h2::END_HEADERS,
        1,
        &both,
    ));
    stream.write_all(&out).await.unwrap();
    let (block, body) = h2_response(&mut stream, 1).await;
    // `:status: 200` is entry 8 of HPACK's static table: 0x88.
    assert_eq!(
        block.first(),
        Some(&0x88),
        "{}",
        String::from_utf8_lossy(&body)
    );
    let echo: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(echo["headers"]["host"], "public.example", "{echo}");
    assert_eq!(
        echo["headers"]["x-forwarded-host"], "public.example",
        "{echo}"
    );

    // Neither :authority nor Host: 400 (`:status: 400` is entry 12, 0x8c).
    let neither = h2::header_block(&[
        (":method", "GET"),
        (":scheme", "http"),
        (":path", "/api/nowhere"),
    ]);
    stream
        .write_all(&h2::frame(
            h2::HEADERS,
            h2::END_STREAM | h2::END_HEADERS,
            3,
            &neither,
        ))
        .await
        .unwrap();
    let (block, body) = h2_response(&mut stream, 3).await;
    assert_eq!(
        block.first(),
        Some(&0x8c),
        "{}",
        String::from_utf8_lossy(&body)
    );
    assert!(
        String::from_utf8_lossy(&body).contains("neither :authority nor a Host"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    assert_eq!(upstream.targets(), ["/authority"]);
    drop(stream);
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn http2_cookie_fields_reach_an_http1_upstream_as_one_cookie_line() {
    let heads: std::sync::Arc<std::sync::Mutex<Vec<String>>> = Default::default();
    let recorded = std::sync::Arc::clone(&heads);
    let (address, _) = start_raw_upstream(move |mut stream: TcpStream, _| {
        let recorded = std::sync::Arc::clone(&recorded);
        async move {
            while let Some(head) = read_head(&mut stream).await {
                recorded.lock().unwrap().push(head);
                let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
                if stream.write_all(answer).await.is_err() {
                    break;
                }
            }
        }
    })
    .await;
    let dispatcher = RunningDispatcher::start(&DISPATCHER, &[], &[("backend", address)]).await;
    let (response, body) = send(
        &http2_client(),
        get(
            &dispatcher.url("/api/cookies"),
            &[
                ("cookie", "a=1"),
                ("x-between", "1"),
                ("cookie", "branch=blue"),
            ],
        ),
    )
    .await;
    assert_eq!(response.version(), http::Version::HTTP_2);
    assert_eq!((response.status().as_u16(), body.as_str()), (200, "ok"));
    let heads = heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 1, "{heads:?}");
    let cookies: Vec<&str> = heads[0]
        .split("\r\n")
        .filter(|line| line.to_ascii_lowercase().starts_with("cookie:"))
        .collect();
    assert_eq!(cookies.len(), 1, "one Cookie line: {}", heads[0]);
    assert_eq!(
        cookies[0].split_once(':').unwrap().1.trim(),
        "a=1; branch=blue",
        "{}",
        heads[0]
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn connect_gets_501_and_is_never_forwarded() {
    let (upstream, dispatcher) = setup(&[]).await;
    // The rule for any.test would forward any method.
    for request in [
        &b"CONNECT any.test:443 HTTP/1.1\r\nHost: any.test:443\r\n\r\n"[..],
        b"CONNECT any.test:80 HTTP/1.1\r\nHost: any.test\r\n\r\nGET /api/smuggled HTTP/1.1\r\nHost: x\r\n\r\n",
    ] {
        let raw = exchange_to_close(dispatcher.address, request).await;
        let response = parse_response(raw.as_bytes()).expect("an answer");
        assert_eq!(response.status, 501, "{raw}");
        assert_eq!(response.header("connection"), Some("close"), "{raw}");
        assert!(response.rest.is_empty(), "one answer: {raw}");
        assert!(
            String::from_utf8_lossy(&response.body).contains("CONNECT is not supported"),
            "{raw}"
        );
    }
    // Over HTTP/2 as well.
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    let mut out = h2::PREFACE.to_vec();
    out.extend(h2::frame(h2::SETTINGS, 0, 0, &[]));
    let connect = h2::header_block(&[(":method", "CONNECT"), (":authority", "any.test:443")]);
    out.extend(h2::frame(
        h2::HEADERS,
        h2::END_STREAM | h2::END_HEADERS,
        1,
        &connect,
    ));
    stream.write_all(&out).await.unwrap();
    let (_, body) = h2_response(&mut stream, 1).await;
    assert!(
        String::from_utf8_lossy(&body).starts_with("501 Not Implemented"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    drop(stream);
    assert!(upstream.targets().is_empty(), "{:?}", upstream.targets());
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

/// How a server ended an HTTP/2 request on a raw connection.
#[derive(Debug, PartialEq, Eq)]
enum H2Outcome {
    /// A response whose header block starts with this byte.
    Response(u8),
    /// RST_STREAM with this error code.
    Reset(u32),
    /// GOAWAY with this error code.
    GoAway(u32),
}

/// Sends one request (header fields, then DATA when given) on a new
/// HTTP/2 connection and says how the server ended it.
async fn h2_outcome(
    dispatcher: &RunningDispatcher,
    fields: &[(&str, &str)],
    data: Option<&[u8]>,
) -> H2Outcome {
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    let mut out = h2::PREFACE.to_vec();
    out.extend(h2::frame(h2::SETTINGS, 0, 0, &[]));
    let flags = match data {
        Some(_) => h2::END_HEADERS,
        None => h2::END_HEADERS | h2::END_STREAM,
    };
    out.extend(h2::frame(h2::HEADERS, flags, 1, &h2::header_block(fields)));
    if let Some(data) = data {
        out.extend(h2::frame(h2::DATA, h2::END_STREAM, 1, data));
    }
    stream.write_all(&out).await.unwrap();
    let code = |payload: &[u8], at: usize| {
        u32::from_be_bytes(payload[at..at + 4].try_into().expect("an error code"))
    };
    loop {
        let (kind, flags, id, payload) = bounded(h2::read_frame(&mut stream))
            .await
            .expect("the server answers or resets");
        match (kind, id) {
            (h2::SETTINGS, 0) if flags & h2::ACK == 0 => stream
                .write_all(&h2::frame(h2::SETTINGS, h2::ACK, 0, &[]))
                .await
                .unwrap(),
            (h2::HEADERS, 1) => return H2Outcome::Response(payload[0]),
            (h2::RST_STREAM, 1) => return H2Outcome::Reset(code(&payload, 0)),
            (h2::GOAWAY, _) => return H2Outcome::GoAway(code(&payload, 4)),
            _ => {}
        }
    }
}

#[tokio::test]
async fn malformed_http2_requests_are_refused_and_never_forwarded() {
    let (upstream, dispatcher) = setup(&[]).await;
    const PROTOCOL_ERROR: u32 = 1;
    let request = |extra: &[(&'static str, &'static str)]| {
        let mut fields = vec![
            (":method", "GET"),
            (":scheme", "http"),
            (":path", "/api/malformed"),
            (":authority", "x"),
        ];
        fields.extend_from_slice(extra);
        fields
    };
    // RFC 9113 §8.2.1, §8.2.2, §8.3: reset (or the connection ended) by
    // the HTTP/2 layer.
    let reset: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("an upper-case name", request(&[("X-Upper", "v")])),
        ("a space in a name", request(&[("x a", "v")])),
        ("a colon in a name", request(&[("x:a", "v")])),
        ("CR in a value", request(&[("x-a", "a\rb")])),
        ("LF in a value", request(&[("x-a", "a\nb")])),
        ("NUL in a value", request(&[("x-a", "a\0b")])),
        ("connection", request(&[("connection", "keep-alive")])),
        ("keep-alive", request(&[("keep-alive", "5")])),
        ("proxy-connection", request(&[("proxy-connection", "x")])),
        (
            "transfer-encoding",
            request(&[("transfer-encoding", "chunked")]),
        ),
        ("upgrade", request(&[("upgrade", "websocket")])),
        ("te other than trailers", request(&[("te", "gzip")])),
        ("an unknown pseudo-header", request(&[(":foo", "v")])),
        ("a response pseudo-header", request(&[(":status", "200")])),
        ("two :path", request(&[(":path", "/api/other")])),
        (
            "a pseudo-header after a field",
            vec![
                (":method", "GET"),
                (":scheme", "http"),
                ("x-a", "v"),
                (":path", "/api/malformed"),
                (":authority", "x"),
            ],
        ),
        (
            "no :method",
            vec![
                (":scheme", "http"),
                (":path", "/api/malformed"),
                (":authority", "x"),
            ],
        ),
        (
            "no :path",
            vec![(":method", "GET"), (":scheme", "http"), (":authority", "x")],
        ),
        (
            "an empty :path",
            vec![
                (":method", "GET"),
                (":scheme", "http"),
                (":path", ""),
                (":authority", "x"),
            ],
        ),
    ];
    for (what, fields) in &reset {
        let outcome = h2_outcome(&dispatcher, fields, None).await;
        assert!(
            matches!(
                outcome,
                H2Outcome::Reset(PROTOCOL_ERROR) | H2Outcome::GoAway(PROTOCOL_ERROR)
            ),
            "{what}: {outcome:?}"
        );
    }
    // A body longer than its content-length (RFC 9113 §8.1.1).
    let mut post = request(&[("content-length", "5")]);
    post[0] = (":method", "POST");
    assert_eq!(
        h2_outcome(&dispatcher, &post, Some(b"abc")).await,
        H2Outcome::Reset(PROTOCOL_ERROR)
    );
    // Whitespace around a value (RFC 9113 §8.2.1): the dispatcher answers
    // 400 (`:status: 400` is HPACK static entry 12, 0x8c).
    for padded in [" v", "v ", "\tv", "v\t"] {
        let fields = request(&[("x-a", padded)]);
        assert_eq!(
            h2_outcome(&dispatcher, &fields, None).await,
            H2Outcome::Response(0x8c),
            "{padded:?}"
        );
    }
    assert!(upstream.targets().is_empty(), "{:?}", upstream.targets());
    // TE: trailers is the one connection-specific field allowed.
    let fields = request(&[("te", "trailers")]);
    assert_eq!(
        h2_outcome(&dispatcher, &fields, None).await,
        H2Outcome::Response(0x88)
    );
    assert_eq!(upstream.targets(), ["/malformed"]);
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn transfer_codings_hyper_would_misread_are_refused_before_the_body() {
    let (upstream, dispatcher) = setup(&[]).await;
    for (framing, status) in [
        // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 is faulty framing.
        ("HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked", 400),
        // A coding the dispatcher cannot decode or pass on (SHOULD 501).
        (
            "HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked",
            501,
        ),
        (
            "HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
            501,
        ),
    ] {
        let request = format!("POST /api/coded {framing}\r\n\r\n5\r\nhello\r\n0\r\n\r\n{SMUGGLED}");
        let raw = exchange_to_close(dispatcher.address, request.as_bytes()).await;
        let response = parse_response(raw.as_bytes()).expect("an answer");
        assert_eq!(response.status, status, "{framing:?}: {raw}");
        assert_eq!(response.header("connection"), Some("close"), "{raw}");
        assert!(response.rest.is_empty(), "one answer: {raw}");
    }
    assert!(upstream.targets().is_empty(), "{:?}", upstream.targets());
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}
