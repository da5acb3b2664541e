//! Answering one HTTP/1.1 request over the client's own socket: decided by
//! [`Proxy::decide`], then answered directly or forwarded, the upstream
//! driven from this same task. The request body is read from the client's
//! buffer and socket and framed for the upstream as it goes; the response
//! head is written straight into a buffer with the header rules applied,
//! and goes out in one write with the first body bytes; the body follows
//! piece by piece, one buffer in flight (backpressure both ways), or, when
//! it is large, of known length and passed on as it is, socket to socket
//! through a pipe ([`super::splice`]).

use std::io;
use std::net::SocketAddr;
use std::ops::Range;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Buf;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::{Method, StatusCode};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use super::access::AccessRecord;
use super::exchange::{self, BodyError, RequestBody};
use super::failure::{self, BodyCut};
use super::forwarded::Forwarded;
use super::request_head::{
    ConnectionOptions, UpstreamFraming, UpstreamRequest, is_hop_by_hop, requested_upgrade,
};
use super::splice;
use super::upstream::{UpstreamStream, pool};
use super::{Answer, Decision, Incoming, Proxy, headers, is_idempotent, prefix};
use crate::action::Forward;
use crate::buffers::{Buffer, Scratch};
use crate::h1::{
    BodyDecoder, RequestFraming, RequestHead, ResponseFraming, ResponseHead, date, write,
};
use crate::matching::RequestHeaders;
use crate::socket::Socket;
use crate::stop::Stop;
use crate::timer::Timer;

/// The buffer a response body moves through once it has filled the pooled
/// one (`buffers::SIZE`): a large body then takes a quarter of the reads
/// and writes. Allocated per such response, not pooled.
const LARGE_BODY_BUFFER: usize = 64 * 1024;

/// The client connection as a request sees it.
pub struct ClientIo {
    pub stream: Socket,
    pub peer: SocketAddr,
    /// The connection's one deadline (see [`Timer`]).
    pub timer: Timer,
    /// Set when the worker stops: answers then end the connection.
    pub stop: Stop,
}

impl ClientIo {
    fn draining(&self) -> bool {
        self.stop.is_set()
    }
}

/// How a request ended for its connection.
pub struct Outcome {
    /// The connection may carry another request.
    pub keep_alive: bool,
    /// Bytes after the request (a pipelined one), within the region.
    pub leftover: Range<usize>,
}

/// What the answer to a request needs of its head once the parsed head
/// (which borrows the buffer and a field array) is gone.
#[derive(Debug, Clone, Copy)]
pub struct HeadFacts {
    pub minor_version: u8,
    /// The connection ends after this request (asked by the client, or
    /// the server is shutting down).
    pub close: bool,
    pub head_method: bool,
    /// The request asks for a tunnel (`Upgrade`).
    pub upgrade: bool,
    pub framing: RequestFraming,
    pub expect_continue: bool,
}

/// A request decided: what to do, everything that needed the parsed head
/// done (the upstream request head written).
pub struct Prepared {
    facts: HeadFacts,
    decision: Decided,
    record: AccessRecord,
}

pub enum Decided {
    Answer(Answer),
    Forward {
        forward: Forward,
        upstream_head: Scratch,
        replayable: bool,
    },
}

