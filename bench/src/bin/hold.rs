//! Opens many keep-alive connections to a proxy, sends one GET on each (a
//! browser's request head, about 600 bytes) and reads its response, then
//! holds them all open and idle for a while, so that the proxy's memory per
//! idle connection can be read off /proc.
//! Prints `held N` once every connection has had its answer, then sleeps.
//! PATH `-` sends nothing: the connections are opened and held silent, as
//! a browser's preconnected ones are until it has a request for them.
//! Loopback only, bounded in connections and time.
//!
//! Usage: hold ADDRESS CONNECTIONS PATH SECONDS
//! e.g.   hold 127.0.0.1:19301 10000 /assets/small.txt 20

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

/// Reads one response with a Content-Length body; Err on anything else.
async fn read_response(stream: &mut TcpStream) -> Result<(), String> {
    let mut buffer = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream
            .read(&mut chunk)
            .await
            .map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err("closed before the response ended".into());
        }
        buffer.extend_from_slice(&chunk[..n]);
        let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
        if !head.starts_with("http/1.1 200") {
            return Err(format!("status line {:?}", head.lines().next()));
        }
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse().ok())
            .ok_or("no content-length")?;
        if buffer.len() >= end + 4 + length {
            return Ok(());
        }
    }
}

/// A GET as Firefox sends it on navigation, with a session cookie.
fn browser_request(path: &str) -> String {
    let request = format!(
        "GET {path} HTTP/1.1\r\n\
         Host: bench.example.org\r\n\
         User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0\r\n\
         Accept: */*\r\n\
         Sec-GPC: 1\r\n\
         Accept-Language: en-GB,en;q=0.7,nl;q=0.3\r\n\
         Accept-Encoding: gzip, deflate, br, zstd\r\n\
         Referer: https://bench.example.org/dashboard/overview\r\n\
         Cookie: proxy_session=QTEyOEdDTQ.bXUtc2Vzc2lvbi1pZC0yNzE4MjgxODI4NDU5MDQ1MjM1MzYwMjg3NDcxMzUyNjYyNDk3NzU3; theme=dark\r\n\
         Sec-Fetch-Dest: empty\r\n\
         Sec-Fetch-Mode: cors\r\n\
         Sec-Fetch-Site: same-origin\r\n\
         Priority: u=4\r\n\
         Cache-Control: no-cache\r\n\
         Pragma: no-cache\r\n\
         DNT: 1\r\n\
         Connection: keep-alive\r\n\r\n"
    );
    assert!((580..=640).contains(&request.len()), "{}", request.len());
    request
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [address, connections, path, seconds] = arguments.as_slice() else {
        eprintln!("usage: hold ADDRESS CONNECTIONS PATH SECONDS");
        std::process::exit(2);
    };
    let address: SocketAddr = address.parse().expect("ADDRESS is ip:port");
    assert!(address.ip().is_loopback(), "hold targets loopback only");
    let connections: usize = connections.parse().expect("CONNECTIONS is a number");
    let seconds: u64 = seconds.parse().expect("SECONDS is a number");
    let silent = path == "-";
    let request = if silent {
        String::new()
    } else {
        browser_request(path)
    };

    // Opening is limited to a few dozen at a time so that the listen
    // backlog of neither proxy overflows, and so that what the proxies hold
    // for requests in flight stays small beside what they keep per idle
    // connection.
    let opening = Arc::new(Semaphore::new(32));
    let mut tasks = Vec::with_capacity(connections);
    for _ in 0..connections {
        let opening = opening.clone();
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let permit = opening.acquire_owned().await.expect("never closed");
            let mut stream = TcpStream::connect(address)
                .await
                .map_err(|e| format!("connect: {e}"))?;
            if silent {
                return Ok::<TcpStream, String>(stream);
            }
            stream
                .write_all(request.as_bytes())
                .await
                .map_err(|e| format!("write: {e}"))?;
            read_response(&mut stream).await?;
            drop(permit);
            Ok::<TcpStream, String>(stream)
        }));
    }
    let mut held = Vec::with_capacity(connections);
    let mut failed = 0;
    for task in tasks {
        match task.await.expect("task does not panic") {
            Ok(stream) => held.push(stream),
            Err(error) => {
                failed += 1;
                if failed <= 3 {
                    eprintln!("hold: {error}");
                }
            }
        }
    }
    println!("held {} failed {failed}", held.len());
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    drop(held);
}
