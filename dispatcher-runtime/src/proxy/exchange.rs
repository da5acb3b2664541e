//! One request sent upstream and its response head read back, for either
//! protocol's clients: the address chosen, a pooled connection taken or a
//! new one opened, the head and the body written while watching for an
//! early answer. An interim (1xx) answer is handed back like a final one
//! (`Response::interim`), for the caller to forward if its client can take
//! it (RFC 9110 §15.2: a proxy MUST forward 1xx responses), before asking
//! for the next head with [`next_head`].
//!
//! A connection that fails before answering is dealt with as
//! docs/design/behaviour.md §3.2 and docs/replicas.md say: an address that
//! refuses the connection is benched and the next one tried (nothing was sent,
//! so the body is still whole); a pooled connection the upstream had closed is
//! replaced by a fresh one once, but only for a request that is safe to repeat
//! and has no body.

use std::io::{self, IoSlice};
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Buf;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};

use super::Proxy;
use super::failure::UpstreamFailure;
use super::request_head::UpstreamFraming;
use super::upstream::{UpstreamConn, pool};
use crate::action::Forward;
use crate::buffers::Buffer;
use crate::h1::{self, FramingError, ResponseError, ResponseFraming, ResponseHead, write};
use crate::timer::Timer;

/// A request body as the exchange reads it, from whichever side.
pub trait RequestBody {
    /// How the body goes upstream.
    fn framing(&self) -> UpstreamFraming;
    /// Ready once [`data`](Self::data) is not empty or the body has ended.
    fn poll_data(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BodyError>>;
    /// Body bytes at hand, not yet consumed.
    fn data(&self) -> &[u8];
    fn consume(&mut self, count: usize);
    /// No data will come beyond what [`data`](Self::data) holds.
    fn is_done(&self) -> bool;
    /// Whether nothing has been taken from it yet.
    fn is_untouched(&self) -> bool;
}

/// The client's body failed.
#[derive(Debug)]
pub enum BodyError {
    Malformed(FramingError),
    Io(io::Error),
}

/// A response head has arrived.
pub struct Response {
    pub conn: UpstreamConn,
    /// The head is at `buffer[..head_len]`, body bytes follow up to `filled`.
    pub buffer: Buffer,
    pub head_len: usize,
    pub filled: usize,
    pub code: u16,
    pub framing: ResponseFraming,
    /// The upstream will not take another request on this connection.
    pub close: bool,
    /// The whole request body went out (no early answer cut it short).
    pub request_complete: bool,
    /// A 1xx answer other than 101: the final one is still to come
    /// ([`next_head`]).
    pub interim: bool,
}

impl Response {
    /// Whether the connection can serve another request once this
    /// response's body has been read to its end.
    pub fn reusable(&self) -> bool {
        !self.close && self.request_complete
    }
}

/// One attempt's failure, and whether it looks like a pooled connection
/// the upstream had closed (so trying a fresh one is worth it).
struct Failed {
    failure: UpstreamFailure,
    stale: bool,
}

impl Failed {
    fn plain(failure: UpstreamFailure) -> Self {
        Failed {
            failure,
            stale: false,
        }
    }
}

/// What the exchange needs to know of the request.
pub struct Request<'a> {
    pub forward: &'a Forward,
    /// The upstream request head, written in full.
    pub head: &'a [u8],
    pub head_method: bool,
    /// Safe to send again: idempotent and without a body.
    pub replayable: bool,
    /// Take the read buffer only once the upstream starts answering (an
    /// HTTP/2 connection has many requests waiting at once).
    pub buffer_on_answer: bool,
}

