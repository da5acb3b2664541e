//! Read buffers, lent per request and returned while a connection is idle,
//! as nginx does between keep-alive requests: an idle connection holds no
//! buffer, and a busy worker reuses the same few instead of allocating.
//!
//! Each worker thread keeps its own pool (no lock, no cross-thread traffic).

use std::cell::RefCell;
use std::ops::{Deref, DerefMut};

/// The size of a pooled buffer: a request or response head of ordinary
/// size fits with room for body bytes; bodies stream through it.
pub const SIZE: usize = 16 * 1024;

/// How many free buffers a worker keeps; more are freed.
const KEPT: usize = 64;

thread_local! {
    static FREE: RefCell<Vec<Box<[u8]>>> = const { RefCell::new(Vec::new()) };
    static SCRATCH: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
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
}
