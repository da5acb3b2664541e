//! Upstream connections: resolving a name (`UPSTREAM_HOSTS`, then DNS),
//! connecting with a timeout, TLS for `https://`/`wss://` upstreams (rustls
//! through hyper-rustls; SNI from the URL's host), and keeping connections
//! alive in hyper-util's pooled client.
//!
//! Each connection remembers when it was opened, so that a failed request
//! can tell whether it went out on a pooled connection (SPEC §3.2).

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::Uri;
use http_body_util::combinators::UnsyncBoxBody;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::net::TcpStream;

use rustls_pki_types::CertificateDer;

use super::balancer::Balancer;
use crate::config::Config;
use crate::metrics::{Metrics, OpenGuard};

/// The body of a request sent upstream.
pub type UpstreamBody = UnsyncBoxBody<Bytes, Box<dyn std::error::Error + Send + Sync>>;

/// What the clients connect with: TCP, then TLS for `https` URLs.
pub type UpstreamConnector = HttpsConnector<Connector>;

/// The clients that reach upstreams, and the addresses they reach.
#[derive(Clone)]
pub struct Upstreams {
    /// Which address of a name each request or connection goes to.
    pub balancer: Arc<Balancer>,
    /// Keeps idle connections for reuse (HTTP/1.1 keep-alive).
    pub pooled: Client<UpstreamConnector, UpstreamBody>,
    /// Never reuses a connection: retries go out on a fresh one.
    pub fresh: Client<UpstreamConnector, UpstreamBody>,
}

impl Upstreams {
    pub fn new(config: &Config, metrics: Option<Arc<Metrics>>) -> Result<Self, TlsSetupError> {
        let balancer = Arc::new(Balancer::new(config));
        let connector = Connector {
            inner: Arc::new(ConnectorInner {
                balancer: Arc::clone(&balancer),
                connect_timeout: config.connect_timeout,
                metrics,
            }),
        };
        let connector = HttpsConnectorBuilder::new()
            .with_tls_config(tls_config(&config.upstream_ca)?)
            .https_or_http()
            .enable_http1()
            .wrap_connector(connector);
        let mut builder = Client::builder(TokioExecutor::new());
        builder
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(90))
            // Requests that never left because the pooled connection had
            // closed are sent again on another (hyper-util's own retry).
            .retry_canceled_requests(true)
            .set_host(true)
            // The read buffer bounds the response head: a larger one is a
            // parse error (502), never passed on.
            .http1_max_buf_size(config.max_response_header_size);
        let pooled = builder
            .pool_max_idle_per_host(config.upstream_max_idle)
            .build(connector.clone());
        builder.pool_max_idle_per_host(0);
        let fresh = builder.build(connector);
        Ok(Upstreams {
            balancer,
            pooled,
            fresh,
        })
    }
}

/// TLS for upstreams could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("cannot set up TLS for upstreams: {0}")]
pub struct TlsSetupError(#[from] rustls::Error);

/// The webpki roots plus `UPSTREAM_CA_FILE`'s authorities.
fn tls_config(extra: &[CertificateDer<'static>]) -> Result<rustls::ClientConfig, TlsSetupError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for certificate in extra {
        roots.add(certificate.clone())?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Where a connection goes and when it was opened; attached to each
/// upstream connection and found again in responses and errors.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionInfo {
    pub address: SocketAddr,
    pub opened_at: Instant,
}

/// Why no connection could be made.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("could not resolve {host}: {source}")]
    Resolve { host: String, source: io::Error },
    #[error("{host} resolves to no address")]
    NoAddress { host: String },
    #[error("connection to {address} refused")]
    Refused { address: SocketAddr },
    #[error("no connection to {address} within {} ms", timeout.as_millis())]
    Timeout {
        address: SocketAddr,
        timeout: Duration,
    },
    #[error("connecting to {address} failed: {source}")]
    Io {
        address: SocketAddr,
        source: io::Error,
    },
    #[error("the URL {uri} has no host")]
    NoHost { uri: Uri },
}

/// Resolves and connects; a `tower::Service<Uri>` for hyper-util's client.
#[derive(Clone)]
pub struct Connector {
    inner: Arc<ConnectorInner>,
}

struct ConnectorInner {
    balancer: Arc<Balancer>,
    connect_timeout: Duration,
    metrics: Option<Arc<Metrics>>,
}

impl ConnectorInner {
    /// Connects to the first address of the URL's host that answers; an
    /// address that fails is benched. Plain-HTTP forwards arrive here with
    /// one address already chosen (see `forward`); TLS ones with the name,
    /// which SNI needs.
    async fn connect(&self, uri: Uri) -> Result<UpstreamStream, ConnectError> {
        let host = uri
            .host()
            .ok_or_else(|| ConnectError::NoHost { uri: uri.clone() })?;
        let port = uri.port_u16().unwrap_or(match uri.scheme_str() {
            Some("https") | Some("wss") => 443,
            _ => 80,
        });
        let addresses = self.balancer.order(host, port).await?;
        let mut last_error = None;
        for address in addresses {
            match self.connect_one(address).await {
                Ok(stream) => {
                    self.balancer.healthy(host, port, address);
                    return Ok(stream);
                }
                Err(error) => {
                    tracing::debug!(target: "dispatcher::connection", %address, %error, "upstream connect failed");
                    self.balancer.bench(host, port, address);
                    last_error = Some(error);
                }
            }
        }
        Err(last_error.unwrap_or(ConnectError::NoAddress {
            host: host.to_owned(),
        }))
    }

    async fn connect_one(&self, address: SocketAddr) -> Result<UpstreamStream, ConnectError> {
        let stream =
            match tokio::time::timeout(self.connect_timeout, TcpStream::connect(address)).await {
                Err(_) => {
                    return Err(ConnectError::Timeout {
                        address,
                        timeout: self.connect_timeout,
                    });
                }
                Ok(Err(error)) if error.kind() == io::ErrorKind::ConnectionRefused => {
                    return Err(ConnectError::Refused { address });
                }
                Ok(Err(source)) => return Err(ConnectError::Io { address, source }),
                Ok(Ok(stream)) => stream,
            };
        let _ = stream.set_nodelay(true);
        tracing::debug!(target: "dispatcher::connection", %address, "upstream connection opened");
        Ok(UpstreamStream {
            io: TokioIo::new(stream),
            info: ConnectionInfo {
                address,
                opened_at: Instant::now(),
            },
            _counted: self
                .metrics
                .as_ref()
                .map(|metrics| metrics.upstream_connection(address)),
        })
    }
}

impl tower_service::Service<Uri> for Connector {
    type Response = UpstreamStream;
    type Error = ConnectError;
    type Future = Pin<Box<dyn Future<Output = Result<UpstreamStream, ConnectError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), ConnectError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let inner = Arc::clone(&self.inner);
        Box::pin(async move { inner.connect(uri).await })
    }
}

/// A connection to an upstream, tagged with its [`ConnectionInfo`].
pub struct UpstreamStream {
    io: TokioIo<TcpStream>,
    info: ConnectionInfo,
    /// Counts the connection in `dispatcher_upstream_connections` while open.
    _counted: Option<OpenGuard>,
}

impl Connection for UpstreamStream {
    fn connected(&self) -> Connected {
        Connected::new().extra(self.info)
    }
}

impl Read for UpstreamStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl Write for UpstreamStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }
}