/// Decides what to do with the request whose head is `head`, and writes
/// the upstream request head if it is forwarded: the work that needs the
/// parsed head, done without waiting for anything.
pub fn prepare(
    proxy: &Proxy,
    peer: SocketAddr,
    draining: bool,
    head: &RequestHead<'_>,
) -> Prepared {
    // httparse checked the method is a token.
    let method = Method::from_bytes(head.method.as_bytes()).unwrap_or(Method::GET);
    let mut record = AccessRecord::new(&method, head.target, proxy.metrics.as_ref());
    let headers = RequestHeaders::Fields(head.headers);
    let host = head.authority.map(str::as_bytes).or(head.host);
    let incoming = Incoming {
        method: &method,
        target: head.target,
        path: head.path(),
        query: head.query(),
        headers,
        host,
    };
    let upgrade = (head.minor_version == 1)
        .then(|| requested_upgrade(headers))
        .flatten();
    let facts = HeadFacts {
        minor_version: head.minor_version,
        close: head.close || draining,
        head_method: method == Method::HEAD,
        upgrade: upgrade.is_some(),
        framing: head.framing,
        expect_continue: head.expect_continue,
    };
    let decision = match proxy.decide(&incoming, &mut record) {
        Decision::Answer(answer) => Decided::Answer(answer),
        Decision::Forward(forward) => {
            let config = &proxy.config;
            let forwarded = forwarded(head, peer, config);
            let mut upstream_head = Scratch::take();
            UpstreamRequest {
                method: head.method,
                target: &forward.path_and_query,
                headers,
                forwarded: &forwarded,
                original_path: head.path(),
                authority: head.authority,
                via: if head.minor_version == 0 {
                    "1.0 dispatcher"
                } else {
                    "1.1 dispatcher"
                },
                upgrade,
                framing: upstream_framing(head.framing),
                edits: &forward.request_headers,
            }
            .write(&mut upstream_head);
            tracing::debug!(target: "dispatcher::frontend_processing", upstream = %forward.url(), head = %String::from_utf8_lossy(&upstream_head), "request head for the upstream");
            Decided::Forward {
                replayable: !head.has_body() && is_idempotent(&method),
                forward,
                upstream_head,
            }
        }
    };
    Prepared {
        facts,
        decision,
        record,
    }
}

/// The public view of the request whose head is `head`.
fn forwarded<'h>(
    head: &RequestHead<'h>,
    peer: SocketAddr,
    config: &'h crate::config::Config,
) -> Forwarded<'h> {
    let host = head
        .authority
        .or_else(|| head.host.and_then(crate::matching::headers::text));
    Forwarded::new(
        RequestHeaders::Fields(head.headers),
        peer.ip(),
        host,
        "http",
        config.trusted_hops,
        &config.path_prefix,
    )
}

fn upstream_framing(framing: RequestFraming) -> UpstreamFraming {
    match framing {
        RequestFraming::Empty => UpstreamFraming::Empty,
        RequestFraming::Length(length) => UpstreamFraming::Length(length),
        RequestFraming::Chunked => UpstreamFraming::Chunked,
    }
}

/// Carries out a prepared request. `head_bytes` is its head, still in the
/// buffer (read again only by the rare response rules that need the
/// request's fields); `region[..filled]` holds what followed the head, and
/// the rest of `region` is room to read the body into.
///
/// A macro rather than an `async fn`: each layer of `async fn` between the
/// connection and the exchange costs a copy of the whole request future
/// (several KB) when it is awaited; expanded in the connection's own
/// `async fn`, the two branches are awaited there directly.
macro_rules! answer_prepared {
    ($proxy:expr, $client:expr, $prepared:expr, $head_bytes:expr, $region:expr, $filled:expr) => {{
        let (facts, decision, record) = $prepared.into_parts();
        match decision {
            $crate::proxy::h1::Decided::Answer(answer) => {
                $crate::proxy::h1::answer_here($client, answer, facts, record, $region, $filled)
                    .await
            }
            $crate::proxy::h1::Decided::Forward {
                forward,
                upstream_head,
                replayable,
            } => {
                let request = $crate::proxy::h1::Forwarding {
                    facts,
                    forward,
                    upstream_head,
                    replayable,
                    head_bytes: $head_bytes,
                };
                $crate::proxy::h1::forward_request(
                    $proxy, $client, request, $region, $filled, record,
                )
                .await
            }
        }
    }};
}
pub(crate) use answer_prepared;

impl Prepared {
    pub fn into_parts(self) -> (HeadFacts, Decided, AccessRecord) {
        (self.facts, self.decision, self.record)
    }
}

