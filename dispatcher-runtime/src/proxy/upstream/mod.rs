//! Connections to upstreams: plain TCP, or TLS for `https://` and `wss://`
//! upstreams (rustls; SNI from the URL's host; the webpki roots plus
//! `UPSTREAM_CA_FILE`), opened with `CONNECT_TIMEOUT` and kept alive in
//! the worker's pool ([`pool`]) between requests.

pub mod pool;

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use rustls_pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncRead, AsyncWrite, Interest, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::failure::ConnectError;
use crate::config::Config;
use crate::metrics::{Metrics, OpenGuard};
use crate::socket::Socket;

/// The byte stream to one upstream.
pub enum UpstreamStream {
    Tcp(Socket),
    Tls(Box<TlsStream<TcpStream>>),
}

/// An open connection to an upstream address.
pub struct UpstreamConn {
    pub stream: UpstreamStream,
    pub address: SocketAddr,
    /// The TLS server name, for TLS connections.
    pub server_name: Option<Box<str>>,
    /// Counts the connection in `dispatcher_upstream_connections` while open.
    _counted: Option<OpenGuard>,
}

/// Opens upstream connections.
pub struct Connector {
    tls: TlsConnector,
    connect_timeout: Duration,
    metrics: Option<Arc<Metrics>>,
}

