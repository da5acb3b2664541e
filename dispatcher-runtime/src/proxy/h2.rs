//! Answering one HTTP/2 stream (served by hyper's HTTP/2 server): decided
//! by [`Proxy::decide`], then answered directly or forwarded through the
//! same upstream exchange as HTTP/1.1 clients use. The stream's body is
//! framed for the upstream as it arrives; the upstream's body becomes the
//! stream's DATA frames as it is read ([`ResponseBody`]).

use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http::header::{self, HeaderMap};
use http::{Method, Response, StatusCode};
use hyper::body::{Body, Frame, Incoming, SizeHint};
use tokio::io::{AsyncRead, ReadBuf};

use super::access::AccessRecord;
use super::exchange::{self, BodyError, RequestBody};
use super::forwarded::Forwarded;
use super::request_head::{UpstreamFraming, UpstreamRequest};
use super::upstream::pool;
use super::{Answer, Decision, Incoming as IncomingRequest, Proxy, headers, is_idempotent, prefix};
use crate::action::Forward;
use crate::buffers::{Buffer, Scratch};
use crate::h1::{BodyDecoder, fields};
use crate::matching::RequestHeaders;
use crate::timer::Timer;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Answers one request stream.
///
/// One `async fn` from the request to the response's head: a forwarding
/// step awaited as an `async fn` of its own would be built apart and then
/// copied whole (kilobytes of exchange state) into this one's state.
pub async fn handle(
    proxy: &Proxy,
    peer: SocketAddr,
    request: http::Request<Incoming>,
) -> Response<ResponseBody> {
    let (parts, body) = request.into_parts();
    let (forward, host, mut record) = match decide_stream(proxy, &parts) {
        Stream::Forward(forward, host, record) => (forward, host, record),
        Stream::Answered(response) => return response,
    };
    let parts = &parts;
    let config = &proxy.config;
    let headers = RequestHeaders::Map(&parts.headers);
    let forwarded = Forwarded::new(
        headers,
        peer.ip(),
        host,
        "http",
        config.trusted_hops,
        &config.path_prefix,
    );
    let mut body = StreamBody::new(body, &parts.headers);
    let mut upstream_head = Scratch::take();
    UpstreamRequest {
        method: parts.method.as_str(),
        target: &forward.path_and_query,
        headers,
        forwarded: &forwarded,
        original_path: parts.uri.path(),
        authority: parts.uri.authority().map(|authority| authority.as_str()),
        via: super::request_head::via(http::Version::HTTP_2),
        upgrade: None,
        framing: body.framing(),
        edits: &forward.request_headers,
    }
    .write(&mut upstream_head);
    let request = exchange::Request {
        forward: &forward,
        head: &upstream_head,
        head_method: parts.method == Method::HEAD,
        replayable: body.is_done() && is_idempotent(&parts.method),
        buffer_on_answer: true,
    };
    let mut timer = Timer::new(config.upstream_timeout, config.upstream_timeout);
    let on_head = |response: &crate::h1::ResponseHead<'_>| {
        // What `headers::to_client` leaves of the whole map (a 101 is
        // refused below), built without the pruning.
        let mut map =
            super::h1::map_of(super::h1::end_to_end(response), response.headers.len() + 1);
        headers::add_vary(&mut map);
        headers::add_from_rule(&mut map, &forward.response_headers);
        prefix::rewrite_redirects(&mut map, &forward.upstream, &forwarded);
        map
    };
    let mut result = exchange::exchange(proxy, &request, &mut body, &mut timer, on_head).await;
    // hyper's HTTP/2 server cannot send 1xx answers: they are read past
    // (docs/RELIABILITY.md).
    while let Ok((response, _)) = &result
        && response.interim
    {
        let Ok((response, _)) = result else {
            unreachable!("matched above")
        };
        result = exchange::next_head(proxy, response, &request, &mut timer, on_head).await;
    }
    let (response, map) = match result {
        Ok(done) => done,
        Err(failure) => {
            let answer = proxy.failed(&failure, &forward, &mut record);
            return answer_response(answer, record);
        }
    };
    if response.code == 101 {
        let failure = super::failure::UpstreamFailure::bad_gateway(
            "invalid_response",
            "the upstream switched protocols over HTTP/2".to_owned(),
        );
        let answer = proxy.failed(&failure, &forward, &mut record);
        return answer_response(answer, record);
    }
    record.status = response.code;
    let status = StatusCode::from_u16(response.code).unwrap_or(StatusCode::BAD_GATEWAY);
    let reusable = response.reusable();
    let decoder = response.framing.decoder();
    if decoder.is_done() {
        // No body (HEAD, 204, 304): the connection is free now.
        if reusable && response.filled == response.head_len {
            pool::put(response.conn, config.upstream_max_idle);
        }
        let mut out = Response::new(ResponseBody::full(Bytes::new(), record));
        *out.status_mut() = status;
        *out.headers_mut() = map;
        return out;
    }
    let length = decoder.remaining_length();
    let upstream = UpstreamBody {
        start: response.head_len,
        end: response.filled,
        conn: response.conn,
        buffer: response.buffer,
        decoder,
        reusable,
        timer,
        stall: config.upstream_timeout,
        max_idle: config.upstream_max_idle,
        length,
    };
    let mut out = Response::new(ResponseBody {
        source: Source::Upstream(Box::new(upstream)),
        record: Some(record),
    });
    *out.status_mut() = status;
    *out.headers_mut() = map;
    out
}