/// Answers a request the rules answered themselves (or refused). The body
/// is not read: the connection goes on only if all of it is here already
/// (and so can be skipped).
pub async fn answer_here(
    client: &mut ClientIo,
    answer: Answer,
    facts: HeadFacts,
    mut record: AccessRecord,
    region: &mut [u8],
    filled: usize,
) -> Outcome {
    let end = ClientBody::new(&mut client.stream, region, filled, &facts).skip_buffered();
    let close = answer.close || facts.close || !end.complete;
    let written = write_answer(client, &answer, facts.head_method, close, &mut record).await;
    Outcome {
        keep_alive: written && !close && !client.draining(),
        leftover: end.leftover,
    }
}

/// A request on its way to an upstream.
pub struct Forwarding<'a> {
    pub facts: HeadFacts,
    pub forward: Forward,
    pub upstream_head: Scratch,
    pub replayable: bool,
    pub head_bytes: &'a [u8],
}

/// The head of a response for the client, and how its body is framed.
struct ClientHead {
    bytes: Scratch,
    /// Re-chunk the body (an HTTP/1.1 client, a body of unknown length).
    chunked: bool,
    /// The body ends when the connection does (an HTTP/1.0 client).
    until_close: bool,
    /// The response says `Connection: close`.
    close: bool,
}

pub async fn forward_request(
    proxy: &Proxy,
    client: &mut ClientIo,
    request: Forwarding<'_>,
    region: &mut [u8],
    filled: usize,
    mut record: AccessRecord,
) -> Outcome {
    let Forwarding {
        facts,
        forward,
        upstream_head,
        replayable,
        head_bytes,
    } = request;
    let mut body = ClientBody::new(&mut client.stream, region, filled, &facts);
    let exchange_request = exchange::Request {
        forward: &forward,
        head: &upstream_head,
        head_method: facts.head_method,
        replayable,
        // One request at a time on a connection: no gain worth the
        // readiness check's cost per request.
        buffer_on_answer: false,
    };
    let peer = client.peer;
    let stop = client.stop.watch();
    // A shutdown that began by the time the answer starts: the answer says
    // the connection ends (one that began later finds the next request).
    let on_head = |response: &ResponseHead<'_>| {
        client_head(
            response,
            &facts,
            &forward,
            head_bytes,
            peer,
            &proxy.config,
            stop.is_set(),
        )
    };
    let result = exchange::exchange(
        proxy,
        &exchange_request,
        &mut body,
        &mut client.timer,
        on_head,
    )
    .await;
    let end = body.finish();
    // 1xx answers go on to the client as they come (RFC 9110 §15.2), then
    // the final one.
    let mut result = result;
    while let Ok((response, interim)) = &result
        && response.interim
    {
        if !interim.bytes.is_empty() {
            let written = write_out(client, &interim.bytes, &[], &[], &[], &proxy.config).await;
            if written.is_err() {
                record.abort("the client went away");
                return Outcome {
                    keep_alive: false,
                    leftover: 0..0,
                };
            }
        }
        let Ok((response, _)) = result else {
            unreachable!("matched above")
        };
        result = exchange::next_head(
            proxy,
            response,
            &exchange_request,
            &mut client.timer,
            on_head,
        )
        .await;
    }
    drop(upstream_head);
    let (response, client_head) = match result {
        Ok(done) => done,
        Err(failure) => {
            let answer = proxy.failed(&failure, &forward, &mut record);
            let close = answer.close || facts.close || !end.complete;
            let written =
                write_answer(client, &answer, facts.head_method, close, &mut record).await;
            return Outcome {
                keep_alive: written && !close,
                leftover: end.leftover,
            };
        }
    };
    record.status = response.code;
    if response.code == 101 {
        if !facts.upgrade {
            let failure = super::failure::UpstreamFailure::bad_gateway(
                "invalid_response",
                "the upstream switched protocols for a request that did not ask to".to_owned(),
            );
            let answer = proxy.failed(&failure, &forward, &mut record);
            write_answer(client, &answer, facts.head_method, true, &mut record).await;
            return Outcome {
                keep_alive: false,
                leftover: end.leftover,
            };
        }
        drop(record);
        // A tunnel request has no body, and a client sends nothing more
        // before the 101: nothing of the client's is left to pass on.
        tunnel(client, response, &client_head, forward.url()).await;
        return Outcome {
            keep_alive: false,
            leftover: 0..0,
        };
    }
    let streamed = stream_response(proxy, client, response, &client_head, &mut record).await;
    // Not cut here if a shutdown began after the head went out: that head
    // promised the client more; its next request is answered, with
    // `Connection: close` (the connection's wait for it is short while
    // draining).
    Outcome {
        keep_alive: streamed && end.complete && !client_head.close && !client_head.until_close,
        leftover: end.leftover,
    }
}

