//! Where a proxy's slowest 1% of requests come from: CONNECTIONS keep-alive
//! connections each send `GET PATH` again and again for SECONDS (closed
//! loop, as `wrk -c`), and every request's start and latency is kept with
//! its connection. Then the slow ones (at or above the run's p99) are
//! counted two ways:
//!
//! - by connection: if the proxy serves its connections in a fair order,
//!   each holds about 1% of its own requests among the slow ones, and half
//!   the slow requests are spread over about half the connections;
//! - by moment (10 ms windows): if the slow requests come from stalls
//!   (the machine, a pause in the proxy), they crowd into a few windows.
//!
//! Small Content-Length responses only (a head and a body that fit in
//! 16 KiB). Loopback only, bounded in connections and time.
//!
//! Usage: tail-shape ADDRESS PATH CONNECTIONS SECONDS
//! e.g.   tail-shape 127.0.0.1:19411 /assets/small.txt 64 10

use std::net::SocketAddr;
use std::time::Instant;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use dispatcher_bench::closed_loop::{self, percentile};
use dispatcher_bench::head::{content_length_of_ok, find};

const ROOM: usize = 16 * 1024;
const WINDOW_US: u64 = 10_000;

/// One request: when it started (µs from the run's start) and how long it took.
#[derive(Clone, Copy)]
struct Sample {
    start_us: u64,
    latency_us: u64,
}

async fn run(
    address: SocketAddr,
    request: Vec<u8>,
    started: Instant,
    deadline: Instant,
) -> Result<Vec<Sample>, String> {
    let mut stream = TcpStream::connect(address)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut buffer = vec![0u8; ROOM];
    let mut samples = Vec::new();
    while Instant::now() < deadline {
        let sent = Instant::now();
        stream
            .write_all(&request)
            .await
            .map_err(|e| format!("write: {e}"))?;
        let mut filled = 0;
        loop {
            let n = stream
                .read(&mut buffer[filled..])
                .await
                .map_err(|e| format!("read: {e}"))?;
            if n == 0 {
                return Err("the server closed the connection".into());
            }
            filled += n;
            if let Some(end) = find(&buffer[..filled], b"\r\n\r\n") {
                let length = usize::try_from(content_length_of_ok(&buffer[..end])?)
                    .map_err(|_| "a Content-Length over usize")?;
                if filled >= end + 4 + length {
                    break;
                }
            }
            if filled == ROOM {
                return Err("a response over 16 KiB".into());
            }
        }
        samples.push(Sample {
            start_us: sent.duration_since(started).as_micros() as u64,
            latency_us: sent.elapsed().as_micros() as u64,
        });
    }
    Ok(samples)
}

fn main() {
    let load = closed_loop::from_args("tail-shape");
    let (results, elapsed) = closed_loop::run(&load, run);
    let per_connection: Vec<Vec<Sample>> = results
        .into_iter()
        .filter_map(|result| {
            result
                .map_err(|error| eprintln!("tail-shape: {error}"))
                .ok()
        })
        .collect();
    let mut latencies: Vec<u64> = per_connection
        .iter()
        .flatten()
        .map(|sample| sample.latency_us)
        .collect();
    latencies.sort_unstable();
    let total = latencies.len();
    let (p50, p99) = (percentile(&latencies, 0.50), percentile(&latencies, 0.99));
    println!(
        "{total} requests in {elapsed:.2}s ({:.0}/s) over {} connections: p50 {p50} us, p99 {p99} us",
        total as f64 / elapsed,
        per_connection.len()
    );

    // By connection: each one's slow requests and all its requests.
    let counts: Vec<(usize, usize)> = per_connection
        .iter()
        .map(|samples| {
            let slow = samples.iter().filter(|s| s.latency_us >= p99).count();
            (slow, samples.len())
        })
        .collect();
    let slow: usize = counts.iter().map(|&(slow, _)| slow).sum();
    let mut most_first: Vec<usize> = counts.iter().map(|&(slow, _)| slow).collect();
    most_first.sort_unstable_by(|a, b| b.cmp(a));
    let mut holding_half = 0;
    let mut counted = 0;
    for count in &most_first {
        if counted * 2 >= slow {
            break;
        }
        counted += count;
        holding_half += 1;
    }
    let most = counts
        .iter()
        .map(|&(slow, all)| slow as f64 / all.max(1) as f64 * 100.0)
        .fold(0.0, f64::max);
    let with_none = counts.iter().filter(|&&(slow, _)| slow == 0).count();
    println!(
        "by connection: {slow} slow requests (>= p99); half of them on {holding_half} of {} connections; \
         the worst connection had {most:.1}% of its requests slow; {with_none} had none",
        per_connection.len()
    );

    // By moment: slow requests per 10 ms window of their start.
    let windows = (elapsed * 1e6) as u64 / WINDOW_US + 1;
    let mut in_window = vec![0usize; windows as usize];
    for sample in per_connection.iter().flatten() {
        if sample.latency_us >= p99 {
            in_window[(sample.start_us / WINDOW_US) as usize] += 1;
        }
    }
    let touched = in_window.iter().filter(|&&n| n > 0).count();
    in_window.sort_unstable_by(|a, b| b.cmp(a));
    let top = (windows as usize / 100).max(1);
    let in_top: usize = in_window[..top].iter().sum();
    println!(
        "by moment: slow requests started in {touched} of {windows} 10 ms windows; \
         the busiest {top} windows (1%) hold {:.0}% of them",
        in_top as f64 / slow.max(1) as f64 * 100.0
    );
}
