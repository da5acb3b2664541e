//! Benchmark support: the rule sets the benches dispatch against and the
//! tools the load scripts run (see docs/BENCHMARKS.md).

/// What the load tools read of a response head.
pub mod head {
    /// Where `needle` first starts in `haystack` (the end of a head:
    /// `b"\r\n\r\n"`).
    pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    /// The Content-Length of `head` (without its final blank line), which
    /// must be a 200.
    pub fn content_length_of_ok(head: &[u8]) -> Result<u64, String> {
        let text = std::str::from_utf8(head).map_err(|_| "a head that is not UTF-8")?;
        let mut lines = text.split("\r\n");
        let status = lines.next().unwrap_or_default();
        if !status.starts_with("HTTP/1.1 200") {
            return Err(format!("status line {status:?}"));
        }
        lines
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse().ok())
            .ok_or_else(|| "a response without Content-Length".to_string())
    }
}

/// The closed loop the load tools share: CONNECTIONS connections to a
/// loopback ADDRESS, each asking for PATH again and again until SECONDS
/// have passed.
pub mod closed_loop {
    use std::future::Future;
    use std::net::SocketAddr;
    use std::time::{Duration, Instant};

    pub struct Load {
        pub address: SocketAddr,
        pub connections: usize,
        pub seconds: u64,
        /// `GET PATH` with `Accept: */*`, as bench/compare.sh's wrk sends.
        pub request: Vec<u8>,
    }

    /// `TOOL ADDRESS PATH CONNECTIONS SECONDS` from the command line; exits
    /// with the usage on anything else. Loopback only, at most 1,024
    /// connections and 600 seconds.
    pub fn from_args(tool: &str) -> Load {
        let args: Vec<String> = std::env::args().collect();
        let [_, address, path, connections, seconds] = &args[..] else {
            eprintln!("usage: {tool} ADDRESS PATH CONNECTIONS SECONDS");
            std::process::exit(2);
        };
        let address: SocketAddr = address.parse().expect("an IP address and port");
        assert!(address.ip().is_loopback(), "{tool} only targets loopback");
        let connections: usize = connections.parse().expect("a connection count");
        let seconds: u64 = seconds.parse().expect("a duration in seconds");
        assert!((1..=1024).contains(&connections) && (1..=600).contains(&seconds));
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: bench\r\nAccept: */*\r\n\r\n").into_bytes();
        Load {
            address,
            connections,
            seconds,
            request,
        }
    }

    /// Runs `connection(address, request, started, deadline)` once per
    /// connection on one current-thread runtime, and returns what each
    /// gave, with the seconds the whole took.
    pub fn run<T, F, Fut>(load: &Load, connection: F) -> (Vec<Result<T, String>>, f64)
    where
        T: Send + 'static,
        F: Fn(SocketAddr, Vec<u8>, Instant, Instant) -> Fut,
        Fut: Future<Output = Result<T, String>> + Send + 'static,
    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let started = Instant::now();
        let deadline = started + Duration::from_secs(load.seconds);
        let results = runtime.block_on(async {
            let tasks: Vec<_> = (0..load.connections)
                .map(|_| {
                    let request = load.request.clone();
                    tokio::spawn(connection(load.address, request, started, deadline))
                })
                .collect();
            let mut results = Vec::new();
            for task in tasks {
                results.push(task.await.expect("a connection task"));
            }
            results
        });
        (results, started.elapsed().as_secs_f64())
    }

    /// The `p` quantile (0.5, 0.99) of `sorted` latencies; 0 when empty.
    pub fn percentile(sorted: &[u64], p: f64) -> u64 {
        sorted
            .get(((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0)
    }
}
