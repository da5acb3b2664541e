//! A TCP connection whose reads and writes are system calls of their own.
//!
//! glibc's `recv`, `send` and `writev` are thread cancellation points: in a
//! process with more than one thread (ours has the main thread and one per
//! worker) each call is wrapped in `__pthread_enable_asynccancel` and
//! `__pthread_disable_asynccancel`, a locked compare-and-swap on each side
//! of the system call. The one after the kernel returns is slow: 50 to
//! 75 ns a call on the machines measured (a `recv` that finds nothing,
//! `cargo run --release -p dispatcher-bench --bin call-cost`), and a
//! proxied request makes four such calls. nginx, one thread per process, never pays it. The
//! dispatcher never cancels a thread, so the wrappers buy nothing: [`Socket`]
//! makes the calls with `syscall(2)`, which is not a cancellation point.
//!
//! Readiness is tokio's, kept as tokio keeps it for its own `TcpStream`
//! (`PollEvented::poll_read`/`poll_write`): a read or write that would
//! block clears the readiness, and so does a short one, since with
//! edge-triggered epoll a short read means the socket is drained (tokio
//! issue 5866). Without that second rule every request would pay one more
//! `recv` that finds nothing. One difference: a write is tried before the
//! readiness is looked up, as a socket can nearly always take one (see
//! `poll_write_with`).
//! See docs/BENCHMARKS.md ("What was changed to get here").

use std::io::{self, IoSlice};
use std::os::fd::AsRawFd;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, Interest, ReadBuf};
use tokio::net::TcpStream;

/// A client's or an upstream's plain TCP connection.
#[derive(Debug)]
pub struct Socket {
    tcp: TcpStream,
}

impl Socket {
    pub fn new(tcp: TcpStream) -> Self {
        Socket { tcp }
    }

    /// The connection itself: its readiness, its options, `splice(2)`.
    pub fn tcp(&self) -> &TcpStream {
        &self.tcp
    }

    /// Marks the socket drained for `interest` after a short read or
    /// write, as tokio does for its own: the closure reports "would block"
    /// without a system call, and tokio clears the readiness it saw.
    fn drained(&self, interest: Interest) {
        let _ = self
            .tcp
            .try_io(interest, || Err::<(), _>(io::ErrorKind::WouldBlock.into()));
    }

    fn poll_write_with(
        &self,
        cx: &mut Context<'_>,
        len: usize,
        mut write: impl FnMut(i32) -> io::Result<usize>,
    ) -> Poll<io::Result<usize>> {
        let fd = self.tcp.as_raw_fd();
        // A socket can almost always take a write: try it before asking
        // tokio. A whole write needs no readiness; a short one marks the
        // socket drained as below (tokio's readiness cannot change while
        // this task runs: each worker is a current-thread runtime). One
        // that would block falls to the readiness loop, which sees it
        // again and waits.
        match write(fd) {
            Ok(n) if n == len => return Poll::Ready(Ok(n)),
            Ok(n) if n > 0 => {
                self.drained(Interest::WRITABLE);
                return Poll::Ready(Ok(n));
            }
            Err(error) if error.kind() != io::ErrorKind::WouldBlock => {
                return Poll::Ready(Err(error));
            }
            _ => {}
        }
        loop {
            ready!(self.tcp.poll_write_ready(cx))?;
            match self.tcp.try_io(Interest::WRITABLE, || write(fd)) {
                Ok(n) => {
                    if 0 < n && n < len {
                        self.drained(Interest::WRITABLE);
                    }
                    return Poll::Ready(Ok(n));
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => continue,
                Err(error) => return Poll::Ready(Err(error)),
            }
        }
    }
}

/// A system call's return value as `io::Result`.
fn checked(returned: libc::c_long) -> io::Result<usize> {
    if returned < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(returned as usize)
    }
}

impl AsyncRead for Socket {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let fd = this.tcp.as_raw_fd();
        loop {
            ready!(this.tcp.poll_read_ready(cx))?;
            // SAFETY: the kernel only writes into the unfilled part, and
            // `assume_init` below covers exactly the bytes it wrote.
            let room = unsafe { buf.unfilled_mut() };
            let len = room.len();
            let received = this.tcp.try_io(Interest::READABLE, || {
                // SAFETY: `room` is `len` writable bytes for the call.
                checked(unsafe {
                    libc::syscall(
                        libc::SYS_recvfrom,
                        fd,
                        room.as_mut_ptr(),
                        len,
                        0,
                        std::ptr::null_mut::<libc::sockaddr>(),
                        std::ptr::null_mut::<libc::socklen_t>(),
                    )
                })
            });
            match received {
                Ok(n) => {
                    if 0 < n && n < len {
                        this.drained(Interest::READABLE);
                    }
                    // SAFETY: the kernel wrote `n` bytes at the start of
                    // the unfilled part.
                    unsafe { buf.assume_init(n) };
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => continue,
                Err(error) => return Poll::Ready(Err(error)),
            }
        }
    }
}

impl AsyncWrite for Socket {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.poll_write_with(cx, buf.len(), |fd| {
            // SAFETY: `buf` is `buf.len()` readable bytes for the call.
            // MSG_NOSIGNAL: a peer gone is an error, not a SIGPIPE.
            checked(unsafe {
                libc::syscall(
                    libc::SYS_sendto,
                    fd,
                    buf.as_ptr(),
                    buf.len(),
                    libc::MSG_NOSIGNAL,
                    std::ptr::null::<libc::sockaddr>(),
                    0 as libc::socklen_t,
                )
            })
        })
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        // One slice (an upstream request head without a body, for one):
        // `sendto`, which skips `writev`'s file layer, 70–170 ns a call on
        // the AMD machine (`call-cost`: a socket whose buffer is full).
        if let [only] = bufs {
            return self.poll_write(cx, only);
        }
        // As std does: at most IOV_MAX slices a call, the rest next time.
        let bufs = &bufs[..bufs.len().min(libc::UIO_MAXIOV as usize)];
        let len = bufs.iter().map(|buf| buf.len()).sum();
        self.poll_write_with(cx, len, |fd| {
            // SAFETY: `IoSlice` is ABI-compatible with `iovec` on Unix
            // (std's guarantee), and the slices outlive the call. Rust
            // programs ignore SIGPIPE, so a peer gone is `EPIPE`.
            checked(unsafe {
                libc::syscall(
                    libc::SYS_writev,
                    fd,
                    bufs.as_ptr().cast::<libc::iovec>(),
                    bufs.len(),
                )
            })
        })
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().tcp).poll_shutdown(cx)
    }
}
