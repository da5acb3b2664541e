//! Real sockets for the end-to-end tests: a dispatcher served in-process on
//! a loopback port, upstreams that are small hyper servers (or raw TCP
//! scripts), and clients. Everything binds to 127.0.0.1 and every wait is
//! bounded.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use dispatcher::Dispatcher;
use dispatcher::config::Config;
use dispatcher::proxy::Proxy;
use dispatcher::server::workers::{self, Workers};
use http::{Request, Response};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// The longest any single wait in a test may take.
pub const BOUND: Duration = Duration::from_secs(10);

/// A body for test upstream responses.
pub type TestBody = BoxBody<Bytes, std::io::Error>;

pub fn full(text: impl Into<Bytes>) -> TestBody {
    Full::new(text.into())
        .map_err(|never| match never {})
        .boxed()
}

/// A dispatcher running in this process on a loopback port, served by its
/// own worker thread (one, unless `WORKERS` is given), as the binary does.
pub struct RunningDispatcher {
    pub address: SocketAddr,
    /// Where `/metrics` is served, when `METRICS_LISTEN` was given.
    pub metrics_address: Option<SocketAddr>,
    pub proxy: Arc<Proxy>,
    workers: Option<Workers>,
}

impl RunningDispatcher {
    /// Serves `dispatcher` with configuration `vars` (as environment
    /// variables would give it) and `upstreams` mapped by name.
    pub async fn start(
        dispatcher: &'static Dispatcher,
        vars: &[(&str, &str)],
        upstreams: &[(&str, SocketAddr)],
    ) -> Self {
        let mut all: Vec<(String, String)> = vec![
            ("UPSTREAM_DNS".into(), "off".into()),
            ("WORKERS".into(), "1".into()),
        ];
        all.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let mut config = Config::from_vars(all).expect("test configuration");
        // A name given several times maps to all its addresses (replicas).
        let mut names: Vec<&str> = upstreams.iter().map(|(name, _)| *name).collect();
        names.dedup();
        for name in names {
            let addresses = upstreams
                .iter()
                .filter(|(n, _)| *n == name)
                .map(|(_, a)| *a)
                .collect();
            config.upstream_hosts.insert(name, addresses);
        }
        config.listen = "127.0.0.1:0".parse().expect("loopback");
        let count = workers::count(&config);
        let listeners = workers::listeners(&config, None, count).expect("bind");
        let address = listeners[0].local_addr().expect("address");
        let metrics_listen = config.metrics_listen;
        let proxy = Arc::new(Proxy::new(dispatcher, config).expect("TLS setup"));
        let mut metrics_address = None;
        if let (Some(listen), Some(metrics)) = (metrics_listen, &proxy.metrics) {
            let listener = TcpListener::bind(listen).await.expect("bind metrics");
            metrics_address = Some(listener.local_addr().expect("metrics address"));
            tokio::spawn(dispatcher::metrics::serve_admin(
                Arc::clone(metrics),
                listener,
            ));
        }
        let workers = Workers::start(Arc::clone(&proxy), listeners).expect("workers start");
        RunningDispatcher {
            address,
            metrics_address,
            proxy,
            workers: Some(workers),
        }
    }

    pub fn url(&self, target: &str) -> String {
        format!("http://{}{}", self.address, target)
    }

    /// Starts a graceful shutdown (as SIGTERM does).
    pub fn begin_shutdown(&mut self) {
        if let Some(workers) = &self.workers {
            workers.stop();
        }
    }

    /// Shuts down and waits until the server has stopped.
    pub async fn shutdown(mut self) {
        self.begin_shutdown();
        self.stopped().await;
    }

    /// Waits for a shutdown begun earlier to finish.
    pub async fn stopped(mut self) {
        let workers = self.workers.take().expect("running");
        bounded(tokio::task::spawn_blocking(move || workers.join()))
            .await
            .expect("worker threads")
            .expect("workers stopped cleanly");
    }
}

impl Drop for RunningDispatcher {
    fn drop(&mut self) {
        // A test that failed before shutting down: stop the workers so the
        // process does not wait for them.
        if let Some(workers) = &self.workers {
            workers.stop();
        }
    }
}