/// Writes the client's response head for the upstream's `response`.
fn client_head(
    response: &ResponseHead<'_>,
    facts: &HeadFacts,
    forward: &Forward,
    head_bytes: &[u8],
    peer: SocketAddr,
    config: &crate::config::Config,
    draining: bool,
) -> ClientHead {
    let minor_version = facts.minor_version;
    let close = facts.close || draining;
    if response.is_interim() {
        return interim_head(response, minor_version);
    }
    let unknown_length = matches!(
        response.framing,
        ResponseFraming::Chunked | ResponseFraming::UntilClose
    );
    let chunked = unknown_length && minor_version == 1;
    let until_close = unknown_length && minor_version == 0;
    let close = close || until_close;
    let switching = response.code == 101;
    let mut out = Scratch::take();
    let reason = match response.reason {
        "" => StatusCode::from_u16(response.code)
            .ok()
            .and_then(|status| status.canonical_reason())
            .unwrap_or(""),
        reason => reason,
    };
    write::status_line(&mut out, response.code, reason);
    let slow = switching
        || !forward.response_headers.is_empty()
        || response
            .headers
            .iter()
            .any(|field| is_redirect_field(field.name));
    let mut has_date = false;
    if slow {
        // Rule headers, redirects to rewrite or a tunnel: the general
        // rules on a map (as HTTP/2 responses get them).
        let mut map = header_map(response.headers, response.drop_content_length);
        headers::to_client(&mut map, switching, &forward.response_headers);
        // The request's fields are needed again: its head is read anew.
        let mut slots = crate::h1::field_slots();
        if let Ok(Some(head)) =
            crate::h1::request::parse(head_bytes, &mut slots, head_bytes.len() + 1)
        {
            prefix::rewrite_redirects(&mut map, &forward.upstream, &forwarded(&head, peer, config));
        }
        for (name, value) in &map {
            has_date |= name == http::header::DATE;
            write::header(&mut out, name.as_str().as_bytes(), value.as_bytes());
        }
    } else {
        let mut has_vary = false;
        for field in end_to_end(response) {
            let name = field.name;
            has_vary |= name.eq_ignore_ascii_case("vary");
            has_date |= name.eq_ignore_ascii_case("date");
            write::header(&mut out, name.as_bytes(), field.value);
        }
        if !has_vary {
            out.extend_from_slice(b"vary: accept, cookie\r\n");
        }
    }
    if !has_date {
        write::header(&mut out, b"date", &date::now());
    }
    if chunked {
        out.extend_from_slice(b"transfer-encoding: chunked\r\n");
    }
    if close && !switching {
        out.extend_from_slice(b"connection: close\r\n");
    }
    out.extend_from_slice(b"\r\n");
    tracing::debug!(target: "dispatcher::backend_processing", head = %String::from_utf8_lossy(&out), "response head for the client");
    ClientHead {
        bytes: out,
        chunked,
        until_close,
        close,
    }
}

