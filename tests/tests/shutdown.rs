//! Graceful shutdown in-process (docs/design/behaviour.md §5.3): in-flight
//! requests finish, new connections are refused, idle connections close, and
//! the grace period is a bound.

use std::sync::Arc;
use std::time::{Duration, Instant};

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use dispatcher_tests::websocket::{start_websocket_echo, websocket_connect, websocket_round_trip};
use futures_util::StreamExt;
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
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
    assert_eq!(&first_data(&mut body).await[..], b"first;");

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
    assert_eq!(&first_data(&mut body).await[..], b"first;");
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

/// A response whose head went out before the shutdown began promised the
/// client a connection that goes on: it is not cut after that response;
/// the client's next request is answered, with `Connection: close`.
/// Reads into `received` until `done` holds for it; the connection must
/// stay open until then.
async fn read_until(stream: &mut TcpStream, received: &mut Vec<u8>, done: impl Fn(&[u8]) -> bool) {
    let mut piece = [0u8; 4096];
    while !done(received) {
        let n = bounded(stream.read(&mut piece)).await.unwrap();
        assert!(n > 0, "closed early: {}", String::from_utf8_lossy(received));
        received.extend_from_slice(&piece[..n]);
    }
}

#[tokio::test]
async fn a_response_begun_before_a_shutdown_is_followed_by_one_more_answer_not_a_cut() {
    let release = Arc::new(Notify::new());
    let upstream = start_gated_upstream(Arc::clone(&release)).await;
    let mut dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    stream
        .write_all(b"GET /api/download HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut received = Vec::new();
    read_until(&mut stream, &mut received, |seen| {
        String::from_utf8_lossy(seen).contains("first;")
    })
    .await;
    let head = String::from_utf8_lossy(&received).to_ascii_lowercase();
    assert!(!head.contains("connection: close"), "{head}");

    dispatcher.begin_shutdown();
    wait_until_refused(dispatcher.address).await;
    release.notify_one();
    read_until(&mut stream, &mut received, |seen| {
        seen.ends_with(b"0\r\n\r\n")
    })
    .await;
    stream
        .write_all(b"GET /api/item/2 HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    // The upstream's second answer waits for its own release.
    release.notify_one();
    let last = read_to_close(&mut stream).await;
    let answer = parse_response(last.as_bytes()).expect("an answer, not a cut connection");
    assert_eq!(answer.status, 200, "{last}");
    assert_eq!(answer.header("connection"), Some("close"), "{last}");
    dispatcher.stopped().await;
}

/// The next frame from the server, answering its SETTINGS and PINGs on
/// the way (a graceful GOAWAY waits for a PING's answer); `None` once the
/// connection is closed.
async fn next_h2_frame(stream: &mut TcpStream) -> Option<(u8, u8, u32, Vec<u8>)> {
    loop {
        let frame = bounded(h2::read_frame(stream)).await?;
        let answer = match (frame.0, frame.1 & h2::ACK) {
            (h2::SETTINGS, 0) => h2::frame(h2::SETTINGS, h2::ACK, 0, &[]),
            (h2::PING, 0) => h2::frame(h2::PING, h2::ACK, 0, &frame.3),
            _ => return Some(frame),
        };
        stream.write_all(&answer).await.ok()?;
    }
}

/// HTTP/2: a shutdown sends GOAWAY (no error) on an open connection at
/// once, the stream in flight still gets all its body, and then the
/// connection is closed.
#[tokio::test]
async fn during_a_shutdown_an_http2_connection_gets_goaway_and_its_stream_finishes() {
    let release = Arc::new(Notify::new());
    let upstream = start_gated_upstream(Arc::clone(&release)).await;
    let mut dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("SHUTDOWN_TIMEOUT", "30000")],
        &[("backend", upstream.address)],
    )
    .await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    let mut hello = h2::PREFACE.to_vec();
    hello.extend(h2::frame(h2::SETTINGS, 0, 0, &[]));
    hello.extend(h2::get(1, "/api/download"));
    stream.write_all(&hello).await.unwrap();
    let mut body = Vec::new();
    while body != b"first;" {
        let (kind, _, id, payload) = next_h2_frame(&mut stream).await.expect("a frame");
        if kind == h2::DATA && id == 1 {
            body.extend(payload);
        }
    }

    dispatcher.begin_shutdown();
    let mut goaway = None;
    while goaway.is_none() {
        let (kind, _, _, payload) = next_h2_frame(&mut stream)
            .await
            .expect("GOAWAY before the close");
        if kind == h2::GOAWAY {
            goaway = Some(u32::from_be_bytes(payload[4..8].try_into().unwrap()));
        }
    }
    assert_eq!(goaway, Some(0), "GOAWAY with NO_ERROR");
    // The stream in flight is not cut: its last bytes come, then its end.
    release.notify_one();
    let mut ended = false;
    while let Some((kind, flags, id, payload)) = next_h2_frame(&mut stream).await {
        if kind == h2::DATA && id == 1 {
            body.extend(payload);
            ended |= flags & h2::END_STREAM != 0;
        }
        assert_ne!(kind, h2::RST_STREAM, "the stream was reset");
    }
    assert_eq!(String::from_utf8_lossy(&body), "first;last");
    assert!(ended, "the stream ended with END_STREAM");
    dispatcher.stopped().await;
}

/// A WebSocket tunnel open when a shutdown begins keeps working, and the
/// shutdown ends once it closes (well before `SHUTDOWN_TIMEOUT`).
#[tokio::test]
async fn during_a_shutdown_an_open_websocket_tunnel_keeps_working_until_it_closes() {
    let upstream = start_websocket_echo().await;
    let mut dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("SHUTDOWN_TIMEOUT", "30000")],
        &[("backend", upstream.address)],
    )
    .await;
    let mut socket = websocket_connect(&dispatcher, "/ws/during").await;
    assert_eq!(
        websocket_round_trip(&mut socket, "before").await,
        "/ws/during: before"
    );
    dispatcher.begin_shutdown();
    wait_until_refused(dispatcher.address).await;
    assert_eq!(
        websocket_round_trip(&mut socket, "during").await,
        "/ws/during: during"
    );
    let started = Instant::now();
    socket.close(None).await.unwrap();
    drop(socket);
    dispatcher.stopped().await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "stopped {:?} after the tunnel closed",
        started.elapsed()
    );
}

/// A tunnel still open at `SHUTDOWN_TIMEOUT` is cut, and the shutdown
/// ends then.
#[tokio::test]
async fn a_websocket_tunnel_still_open_at_the_shutdown_timeout_is_cut() {
    let upstream = start_websocket_echo().await;
    let mut dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("SHUTDOWN_TIMEOUT", "300")],
        &[("backend", upstream.address)],
    )
    .await;
    let mut socket = websocket_connect(&dispatcher, "/ws/stays").await;
    assert_eq!(
        websocket_round_trip(&mut socket, "hello").await,
        "/ws/stays: hello"
    );
    let started = Instant::now();
    dispatcher.begin_shutdown();
    dispatcher.stopped().await;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(3),
        "waited {waited:?}"
    );
    // The client sees its tunnel end.
    let end = bounded(async {
        loop {
            match socket.next().await {
                Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_)))
                | Some(Err(_))
                | None => {
                    break;
                }
                Some(Ok(_)) => {}
            }
        }
    });
    end.await;
}
