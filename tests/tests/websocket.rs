//! WebSocket tunnels through the dispatcher (docs/design/behaviour.md §3.6): a
//! real WebSocket client (tokio-tungstenite) talks to a real WebSocket echo
//! upstream.

use std::time::Duration;

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use dispatcher_tests::tls::{start_tls_upstream, write_temp};
use dispatcher_tests::websocket::{
    start_websocket_echo, websocket_connect as connect, websocket_echo,
    websocket_round_trip as round_trip,
};

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

/// `wss://` upstreams: the tunnel is made over TLS (the upstream's
/// certificate checked against `UPSTREAM_CA_FILE`) and works both ways.
#[tokio::test]
async fn a_tunnel_to_a_wss_upstream_runs_over_tls() {
    let upstream = start_tls_upstream("secure", |request, _sni| websocket_echo(request)).await;
    let ca_file = write_temp("wss-ca", &upstream.ca_pem);
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("UPSTREAM_CA_FILE", &ca_file)],
        &[("secure", upstream.address)],
    )
    .await;
    let mut socket = connect(&dispatcher, "/wss/chat").await;
    for index in 0..3 {
        assert_eq!(
            round_trip(&mut socket, &format!("over tls {index}")).await,
            format!("/ws/chat: over tls {index}")
        );
    }
    drop(socket);
    dispatcher.shutdown().await;
    let _ = std::fs::remove_file(ca_file);
}
