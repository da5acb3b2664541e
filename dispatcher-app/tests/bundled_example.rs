//! The bundled example as a newcomer runs it: `dispatcher-app demo` starts
//! the rules of `src/dispatcher.rs` with demo upstreams, and the curl lines
//! it prints work. If you replace the rules, adapt or delete this test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

fn get(base: &str, path: &str, accept: Option<&str>) -> String {
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let accept = accept
        .map(|a| format!("Accept: {a}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\n{accept}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    response
}

#[test]
fn demo_serves_the_bundled_rules_with_demo_upstreams() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dispatcher-app"))
        .args(["demo", "--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dispatcher-app starts");
    let stdout = child.stdout.take().unwrap();
    let (found, base) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line
                .split(" on ")
                .nth(1)
                .filter(|_| line.starts_with("The dispatcher serves"))
            {
                let _ = found.send(url.trim().to_owned());
            }
        }
    });
    let base = base
        .recv_timeout(Duration::from_secs(20))
        .expect("the banner names the address");

    let themes = get(&base, "/themes/1?page=2", Some("application/vnd.api+json"));
    assert!(themes.starts_with("HTTP/1.1 200 OK"), "{themes}");
    assert!(themes.contains("\"upstream\": \"resource\""), "{themes}");
    assert!(
        themes.contains("\"target\": \"/themes/1?page=2\""),
        "{themes}"
    );

    let page = get(&base, "/some/page", Some("text/html"));
    assert!(
        page.contains("The frontend answered") && page.contains("\"target\": \"/index.html\""),
        "{page}"
    );

    let download = get(&base, "/files/42/download", None);
    assert!(
        download.contains("\"upstream\": \"file\"")
            && download.contains("\"target\": \"/files/42/download\""),
        "{download}"
    );

    let missing = get(&base, "/no/such/route", Some("application/json"));
    assert!(missing.starts_with("HTTP/1.1 404 Not Found"), "{missing}");
    assert!(
        missing
            .to_ascii_lowercase()
            .contains("\r\ncontent-type: application/vnd.api+json\r\n"),
        "{missing}"
    );

    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().expect("exits");
    assert!(status.success(), "{status:?}");
}