/// A 1xx answer as the client gets it: its fields but the hop-by-hop
/// ones; nothing for an HTTP/1.0 client, which cannot take one (RFC 9110
/// §15.2).
fn interim_head(response: &ResponseHead<'_>, minor_version: u8) -> ClientHead {
    let mut out = Scratch::take();
    if minor_version == 1 {
        let reason = match response.reason {
            "" => StatusCode::from_u16(response.code)
                .ok()
                .and_then(|status| status.canonical_reason())
                .unwrap_or(""),
            reason => reason,
        };
        write::status_line(&mut out, response.code, reason);
        let options = connection_options(response.headers);
        for field in response.headers {
            if !is_hop_by_hop(field.name) && !options.names(field.name) {
                write::header(&mut out, field.name.as_bytes(), field.value);
            }
        }
        out.extend_from_slice(b"\r\n");
    }
    ClientHead {
        bytes: out,
        chunked: false,
        until_close: false,
        close: false,
    }
}

fn connection_options<'a>(fields: &'a [httparse::Header<'a>]) -> ConnectionOptions<'a> {
    ConnectionOptions::of(
        fields
            .iter()
            .filter(|field| field.name.eq_ignore_ascii_case("connection"))
            .map(|field| field.value),
    )
}

fn is_redirect_field(name: &str) -> bool {
    name.eq_ignore_ascii_case("location")
        || name.eq_ignore_ascii_case("content-location")
        || name.eq_ignore_ascii_case("refresh")
}

/// The upstream's fields that go on to the client of a final response
/// other than 101 (for which [`headers::to_client`] keeps `Upgrade`): none
/// hop-by-hop or named by its `Connection`, and one Content-Length, none
/// where [`ResponseHead::drop_content_length`] says so (RFC 9112 §6.3).
/// What [`header_map`] and [`headers::to_client`] leave, without building
/// and pruning a map (and a Content-Length the upstream repeated, once).
pub fn end_to_end<'a>(
    response: &'a ResponseHead<'a>,
) -> impl Iterator<Item = &'a httparse::Header<'a>> {
    let options = connection_options(response.headers);
    let mut has_length = false;
    response.headers.iter().filter(move |field| {
        let name = field.name;
        if is_hop_by_hop(name) || options.names(name) {
            return false;
        }
        if name.eq_ignore_ascii_case("content-length") {
            if response.drop_content_length || has_length {
                return false;
            }
            has_length = true;
        }
        true
    })
}

/// The upstream's fields as a map (names lower-cased; invalid ones dropped).
pub fn header_map(fields: &[httparse::Header<'_>], drop_content_length: bool) -> HeaderMap {
    map_of(
        fields.iter().filter(|field| {
            !(drop_content_length && field.name.eq_ignore_ascii_case("content-length"))
        }),
        fields.len(),
    )
}

/// `fields` as a map with room for `capacity` (invalid ones dropped).
pub fn map_of<'a>(
    fields: impl Iterator<Item = &'a httparse::Header<'a>>,
    capacity: usize,
) -> HeaderMap {
    let mut map = HeaderMap::with_capacity(capacity);
    for field in fields {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(field.name.as_bytes()),
            HeaderValue::from_bytes(field.value),
        ) {
            map.append(name, value);
        }
    }
    map
}

