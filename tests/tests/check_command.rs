//! `check` run as a subprocess of a built dispatcher (the `mu-examples`
//! fixture's "sketch" and "cors" rules): a file of requests with the
//! decision each must get, every mismatch reported, `--record` writing
//! today's decisions, and the exit codes of docs/rules.md.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// A file in the temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("check-command-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("write the temporary file");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("a UTF-8 path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn run(example: &str, args: &[&str], stdin: Option<&str>) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mu-examples"))
        .arg(example)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the fixture binary runs");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or("").as_bytes())
        .expect("write stdin");
    drop(input);
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("the fixture binary exits");
    (
        status.code(),
        String::from_utf8(stdout).expect("utf-8"),
        String::from_utf8(stderr).expect("utf-8"),
    )
}

const SKETCH_404: &str = r#"{ \"error\": { \"code\": 404, \"message\": \"Route not found.\" } }"#;

fn sketch_expectations() -> String {
    [
        "# The sketch's routing, as a stack would keep it.".to_owned(),
        r#"{"path": "/themes/1?page=2", "accept": "application/vnd.api+json", "expect": {"forward": "http://resource/themes/1?page=2"}}"#.to_owned(),
        r#"{"method": "HEAD", "path": "/files/7/download", "expect": {"forward": "http://range-file/files/7/download"}}"#.to_owned(),
        r#"{"path": "/employees", "host": "hr.example.com", "accept": "application/json", "expect": {"forward": "http://employees/"}}"#.to_owned(),
        String::new(),
        r#"{"path": "/some/page", "accept": "text/html", "expect": {"forward": "http://frontend/index.html"}}"#.to_owned(),
        format!(r#"{{"path": "/nothing", "accept": "application/json", "expect": {{"status": 404, "body": "{SKETCH_404}"}}}}"#),
        r#"{"path": "/nothing", "accept": "application/json", "expect": {"status": 404}}"#.to_owned(),
        r#"{"path": "/logo.png", "accept": "image/png", "expect": "no rule"}"#.to_owned(),
    ]
    .join("\n")
        + "\n"
}

#[test]
fn a_file_whose_requests_all_get_their_decision_passes() {
    let file = TempFile::new("passing.jsonl", &sketch_expectations());
    let (code, stdout, stderr) = run("sketch", &["check", file.path()], None);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(
        stdout,
        format!("{}: 7 requests, each decided as expected\n", file.path())
    );
    assert_eq!(stderr, "");
}

#[test]
fn every_mismatch_is_reported_and_the_exit_code_is_1() {
    let text = sketch_expectations()
        // A forward to the wrong service.
        .replace(
            "http://range-file/files/7/download",
            "http://file/files/7/download",
        )
        // A send_resp with another body; the one without a body still passes.
        .replace(SKETCH_404, "not found")
        // A request that no rule answers, expected to be forwarded.
        .replace(
            r#""expect": "no rule""#,
            r#""expect": {"forward": "http://images/logo.png"}"#,
        );
    let file = TempFile::new("mismatches.jsonl", &text);
    let (code, stdout, stderr) = run("sketch", &["check", file.path()], None);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let name = file.path();
    assert_eq!(
        stdout,
        format!(
            r#"{name}:3: HEAD /files/7/download, host localhost, no Accept header
  expected: forward to http://file/files/7/download
  got:      forward to http://range-file/files/7/download
  rule:     line 16: get "/files/:id/download" (layer static_files)
  why:      dispatcher-app explain --format text --method HEAD /files/7/download
{name}:7: GET /nothing, host localhost, accept "application/json"
  expected: send_resp 404, body "not found"
  got:      send_resp 404, body "{SKETCH_404}"
  rule:     line 26: match "/*_" (layer last_call)
  why:      dispatcher-app explain --format text --accept application/json /nothing
{name}:9: GET /logo.png, host localhost, accept "image/png"
  expected: forward to http://images/logo.png
  got:      no rule matched: the server answers 500
  why:      dispatcher-app explain --format text --accept image/png /logo.png
{name}: 7 requests, 3 not decided as expected (lines 3, 7, 9)
"#
        )
    );
    assert_eq!(stderr, "");
}

#[test]
fn recording_then_checking_round_trips() {
    // Requests without `expect`, one with an outdated `expect`, a comment.
    let requests = r#"# requests of the cors example
{"method": "OPTIONS", "path": "/people", "headers": {"origin": "https://app.example"}}
{"path": "/people/1", "accept": "application/vnd.api+json", "expect": {"forward": "http://resource/people/1"}}

{"method": "DELETE", "path": "/nowhere", "accept": "image/png"}
"#;
    let file = TempFile::new("requests.jsonl", requests);
    let (code, recorded, stderr) = run("cors", &["check", "--record", file.path()], None);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stderr, "");
    let lines: Vec<&str> = recorded.lines().collect();
    assert_eq!(lines.len(), 5, "{recorded}");
    assert_eq!(lines[0], "# requests of the cors example");
    assert_eq!(
        lines[1],
        r#"{"method": "OPTIONS", "path": "/people", "headers": {"origin": "https://app.example"}, "expect": {"status": 200, "body": "{ \"message\": \"ok\" }", "headers": {"access-control-allow-headers": "content-type,accept", "access-control-allow-methods": "*"}}}"#
    );
    // The outdated expect is replaced in place: the cors rules answer
    // preflights only.
    assert_eq!(
        lines[2],
        r#"{"path": "/people/1", "accept": "application/vnd.api+json", "expect": "no rule"}"#
    );
    assert_eq!(lines[3], "");
    assert_eq!(
        lines[4],
        r#"{"method": "DELETE", "path": "/nowhere", "accept": "image/png", "expect": "no rule"}"#
    );

    // What was recorded passes, from a file and from standard input.
    let expectations = TempFile::new("recorded.jsonl", &recorded);
    let (code, stdout, _) = run("cors", &["check", expectations.path()], None);
    assert_eq!(code, Some(0), "{stdout}");
    let (code, stdout, _) = run("cors", &["check", "-"], Some(&recorded));
    assert_eq!(
        (code, stdout.as_str()),
        (Some(0), "stdin: 3 requests, each decided as expected\n")
    );
    // Recording what was recorded changes nothing.
    let (_, again, _) = run("cors", &["check", "--record", expectations.path()], None);
    assert_eq!(again, recorded);
}

