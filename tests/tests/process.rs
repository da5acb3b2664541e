//! The built binary as a process (docs/design/behaviour.md §5.1–5.4):
//! configuration from the environment, `serve --listen`, SIGTERM with a request
//! in flight, the access log line, and the `LOG_*` switches. Runs the
//! `mu-examples` fixture's "basic" rules, whose `/widgets/*path` goes to
//! `resource`.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dispatcher_tests::harness::*;
use http_body_util::BodyExt;
use tokio::sync::Notify;

/// A dispatcher process, with its stderr collected line by line.
struct Process {
    child: Child,
    address: SocketAddr,
    stderr: Arc<Mutex<Vec<String>>>,
    /// The thread collecting standard error; it ends when the process does.
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Process {
    fn start(envs: &[(&str, &str)], args: &[&str]) -> Result<Process, (Option<i32>, String)> {
        let mut command = Command::new(env!("CARGO_BIN_EXE_mu-examples"));
        command
            .arg("basic")
            .args(args)
            .env_remove("RUST_LOG")
            .env("UPSTREAM_DNS", "off")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (name, value) in envs {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("the fixture binary starts");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let (listening, address) = mpsc::channel();
        let lines = Arc::clone(&stderr);
        let pipe = child.stderr.take().expect("stderr");
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let found = line.split("address=").nth(1).map(|a| a.trim().to_owned());
                lines.lock().unwrap().push(line);
                if let Some(found) = found {
                    let _ = listening.send(found);
                }
            }
        });
        match address.recv_timeout(BOUND) {
            Ok(found) => Ok(Process {
                child,
                address: found.parse().expect("an address"),
                stderr,
                reader: Some(reader),
            }),
            Err(_) => {
                let status = child.wait().ok().and_then(|status| status.code());
                // Every line is in once the reader has seen the pipe's end.
                let _ = reader.join();
                Err((status, stderr.lock().unwrap().join("\n")))
            }
        }
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    /// Waits until a line of standard error contains `needle`; returns it.
    async fn logged(&self, needle: &str) -> String {
        let find = || {
            self.stderr
                .lock()
                .unwrap()
                .iter()
                .find(|line| line.contains(needle))
                .cloned()
        };
        eventually(&format!("a log line with {needle:?}"), || find().is_some()).await;
        find().expect("found")
    }

    fn wait(mut self) -> (Option<i32>, String) {
        let deadline = Instant::now() + BOUND;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            assert!(Instant::now() < deadline, "the process did not exit");
            std::thread::sleep(Duration::from_millis(20));
        };
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        (status.code(), self.stderr.lock().unwrap().join("\n"))
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

#[tokio::test]
async fn sigterm_lets_the_request_in_flight_finish_then_exits_zero() {
    sigterm_with_a_request_in_flight(&[("WORKERS", "2")], "workers=2 ").await;
}

/// `WORKERS=1` runs one worker on the single-threaded scheduler (the
/// start-up line says how many): the same proxying and the same graceful
/// shutdown.
#[tokio::test]
async fn one_worker_proxies_and_shuts_down_gracefully() {
    sigterm_with_a_request_in_flight(&[("WORKERS", "1")], "workers=1 ").await;
}

/// Starts the binary with `envs`, checks that its start-up line contains
/// `started`, and sends SIGTERM while a download is half done.
async fn sigterm_with_a_request_in_flight(envs: &[(&str, &str)], started: &str) {
    let release = Arc::new(Notify::new());
    let upstream = start_gated_upstream(Arc::clone(&release)).await;
    let hosts = format!("resource={}", upstream.address);
    let mut envs = envs.to_vec();
    envs.push(("UPSTREAM_HOSTS", &hosts));
    let process = Process::start(&envs, &["serve", "--listen", "127.0.0.1:0"])
        .expect("the dispatcher starts");
    let url = format!("http://{}/widgets/download", process.address);
    let response = bounded(http1_client().request(get(&url, &[])))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut body = response.into_body();
    assert_eq!(&first_data(&mut body).await[..], b"first;");

    let listening = process.logged("dispatcher::server: listening ").await;
    assert!(listening.contains(started), "{listening}");

    process.signal("-TERM");
    // The shutdown has begun (the listener is closed) while the download
    // is still waiting for its last bytes.
    process.logged("shutting down: no longer accepting").await;
    wait_until_refused(process.address).await;
    release.notify_one();
    let rest = bounded(body.collect()).await.unwrap().to_bytes();
    assert_eq!(
        &rest[..],
        b"last",
        "the download in flight completed after SIGTERM"
    );

    let (code, log) = process.wait();
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("SIGTERM received"), "{log}");
    let access = log
        .lines()
        .find(|line| line.contains("dispatcher::access") && line.contains("/widgets/download"))
        .unwrap_or_else(|| panic!("an access log line: {log}"));
    for field in [
        "method=GET",
        "path=/widgets/download",
        "status=200",
        "upstream=\"http://resource\"",
        "bytes=10",
        "duration_ms=",
    ] {
        assert!(access.contains(field), "{field} in {access}");
    }
    assert!(
        access.contains(" INFO dispatcher::access: method=GET "),
        "a whole response is no warning and has no aborted=: {access}"
    );
}