/// What becomes of a stream.
enum Stream<'p> {
    /// Forwarded: the rule's target, the Host, the record so far.
    Forward(Forward, Option<&'p str>, AccessRecord),
    /// Answered here.
    Answered(Response<ResponseBody>),
}

fn decide_stream<'p>(proxy: &Proxy, parts: &'p http::request::Parts) -> Stream<'p> {
    let target = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path(), |pq| pq.as_str());
    let mut record = AccessRecord::new(&parts.method, target, proxy.metrics.as_ref());
    let headers = RequestHeaders::Map(&parts.headers);
    let host = parts
        .uri
        .authority()
        .map(|authority| authority.as_str().as_bytes())
        .or_else(|| {
            parts
                .headers
                .get(header::HOST)
                .map(|value| value.as_bytes())
        });
    if let Err(invalid) = super::validity::check(&parts.method, &parts.uri, &parts.headers) {
        let answer = proxy.plain(invalid.status(), &invalid.to_string(), &mut record);
        return Stream::Answered(answer_response(answer, record));
    }
    let incoming = IncomingRequest {
        method: &parts.method,
        target,
        path: parts.uri.path(),
        query: parts.uri.query(),
        headers,
        host,
    };
    match proxy.decide(&incoming, &mut record) {
        Decision::Answer(answer) => Stream::Answered(answer_response(answer, record)),
        Decision::Forward(forward) => {
            let host = host.and_then(crate::matching::headers::text);
            Stream::Forward(forward, host, record)
        }
    }
}

fn answer_response(answer: Answer, record: AccessRecord) -> Response<ResponseBody> {
    let mut response = Response::new(ResponseBody::full(answer.body, record));
    *response.status_mut() = answer.status;
    *response.headers_mut() = answer.headers;
    response
}

/// An HTTP/2 request stream's body, as the exchange reads it.
struct StreamBody {
    incoming: Incoming,
    current: Bytes,
    done: bool,
    touched: bool,
    framing: UpstreamFraming,
}

impl StreamBody {
    fn new(incoming: Incoming, headers: &HeaderMap) -> Self {
        let done = incoming.is_end_stream();
        let length = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|value| fields::content_length(value.as_bytes()));
        let framing = match (done, length) {
            (true, _) | (false, Some(0)) => UpstreamFraming::Empty,
            (false, Some(length)) => UpstreamFraming::Length(length),
            (false, None) => UpstreamFraming::Chunked,
        };
        StreamBody {
            incoming,
            current: Bytes::new(),
            done,
            touched: false,
            framing,
        }
    }
}

impl RequestBody for StreamBody {
    fn framing(&self) -> UpstreamFraming {
        self.framing
    }

    fn poll_data(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BodyError>> {
        while self.current.is_empty() && !self.done {
            match ready!(Pin::new(&mut self.incoming).poll_frame(cx)) {
                None => self.done = true,
                Some(Err(error)) => {
                    return Poll::Ready(Err(BodyError::Io(std::io::Error::other(error))));
                }
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.current = data;
                    }
                    self.done = self.incoming.is_end_stream();
                }
            }
        }
        Poll::Ready(Ok(()))
    }

    fn data(&self) -> &[u8] {
        &self.current
    }

    fn consume(&mut self, count: usize) {
        bytes::Buf::advance(&mut self.current, count);
        self.touched |= count > 0;
    }

    fn is_done(&self) -> bool {
        self.done
    }

    fn is_untouched(&self) -> bool {
        !self.touched
    }
}

/// The body of a response to an HTTP/2 stream: fixed bytes, or an
/// upstream's body read as it comes. The access line is written when it
/// ends (or is dropped: the client reset the stream).
pub struct ResponseBody {
    source: Source,
    record: Option<AccessRecord>,
}

enum Source {
    Full(Option<Bytes>),
    Upstream(Box<UpstreamBody>),
}

