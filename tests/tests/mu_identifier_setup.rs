//! The mu stack's `TRUSTED_HOPS`, over real sockets (docs/trusted-proxies.md):
//! mu-identifier receives every request and passes it to the dispatcher
//! with the client's `X-Forwarded-*` headers untouched, writing none of
//! its own. Each hop here is a small hyper proxy that does the same, and
//! connects from an address of its own, so the upstream can tell who
//! connected to whom.
//!
//! - A bare mu stack (`TRUSTED_HOPS=0`, the documented setting): what a
//!   spoofing client wrote is replaced.
//! - The same stack trusting one hop: the client chooses the values. This
//!   is why mu-identifier must not be counted.
//! - A TLS terminator that writes the headers, in front of mu-identifier
//!   (`TRUSTED_HOPS=1`): the terminator's values reach the services.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use http::{HeaderMap, HeaderValue, Request};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::{TcpListener, TcpSocket};

/// mu-identifier's address, as the dispatcher sees it.
const IDENTIFIER: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);
/// The TLS terminator's address, as mu-identifier sees it.
const EDGE: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 3);

/// What a client that lies about where it came from sends.
const SPOOFED: [(&str, &str); 6] = [
    ("host", "app.example.org"),
    ("x-forwarded-for", "6.6.6.6"),
    ("x-forwarded-proto", "https"),
    ("x-forwarded-host", "evil.example"),
    ("x-forwarded-port", "1"),
    ("x-forwarded-prefix", "/evil"),
];

/// A proxy on a loopback port that sends each request on to `next` from
/// the address `from`, with its headers changed by `rewrite` (given the
/// address the request came from), and streams the answer back.
async fn start_hop(
    next: SocketAddr,
    from: Ipv4Addr,
    rewrite: fn(&mut HeaderMap, SocketAddr),
) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind hop");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((stream, peer)) = listener.accept().await {
            let service = service_fn(move |request: Request<Incoming>| async move {
                let (mut parts, body) = request.into_parts();
                rewrite(&mut parts.headers, peer);
                let socket = TcpSocket::new_v4().expect("socket");
                socket
                    .bind(SocketAddr::new(IpAddr::V4(from), 0))
                    .expect("bind the hop's own address");
                let stream = socket.connect(next).await.expect("connect to the next hop");
                let (mut sender, connection) =
                    hyper::client::conn::http1::handshake(TokioIo::new(stream))
                        .await
                        .expect("handshake");
                tokio::spawn(connection);
                let response = sender
                    .send_request(Request::from_parts(parts, body))
                    .await
                    .expect("the next hop answers");
                Ok::<_, Infallible>(response.map(|body| body.boxed()))
            });
            tokio::spawn(async move {
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    address
}

/// mu-identifier: adds its session headers, passes `X-Forwarded-*` on as
/// the client wrote them.
fn identifier(headers: &mut HeaderMap, _peer: SocketAddr) {
    headers.insert("mu-session-id", HeaderValue::from_static("session-1"));
    headers.insert("mu-call-id", HeaderValue::from_static("call-1"));
}

/// A TLS terminator configured as docs/trusted-proxies.md asks: it appends
/// the client's address to `X-Forwarded-For` and sets every other header.
fn tls_edge(headers: &mut HeaderMap, peer: SocketAddr) {
    let chain = match headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
        Some(chain) => format!("{chain}, {}", peer.ip()),
        None => peer.ip().to_string(),
    };
    headers.insert("x-forwarded-for", chain.parse().unwrap());
    headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
    headers.insert(
        "x-forwarded-host",
        HeaderValue::from_static("app.example.org"),
    );
    headers.insert("x-forwarded-port", HeaderValue::from_static("443"));
    headers.remove("x-forwarded-prefix");
}

/// The headers the upstream received for a spoofing client's request to `entry`.
async fn upstream_view(entry: SocketAddr) -> Value {
    let (response, body) = send(
        &http1_client(),
        get(&format!("http://{entry}/api/x"), &SPOOFED),
    )
    .await;
    assert_eq!(response.status(), 200, "{body}");
    let echo: Value = serde_json::from_str(&body).expect("the echo upstream's JSON");
    echo["headers"].clone()
}

#[tokio::test]
async fn a_bare_mu_stack_replaces_what_a_spoofing_client_wrote() {
    let upstream = start_echo_upstream().await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("TRUSTED_HOPS", "0")],
        &[("backend", upstream.address)],
    )
    .await;
    let identifier = start_hop(dispatcher.address, IDENTIFIER, identifier).await;

    let headers = upstream_view(identifier).await;
    assert_eq!(
        headers["mu-session-id"], "session-1",
        "through mu-identifier"
    );
    assert_eq!(
        headers["x-forwarded-for"], "127.0.0.2",
        "mu-identifier connected, and no address it was given is trusted"
    );
    assert_eq!(headers["x-forwarded-proto"], "http");
    assert_eq!(
        headers["x-forwarded-host"], "app.example.org",
        "the Host header"
    );
    assert_eq!(headers["x-forwarded-port"], "80");
    assert!(headers.get("x-forwarded-prefix").is_none(), "{headers}");
    assert_eq!(headers["host"], "app.example.org", "Host is passed on");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn trusting_mu_identifier_as_a_hop_lets_the_client_choose_the_values() {
    let upstream = start_echo_upstream().await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("TRUSTED_HOPS", "1")],
        &[("backend", upstream.address)],
    )
    .await;
    let identifier = start_hop(dispatcher.address, IDENTIFIER, identifier).await;

    // mu-identifier wrote nothing, so the one "trusted" value of each
    // header is the client's own.
    let headers = upstream_view(identifier).await;
    assert_eq!(headers["x-forwarded-for"], "6.6.6.6, 127.0.0.2");
    assert_eq!(headers["x-forwarded-proto"], "https");
    assert_eq!(headers["x-forwarded-host"], "evil.example");
    assert_eq!(headers["x-forwarded-port"], "1");
    assert_eq!(headers["x-forwarded-prefix"], "/evil");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn behind_a_tls_edge_and_mu_identifier_one_trusted_hop_gives_the_edge_values() {
    let upstream = start_echo_upstream().await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("TRUSTED_HOPS", "1")],
        &[("backend", upstream.address)],
    )
    .await;
    let identifier = start_hop(dispatcher.address, IDENTIFIER, identifier).await;
    let edge = start_hop(identifier, EDGE, tls_edge).await;

    let headers = upstream_view(edge).await;
    assert_eq!(
        headers["mu-session-id"], "session-1",
        "through mu-identifier"
    );
    assert_eq!(
        headers["x-forwarded-for"], "127.0.0.1, 127.0.0.2",
        "the client as the edge saw it, then mu-identifier; the spoofed 6.6.6.6 is gone"
    );
    assert_eq!(headers["x-forwarded-proto"], "https");
    assert_eq!(headers["x-forwarded-host"], "app.example.org");
    assert_eq!(headers["x-forwarded-port"], "443");
    assert!(headers.get("x-forwarded-prefix").is_none(), "{headers}");
    dispatcher.shutdown().await;
}
