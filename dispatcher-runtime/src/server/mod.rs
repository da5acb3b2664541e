//! Where connections are accepted and served: one worker per core
//! ([`workers`]), each accepting on its own listener and serving its
//! connections on its own thread ([`h1`], and [`h2`] for HTTP/2), until a
//! graceful shutdown (docs/operations.md).
//!
//! A shutdown drains rather than cuts: the listener closes, HTTP/2
//! connections get GOAWAY, an HTTP/1 connection answers its next request
//! with `Connection: close` and is closed once idle for a moment, and
//! requests in flight (and tunnels) get `SHUTDOWN_TIMEOUT` to finish.

mod h1;
mod h2;
mod h2c;
pub mod workers;

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio_util::task::TaskTracker;

use crate::proxy::Proxy;
use crate::proxy::upstream::pool;
use crate::stop::Stop;

/// How often idle upstream connections are checked for closing.
const POOL_SWEEP: Duration = Duration::from_secs(1);

/// Serves `listener` on the current thread's runtime until `shutdown`
/// resolves, then stops accepting, lets requests in flight finish for up
/// to `SHUTDOWN_TIMEOUT`, and returns. One worker's whole life.
pub async fn serve(
    proxy: Arc<Proxy>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let config = &proxy.config;
    let stop = Stop::new();
    let tasks = TaskTracker::new();
    let local = listener.local_addr()?;
    tracing::debug!(target: "dispatcher::server", address = %local, "worker accepting");
    let sweeper = tokio::spawn(async {
        let mut every = tokio::time::interval(POOL_SWEEP);
        loop {
            every.tick().await;
            pool::sweep();
        }
    });

    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    tasks.spawn(h1::Connection::new(Arc::clone(&proxy), stream, peer, stop.clone()).run());
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
    tracing::debug!(target: "dispatcher::server", open_connections = tasks.len(), "worker no longer accepting");
    stop.set();
    // Idle connections wait on their deadline only: wake them to see the
    // stop token.
    crate::timer::wake_all();
    tasks.close();
    if tokio::time::timeout(config.shutdown_timeout, tasks.wait())
        .await
        .is_err()
    {
        tracing::warn!(
            target: "dispatcher::server",
            cut = tasks.len(),
            "SHUTDOWN_TIMEOUT passed; closing the connections still open"
        );
    }
    sweeper.abort();
    Ok(())
}
