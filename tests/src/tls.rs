//! TLS upstreams for the `https://` and `wss://` tests: a private CA made
//! for the test, and a hyper server behind rustls whose certificate that
//! CA signed for one name.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use http::{Request, Response};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::harness::TestBody;

/// An upstream behind TLS, with the CA that signed its certificate.
pub struct TlsUpstream {
    pub address: SocketAddr,
    /// The private CA's certificate, as PEM (for `UPSTREAM_CA_FILE`).
    pub ca_pem: String,
}

/// A TLS acceptor with a certificate for `name` signed by a fresh private
/// CA, and that CA's certificate as PEM (for `UPSTREAM_CA_FILE`).
pub fn acceptor(name: &str) -> (TlsAcceptor, String) {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec![name.to_owned()])
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
    (TlsAcceptor::from(Arc::new(config)), ca.pem())
}

/// Starts an HTTP/1.1 upstream (upgrades allowed) behind TLS, with a
/// certificate for `name` signed by a fresh private CA. `handler` gets
/// each request and the server name the client sent (SNI).
pub async fn start_tls_upstream<F, Fut>(name: &str, handler: F) -> TlsUpstream
where
    F: Fn(Request<Incoming>, String) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<TestBody>> + Send + 'static,
{
    let (acceptor, ca_pem) = acceptor(name);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let handler = handler.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(stream).await else {
                    return;
                };
                let sni = tls.get_ref().1.server_name().unwrap_or("(none)").to_owned();
                let service = service_fn(move |request: Request<Incoming>| {
                    let answer = handler(request, sni.clone());
                    async move { Ok::<_, Infallible>(answer.await) }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(tls), service)
                    .with_upgrades()
                    .await;
            });
        }
    });
    TlsUpstream { address, ca_pem }
}

/// Writes `contents` to a file in the temporary directory named after
/// `name` and this process; returns its path.
pub fn write_temp(name: &str, contents: &str) -> String {
    let path = std::env::temp_dir().join(format!("dispatcher-{name}-{}.pem", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path.to_string_lossy().into_owned()
}
