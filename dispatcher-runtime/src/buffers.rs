//! Read buffers, lent per request and returned while a connection is idle,
//! as nginx does between keep-alive requests: an idle connection holds no
//! buffer, and a busy worker reuses the same few instead of allocating.
//! A request's future is lent its memory the same way ([`Lent`]).
//!
//! Each worker thread keeps its own pool (no lock, no cross-thread traffic).

use std::alloc::Layout;
use std::cell::RefCell;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::ptr::NonNull;
use std::task::{Context, Poll};

/// The size of a pooled buffer: a request or response head of ordinary
/// size fits with room for body bytes; bodies stream through it.
pub const SIZE: usize = 16 * 1024;

/// How many free buffers (and blocks of each layout) a worker keeps; more
/// are freed. A busy request holds two buffers (the client's and the
/// upstream's), so 64 connections at work need 128: a smaller pool would
/// free and re-allocate (and zero) buffers all the time under such a load.
/// At most 4 MiB of buffers are kept.
const KEPT: usize = 256;

thread_local! {
    static FREE: RefCell<Vec<Box<[u8]>>> = const { RefCell::new(Vec::new()) };
    static SCRATCH: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
    /// Free blocks for [`Lent`], by layout (a worker has a handful of
    /// future types, so a short list).
    static BLOCKS: RefCell<Vec<(Layout, Vec<NonNull<u8>>)>> = const { RefCell::new(Vec::new()) };
}

/// A growable buffer for writing a head into, from the worker's pool:
/// empty when taken, returned (emptied) when dropped.
pub struct Scratch(Vec<u8>);

impl Scratch {
    pub fn take() -> Self {
        Scratch(
            SCRATCH
                .with(|free| free.borrow_mut().pop())
                .unwrap_or_else(|| Vec::with_capacity(1024)),
        )
    }
}

impl Deref for Scratch {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl DerefMut for Scratch {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // A head that needed a large buffer gives its memory back.
        if self.0.capacity() > SIZE {
            return;
        }
        let mut bytes = std::mem::take(&mut self.0);
        bytes.clear();
        let _ = SCRATCH.try_with(|free| {
            let mut free = free.borrow_mut();
            if free.len() < KEPT {
                free.push(bytes);
            }
        });
    }
}

/// A zero-initialised byte buffer of fixed capacity: `SIZE` from the pool,
/// or larger for an oversized head (never pooled). Returned to the pool
/// when dropped.
pub struct Buffer {
    bytes: Box<[u8]>,
}

impl Buffer {
    /// A buffer of `SIZE` bytes.
    pub fn take() -> Self {
        let bytes = FREE
            .with(|free| free.borrow_mut().pop())
            .unwrap_or_else(|| vec![0u8; SIZE].into_boxed_slice());
        Buffer { bytes }
    }

    /// A buffer of at least `size` bytes.
    pub fn with_capacity(size: usize) -> Self {
        if size <= SIZE {
            Self::take()
        } else {
            Buffer {
                bytes: vec![0u8; size].into_boxed_slice(),
            }
        }
    }

    pub fn capacity(&self) -> usize {
        self.bytes.len()
    }
}

impl Deref for Buffer {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl DerefMut for Buffer {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        if self.bytes.len() != SIZE {
            return;
        }
        let bytes = std::mem::take(&mut self.bytes);
        // During thread teardown the pool may be gone: then just free it.
        let _ = FREE.try_with(|free| {
            let mut free = free.borrow_mut();
            if free.len() < KEPT {
                free.push(bytes);
            }
        });
    }
}

/// A future in a block of memory lent by the worker's pool, given back
/// when it is dropped: what `Box::pin` does, without an allocation per
/// request. A connection awaits each request's future (several KB) in one,
/// so that an idle connection's task holds none of it, and a busy worker
/// reuses the same few blocks (a block of that size is a slow path of the
/// allocator).
pub struct Lent<F> {
    block: NonNull<F>,
}

// SAFETY: `Lent` owns its `F` as a `Box` would.
unsafe impl<F: Send> Send for Lent<F> {}

