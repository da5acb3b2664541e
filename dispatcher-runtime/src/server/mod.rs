//! The listener: accepts connections, serves HTTP/1.1 and HTTP/2 (h2c with
//! prior knowledge) on each, closes idle ones, and shuts down gracefully
//! (SPEC §3.6, §5.3).
//!
//! hyper-util's `server::graceful` cannot be combined with a per-connection
//! idle timeout (its `GracefulConnection` trait is sealed), so each
//! connection task watches both a shutdown token and its own idle timer, and
//! a `TaskTracker` says when the last one has finished.

mod activity;
mod guarded_io;

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

pub use activity::{Activity, InFlight};
use guarded_io::GuardedIo;

use crate::proxy::{ClientConn, Proxy};

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
        .max_concurrent_streams(256);
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
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }

    drop(listener);
    let open = proxy.tasks.len();
    tracing::info!(target: "dispatcher::server", open_connections = open, "shutting down: no longer accepting");
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
    let service_proxy = Arc::clone(&proxy);
    let service = service_fn(move |request| {
        let proxy = Arc::clone(&service_proxy);
        let client = client.clone();
        let in_flight = client.activity.begin();
        async move { Ok::<_, Infallible>(proxy.handle(&client, request, in_flight).await) }
    });
    let connection = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
    tokio::pin!(connection);
    let idle = activity.idle_for(proxy.config.idle_timeout);
    tokio::pin!(idle);
    let mut closing = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(target: "dispatcher::connection", %peer, %error, "connection ended with an error");
                }
                break;
            }
            () = stop.cancelled(), if !closing => {
                closing = true;
                connection.as_mut().graceful_shutdown();
            }
            () = &mut idle, if !closing => {
                tracing::debug!(target: "dispatcher::connection", %peer, "idle timeout");
                closing = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    }
    tracing::debug!(target: "dispatcher::connection", %peer, "connection closed");
}
