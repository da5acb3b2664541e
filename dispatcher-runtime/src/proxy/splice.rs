//! A large response body of known length moved from the upstream's socket
//! to the client's through a pipe with `splice(2)`, so its bytes are never
//! copied into this process and out again (HAProxy's `option splice-response`
//! does the same). Used only where nothing in the body changes on the way:
//! plain TCP on both sides and a `Content-Length` body passed on as it is.
//! See docs/BENCHMARKS.md for what it saves.

use std::io;
use std::os::fd::AsRawFd;

use std::time::Duration;

use tokio::io::Interest;
use tokio::net::TcpStream;

use super::failure::{self, BodyCut};
use crate::timer::Timer;

/// A body with at least this many bytes still to come goes through a pipe;
/// a smaller one is not worth the pipe's four system calls.
pub const MIN_LENGTH: u64 = 64 * 1024;

/// How many bytes the pipe may hold (a request to the kernel, which may
/// give less): one `splice` in and one out move up to this much.
const PIPE_SIZE: i32 = 256 * 1024;

/// A pipe's two ends, closed when dropped.
pub struct Pipe {
    read: std::os::fd::OwnedFd,
    write: std::os::fd::OwnedFd,
}

impl Pipe {
    /// A non-blocking pipe, or `None` when one cannot be had (no
    /// descriptors left): the body is then copied as usual.
    pub fn new() -> Option<Pipe> {
        use std::os::fd::FromRawFd;
        let mut fds = [0; 2];
        // SAFETY: `fds` has room for the two descriptors pipe2 writes.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_NONBLOCK | libc::O_CLOEXEC) } != 0 {
            return None;
        }
        // SAFETY: pipe2 succeeded: both descriptors are new and ours.
        let (read, write) = unsafe {
            (
                std::os::fd::OwnedFd::from_raw_fd(fds[0]),
                std::os::fd::OwnedFd::from_raw_fd(fds[1]),
            )
        };
        // A larger pipe is a wish, not a need: the default one works.
        // SAFETY: a plain fcntl on a descriptor we own.
        unsafe { libc::fcntl(fds[1], libc::F_SETPIPE_SZ, PIPE_SIZE) };
        Some(Pipe { read, write })
    }
}

/// Moves `length` bytes from `upstream` to `client` through `pipe`. The
/// pipe holds what the client has not taken yet; while the client is busy,
/// more is read ahead from the upstream into the pipe (as far as it holds),
/// so the upstream's socket keeps draining and its receive window opens as
/// it would for a reader that keeps up. The pipe bounds what is held: the
/// same backpressure as the copying path, with a pipe instead of a buffer.
/// A wait for the upstream is bounded by `upstream_timeout`, one for the
/// client by `client_timeout`, both on the connection's `timer`; `sent`
/// counts the bytes that reached the client.
#[allow(clippy::too_many_arguments)]
pub async fn relay(
    pipe: &Pipe,
    upstream: &TcpStream,
    client: &TcpStream,
    timer: &mut Timer,
    upstream_timeout: Duration,
    client_timeout: Duration,
    mut length: u64,
    sent: &mut u64,
) -> Result<(), BodyCut> {
    let (pipe_in, pipe_out) = (pipe.write.as_raw_fd(), pipe.read.as_raw_fd());
    let (from, to) = (upstream.as_raw_fd(), client.as_raw_fd());
    let want = |length: u64| usize::try_from(length).unwrap_or(usize::MAX);
    let mut held = 0usize;
    while length > 0 || held > 0 {
        // Others on this worker get their turn on a long body.
        tokio::task::consume_budget().await;
        if held == 0 {
            // An empty pipe: "would block" is the upstream's socket.
            match upstream.try_io(Interest::READABLE, || splice(from, pipe_in, want(length))) {
                Ok(0) => return Err(BodyCut::UpstreamEnded),
                Ok(n) => {
                    held = n;
                    length -= n as u64;
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                    timer.set_after(upstream_timeout);
                    match timer.run(upstream.readable()).await {
                        Ok(Ok(())) => continue,
                        Ok(Err(error)) => return Err(BodyCut::Upstream(error)),
                        Err(_) => return Err(BodyCut::UpstreamSilent(upstream_timeout)),
                    }
                }
                Err(error) => return Err(BodyCut::Upstream(error)),
            }
        }
        match client.try_io(Interest::WRITABLE, || splice(pipe_out, to, held)) {
            Ok(0) => return Err(BodyCut::Client(io::ErrorKind::WriteZero.into())),
            Ok(n) => {
                held -= n;
                *sent += n as u64;
            }
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                // Read ahead while the client is busy. "Would block" here
                // may be a full pipe as well as an empty socket, so the
                // upstream's readiness is left as it is (an empty pipe
                // above asks the socket again).
                if length > 0 {
                    match splice(from, pipe_in, want(length)) {
                        Ok(0) => return Err(BodyCut::UpstreamEnded),
                        Ok(n) => {
                            held += n;
                            length -= n as u64;
                        }
                        Err(error) if error.kind() == io::ErrorKind::WouldBlock => {}
                        Err(error) => return Err(BodyCut::Upstream(error)),
                    }
                }
                timer.set_after(client_timeout);
                match timer.run(client.writable()).await {
                    Ok(Ok(())) => {}
                    Ok(Err(error)) => return Err(BodyCut::Client(error)),
                    Err(_) => return Err(BodyCut::Client(failure::client_silent())),
                }
            }
            Err(error) => return Err(BodyCut::Client(error)),
        }
    }
    Ok(())
}

/// One non-blocking `splice(2)` of up to `length` bytes.
fn splice(from: i32, to: i32, length: usize) -> io::Result<usize> {
    // SAFETY: both descriptors are open for the call (owned by the pipe and
    // the streams the caller borrows); null offsets mean "the file position",
    // which pipes and sockets require.
    let n = unsafe {
        libc::splice(
            from,
            std::ptr::null_mut(),
            to,
            std::ptr::null_mut(),
            length,
            libc::SPLICE_F_MOVE | libc::SPLICE_F_NONBLOCK,
        )
    };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}