/// Streams the response body to the client; `true` when it all went out
/// and the connection is in a state to continue.
async fn stream_response(
    proxy: &Proxy,
    client: &mut ClientIo,
    response: exchange::Response,
    client_head: &ClientHead,
    record: &mut AccessRecord,
) -> bool {
    let config = &proxy.config;
    let reusable = response.reusable();
    let exchange::Response {
        mut conn,
        mut buffer,
        head_len,
        filled,
        framing,
        ..
    } = response;
    let mut decoder = framing.decoder();
    let (mut start, mut end) = (head_len, filled);
    let mut head: &[u8] = &client_head.bytes;
    let mut extra_bytes = false;
    loop {
        let decoded = match decoder.decode(&mut buffer[start..end]) {
            Ok(decoded) => decoded,
            Err(error) => {
                record.abort(format!("the upstream's body is malformed: {error}"));
                // Whatever went out stays; the client sees the connection end.
                let _ = write_out(client, head, &[], &[], &[], config).await;
                return false;
            }
        };
        let done = decoder.is_done();
        extra_bytes |= done && start + decoded.consumed < end;
        let data = &buffer[start..start + decoded.data];
        let (line, line_len) = write::chunk_header(data.len());
        let (prefix, suffix): (&[u8], &[u8]) = if client_head.chunked && !data.is_empty() {
            (
                &line[..line_len],
                if done { b"\r\n0\r\n\r\n" } else { b"\r\n" },
            )
        } else if client_head.chunked && done {
            (&[], write::LAST_CHUNK)
        } else {
            (&[], &[])
        };
        if let Err(error) = write_out(client, head, prefix, data, suffix, config).await {
            record.abort(BodyCut::Client(error).to_string());
            return false;
        }
        record.bytes += data.len() as u64;
        tracing::debug!(target: "dispatcher::response_body", bytes = data.len(), "response body chunk");
        head = &[];
        if done {
            break;
        }
        // A large body passed on as it is moves socket to socket, never
        // through this process's memory.
        if !client_head.chunked
            && start + decoded.consumed == end
            && let Some(length) = decoder.remaining_length()
            && length >= splice::MIN_LENGTH
            && let UpstreamStream::Tcp(upstream) = &conn.stream
            && let Some(pipe) = splice::Pipe::new()
        {
            drop(buffer);
            let spliced = splice::relay(
                &pipe,
                upstream.tcp(),
                client.stream.tcp(),
                &mut client.timer,
                config.upstream_timeout,
                config.idle_timeout,
                length,
                &mut record.bytes,
            )
            .await;
            if let Err(cut) = spliced {
                record.abort(cut.to_string());
                return false;
            }
            if reusable {
                pool::put(conn, config.upstream_max_idle);
            }
            return true;
        }
        // Keep a partial chunk line, read the next piece after it. A body
        // that filled the pooled buffer keeps coming: the rest goes through
        // a larger one, in fewer reads and writes (as nginx's several
        // proxy buffers do).
        let keep = start + decoded.consumed..end;
        if end == buffer.capacity() && buffer.capacity() < LARGE_BODY_BUFFER {
            let mut larger = Buffer::with_capacity(LARGE_BODY_BUFFER);
            larger[..keep.len()].copy_from_slice(&buffer[keep.clone()]);
            buffer = larger;
        } else {
            buffer.copy_within(keep.clone(), 0);
        }
        start = 0;
        end = keep.len();
        client.timer.set_after(config.upstream_timeout);
        match client
            .timer
            .run(exchange::read_some(&mut conn, &mut buffer[end..]))
            .await
        {
            Ok(Ok(0)) => {
                if decoder.end_of_input().is_err() {
                    record.abort(BodyCut::UpstreamEnded.to_string());
                    return false;
                }
                if client_head.chunked
                    && let Err(error) =
                        write_out(client, &[], &[], &[], write::LAST_CHUNK, config).await
                {
                    record.abort(BodyCut::Client(error).to_string());
                    return false;
                }
                return true;
            }
            Ok(Ok(n)) => end += n,
            Ok(Err(error)) => {
                record.abort(BodyCut::Upstream(error).to_string());
                return false;
            }
            Err(_) => {
                record.abort(BodyCut::UpstreamSilent(config.upstream_timeout).to_string());
                return false;
            }
        }
    }
    if reusable && !extra_bytes {
        pool::put(conn, config.upstream_max_idle);
    }
    true
}