/// Waits until `condition` holds, checking every 10 ms; fails the test
/// with `what` if it still does not after [`BOUND`]. For events a test can
/// only observe by looking (a counter reaching a value, a log line).
pub async fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + BOUND;
    while !condition() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "not within {BOUND:?}: {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Waits until nothing accepts connections on `address` any more (a
/// shutdown has closed the listener); fails the test after [`BOUND`].
pub async fn wait_until_refused(address: SocketAddr) {
    let deadline = tokio::time::Instant::now() + BOUND;
    while TcpStream::connect(address).await.is_ok() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{address} still accepts connections after {BOUND:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A loopback address nothing listens on (bound, then released): for an
/// upstream that refuses, or a port a process is told to take.
pub fn free_address() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
}

/// Checks that `dispatcher` still answers an ordinary request (after a
/// test has thrown something hostile at it).
pub async fn assert_still_serving(dispatcher: &RunningDispatcher) {
    let response = exchange_to_close(
        dispatcher.address,
        b"GET /direct HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(
        response.starts_with("HTTP/1.1 200 OK"),
        "no longer serving: {response}"
    );
}

/// Awaits `future`, failing the test if it takes longer than [`BOUND`].
pub async fn bounded<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(BOUND, future)
        .await
        .expect("timed out")
}

/// A hyper upstream counting its connections and requests, and keeping
/// the target of every request it received.
pub struct Upstream {
    pub address: SocketAddr,
    pub connections: Arc<AtomicUsize>,
    pub requests: Arc<AtomicUsize>,
    pub targets: Arc<Mutex<Vec<String>>>,
}

impl Upstream {
    /// Every request target the upstream received, in order.
    pub fn targets(&self) -> Vec<String> {
        self.targets.lock().expect("targets").clone()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Starts an HTTP/1.1 upstream answering every request with `body`, each
/// after `delay`.
pub async fn start_slow_upstream(delay: Duration, body: &'static str) -> Upstream {
    start_upstream(move |_request: Request<Incoming>| async move {
        tokio::time::sleep(delay).await;
        Response::new(full(body))
    })
    .await
}

/// Starts an HTTP/1.1 upstream answering every request with `handler`.
pub async fn start_upstream<F, Fut>(handler: F) -> Upstream
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Response<TestBody>> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind upstream");
    let address = listener.local_addr().expect("address");
    let connections = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let targets = Arc::new(Mutex::new(Vec::new()));
    let (counted_connections, counted_requests, seen) = (
        Arc::clone(&connections),
        Arc::clone(&requests),
        Arc::clone(&targets),
    );
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counted_connections.fetch_add(1, Ordering::SeqCst);
            let handler = handler.clone();
            let requests = Arc::clone(&counted_requests);
            let seen = Arc::clone(&seen);
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<Incoming>| {
                    requests.fetch_add(1, Ordering::SeqCst);
                    seen.lock()
                        .expect("targets")
                        .push(request.uri().to_string());
                    let response = handler(request);
                    async move { Ok::<_, Infallible>(response.await) }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .with_upgrades()
                    .await;
            });
        }
    });
    Upstream {
        address,
        connections,
        requests,
        targets,
    }
}

/// An upstream whose response body is `first;` and then, only once
/// `release` is notified, `last`: for observing a body mid-stream.
pub async fn start_gated_upstream(release: Arc<Notify>) -> Upstream {
    start_upstream(move |_request: Request<Incoming>| {
        let release = Arc::clone(&release);
        async move {
            let chunks = futures_util::stream::unfold(0, move |step| {
                let release = Arc::clone(&release);
                async move {
                    match step {
                        0 => Some((Ok(Frame::data(Bytes::from_static(b"first;"))), 1)),
                        1 => {
                            release.notified().await;
                            Some((Ok(Frame::data(Bytes::from_static(b"last"))), 2))
                        }
                        _ => None,
                    }
                }
            });
            Response::new(StreamBody::new(chunks).boxed())
        }
    })
    .await
}

/// The JSON echo of a request: its method, target, path, version,
/// headers (the values of a repeated one joined by `, `) and body.
pub async fn echo(request: Request<Incoming>) -> serde_json::Value {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let mut headers = serde_json::Map::new();
    for name in parts.headers.keys() {
        let values: Vec<&str> = parts
            .headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap_or("?"))
            .collect();
        headers.insert(name.to_string(), values.join(", ").into());
    }
    serde_json::json!({
        "method": parts.method.as_str(),
        "target": parts.uri.to_string(),
        "path": parts.uri.path(),
        "version": format!("{:?}", parts.version),
        "headers": headers,
        "body": String::from_utf8_lossy(&body),
    })
}

