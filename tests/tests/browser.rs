//! A real browser through the dispatcher (docs/design/behaviour.md §4.4, §4.5): headless
//! Chromium, driven over the DevTools protocol, visits a branch's preview
//! host (which sets a site-wide `branch` cookie and redirects to the app),
//! loads the app's page from `http://app.example.test`, and the page makes
//! credentialed `fetch`es to `http://api.example.test`. The rules are those
//! of `tests/src/examples/cors_session.rs`.
//!
//! Both origins are the real ones, on port 80 as far as the browser knows:
//! `--host-resolver-rules` maps `*.example.test` to the dispatcher's loopback
//! port, so the CORS policy (a `const` listing `http://app.example.test`)
//! is the one a deployment would use. Every other name fails to resolve:
//! the browser reaches nothing but this test's dispatcher.
//!
//! Chromium is Debian's `chromium` (`/usr/bin/chromium`, or `$CHROMIUM`);
//! `.ci/run` installs it. Without it this test fails, saying so.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dispatcher_tests::examples::cors_session;
use dispatcher_tests::harness::*;
use futures_util::{SinkExt, StreamExt};
use http::{Request, Response};
use hyper::body::Incoming;
use serde_json::{Value, json};
use std::os::unix::process::CommandExt;
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

/// How long Chromium may take to start, and a page to finish its script.
const BROWSER_BOUND: Duration = Duration::from_secs(30);

/// A headless Chromium in its own process group, with a fresh profile;
/// dropping it kills the group and removes the profile.
struct Chromium {
    child: Child,
    profile: PathBuf,
    devtools_url: String,
}

/// Installs Debian's `chromium` with apt-get, as root or through
/// passwordless sudo; each step bounded to ten minutes.
fn install_chromium() -> Result<(), String> {
    let uid = Command::new("id")
        .arg("-u")
        .output()
        .map_err(|error| format!("id -u: {error}"))?;
    let root = String::from_utf8_lossy(&uid.stdout).trim() == "0";
    for step in [
        &["update", "-qq"][..],
        &["install", "-y", "-qq", "chromium"][..],
    ] {
        let mut command = Command::new("timeout");
        command.arg("600");
        if !root {
            command.args(["sudo", "-n"]);
        }
        let status = command
            .arg("apt-get")
            .args(step)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|error| format!("apt-get: {error}"))?;
        if !status.success() {
            return Err(format!("apt-get {} exited with {status}", step.join(" ")));
        }
    }
    Ok(())
}

impl Chromium {
    /// Starts Chromium with `*.example.test` mapped to `127.0.0.1:port`
    /// and waits for its DevTools endpoint.
    async fn start(port: u16) -> Chromium {
        let chosen = std::env::var("CHROMIUM").ok();
        let binary = chosen.clone().unwrap_or_else(|| "/usr/bin/chromium".into());
        if !Path::new(&binary).exists() && chosen.is_none() {
            // The README's test command needs nothing but the Rust
            // toolchain: on a Debian machine without Chromium, install it
            // the way .ci/run does.
            if let Err(why) = tokio::task::spawn_blocking(install_chromium)
                .await
                .expect("the installer thread")
            {
                eprintln!("browser test: could not install chromium: {why}");
            }
        }
        if !Path::new(&binary).exists() {
            panic!(
                "Chromium could not be started: {binary} does not exist. Install Debian's \
                 chromium package (apt-get install chromium; .ci/run does) or set CHROMIUM \
                 to a Chromium binary"
            );
        }
        let profile = std::env::temp_dir().join(format!(
            "dispatcher-browser-test-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_nanos())
        ));
        std::fs::create_dir_all(&profile).expect("create the browser profile directory");
        let spawned = Command::new(&binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!(
                "--host-resolver-rules=MAP *.example.test 127.0.0.1:{port}, MAP * ~NOTFOUND"
            ))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            // Its own group, so that the renderers and helpers die with it.
            .process_group(0)
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(error) => {
                let _ = std::fs::remove_dir_all(&profile);
                panic!("Chromium could not be started: {binary}: {error}");
            }
        };