/// Writes head, chunk line, data and chunk end in one vectored write,
/// bounded by `IDLE_TIMEOUT` (a client that takes nothing for that long is gone).
async fn write_out(
    client: &mut ClientIo,
    head: &[u8],
    prefix: &[u8],
    data: &[u8],
    suffix: &[u8],
    config: &crate::config::Config,
) -> io::Result<()> {
    let mut out = head.chain(prefix).chain(data).chain(suffix);
    if !out.has_remaining() {
        return Ok(());
    }
    client.timer.set_after(config.idle_timeout);
    match client
        .timer
        .run(exchange::write_all(&mut client.stream, &mut out))
        .await
    {
        Ok(result) => result,
        Err(_) => Err(failure::client_silent()),
    }
}

/// A `101 Switching Protocols`: the head goes to the client, then bytes
/// are copied both ways until either side closes.
async fn tunnel(
    client: &mut ClientIo,
    response: exchange::Response,
    client_head: &ClientHead,
    label: String,
) {
    let exchange::Response {
        mut conn,
        buffer,
        head_len,
        filled,
        ..
    } = response;
    let mut out = client_head.bytes.chain(&buffer[head_len..filled]);
    if exchange::write_all(&mut client.stream, &mut out)
        .await
        .is_err()
    {
        return;
    }
    drop(buffer);
    match tokio::io::copy_bidirectional(&mut client.stream, &mut conn).await {
        Ok((to_upstream, to_client)) => tracing::debug!(
            target: "dispatcher::connection",
            tunnel = %label, to_upstream, to_client, "tunnel closed"
        ),
        Err(error) => tracing::debug!(
            target: "dispatcher::connection",
            tunnel = %label, %error, "tunnel ended with an error"
        ),
    }
}

/// Writes a direct answer; `false` if the client could not take it.
pub async fn write_answer(
    client: &mut ClientIo,
    answer: &Answer,
    head_request: bool,
    close: bool,
    record: &mut AccessRecord,
) -> bool {
    let mut out = Scratch::take();
    let reason = answer.status.canonical_reason().unwrap_or("");
    write::status_line(&mut out, answer.status.as_u16(), reason);
    for (name, value) in &answer.headers {
        write::header(&mut out, name.as_str().as_bytes(), value.as_bytes());
    }
    write::content_length(&mut out, answer.body.len() as u64);
    write::header(&mut out, b"date", &date::now());
    if close || client.draining() {
        out.extend_from_slice(b"connection: close\r\n");
    }
    out.extend_from_slice(b"\r\n");
    let body: &[u8] = if head_request { &[] } else { &answer.body };
    record.bytes += body.len() as u64;
    client.timer.set_after(std::time::Duration::from_secs(30));
    let mut bytes = out.chain(body);
    matches!(
        client
            .timer
            .run(exchange::write_all(&mut client.stream, &mut bytes))
            .await,
        Ok(Ok(()))
    )
}

/// What became of the request body.
pub struct BodyEnd {
    /// It was read to its end.
    pub complete: bool,
    /// Bytes after it, within the region.
    pub leftover: Range<usize>,
}

/// An HTTP/1.1 client's request body: first the bytes that came with the
/// head, then reads from the socket; chunked bodies decoded in place.
pub struct ClientBody<'a> {
    stream: &'a mut Socket,
    region: &'a mut [u8],
    /// Decoded body bytes not consumed yet.
    data: Range<usize>,
    /// Bytes read but not decoded yet (a partial chunk line; once the body
    /// is done, what follows it).
    raw: Range<usize>,
    decoder: BodyDecoder,
    framing: UpstreamFraming,
    touched: bool,
    /// `Expect: 100-continue`: answer "100 Continue" before the first read.
    continue_due: bool,
    continue_written: usize,
}

const CONTINUE: &[u8] = b"HTTP/1.1 100 Continue\r\n\r\n";