/// A 200 response carrying `value` as `application/json`.
pub fn json_response(value: &serde_json::Value) -> Response<TestBody> {
    let mut response = Response::new(full(value.to_string()));
    response.headers_mut().insert(
        "content-type",
        http::HeaderValue::from_static("application/json"),
    );
    response
}

/// An upstream that answers each request with its [`echo`].
pub async fn start_echo_upstream() -> Upstream {
    start_upstream(|request: Request<Incoming>| async move { json_response(&echo(request).await) })
        .await
}

/// The answer of an upstream named `name` (one of several the rules
/// choose between): the [`echo`] with `"upstream": name`, and the header
/// `x-served-by: name`.
pub async fn named_echo(name: &str, request: Request<Incoming>) -> Response<TestBody> {
    let mut echo = echo(request).await;
    echo["upstream"] = name.into();
    let mut response = json_response(&echo);
    response.headers_mut().insert(
        "x-served-by",
        http::HeaderValue::from_str(name).expect("a header value"),
    );
    response
}

/// An upstream answering every request with [`named_echo`].
pub async fn start_named_echo_upstream(name: &'static str) -> Upstream {
    start_upstream(move |request: Request<Incoming>| named_echo(name, request)).await
}

/// The first frame of a response body, as data; fails the test if the
/// body ends or fails first, or sends no frame within [`BOUND`].
pub async fn first_data(body: &mut Incoming) -> Bytes {
    bounded(body.frame())
        .await
        .expect("a first frame")
        .expect("a body frame, not an error")
        .into_data()
        .expect("a data frame")
}

/// A TCP listener whose connections are handed to `script`, for upstreams
/// that misbehave in ways hyper would not.
pub async fn start_raw_upstream<F, Fut>(script: F) -> (SocketAddr, Arc<AtomicUsize>)
where
    F: Fn(TcpStream, usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind raw upstream");
    let address = listener.local_addr().expect("address");
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&connections);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let index = counted.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(script(stream, index));
        }
    });
    (address, connections)
}

/// Reads one HTTP/1.1 request head (up to the blank line) from a raw stream.
pub async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match bounded(stream.read(&mut byte)).await {
            Ok(1) => head.push(byte[0]),
            _ => return None,
        }
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

/// Sends raw bytes to `address` and reads until the dispatcher closes the
/// connection (EOF or reset); fails the test if it stays open for [`BOUND`].
pub async fn exchange_to_close(address: SocketAddr, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    stream.write_all(request).await.expect("write");
    read_to_close(&mut stream).await
}

/// Reads until the peer closes the connection (EOF) or resets it; fails
/// the test if it is still open after [`BOUND`]. Returns what was read.
pub async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut buffer = [0u8; 8192];
    let deadline = tokio::time::Instant::now() + BOUND;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => panic!(
                "the connection was still open after {BOUND:?}; received: {}",
                String::from_utf8_lossy(&received)
            ),
        }
    }
    String::from_utf8_lossy(&received).into_owned()
}

/// One HTTP/1.1 response parsed from raw bytes, its body decoded from its
/// framing (Content-Length, chunked, or up to the end).
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    /// Header lines as received, names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Whether the body's framing was complete (all of Content-Length, or
    /// the last chunk and the final CRLF).
    pub complete: bool,
    /// Bytes after the message.
    pub rest: Vec<u8>,
}

impl RawResponse {
    /// Every value of header `name`.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.all(name).first().copied()
    }
}

/// Parses the first response in `raw`; `None` when there is no complete head.
pub fn parse_response(raw: &[u8]) -> Option<RawResponse> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter(|line| !line.is_empty())
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let field = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let rest = &raw[end..];
    let chunked = field("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    let (body, complete, consumed) = if chunked {
        decode_chunked(rest)
    } else if let Some(length) = field("content-length").and_then(|v| v.parse::<usize>().ok()) {
        let taken = length.min(rest.len());
        (rest[..taken].to_vec(), taken == length, taken)
    } else if (100..200).contains(&status) || status == 204 || status == 304 {
        (Vec::new(), true, 0)
    } else {
        (rest.to_vec(), true, rest.len())
    };
    Some(RawResponse {
        status,
        headers,
        body,
        complete,
        rest: rest[consumed..].to_vec(),
    })
}