/// Sends `request` with `body` and reads the first response head, which
/// `on_head` sees while it is parsed (it sees each later one too, through
/// [`next_head`]).
pub async fn exchange<B: RequestBody, R>(
    proxy: &Proxy,
    request: &Request<'_>,
    body: &mut B,
    timer: &mut Timer,
    mut on_head: impl FnMut(&ResponseHead<'_>) -> R,
) -> Result<(Response, R), UpstreamFailure> {
    let upstream = &request.forward.upstream;
    let (host, port) = (upstream.host(), upstream.port());
    let server_name = upstream.scheme().is_tls().then_some(host);
    // A name seen before is ordered without an await; a new one is
    // resolved in a boxed future, so that the exchange's state (which every
    // request moves) does not carry the resolver's.
    let order = match proxy.balancer.known_order(host, port) {
        Some(order) => order,
        None => Box::pin(proxy.balancer.order(host, port)).await,
    };
    let addresses = match order {
        Ok(addresses) => addresses,
        Err(error) => {
            let failure = UpstreamFailure::connect(&error);
            proxy.count_error(request.forward, &failure);
            return Err(failure);
        }
    };
    let mut failure = None;
    for (index, &address) in addresses.iter().enumerate() {
        let (conn, pooled) = match pool::take(address, server_name) {
            Some(conn) => (conn, true),
            // Boxed: a new connection (TCP, maybe TLS) is rare next to a
            // pooled one, and its future is large.
            None => match Box::pin(proxy.connector.connect(address, server_name)).await {
                Ok(conn) => {
                    proxy.balancer.healthy(host, port, address);
                    (conn, false)
                }
                Err(error) => {
                    let failed = UpstreamFailure::connect(&error);
                    proxy.count_error(request.forward, &failed);
                    if error.is_address_down() {
                        proxy.balancer.bench(host, port, address);
                        if index + 1 < addresses.len() && body.is_untouched() {
                            tracing::debug!(target: "dispatcher::backend_communication", %address, %error, "trying the next address");
                            failure = Some(failed);
                            continue;
                        }
                    }
                    return Err(failed);
                }
            },
        };
        tracing::debug!(target: "dispatcher::backend_communication", %address, pooled, target = %request.forward.url(), "sending upstream");
        match attempt(proxy, conn, request, body, timer, &mut on_head).await {
            Ok(done) => return Ok(done),
            Err(failed) => {
                proxy.count_error(request.forward, &failed.failure);
                if !(failed.stale && pooled && request.replayable) {
                    return Err(failed.failure);
                }
                tracing::debug!(target: "dispatcher::backend_communication", %address, reason = %failed.failure.reason, "pooled connection failed; retrying on a fresh one");
                let conn = match Box::pin(proxy.connector.connect(address, server_name)).await {
                    Ok(conn) => conn,
                    Err(error) => {
                        let failure = UpstreamFailure::connect(&error);
                        proxy.count_error(request.forward, &failure);
                        return Err(failure);
                    }
                };
                return attempt(proxy, conn, request, body, timer, &mut on_head)
                    .await
                    .map_err(|failed| {
                        proxy.count_error(request.forward, &failed.failure);
                        failed.failure
                    });
            }
        }
    }
    Err(failure.unwrap_or_else(|| {
        UpstreamFailure::bad_gateway("resolve", "the upstream has no address".to_owned())
    }))
}

/// One try on one connection.
async fn attempt<B: RequestBody, R, F: FnMut(&ResponseHead<'_>) -> R>(
    proxy: &Proxy,
    mut conn: UpstreamConn,
    request: &Request<'_>,
    body: &mut B,
    timer: &mut Timer,
    on_head: &mut F,
) -> Result<(Response, R), Failed> {
    let config = &proxy.config;
    let framing = body.framing();
    timer.set_after(config.upstream_timeout);
    // The head, and the body as far as it is at hand, in one write.
    let waker = std::task::Waker::noop();
    let at_hand = match body.poll_data(&mut Context::from_waker(waker)) {
        Poll::Ready(Err(error)) => return Err(Failed::plain(client_failure(error))),
        Poll::Ready(Ok(())) => body.data().len(),
        Poll::Pending => 0,
    };
    let first = Frame::data(framing, at_hand, body.is_done() && at_hand > 0);
    let mut out = request
        .head
        .chain(first.prefix())
        .chain(&body.data()[..at_hand])
        .chain(first.suffix);
    match timer.run(write_all_flushed(&mut conn, &mut out)).await {
        Err(_) => {
            return Err(Failed::plain(UpstreamFailure::timeout(
                config.upstream_timeout,
            )));
        }
        Ok(Err(error)) => {
            return Err(Failed {
                failure: UpstreamFailure::io(&error),
                stale: true,
            });
        }
        Ok(Ok(())) => {}
    }
    body.consume(at_hand);
    let mut filled = 0;
    let mut request_complete = true;
    let last_chunk_sent = first.ends_body();
    let pumping = !body.is_done() || (framing == UpstreamFraming::Chunked && !last_chunk_sent);
    if !pumping && request.buffer_on_answer {
        // Nothing more to send: the read buffer is taken once the answer
        // starts to arrive, so that requests waiting for their upstream
        // (many at once on one HTTP/2 connection) hold none.
        timer.set_after(config.upstream_timeout);
        match timer.run(conn.readable()).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                return Err(Failed {
                    failure: UpstreamFailure::io(&error),
                    stale: true,
                });
            }
            Err(_) => {
                return Err(Failed::plain(UpstreamFailure::timeout(
                    config.upstream_timeout,
                )));
            }
        }
    }
    let mut buffer = Buffer::take();
    if pumping {
        let pumped = pump(
            &mut conn,
            &mut buffer,
            &mut filled,
            body,
            timer,
            config,
            last_chunk_sent,
        )
        .await?;
        request_complete = pumped;
        if !pumped {
            tracing::debug!(target: "dispatcher::backend_communication", "the upstream answered before the request body ended");
        }
    }
    timer.set_after(config.upstream_timeout);
    read_head(
        proxy,
        conn,
        buffer,
        filled,
        request,
        timer,
        on_head,
        request_complete,
    )
    .await
}

