//! The server's limits and timeouts over raw TCP (docs/design/behaviour.md
//! §5.1, §6): each bad request gets its status, no upstream sees it, and the
//! server keeps serving.

use std::time::{Duration, Instant};

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn setup(vars: &[(&str, &str)]) -> (Upstream, RunningDispatcher) {
    let upstream = start_echo_upstream().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, vars, &[("backend", upstream.address)]).await;
    (upstream, dispatcher)
}

/// The status line of the answer to `request`, after which the dispatcher
/// closes the connection (each request here either asks for that or is
/// refused).
async fn status_line(dispatcher: &RunningDispatcher, request: &[u8]) -> String {
    let response = exchange_to_close(dispatcher.address, request).await;
    response.lines().next().unwrap_or("").to_owned()
}

#[tokio::test]
async fn request_targets_longer_than_max_url_length_get_414() {
    let (upstream, dispatcher) = setup(&[("MAX_URL_LENGTH", "50")]).await;
    let long = format!(
        "GET /api/{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(60)
    );
    assert_eq!(
        status_line(&dispatcher, long.as_bytes()).await,
        "HTTP/1.1 414 URI Too Long"
    );
    let query = format!(
        "GET /api/x?{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "q".repeat(60)
    );
    assert_eq!(
        status_line(&dispatcher, query.as_bytes()).await,
        "HTTP/1.1 414 URI Too Long"
    );
    let short = b"GET /api/short HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    assert_eq!(status_line(&dispatcher, short).await, "HTTP/1.1 200 OK");
    assert_eq!(
        upstream.requests(),
        1,
        "only the short request reached the upstream"
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn oversized_headers_get_431() {
    let (upstream, dispatcher) = setup(&[("MAX_HEADER_SIZE", "16384")]).await;
    let big = format!(
        "GET /api/x HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(20_000)
    );
    assert_eq!(
        status_line(&dispatcher, big.as_bytes()).await,
        "HTTP/1.1 431 Request Header Fields Too Large"
    );
    let mut many = String::from("GET /api/x HTTP/1.1\r\nHost: x\r\n");
    for index in 0..150 {
        many.push_str(&format!("X-H{index}: v\r\n"));
    }
    many.push_str("\r\n");
    assert_eq!(
        status_line(&dispatcher, many.as_bytes()).await,
        "HTTP/1.1 431 Request Header Fields Too Large"
    );
    assert_eq!(upstream.requests(), 0);
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn malformed_requests_get_400() {
    let (upstream, dispatcher) = setup(&[]).await;
    for request in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET /api/x HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
        b"GET /api/x HTTP/9.9\r\nHost: x\r\n\r\n",
        // RFC 9110 §5.5: NUL or a bare CR in a value.
        b"GET /api/x HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n",
        b"GET /api/x HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n",
        // RFC 9112 §5.2: obs-fold; §2.2: whitespace before the first field.
        b"GET /api/x HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n",
        b"GET /api/x HTTP/1.1\r\n Host: x\r\n\r\n",
    ] {
        assert_eq!(
            status_line(&dispatcher, request).await,
            "HTTP/1.1 400 Bad Request",
            "{}",
            String::from_utf8_lossy(request)
        );
    }
    assert_eq!(upstream.requests(), 0);
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn invalid_hosts_get_400() {
    let (upstream, dispatcher) = setup(&[]).await;
    for host in ["a..b", "exa mple.com", "x:port", ""] {
        let request = format!("GET /api/x HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        assert_eq!(
            status_line(&dispatcher, request.as_bytes()).await,
            "HTTP/1.1 400 Bad Request",
            "{host}"
        );
    }
    assert_eq!(upstream.requests(), 0);
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn content_length_with_transfer_encoding_gets_400_and_reaches_no_upstream() {
    let (upstream, dispatcher) = setup(&[]).await;
    let smuggle = b"POST /api/x HTTP/1.1\r\nHost: x\r\nContent-Length: 44\r\nTransfer-Encoding: chunked\r\n\r\n\
        0\r\n\r\nGET /api/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    let response = exchange_to_close(dispatcher.address, smuggle).await;
    assert!(
        response.starts_with("HTTP/1.1 400 Bad Request"),
        "{response}"
    );
    assert!(
        response.contains("both Content-Length and Transfer-Encoding"),
        "{response}"
    );
    assert_eq!(
        response.matches("HTTP/1.1").count(),
        1,
        "one answer, then the connection closes: {response}"
    );
    // Transfer-Encoding first, Content-Length second: the same.
    let reversed = b"POST /api/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n";
    assert_eq!(
        status_line(&dispatcher, reversed).await,
        "HTTP/1.1 400 Bad Request"
    );
    // Two different Content-Lengths.
    let doubled =
        b"POST /api/x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde";
    assert_eq!(
        status_line(&dispatcher, doubled).await,
        "HTTP/1.1 400 Bad Request"
    );
    assert_eq!(
        upstream.requests(),
        0,
        "no part of these requests reached the upstream"
    );
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

/// A client that keeps sending its head a byte at a time (slowloris) is
/// cut off once `HEADER_READ_TIMEOUT` has passed since the connection
/// opened, though it never stops sending.
#[tokio::test]
async fn a_request_head_that_trickles_in_is_cut_off() {
    let (upstream, dispatcher) = setup(&[("HEADER_READ_TIMEOUT", "300")]).await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET /api/x HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    // One more byte of the header's value every 50 ms, until the
    // dispatcher closes the connection (a read sees the end, or a write
    // fails).
    let mut buffer = [0u8; 1024];
    loop {
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "still open after {:?} of trickling",
            started.elapsed()
        );
        if stream.write_all(b"a").await.is_err() {
            break;
        }
        match tokio::time::timeout(Duration::from_millis(50), stream.read(&mut buffer)).await {
            Err(_) => continue,
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => panic!(
                "no response to an unfinished head: {}",
                String::from_utf8_lossy(&buffer[..n])
            ),
        }
    }
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(250), "{elapsed:?}");
    assert_eq!(upstream.requests(), 0);
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

/// Deadlines are set from the kernel's coarse clock (`timer::coarse_now`):
/// it keeps up with the precise one, to within a kernel tick (at most
/// 10 ms; the assertion allows for a thread descheduled in between), and
/// never goes back.
#[test]
fn the_coarse_clock_keeps_up_with_the_precise_one() {
    let mut last = dispatcher::timer::coarse_now();
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(60) {
        let coarse = dispatcher::timer::coarse_now().into_std();
        let precise = Instant::now();
        let apart = if coarse > precise {
            coarse - precise
        } else {
            precise - coarse
        };
        assert!(apart <= Duration::from_millis(25), "{apart:?} apart");
        assert!(coarse >= last.into_std(), "the coarse clock went back");
        last = coarse.into();
        std::thread::sleep(Duration::from_micros(500));
    }
}

/// A connection that never sends a byte is closed at `HEADER_READ_TIMEOUT`.
#[tokio::test]
async fn a_silent_connection_is_closed_at_the_header_read_timeout() {
    let (upstream, dispatcher) = setup(&[("HEADER_READ_TIMEOUT", "300")]).await;
    let mut silent = TcpStream::connect(dispatcher.address).await.unwrap();
    let started = Instant::now();
    assert_eq!(read_to_close(&mut silent).await, "");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(250) && elapsed < Duration::from_secs(3),
        "closed after {elapsed:?}"
    );
    assert_eq!(upstream.requests(), 0);
    assert_still_serving(&dispatcher).await;
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn idle_keep_alive_connections_are_closed_after_idle_timeout() {
    let (_upstream, dispatcher) =
        setup(&[("IDLE_TIMEOUT", "300"), ("HEADER_READ_TIMEOUT", "5000")]).await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    stream
        .write_all(b"GET /direct HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    // The response, then nothing until the server closes the idle connection.
    let answer = read_response(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert_eq!(read_to_close(&mut stream).await, "");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(250) && elapsed < Duration::from_secs(3),
        "closed after {elapsed:?}"
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn a_request_slower_than_the_idle_timeout_still_completes() {
    let upstream = start_slow_upstream(Duration::from_millis(800), "worth the wait").await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("IDLE_TIMEOUT", "200"), ("HEADER_READ_TIMEOUT", "200")],
        &[("backend", upstream.address)],
    )
    .await;
    let (response, body) = send(&http1_client(), get(&dispatcher.url("/api/slow"), &[])).await;
    assert_eq!(
        (response.status().as_u16(), body.as_str()),
        (200, "worth the wait")
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn absolute_form_targets_use_their_authority_as_host() {
    let (_upstream, dispatcher) = setup(&[]).await;
    let request =
        b"GET http://public.example/api/x?y=1 HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n";
    let response = exchange_to_close(dispatcher.address, request).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"target\":\"/x?y=1\""), "{response}");
    assert!(
        response.contains("\"x-forwarded-host\":\"public.example\""),
        "{response}"
    );
    // The target's authority replaces the Host field (RFC 9112 §3.2.2).
    assert!(
        response.contains("\"host\":\"public.example\""),
        "{response}"
    );
    dispatcher.shutdown().await;
}