/// Decodes a chunked body: (data, whether it ended properly, bytes consumed).
fn decode_chunked(mut raw: &[u8]) -> (Vec<u8>, bool, usize) {
    let total = raw.len();
    let mut body = Vec::new();
    loop {
        let Some(line_end) = raw.windows(2).position(|w| w == b"\r\n") else {
            return (body, false, total - raw.len());
        };
        let line = String::from_utf8_lossy(&raw[..line_end]);
        let size_text = line.split(';').next().unwrap_or("");
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            return (body, false, total - raw.len());
        };
        raw = &raw[line_end + 2..];
        if size == 0 {
            // Trailer fields, then the final CRLF.
            while let Some(line_end) = raw.windows(2).position(|w| w == b"\r\n") {
                raw = &raw[line_end + 2..];
                if line_end == 0 {
                    return (body, true, total - raw.len());
                }
            }
            return (body, false, total - raw.len());
        }
        if raw.len() < size + 2 || &raw[size..size + 2] != b"\r\n" {
            body.extend_from_slice(&raw[..size.min(raw.len())]);
            return (body, false, total);
        }
        body.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

/// The number of file descriptors this process has open. Fails the test
/// when `/proc/self/fd` cannot be read: a count of zero would make every
/// "no descriptor leaked" check pass.
pub fn open_fds() -> usize {
    match std::fs::read_dir("/proc/self/fd") {
        Ok(entries) => entries.count(),
        Err(error) => panic!("cannot count open descriptors in /proc/self/fd: {error}"),
    }
}

/// The TCP connections this process has open with either end on one of
/// `ports` (listening sockets aside). Unlike [`open_fds`], it does not see
/// what other tests running in the same process open meanwhile (each test
/// has its own runtime, listeners and connections): a count of the sockets
/// through the dispatcher and its upstream under test only. Fails the test
/// when `/proc` cannot be read.
pub fn open_connections_on(ports: &[u16]) -> usize {
    let ours: std::collections::HashSet<u64> = std::fs::read_dir("/proc/self/fd")
        .unwrap_or_else(|error| panic!("cannot read /proc/self/fd: {error}"))
        .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
        .filter_map(|link| {
            link.to_str()?
                .strip_prefix("socket:[")?
                .strip_suffix(']')?
                .parse()
                .ok()
        })
        .collect();
    let port = |address: &str| u16::from_str_radix(address.rsplit(':').next()?, 16).ok();
    let mut count = 0;
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = std::fs::read_to_string(table)
            .unwrap_or_else(|error| panic!("cannot read {table}: {error}"));
        for line in text.lines().skip(1) {
            // sl, local address, remote address, state, …, inode (10th).
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (Some(local), Some(remote), Some(state), Some(inode)) = (
                fields.get(1).and_then(|a| port(a)),
                fields.get(2).and_then(|a| port(a)),
                fields.get(3),
                fields.get(9).and_then(|i| i.parse::<u64>().ok()),
            ) else {
                continue;
            };
            const LISTEN: &str = "0A";
            if *state != LISTEN
                && ours.contains(&inode)
                && (ports.contains(&local) || ports.contains(&remote))
            {
                count += 1;
            }
        }
    }
    count
}

/// Reads one whole response from a connection that stays open: its head
/// and, by its framing, its body. Fails the test if the peer closes the
/// connection first or the response is not complete within [`BOUND`];
/// returns what was read (the response, and anything that came with it).
pub async fn read_response(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut buffer = [0u8; 8192];
    let deadline = tokio::time::Instant::now() + BOUND;
    loop {
        if parse_response(&received).is_some_and(|response| response.complete) {
            return String::from_utf8_lossy(&received).into_owned();
        }
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => panic!(
                "the connection closed before a whole response; received: {}",
                String::from_utf8_lossy(&received)
            ),
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => panic!(
                "no whole response within {BOUND:?}; received: {}",
                String::from_utf8_lossy(&received)
            ),
        }
    }
}

/// An HTTP/1.1 client with keep-alive.
pub fn http1_client() -> Client<HttpConnector, Full<Bytes>> {
    Client::builder(TokioExecutor::new()).build_http()
}

