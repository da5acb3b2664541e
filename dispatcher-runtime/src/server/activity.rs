//! What one client connection is doing: how many requests are in flight,
//! whether it speaks HTTP/2 or has become a tunnel, whether it is draining
//! for a shutdown, and whether the connection layer saw a request head with
//! both Content-Length and Transfer-Encoding.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::watch;

#[derive(Clone)]
pub struct Activity(Arc<Inner>);

struct Inner {
    in_flight: watch::Sender<usize>,
    tunnel: AtomicBool,
    http2: AtomicBool,
    draining: AtomicBool,
    head_conflict: AtomicBool,
}

/// Held while a request is in flight: from its head to the end of its response body.
pub struct InFlight(Activity);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0
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
            head_conflict: AtomicBool::new(false),
        }))
    }
}

impl Activity {
    pub fn begin(&self) -> InFlight {
        self.0.in_flight.send_modify(|count| *count += 1);
        InFlight(self.clone())
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

    pub fn flag_head_conflict(&self) {
        self.0.head_conflict.store(true, Ordering::Release);
    }

    /// Whether the request being handled had the conflict (clears the flag).
    pub fn take_head_conflict(&self) -> bool {
        self.0.head_conflict.swap(false, Ordering::AcqRel)
    }
}
