//! One client connection, from accept to close: HTTP/1.1 requests one
//! after the other (pipelined ones in order), or a switch to HTTP/2 when
//! the first bytes are its preface or a request asks for `Upgrade: h2c`.
//!
//! Between requests the connection holds no buffer, only its socket, its
//! one timer and its task: the read buffer is taken from the worker's pool
//! when bytes arrive and given back once a request is answered and nothing
//! more is waiting. Timeouts: `HEADER_READ_TIMEOUT` for a head to arrive
//! (from the connection's start, or from the first byte of a later one),
//! `IDLE_TIMEOUT` between requests. When the server shuts down, an idle
//! connection gets a moment for one last request (answered with
//! `Connection: close`) rather than being cut as a client sends it.

use std::future::{Future, poll_fn};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::socket::Socket;

use super::{h2, h2c};
use crate::buffers::{self, Buffer};
use crate::h1::{self, HeadError};
use crate::metrics::OpenGuard;
use crate::proxy::h1::{ClientIo, write_answer};
use crate::proxy::{Answer, Proxy};
use crate::stop::Stop;
use crate::timer::Timer;

/// While draining, how long an idle connection is kept for a last request.
const DRAIN_IDLE: Duration = Duration::from_millis(500);

const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// One client connection: what it holds between requests, and nothing
/// more (this is most of what an idle keep-alive connection costs).
pub struct Connection {
    proxy: Arc<Proxy>,
    client: ClientIo,
    /// Bytes of the next request read already (pipelined, or part of a
    /// head), `buffer[..filled]`; no buffer while idle.
    buffer: Option<Buffer>,
    filled: usize,
    first: bool,
    /// Counts the connection in `dispatcher_open_connections`.
    _counted: Option<OpenGuard>,
}

impl Connection {
    /// The state lives in the connection's task itself (not in a box of
    /// its own): an idle connection is then one allocation fewer.
    pub fn new(proxy: Arc<Proxy>, stream: TcpStream, peer: SocketAddr, stop: Stop) -> Self {
        let _ = stream.set_nodelay(true);
        tracing::debug!(target: "dispatcher::connection", %peer, "connection accepted");
        let config = &proxy.config;
        let granularity = config
            .header_read_timeout
            .min(config.idle_timeout)
            .min(config.upstream_timeout)
            .min(config.request_body_timeout);
        Connection {
            client: ClientIo {
                stream: Socket::new(stream),
                peer,
                timer: Timer::new(config.header_read_timeout, granularity),
                stop,
            },
            _counted: proxy
                .metrics
                .as_ref()
                .map(|metrics| metrics.connection_opened()),
            proxy,
            buffer: None,
            filled: 0,
            first: true,
        }
    }

    /// Serves the connection to its end.
    // Not an `async fn`: its argument would be stored twice in the
    // future (once as the argument, once as the local the body uses); an
    // `async move` block uses what it captured in place.
    #[allow(clippy::manual_async_fn)]
    pub fn run(mut self) -> impl Future<Output = ()> + Send {
        async move {
            let mut keep_deadline = false;
            loop {
                if self.filled == 0 {
                    self.buffer = None;
                    if !self.wait_for_bytes(keep_deadline).await {
                        break;
                    }
                }
                keep_deadline = false;
                let buf = self.buffer.get_or_insert_with(Buffer::take);
                // In a block lent by the worker (as a box, without the
                // allocation): an idle connection's task then holds none of
                // a request's state (its exchange with the upstream), only
                // what it needs to wait for the next one. The rare paths
                // below are boxed.
                let (proxy, client, filled, first) =
                    (&self.proxy, &mut self.client, self.filled, self.first);
                let step =
                    buffers::Lent::new(|| next_request(proxy, client, buf, filled, first)).await;
                // Still the first request if nothing came.
                self.first &= matches!(step, Step::NotYet);
                match step {
                    Step::Closed => break,
                    // Woken with nothing to read (tokio assumes a new
                    // connection readable): wait for the bytes without a
                    // buffer, under the deadline already set.
                    Step::NotYet => keep_deadline = true,
                    Step::Http2 { filled } => {
                        let prefix = buf[..filled].to_vec();
                        Box::pin(serve_h2(self.proxy, self.client, prefix, None)).await;
                        return;
                    }
                    Step::Next {
                        keep_alive,
                        leftover,
                    } => {
                        if !keep_alive {
                            Box::pin(close(self.client.stream)).await;
                            break;
                        }
                        buf.copy_within(leftover.clone(), 0);
                        self.filled = leftover.len();
                    }
                    Step::Refused(error) => {
                        Box::pin(refuse(self.proxy, self.client, error)).await;
                        return;
                    }
                    Step::Upgrade { frames, leftover } => {
                        let prefix = buf[leftover].to_vec();
                        Box::pin(serve_h2(self.proxy, self.client, prefix, Some(frames))).await;
                        return;
                    }
                }
            }
            tracing::debug!(target: "dispatcher::connection", peer = %self.client.peer, "connection closed");
        }
    }

