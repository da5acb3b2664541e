//! The allocator the dispatcher binary is meant to run with: mimalloc
//! rather than the C library's.
//!
//! Per-thread free lists without locks on the hot path, and no waste on the
//! 128-byte aligned blocks that tokio allocates for every task and socket
//! registration (glibc over-allocates each by its alignment and leaves the
//! rest as fragments): with glibc these made an idle keep-alive connection
//! cost about 1,040 bytes, with mimalloc about 800 (docs/BENCHMARKS.md).
//!
//! The binary declares it (`dispatcher-app/src/main.rs`): a library that
//! declared a global allocator would impose it on every program linking
//! it, tests that count allocations included.

pub use mimalloc::MiMalloc as Allocator;

/// Called first thing in `main`.
pub fn configure() {
    // No transparent huge pages for this process: where the kernel gives
    // them to every aligned region (`enabled = always`), mimalloc's arenas
    // would make each touched 2 MiB resident, about 4 MB more before the
    // first connection; a proxy's small, short-lived blocks gain nothing
    // from them.
    // SAFETY: PR_SET_THP_DISABLE takes no pointers.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}