        // Chromium says where DevTools listens on stderr; keep draining it
        // afterwards so that it never blocks on a full pipe.
        let stderr = child.stderr.take().expect("piped stderr");
        let (lines, mut received) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let _ = lines.send(line);
            }
        });
        let mut chromium = Chromium {
            child,
            profile,
            devtools_url: String::new(),
        };
        let mut said = Vec::new();
        let found = tokio::time::timeout(BROWSER_BOUND, async {
            while let Some(line) = received.recv().await {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    return Some(url.trim().to_owned());
                }
                said.push(line);
            }
            None
        })
        .await;
        match found {
            Ok(Some(url)) => chromium.devtools_url = url,
            outcome => {
                let why = if outcome.is_err() {
                    format!("no DevTools endpoint within {BROWSER_BOUND:?}")
                } else {
                    format!("it exited ({:?})", chromium.child.try_wait())
                };
                let tail = said[said.len().saturating_sub(20)..].join("\n");
                panic!("Chromium could not be started: {why}; its stderr ended with:\n{tail}");
            }
        }
        chromium
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        // The group id is the child's pid (`process_group(0)`).
        if let Ok(group) = i32::try_from(self.child.id()) {
            // SAFETY: kill(2) with a negative pid signals that process group only.
            unsafe {
                libc::kill(-group, libc::SIGKILL);
            }
        }
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A DevTools protocol connection to the browser, with one page attached
/// (flat sessions: page commands carry the `sessionId`).
struct DevTools {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    session: String,
}

impl DevTools {
    async fn open_page(chromium: &Chromium) -> DevTools {
        let (socket, _) = bounded(connect_async(chromium.devtools_url.as_str()))
            .await
            .expect("connect to Chromium's DevTools endpoint");
        let mut devtools = DevTools {
            socket,
            next_id: 0,
            session: String::new(),
        };
        let target = devtools
            .call(
                false,
                "Target.createTarget",
                json!({ "url": "about:blank" }),
            )
            .await;
        let target_id = target["targetId"].as_str().expect("targetId").to_owned();
        let attached = devtools
            .call(
                false,
                "Target.attachToTarget",
                json!({ "targetId": target_id, "flatten": true }),
            )
            .await;
        devtools.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_owned();
        devtools
    }

    /// Sends a command (to the page when `on_page`) and returns its result.
    async fn call(&mut self, on_page: bool, method: &str, params: Value) -> Value {
        match self.try_call(on_page, method, params).await {
            Ok(result) => result,
            Err(error) => panic!("DevTools {method} failed: {error}"),
        }
    }