struct UpstreamBody {
    conn: super::upstream::UpstreamConn,
    buffer: Buffer,
    /// Undecoded bytes are `buffer[start..end]`.
    start: usize,
    end: usize,
    decoder: BodyDecoder,
    reusable: bool,
    timer: Timer,
    stall: std::time::Duration,
    max_idle: usize,
    length: Option<u64>,
}

impl Default for ResponseBody {
    /// An empty body that is not logged.
    fn default() -> Self {
        ResponseBody {
            source: Source::Full(None),
            record: None,
        }
    }
}

impl ResponseBody {
    pub fn full(bytes: impl Into<Bytes>, record: AccessRecord) -> Self {
        let bytes = bytes.into();
        ResponseBody {
            source: Source::Full((!bytes.is_empty()).then_some(bytes)),
            record: Some(record),
        }
    }

    fn fail(&mut self, reason: String) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        if let Some(record) = &mut self.record {
            record.abort(reason.clone());
        }
        self.record.take();
        self.source = Source::Full(None);
        Poll::Ready(Some(Err(reason.into())))
    }
}

impl UpstreamBody {
    /// The next piece of data, `None` at the end.
    fn poll_piece(&mut self, cx: &mut Context<'_>) -> Poll<Result<Option<Bytes>, String>> {
        loop {
            if self.start < self.end || self.decoder.is_done() {
                let decoded = self
                    .decoder
                    .decode(&mut self.buffer[self.start..self.end])
                    .map_err(|error| format!("the upstream's body is malformed: {error}"))?;
                let data =
                    Bytes::copy_from_slice(&self.buffer[self.start..self.start + decoded.data]);
                let extra = self.decoder.is_done() && self.start + decoded.consumed < self.end;
                self.start += decoded.consumed;
                if self.decoder.is_done() {
                    self.reusable &= !extra;
                    self.start = self.end;
                }
                if !data.is_empty() {
                    return Poll::Ready(Ok(Some(data)));
                }
                if self.decoder.is_done() {
                    return Poll::Ready(Ok(None));
                }
            }
            // Need more: keep a partial chunk line at the front.
            self.buffer.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
            let mut read = ReadBuf::new(&mut self.buffer[self.end..]);
            match Pin::new(&mut self.conn).poll_read(cx, &mut read) {
                Poll::Ready(Ok(())) if read.filled().is_empty() => {
                    self.decoder.end_of_input().map_err(|_| {
                        "the upstream closed the connection before the end of its body".to_owned()
                    })?;
                    self.reusable = false;
                    return Poll::Ready(Ok(None));
                }
                Poll::Ready(Ok(())) => {
                    self.end += read.filled().len();
                    self.timer.set_after(self.stall);
                }
                Poll::Ready(Err(error)) => {
                    return Poll::Ready(Err(format!("the upstream's body failed: {error}")));
                }
                Poll::Pending => {
                    if self.timer.poll_elapsed(cx).is_ready() {
                        return Poll::Ready(Err(format!(
                            "the upstream sent no body data for {} ms",
                            self.stall.as_millis()
                        )));
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        match &mut this.source {
            Source::Full(bytes) => {
                let frame = bytes.take();
                if let (Some(bytes), Some(record)) = (&frame, &mut this.record) {
                    record.bytes += bytes.len() as u64;
                }
                if frame.is_none() {
                    this.record.take();
                }
                Poll::Ready(frame.map(|bytes| Ok(Frame::data(bytes))))
            }
            Source::Upstream(upstream) => match ready!(upstream.poll_piece(cx)) {
                Err(reason) => this.fail(reason),
                Ok(Some(data)) => {
                    if let Some(record) = &mut this.record {
                        record.bytes += data.len() as u64;
                    }
                    tracing::debug!(target: "dispatcher::response_body", bytes = data.len(), "response body chunk");
                    Poll::Ready(Some(Ok(Frame::data(data))))
                }
                Ok(None) => {
                    let Source::Upstream(upstream) =
                        std::mem::replace(&mut this.source, Source::Full(None))
                    else {
                        unreachable!("matched above")
                    };
                    if upstream.reusable {
                        pool::put(upstream.conn, upstream.max_idle);
                    }
                    this.record.take();
                    Poll::Ready(None)
                }
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.source {
            Source::Full(bytes) => bytes.is_none(),
            Source::Upstream(upstream) => upstream.length == Some(0),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.source {
            Source::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Source::Upstream(upstream) => match upstream.length {
                Some(length) => SizeHint::with_exact(length),
                None => SizeHint::default(),
            },
        }
    }
}

impl Drop for ResponseBody {
    fn drop(&mut self) {
        // An upstream body cut short by the client is worth a mention.
        if let (Some(record), Source::Upstream(_)) = (&mut self.record, &self.source) {
            record.abort("the client went away");
        }
    }
}
