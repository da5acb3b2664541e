//! The listener: accepts connections, serves HTTP/1.1 and HTTP/2 (h2c with
//! prior knowledge or `Upgrade: h2c`) on each, closes idle ones, and shuts
//! down gracefully (SPEC §3.6, §5.3).
//!
//! hyper-util's `server::graceful` cannot be combined with a per-connection
//! idle timeout (its `GracefulConnection` trait is sealed), so each
//! connection task watches both a shutdown token and its own idle timer, and
//! a `TaskTracker` says when the last one has finished.
//!
//! A shutdown drains rather than cuts: HTTP/2 connections get GOAWAY; an
//! HTTP/1 connection answers its next request with `Connection: close` and
//! is closed once idle for a moment, so a client sending its next request
//! on a keep-alive connection never finds it closed under its feet.

mod activity;
mod guarded_io;
mod h2c;
pub mod request_framing;

use std::convert::Infallible;
use std::fmt::Display;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use http::{Request, Response};
use hyper::body::Incoming;
use hyper::service::{Service, service_fn};
use hyper::upgrade::Upgraded;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

pub use activity::{Activity, InFlight};
use guarded_io::GuardedIo;

use crate::proxy::{ClientConn, Proxy, ResponseBody, validity};

const MAX_CONCURRENT_STREAMS: u32 = 256;

/// While draining, how long an idle HTTP/1 connection is kept for a last
/// request (answered with `Connection: close`) before it is closed.
const DRAIN_IDLE: Duration = Duration::from_millis(500);

/// Serves `listener` until `shutdown` resolves, then stops accepting, lets
/// requests in flight finish for up to `SHUTDOWN_TIMEOUT`, and returns.
pub async fn serve(
    proxy: Arc<Proxy>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let config = &proxy.config;
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .keep_alive(true)
        .max_buf_size(config.max_header_size);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(config.max_header_size).unwrap_or(u32::MAX))
        .max_concurrent_streams(MAX_CONCURRENT_STREAMS);
    let builder = Arc::new(builder);
    let stop = CancellationToken::new();
    let local = listener.local_addr()?;
    tracing::info!(target: "dispatcher::server", address = %local, "listening");

    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let connection = serve_connection(Arc::clone(&proxy), Arc::clone(&builder), stream, peer, stop.clone());
                    proxy.tasks.spawn(connection);
                }
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment
                    // rather than spin, and keep serving.
                    tracing::error!(target: "dispatcher::server", %error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }

    drop(listener);
    tracing::info!(target: "dispatcher::server", open_connections = proxy.tasks.len(), "shutting down: no longer accepting");
    stop.cancel();
    proxy.tasks.close();
    if tokio::time::timeout(config.shutdown_timeout, proxy.tasks.wait())
        .await
        .is_err()
    {
        tracing::warn!(
            target: "dispatcher::server",
            cut = proxy.tasks.len(),
            "SHUTDOWN_TIMEOUT passed; closing the connections still open"
        );
    }
    tracing::info!(target: "dispatcher::server", "stopped");
    Ok(())
}

async fn serve_connection(
    proxy: Arc<Proxy>,
    builder: Arc<auto::Builder<TokioExecutor>>,
    stream: TcpStream,
    peer: SocketAddr,
    stop: CancellationToken,
) {
    let _ = stream.set_nodelay(true);
    tracing::debug!(target: "dispatcher::connection", %peer, "connection accepted");
    let _counted = proxy
        .metrics
        .as_ref()
        .map(|metrics| metrics.connection_opened());
    let activity = Activity::default();
    let io = GuardedIo::new(
        stream,
        activity.clone(),
        proxy.config.header_read_timeout,
        proxy.config.max_header_size,
    );
    let client = ClientConn {
        peer,
        activity: activity.clone(),
    };
    let service = request_service(Arc::clone(&proxy), client, stop.clone());
    let connection = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
    drive(
        connection,
        &activity,
        proxy.config.idle_timeout,
        &stop,
        peer,
        |connection| connection.graceful_shutdown(),
    )
    .await;
}

/// The service every connection runs: answers requests through the proxy,
/// and switches a connection to HTTP/2 when an HTTP/1.1 request asks for h2c.
fn request_service(
    proxy: Arc<Proxy>,
    client: ClientConn,
    stop: CancellationToken,
) -> impl Service<
    Request<Incoming>,
    Response = Response<ResponseBody>,
    Error = Infallible,
    Future = impl Future<Output = Result<Response<ResponseBody>, Infallible>> + Send + 'static,
