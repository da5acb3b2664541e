//! Holds many keep-alive connections open to a dispatcher and sends a paced
//! mix of requests over them for a fixed time, checking every response;
//! samples the dispatcher's RSS once a second. Loopback only, bounded in
//! connections, rate and time.
//!
//! Usage: load ADDRESS CONNECTIONS SECONDS RATE [DISPATCHER_PID]
//! e.g.   load 127.0.0.1:19201 10000 60 2000 12345

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

/// The request mix: (request bytes, what the body must contain).
const MIX: [(&[u8], &str); 4] = [
    (
        b"GET /widgets/small?bytes=100 HTTP/1.1\r\nHost: load\r\n\r\n",
        "",
    ),
    (
        b"GET /widgets/page?bytes=16384 HTTP/1.1\r\nHost: load\r\n\r\n",
        "",
    ),
    (
        b"POST /widgets/upload HTTP/1.1\r\nHost: load\r\nContent-Length: 1024\r\n\r\n",
        "received 1024 bytes",
    ),
    (
        b"GET /sessions HTTP/1.1\r\nHost: load\r\n\r\n",
        "received 0 bytes",
    ),
];

#[derive(Default)]
struct Counts {
    ok: AtomicU64,
    failed: AtomicU64,
    reconnects: AtomicU64,
}

struct Connection {
    reader: BufReader<TcpStream>,
}

impl Connection {
    async fn open(address: SocketAddr) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            reader: BufReader::new(stream),
        })
    }

    /// Sends one request and reads its response; Err on anything unexpected.
    async fn exchange(&mut self, request: &[u8], expect: &str) -> Result<(), String> {
        let stream = self.reader.get_mut();
        stream
            .write_all(request)
            .await
            .map_err(|e| format!("write: {e}"))?;
        if request.starts_with(b"POST") {
            stream
                .write_all(&[b'u'; 1024])
                .await
                .map_err(|e| format!("write body: {e}"))?;
        }
        let mut status = String::new();
        self.reader
            .read_line(&mut status)
            .await
            .map_err(|e| format!("read: {e}"))?;
        if !status.starts_with("HTTP/1.1 200") {
            return Err(format!("status line {status:?}"));
        }
        let mut length = None;
        loop {
            let mut line = String::new();
            self.reader
                .read_line(&mut line)
                .await
                .map_err(|e| format!("read header: {e}"))?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let length = length.ok_or("no content-length")?;
        let mut body = vec![0u8; length];
        self.reader
            .read_exact(&mut body)
            .await
            .map_err(|e| format!("read body: {e}"))?;
        if !expect.is_empty() && !String::from_utf8_lossy(&body).contains(expect) {
            return Err(format!(
                "unexpected body {:?}",
                String::from_utf8_lossy(&body)
            ));
        }
        Ok(())
    }
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 5 {
        eprintln!("usage: load ADDRESS CONNECTIONS SECONDS RATE [DISPATCHER_PID]");
        std::process::exit(2);
    }
    let address: SocketAddr = args[1].parse().expect("an address");
    assert!(
        address.ip().is_loopback(),
        "load is for loopback addresses only"
    );
    let connections: usize = args[2].parse().expect("a connection count");
    let seconds: u64 = args[3].parse().expect("a duration");
    let rate: u64 = args[4].parse().expect("requests per second");
    let pid: Option<u32> = args.get(5).and_then(|p| p.parse().ok());

    // Open every connection first, a few hundred at a time.
    let opening = Instant::now();
    let gate = Arc::new(Semaphore::new(256));
    let mut handles = Vec::with_capacity(connections);
    for _ in 0..connections {
        let gate = Arc::clone(&gate);
        handles.push(tokio::spawn(async move {
            let _permit = gate.acquire().await;
            Connection::open(address).await
        }));
    }
    let mut pool = Vec::with_capacity(connections);
    for handle in handles {
        match handle.await.expect("join") {
            Ok(connection) => pool.push(Some(connection)),
            Err(error) => {
                eprintln!("could not open a connection: {error}");
                std::process::exit(1);
            }
        }
    }
    println!(
        "{} keep-alive connections open in {:.1} s",
        pool.len(),
        opening.elapsed().as_secs_f64()
    );
    if let Some(pid) = pid {
        println!(
            "dispatcher RSS with the connections open and idle: {} KiB",
            rss_kib(pid).unwrap_or(0)
        );
    }

    // Each connection is a task that takes a ticket per request; tickets are
    // issued at `rate` per second, so at most one request per connection is
    // in flight and the whole load is paced.
    let counts = Arc::new(Counts::default());
    let tickets = Arc::new(Semaphore::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut workers = Vec::with_capacity(pool.len());
    for (index, slot) in pool.iter_mut().enumerate() {
        let mut connection = slot.take().expect("opened");
        let (counts, tickets) = (Arc::clone(&counts), Arc::clone(&tickets));
        workers.push(tokio::spawn(async move {
            let mut turn = index;
            while let Ok(permit) = tickets.acquire().await {
                permit.forget();
                let (request, expect) = MIX[turn % MIX.len()];
                turn += 1;
                match connection.exchange(request, expect).await {
                    Ok(()) => counts.ok.fetch_add(1, Ordering::Relaxed),
                    Err(error) => {
                        if counts.failed.fetch_add(1, Ordering::Relaxed) < 10 {
                            eprintln!("request failed: {error}");
                        }
                        counts.reconnects.fetch_add(1, Ordering::Relaxed);
                        match Connection::open(address).await {
                            Ok(fresh) => connection = fresh,
                            Err(_) => return,
                        }
                        0
                    }
                };
            }
        }));
    }
    let started = Instant::now();
    let mut rss_samples = Vec::new();
    let mut issued: u64 = 0;
    let mut last_report = Instant::now();
    while Instant::now() < deadline {
        let due = (started.elapsed().as_secs_f64() * rate as f64) as u64;
        if due > issued {
            tickets.add_permits((due - issued) as usize);
            issued = due;
        }
        if last_report.elapsed() >= Duration::from_secs(1) {
            last_report = Instant::now();
            let rss = pid.and_then(rss_kib);
            rss_samples.push(rss.unwrap_or(0));
            println!(
                "t={:>3}s ok={} failed={} rss={} KiB",
                started.elapsed().as_secs(),
                counts.ok.load(Ordering::Relaxed),
                counts.failed.load(Ordering::Relaxed),
                rss.map_or_else(|| "-".to_owned(), |r| r.to_string())
            );
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tickets.close();
    // Let requests in flight finish, boundedly.
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        for worker in workers {
            let _ = worker.await;
        }
    })
    .await;
    let (ok, failed) = (
        counts.ok.load(Ordering::Relaxed),
        counts.failed.load(Ordering::Relaxed),
    );
    println!(
        "done: {ok} requests answered correctly, {failed} failed, {:.0} req/s over {seconds} s with {connections} connections",
        ok as f64 / seconds as f64
    );
    if rss_samples.len() >= 4 {
        let half = rss_samples.len() / 2;
        let first = rss_samples[..half].iter().max().copied().unwrap_or(0);
        let second = rss_samples[half..].iter().max().copied().unwrap_or(0);
        println!("dispatcher RSS peak: first half {first} KiB, second half {second} KiB");
    }
    std::process::exit(if failed == 0 { 0 } else { 1 });
}
