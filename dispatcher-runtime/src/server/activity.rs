//! What one client connection is doing: how many requests are in flight,
//! whether it speaks HTTP/2 or has become a tunnel, whether it is draining
//! for a shutdown, and which request, if any, the connection layer refused
//! for its framing (see `request_framing`).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;

use super::request_framing::Refusal;

#[derive(Clone)]
pub struct Activity(Arc<Inner>);

struct Inner {
    in_flight: watch::Sender<usize>,
    tunnel: AtomicBool,
    http2: AtomicBool,
    draining: AtomicBool,
    /// Requests begun on the connection.
    begun: AtomicU64,
    /// The number of the request the connection layer refused (0: none).
    refused: AtomicU64,
    refusal: Mutex<Option<Refusal>>,
}

/// Held while a request is in flight: from its head to the end of its response body.
pub struct InFlight {
    activity: Activity,
    /// The request's number on its connection: 1 for the first.
    number: u64,
}

impl InFlight {
    /// Why the connection layer refused this request, if it did. Requests
    /// of an HTTP/1 connection begin in the order their heads arrived.
    pub fn refusal(&self) -> Option<Refusal> {
        let inner = &self.activity.0;
        if inner.refused.load(Ordering::Acquire) != self.number {
            return None;
        }
        *inner.refusal.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.activity
            .0
            .in_flight
            .send_modify(|count| *count = count.saturating_sub(1));
    }
}

impl Default for Activity {
    fn default() -> Self {
        Activity(Arc::new(Inner {
            in_flight: watch::Sender::new(0),
            tunnel: AtomicBool::new(false),
            http2: AtomicBool::new(false),
            draining: AtomicBool::new(false),
            begun: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            refusal: Mutex::new(None),
        }))
    }
}

impl Activity {
    pub fn begin(&self) -> InFlight {
        self.0.in_flight.send_modify(|count| *count += 1);
        InFlight {
            activity: self.clone(),
            number: self.0.begun.fetch_add(1, Ordering::Relaxed) + 1,
        }
    }

    pub fn in_flight(&self) -> usize {
        *self.0.in_flight.borrow()
    }

    /// Resolves once no request has been in flight for `idle`.
    pub async fn idle_for(&self, idle: Duration) {
        let mut changes = self.0.in_flight.subscribe();
        loop {
            while *changes.borrow_and_update() > 0 {
                if changes.changed().await.is_err() {
                    return;
                }
            }
            if tokio::time::timeout(idle, changes.changed()).await.is_err() {
                return;
            }
        }
    }

    /// The connection now carries a tunnel: no more request timeouts apply.
    pub fn mark_tunnel(&self) {
        self.0.tunnel.store(true, Ordering::Release);
    }

    pub fn is_tunnel(&self) -> bool {
        self.0.tunnel.load(Ordering::Acquire)
    }

    pub fn mark_http2(&self) {
        self.0.http2.store(true, Ordering::Release);
    }

    pub fn is_http2(&self) -> bool {
        self.0.http2.load(Ordering::Acquire)
    }

    /// The server is shutting down: HTTP/1 responses now end the connection.
    pub fn start_draining(&self) {
        self.0.draining.store(true, Ordering::Release);
    }

    pub fn is_draining(&self) -> bool {
        self.0.draining.load(Ordering::Acquire)
    }

    /// The connection layer refused request `number` (1 for the first) for
    /// `reason`: its handler answers it and the connection closes.
    pub fn refuse(&self, number: u64, reason: Refusal) {
        *self.0.refusal.lock().unwrap_or_else(|e| e.into_inner()) = Some(reason);
        self.0.refused.store(number, Ordering::Release);
    }
}
