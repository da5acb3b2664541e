//! Inbound HTTP/2 cleartext (docs/design/behaviour.md §3.6): with prior
//! knowledge (hyper's client) and through `Upgrade: h2c` (raw frames on a TCP
//! socket).

use std::sync::Arc;
use std::time::{Duration, Instant};

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use http_body_util::BodyExt;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::Value;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

async fn setup() -> (Upstream, RunningDispatcher) {
    let upstream = start_echo_upstream().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    (upstream, dispatcher)
}

#[tokio::test]
async fn http2_requests_are_forwarded_over_http1_with_a_host_header() {
    let (_upstream, dispatcher) = setup().await;
    let (response, body) = send(
        &http2_client(),
        get(&dispatcher.url("/api/h2/x?y=1"), &[("x-test", "yes")]),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.version(), http::Version::HTTP_2);
    assert_eq!(response.headers()["vary"], "accept, cookie");
    let echo: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(echo["version"], "HTTP/1.1");
    assert_eq!(echo["target"], "/h2/x?y=1");
    assert_eq!(echo["headers"]["host"], dispatcher.address.to_string());
    assert_eq!(echo["headers"]["x-test"], "yes");
    assert_eq!(echo["headers"]["via"], "2 dispatcher");
    dispatcher.shutdown().await;
}

/// An HTTP/2 client gets the upstream's end-to-end fields only: not its
/// hop-by-hop ones, nor those its `Connection` names (RFC 9110 §7.6.1),
/// and `Vary: accept, cookie` where the upstream sent none.
#[tokio::test]
async fn an_http2_response_carries_only_the_upstreams_end_to_end_fields() {
    let (upstream, _) = start_raw_upstream(|mut stream: TcpStream, _| async move {
        let _ = read_head(&mut stream).await;
        let _ = stream
            .write_all(
                b"HTTP/1.1 200 OK\r\nconnection: x-private, keep-alive\r\n\
                  keep-alive: timeout=5\r\nx-private: secret\r\nx-kept: yes\r\n\
                  content-length: 2\r\n\r\nok",
            )
            .await;
    })
    .await;
    let dispatcher = RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream)]).await;
    let (response, body) = send(&http2_client(), get(&dispatcher.url("/api/h2/x"), &[])).await;
    assert_eq!(response.status(), 200);
    assert_eq!(body, "ok");
    let headers = response.headers();
    assert_eq!(headers["x-kept"], "yes");
    assert_eq!(headers["vary"], "accept, cookie");
    for name in ["x-private", "keep-alive", "connection"] {
        assert!(headers.get(name).is_none(), "{name} forwarded: {headers:?}");
    }
    dispatcher.shutdown().await;
}

