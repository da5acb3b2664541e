//! Broken and hostile upstreams (docs/design/behaviour.md §3.5): for each,
//! the client gets the status that section gives or a visibly truncated
//! response, nothing waits past the configured timeouts, and no file
//! descriptor is left open. The tests run one at a time so that the
//! process's descriptor count is theirs alone.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());

/// Short timeouts, and metrics on (their gauge of open client connections
/// tells when the warm-up connection is gone).
const SETTINGS: [(&str, &str); 3] = [
    ("UPSTREAM_TIMEOUT", "300"),
    ("CONNECT_TIMEOUT", "300"),
    ("METRICS_LISTEN", "127.0.0.1:0"),
];

/// Runs `request` against a dispatcher whose `backend` is `upstream` ten
/// times, checking each answer with `check`, then that every descriptor
/// opened on the way was closed again.
async fn scenario(upstream: SocketAddr, request: &[u8], check: impl Fn(&str, Duration)) {
    let _serial = ONE_AT_A_TIME.lock().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &SETTINGS, &[("backend", upstream)]).await;
    let warm_up = exchange_to_close(
        dispatcher.address,
        b"GET /direct HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(warm_up.starts_with("HTTP/1.1 200"), "{warm_up}");
    let metrics = dispatcher.proxy.metrics.as_ref().expect("metrics on");
    eventually("the warm-up connection is closed", || {
        metrics
            .encode()
            .lines()
            .any(|line| line == "dispatcher_open_connections 0")
    })
    .await;
    // Connections through this dispatcher and to this upstream only: other
    // tests of this file run meanwhile, with descriptors of their own.
    let ports = [dispatcher.address.port(), upstream.port()];
    let baseline = open_connections_on(&ports);
    for _ in 0..10 {
        let started = Instant::now();
        // Every answer here ends in a close (asked for, or an abort): a
        // connection left open fails the test.
        let response = exchange_to_close(dispatcher.address, request).await;
        check(&response, started.elapsed());
    }
    let deadline = Instant::now() + Duration::from_secs(3);
    while open_connections_on(&ports) > baseline && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        open_connections_on(&ports) <= baseline,
        "{} connections open through the dispatcher or to the upstream, {baseline} before",
        open_connections_on(&ports)
    );
    let after = exchange_to_close(
        dispatcher.address,
        b"GET /direct HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(after.starts_with("HTTP/1.1 200"), "still serving: {after}");
    dispatcher.shutdown().await;
}

const GET: &[u8] = b"GET /api/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

/// A request that leaves the connection open after a whole answer: only
/// an aborted response makes the dispatcher close it.
const GET_KEEP_ALIVE: &[u8] = b"GET /api/x HTTP/1.1\r\nHost: x\r\n\r\n";

/// Waits (boundedly) until the dispatcher closes its end of `stream`.
async fn wait_for_hang_up(stream: &mut TcpStream) {
    let mut buffer = [0u8; 64];
    while let Ok(Ok(n)) = tokio::time::timeout(BOUND, stream.read(&mut buffer)).await {
        if n == 0 {
            return;
        }
    }
}

/// Closes `stream` with a TCP reset rather than a FIN.
fn reset(stream: TcpStream) {
    let _ = stream.set_zero_linger();
    drop(stream);
}

#[tokio::test]
async fn an_upstream_resetting_before_its_response_is_a_502() {
    let (upstream, _) = start_raw_upstream(|mut stream: TcpStream, _| async move {
        let _ = read_head(&mut stream).await;
        reset(stream);
    })
    .await;
    scenario(upstream, GET, |response, _| {
        assert!(response.starts_with("HTTP/1.1 502"), "{response}");
        assert!(
            response.contains("upstream http://backend/x: the upstream"),
            "{response}"
        );
    })
    .await;
}

