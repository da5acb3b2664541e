//! A headless Chromium driven over the DevTools protocol, for the browser
//! test: [`Chromium`] starts one with `*.example.test` mapped to a loopback
//! port (and every other name unresolvable), [`DevTools`] opens a page in
//! it, navigates and evaluates expressions there.
//!
//! Chromium is Debian's `chromium` (`/usr/bin/chromium`, or `$CHROMIUM`).
//! When it is missing, [`Chromium::start`] installs it with apt-get (as
//! root, or through passwordless sudo), so that the README's test command
//! works on a fresh Debian machine; where that is not possible it fails
//! saying exactly what to install.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

use crate::harness::bounded;

/// How long Chromium may take to start, and a page to finish its script.
pub const BROWSER_BOUND: Duration = Duration::from_secs(30);

/// A headless Chromium in its own process group, with a fresh profile;
/// dropping it kills the group and removes the profile.
pub struct Chromium {
    child: Child,
    profile: PathBuf,
    devtools_url: String,
}

/// What to do when Chromium is missing and cannot be installed here.
const WHAT_TO_INSTALL: &str = "install Debian's `chromium` package (`sudo apt-get install \
     chromium`, which provides /usr/bin/chromium), or set CHROMIUM to the path of a Chromium \
     or Google Chrome binary";

/// Installs Debian's `chromium` with apt-get, as root or through
/// passwordless sudo; each step bounded to ten minutes. The error says why
/// it could not (no apt-get, neither root nor passwordless sudo, a step
/// that failed).
fn install_chromium() -> Result<(), String> {
    if Command::new("apt-get")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_err()
    {
        return Err("this machine has no apt-get".to_owned());
    }
    let uid = Command::new("id")
        .arg("-u")
        .output()
        .map_err(|error| format!("id -u: {error}"))?;
    let root = String::from_utf8_lossy(&uid.stdout).trim() == "0";
    if !root {
        let sudo = Command::new("sudo")
            .args(["-n", "true"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if !sudo.is_ok_and(|status| status.success()) {
            return Err(
                "not running as root, and sudo needs a password (or is missing)".to_owned(),
            );
        }
    }
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
    pub async fn start(port: u16) -> Chromium {
        let chosen = std::env::var("CHROMIUM").ok();
        let binary = chosen.clone().unwrap_or_else(|| "/usr/bin/chromium".into());
        if !Path::new(&binary).exists() {
            if let Some(chosen) = &chosen {
                panic!("CHROMIUM={chosen} does not exist: {WHAT_TO_INSTALL}");
            }
            // The README's test command needs nothing but the Rust
            // toolchain: on a Debian machine without Chromium, install it
            // the way .ci/run does.
            if let Err(why) = tokio::task::spawn_blocking(install_chromium)
                .await
                .expect("the installer thread")
            {
                panic!(
                    "Chromium is missing ({binary} does not exist) and could not be \
                     installed: {why}. To run this test, {WHAT_TO_INSTALL}"
                );
            }
            assert!(
                Path::new(&binary).exists(),
                "apt-get installed chromium, yet {binary} does not exist: {WHAT_TO_INSTALL}"
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
pub struct DevTools {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    session: String,
}

impl DevTools {
    pub async fn open_page(chromium: &Chromium) -> DevTools {
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
    pub async fn call(&mut self, on_page: bool, method: &str, params: Value) -> Value {
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
    pub async fn evaluate(&mut self, expression: &str) -> Option<Value> {
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
    pub async fn visit(&mut self, url: &str, until: &str) -> String {
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

    pub async fn wait_for(&mut self, expression: &str) -> String {
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
