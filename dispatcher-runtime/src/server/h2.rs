//! HTTP/2 connections (prior knowledge, or after `Upgrade: h2c`), served
//! by hyper's HTTP/2 server; each stream is answered by `proxy::h2`.
//!
//! A connection with no stream in flight for `IDLE_TIMEOUT` is closed with
//! GOAWAY; a shutdown sends GOAWAY at once and lets open streams finish.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Instant;

use crate::buffers::Lent;
use crate::proxy::Proxy;
use crate::proxy::h2::{BoxError, ResponseBody};
use crate::stop::Stop;

const MAX_CONCURRENT_STREAMS: u32 = 256;

/// Serves HTTP/2 on `io` until the client is done, the connection has
/// been idle for `IDLE_TIMEOUT`, or `stop` is cancelled.
pub async fn serve<I>(proxy: Arc<Proxy>, io: I, peer: SocketAddr, stop: Stop)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let activity = Arc::new(Activity::new());
    let counter = Arc::clone(&activity);
    let service_proxy = Arc::clone(&proxy);
    let service = service_fn(move |request: hyper::Request<Incoming>| {
        let proxy = Arc::clone(&service_proxy);
        let guard = InFlight::begin(&counter);
        // Lent, not held inline: hyper spawns each stream as a task holding
        // this future, and moves it whole on the way (into the task among
        // others); a stream's exchange with its upstream is kilobytes of
        // state, a lent block is a pointer. Lent rather than boxed: the
        // state is built in its block, not copied there, and the block
        // comes from the worker's pool. (`proxy-profile.sh h2-instructions`:
        // a box took about 3,800 instructions per stream off holding it
        // inline, lending about 600 more; docs/BENCHMARKS.md.)
        Lent::new(|| async move {
            let response = crate::proxy::h2::handle(&proxy, peer, request).await;
            Ok::<_, std::convert::Infallible>(response.map(|body| Tracked {
                body,
                _guard: guard,
            }))
        })
    });
    let mut builder = hyper::server::conn::http2::Builder::new(TokioExecutor::new());
    builder
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(proxy.config.max_header_size).unwrap_or(u32::MAX))
        .max_concurrent_streams(MAX_CONCURRENT_STREAMS);
    let connection = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(connection);
    let idle = idle_for(&activity, proxy.config.idle_timeout);
    tokio::pin!(idle);
    let mut closing = false;
    loop {
        tokio::select! {
            result = connection.as_mut() => {
                if let Err(error) = result {
                    tracing::debug!(target: "dispatcher::connection", %peer, %error, "HTTP/2 connection ended with an error");
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

/// A connection's streams in flight, and when one last began or ended.
/// Kept in two atomics that nothing waits on: a stream costs two counts
/// and two coarse clock reads, not a wake-up of the connection's task at
/// its start and at its end (a `watch` channel did that, and its lock).
struct Activity {
    /// The connection's start, which `changed` counts from.
    started: Instant,
    in_flight: AtomicUsize,
    /// Nanoseconds from `started` to the last stream's start or end.
    changed: AtomicU64,
}

impl Activity {
    fn new() -> Self {
        Activity {
            started: crate::timer::coarse_now(),
            in_flight: AtomicUsize::new(0),
            changed: AtomicU64::new(0),
        }
    }

    fn touch(&self) {
        let since = crate::timer::coarse_now().saturating_duration_since(self.started);
        let nanos = u64::try_from(since.as_nanos()).unwrap_or(u64::MAX);
        self.changed.store(nanos, Ordering::Relaxed);
    }

    fn changed(&self) -> Instant {
        self.started + Duration::from_nanos(self.changed.load(Ordering::Relaxed))
    }
}

/// Resolves once no stream has been in flight for `idle`: it looks again
/// when that time would be up (`idle` after the last stream's end), or
/// `idle` from now while streams are open.
async fn idle_for(activity: &Activity, idle: Duration) {
    loop {
        let now = Instant::now();
        let wake = if activity.in_flight.load(Ordering::Relaxed) == 0 {
            let quiet_until = activity.changed() + idle;
            if quiet_until <= now {
                return;
            }
            quiet_until
        } else {
            now + idle
        };
        tokio::time::sleep_until(wake).await;
    }
}

/// Held from a stream's request head to the end of its response body.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn begin(activity: &Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::Relaxed);
        activity.touch();
        InFlight(Arc::clone(activity))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A response body that keeps its stream counted as in flight.
struct Tracked {
    body: ResponseBody,
    _guard: InFlight,
}

impl Body for Tracked {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A stream with bytes already read from it put back in front.
pub struct Rewind<T> {
    prefix: Vec<u8>,
    position: usize,
    inner: T,
}

impl<T> Rewind<T> {
    pub fn new(prefix: Vec<u8>, inner: T) -> Self {
        Rewind {
            prefix,
            position: 0,
            inner,
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Rewind<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.position < this.prefix.len() {
            let count = (this.prefix.len() - this.position).min(buf.remaining());
            buf.put_slice(&this.prefix[this.position..this.position + count]);
            this.position += count;
            if this.position == this.prefix.len() {
                this.prefix = Vec::new();
                this.position = 0;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Rewind<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
