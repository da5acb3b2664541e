//! A request body that can be taken back as long as nothing of it has been
//! sent: when a connect fails, the request was never sent (SPEC §3.2), so
//! it may go to another address, body included.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};

use super::upstream::UpstreamBody;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Holds the body until the first attempt starts reading it.
#[derive(Clone)]
pub struct BodySlot(Arc<Mutex<Option<UpstreamBody>>>);

impl BodySlot {
    pub fn new(body: UpstreamBody) -> Self {
        BodySlot(Arc::new(Mutex::new(Some(body))))
    }

    /// Whether the body is still here, i.e. no attempt has read any of it.
    pub fn is_full(&self) -> bool {
        self.0.lock().is_ok_and(|slot| slot.is_some())
    }

    /// A body for one attempt: it takes the real body out of the slot the
    /// first time it is read.
    pub fn attempt(&self) -> ReclaimableBody {
        ReclaimableBody {
            slot: self.clone(),
            taken: None,
        }
    }
}

pub struct ReclaimableBody {
    slot: BodySlot,
    taken: Option<UpstreamBody>,
}

impl Body for ReclaimableBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        if this.taken.is_none() {
            this.taken = this.slot.0.lock().ok().and_then(|mut slot| slot.take());
        }
        match &mut this.taken {
            Some(body) => Pin::new(body).poll_frame(cx),
            // Another attempt has the body: this one sends nothing more.
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.taken {
            Some(body) => body.is_end_stream(),
            None => self.slot.0.lock().map_or(true, |slot| {
                slot.as_ref().is_none_or(|body| body.is_end_stream())
            }),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.taken {
            Some(body) => body.size_hint(),
            None => self
                .slot
                .0
                .lock()
                .ok()
                .and_then(|slot| slot.as_ref().map(Body::size_hint))
                .unwrap_or_else(|| SizeHint::with_exact(0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::{BodyExt, Full};

    use super::*;

    fn body(text: &'static str) -> UpstreamBody {
        Full::new(Bytes::from_static(text.as_bytes()))
            .map_err(|never| match never {})
            .boxed_unsync()
    }

    #[tokio::test]
    async fn an_unread_attempt_leaves_the_body_for_the_next() {
        let slot = BodySlot::new(body("payload"));
        let unread = slot.attempt();
        assert_eq!(
            unread.size_hint().exact(),
            Some(7),
            "the head can still be framed"
        );
        drop(unread);
        assert!(slot.is_full());
        let sent = slot.attempt().collect().await.unwrap().to_bytes();
        assert_eq!(&sent[..], b"payload");
        assert!(!slot.is_full(), "once read, it cannot be sent again");
    }
}
