//! Graceful shutdown in-process (SPEC §5.3): in-flight requests finish,
//! new connections are refused, idle connections close, and the grace
//! period is a bound.

use std::sync::Arc;
use std::time::{Duration, Instant};

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use http_body_util::BodyExt;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::sync::Notify;

#[tokio::test]
async fn shutdown_lets_a_request_in_flight_finish_and_refuses_new_connections() {
    let release = Arc::new(Notify::new());
    let upstream = start_gated_upstream(Arc::clone(&release)).await;
    let mut dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let address = dispatcher.address;
    let response = bounded(http1_client().request(get(&dispatcher.url("/api/download"), &[])))
        .await
        .unwrap();
    let mut body = response.into_body();
    let first = bounded(body.frame())
        .await
        .unwrap()
        .unwrap()
        .into_data()
        .unwrap();
    assert_eq!(&first[..], b"first;");

    dispatcher.begin_shutdown();
    // The listener closes: new connections are refused.
    wait_until_refused(address).await;
    // The download in flight still completes.
    release.notify_one();
    let rest = bounded(body.collect()).await.unwrap().to_bytes();
    assert_eq!(&rest[..], b"last");
    dispatcher.stopped().await;
}

/// An idle connection gets a short pause for a last request (half a
/// second), then is closed: neither its idle timeout nor the shutdown
/// timeout, both far longer here, is waited for.
#[tokio::test]
async fn shutdown_closes_idle_keep_alive_connections_after_a_short_pause() {
    let upstream = start_echo_upstream().await;
    let mut dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("IDLE_TIMEOUT", "30000"), ("SHUTDOWN_TIMEOUT", "30000")],
        &[("backend", upstream.address)],
    )
    .await;
    let mut idle = TcpStream::connect(dispatcher.address).await.unwrap();
    idle.write_all(b"GET /direct HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answered = read_response(&mut idle).await;
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
    let started = Instant::now();
    dispatcher.begin_shutdown();
    // The idle connection is closed by the server: the read sees the end.
    assert_eq!(read_to_close(&mut idle).await, "");
    let closed = started.elapsed();
    dispatcher.stopped().await;
    assert!(closed < Duration::from_secs(2), "closed after {closed:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "stopped after {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn shutdown_timeout_bounds_the_wait_for_requests_that_never_end() {
    let never = Arc::new(Notify::new());
    let upstream = start_gated_upstream(Arc::clone(&never)).await;
    let mut dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("SHUTDOWN_TIMEOUT", "300")],
        &[("backend", upstream.address)],
    )
    .await;
    let response = bounded(http1_client().request(get(&dispatcher.url("/api/stuck"), &[])))
        .await
        .unwrap();
    let mut body = response.into_body();
    let _first = bounded(body.frame()).await;
    let started = Instant::now();
    dispatcher.begin_shutdown();
    dispatcher.stopped().await;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(3),
        "waited {waited:?}"
    );
}

#[tokio::test]
async fn during_a_shutdown_a_keep_alive_client_gets_one_more_answer_then_a_clean_close() {
    let upstream = start_echo_upstream().await;
    let mut dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    stream
        .write_all(b"GET /direct HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let first = read_response(&mut stream).await;
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
    assert!(
        !first.to_ascii_lowercase().contains("connection: close"),
        "{first}"
    );

    dispatcher.begin_shutdown();
    wait_until_refused(dispatcher.address).await;
    // The connection was not cut: the next request is answered, told that
    // the connection ends here, and then the connection is closed.
    stream
        .write_all(b"GET /api/last HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let last = read_to_close(&mut stream).await;
    let answer = parse_response(last.as_bytes()).expect("an answer");
    assert_eq!(answer.status, 200, "{last}");
    assert_eq!(answer.header("connection"), Some("close"), "{last}");
    assert!(answer.complete && answer.rest.is_empty(), "{last}");
    assert_eq!(upstream.targets(), ["/last"]);
    dispatcher.stopped().await;
}