    /// Waits until the client sends something; `false` when the connection
    /// should close instead (timeout, shutdown, the client left). The
    /// deadline is set from now unless `keep_deadline`.
    async fn wait_for_bytes(&mut self, keep_deadline: bool) -> bool {
        let config = &self.proxy.config;
        let client = &mut self.client;
        let mut draining = client.stop.is_set();
        let wait = if self.first {
            config.header_read_timeout
        } else {
            config.idle_timeout
        };
        if !keep_deadline {
            client
                .timer
                .set_after(if draining { wait.min(DRAIN_IDLE) } else { wait });
        }
        // No waiter on the stop token: at shutdown the worker wakes every
        // task waiting on a deadline (`timer::wake_all`), and the token is
        // looked at on each poll.
        poll_fn(|cx| {
            loop {
                match client.stream.tcp().poll_read_ready(cx) {
                    Poll::Ready(Ok(())) => return Poll::Ready(true),
                    Poll::Ready(Err(_)) => return Poll::Ready(false),
                    Poll::Pending => {}
                }
                if !draining && client.stop.is_set() {
                    draining = true;
                    client.timer.set_after(wait.min(DRAIN_IDLE));
                    continue;
                }
                if client.timer.poll_elapsed(cx).is_ready() {
                    tracing::debug!(target: "dispatcher::connection", peer = %client.peer, draining, "idle timeout");
                    return Poll::Ready(false);
                }
                return Poll::Pending;
            }
        })
        .await
    }
}

enum Step {
    /// The client left, or its head did not come in time.
    Closed,
    /// Nothing to read after all: wait again.
    NotYet,
    /// The first bytes are HTTP/2's preface: `buffer[..filled]`.
    Http2 { filled: usize },
    /// Answered; go on with the next request if `keep_alive`. `leftover`
    /// is what followed the request in the buffer.
    Next {
        keep_alive: bool,
        leftover: std::ops::Range<usize>,
    },
    /// The head could not be served.
    Refused(HeadError),
    /// `Upgrade: h2c`: HTTP/2 from here on.
    Upgrade {
        frames: Vec<u8>,
        leftover: std::ops::Range<usize>,
    },
}

/// Reads the next request's head into `buffer` (which holds `filled` bytes
/// of it already) and answers it. One `async fn` from the head to the
/// answer (see `answer_prepared!`).
async fn next_request(
    proxy: &Proxy,
    client: &mut ClientIo,
    buffer: &mut Buffer,
    mut filled: usize,
    first: bool,
) -> Step {
    let config = &proxy.config;
    let read = read_head(
        client,
        buffer,
        &mut filled,
        config.max_header_size,
        config.header_read_timeout,
        first,
    )
    .await;
    match read {
        HeadRead::Complete => {}
        HeadRead::Http2 => return Step::Http2 { filled },
        HeadRead::NotYet => return Step::NotYet,
        HeadRead::Closed => return Step::Closed,
        HeadRead::Refused(error) => return Step::Refused(error),
    }
    // The scan found where the head ends (blank lines before the request
    // line skipped, as the parser skips them): it is parsed once, in place.
    // This is the sequence tests/tests/h1_differential.rs checks.
    let head_len = h1::head_end(&buffer[..filled]).unwrap_or(filled);
    let (head_bytes, region) = buffer.split_at_mut(head_len);
    // Everything that needs the parsed head is done here, before anything
    // is awaited: its fields are not part of the request's future.
    let prepared = {
        let mut slots = h1::field_slots();
        let head = match h1::request::parse(head_bytes, &mut slots, config.max_header_size) {
            Ok(Some(head)) => head,
            Ok(None) => return Step::Refused(incomplete()),
            Err(error) => return Step::Refused(error),
        };
        if h2c::wants_upgrade(&head) {
            return Step::Upgrade {
                frames: h2c::first_stream_frames(&head),
                leftover: head_len..filled,
            };
        }
        crate::proxy::h1::prepare(proxy, client.peer, client.stop.is_set(), &head)
    };
    let outcome = crate::proxy::h1::answer_prepared!(
        proxy,
        client,
        prepared,
        head_bytes,
        region,
        filled - head_len
    );
    Step::Next {
        keep_alive: outcome.keep_alive,
        leftover: head_len + outcome.leftover.start..head_len + outcome.leftover.end,
    }
}

fn incomplete() -> HeadError {
    HeadError {
        status: 400,
        reason: "malformed request head".to_owned(),
    }
}

enum HeadRead {
    Complete,
    Http2,
    /// Nothing has come yet (a wake without bytes).
    NotYet,
    /// The client left, or the head did not arrive in time.
    Closed,
    Refused(HeadError),
}

