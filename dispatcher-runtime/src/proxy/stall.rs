//! Bodies that may not stall: a body passed through the proxy fails once no
//! frame has arrived for a bound, so a client trickling its upload or an
//! upstream trickling its download cannot hold a request open forever. A
//! failure of the client's body (bad chunked encoding) is marked as the
//! client's, so it is answered 400 rather than blamed on the upstream.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

/// Which side of the proxy went quiet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The client, sending a request body (`REQUEST_BODY_TIMEOUT`).
    Client,
    /// The upstream, sending a response body (`UPSTREAM_TIMEOUT`).
    Upstream,
}

/// No body data arrived for `after`.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the {} sent no body data for {} ms", match .side { Side::Client => "client", Side::Upstream => "upstream" }, .after.as_millis())]
pub struct BodyStalled {
    pub side: Side,
    pub after: Duration,
}

/// The client's request body was malformed or cut off.
#[derive(Debug, thiserror::Error)]
#[error("the request body is malformed: {0}")]
pub struct ClientBodyBroken(#[source] pub Box<dyn std::error::Error + Send + Sync>);

/// `inner`, failing with [`BodyStalled`] when a frame takes longer than `limit`.
pub struct StallGuard<B> {
    inner: B,
    limit: Duration,
    side: Side,
    deadline: Pin<Box<Sleep>>,
}

impl<B> StallGuard<B> {
    pub fn new(inner: B, limit: Duration, side: Side) -> Self {
        StallGuard {
            inner,
            limit,
            side,
            deadline: Box::pin(tokio::time::sleep(limit)),
        }
    }
}

impl<B> Body for StallGuard<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                let limit = this.limit;
                this.deadline.as_mut().reset(Instant::now() + limit);
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(match this.side {
                Side::Client => Box::new(ClientBodyBroken(error.into())),
                Side::Upstream => error.into(),
            }))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyStalled {
                    side: this.side,
                    after: this.limit,
                })))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
