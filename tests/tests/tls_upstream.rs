//! `https://` upstreams (docs/design/behaviour.md §3.7): rustls with SNI from
//! the URL's host, the webpki roots plus `UPSTREAM_CA_FILE`, and a 502 that
//! says so when the upstream's certificate is not trusted.

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use dispatcher_tests::tls::{self, write_temp};
use http::Response;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A TLS upstream for "secure" answering with the SNI it got and the path.
async fn start_tls_upstream() -> (String, std::net::SocketAddr) {
    let upstream = tls::start_tls_upstream("secure", |request, sni| async move {
        Response::new(full(format!("tls to {sni}, path {}", request.uri().path())))
    })
    .await;
    (upstream.ca_pem, upstream.address)
}

#[tokio::test]
async fn https_upstreams_are_reached_over_tls_with_sni_from_the_url() {
    let (ca, address) = start_tls_upstream().await;
    let ca_file = write_temp("trusted-ca", &ca);
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("UPSTREAM_CA_FILE", &ca_file)],
        &[("secure", address)],
    )
    .await;
    let client = http1_client();
    for _ in 0..3 {
        let (response, body) = send(&client, get(&dispatcher.url("/secure/reports/1"), &[])).await;
        assert_eq!(response.status(), 200, "{body}");
        assert_eq!(body, "tls to secure, path /reports/1");
    }
    dispatcher.shutdown().await;
    let _ = std::fs::remove_file(ca_file);
}

#[tokio::test]
async fn an_untrusted_upstream_certificate_is_a_502_that_says_so() {
    let (_ca, address) = start_tls_upstream().await;
    let dispatcher = RunningDispatcher::start(&DISPATCHER, &[], &[("secure", address)]).await;
    let (response, body) = send(&http1_client(), get(&dispatcher.url("/secure/x"), &[])).await;
    assert_eq!(response.status(), 502);
    assert!(body.contains("upstream https://secure/x"), "{body}");
    assert!(
        body.contains("TLS with the upstream failed") && body.contains("UnknownIssuer"),
        "{body}"
    );
    dispatcher.shutdown().await;
}

#[test]
fn a_bad_ca_file_is_refused_naming_the_variable() {
    let garbage = write_temp("garbage-ca", "not a certificate");
    let error =
        dispatcher::config::Config::from_vars([("UPSTREAM_CA_FILE".to_owned(), garbage.clone())])
            .unwrap_err();
    assert_eq!(error.variable, "UPSTREAM_CA_FILE");
    let missing = dispatcher::config::Config::from_vars([(
        "UPSTREAM_CA_FILE".to_owned(),
        "/no/such/file.pem".to_owned(),
    )])
    .unwrap_err();
    assert!(missing.reason.contains("cannot read it"), "{missing}");
    let _ = std::fs::remove_file(garbage);
}

/// RFC 9112 §9.8: a client MUST send a TLS closure alert before closing.
/// The upstream reads past its answer until the dispatcher lets go of the
/// connection (here by stopping): a clean end (`Ok(0)`) is the alert, an
/// `UnexpectedEof` its absence.
#[tokio::test]
async fn upstream_tls_connections_end_with_a_closure_alert() {
    let (acceptor, ca) = tls::acceptor("secure");
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (ended, end) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let mut tls = acceptor.accept(stream).await.unwrap();
        let mut head = Vec::new();
        let mut chunk = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = tls.read(&mut chunk).await.unwrap();
            assert!(n > 0, "the request head");
            head.extend_from_slice(&chunk[..n]);
        }
        tls.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            .await
            .unwrap();
        let _ = ended.send(tls.read(&mut chunk).await.map_err(|error| error.kind()));
    });
    let ca_file = write_temp("closure-alert-ca", &ca);
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("UPSTREAM_CA_FILE", &ca_file)],
        &[("secure", address)],
    )
    .await;
    let (response, body) = send(&http1_client(), get(&dispatcher.url("/secure/x"), &[])).await;
    assert_eq!((response.status().as_u16(), body.as_str()), (200, "ok"));
    // Stopping drops the worker's pool, and the connection with it.
    dispatcher.shutdown().await;
    let ended = bounded(end).await.expect("the upstream saw the end");
    assert_eq!(ended, Ok(0), "a closure alert, then the end");
    let _ = std::fs::remove_file(ca_file);
}
