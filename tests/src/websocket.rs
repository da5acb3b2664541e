//! WebSocket plumbing shared by the tunnel tests: an echo upstream (over
//! plain TCP through [`start_websocket_echo`], or behind TLS through
//! [`crate::tls`] with [`websocket_echo`] as its handler), and a client
//! that connects through the dispatcher and exchanges one message.

use futures_util::{SinkExt, StreamExt};
use http::{Request, Response, StatusCode};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::Role;
use tokio_tungstenite::{WebSocketStream, client_async};

use crate::harness::{RunningDispatcher, TestBody, Upstream, bounded, full, start_upstream};

/// Accepts a WebSocket upgrade on any path and echoes every text message,
/// prefixed with the path it was reached on; anything else gets 400.
pub async fn websocket_echo(mut request: Request<Incoming>) -> Response<TestBody> {
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
}

/// A plain-TCP upstream answering with [`websocket_echo`].
pub async fn start_websocket_echo() -> Upstream {
    start_upstream(websocket_echo).await
}

/// Opens a WebSocket through the dispatcher to `path`; fails the test
/// unless the handshake ends in 101.
pub async fn websocket_connect(
    dispatcher: &RunningDispatcher,
    path: &str,
) -> WebSocketStream<TcpStream> {
    let stream = TcpStream::connect(dispatcher.address).await.unwrap();
    let url = format!("ws://{}{}", dispatcher.address, path);
    let (socket, response) = bounded(client_async(url, stream))
        .await
        .expect("websocket handshake");
    assert_eq!(response.status(), StatusCode::SWITCHING_PROTOCOLS);
    socket
}

/// Sends `text` and returns the text message that comes back.
pub async fn websocket_round_trip(socket: &mut WebSocketStream<TcpStream>, text: &str) -> String {
    socket.send(Message::text(text)).await.unwrap();
    match bounded(socket.next()).await {
        Some(Ok(Message::Text(echo))) => echo.to_string(),
        other => panic!("expected a text echo, got {other:?}"),
    }
}
