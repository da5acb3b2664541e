//! A load generator for large responses: CONNECTIONS keep-alive connections
//! each send `GET PATH` again and again for SECONDS, reading every response
//! whole (Content-Length bodies). wrk reads bodies in 8 KiB pieces and copies
//! each, so at 1 MiB per response the load core fills before a proxy under
//! test is busy (docs/BENCHMARKS.md); this one discards body bytes in the
//! kernel (`recv` with `MSG_TRUNC`, no copy), 256 KiB at a time, and counts
//! them. Loopback only, bounded in connections and time.
//!
//! Prints what bench/compare.sh reads from wrk, in wrk's words:
//! `N requests in S`, `Requests/sec: R`, and `50%`/`99%` latency lines.
//!
//! Usage: bulk-get ADDRESS PATH CONNECTIONS SECONDS
//! e.g.   bulk-get 127.0.0.1:19411 /assets/1m.bin 16 10

use std::net::SocketAddr;
use std::time::Instant;

use std::os::fd::AsRawFd;

use tokio::io::{AsyncReadExt, AsyncWriteExt, Interest};
use tokio::net::TcpStream;

use dispatcher_bench::closed_loop;
use dispatcher_bench::head::{content_length_of_ok, find};

const READ_SIZE: usize = 256 * 1024;
const HEAD_ROOM: usize = 16 * 1024;

/// One connection's loop until `deadline`: the latency of each whole response.
async fn run(address: SocketAddr, request: Vec<u8>, deadline: Instant) -> Result<Vec<u64>, String> {
    let mut stream = TcpStream::connect(address)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut buffer = vec![0u8; READ_SIZE];
    let mut latencies = Vec::new();
    while Instant::now() < deadline {
        let started = Instant::now();
        stream
            .write_all(&request)
            .await
            .map_err(|e| format!("write: {e}"))?;
        // The head: read until its end, then the rest of the body by length.
        let mut filled = 0;
        let (head_end, length) = loop {
            // Small reads for the head: what comes with it is copied.
            let n = stream
                .read(&mut buffer[filled..HEAD_ROOM])
                .await
                .map_err(|e| format!("read: {e}"))?;
            if n == 0 {
                return Err("the server closed the connection".into());
            }
            filled += n;
            if let Some(end) = find(&buffer[..filled], b"\r\n\r\n") {
                break (end + 4, content_length_of_ok(&buffer[..end])?);
            }
            if filled == HEAD_ROOM {
                return Err("a response head over 16 KiB".into());
            }
        };
        let mut left = length
            .checked_sub((filled - head_end) as u64)
            .ok_or("more bytes than the Content-Length")?;
        while left > 0 {
            let want = buffer
                .len()
                .min(usize::try_from(left).unwrap_or(usize::MAX));
            let n = discard(&stream, &mut buffer[..want])
                .await
                .map_err(|e| format!("read body: {e}"))?;
            if n == 0 {
                return Err("the server closed the connection in a body".into());
            }
            left = left
                .checked_sub(n as u64)
                .ok_or("more bytes than the Content-Length")?;
        }
        latencies.push(started.elapsed().as_micros() as u64);
    }
    Ok(latencies)
}

/// Reads and drops up to `room.len()` bytes without copying them.
async fn discard(stream: &TcpStream, room: &mut [u8]) -> std::io::Result<usize> {
    let fd = stream.as_raw_fd();
    loop {
        stream.readable().await?;
        let result = stream.try_io(Interest::READABLE, || {
            // SAFETY: `room` is valid for its length (with MSG_TRUNC a TCP
            // socket does not even write to it).
            let n =
                unsafe { libc::recv(fd, room.as_mut_ptr().cast(), room.len(), libc::MSG_TRUNC) };
            if n < 0 {
                Err(std::io::Error::last_os_error())
            } else {
                Ok(n as usize)
            }
        });
        match result {
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => continue,
            other => return other,
        }
    }
}

fn main() {
    let load = closed_loop::from_args("bulk-get");
    let (results, elapsed) = closed_loop::run(&load, |address, request, _, deadline| {
        run(address, request, deadline)
    });
    let mut latencies = Vec::new();
    let mut errors = 0;
    for result in results {
        match result {
            Ok(found) => latencies.extend(found),
            Err(error) => {
                errors += 1;
                eprintln!("bulk-get: {error}");
            }
        }
    }
    latencies.sort_unstable();
    println!("  {} requests in {elapsed:.2}s", latencies.len());
    println!("Requests/sec: {:.2}", latencies.len() as f64 / elapsed);
    println!("     50% {}us", closed_loop::percentile(&latencies, 0.50));
    println!("     99% {}us", closed_loop::percentile(&latencies, 0.99));
    if errors > 0 {
        println!("Socket errors: {errors} connections failed");
    }
}