/// `IDLE_TIMEOUT` counts from the end of the last stream: a stream that
/// takes longer than it keeps its connection, and once it has ended and
/// nothing else comes, the dispatcher ends the connection.
#[tokio::test]
async fn an_http2_connection_ends_an_idle_timeout_after_its_last_stream() {
    let upstream = start_slow_upstream(Duration::from_millis(800), "worth the wait").await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("IDLE_TIMEOUT", "300")],
        &[("backend", upstream.address)],
    )
    .await;
    let tcp = TcpStream::connect(dispatcher.address).await.unwrap();
    let (mut sender, connection) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(tcp))
            .await
            .unwrap();
    let connection = tokio::spawn(connection);
    let response = bounded(sender.send_request(get(&dispatcher.url("/api/slow"), &[])))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body = bounded(response.into_body().collect()).await.unwrap();
    assert_eq!(body.to_bytes(), "worth the wait");
    let quiet = Instant::now();
    bounded(connection).await.unwrap().unwrap();
    let elapsed = quiet.elapsed();
    assert!(
        elapsed >= Duration::from_millis(250) && elapsed < Duration::from_secs(3),
        "closed {elapsed:?} after the last stream"
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn many_streams_on_one_http2_connection() {
    let (upstream, dispatcher) = setup().await;
    let client = Arc::new(http2_client());
    let dispatcher = Arc::new(dispatcher);
    let mut streams = Vec::new();
    for index in 0..200 {
        let (client, dispatcher) = (Arc::clone(&client), Arc::clone(&dispatcher));
        streams.push(tokio::spawn(async move {
            let (response, body) = send(
                &client,
                get(&dispatcher.url(&format!("/api/s/{index}")), &[]),
            )
            .await;
            assert_eq!(response.status(), 200);
            let echo: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(echo["target"], format!("/s/{index}"));
        }));
    }
    for stream in streams {
        bounded(stream).await.unwrap();
    }
    assert_eq!(upstream.requests(), 200);
    drop(client);
    Arc::try_unwrap(dispatcher).ok().unwrap().shutdown().await;
}

#[tokio::test]
async fn upgrade_h2c_answers_the_first_request_as_stream_1() {
    let (_upstream, dispatcher) = setup().await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    stream
        .write_all(
            b"GET /api/upgraded?q=1 HTTP/1.1\r\nHost: h2c.example\r\n\
              Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n\
              HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nX-Test: yes\r\n\r\n",
        )
        .await
        .unwrap();
    let head = read_head(&mut stream).await.expect("a response head");
    assert!(
        head.starts_with("HTTP/1.1 101 Switching Protocols"),
        "{head}"
    );
    assert!(head.to_ascii_lowercase().contains("upgrade: h2c"), "{head}");

    stream.write_all(h2::PREFACE).await.unwrap();
    stream
        .write_all(&h2::frame(h2::SETTINGS, 0, 0, &[]))
        .await
        .unwrap();
    let mut header_block = Vec::new();
    let mut data = Vec::new();
    loop {
        let (kind, flags, stream_id, payload) =
            bounded(h2::read_frame(&mut stream)).await.expect("a frame");
        match (kind, stream_id) {
            (h2::SETTINGS, 0) if flags & h2::ACK == 0 => stream
                .write_all(&h2::frame(h2::SETTINGS, h2::ACK, 0, &[]))
                .await
                .unwrap(),
            (h2::HEADERS, 1) => header_block.extend_from_slice(&payload),
            (h2::DATA, 1) => {
                data.extend_from_slice(&payload);
                if flags & h2::END_STREAM != 0 {
                    break;
                }
            }
            (h2::GOAWAY, _) => panic!("GOAWAY: {payload:?}"),
            _ => {}
        }
    }
    // `:status: 200` is entry 8 of HPACK's static table: 0x88.
    assert_eq!(header_block.first(), Some(&0x88), "status 200 on stream 1");
    let echo: Value = serde_json::from_slice(&data).expect("the echo");
    assert_eq!(echo["target"], "/upgraded?q=1");
    assert_eq!(echo["headers"]["host"], "h2c.example");
    assert_eq!(echo["headers"]["x-test"], "yes");
    assert!(echo["headers"].get("http2-settings").is_none());
    assert!(echo["headers"].get("upgrade").is_none());
    drop(stream);
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn an_upgrade_request_with_a_body_stays_http1() {
    let (_upstream, dispatcher) = setup().await;
    let response = exchange_to_close(
        dispatcher.address,
        b"POST /api/upload HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings, close\r\n\
          Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\nContent-Length: 4\r\n\r\nbody",
    )
    .await;
    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains("\"body\":\"body\""), "{response}");
    dispatcher.shutdown().await;
}

/// A connection opened before its client has anything to send (as a
/// browser preconnects): the dispatcher's first look finds nothing, gives
/// its buffer back, and waits. What comes later is still served as the
/// connection's first bytes: HTTP/2's preface is still recognised, and an
/// HTTP/1.1 request is answered.
#[tokio::test]
async fn a_connection_that_speaks_late_is_still_read_as_new() {
    let (_upstream, dispatcher) = setup().await;
    // The pause lets the dispatcher look at the connections before they
    // speak: the condition under test (no event reports that it looked).
    let mut h2 = TcpStream::connect(dispatcher.address).await.unwrap();
    let mut h1 = TcpStream::connect(dispatcher.address).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;

    h2.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0")
        .await
        .unwrap();
    let mut frame_head = [0u8; 9];
    bounded(tokio::io::AsyncReadExt::read_exact(
        &mut h2,
        &mut frame_head,
    ))
    .await
    .unwrap();
    assert_eq!(
        frame_head[3], 4,
        "the server's first frame is SETTINGS: {frame_head:?}"
    );

    h1.write_all(b"GET /api/item/1 HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let response = read_response(&mut h1).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    drop((h1, h2));
    dispatcher.shutdown().await;
}