/// An HTTP/2 client with prior knowledge (h2c).
pub fn http2_client() -> Client<HttpConnector, Full<Bytes>> {
    Client::builder(TokioExecutor::new())
        .http2_only(true)
        .build_http()
}

/// A GET request with headers.
pub fn get(url: &str, headers: &[(&str, &str)]) -> Request<Full<Bytes>> {
    let mut request = Request::get(url)
        .body(Full::new(Bytes::new()))
        .expect("request");
    for (name, value) in headers {
        request.headers_mut().append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    request
}

/// The response status and its whole body as text.
pub async fn send(
    client: &Client<HttpConnector, Full<Bytes>>,
    request: Request<Full<Bytes>>,
) -> (Response<()>, String) {
    let response = bounded(client.request(request)).await.expect("response");
    let (parts, body) = response.into_parts();
    let bytes = bounded(body.collect()).await.expect("body").to_bytes();
    (
        Response::from_parts(parts, ()),
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// The first value of header `name` of a response from [`send`].
pub fn header<'a>(response: &'a Response<()>, name: &str) -> Option<&'a str> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().expect("text header"))
}

/// Every value of header `name`, in order.
pub fn header_values(response: &Response<()>, name: &str) -> Vec<String> {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|value| value.to_str().expect("text header").to_owned())
        .collect()
}

/// What a CORS answer is checked by: `Access-Control-Allow-Origin`,
/// `Access-Control-Allow-Credentials`, and every `Vary` value.
pub fn cors_headers(response: &Response<()>) -> (Option<&str>, Option<&str>, Vec<String>) {
    (
        header(response, "access-control-allow-origin"),
        header(response, "access-control-allow-credentials"),
        header_values(response, "vary"),
    )
}

/// Raw HTTP/2 frames, for tests that must misbehave as no client library would.
pub mod h2 {
    pub const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    pub const DATA: u8 = 0x0;
    pub const HEADERS: u8 = 0x1;
    pub const RST_STREAM: u8 = 0x3;
    pub const SETTINGS: u8 = 0x4;
    pub const PING: u8 = 0x6;
    pub const GOAWAY: u8 = 0x7;
    pub const END_STREAM: u8 = 0x1;
    pub const END_HEADERS: u8 = 0x4;
    pub const ACK: u8 = 0x1;

    pub fn frame(kind: u8, flags: u8, stream: u32, payload: &[u8]) -> Vec<u8> {
        let mut out = (payload.len() as u32).to_be_bytes()[1..].to_vec();
        out.extend_from_slice(&[kind, flags]);
        out.extend_from_slice(&stream.to_be_bytes());
        out.extend_from_slice(payload);
        out
    }

    /// A header block of HPACK literals (no indexing, no Huffman), for
    /// names and values shorter than 127 bytes.
    pub fn header_block(fields: &[(&str, &str)]) -> Vec<u8> {
        let mut block = Vec::new();
        for (name, value) in fields {
            block.push(0x00);
            block.push(name.len() as u8);
            block.extend_from_slice(name.as_bytes());
            block.push(value.len() as u8);
            block.extend_from_slice(value.as_bytes());
        }
        block
    }

    /// A GET request on `stream` as one HEADERS frame with END_STREAM.
    pub fn get(stream: u32, path: &str) -> Vec<u8> {
        let block = header_block(&[
            (":method", "GET"),
            (":scheme", "http"),
            (":path", path),
            (":authority", "x"),
        ]);
        frame(HEADERS, END_STREAM | END_HEADERS, stream, &block)
    }

    /// One frame read from `stream`: (kind, flags, stream id, payload).
    pub async fn read_frame(stream: &mut tokio::net::TcpStream) -> Option<(u8, u8, u32, Vec<u8>)> {
        use tokio::io::AsyncReadExt;
        let mut header = [0u8; 9];
        stream.read_exact(&mut header).await.ok()?;
        let length = u32::from_be_bytes([0, header[0], header[1], header[2]]) as usize;
        let id = u32::from_be_bytes([header[5] & 0x7f, header[6], header[7], header[8]]);
        let mut payload = vec![0u8; length];
        stream.read_exact(&mut payload).await.ok()?;
        Some((header[3], header[4], id, payload))
    }
}