/// A piece of body as it goes upstream: framed as a chunk when the body is
/// chunked, and closed by the last chunk when it is the end.
#[derive(Clone, Copy)]
struct Frame {
    chunk_line: [u8; 18],
    chunk_line_len: usize,
    suffix: &'static [u8],
}

impl Frame {
    fn data(framing: UpstreamFraming, len: usize, last: bool) -> Self {
        let mut frame = Frame {
            chunk_line: [0; 18],
            chunk_line_len: 0,
            suffix: b"",
        };
        if framing == UpstreamFraming::Chunked {
            if len > 0 {
                (frame.chunk_line, frame.chunk_line_len) = write::chunk_header(len);
                frame.suffix = if last { b"\r\n0\r\n\r\n" } else { b"\r\n" };
            } else if last {
                frame.suffix = write::LAST_CHUNK;
            }
        }
        frame
    }

    fn prefix(&self) -> &[u8] {
        &self.chunk_line[..self.chunk_line_len]
    }

    fn ends_body(&self) -> bool {
        self.suffix.ends_with(write::LAST_CHUNK)
    }
}

async fn write_all_flushed(conn: &mut UpstreamConn, out: &mut impl Buf) -> io::Result<()> {
    write_all(conn, out).await?;
    conn.flush().await
}

/// Sends the rest of the body while watching the upstream: `Ok(true)`
/// once it is all sent, `Ok(false)` when the upstream answered first (its
/// bytes are then in `buffer[..filled]`).
async fn pump<B: RequestBody>(
    conn: &mut UpstreamConn,
    buffer: &mut Buffer,
    filled: &mut usize,
    body: &mut B,
    timer: &mut Timer,
    config: &crate::config::Config,
    mut last_chunk_sent: bool,
) -> Result<bool, Failed> {
    let framing = body.framing();
    // The frame being written and how much of it has gone.
    let mut writing: Option<(Frame, usize, usize)> = None;
    timer.set_after(config.request_body_timeout);
    std::future::poll_fn(|cx| {
        loop {
            // An early answer (or a close) ends the sending.
            let mut read = ReadBuf::new(&mut buffer[*filled..]);
            match Pin::new(&mut *conn).poll_read(cx, &mut read) {
                Poll::Ready(Ok(())) if read.filled().is_empty() => {
                    return Poll::Ready(Err(Failed::plain(UpstreamFailure::closed())));
                }
                Poll::Ready(Ok(())) => {
                    *filled += read.filled().len();
                    return Poll::Ready(Ok(false));
                }
                Poll::Ready(Err(error)) => {
                    return Poll::Ready(Err(Failed::plain(UpstreamFailure::io(&error))));
                }
                Poll::Pending => {}
            }
            if let Some((frame, data_len, written)) = &mut writing {
                let data = &body.data()[..*data_len];
                let total = frame.chunk_line_len + data.len() + frame.suffix.len();
                while *written < total {
                    let mut rest = frame.prefix().chain(data).chain(frame.suffix);
                    rest.advance(*written);
                    let mut slices = [IoSlice::new(&[]); 3];
                    let count = rest.chunks_vectored(&mut slices);
                    match Pin::new(&mut *conn).poll_write_vectored(cx, &slices[..count]) {
                        Poll::Ready(Ok(0)) => {
                            let error = io::Error::from(io::ErrorKind::WriteZero);
                            return Poll::Ready(Err(Failed::plain(UpstreamFailure::io(&error))));
                        }
                        Poll::Ready(Ok(n)) => *written += n,
                        Poll::Ready(Err(error)) => {
                            return Poll::Ready(Err(Failed::plain(UpstreamFailure::io(&error))));
                        }
                        Poll::Pending => {
                            if timer.poll_elapsed(cx).is_ready() {
                                let failure = UpstreamFailure::timeout(config.upstream_timeout);
                                return Poll::Ready(Err(Failed::plain(failure)));
                            }
                            return Poll::Pending;
                        }
                    }
                }
                let sent = *data_len;
                body.consume(sent);
                writing = None;
                timer.set_after(config.request_body_timeout);
            }
            if body.is_done() && body.data().is_empty() {
                if framing == UpstreamFraming::Chunked && !last_chunk_sent {
                    last_chunk_sent = true;
                    writing = Some((Frame::data(framing, 0, true), 0, 0));
                    continue;
                }
                if let Err(error) = ready!(Pin::new(&mut *conn).poll_flush(cx)) {
                    return Poll::Ready(Err(Failed::plain(UpstreamFailure::io(&error))));
                }
                return Poll::Ready(Ok(true));
            }
            match body.poll_data(cx) {
                Poll::Ready(Ok(())) => {
                    let len = body.data().len();
                    let last = body.is_done();
                    if len > 0 || last {
                        last_chunk_sent |= last && framing == UpstreamFraming::Chunked;
                        writing = Some((Frame::data(framing, len, last), len, 0));
                        timer.set_after(config.upstream_timeout);
                    }
                }
                Poll::Ready(Err(error)) => {
                    return Poll::Ready(Err(Failed::plain(client_failure(error))));
                }
                Poll::Pending => {
                    if timer.poll_elapsed(cx).is_ready() {
                        let failure = UpstreamFailure::client_stalled(config.request_body_timeout);
                        return Poll::Ready(Err(Failed::plain(failure)));
                    }
                    return Poll::Pending;
                }
            }
        }
    })
    .await
}