#[tokio::test]
async fn an_upstream_resetting_mid_body_truncates_the_response_visibly() {
    let (upstream, _) = start_raw_upstream(|mut stream: TcpStream, _| async move {
        let _ = read_head(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 10000\r\n\r\n")
            .await;
        let _ = stream.write_all(&[b'x'; 100]).await;
        let _ = stream.flush().await;
        tokio::time::sleep(Duration::from_millis(20)).await;
        reset(stream);
    })
    .await;
    scenario(upstream, GET_KEEP_ALIVE, |response, _| {
        let (head, body) = response.split_once("\r\n\r\n").expect("a head");
        assert!(
            head.starts_with("HTTP/1.1 200") && head.contains("content-length: 10000"),
            "{head}"
        );
        assert!(body.len() < 10_000, "closed short of the announced length");
    })
    .await;
}

#[tokio::test]
async fn an_upstream_that_never_answers_is_a_504_at_the_timeout() {
    let (upstream, _) = start_raw_upstream(|mut stream: TcpStream, _| async move {
        let _ = read_head(&mut stream).await;
        // Silent until the dispatcher gives up and hangs up.
        wait_for_hang_up(&mut stream).await;
    })
    .await;
    scenario(upstream, GET, |response, elapsed| {
        assert!(response.starts_with("HTTP/1.1 504"), "{response}");
        assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    })
    .await;
}

#[tokio::test]
async fn an_upstream_body_that_stalls_is_cut_at_the_timeout() {
    let (upstream, _) = start_raw_upstream(|mut stream: TcpStream, _| async move {
        let _ = read_head(&mut stream).await;
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4\r\nsome\r\n")
            .await;
        wait_for_hang_up(&mut stream).await;
    })
    .await;
    scenario(upstream, GET_KEEP_ALIVE, |response, elapsed| {
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        assert!(
            response.contains("some") && !response.ends_with("0\r\n\r\n"),
            "{response:?}"
        );
        assert!(
            elapsed < Duration::from_millis(1500),
            "cut after {elapsed:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_malformed_status_line_is_a_502() {
    let (upstream, _) = start_raw_upstream(|mut stream: TcpStream, _| async move {
        let _ = read_head(&mut stream).await;
        let _ = stream.write_all(b"HTTP/1.1 two hundred OK\r\n\r\n").await;
    })
    .await;
    scenario(upstream, GET, |response, _| {
        assert!(response.starts_with("HTTP/1.1 502"), "{response}");
        assert!(
            response.contains("the upstream sent an invalid response"),
            "{response}"
        );
    })
    .await;
}

#[tokio::test]
async fn oversized_upstream_headers_are_a_502() {
    let (upstream, _) = start_raw_upstream(|mut stream: TcpStream, _| async move {
        let _ = read_head(&mut stream).await;
        let huge = format!(
            "HTTP/1.1 200 OK\r\nx-huge: {}\r\ncontent-length: 0\r\n\r\n",
            "h".repeat(1 << 20)
        );
        let _ = stream.write_all(huge.as_bytes()).await;
    })
    .await;
    scenario(upstream, GET, |response, _| {
        assert!(response.starts_with("HTTP/1.1 502"), "{response}");
        assert!(response.contains("too large"), "{response}");
    })
    .await;
}

#[tokio::test]
async fn an_unreachable_upstream_is_bounded_by_the_connect_timeout() {
    // A listener whose backlog is full never completes the handshake for
    // the next client, standing in for an address that does not answer.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let _held: Vec<std::net::TcpStream> = (0..2048)
        .map_while(|_| {
            let stream =
                std::net::TcpStream::connect_timeout(&address, Duration::from_millis(50)).ok()?;
            Some(stream)
        })
        .collect();
    scenario(address, GET, |response, elapsed| {
        assert!(
            response.starts_with("HTTP/1.1 504") || response.starts_with("HTTP/1.1 502"),
            "{response}"
        );
        assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    })
    .await;
    drop(listener);
}

/// A raw upstream that reads one request head and answers `response`.
async fn answering(response: &'static [u8]) -> SocketAddr {
    let (upstream, _) = start_raw_upstream(move |mut stream: TcpStream, _| async move {
        let _ = read_head(&mut stream).await;
        let _ = stream.write_all(response).await;
        let _ = stream.shutdown().await;
    })
    .await;
    upstream
}

#[tokio::test]
async fn content_length_beside_chunked_is_removed_before_forwarding() {
    let upstream = answering(
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    )
    .await;
    scenario(upstream, GET, |raw, _| {
        let response = parse_response(raw.as_bytes()).expect("a response");
        assert_eq!(response.status, 200, "{raw}");
        assert!(response.header("content-length").is_none(), "{raw}");
        assert!(response.complete, "a correctly framed message: {raw:?}");
        assert_eq!(response.body, b"hello", "all five bytes: {raw:?}");
        assert!(response.rest.is_empty(), "{raw:?}");
    })
    .await;
    // Transfer-Encoding first, and Content-Length larger than the body.
    let upstream = answering(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 50\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    )
    .await;
    scenario(upstream, GET, |raw, _| {
        let response = parse_response(raw.as_bytes()).expect("a response");
        assert!(response.header("content-length").is_none(), "{raw}");
        assert!(response.complete && response.body == b"hello", "{raw:?}");
    })
    .await;
}

#[tokio::test]
async fn an_upstream_response_head_over_max_response_header_size_is_a_502() {
    // 200 KB in one field: over the default (64 KiB), never passed on.
    let (upstream, _) = start_raw_upstream(|mut stream: TcpStream, _| async move {
        let _ = read_head(&mut stream).await;
        let huge = format!(
            "HTTP/1.1 200 OK\r\nx-huge: {}\r\ncontent-length: 2\r\n\r\nok",
            "h".repeat(200_000)
        );
        let _ = stream.write_all(huge.as_bytes()).await;
    })
    .await;
    scenario(upstream, GET, |response, _| {
        assert!(response.starts_with("HTTP/1.1 502"), "{response:.200}");
        assert!(!response.contains("hhhh"), "never forwarded");
        assert!(
            response.contains("MAX_RESPONSE_HEADER_SIZE (65536 bytes)"),
            "{response}"
        );
    })
    .await;
}

#[tokio::test]
async fn max_response_header_size_is_a_setting() {
    let (upstream, _) = start_raw_upstream(|mut stream: TcpStream, _| async move {
        let _ = read_head(&mut stream).await;
        let head = format!(
            "HTTP/1.1 200 OK\r\nx-big: {}\r\ncontent-length: 2\r\n\r\nok",
            "b".repeat(20_000)
        );
        let _ = stream.write_all(head.as_bytes()).await;
    })
    .await;
    let _serial = ONE_AT_A_TIME.lock().await;
    // Under the default: passed on whole.
    let dispatcher = RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream)]).await;
    let raw = exchange_to_close(dispatcher.address, GET).await;
    let response = parse_response(raw.as_bytes()).expect("a response");
    assert_eq!(response.status, 200, "{raw:.200}");
    assert_eq!(response.header("x-big").map(str::len), Some(20_000));
    assert_eq!(response.body, b"ok");
    dispatcher.shutdown().await;
    // Over a lower limit: 502.
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("MAX_RESPONSE_HEADER_SIZE", "16384")],
        &[("backend", upstream)],
    )
    .await;
    let raw = exchange_to_close(dispatcher.address, GET).await;
    assert!(raw.starts_with("HTTP/1.1 502"), "{raw:.200}");
    assert!(
        raw.contains("MAX_RESPONSE_HEADER_SIZE (16384 bytes)"),
        "{raw}"
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn upstream_response_heads_with_invalid_framing_or_fields_are_a_502() {
    for response in [
        // Two different lengths: which one is right cannot be known.
        &b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nhello"[..],
        // A length that is no number.
        b"HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\nhello",
        // A field folded over two lines (obs-fold).
        b"HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 5\r\n\r\nhello",
        // Whitespace between a field name and its colon.
        b"HTTP/1.1 200 OK\r\nX-Spaced : a\r\nContent-Length: 5\r\n\r\nhello",
        // A transfer coding the dispatcher cannot pass on.
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nhello",
        // Transfer-Encoding in HTTP/1.0: faulty framing (RFC 9112 §6.1).
        b"HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        // NUL in a field value (RFC 9110 §5.5).
        b"HTTP/1.1 200 OK\r\nX-Nul: a\x00b\r\nContent-Length: 5\r\n\r\nhello",
    ] {
        let upstream = answering(response).await;
        let what = String::from_utf8_lossy(response);
        scenario(upstream, GET, |raw, _| {
            assert!(raw.starts_with("HTTP/1.1 502"), "{what:?}: {raw}");
            assert!(!raw.contains("hello"), "{what:?}: {raw}");
        })
        .await;
    }
}

#[tokio::test]
async fn interim_responses_are_forwarded_and_a_missing_date_is_added() {
    let upstream = answering(
        b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nConnection: x-hop\r\nX-Hop: 1\r\n\r\n\
          HTTP/1.1 100 Continue\r\n\r\n\
          HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    )
    .await;
    scenario(upstream, GET, |raw, _| {
        // RFC 9110 §15.2: a proxy MUST forward 1xx answers; each one goes
        // to the client (hop-by-hop fields removed), then the final one.
        let hints = parse_response(raw.as_bytes()).expect("a response");
        assert_eq!(hints.status, 103, "{raw}");
        assert_eq!(hints.header("link"), Some("</a.css>; rel=preload"), "{raw}");
        assert!(hints.header("x-hop").is_none(), "{raw}");
        let continued = parse_response(&hints.rest).expect("the 100");
        assert_eq!(continued.status, 100, "{raw}");
        let response = parse_response(&continued.rest).expect("the final response");
        assert_eq!(
            (response.status, &response.body[..]),
            (200, &b"ok"[..]),
            "{raw}"
        );
        assert!(response.header("date").is_some(), "RFC 9110 §6.6.1: {raw}");
    })
    .await;
}

#[tokio::test]
async fn no_content_and_not_modified_answers_carry_no_body_framing() {
    for answer in [
        &b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"[..],
        b"HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n",
    ] {
        let upstream = answering(answer).await;
        scenario(upstream, GET, |raw, _| {
            let response = parse_response(raw.as_bytes()).expect("a response");
            assert!([204, 304].contains(&response.status), "{raw}");
            assert!(response.header("content-length").is_none(), "{raw}");
            assert!(response.header("transfer-encoding").is_none(), "{raw}");
            assert!(response.rest.is_empty(), "{raw}");
        })
        .await;
    }
}

#[tokio::test]
async fn bytes_after_an_upstream_response_are_never_taken_for_the_next_answer() {
    // The first connection answers with a response and, after it, a
    // second one nobody asked for; later connections answer plainly.
    let first_closed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let closed = std::sync::Arc::clone(&first_closed);
    let (upstream, connections) = start_raw_upstream(move |mut stream: TcpStream, index| {
        let closed = std::sync::Arc::clone(&closed);
        async move {
            while read_head(&mut stream).await.is_some() {
                let answer: &[u8] = if index == 0 {
                    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst\
                      HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled"
                } else {
                    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nclean"
                };
                if stream.write_all(answer).await.is_err() {
                    break;
                }
            }
            if index == 0 {
                closed.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        }
    })
    .await;
    let _serial = ONE_AT_A_TIME.lock().await;
    let dispatcher = RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream)]).await;
    let client = http1_client();
    let (_, first) = send(&client, get(&dispatcher.url("/api/one"), &[])).await;
    assert_eq!(first, "first");
    // The connection that sent more than its answer is not kept: the
    // dispatcher closes it rather than pool it.
    eventually(
        "the dispatcher closes the first upstream connection",
        || first_closed.load(std::sync::atomic::Ordering::SeqCst),
    )
    .await;
    for _ in 0..3 {
        let (response, body) = send(&client, get(&dispatcher.url("/api/next"), &[])).await;
        assert_eq!((response.status().as_u16(), body.as_str()), (200, "clean"));
    }
    assert!(connections.load(std::sync::atomic::Ordering::SeqCst) >= 2);
    dispatcher.shutdown().await;
}
