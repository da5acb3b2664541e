//! What two small things cost on this machine, each against its
//! replacement (docs/BENCHMARKS.md, "What was changed to get here"):
//!
//! - a socket `recv` through glibc (a thread cancellation point: in a
//!   process with threads, a locked compare-and-swap on each side of the
//!   system call) against the same call through `syscall(2)`, as
//!   `socket::Socket` makes it; the socket is empty, so the call returns
//!   "would block" and measures the call, not a copy;
//! - `Instant::now()` against `CLOCK_MONOTONIC_COARSE`, as
//!   `timer::coarse_now` reads it;
//! - `writev` of one slice against `sendto` of the same bytes, as
//!   `socket::Socket` sends a single slice; the socket's buffer is full
//!   (its peer never reads), so both calls return "would block" and
//!   measure the layers a call goes through, not TCP's work.
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
    // A second connection whose send buffer is filled to the brim.
    let _full_peer = TcpStream::connect(listener.local_addr().expect("address")).expect("connect");
    let (full, _) = listener.accept().expect("accept");
    full.set_nonblocking(true).expect("non-blocking");
    let full_fd = full.as_raw_fd();
    let send = |bytes: &[u8]| {
        // SAFETY: `bytes` is readable for the call; no address.
        unsafe {
            libc::syscall(
                libc::SYS_sendto,
                full_fd,
                bytes.as_ptr(),
                bytes.len(),
                libc::MSG_NOSIGNAL,
                std::ptr::null::<libc::sockaddr>(),
                0 as libc::socklen_t,
            )
        }
    };
    let filler = vec![b'x'; 65_536];
    // Smaller and smaller writes, and time for loopback to settle, until
    // the last byte of room is taken; again before each measurement.
    let fill = || {
        for size in [65_536, 4_096, 140, 1] {
            for _ in 0..3 {
                while send(&filler[..size]) > 0 {}
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        }
    };
    let head = [b'h'; 140];
    let slice = [libc::iovec {
        iov_base: head.as_ptr().cast_mut().cast(),
        iov_len: head.len(),
    }];
    // Room that loopback frees now and then lets a rare call through:
    // a handful in millions, which does not move the average.
    let writev_one = || {
        // SAFETY: one `iovec` over `head`, readable for the call.
        black_box(unsafe { libc::syscall(libc::SYS_writev, full_fd, slice.as_ptr(), 1) });
    };
    let sendto_one = || {
        black_box(send(&head));
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
        fill();
        let writev_ns = per_call(writev_one);
        fill();
        let sendto_ns = per_call(sendto_one);
        println!(
            "round {round}: one slice to a full socket: writev {writev_ns} ns, sendto {sendto_ns} ns"
        );
    }
}
