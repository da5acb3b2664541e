//! The command line as docs/configuration.md shows it: `--listen` without
//! `serve` runs the proxy, and every command and option the docs name is
//! one `--help` lists, and the other way round.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const BINARY: &str = env!("CARGO_BIN_EXE_dispatcher-app");
const CONFIGURATION: &str = include_str!("../../docs/configuration.md");

#[test]
fn listen_without_serve_runs_the_proxy() {
    let mut child = Command::new(BINARY)
        .args(["--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "info")
        .env("UPSTREAM_DNS", "off")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dispatcher-app starts");
    let stderr = child.stderr.take().expect("stderr");
    let (found, address) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(address) = line.split("address=").nth(1) {
                let _ = found.send(address.trim().to_owned());
            }
        }
    });
    let address = address
        .recv_timeout(Duration::from_secs(20))
        .expect("the server logs the address it listens on");
    assert!(address.starts_with("127.0.0.1:"), "{address}");

    let mut stream = TcpStream::connect(&address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /no/such/route HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    assert!(response.starts_with("HTTP/1.1 404 "), "{response}");

    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    assert!(child.wait().expect("exits").success());
}

#[test]
fn listen_before_another_command_is_refused() {
    // `--listen` belongs to the proxy: given before another command it is refused.
    let output = Command::new(BINARY)
        .args(["--listen", "127.0.0.1:0", "routes"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

/// `--name` words of `text`.
fn options(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|word| word.starts_with("--") && word.len() > 2)
        .map(str::to_owned)
        .collect()
}

fn help(command: Option<&str>) -> String {
    let output = Command::new(BINARY)
        .args(command)
        .arg("--help")
        .output()
        .expect("runs");
    assert!(output.status.success());
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn the_documented_usage_is_what_help_prints() {
    let block = CONFIGURATION
        .split("## Command line")
        .nth(1)
        .and_then(|section| section.split("```").nth(1))
        .expect("a code block under `## Command line`");
    let mut documented = Vec::new();
    for line in block
        .lines()
        .filter(|line| line.starts_with("dispatcher-app"))
    {
        // The usage is what comes before the description's two spaces.
        let usage = line.split("  ").next().unwrap_or(line);
        let command = usage
            .split_whitespace()
            .nth(1)
            .filter(|word| word.chars().all(|c| c.is_ascii_lowercase()));
        documented.push(command.map(str::to_owned));
        let help = help(command);
        let ignored = ["--help", "--version"];
        let in_help: BTreeSet<String> = help
            .lines()
            .filter(|line| line.trim_start().starts_with('-'))
            .flat_map(options)
            .filter(|option| !ignored.contains(&option.as_str()))
            .collect();
        assert_eq!(
            options(usage),
            in_help,
            "the options of `{usage}` in docs/configuration.md and in its --help"
        );
    }
    let top = help(None);
    let commands: Vec<Option<String>> = std::iter::once(None)
        .chain(
            top.split("Commands:")
                .nth(1)
                .and_then(|rest| rest.split("\n\n").next())
                .unwrap_or("")
                .lines()
                .filter_map(|line| line.split_whitespace().next())
                .filter(|command| *command != "help")
                .map(|command| Some(command.to_owned())),
        )
        .collect();
    assert_eq!(
        documented, commands,
        "one documented line per command, in --help's order"
    );
}