    async fn try_call(
        &mut self,
        on_page: bool,
        method: &str,
        params: Value,
    ) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let mut command = json!({ "id": id, "method": method, "params": params });
        if on_page {
            command["sessionId"] = self.session.clone().into();
        }
        bounded(self.socket.send(Message::text(command.to_string())))
            .await
            .map_err(|error| error.to_string())?;
        let reply = bounded(async {
            loop {
                match self.socket.next().await {
                    Some(Ok(Message::Text(text))) => {
                        let message: Value =
                            serde_json::from_str(&text).map_err(|e| e.to_string())?;
                        // Events carry no id; other replies are not ours.
                        if message["id"] == id {
                            return Ok(message);
                        }
                    }
                    Some(Ok(_)) => {}
                    Some(Err(error)) => return Err(error.to_string()),
                    None => return Err("the DevTools connection closed".to_owned()),
                }
            }
        })
        .await?;
        match reply.get("error") {
            Some(error) => Err(error.to_string()),
            None => Ok(reply["result"].clone()),
        }
    }

    /// Evaluates `expression` in the page; `None` when it threw or the
    /// page was between documents.
    async fn evaluate(&mut self, expression: &str) -> Option<Value> {
        let result = self
            .try_call(
                true,
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true }),
            )
            .await
            .ok()?;
        if result.get("exceptionDetails").is_some() {
            return None;
        }
        result["result"].get("value").cloned()
    }

    /// Navigates to `url` and waits, bounded, until `until` (an
    /// expression) gives a string in the document that ends up loaded.
    async fn visit(&mut self, url: &str, until: &str) -> String {
        // Start from a blank page, so nothing is read from the last document.
        self.call(true, "Page.navigate", json!({ "url": "about:blank" }))
            .await;
        self.wait_for("location.href === 'about:blank' ? 'blank' : null")
            .await;
        let navigated = self
            .call(true, "Page.navigate", json!({ "url": url }))
            .await;
        if let Some(error) = navigated.get("errorText") {
            panic!("the browser could not load {url}: {error}");
        }
        self.wait_for(until).await
    }

    async fn wait_for(&mut self, expression: &str) -> String {
        let deadline = Instant::now() + BROWSER_BOUND;
        loop {
            if let Some(Value::String(value)) = self.evaluate(expression).await {
                return value;
            }
            if Instant::now() > deadline {
                let href = self.evaluate("location.href").await;
                let text = self
                    .evaluate("document.body && document.body.innerText")
                    .await;
                panic!(
                    "the page did not get there within {BROWSER_BOUND:?}: {expression}\n\
                     location: {href:?}\nbody: {text:?}"
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// An API upstream: a JSON echo of what the browser sent, naming itself in
/// the body and in `x-served-by`.
async fn api_upstream(name: &'static str) -> Upstream {
    start_upstream(move |request: Request<Incoming>| async move {
        use http_body_util::BodyExt;
        let (parts, body) = request.into_parts();
        let body = body
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        let echo = json!({
            "upstream": name,
            "method": parts.method.as_str(),
            "path": parts.uri.path(),
            "cookie": header("cookie"),
            "origin": header("origin"),
            "requestedWith": header("x-requested-with"),
            "body": String::from_utf8_lossy(&body),
        });
        let mut response = Response::new(full(echo.to_string()));
        let headers = response.headers_mut();
        headers.insert("content-type", "application/json".parse().unwrap());
        headers.insert("x-served-by", name.parse().unwrap());
        response
    })
    .await
}

/// What the app page found, once its script has run.
const OUTCOME: &str = "location.href === 'http://app.example.test/' && document.body \
                       && document.body.dataset.done === '1' \
                       ? document.getElementById('outcome').textContent : null";

/// Checks what the page got from the API while the session names `branch`.
fn assert_page_outcome(outcome: &Value, branch: &str) {
    let whoami = &outcome["whoami"];
    assert_eq!(whoami["status"], 200, "{outcome:#}");
    assert_eq!(whoami["body"]["upstream"], branch, "{outcome:#}");
    assert_eq!(
        whoami["body"]["cookie"],
        format!("branch={branch}"),
        "the browser sent the session cookie: {outcome:#}"
    );
    assert_eq!(whoami["body"]["origin"], "http://app.example.test");
    assert_eq!(
        whoami["servedBy"], branch,
        "the exposed header is readable: {outcome:#}"
    );

    let preflighted = &outcome["preflighted"];
    assert_eq!(preflighted["status"], 200, "{outcome:#}");
    assert_eq!(preflighted["body"]["upstream"], branch);
    assert_eq!(preflighted["body"]["method"], "PUT");
    assert_eq!(preflighted["body"]["requestedWith"], "fetch");
    assert_eq!(preflighted["body"]["body"], r#"{"text":"hello"}"#);
    assert_eq!(preflighted["body"]["cookie"], format!("branch={branch}"));

    // The browser enforces what the dispatcher answers: without CORS
    // headers, or with a refused preflight, the page gets nothing.
    for refused in ["unshared", "unlisted"] {
        let error = outcome[refused]["error"].as_str().unwrap_or("");
        assert!(
            error.contains("TypeError"),
            "{refused} must fail in the browser: {outcome:#}"
        );
        assert!(outcome[refused].get("status").is_none(), "{outcome:#}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_sends_the_session_cookie_cross_origin_and_the_api_routes_by_it() {
    let blue = api_upstream("blue").await;
    let green = api_upstream("green").await;
    let dispatcher = RunningDispatcher::start(
        &cors_session::DISPATCHER,
        &[],
        &[("api-blue", blue.address), ("api-green", green.address)],
    )
    .await;
    let chromium = Chromium::start(dispatcher.address.port()).await;
    let mut devtools = DevTools::open_page(&chromium).await;

    // The preview host of branch `blue` sets the cookie and redirects to
    // the app, whose script then calls the API.
    let outcome = devtools
        .visit("http://blue.preview.example.test/", OUTCOME)
        .await;
    let outcome: Value = serde_json::from_str(&outcome).expect("the page's outcome is JSON");
    assert_page_outcome(&outcome, "blue");
    // Preflights were answered by the dispatcher; the unshared route was
    // served (the browser, not the dispatcher, withheld the answer).
    assert_eq!(blue.targets(), ["/whoami", "/notes", "/private/profile"]);
    assert_eq!(green.requests(), 0);

    // Another branch: the cookie changes, and so does the API's upstream.
    let outcome = devtools
        .visit("http://green.preview.example.test/", OUTCOME)
        .await;
    let outcome: Value = serde_json::from_str(&outcome).expect("the page's outcome is JSON");
    assert_page_outcome(&outcome, "green");
    assert_eq!(green.targets(), ["/whoami", "/notes", "/private/profile"]);
    assert_eq!(blue.requests(), 3);

    drop(devtools);
    drop(chromium);
    dispatcher.shutdown().await;
}
