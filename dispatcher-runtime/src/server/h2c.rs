//! `Upgrade: h2c` (RFC 7540 §3.2): an HTTP/1.1 request asks to continue its
//! connection in HTTP/2, and its response is then sent as HTTP/2 stream 1.
//!
//! hyper's HTTP/2 server cannot adopt a stream, so after `101 Switching
//! Protocols` the original request is written into the connection's read
//! side as a HEADERS frame for stream 1, right after the client's preface
//! and first SETTINGS frame. The header block uses only HPACK literals
//! without indexing, so the decoder's table stays in step with the client's
//! encoder. Requests with a body keep HTTP/1.1 (the server may ignore an
//! Upgrade), as do all but the first request.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::h1::{RequestHead, fields};

const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
const FRAME_HEADER: usize = 9;
const MAX_FRAME: usize = 16_384;
const HEADERS: u8 = 0x1;
const CONTINUATION: u8 = 0x9;
const END_STREAM: u8 = 0x1;
const END_HEADERS: u8 = 0x4;

/// The `101 Switching Protocols` answer.
pub const SWITCHING_PROTOCOLS: &[u8] =
    b"HTTP/1.1 101 Switching Protocols\r\nconnection: Upgrade\r\nupgrade: h2c\r\n\r\n";

/// Whether `head` asks for h2c and can have it: HTTP/1.1, `Connection:
/// upgrade, http2-settings`, `Upgrade: h2c`, and no body.
pub fn wants_upgrade(head: &RequestHead<'_>) -> bool {
    head.minor_version == 1
        && head
            .header("upgrade")
            .is_some_and(|value| fields::trim(value).eq_ignore_ascii_case(b"h2c"))
        && head
            .headers
            .iter()
            .filter(|field| field.name.eq_ignore_ascii_case("connection"))
            .any(|field| fields::has_token(field.value, "upgrade"))
        && head.header("http2-settings").is_some()
        && !head.has_body()
}

/// The original request as the HEADERS (and CONTINUATION) frames of stream 1.
pub fn first_stream_frames(head: &RequestHead<'_>) -> Vec<u8> {
    let mut block = Vec::new();
    literal(&mut block, b":method", head.method.as_bytes());
    literal(&mut block, b":scheme", b"http");
    literal(&mut block, b":path", head.origin_form().as_bytes());
    if let Some(host) = head.authority.map(str::as_bytes).or(head.host) {
        literal(&mut block, b":authority", host);
    }
    const CONNECTION_SPECIFIC: [&str; 8] = [
        "host",
        "connection",
        "upgrade",
        "http2-settings",
        "keep-alive",
        "proxy-connection",
        "transfer-encoding",
        "te",
    ];
    for field in head.headers {
        if !CONNECTION_SPECIFIC
            .iter()
            .any(|name| field.name.eq_ignore_ascii_case(name))
        {
            literal(
                &mut block,
                field.name.to_ascii_lowercase().as_bytes(),
                field.value,
            );
        }
    }
    frames(&block)
}

/// HPACK "literal header field without indexing — new name" (RFC 7541 §6.2.2).
fn literal(block: &mut Vec<u8>, name: &[u8], value: &[u8]) {
    block.push(0x00);
    string(block, name);
    string(block, value);
}

/// An HPACK string literal without Huffman coding (RFC 7541 §5.2).
fn string(block: &mut Vec<u8>, bytes: &[u8]) {
    integer(block, bytes.len(), 7, 0x00);
    block.extend_from_slice(bytes);
}

/// An HPACK integer with an N-bit prefix (RFC 7541 §5.1).
fn integer(block: &mut Vec<u8>, mut value: usize, prefix_bits: u8, flags: u8) {
    let max = (1usize << prefix_bits) - 1;
    if value < max {
        block.push(flags | value as u8);
        return;
    }
    block.push(flags | max as u8);
    value -= max;
    while value >= 128 {
        block.push((value % 128) as u8 | 0x80);
        value /= 128;
    }
    block.push(value as u8);
}

fn frames(block: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(block.len() + FRAME_HEADER * (1 + block.len() / MAX_FRAME));
    let chunks: Vec<&[u8]> = if block.is_empty() {
        vec![&[][..]]
    } else {
        block.chunks(MAX_FRAME).collect()
    };
    for (index, chunk) in chunks.iter().enumerate() {
        let last = index + 1 == chunks.len();
        let (kind, mut flags) = if index == 0 {
            (HEADERS, END_STREAM)
        } else {
            (CONTINUATION, 0)
        };
        if last {
            flags |= END_HEADERS;
        }
        let length = chunk.len() as u32;
        out.extend_from_slice(&length.to_be_bytes()[1..]);
        out.push(kind);
        out.push(flags);
        out.extend_from_slice(&1u32.to_be_bytes());
        out.extend_from_slice(chunk);
    }
    out
}