fn client_failure(error: BodyError) -> UpstreamFailure {
    match error {
        BodyError::Malformed(framing) => UpstreamFailure::client_body(&framing),
        BodyError::Io(error) => UpstreamFailure::client_body(&FramingError::Truncated).with_reason(
            format!("the client's connection failed while it sent the body: {error}"),
        ),
    }
}

/// Reads until a final response head is complete, skipping 1xx answers.
#[allow(clippy::too_many_arguments)]
async fn read_head<R, F: FnMut(&ResponseHead<'_>) -> R>(
    proxy: &Proxy,
    mut conn: UpstreamConn,
    mut buffer: Buffer,
    mut filled: usize,
    request: &Request<'_>,
    timer: &mut Timer,
    on_head: &mut F,
    request_complete: bool,
) -> Result<(Response, R), Failed> {
    let max_head = proxy.config.max_response_header_size;
    let mut received = filled > 0;
    loop {
        if filled > 0 && h1::has_head_end(&buffer[..filled]) {
            match parse_head(&buffer[..filled], max_head, request.head_method, on_head) {
                Err(error) => return Err(Failed::plain(UpstreamFailure::invalid(&error))),
                Ok(None) => {}
                Ok(Some((head, output))) => {
                    tracing::debug!(target: "dispatcher::backend_communication", status = head.code, "upstream response");
                    return Ok((
                        Response {
                            conn,
                            buffer,
                            head_len: head.len,
                            filled,
                            code: head.code,
                            framing: head.framing,
                            close: head.close,
                            request_complete,
                            interim: head.interim,
                        },
                        output,
                    ));
                }
            }
        }
        if filled == buffer.capacity() {
            if buffer.capacity() >= max_head {
                let error = ResponseError::TooLarge(max_head);
                return Err(Failed::plain(UpstreamFailure::invalid(&error)));
            }
            let mut larger = Buffer::with_capacity(max_head.min(buffer.capacity() * 4));
            larger[..filled].copy_from_slice(&buffer[..filled]);
            buffer = larger;
        }
        let read = timer.run(read_some(&mut conn, &mut buffer[filled..])).await;
        match read {
            Err(_) => {
                return Err(Failed::plain(UpstreamFailure::timeout(
                    proxy.config.upstream_timeout,
                )));
            }
            Ok(Ok(0)) => {
                let failure = if received {
                    UpstreamFailure::bad_gateway(
                        "invalid_response",
                        "the upstream closed the connection in the middle of its response head"
                            .to_owned(),
                    )
                } else {
                    UpstreamFailure::closed()
                };
                return Err(Failed {
                    failure,
                    stale: !received,
                });
            }
            Ok(Ok(n)) => {
                filled += n;
                received = true;
            }
            Ok(Err(error)) => {
                return Err(Failed {
                    failure: UpstreamFailure::io(&error),
                    stale: !received,
                });
            }
        }
    }
}