#[test]
fn a_bad_variable_is_refused_at_start_up_naming_it() {
    for (name, value, expected) in [
        (
            "IDLE_TIMEOUT",
            "soon",
            "IDLE_TIMEOUT=\"soon\": expected a whole number",
        ),
        (
            "UPSTREAM_HOSTS",
            "resource",
            "UPSTREAM_HOSTS=\"resource\": `resource` is not `name=ip` or `name=ip:port`",
        ),
        (
            "UPSTREAM_DNS",
            "nah",
            "UPSTREAM_DNS=\"nah\": expected true, yes, 1 or on, or false, no, 0 or off",
        ),
        ("LISTEN", "everywhere", "LISTEN=\"everywhere\""),
    ] {
        let Err((code, log)) =
            Process::start(&[(name, value)], &["serve", "--listen", "127.0.0.1:0"])
        else {
            panic!("{name}={value} must be refused");
        };
        assert_eq!(code, Some(2), "{log}");
        assert!(log.contains(&format!("error: {expected}")), "{log}");
    }
}

#[test]
fn listen_flag_overrides_the_listen_variable() {
    // 192.0.2.1 (TEST-NET-1) is not on this machine: LISTEN alone would fail to bind.
    let process = Process::start(
        &[("LISTEN", "192.0.2.1:80")],
        &["serve", "--listen", "127.0.0.1:0"],
    )
    .expect("--listen wins");
    assert!(process.address.ip().is_loopback());
    process.signal("-INT");
    let (code, log) = process.wait();
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("SIGINT received"), "{log}");

    let Err((code, log)) = Process::start(&[("LISTEN", "192.0.2.1:80")], &["serve"]) else {
        panic!("binding 192.0.2.1 must fail");
    };
    assert_eq!(code, Some(1), "{log}");
    assert!(
        log.contains("cannot listen on 192.0.2.1:80 (LISTEN)"),
        "{log}"
    );
}

/// Each `LOG_*` switch turns on debug lines of its own target and of no
/// other: one process per switch, each given a request that touches every
/// target (a proxied POST with a body, so that request and response body
/// chunks, both heads, both rewrites, connections and layers are logged).
/// `tracing`'s filter matches targets by prefix, so no target may be a
/// prefix of another (the communication targets were once
/// `dispatcher::frontend`, a prefix of `dispatcher::frontend_processing`).
#[tokio::test]
async fn each_log_switch_turns_on_its_target_and_no_other() {
    let upstream = start_echo_upstream().await;
    let hosts = format!("resource={}", upstream.address);
    let mut leaks = Vec::new();
    for (variable, target, _) in dispatcher::config::LOG_SWITCHES {
        let process = Process::start(
            &[("UPSTREAM_HOSTS", &hosts), (variable, "on")],
            &["serve", "--listen", "127.0.0.1:0"],
        )
        .expect("starts");
        proxied_post(&process, &upstream).await;
        process.logged(&debug_line(target)).await;
        process.signal("-TERM");
        let (status, log) = process.wait();
        assert_eq!(status, Some(0), "{variable}: {log}");
        for (other_variable, other, _) in dispatcher::config::LOG_SWITCHES {
            if other != target && log.contains(&debug_line(other)) {
                leaks.push(format!("{variable} turns on {other_variable}"));
            }
        }
    }
    assert!(leaks.is_empty(), "{leaks:#?}");
    // Without any switch, no debug line at all.
    let process = Process::start(
        &[("UPSTREAM_HOSTS", &hosts)],
        &["serve", "--listen", "127.0.0.1:0"],
    )
    .expect("starts");
    proxied_post(&process, &upstream).await;
    process.logged("dispatcher::access").await;
    process.signal("-TERM");
    let (_, log) = process.wait();
    assert!(!log.contains(" DEBUG "), "{log}");
}

