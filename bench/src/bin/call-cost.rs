//! What two small things cost on this machine, each against its
//! replacement (docs/BENCHMARKS.md, "What was changed to get here"):
//!
//! - a socket `recv` through glibc (a thread cancellation point: in a
//!   process with threads, a locked compare-and-swap on each side of the
//!   system call) against the same call through `syscall(2)`, as
//!   `socket::Socket` makes it; the socket is empty, so the call returns
//!   "would block" and measures the call, not a copy;
//! - `Instant::now()` against `CLOCK_MONOTONIC_COARSE`, as
//!   `timer::coarse_now` reads it.
//!
//! `cargo run --release -p dispatcher-bench --bin call-cost [ROUNDS]`
//! prints nanoseconds per call, for three rounds by default. Loopback
//! only; bounded in count.

use std::hint::black_box;
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::time::Instant;

const CALLS: u32 = 2_000_000;

fn per_call(mut call: impl FnMut()) -> u128 {
    let started = Instant::now();
    for _ in 0..CALLS {
        call();
    }
    started.elapsed().as_nanos() / u128::from(CALLS)
}

fn main() {
    let rounds: u32 = std::env::args()
        .nth(1)
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(3);
    // A second thread, as the dispatcher has: glibc takes the slow path
    // only once a process has more than one.
    let _other = std::thread::spawn(std::thread::park);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind on loopback");
    let _client = TcpStream::connect(listener.local_addr().expect("address")).expect("connect");
    let (server, _) = listener.accept().expect("accept");
    server.set_nonblocking(true).expect("non-blocking");
    let fd = server.as_raw_fd();
    let mut buffer = [0u8; 100];
    let recv_glibc = |buffer: &mut [u8; 100]| {
        // SAFETY: `buffer` is 100 writable bytes.
        let got = unsafe { libc::recv(fd, buffer.as_mut_ptr().cast(), buffer.len(), 0) };
        assert_eq!(got, -1, "the socket is empty");
    };
    let recv_syscall = |buffer: &mut [u8; 100]| {
        // SAFETY: as above; the two null pointers ask for no address.
        let got = unsafe {
            libc::syscall(
                libc::SYS_recvfrom,
                fd,
                buffer.as_mut_ptr(),
                buffer.len(),
                0,
                std::ptr::null_mut::<libc::sockaddr>(),
                std::ptr::null_mut::<libc::socklen_t>(),
            )
        };
        assert_eq!(got, -1, "the socket is empty");
    };
    let coarse = || {
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: writes one `timespec`.
        unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC_COARSE, &mut now) };
        black_box(now);
    };
    for round in 1..=rounds {
        println!(
            "round {round}: recv via glibc {} ns, via syscall(2) {} ns; Instant::now() {} ns, CLOCK_MONOTONIC_COARSE {} ns",
            per_call(|| recv_glibc(&mut buffer)),
            per_call(|| recv_syscall(&mut buffer)),
            per_call(|| {
                black_box(Instant::now());
            }),
            per_call(coarse),
        );
    }
}