> + Clone
+ Send
+ 'static {
    service_fn(move |mut request: Request<Incoming>| {
        let proxy = Arc::clone(&proxy);
        let client = client.clone();
        let stop = stop.clone();
        async move {
            // A request refused for its head is answered over HTTP/1.1.
            if h2c::wants_upgrade(&request)
                && validity::check(
                    request.version(),
                    request.method(),
                    request.uri(),
                    request.headers(),
                )
                .is_ok()
            {
                let frames = h2c::first_stream_frames(&request);
                let upgrade = hyper::upgrade::on(&mut request);
                client.activity.mark_tunnel();
                let upgraded_proxy = Arc::clone(&proxy);
                proxy.tasks.spawn(async move {
                    match upgrade.await {
                        Ok(upgraded) => serve_upgraded_h2(upgraded_proxy, upgraded, frames, client.peer, stop).await,
                        Err(error) => tracing::debug!(target: "dispatcher::connection", %error, "h2c upgrade failed"),
                    }
                });
                return Ok(h2c::switching_protocols());
            }
            let in_flight = client.activity.begin();
            // Boxed: hyper keeps the slot for this future for the whole
            // life of a connection, so the few KiB a request's state takes
            // are held only while a request is in flight, not by every
            // idle keep-alive connection.
            let mut response = Box::pin(proxy.handle(&client, request, in_flight)).await;
            if client.activity.is_draining()
                && !client.activity.is_http2()
                && response.status() != http::StatusCode::SWITCHING_PROTOCOLS
            {
                response.headers_mut().insert(
                    http::header::CONNECTION,
                    http::HeaderValue::from_static("close"),
                );
            }
            Ok(response)
        }
    })
}

/// HTTP/2 on a connection that asked for it with `Upgrade: h2c`; its first
/// request is answered as stream 1. Boxed: the service it runs can start
/// another such connection.
fn serve_upgraded_h2(
    proxy: Arc<Proxy>,
    upgraded: Upgraded,
    first_stream: Vec<u8>,
    peer: SocketAddr,
    stop: CancellationToken,
) -> Pin<Box<dyn Future<Output = ()> + Send>> {
    Box::pin(async move {
        let activity = Activity::default();
        activity.mark_http2();
        let client = ClientConn {
            peer,
            activity: activity.clone(),
        };
        let io = TokioIo::new(h2c::WithFirstStream::new(
            TokioIo::new(upgraded),
            first_stream,
        ));
        let mut builder = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
        builder
            .timer(TokioTimer::new())
            .max_header_list_size(u32::try_from(proxy.config.max_header_size).unwrap_or(u32::MAX))
            .max_concurrent_streams(MAX_CONCURRENT_STREAMS);
        let service = request_service(Arc::clone(&proxy), client, stop.clone());
        let connection = builder.serve_connection(io, service);
        drive(
            connection,
            &activity,
            proxy.config.idle_timeout,
            &stop,
            peer,
            |connection| connection.graceful_shutdown(),
        )
        .await;
    })
}

/// Polls a connection to its end, shutting it down gracefully when the
/// server stops or when no request has been in flight for `idle`.
async fn drive<C, E>(
    connection: C,
    activity: &Activity,
    idle: Duration,
    stop: &CancellationToken,
    peer: SocketAddr,
    mut graceful_shutdown: impl FnMut(Pin<&mut C>),
) where
    C: Future<Output = Result<(), E>>,
    E: Display,
{
    tokio::pin!(connection);
    let idle_timer = activity.idle_for(idle);
    tokio::pin!(idle_timer);
    let mut closing = false;
    let mut draining = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(target: "dispatcher::connection", %peer, %error, "connection ended with an error");
                }
                break;
            }
            () = stop.cancelled(), if !closing && !draining => {
                if activity.is_http2() {
                    closing = true;
                    graceful_shutdown(connection.as_mut());
                } else {
                    draining = true;
                    activity.start_draining();
                    idle_timer.set(activity.idle_for(idle.min(DRAIN_IDLE)));
                }
            }
            () = &mut idle_timer, if !closing => {
                tracing::debug!(target: "dispatcher::connection", %peer, draining, "idle timeout");
                closing = true;
                graceful_shutdown(connection.as_mut());
            }
        }
    }
    tracing::debug!(target: "dispatcher::connection", %peer, "connection closed");
}