/// How a debug line of `target` starts, after the timestamp.
fn debug_line(target: &str) -> String {
    format!("DEBUG {target}: ")
}

/// A POST to `/widgets/1`, proxied to `upstream` (the `resource`), whose
/// body is sent once the upstream has the head: a request that gives every
/// `LOG_*` target something to log (body bytes read after the head
/// included).
async fn proxied_post(process: &Process, upstream: &Upstream) {
    use tokio::io::AsyncWriteExt;
    let before = upstream.requests();
    let mut stream = tokio::net::TcpStream::connect(process.address)
        .await
        .unwrap();
    stream
        .write_all(b"POST /widgets/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 6\r\n\r\n")
        .await
        .unwrap();
    eventually("the upstream has the head", || upstream.requests() > before).await;
    stream.write_all(b"a body").await.unwrap();
    let response = read_to_close(&mut stream).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
}

/// `METRICS_LISTEN` makes the binary serve `/metrics` on that address,
/// counting the requests of its main port.
#[tokio::test]
async fn metrics_listen_serves_the_metrics_of_the_process() {
    let upstream = start_echo_upstream().await;
    let hosts = format!("resource={}", upstream.address);
    let metrics_listen = format!("127.0.0.1:{}", free_address().port());
    let process = Process::start(
        &[
            ("UPSTREAM_HOSTS", &hosts),
            ("METRICS_LISTEN", &metrics_listen),
        ],
        &["serve", "--listen", "127.0.0.1:0"],
    )
    .expect("starts");
    let url = format!("http://{}/widgets/1", process.address);
    for _ in 0..2 {
        let (response, _) = send(&http1_client(), get(&url, &[])).await;
        assert_eq!(response.status(), 200);
    }
    // A request is counted once its worker is done with it, which can be
    // just after the client has the answer.
    let metrics_url = format!("http://{metrics_listen}/metrics");
    let counted = r#"status="200",upstream="http://resource"} 2"#;
    let deadline = Instant::now() + BOUND;
    loop {
        let (response, exposition) = send(&http1_client(), get(&metrics_url, &[])).await;
        assert_eq!(response.status(), 200);
        if exposition
            .lines()
            .any(|line| line.starts_with("dispatcher_requests_total{") && line.ends_with(counted))
        {
            break;
        }
        assert!(Instant::now() < deadline, "{counted} not in:\n{exposition}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    process.signal("-TERM");
    assert_eq!(process.wait().0, Some(0));
}

/// A response cut short (here the upstream closes 99,990 bytes early)
/// is logged as a warning with `aborted=` and the reason.
#[tokio::test]
async fn an_aborted_response_is_logged_with_its_reason() {
    let (address, _) = start_raw_upstream(|mut stream: tokio::net::TcpStream, _| async move {
        use tokio::io::AsyncWriteExt;
        if read_head(&mut stream).await.is_some() {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n0123456789")
                .await;
        }
    })
    .await;
    let hosts = format!("resource={address}");
    let process = Process::start(
        &[("UPSTREAM_HOSTS", &hosts)],
        &["serve", "--listen", "127.0.0.1:0"],
    )
    .expect("starts");
    let cut = exchange_to_close(
        process.address,
        b"GET /widgets/cut HTTP/1.1\r\nHost: x\r\n\r\n",
    )
    .await;
    assert!(cut.starts_with("HTTP/1.1 200"), "{cut}");
    let line = process.logged("path=/widgets/cut").await;
    assert!(
        line.contains(
            "WARN dispatcher::access: aborted=the upstream closed the connection before the end of its body "
        ),
        "{line}"
    );
    assert!(
        line.contains("status=200") && line.contains("bytes=10 "),
        "{line}"
    );
    process.signal("-TERM");
    assert_eq!(process.wait().0, Some(0));
}

#[tokio::test]
async fn reuse_port_lets_a_second_process_take_over_the_port() {
    let upstream = start_echo_upstream().await;
    let hosts = format!("resource={}", upstream.address);
    let listen = format!("127.0.0.1:{}", free_address().port());
    let envs = [("UPSTREAM_HOSTS", hosts.as_str()), ("REUSE_PORT", "true")];
    let old =
        Process::start(&envs, &["serve", "--listen", &listen]).expect("the first process starts");
    let new = Process::start(&envs, &["serve", "--listen", &listen])
        .expect("the second binds the same port");
    assert_eq!(old.address, new.address);
    old.signal("-TERM");
    let (code, log) = old.wait();
    assert_eq!(code, Some(0), "{log}");
    // The port is still served, by the second process.
    let url = format!("http://{listen}/widgets/after");
    let (response, _) = send(&http1_client(), get(&url, &[])).await;
    assert_eq!(response.status(), 200);
    new.signal("-TERM");
    assert_eq!(new.wait().0, Some(0));

    // Without REUSE_PORT a second process cannot bind a port in use.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let busy = taken.local_addr().unwrap().to_string();
    let Err((code, log)) = Process::start(&[], &["serve", "--listen", &busy]) else {
        panic!("binding a taken port must fail");
    };
    assert_eq!(code, Some(1));
    assert!(log.contains("cannot listen on"), "{log}");
}

#[tokio::test]
async fn a_listening_socket_passed_by_systemd_is_used() {
    use std::os::fd::AsRawFd;
    let upstream = start_echo_upstream().await;
    let hosts = format!("resource={}", upstream.address);
    let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = socket.local_addr().unwrap();
    let fd = socket.as_raw_fd();
    // Let the child inherit the socket, as systemd's socket activation does.
    // SAFETY: fcntl on a descriptor this test owns; no memory is involved.
    let cleared = unsafe { libc::fcntl(fd, libc::F_SETFD, 0) };
    assert_eq!(cleared, 0);
    let first_fd = fd.to_string();
    let process = Process::start(
        &[
            ("UPSTREAM_HOSTS", &hosts),
            ("LISTEN_FDS", "1"),
            ("LISTEN_FDS_FIRST_FD", &first_fd),
        ],
        &["serve"],
    )
    .expect("starts on the passed socket");
    drop(socket);
    assert_eq!(process.address, address);
    let (response, _) = send(
        &http1_client(),
        get(&format!("http://{address}/widgets/1"), &[]),
    )
    .await;
    assert_eq!(response.status(), 200);
    process.signal("-TERM");
    let (code, log) = process.wait();
    assert_eq!(code, Some(0), "{log}");
    assert!(
        log.contains("using the listening socket passed in LISTEN_FDS"),
        "{log}"
    );
}

/// Waits (boundedly) until something accepts connections on `address`.
async fn wait_for_listener(address: &str) {
    let deadline = Instant::now() + BOUND;
    while tokio::net::TcpStream::connect(address).await.is_err() {
        assert!(Instant::now() < deadline, "nothing listens on {address}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The value of an unlabelled counter in a metrics exposition.
fn counter(exposition: &str, name: &str) -> Option<u64> {
    exposition.lines().find_map(|line| {
        line.strip_prefix(name)?
            .strip_prefix(' ')?
            .trim()
            .parse()
            .ok()
    })
}

#[tokio::test]
async fn a_log_reader_that_stops_reading_never_stops_serving() {
    let upstream = start_echo_upstream().await;
    let hosts = format!("resource={}", upstream.address);
    let listen = format!("127.0.0.1:{}", free_address().port());
    let metrics_listen = format!("127.0.0.1:{}", free_address().port());
    // Standard error is a pipe nobody reads for now: once its 64 KiB are
    // full, every write to it blocks.
    let (reader, writer) = std::io::pipe().expect("a pipe");
    let mut command = Command::new(env!("CARGO_BIN_EXE_mu-examples"));
    command
        .args(["basic", "serve", "--listen", &listen])
        .env_remove("RUST_LOG")
        .env("UPSTREAM_DNS", "off")
        .env("UPSTREAM_HOSTS", &hosts)
        .env("METRICS_LISTEN", &metrics_listen)
        .stdout(Stdio::null())
        .stderr(writer);
    // Every switch on: a few KiB of log per request, so the pipe and the
    // writer's buffer fill after a few hundred requests.
    for (variable, _, _) in dispatcher::config::LOG_SWITCHES {
        command.env(variable, "on");
    }
    let mut child = command.spawn().expect("the fixture binary starts");
    drop(command);
    let _killed = KillOnDrop(&mut child);
    wait_for_listener(&listen).await;

    // 1,200 requests on 4 keep-alive connections: about 2 MB of log, the
    // pipe's 64 KiB thirty times over and the writer's 1 MiB buffer nearly
    // twice. Every one must be answered, each within `BOUND`.
    let answered = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut clients = Vec::new();
    for client in 0..4 {
        let url = format!("http://{listen}/widgets/{client}");
        let answered = std::sync::Arc::clone(&answered);
        clients.push(tokio::spawn(async move {
            let http = http1_client();
            for _ in 0..300 {
                let (response, _) = send(&http, get(&url, &[])).await;
                assert_eq!(response.status(), 200);
                answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        }));
    }
    // Each request is bounded by `send`; all of them together, loosely.
    for client in clients {
        tokio::time::timeout(Duration::from_secs(120), client)
            .await
            .expect("the requests did not all finish in two minutes")
            .expect("every request answered");
    }
    assert_eq!(answered.load(std::sync::atomic::Ordering::Relaxed), 1200);
    let metrics_url = format!("http://{metrics_listen}/metrics");
    let (_, exposition) = send(&http1_client(), get(&metrics_url, &[])).await;
    let dropped = counter(&exposition, "dispatcher_log_lines_dropped_total")
        .unwrap_or_else(|| panic!("the metric is exposed: {exposition}"));
    assert!(dropped > 0, "lines were dropped, not waited for");

    // The reader comes back: one warning says how many lines were lost.
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let collected = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines().map_while(Result::ok) {
            collected.lock().unwrap().push(line);
        }
    });
    let reported = |lines: &[String]| -> u64 {
        lines
            .iter()
            .filter(|line| line.contains("WARN dispatcher::log:"))
            .filter_map(|line| line.split("dropped_lines=").nth(1)?.parse::<u64>().ok())
            .sum()
    };
    let deadline = Instant::now() + BOUND;
    loop {
        // Requests keep coming, and keep being answered.
        let (response, _) = send(
            &http1_client(),
            get(&format!("http://{listen}/widgets/after"), &[]),
        )
        .await;
        assert_eq!(response.status(), 200);
        let (_, exposition) = send(&http1_client(), get(&metrics_url, &[])).await;
        let total = counter(&exposition, "dispatcher_log_lines_dropped_total").unwrap();
        if reported(&lines.lock().unwrap()) == total {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "warnings report {} dropped lines, the metric {total}",
            reported(&lines.lock().unwrap())
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let warnings: Vec<String> = lines
        .lock()
        .unwrap()
        .iter()
        .filter(|line| line.contains("WARN dispatcher::log:"))
        .cloned()
        .collect();
    assert_eq!(
        warnings.len(),
        1,
        "one warning once the reader is back: {warnings:?}"
    );
    // Access lines written after the reader came back are there.
    let deadline = Instant::now() + BOUND;
    while !lines
        .lock()
        .unwrap()
        .iter()
        .any(|line| line.contains("dispatcher::access") && line.contains("path=/widgets/after"))
    {
        assert!(
            Instant::now() < deadline,
            "the access lines after the stall"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Kills a child process when the test ends, however it ends.
struct KillOnDrop<'a>(&'a mut Child);

impl Drop for KillOnDrop<'_> {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