impl<F> Lent<F> {
    /// The future `make` returns, in a lent block. Built by a closure so
    /// that it can be written straight into the block: a future passed by
    /// value is copied whole (all of its state's bytes, several KB for a
    /// request) from where it was built.
    #[inline(always)]
    pub fn new(make: impl FnOnce() -> F) -> Self {
        let block = Self::block();
        // SAFETY: the block is allocated for `F`'s layout and holds nothing
        // (fresh, or given back after its future was dropped).
        unsafe { block.as_ptr().write(make()) };
        Lent { block }
    }

    fn block() -> NonNull<F> {
        let layout = Layout::new::<F>();
        assert!(layout.size() > 0, "a future with state");
        let pooled = BLOCKS
            .try_with(|blocks| {
                let mut blocks = blocks.borrow_mut();
                let (_, free) = blocks.iter_mut().find(|(kind, _)| *kind == layout)?;
                free.pop()
            })
            .ok()
            .flatten();
        let block = pooled.unwrap_or_else(|| {
            // SAFETY: `layout` has a non-zero size (asserted above).
            let fresh = unsafe { std::alloc::alloc(layout) };
            NonNull::new(fresh).unwrap_or_else(|| std::alloc::handle_alloc_error(layout))
        });
        block.cast::<F>()
    }
}

impl<F: Future> Future for Lent<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // SAFETY: the future stays where it was written until it is dropped
        // in place (`Lent` moving moves only the pointer), so it is pinned.
        unsafe { Pin::new_unchecked(&mut *self.block.as_ptr()) }.poll(cx)
    }
}

impl<F> Drop for Lent<F> {
    fn drop(&mut self) {
        let layout = Layout::new::<F>();
        // SAFETY: the block holds a live `F`, dropped once, here.
        unsafe { std::ptr::drop_in_place(self.block.as_ptr()) };
        let block = self.block.cast::<u8>();
        let kept = BLOCKS
            .try_with(|blocks| {
                let mut blocks = blocks.borrow_mut();
                match blocks.iter_mut().find(|(kind, _)| *kind == layout) {
                    Some((_, free)) if free.len() < KEPT => free.push(block),
                    Some(_) => return false,
                    None => blocks.push((layout, vec![block])),
                }
                true
            })
            .unwrap_or(false);
        if !kept {
            // SAFETY: allocated with this layout by the global allocator.
            unsafe { std::alloc::dealloc(block.as_ptr(), layout) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_go_back_to_the_pool_and_large_ones_do_not() {
        let first = Buffer::take();
        let address = first.as_ptr();
        drop(first);
        let again = Buffer::take();
        assert_eq!(again.as_ptr(), address, "the freed buffer is lent again");
        assert_eq!(again.capacity(), SIZE);
        let large = Buffer::with_capacity(SIZE * 4);
        assert_eq!(large.capacity(), SIZE * 4);
        drop(large);
        let pooled = FREE.with(|free| free.borrow().iter().all(|b| b.len() == SIZE));
        assert!(pooled);
    }

    fn lend(value: u8) -> Lent<impl Future<Output = [u8; 3000]>> {
        Lent::new(|| async move {
            tokio::task::yield_now().await;
            [value; 3000]
        })
    }

    #[tokio::test]
    async fn a_lent_future_runs_and_its_block_is_lent_again() {
        let first = lend(7);
        let address = first.block.as_ptr() as usize;
        assert_eq!(first.await, [7; 3000]);
        let again = lend(8);
        assert_eq!(
            again.block.as_ptr() as usize,
            address,
            "the block is reused"
        );
        assert_eq!(again.await, [8; 3000]);
    }

    #[tokio::test]
    async fn an_unfinished_lent_future_is_dropped_once() {
        struct Counted(std::sync::Arc<std::sync::atomic::AtomicU32>);
        impl Drop for Counted {
            fn drop(&mut self) {
                self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        }
        let drops = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
        let held = Counted(drops.clone());
        let mut unfinished = Lent::new(|| async move {
            let _held = held;
            std::future::pending::<()>().await;
        });
        let waker = std::task::Waker::noop();
        let polled = Pin::new(&mut unfinished).poll(&mut Context::from_waker(waker));
        assert!(polled.is_pending());
        assert_eq!(drops.load(std::sync::atomic::Ordering::SeqCst), 0);
        drop(unfinished);
        assert_eq!(drops.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
}
