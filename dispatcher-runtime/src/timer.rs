//! The deadlines of one worker, checked by one sweeper task.
//!
//! Every phase of an HTTP/1.1 connection has a timeout (idle, head,
//! upstream answer, body gaps), so a connection moves its deadline several
//! times per request. With a tokio `Sleep` per connection, each move is a
//! trip through tokio's timer wheel and each connection holds a boxed
//! `Sleep` (about 130 bytes with its allocation) even while idle. Here a
//! deadline is a slot in the worker's table: moving it is one store,
//! waiting on it stores the task's waker once, and one sweeper task per
//! worker wakes the tasks whose deadline has passed. This is what nginx
//! does with its timer tree, at a coarser grain: a deadline is noticed up
//! to one tick late (a sixteenth of the shortest timeout in play, at most
//! 100 ms), which is nothing beside timeouts of seconds.
//!
//! A timer belongs to the thread that made it: every worker runs a
//! current-thread runtime, and tasks never change threads there.

use std::cell::RefCell;
use std::future::Future;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use tokio::time::Instant;

/// The sweep interval's bounds.
const FINEST_TICK: Duration = Duration::from_millis(1);
const COARSEST_TICK: Duration = Duration::from_millis(100);

/// A connection's (or stream's) one deadline, moved rather than re-armed.
pub struct Timer {
    slot: u32,
}

/// A deadline passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed;

struct Slot {
    /// On the coarse clock ([`coarse_nanos`]): a plain integer, so that
    /// moving it is an add, not `Instant` arithmetic (about 60
    /// instructions, four or five times a request).
    deadline: u64,
    /// The task waiting on this deadline (the last one to poll it).
    waker: Option<Waker>,
    /// Set by the sweeper once `deadline` has passed; cleared when the
    /// deadline moves.
    expired: bool,
}

/// One worker's deadlines.
struct Table {
    slots: Vec<Slot>,
    free: Vec<u32>,
    /// Slots with a waker: while there are any, the sweeper ticks.
    waiting: usize,
    tick: Duration,
    /// Whether this thread's sweeper task is running, and its waker while
    /// it waits for something to watch.
    sweeper_running: bool,
    sweeper: Option<Waker>,
}

thread_local! {
    static TABLE: RefCell<Table> = const {
        RefCell::new(Table {
            slots: Vec::new(),
            free: Vec::new(),
            waiting: 0,
            tick: COARSEST_TICK,
            sweeper_running: false,
            sweeper: None,
        })
    };
}

impl Timer {
    /// A timer whose deadline is `after` from now; `granularity` is the
    /// shortest timeout it will be given, which bounds how late the
    /// sweeper may notice it. Must be called within the worker's
    /// (current-thread) runtime.
    pub fn new(after: Duration, granularity: Duration) -> Self {
        debug_assert_eq!(
            tokio::runtime::Handle::current().runtime_flavor(),
            tokio::runtime::RuntimeFlavor::CurrentThread,
            "a Timer's table is per thread: it needs a current-thread runtime"
        );
        let tick = (granularity / 16).clamp(FINEST_TICK, COARSEST_TICK);
        let deadline = deadline_after(after);
        let (slot, start_sweeper) = TABLE.with_borrow_mut(|table| {
            table.tick = table.tick.min(tick);
            let fresh = Slot {
                deadline,
                waker: None,
                expired: false,
            };
            let slot = match table.free.pop() {
                Some(slot) => {
                    table.slots[slot as usize] = fresh;
                    slot
                }
                None => {
                    table.slots.push(fresh);
                    u32::try_from(table.slots.len() - 1).expect("fewer than 2^32 timers")
                }
            };
            let start = !table.sweeper_running;
            table.sweeper_running = true;
            (slot, start)
        });
        if start_sweeper {
            tokio::spawn(sweep());
        }
        Timer { slot }
    }

    /// The deadline is now `after` from now (on the coarse clock).
    pub fn set_after(&mut self, after: Duration) {
        let deadline = deadline_after(after);
        TABLE.with_borrow_mut(|table| {
            let slot = &mut table.slots[self.slot as usize];
            slot.deadline = deadline;
            slot.expired = false;
        });
    }

