//! A worker's stop signal: set once when the worker stops accepting, then
//! looked at by every connection between requests. Looking is one atomic
//! load (tokio-util's `CancellationToken::is_cancelled` takes a lock, and a
//! request looks several times); waiting for it is the token's future.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio_util::sync::{CancellationToken, WaitForCancellationFuture};

#[derive(Clone, Default)]
pub struct Stop {
    token: CancellationToken,
    set: Arc<AtomicBool>,
}

impl Stop {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the signal: `is_set` is true from here on, `cancelled` resolves.
    pub fn set(&self) {
        self.set.store(true, Ordering::Relaxed);
        self.token.cancel();
    }

    pub fn is_set(&self) -> bool {
        self.set.load(Ordering::Relaxed)
    }

    /// A handle that only looks at the signal (no lock to clone it).
    pub fn watch(&self) -> StopWatch {
        StopWatch(Arc::clone(&self.set))
    }

    /// Resolves once the signal is set.
    pub fn cancelled(&self) -> WaitForCancellationFuture<'_> {
        self.token.cancelled()
    }
}

/// Looks at a [`Stop`] signal.
pub struct StopWatch(Arc<AtomicBool>);

impl StopWatch {
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_set_signal_is_seen_by_every_clone_and_wakes_a_waiter() {
        let stop = Stop::new();
        let clone = stop.clone();
        let watch = stop.watch();
        assert!(!clone.is_set() && !watch.is_set());
        let waiter = tokio::spawn(async move { clone.cancelled().await });
        tokio::task::yield_now().await;
        stop.set();
        assert!(stop.is_set() && watch.is_set());
        tokio::time::timeout(std::time::Duration::from_secs(60), waiter)
            .await
            .expect("the waiter woke")
            .unwrap();
    }
}
