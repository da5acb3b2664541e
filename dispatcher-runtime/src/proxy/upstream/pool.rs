//! Idle upstream connections, kept per worker thread for the next request
//! to the same address (nginx's upstream `keepalive`): no lock, no task per
//! connection. The newest idle connection is reused first; one the
//! upstream has closed is found and dropped when taken, and a sweep every
//! few seconds drops those closed or idle too long.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::time::Duration;

use super::UpstreamConn;

/// How long an unused connection is kept (hyper's pool default).
pub const IDLE_FOR: Duration = Duration::from_secs(90);

struct Idle {
    conn: UpstreamConn,
    /// On the coarse clock (`timer::coarse_nanos`).
    since: u64,
}

/// By address (a fast hash: the addresses come from the configuration and
/// name resolution, not from clients).
type Pool = HashMap<SocketAddr, VecDeque<Idle>, foldhash::fast::RandomState>;

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool::default());
}

/// An idle connection to `address` (speaking TLS to `server_name`, when
/// given) that is still open.
pub fn take(address: SocketAddr, server_name: Option<&str>) -> Option<UpstreamConn> {
    POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        let idle = pool.get_mut(&address)?;
        while let Some(position) = idle
            .iter()
            .rposition(|entry| entry.conn.server_name.as_deref() == server_name)
        {
            let entry = idle.remove(position)?;
            if !entry.conn.is_closed() {
                return Some(entry.conn);
            }
            tracing::debug!(target: "dispatcher::connection", %address, "pooled upstream connection was closed");
        }
        None
    })
}

/// Keeps `conn` for a later request, at most `max_idle` per address (the
/// oldest goes first).
pub fn put(conn: UpstreamConn, max_idle: usize) {
    if max_idle == 0 {
        return;
    }
    let address = conn.address;
    // During thread teardown the pool may be gone: then the connection closes.
    let _ = POOL.try_with(|pool| {
        let mut pool = pool.borrow_mut();
        let idle = pool.entry(address).or_default();
        while idle.len() >= max_idle {
            idle.pop_front();
        }
        idle.push_back(Idle {
            conn,
            since: crate::timer::coarse_nanos(),
        });
    });
}

/// Drops connections closed by their upstream or idle longer than `IDLE_FOR`.
pub fn sweep() {
    let now = crate::timer::coarse_nanos();
    let idle_for = IDLE_FOR.as_nanos() as u64;
    POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        for idle in pool.values_mut() {
            idle.retain(|entry| {
                now.saturating_sub(entry.since) < idle_for && !entry.conn.is_closed()
            });
        }
        pool.retain(|_, idle| !idle.is_empty());
    });
}

/// How many idle connections this thread keeps (for tests).
pub fn idle_count() -> usize {
    POOL.with(|pool| pool.borrow().values().map(VecDeque::len).sum())
}