/// TLS for upstreams could not be set up.
#[derive(Debug, thiserror::Error)]
#[error("cannot set up TLS for upstreams: {0}")]
pub struct TlsSetupError(#[from] rustls::Error);

impl Connector {
    pub fn new(config: &Config, metrics: Option<Arc<Metrics>>) -> Result<Self, TlsSetupError> {
        Ok(Connector {
            tls: TlsConnector::from(Arc::new(tls_config(&config.upstream_ca)?)),
            connect_timeout: config.connect_timeout,
            metrics,
        })
    }

    /// Connects to `address`, then speaks TLS to `server_name` when given.
    pub async fn connect(
        &self,
        address: SocketAddr,
        server_name: Option<&str>,
    ) -> Result<UpstreamConn, ConnectError> {
        let connect = async {
            let tcp = TcpStream::connect(address).await.map_err(|error| {
                if error.kind() == io::ErrorKind::ConnectionRefused {
                    ConnectError::Refused { address }
                } else {
                    ConnectError::Io {
                        address,
                        source: error,
                    }
                }
            })?;
            let _ = tcp.set_nodelay(true);
            let Some(name) = server_name else {
                return Ok(UpstreamStream::Tcp(Socket::new(tcp)));
            };
            let server = ServerName::try_from(name.to_owned()).map_err(|_| ConnectError::Tls {
                address,
                reason: format!("{name:?} is not a TLS server name"),
            })?;
            let tls = self
                .tls
                .connect(server, tcp)
                .await
                .map_err(|error| ConnectError::Tls {
                    address,
                    reason: tls_reason(&error),
                })?;
            Ok(UpstreamStream::Tls(Box::new(tls)))
        };
        let stream = match tokio::time::timeout(self.connect_timeout, connect).await {
            Ok(stream) => stream?,
            Err(_) => {
                return Err(ConnectError::Timeout {
                    address,
                    timeout: self.connect_timeout,
                });
            }
        };
        tracing::debug!(target: "dispatcher::connection", %address, tls = server_name.is_some(), "upstream connection opened");
        Ok(UpstreamConn {
            stream,
            address,
            server_name: server_name.map(Box::from),
            _counted: self
                .metrics
                .as_ref()
                .map(|metrics| metrics.upstream_connection(address)),
        })
    }
}

/// What rustls said, found inside the I/O error tokio-rustls wraps it in.
fn tls_reason(error: &io::Error) -> String {
    match error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
    {
        Some(tls) => tls.to_string(),
        None => error.to_string(),
    }
}

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

impl UpstreamConn {
    /// Whether the connection, idle in the pool, has been closed by the
    /// upstream (or has sent something unasked). Costs no system call
    /// unless the socket reports itself readable.
    pub fn is_closed(&self) -> bool {
        match &self.stream {
            UpstreamStream::Tcp(tcp) => {
                // Readable as tokio last saw it, looked up without
                // registering a waker: `try_io` calls the closure only when
                // the readiness is set, and a closure that does not report
                // "would block" leaves it as it is.
                let readable = tcp.tcp().try_io(Interest::READABLE, || Ok(())).is_ok();
                // Readable: the end, stray bytes, or readiness left over
                // from a read that filled its buffer exactly.
                readable
                    && !matches!(
                        tcp.tcp().try_read(&mut [0u8; 1]),
                        Err(error) if error.kind() == io::ErrorKind::WouldBlock
                    )
            }
            UpstreamStream::Tls(tls) => {
                let mut cx = Context::from_waker(std::task::Waker::noop());
                !matches!(tls.get_ref().0.poll_read_ready(&mut cx), Poll::Pending)
            }
        }
    }
}

/// A TLS connection ends with a closure alert (RFC 9112 §9.8: a client
/// MUST send one before closing): queued and written without waiting, as
/// the connection is dropped (closed by its upstream, idle too long, not
/// reusable, or the worker stopping). A socket that cannot take the few
/// bytes at once is closed without it.
impl Drop for UpstreamConn {
    fn drop(&mut self) {
        if let UpstreamStream::Tls(tls) = &mut self.stream {
            let (tcp, session) = tls.get_mut();
            session.send_close_notify();
            let mut alert = Vec::new();
            if session.write_tls(&mut alert).is_ok() && !alert.is_empty() {
                // Straight to the (non-blocking) socket, not through tokio:
                // when a worker stops, its pool is dropped after its
                // runtime, whose readiness tracking is gone by then.
                use std::os::fd::AsRawFd;
                // SAFETY: writes `alert.len()` bytes from a live buffer to
                // a descriptor this connection owns.
                let _ = unsafe { libc::write(tcp.as_raw_fd(), alert.as_ptr().cast(), alert.len()) };
            }
        }
    }
}

impl UpstreamConn {
    /// Ready once the upstream has sent something (or closed). A TLS
    /// connection may hold decrypted bytes already: ready at once.
    pub async fn readable(&self) -> io::Result<()> {
        match &self.stream {
            UpstreamStream::Tcp(tcp) => tcp.tcp().readable().await,
            UpstreamStream::Tls(_) => Ok(()),
        }
    }
}

impl AsyncRead for UpstreamConn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match &mut self.get_mut().stream {
            UpstreamStream::Tcp(tcp) => Pin::new(tcp).poll_read(cx, buf),
            UpstreamStream::Tls(tls) => Pin::new(tls.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for UpstreamConn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match &mut self.get_mut().stream {
            UpstreamStream::Tcp(tcp) => Pin::new(tcp).poll_write(cx, buf),
            UpstreamStream::Tls(tls) => Pin::new(tls.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match &mut self.get_mut().stream {
            UpstreamStream::Tcp(tcp) => Pin::new(tcp).poll_write_vectored(cx, bufs),
            UpstreamStream::Tls(tls) => Pin::new(tls.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match &self.stream {
            UpstreamStream::Tcp(tcp) => tcp.is_write_vectored(),
            UpstreamStream::Tls(tls) => tls.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.get_mut().stream {
            UpstreamStream::Tcp(tcp) => Pin::new(tcp).poll_flush(cx),
            UpstreamStream::Tls(tls) => Pin::new(tls.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.get_mut().stream {
            UpstreamStream::Tcp(tcp) => Pin::new(tcp).poll_shutdown(cx),
            UpstreamStream::Tls(tls) => Pin::new(tls.as_mut()).poll_shutdown(cx),
        }
    }
}
