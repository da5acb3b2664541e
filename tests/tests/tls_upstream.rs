//! `https://` upstreams (SPEC §3.7): rustls with SNI from the URL's host,
//! the webpki roots plus `UPSTREAM_CA_FILE`, and a 502 that says so when
//! the upstream's certificate is not trusted.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use http::Response;
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// A private CA (as PEM) and a TLS upstream for "secure" whose certificate it signed.
async fn start_tls_upstream() -> (String, SocketAddr) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["secure".to_owned()])
        .unwrap()
        .signed_by(&leaf_key, &ca)
        .unwrap();
    let chain = vec![CertificateDer::from(leaf.der().to_vec())];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(stream).await else {
                    return;
                };
                let sni = tls.get_ref().1.server_name().unwrap_or("(none)").to_owned();
                let service = service_fn(move |request: http::Request<hyper::body::Incoming>| {
                    let answer = format!("tls to {sni}, path {}", request.uri().path());
                    async move { Ok::<_, Infallible>(Response::new(Full::new(Bytes::from(answer)))) }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    (ca.pem(), address)
}

fn write_temp(name: &str, contents: &str) -> String {
    let path = std::env::temp_dir().join(format!("dispatcher-{name}-{}.pem", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path.to_string_lossy().into_owned()
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
