//! WebSocket tunnels through the dispatcher (SPEC §3.6): a real WebSocket
//! client (tokio-tungstenite) talks to a real WebSocket echo upstream.

use std::time::Duration;

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use futures_util::{SinkExt, StreamExt};
use http::{Request, Response, StatusCode};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::{WebSocketStream, client_async};

/// An upstream that accepts WebSocket upgrades on any path and echoes every
/// message, prefixed with the path it was reached on.
async fn start_websocket_echo() -> Upstream {
    start_upstream(|mut request: Request<Incoming>| async move {
        let key = request
            .headers()
            .get("sec-websocket-key")
            .map(|key| derive_accept_key(key.as_bytes()));
        let Some(accept) = key else {
            let mut refused = Response::new(full("not a websocket request"));
            *refused.status_mut() = StatusCode::BAD_REQUEST;
            return refused;
        };
        let path = request.uri().path().to_owned();
        let upgrade = hyper::upgrade::on(&mut request);
        tokio::spawn(async move {
            let Ok(upgraded) = upgrade.await else { return };
            let mut socket =
                WebSocketStream::from_raw_socket(TokioIo::new(upgraded), Role::Server, None).await;
            while let Some(Ok(message)) = socket.next().await {
                let Message::Text(text) = message else {
                    continue;
                };
                let echo = Message::text(format!("{path}: {text}"));
                if socket.send(echo).await.is_err() {
                    break;
                }
            }
        });
        let mut response = Response::new(full(""));
        *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        let headers = response.headers_mut();
        headers.insert("upgrade", "websocket".parse().unwrap());
        headers.insert("connection", "upgrade".parse().unwrap());
        headers.insert("sec-websocket-accept", accept.parse().unwrap());
        response
    })
    .await
}

async fn connect(dispatcher: &RunningDispatcher, path: &str) -> WebSocketStream<TcpStream> {
    let stream = TcpStream::connect(dispatcher.address).await.unwrap();
    let url = format!("ws://{}{}", dispatcher.address, path);
    let (socket, response) = bounded(client_async(url, stream))
        .await
        .expect("websocket handshake");
    assert_eq!(response.status(), StatusCode::SWITCHING_PROTOCOLS);
    socket
}

async fn round_trip(socket: &mut WebSocketStream<TcpStream>, text: &str) -> String {
    socket.send(Message::text(text)).await.unwrap();
    match bounded(socket.next()).await {
        Some(Ok(Message::Text(echo))) => echo.to_string(),
        other => panic!("expected a text echo, got {other:?}"),
    }
}

#[tokio::test]
async fn websocket_messages_are_echoed_through_the_dispatcher() {
    let upstream = start_websocket_echo().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let mut socket = connect(&dispatcher, "/ws/chat/room-1").await;
    for index in 0..20 {
        assert_eq!(
            round_trip(&mut socket, &format!("hello {index}")).await,
            format!("/ws/chat/room-1: hello {index}")
        );
    }
    socket.close(None).await.unwrap();
    drop(socket);
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn the_idle_timeout_does_not_cut_a_tunnel() {
    let upstream = start_websocket_echo().await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("IDLE_TIMEOUT", "200"), ("HEADER_READ_TIMEOUT", "200")],
        &[("backend", upstream.address)],
    )
    .await;
    let mut socket = connect(&dispatcher, "/ws/live").await;
    // Traffic spread over well beyond both timeouts…
    for index in 0..8 {
        assert_eq!(
            round_trip(&mut socket, &format!("tick {index}")).await,
            format!("/ws/live: tick {index}")
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // …and a quiet spell longer than the idle timeout: the tunnel stays up.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(
        round_trip(&mut socket, "still there?").await,
        "/ws/live: still there?"
    );
    socket.close(None).await.unwrap();
    drop(socket);
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn several_tunnels_run_side_by_side() {
    let upstream = start_websocket_echo().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let mut sockets = Vec::new();
    for index in 0..10 {
        sockets.push(connect(&dispatcher, &format!("/ws/{index}")).await);
    }
    for (index, socket) in sockets.iter_mut().enumerate() {
        assert_eq!(
            round_trip(socket, "ping").await,
            format!("/ws/{index}: ping")
        );
    }
    // Open tunnels hold a shutdown up to SHUTDOWN_TIMEOUT; these end first.
    drop(sockets);
    dispatcher.shutdown().await;
}
