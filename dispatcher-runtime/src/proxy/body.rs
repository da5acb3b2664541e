//! The body of every response the dispatcher sends, and the access log line
//! (`log::AccessLine`) written when it ends.
//!
//! A forwarded body is streamed frame by frame, never gathered (SPEC §3.1).
//! If the upstream fails mid-body the error is passed to hyper, which aborts
//! the client connection (HTTP/1.1) or resets the stream (HTTP/2), so a
//! truncated body never looks complete (SPEC §3.5).

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::Bytes;
use http::{Method, StatusCode};
use hyper::body::{Body, Frame, Incoming, SizeHint};

use super::stall::StallGuard;
use crate::base_url::BaseUrl;
use crate::metrics::Metrics;
use crate::server::InFlight;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// One request as the access log sees it; logged once, when the response
/// body ends or is dropped.
pub struct RequestRecord {
    method: Method,
    path: String,
    started: Instant,
    pub status: StatusCode,
    pub upstream: Option<BaseUrl>,
    pub rule_line: Option<u32>,
    bytes: u64,
    aborted: Option<String>,
    _in_flight: InFlight,
    metrics: Option<Arc<Metrics>>,
}

impl RequestRecord {
    pub fn new(
        method: &Method,
        path: &str,
        started: Instant,
        in_flight: InFlight,
        metrics: Option<Arc<Metrics>>,
    ) -> Self {
        RequestRecord {
            method: method.clone(),
            path: path.to_owned(),
            started,
            status: StatusCode::OK,
            upstream: None,
            rule_line: None,
            bytes: 0,
            aborted: None,
            _in_flight: in_flight,
            metrics,
        }
    }
}

impl Drop for RequestRecord {
    fn drop(&mut self) {
        let logged = match self.aborted {
            None => tracing::enabled!(target: "dispatcher::access", tracing::Level::INFO),
            Some(_) => tracing::enabled!(target: "dispatcher::access", tracing::Level::WARN),
        };
        if !logged && self.metrics.is_none() {
            return;
        }
        let elapsed = self.started.elapsed();
        // `scheme://host[:port]`, spelled out only when someone reads it.
        let upstream = self.upstream.as_ref().map(BaseUrl::origin);
        if let Some(metrics) = &self.metrics {
            metrics.request(
                self.rule_line,
                self.status.as_u16(),
                upstream.as_deref(),
                elapsed,
            );
        }
        if !logged {
            return;
        }
        crate::log::AccessLine {
            method: self.method.as_str(),
            path: &self.path,
            status: self.status.as_u16(),
            upstream: upstream.as_deref().unwrap_or("-"),
            rule: self.rule_line,
            bytes: self.bytes,
            duration_ms: elapsed.as_secs_f64() * 1000.0,
            aborted: self.aborted.as_deref(),
        }
        .write();
    }
}

enum Source {
    Full(Option<Bytes>),
    Upstream(StallGuard<Incoming>),
}

/// A response body: fixed bytes, or an upstream's body streamed through.
pub struct ResponseBody {
    source: Source,
    record: Option<RequestRecord>,
}

impl Default for ResponseBody {
    /// An empty body that is not logged (the 101 of an h2c upgrade).
    fn default() -> Self {
        ResponseBody {
            source: Source::Full(None),
            record: None,
        }
    }
}

impl ResponseBody {
    pub fn full(bytes: impl Into<Bytes>, record: RequestRecord) -> Self {
        let bytes = bytes.into();
        ResponseBody {
            source: Source::Full((!bytes.is_empty()).then_some(bytes)),
            record: Some(record),
        }
    }

    pub fn upstream(body: StallGuard<Incoming>, record: RequestRecord) -> Self {
        ResponseBody {
            source: Source::Upstream(body),
            record: Some(record),
        }
    }

    fn count(&mut self, bytes: usize) {
        tracing::debug!(target: "dispatcher::response_body", bytes, "response body chunk");
        if let Some(record) = &mut self.record {
            record.bytes += bytes as u64;
        }
    }

    /// Ends the record now, so the access line is written when the last
    /// frame goes out rather than when hyper drops the body.
    fn finish(&mut self) {
        self.record.take();
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
        let polled = match &mut this.source {
            Source::Full(bytes) => Poll::Ready(bytes.take().map(|bytes| Ok(Frame::data(bytes)))),
            Source::Upstream(body) => match Pin::new(body).poll_frame(cx) {
                Poll::Ready(Some(Err(error))) => {
                    let reason = format!("upstream body failed: {error}");
                    if let Some(record) = &mut this.record {
                        record.aborted = Some(reason.clone());
                    }
                    this.finish();
                    return Poll::Ready(Some(Err(reason.into())));
                }
                Poll::Ready(Some(Ok(frame))) => Poll::Ready(Some(Ok(frame))),
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Pending => Poll::Pending,
            },
        };
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    let length = data.len();
                    this.count(length);
                }
                if this.is_end_stream() {
                    this.finish();
                }
            }
            Poll::Ready(None) => this.finish(),
            _ => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        match &self.source {
            Source::Full(bytes) => bytes.is_none(),
            Source::Upstream(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.source {
            Source::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Source::Upstream(body) => body.size_hint(),
        }
    }
}

impl Drop for ResponseBody {
    fn drop(&mut self) {
        // A fixed body dropped unread is a HEAD request or a client that left
        // early: both harmless. An upstream body cut short is worth a mention.
        if let (Some(record), Source::Upstream(body)) = (&mut self.record, &self.source)
            && !body.is_end_stream()
        {
            record
                .aborted
                .get_or_insert_with(|| "the client went away".to_owned());
        }
    }
}