#[test]
fn bad_lines_are_all_reported_with_their_numbers_and_nothing_is_checked() {
    let text = r#"{"path": "/themes/1", "expect": {"forward": "http://resource/themes/1"}}
{"path": "/themes/1", "expect": {"forward": "http://resource/themes/1"}
{"path": "/themes/1", "acept": "application/json", "expect": "no rule"}
{"path": "/themes/1"}
{"path": "/themes/1", "headers": {"x-a": 1}, "expect": "no rule"}
"#;
    let file = TempFile::new("bad.jsonl", text);
    let (code, stdout, stderr) = run("sketch", &["check", file.path()], None);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "", "nothing is checked");
    let name = file.path();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 5, "{stderr}");
    assert!(
        lines[0].starts_with(&format!("error: {name}:2: not JSON: ")),
        "{stderr}"
    );
    assert_eq!(
        lines[1],
        format!(
            "error: {name}:3: unknown field `acept`; the fields are method, path, host, accept, headers, expect"
        )
    );
    assert!(lines[2].starts_with(&format!("error: {name}:4: `expect` is missing")));
    assert_eq!(
        lines[3],
        format!("error: {name}:5: `headers.x-a` must be a string, not a number")
    );
    assert_eq!(
        lines[4],
        format!("error: {name}: 4 bad lines; nothing was checked")
    );

    // Recording needs no `expect`, but the other lines are still refused.
    let (code, stdout, stderr) = run("sketch", &["check", "--record", file.path()], None);
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "", "nothing is recorded");
    assert!(
        stderr.ends_with("3 bad lines; nothing was recorded\n"),
        "{stderr}"
    );
}

#[test]
fn a_missing_or_empty_file_is_bad_input() {
    let (code, _, stderr) = run(
        "sketch",
        &["check", "/nonexistent/expectations.jsonl"],
        None,
    );
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("error: cannot read /nonexistent/expectations.jsonl: "),
        "{stderr}"
    );
    let (code, _, stderr) = run("sketch", &["check", "-"], Some("# nothing yet\n\n"));
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: stdin holds no request (only blank lines and # comments)\n"
    );
}
