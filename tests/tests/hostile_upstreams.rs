//! Broken and hostile upstreams (SPEC §3.5): for each, the client gets the
//! status of SPEC §3.5 or a visibly truncated response, nothing waits past
//! the configured timeouts, and no file descriptor is left open. The tests
//! run one at a time so that the process's descriptor count is theirs alone.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

static ONE_AT_A_TIME: Mutex<()> = Mutex::const_new(());

const TIMEOUTS: [(&str, &str); 2] = [("UPSTREAM_TIMEOUT", "300"), ("CONNECT_TIMEOUT", "300")];

/// Runs `request` against a dispatcher whose `backend` is `upstream` ten
/// times, checking each answer with `check`, then that every descriptor
/// opened on the way was closed again.
async fn scenario(upstream: SocketAddr, request: &[u8], check: impl Fn(&str, Duration)) {
    let _serial = ONE_AT_A_TIME.lock().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &TIMEOUTS, &[("backend", upstream)]).await;
    let warm_up = raw_exchange(
        dispatcher.address,
        b"GET /direct HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        Duration::from_millis(300),
    )
    .await;
    assert!(warm_up.starts_with("HTTP/1.1 200"), "{warm_up}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let baseline = open_fds();
    for _ in 0..10 {
        let started = Instant::now();
        let response = raw_exchange(dispatcher.address, request, Duration::from_secs(2)).await;
        check(&response, started.elapsed());
    }
    let deadline = Instant::now() + Duration::from_secs(3);
    while open_fds() > baseline && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        open_fds() <= baseline,
        "{} descriptors open, {baseline} before",
        open_fds()
    );
    let after = raw_exchange(
        dispatcher.address,
        b"GET /direct HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        Duration::from_millis(300),
    )
    .await;
    assert!(after.starts_with("HTTP/1.1 200"), "still serving: {after}");
    dispatcher.shutdown().await;
}

const GET: &[u8] = b"GET /api/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

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
    scenario(upstream, GET, |response, _| {
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
    scenario(upstream, GET, |response, elapsed| {
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