/// What one response head was, by the numbers.
pub struct HeadFacts {
    pub code: u16,
    pub len: usize,
    pub framing: ResponseFraming,
    pub close: bool,
    pub interim: bool,
}

/// Parses a complete head (not held across an await: the fields live on
/// this function's stack).
fn parse_head<R, F: FnMut(&ResponseHead<'_>) -> R>(
    bytes: &[u8],
    max_head: usize,
    head_method: bool,
    on_head: &mut F,
) -> Result<Option<(HeadFacts, R)>, ResponseError> {
    let mut slots = h1::field_slots();
    let Some(head) = h1::response::parse(bytes, &mut slots, max_head, head_method)? else {
        return Ok(None);
    };
    let facts = HeadFacts {
        code: head.code,
        len: head.len,
        framing: head.framing,
        close: head.close,
        interim: head.is_interim(),
    };
    Ok(Some((facts, on_head(&head))))
}

/// After an interim answer, reads the next head on the same connection.
pub async fn next_head<R>(
    proxy: &Proxy,
    response: Response,
    request: &Request<'_>,
    timer: &mut Timer,
    mut on_head: impl FnMut(&ResponseHead<'_>) -> R,
) -> Result<(Response, R), UpstreamFailure> {
    let Response {
        conn,
        mut buffer,
        head_len,
        filled,
        request_complete,
        ..
    } = response;
    buffer.copy_within(head_len..filled, 0);
    timer.set_after(proxy.config.upstream_timeout);
    read_head(
        proxy,
        conn,
        buffer,
        filled - head_len,
        request,
        timer,
        &mut on_head,
        request_complete,
    )
    .await
    .map_err(|failed| {
        proxy.count_error(request.forward, &failed.failure);
        failed.failure
    })
}

/// One read into `buffer`.
pub async fn read_some<S: AsyncRead + Unpin>(
    stream: &mut S,
    buffer: &mut [u8],
) -> io::Result<usize> {
    let mut read = ReadBuf::new(buffer);
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_read(cx, &mut read)).await?;
    Ok(read.filled().len())
}

/// Pieces that together are at most this long are copied into one buffer
/// and written with one plain write (see `write_all`).
const FLATTEN_UP_TO: usize = 2048;

