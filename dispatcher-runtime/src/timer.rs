//! One deadline per connection, moved rather than re-armed.
//!
//! Every phase of an HTTP/1.1 connection has a timeout (idle, head, upstream
//! answer, body gaps), so a request would otherwise re-arm a tokio timer
//! several times, each a trip through the timer wheel. Here the timer is
//! armed at most `granularity` ahead (the shortest timeout in play), and
//! setting a later deadline only records it: when the timer fires early it
//! re-arms itself towards the recorded deadline. So the common case, a new
//! deadline later than the armed one, costs one clock read.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::time::{Instant, Sleep};

pub struct Timer {
    sleep: Pin<Box<Sleep>>,
    deadline: Instant,
    granularity: Duration,
}

/// A deadline passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed;

impl Timer {
    pub fn new(deadline: Instant, granularity: Duration) -> Self {
        let granularity = granularity.max(Duration::from_millis(1));
        let armed = deadline.min(Instant::now() + granularity);
        Timer {
            sleep: Box::pin(tokio::time::sleep_until(armed)),
            deadline,
            granularity,
        }
    }

    /// The deadline is now `after` from now.
    pub fn set_after(&mut self, after: Duration) {
        self.set(Instant::now() + after);
    }

    pub fn set(&mut self, deadline: Instant) {
        self.deadline = deadline;
        if deadline < self.sleep.deadline() {
            self.sleep.as_mut().reset(deadline);
        }
    }

    /// Ready once the deadline has passed.
    pub fn poll_elapsed(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            ready!(self.sleep.as_mut().poll(cx));
            let now = Instant::now();
            if now >= self.deadline {
                return Poll::Ready(());
            }
            let next = self.deadline.min(now + self.granularity);
            self.sleep.as_mut().reset(next);
        }
    }

    /// Runs `future` until it completes or the deadline passes.
    pub async fn run<F: Future>(&mut self, future: F) -> Result<F::Output, Elapsed> {
        let mut future = std::pin::pin!(future);
        std::future::poll_fn(|cx| {
            if let Poll::Ready(output) = future.as_mut().poll(cx) {
                return Poll::Ready(Ok(output));
            }
            self.poll_elapsed(cx).map(|()| Err(Elapsed))
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_later_deadline_is_kept_and_an_earlier_one_wins() {
        let mut timer = Timer::new(
            Instant::now() + Duration::from_secs(300),
            Duration::from_secs(1),
        );
        // Moved later many times: fires only at the last deadline.
        let started = Instant::now();
        for _ in 0..10 {
            timer.set_after(Duration::from_secs(5));
        }
        timer.run(std::future::pending::<()>()).await.unwrap_err();
        assert_eq!(started.elapsed(), Duration::from_secs(5));
        // Moved earlier: fires then.
        timer.set_after(Duration::from_secs(300));
        timer.set_after(Duration::from_millis(20));
        let started = Instant::now();
        timer.run(std::future::pending::<()>()).await.unwrap_err();
        assert_eq!(started.elapsed(), Duration::from_millis(20));
        // A future that completes first is not cut.
        timer.set_after(Duration::from_secs(1));
        assert_eq!(timer.run(async { 7 }).await, Ok(7));
    }
}