/// The upgraded connection, with stream 1 written in after the client's
/// preface and first frame.
pub struct WithFirstStream<T> {
    inner: T,
    state: State,
}

enum State {
    /// Collecting the preface and the first frame.
    Prelude {
        seen: Vec<u8>,
        frames: Vec<u8>,
    },
    /// Handing out the prelude, the injected frames and what followed them.
    Draining {
        queue: Vec<u8>,
        position: usize,
    },
    Passthrough,
}

impl<T> WithFirstStream<T> {
    pub fn new(inner: T, frames: Vec<u8>) -> Self {
        WithFirstStream {
            inner,
            state: State::Prelude {
                seen: Vec::new(),
                frames,
            },
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for WithFirstStream<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            match &mut this.state {
                State::Passthrough => return Pin::new(&mut this.inner).poll_read(cx, buf),
                State::Draining { queue, position } => {
                    let count = (queue.len() - *position).min(buf.remaining());
                    buf.put_slice(&queue[*position..*position + count]);
                    *position += count;
                    if *position == queue.len() {
                        this.state = State::Passthrough;
                    }
                    return Poll::Ready(Ok(()));
                }
                State::Prelude { seen, frames } => {
                    let mut chunk = [0u8; 4096];
                    let mut chunk_buf = ReadBuf::new(&mut chunk);
                    match Pin::new(&mut this.inner).poll_read(cx, &mut chunk_buf) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Err(error)) => return Poll::Ready(Err(error)),
                        Poll::Ready(Ok(())) if chunk_buf.filled().is_empty() => {
                            // EOF before the prelude was complete: hand over what came.
                            let queue = std::mem::take(seen);
                            if queue.is_empty() {
                                this.state = State::Passthrough;
                                return Poll::Ready(Ok(()));
                            }
                            this.state = State::Draining { queue, position: 0 };
                        }
                        Poll::Ready(Ok(())) => {
                            seen.extend_from_slice(chunk_buf.filled());
                            if !seen.starts_with(&PREFACE[..PREFACE.len().min(seen.len())]) {
                                // Not HTTP/2 after all: let hyper report it.
                                let queue = std::mem::take(seen);
                                this.state = State::Draining { queue, position: 0 };
                                continue;
                            }
                            let header_end = PREFACE.len() + FRAME_HEADER;
                            if seen.len() < header_end {
                                continue;
                            }
                            let length = u32::from_be_bytes([
                                0,
                                seen[PREFACE.len()],
                                seen[PREFACE.len() + 1],
                                seen[PREFACE.len() + 2],
                            ]) as usize;
                            let prelude_end = header_end + length;
                            if seen.len() < prelude_end {
                                continue;
                            }
                            let mut queue = Vec::with_capacity(seen.len() + frames.len());
                            queue.extend_from_slice(&seen[..prelude_end]);
                            queue.extend_from_slice(frames);
                            queue.extend_from_slice(&seen[prelude_end..]);
                            this.state = State::Draining { queue, position: 0 };
                        }
                    }
                }
            }
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for WithFirstStream<T> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hpack_integers_follow_rfc_7541_examples() {
        // C.1.1: 10 with a 5-bit prefix; C.1.2: 1337 with a 5-bit prefix.
        let mut out = Vec::new();
        integer(&mut out, 10, 5, 0);
        assert_eq!(out, [0b01010]);
        out.clear();
        integer(&mut out, 1337, 5, 0);
        assert_eq!(out, [0b11111, 0b10011010, 0b00001010]);
    }

    #[test]
    fn large_header_blocks_are_split_into_continuation_frames() {
        let block = vec![0u8; MAX_FRAME + 10];
        let out = frames(&block);
        assert_eq!(out.len(), block.len() + 2 * FRAME_HEADER);
        assert_eq!((out[3], out[4]), (HEADERS, END_STREAM));
        let second = FRAME_HEADER + MAX_FRAME;
        assert_eq!(
            (out[second + 3], out[second + 4]),
            (CONTINUATION, END_HEADERS)
        );
        assert_eq!(&out[second..second + 3], &[0, 0, 10]);
    }
}