/// Writes `out` whole to `stream`, vectored where the stream is. tokio's
/// `write_all_buf` clears 64 `IoSlice`s (1 KiB) before every write; the
/// heads and bodies written here are at most four pieces. Pieces that
/// together fit in `FLATTEN_UP_TO` bytes (a head and a small body) are
/// copied onto the stack and written as one slice: `socket::Socket` sends
/// one slice with `sendto`, which skips `writev`'s file layer (`call-cost`
/// measures the two), and the copy costs less than that layer (about 190
/// user-space instructions a proxied request, `proxy-profile.sh
/// instructions`; docs/BENCHMARKS.md, "What was changed to get here").
pub async fn write_all<S: AsyncWrite + Unpin>(
    stream: &mut S,
    out: &mut impl Buf,
) -> io::Result<()> {
    std::future::poll_fn(|cx| {
        while out.has_remaining() {
            let mut slices = [IoSlice::new(&[]); 4];
            let count = out.chunks_vectored(&mut slices);
            let remaining = out.remaining();
            let n = if count > 1 && remaining <= FLATTEN_UP_TO {
                let mut flat = [0u8; FLATTEN_UP_TO];
                let mut at = 0;
                for slice in &slices[..count] {
                    flat[at..at + slice.len()].copy_from_slice(slice);
                    at += slice.len();
                }
                ready!(Pin::new(&mut *stream).poll_write(cx, &flat[..at]))?
            } else {
                ready!(Pin::new(&mut *stream).poll_write_vectored(cx, &slices[..count]))?
            };
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            out.advance(n);
        }
        Poll::Ready(Ok(()))
    })
    .await
}

#[cfg(test)]
mod tests {
    use std::io::{self, IoSlice};
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use bytes::Buf;
    use tokio::io::AsyncWrite;

    /// A stream that takes at most `step` bytes a write and counts its
    /// vectored writes, as a socket with a full buffer would.
    struct Trickle {
        taken: Vec<u8>,
        step: usize,
        vectored: usize,
    }

    impl AsyncWrite for Trickle {
        fn poll_write(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            let n = buf.len().min(self.step);
            self.taken.extend_from_slice(&buf[..n]);
            Poll::Ready(Ok(n))
        }

        fn poll_write_vectored(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
            bufs: &[IoSlice<'_>],
        ) -> Poll<io::Result<usize>> {
            self.vectored += 1;
            let first = bufs
                .iter()
                .find(|buf| !buf.is_empty())
                .map_or(&[][..], |buf| &buf[..]);
            self.poll_write(cx, first)
        }

        fn is_write_vectored(&self) -> bool {
            true
        }

        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }

        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    async fn written(pieces: [&[u8]; 3], step: usize) -> (Vec<u8>, usize) {
        let mut stream = Trickle {
            taken: Vec::new(),
            step,
            vectored: 0,
        };
        let mut out = pieces[0].chain(pieces[1]).chain(pieces[2]);
        super::write_all(&mut stream, &mut out).await.unwrap();
        assert!(!out.has_remaining());
        (stream.taken, stream.vectored)
    }

    #[tokio::test]
    async fn small_pieces_go_out_flattened_and_whole_even_a_few_bytes_a_write() {
        let head = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n".as_slice();
        for step in [1, 7, 4096] {
            let (taken, vectored) = written([head, b"hello", b""], step).await;
            assert_eq!(taken, [head, b"hello".as_slice()].concat(), "step {step}");
            if step >= taken.len() {
                // Once a piece is left alone it goes as the one slice it is.
                assert_eq!(vectored, 0, "small pieces are written as one slice");
            }
        }
    }

    #[tokio::test]
    async fn large_pieces_go_out_vectored_and_whole() {
        let head = vec![b'h'; 100];
        let body = vec![b'b'; super::FLATTEN_UP_TO];
        let (taken, vectored) = written([&head, &body, b"\r\n"], 1000).await;
        assert_eq!(taken, [&head[..], &body[..], b"\r\n"].concat());
        assert!(vectored > 0, "more than FLATTEN_UP_TO bytes go vectored");
    }
}