impl<'a> ClientBody<'a> {
    fn new(stream: &'a mut Socket, region: &'a mut [u8], filled: usize, facts: &HeadFacts) -> Self {
        let decoder = match facts.framing {
            RequestFraming::Empty => BodyDecoder::Done,
            RequestFraming::Length(length) => BodyDecoder::length(length),
            RequestFraming::Chunked => BodyDecoder::chunked(),
        };
        let framing = upstream_framing(facts.framing);
        ClientBody {
            stream,
            region,
            data: 0..0,
            raw: 0..filled,
            decoder,
            framing,
            touched: false,
            continue_due: facts.expect_continue && filled == 0,
            continue_written: 0,
        }
    }

    /// Decodes what is in the buffer; `false` when more input is needed.
    fn decode_buffered(&mut self) -> Result<bool, BodyError> {
        if self.raw.is_empty() && !self.decoder.is_done() {
            return Ok(false);
        }
        let raw = self.raw.clone();
        let decoded = self
            .decoder
            .decode(&mut self.region[raw.clone()])
            .map_err(BodyError::Malformed)?;
        self.data = raw.start..raw.start + decoded.data;
        self.raw = raw.start + decoded.consumed..raw.end;
        Ok(decoded.data > 0 || self.decoder.is_done())
    }

    /// Reads and drops what is left of the body if it is all here
    /// already; `complete` says whether it was.
    fn skip_buffered(mut self) -> BodyEnd {
        while !self.decoder.is_done() {
            self.data = 0..0;
            match self.decode_buffered() {
                Ok(true) => continue,
                _ => break,
            }
        }
        self.finish()
    }

    /// Ends the body's use: whether it was read to its end, and what follows it.
    pub fn finish(self) -> BodyEnd {
        BodyEnd {
            complete: self.decoder.is_done() && self.data.is_empty(),
            leftover: if self.decoder.is_done() {
                self.raw
            } else {
                0..0
            },
        }
    }
}

impl RequestBody for ClientBody<'_> {
    fn framing(&self) -> UpstreamFraming {
        self.framing
    }

    fn poll_data(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BodyError>> {
        loop {
            if !self.data.is_empty() || self.decoder.is_done() {
                return Poll::Ready(Ok(()));
            }
            if self.decode_buffered()? {
                continue;
            }
            // More input needed: keep the partial line at the front.
            if self.raw.start > 0 {
                self.region.copy_within(self.raw.clone(), 0);
                self.raw = 0..self.raw.len();
            }
            if self.raw.end == self.region.len() {
                return Poll::Ready(Err(BodyError::Malformed(crate::h1::FramingError::Chunked(
                    crate::h1::chunked::ChunkError::LineTooLong,
                ))));
            }
            while self.continue_due {
                match ready!(
                    Pin::new(&mut *self.stream).poll_write(cx, &CONTINUE[self.continue_written..])
                ) {
                    Ok(n) => {
                        self.continue_written += n;
                        self.continue_due = self.continue_written < CONTINUE.len();
                    }
                    Err(error) => return Poll::Ready(Err(BodyError::Io(error))),
                }
            }
            let mut read = ReadBuf::new(&mut self.region[self.raw.end..]);
            match ready!(Pin::new(&mut *self.stream).poll_read(cx, &mut read)) {
                Err(error) => return Poll::Ready(Err(BodyError::Io(error))),
                Ok(()) if read.filled().is_empty() => {
                    let truncated = self
                        .decoder
                        .end_of_input()
                        .err()
                        .unwrap_or(crate::h1::FramingError::Truncated);
                    return Poll::Ready(Err(BodyError::Malformed(truncated)));
                }
                Ok(()) => {
                    let n = read.filled().len();
                    tracing::debug!(target: "dispatcher::request_body", bytes = n, "request body bytes");
                    self.raw.end += n;
                }
            }
        }
    }

    fn data(&self) -> &[u8] {
        &self.region[self.data.clone()]
    }

    fn consume(&mut self, count: usize) {
        self.data.start += count;
        self.touched |= count > 0;
    }

    fn is_done(&self) -> bool {
        self.decoder.is_done()
    }

    fn is_untouched(&self) -> bool {
        !self.touched
    }
}