/// Reads until `buffer[..filled]` holds a whole head.
async fn read_head(
    client: &mut ClientIo,
    buffer: &mut Buffer,
    filled: &mut usize,
    max_head: usize,
    header_timeout: Duration,
    first: bool,
) -> HeadRead {
    // The first read follows the readiness that woke the connection (or
    // the bytes of a pipelined request); a head that needs more reads gets
    // HEADER_READ_TIMEOUT from here (a first request has had it since the
    // connection opened).
    let mut timed = first;
    let mut after_wake = *filled == 0;
    loop {
        let seen = &buffer[..*filled];
        if first
            && !seen.is_empty()
            && (H2_PREFACE.starts_with(seen) || seen.starts_with(H2_PREFACE))
        {
            if seen.len() >= H2_PREFACE.len() {
                return HeadRead::Http2;
            }
        } else if h1::has_head_end(seen) {
            return HeadRead::Complete;
        }
        if *filled == buffer.capacity() {
            if buffer.capacity() >= max_head {
                let mut slots = h1::field_slots();
                return match h1::request::parse(&buffer[..*filled], &mut slots, max_head) {
                    Err(error) => HeadRead::Refused(error),
                    Ok(_) => HeadRead::Refused(incomplete()),
                };
            }
            let mut larger = Buffer::with_capacity(max_head + buffers::SIZE);
            larger[..*filled].copy_from_slice(&buffer[..*filled]);
            *buffer = larger;
        }
        if !timed && !after_wake {
            client.timer.set_after(header_timeout);
            timed = true;
        }
        after_wake = false;
        let limit = (*filled + max_head + 1).min(buffer.capacity());
        if *filled == 0 {
            // The first read of a head follows a wake, which may come with
            // nothing to read: tokio takes a new connection to be readable
            // before the kernel says so, and a browser opens connections
            // before it has requests for them. Then the buffer goes back
            // rather than wait here for the head (16 KiB per such
            // connection otherwise).
            // One poll, not `try_read`: tokio's read takes a short read as
            // the end of what is there, as `try_read` does not (the next
            // wait would wake at once, for a read that finds nothing).
            let mut room = tokio::io::ReadBuf::new(&mut buffer[..limit]);
            let waker = std::task::Waker::noop();
            let polled =
                Pin::new(&mut client.stream).poll_read(&mut Context::from_waker(waker), &mut room);
            match polled {
                Poll::Ready(Ok(())) if room.filled().is_empty() => return HeadRead::Closed,
                Poll::Ready(Ok(())) => {
                    *filled = room.filled().len();
                    continue;
                }
                Poll::Ready(Err(_)) => return HeadRead::Closed,
                Poll::Pending => return HeadRead::NotYet,
            }
        }
        let read = client
            .timer
            .run(crate::proxy::exchange::read_some(
                &mut client.stream,
                &mut buffer[*filled..limit],
            ))
            .await;
        match read {
            Ok(Ok(0)) | Ok(Err(_)) => return HeadRead::Closed,
            Err(_) => {
                tracing::debug!(target: "dispatcher::connection", peer = %client.peer, "header read timeout");
                return HeadRead::Closed;
            }
            Ok(Ok(n)) => *filled += n,
        }
    }
}

/// Answers a head that cannot be served with its status, and closes.
async fn refuse(proxy: Arc<Proxy>, mut client: ClientIo, error: HeadError) {
    let status = http::StatusCode::from_u16(error.status).unwrap_or(http::StatusCode::BAD_REQUEST);
    tracing::info!(target: "dispatcher::connection", peer = %client.peer, status = error.status, reason = %error.reason, "request refused");
    let mut record =
        crate::proxy::access::AccessRecord::new(&http::Method::GET, "-", proxy.metrics.as_ref());
    let answer = proxy.plain(status, &error.reason, &mut record);
    let answer = Answer {
        close: true,
        ..answer
    };
    write_answer(&mut client, &answer, false, true, &mut record).await;
    close(client.stream).await;
}

/// Serves HTTP/2 on the connection from here on: `prefix` is what was
/// read of it already; `upgrade` the first stream's frames when a request
/// asked for `Upgrade: h2c` (answered with 101 first).
async fn serve_h2(
    proxy: Arc<Proxy>,
    mut client: ClientIo,
    prefix: Vec<u8>,
    upgrade: Option<Vec<u8>>,
) {
    let (peer, stop) = (client.peer, client.stop);
    match upgrade {
        None => h2::serve(proxy, h2::Rewind::new(prefix, client.stream), peer, stop).await,
        Some(frames) => {
            if client
                .stream
                .write_all(h2c::SWITCHING_PROTOCOLS)
                .await
                .is_err()
            {
                return;
            }
            let io = h2c::WithFirstStream::new(h2::Rewind::new(prefix, client.stream), frames);
            h2::serve(proxy, io, peer, stop).await;
        }
    }
}

/// Closes the connection so that the client reads what was written: the
/// write side first, then whatever the client still sends is read and
/// dropped for a moment (a close with unread bytes would be a reset, which
/// can destroy the answer in flight).
async fn close(mut stream: Socket) {
    let _ = stream.shutdown().await;
    let drain = async {
        let mut sink = [0u8; 4096];
        let mut total = 0;
        while total < 256 * 1024 {
            match crate::proxy::exchange::read_some(&mut stream, &mut sink).await {
                Ok(0) | Err(_) => return,
                Ok(n) => total += n,
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), drain).await;
}
