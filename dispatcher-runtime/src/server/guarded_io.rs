//! The raw bytes of a client connection, watched for two things hyper does
//! not do the way a reverse proxy needs:
//!
//! - the header read timeout: a request head must arrive within
//!   `HEADER_READ_TIMEOUT` of the connection opening, or of the first byte
//!   of a later request; hyper's own timer would also cut idle keep-alive
//!   connections, which `IDLE_TIMEOUT` governs instead;
//! - request smuggling: a head with both Content-Length and
//!   Transfer-Encoding is flagged so the request is refused with 400 (hyper
//!   would quietly drop the Content-Length).
//!
//! HTTP/2 connections and tunnels are passed through untouched.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use super::activity::Activity;

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
    head: HeadInspector,
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
            head: HeadInspector::new(max_head),
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

    fn on_bytes(&mut self, bytes: &[u8]) {
        if std::mem::take(&mut self.first_read) && bytes.starts_with(b"PRI") {
            // The HTTP/2 connection preface.
            self.phase = Phase::Free;
            self.activity.mark_http2();
            return;
        }
        self.refresh();
        if self.phase == Phase::Idle {
            self.phase = Phase::AwaitingHead;
            self.deadline
                .as_mut()
                .reset(Instant::now() + self.header_timeout);
            self.head.restart();
        }
        if self.phase == Phase::AwaitingHead && self.head.feed(bytes) == Some(true) {
            self.activity.flag_head_conflict();
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for GuardedIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.on_bytes(&buf.filled()[before..]);
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

impl<T: AsyncWrite + Unpin> AsyncWrite for GuardedIo<T> {
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
        Pin::new(&mut self.inner).poll_shutdown(cx)
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

/// Collects the bytes of one request head and checks its framing headers.
struct HeadInspector {
    buffer: Vec<u8>,
    max: usize,
    done: bool,
}

impl HeadInspector {
    fn new(max: usize) -> Self {
        HeadInspector {
            buffer: Vec::new(),
            max,
            done: false,
        }
    }

    fn restart(&mut self) {
        self.buffer.clear();
        self.done = false;
    }

    /// Feeds bytes; once the head is complete, returns whether it has both
    /// Content-Length and Transfer-Encoding.
    fn feed(&mut self, bytes: &[u8]) -> Option<bool> {
        if self.done {
            return None;
        }
        let room = self.max.saturating_sub(self.buffer.len());
        let taken = &bytes[..bytes.len().min(room)];
        let more_may_come = room > bytes.len();
        // Usually the whole head comes in one read: it is inspected where
        // it lies, and only a head split across reads is copied.
        let verdict = if self.buffer.is_empty() {
            inspect(taken, more_may_come)
        } else {
            self.buffer.extend_from_slice(taken);
            inspect(&self.buffer, more_may_come)
        };
        match verdict {
            Inspected::Partial => {
                if self.buffer.is_empty() {
                    self.buffer.extend_from_slice(taken);
                }
                None
            }
            Inspected::Done(smuggling) => {
                self.done = true;
                // An idle keep-alive connection holds no copy of a head.
                self.buffer = Vec::new();
                smuggling
            }
        }
    }
}

enum Inspected {
    /// The head is not complete yet and may still be.
    Partial,
    /// Inspection is over: `Some(true)` when the head has both
    /// Content-Length and Transfer-Encoding, `None` when it is too large or
    /// malformed (hyper answers that with 431 or 400).
    Done(Option<bool>),
}

fn inspect(head: &[u8], more_may_come: bool) -> Inspected {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Partial) if more_may_come => Inspected::Partial,
        Ok(httparse::Status::Complete(_)) => {
            let has = |name: &str| {
                request
                    .headers
                    .iter()
                    .any(|h| h.name.eq_ignore_ascii_case(name))
            };
            Inspected::Done(Some(has("content-length") && has("transfer-encoding")))
        }
        _ => Inspected::Done(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inspector_flags_content_length_with_transfer_encoding_across_reads() {
        let mut head = HeadInspector::new(1024);
        assert_eq!(
            head.feed(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"),
            None
        );
        assert_eq!(
            head.feed(b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
            Some(true)
        );
        assert_eq!(
            head.feed(b"GET / HTTP/1.1\r\n\r\n"),
            None,
            "one head per restart"
        );
        head.restart();
        assert_eq!(
            head.feed(b"POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody"),
            Some(false)
        );
    }

    #[test]
    fn inspector_gives_up_on_heads_hyper_refuses() {
        let mut head = HeadInspector::new(16);
        assert_eq!(head.feed(b"GET /a-very-long-target HTTP/1.1\r\n"), None);
        assert_eq!(head.feed(b"\r\n"), None);
        let mut malformed = HeadInspector::new(1024);
        assert_eq!(malformed.feed(b"\x00\x01 garbage\r\n\r\n"), None);
    }
}