    /// Ready once the sweeper has seen the deadline pass.
    pub fn poll_elapsed(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        TABLE.with_borrow_mut(|table| {
            let slot = &mut table.slots[self.slot as usize];
            if slot.expired {
                return Poll::Ready(());
            }
            match &slot.waker {
                Some(waker) if waker.will_wake(cx.waker()) => {}
                Some(_) => slot.waker = Some(cx.waker().clone()),
                None => {
                    slot.waker = Some(cx.waker().clone());
                    table.waiting += 1;
                    if table.waiting == 1
                        && let Some(sweeper) = table.sweeper.take()
                    {
                        sweeper.wake();
                    }
                }
            }
            Poll::Pending
        })
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

impl Drop for Timer {
    fn drop(&mut self) {
        // The table outlives every timer of its thread, except while the
        // thread itself ends: then there is nothing to give back.
        let _ = TABLE.try_with(|table| {
            let mut table = table.borrow_mut();
            let slot = &mut table.slots[self.slot as usize];
            if slot.waker.take().is_some() {
                table.waiting -= 1;
            }
            table.free.push(self.slot);
        });
    }
}

/// Wakes every task waiting on a deadline of this thread, expired or not:
/// at shutdown, idle connections look at the stop token again.
pub fn wake_all() {
    let wakers: Vec<Waker> = TABLE.with_borrow_mut(|table| {
        table.waiting = 0;
        table
            .slots
            .iter_mut()
            .filter_map(|slot| slot.waker.take())
            .collect()
    });
    wakers.into_iter().for_each(Waker::wake);
}

/// The coarse clock's reading `after` from now, saturating.
fn deadline_after(after: Duration) -> u64 {
    let after = u64::try_from(after.as_nanos()).unwrap_or(u64::MAX);
    coarse_nanos().saturating_add(after)
}

/// Nanoseconds, as of the kernel's last clock tick
/// (`CLOCK_MONOTONIC_COARSE`, one to ten milliseconds apart): deadlines
/// are set and checked on it, so one fires up to a kernel tick early or
/// late, besides the sweep tick it may be noticed late by. Reading it costs no
/// TSC read: about 10 ns against 40 to 50 for `Instant::now()` on a
/// virtual machine (`cargo run --release -p dispatcher-bench --bin
/// call-cost`), and a request moves its deadlines four or five times.
#[cfg(not(test))]
pub fn coarse_nanos() -> u64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: writes one `timespec` into `now`; this clock exists on
    // every Linux since 2.6.32 and cannot fail with a valid pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC_COARSE, &mut now) };
    (now.tv_sec as u64) * 1_000_000_000 + now.tv_nsec as u64
}

/// Under test, tokio's clock (which the unit tests below pause and move)
/// in nanoseconds from the thread's first reading.
#[cfg(test)]
pub fn coarse_nanos() -> u64 {
    thread_local! {
        static BASE: Instant = Instant::now();
    }
    let since = BASE.with(|base| Instant::now().duration_since(*base));
    u64::try_from(since.as_nanos()).unwrap_or(u64::MAX)
}

/// [`coarse_nanos`] as an `Instant`, for what tokio's own timers need.
pub fn coarse_now() -> Instant {
    thread_local! {
        /// The same moment on both clocks (within a kernel tick).
        static BASE: (Instant, u64) = (Instant::now(), coarse_nanos());
    }
    BASE.with(|&(at, coarse_at)| {
        at + Duration::from_nanos(coarse_nanos().saturating_sub(coarse_at))
    })
}

/// Marks the passed deadlines and wakes their tasks, every tick while
/// any task waits on a deadline. Runs as long as the runtime does.
async fn sweep() {
    struct Running;
    impl Drop for Running {
        fn drop(&mut self) {
            // The runtime dropped this task: a later one on this thread
            // starts a new sweeper.
            let _ = TABLE.try_with(|table| table.borrow_mut().sweeper_running = false);
        }
    }
    let _running = Running;
    let mut woken = Vec::new();
    loop {
        std::future::poll_fn(|cx| {
            TABLE.with_borrow_mut(|table| {
                if table.waiting > 0 {
                    Poll::Ready(())
                } else {
                    table.sweeper = Some(cx.waker().clone());
                    Poll::Pending
                }
            })
        })
        .await;
        let tick = TABLE.with_borrow(|table| table.tick);
        tokio::time::sleep(tick).await;
        let now = coarse_nanos();
        TABLE.with_borrow_mut(|table| {
            let mut expired = 0;
            for slot in &mut table.slots {
                if !slot.expired && slot.deadline <= now {
                    slot.expired = true;
                    if let Some(waker) = slot.waker.take() {
                        woken.push(waker);
                        expired += 1;
                    }
                }
            }
            table.waiting -= expired;
        });
        // Woken outside the table's borrow: a waker may run code that
        // touches a timer.
        woken.drain(..).for_each(Waker::wake);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRANULARITY: Duration = Duration::from_secs(1);
    /// How late the sweeper may notice a deadline with `GRANULARITY`.
    const LATE: Duration = Duration::from_millis(1000 / 16);

    /// Waits until `timer` fires (bounded: a timer that never fires fails
    /// the test rather than hanging it).
    async fn fired(timer: &mut Timer) {
        let wait = timer.run(std::future::pending::<()>());
        let fired = tokio::time::timeout(Duration::from_secs(3600), wait).await;
        assert_eq!(fired, Ok(Err(Elapsed)), "the timer never fired");
    }

    fn assert_fired(started: Instant, after: Duration) {
        let took = started.elapsed();
        assert!(
            took >= after && took <= after + LATE,
            "fired after {took:?}, wanted {after:?} (+ at most {LATE:?})"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_later_deadline_is_kept_and_an_earlier_one_wins() {
        let mut timer = Timer::new(Duration::from_secs(300), GRANULARITY);
        // Moved later many times: fires only at the last deadline.
        let started = Instant::now();
        for _ in 0..10 {
            timer.set_after(Duration::from_secs(5));
        }
        fired(&mut timer).await;
        assert_fired(started, Duration::from_secs(5));
        // Moved earlier: fires then.
        timer.set_after(Duration::from_secs(300));
        timer.set_after(Duration::from_secs(2));
        let started = Instant::now();
        fired(&mut timer).await;
        assert_fired(started, Duration::from_secs(2));
        // A future that completes first is not cut.
        timer.set_after(Duration::from_secs(1));
        assert_eq!(timer.run(async { 7 }).await, Ok(7));
    }

    #[tokio::test(start_paused = true)]
    async fn each_timer_fires_at_its_own_deadline_and_a_dropped_one_never() {
        let mut short = Timer::new(Duration::from_secs(3), GRANULARITY);
        let mut long = Timer::new(Duration::from_secs(9), GRANULARITY);
        let dropped = Timer::new(Duration::from_secs(1), GRANULARITY);
        drop(dropped);
        let started = Instant::now();
        fired(&mut short).await;
        assert_fired(started, Duration::from_secs(3));
        fired(&mut long).await;
        assert_fired(started, Duration::from_secs(9));
        // The dropped timer's slot is reused by the next one.
        let reused = Timer::new(Duration::from_secs(1), GRANULARITY);
        assert!(TABLE.with_borrow(|table| table.slots.len()) <= 3);
        drop(reused);
    }

    #[tokio::test(start_paused = true)]
    async fn wake_all_wakes_a_waiting_task_before_its_deadline() {
        let mut timer = Timer::new(Duration::from_secs(60), GRANULARITY);
        let started = Instant::now();
        let mut polls = 0;
        std::future::poll_fn(|cx| {
            polls += 1;
            if polls == 1 {
                assert!(timer.poll_elapsed(cx).is_pending());
                wake_all();
                return Poll::Pending;
            }
            Poll::Ready(())
        })
        .await;
        assert_eq!(polls, 2);
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
