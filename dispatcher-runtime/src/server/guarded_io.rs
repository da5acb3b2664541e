//! The raw bytes of a client connection, watched for what hyper does not
//! do the way a reverse proxy needs:
//!
//! - the header read timeout: a request head must arrive within
//!   `HEADER_READ_TIMEOUT` of the connection opening, or of the first byte
//!   of a later request; hyper's own timer would also cut idle keep-alive
//!   connections, which `IDLE_TIMEOUT` governs instead;
//! - request framing: every request's framing is followed ahead of hyper
//!   ([`RequestFraming`]); when a request is refused (Content-Length with
//!   Transfer-Encoding, a chunked body off the grammar), hyper gets the
//!   bytes up to the fault and then a read error, the request's handler
//!   answers it, and nothing after the fault is ever read as a request;
//! - closing after a refusal: the dispatcher's write side is shut and what
//!   the client still sends is read and dropped for a moment, so the close
//!   does not reset the connection under the answer (RFC 9112 §9.6).
//!
//! HTTP/2 connections and tunnels are passed through untouched.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use super::activity::Activity;
use super::request_framing::{RequestFraming, Verdict};

/// After a refusal, how long the client's further bytes are read and
/// dropped before the connection is closed, and how many at most.
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 256 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Reading a request head; the deadline runs.
    AwaitingHead,
    /// A request is in flight.
    Busy,
    /// Between requests, until a byte arrives.
    Idle,
    /// HTTP/2 or a tunnel: no watching.
    Free,
}

pub struct GuardedIo<T> {
    inner: T,
    activity: Activity,
    header_timeout: Duration,
    deadline: Pin<Box<Sleep>>,
    phase: Phase,
    first_read: bool,
    framing: RequestFraming,
    /// Set once a request was refused: hyper reads no more.
    refused: bool,
    /// Closing after a refusal: the write side is shut, reads drain.
    linger: Option<Linger>,
}

struct Linger {
    deadline: Pin<Box<Sleep>>,
    drained: usize,
}

impl<T> GuardedIo<T> {
    pub fn new(inner: T, activity: Activity, header_timeout: Duration, max_head: usize) -> Self {
        GuardedIo {
            inner,
            activity,
            header_timeout,
            deadline: Box::pin(tokio::time::sleep(header_timeout)),
            phase: Phase::AwaitingHead,
            first_read: true,
            framing: RequestFraming::new(max_head),
            refused: false,
            linger: None,
        }
    }

    /// Follows the requests in flight.
    fn refresh(&mut self) {
        if self.phase == Phase::Free {
            return;
        }
        if self.activity.is_tunnel() {
            self.phase = Phase::Free;
        } else if self.activity.in_flight() > 0 {
            self.phase = Phase::Busy;
        } else if self.phase == Phase::Busy {
            self.phase = Phase::Idle;
        }
    }

    /// Watches bytes just read; returns how many of them hyper may see
    /// when fewer than all.
    fn on_bytes(&mut self, bytes: &[u8]) -> Option<usize> {
        if std::mem::take(&mut self.first_read) && bytes.starts_with(b"PRI") {
            // The HTTP/2 connection preface.
            self.phase = Phase::Free;
            self.activity.mark_http2();
            return None;
        }
        self.refresh();
        if self.phase == Phase::Free {
            return None;
        }
        if self.phase == Phase::Idle {
            self.phase = Phase::AwaitingHead;
            self.deadline
                .as_mut()
                .reset(Instant::now() + self.header_timeout);
        }
        match self.framing.feed(bytes) {
            Verdict::Pass => None,
            Verdict::Refuse {
                valid,
                request,
                reason,
            } => {
                tracing::debug!(target: "dispatcher::connection", request, %reason, "request refused");
                self.activity.refuse(request, reason);
                self.refused = true;
                Some(valid)
            }
        }
    }
}

fn refused_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "the request was refused for its framing",
    )
}

impl<T: AsyncRead + Unpin> AsyncRead for GuardedIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.refused {
            return Poll::Ready(Err(refused_error()));
        }
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before
                    && let Some(valid) = this.on_bytes(&buf.filled()[before..])
                {
                    buf.set_filled(before + valid);
                    if valid == 0 {
                        // Nothing to pass: an empty read would look like EOF.
                        return Poll::Ready(Err(refused_error()));
                    }
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            Poll::Pending => {
                this.refresh();
                if this.phase == Phase::AwaitingHead && this.deadline.as_mut().poll(cx).is_ready() {
                    tracing::debug!(target: "dispatcher::connection", "header read timeout");
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the request head did not arrive within HEADER_READ_TIMEOUT",
                    )));
                }
                Poll::Pending
            }
        }
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> AsyncWrite for GuardedIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if !this.refused {
            return Pin::new(&mut this.inner).poll_shutdown(cx);
        }
        if this.linger.is_none() {
            std::task::ready!(Pin::new(&mut this.inner).poll_shutdown(cx))?;
            this.linger = Some(Linger {
                deadline: Box::pin(tokio::time::sleep(LINGER)),
                drained: 0,
            });
        }
        let Some(linger) = this.linger.as_mut() else {
            return Poll::Ready(Ok(()));
        };
        let mut scratch = [0u8; 4096];
        loop {
            if linger.deadline.as_mut().poll(cx).is_ready() || linger.drained > LINGER_BYTES {
                return Poll::Ready(Ok(()));
            }
            let mut drain = ReadBuf::new(&mut scratch);
            match Pin::new(&mut this.inner).poll_read(cx, &mut drain) {
                Poll::Ready(Ok(())) if !drain.filled().is_empty() => {
                    linger.drained += drain.filled().len();
                }
                // The client closed too, or the connection broke.
                Poll::Ready(_) => return Poll::Ready(Ok(())),
                Poll::Pending => return Poll::Pending,
            }
        }
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
}
