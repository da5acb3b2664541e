//! `explain` and `routes` run as a subprocess of a built dispatcher (the
//! `mu-examples` fixture) and their output is checked.

use std::process::{Command, Output};

use serde_json::{Value, json};

const SKETCH_SOURCE: &str = include_str!("../src/examples/sketch.rs");

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mu-examples"))
        .args(args)
        .output()
        .expect("the fixture binary runs")
}

/// `explain` on a request a rule answers (exit code 0).
fn explain(example: &str, args: &[&str]) -> Value {
    explain_with_code(example, args, 0)
}

fn explain_with_code(example: &str, args: &[&str], code: i32) -> Value {
    let mut all = vec![example, "explain"];
    all.extend_from_slice(args);
    let output = run(&all);
    assert_eq!(
        output.status.code(),
        Some(code),
        "explain {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(
        stdout.trim().lines().count(),
        1,
        "one JSON object on one line: {stdout}"
    );
    serde_json::from_str(&stdout).expect("stdout is JSON")
}

/// The line of `needle` in the sketch example's source.
fn line_of(needle: &str) -> u64 {
    SKETCH_SOURCE
        .lines()
        .position(|line| line.contains(needle))
        .map(|index| index as u64 + 1)
        .expect("needle is in the source")
}

#[test]
fn explain_names_the_rule_the_layer_and_the_full_upstream_url() {
    let result = explain(
        "sketch",
        &["--accept", "application/vnd.api+json", "/themes/1?page=2"],
    );
    assert_eq!(
        result,
        json!({
            "rule": { "line": line_of(r#"match!("/themes/*path""#), "verb": "match", "pattern": "/themes/*path" },
            "layer": "static_files",
            "action": { "kind": "forward", "url": "http://resource/themes/1?page=2" },
            "trace": [],
        })
    );
}

#[test]
fn explain_traces_why_earlier_rules_did_not_match() {
    let result = explain("sketch", &["--accept", "application/json", "/some/page"]);
    assert_eq!(result["layer"], "last_call");
    assert_eq!(result["rule"]["pattern"], "/*_");
    assert_eq!(
        result["action"],
        json!({
            "kind": "send_resp",
            "status": 404,
            "body": r#"{ "error": { "code": 404, "message": "Route not found." } }"#,
            "headers": [],
        })
    );
    let reasons: Vec<(String, String, String)> = result["trace"]
        .as_array()
        .expect("trace is a list")
        .iter()
        .map(|entry| {
            (
                entry["pattern"].as_str().unwrap().to_owned(),
                entry["layer"].as_str().unwrap().to_owned(),
                entry["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        (
            "/themes/*path",
            "static_files",
            r#"path: segment 1 is "some", the rule needs "themes""#,
        ),
        (
            "/files/:id/download",
            "static_files",
            "path: needs exactly 3 segments, the request has 2",
        ),
        (
            "/employees",
            "static_files",
            "path: needs exactly 1 segment, the request has 2",
        ),
        (
            "/*_path",
            "frontend",
            "accept: html not acceptable in the Accept group [application/json]",
        ),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(p, l, r)| (p.to_string(), l.to_string(), r.to_string()))
        .collect();
    assert_eq!(reasons, expected);
    for entry in result["trace"].as_array().unwrap() {
        assert!(entry["line"].as_u64().unwrap() > 0);
        assert!(entry["verb"].is_string());
    }
}

#[test]
fn explain_reports_no_rule_with_every_rule_in_the_trace() {
    let result = explain_with_code("sketch", &["--accept", "image/png", "/some/page"], 1);
    assert_eq!(result["rule"], Value::Null);
    assert_eq!(result["layer"], Value::Null);
    assert_eq!(result["action"], json!({ "kind": "none" }));
    assert_eq!(result["trace"].as_array().unwrap().len(), 5);
}

#[test]
fn explain_defaults_to_get_localhost_and_no_accept_header() {
    // No Accept header counts as */*: the first layer's json rule takes it.
    let result = explain("sketch", &["/themes/x"]);
    assert_eq!(result["action"]["url"], "http://resource/themes/x");
    // GET is the default method; POST does not reach the get! rule.
    assert_eq!(
        explain("sketch", &["/files/1/download"])["action"]["url"],
        "http://range-file/files/1/download"
    );
    assert_eq!(
        explain("sketch", &["--method", "POST", "/files/1/download"])["rule"]["pattern"],
        "/*_path"
    );
    // localhost has one label: the host rule needs three.
    let local = explain("sketch", &["--accept", "application/json", "/employees"]);
    assert_eq!(local["rule"]["pattern"], "/*_");
    let trace = local["trace"].as_array().unwrap();
    let host_reason = trace
        .iter()
        .find(|entry| entry["pattern"] == "/employees")
        .expect("the host rule is in the trace");
    assert_eq!(
        host_reason["reason"],
        "host: needs at least 3 labels, the request's host has 1"
    );
    let api = explain(
        "sketch",
        &[
            "--host",
            "api.example.com",
            "--accept",
            "application/json",
            "/employees",
        ],
    );
    assert_eq!(api["action"]["url"], "http://employees/");
}

#[test]
fn explain_shows_response_headers_and_takes_method_and_extra_headers() {
    let result = explain(
        "cors",
        &[
            "--method",
            "OPTIONS",
            "--header",
            "Origin: https://app.example",
            "/people",
        ],
    );
    assert_eq!(
        result["action"],
        json!({
            "kind": "send_resp",
            "status": 200,
            "body": r#"{ "message": "ok" }"#,
            "headers": [
                ["access-control-allow-headers", "content-type,accept"],
                ["access-control-allow-methods", "*"],
            ],
        })
    );
    let head = explain("sketch", &["--method", "HEAD", "/files/7/download"]);
    assert_eq!(head["rule"]["verb"], "get");
}

#[test]
fn explain_rejects_bad_input_with_a_message() {
    for args in [
        vec!["sketch", "explain", "themes"],
        vec!["sketch", "explain", "--host", "a..b", "/x"],
        vec!["sketch", "explain", "--header", "no colon", "/x"],
        vec!["sketch", "explain", "--method", "G T", "/x"],
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn the_exit_code_says_answered_no_rule_or_bad_input() {
    let code = |args: &[&str]| {
        let mut all = vec!["sketch", "explain"];
        all.extend_from_slice(args);
        run(&all).status.code()
    };
    // 0: a forward, or a send_resp (the sketch's JSON 404 is an answer too).
    assert_eq!(
        code(&["--accept", "application/json", "/themes/1"]),
        Some(0)
    );
    assert_eq!(code(&["--accept", "application/json", "/nothing"]), Some(0));
    // 1: no rule matched, the server would answer 500; in both formats.
    assert_eq!(code(&["--accept", "image/png", "/nothing"]), Some(1));
    assert_eq!(
        code(&["--format", "text", "--accept", "image/png", "/nothing"]),
        Some(1)
    );
    // 2: the request could not be read, or the command line is wrong.
    assert_eq!(code(&["nothing"]), Some(2));
    assert_eq!(code(&["--header", "x-a: \u{7f}", "/x"]), Some(2));
    assert_eq!(code(&["--format", "yaml", "/x"]), Some(2));
}

#[test]
fn explain_as_text_names_the_rule_its_line_the_action_and_the_rules_passed_over() {
    let output = run(&[
        "sketch",
        "explain",
        "--format",
        "text",
        "--accept",
        "application/json",
        "/some/page",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let fallback = line_of(r#"match!("/*_", { last_call"#);
    let themes = line_of(r#"match!("/themes/*path""#);
    let files = line_of(r#"get!("/files/:id/download""#);
    let employees = line_of(r#"get!("/employees""#);
    let frontend = line_of(r#"match!("/*_path""#);
    assert_eq!(
        text,
        format!(
            r#"request: GET /some/page, host localhost, accept "application/json"
rule:    line {fallback}: match "/*_" (layer last_call)
action:  send_resp 404
         body {{ "error": {{ "code": 404, "message": "Route not found." }} }}
earlier rules that did not match:
  line {themes}: match "/themes/*path" (layer static_files): path: segment 1 is "some", the rule needs "themes"
  line {files}: get "/files/:id/download" (layer static_files): path: needs exactly 3 segments, the request has 2
  line {employees}: get "/employees" (layer static_files): path: needs exactly 1 segment, the request has 2
  line {frontend}: match "/*_path" (layer frontend): accept: html not acceptable in the Accept group [application/json]
"#
        )
    );

    let forward = run(&[
        "sketch",
        "explain",
        "--format",
        "text",
        "--method",
        "HEAD",
        "--header",
        "Cookie: a=b",
        "/themes/1?page=2",
    ]);
    assert_eq!(
        String::from_utf8(forward.stdout).unwrap(),
        format!(
            "request: HEAD /themes/1?page=2, host localhost, no Accept header, Cookie: a=b\n\
             rule:    line {themes}: match \"/themes/*path\" (layer static_files)\n\
             action:  forward to http://resource/themes/1?page=2\n\
             no earlier rule was tried\n"
        )
    );

    let none = run(&[
        "sketch",
        "explain",
        "--format",
        "text",
        "--accept",
        "image/png",
        "/x",
    ]);
    let text = String::from_utf8(none.stdout).unwrap();
    assert!(
        text.contains(
            "rule:    none matched\naction:  no rule matched: the server answers 500\nrules that did not match:\n"
        ),
        "{text}"
    );
    assert_eq!(
        text.lines().count(),
        4 + 5,
        "four lines, then every rule with its reason: {text}"
    );
}

#[test]
fn routes_lists_every_rule_with_its_line_layer_and_action() {
    let output = run(&["sketch", "routes"]);
    assert!(output.status.success());
    let table = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<&str> = table.lines().collect();
    assert!(rows[0].starts_with("LINE"));
    let themes_line = line_of(r#"match!("/themes/*path""#).to_string();
    let themes = rows
        .iter()
        .find(|row| row.contains("/themes/*path"))
        .expect("themes rule listed");
    assert!(themes.starts_with(&themes_line), "{themes}");
    assert!(themes.contains("@json accept: json"), "{themes}");
    assert!(
        themes.contains(r#"forward(path, "http://resource/themes/")"#),
        "{themes}"
    );
    let fallback = rows
        .iter()
        .find(|row| row.contains("send_resp(404)"))
        .unwrap();
    assert!(fallback.contains("last_call"), "{fallback}");
    assert!(table.contains("layers, in order: static_files, services, frontend, last_call"));
    assert_eq!(
        rows.iter()
            .filter(|row| row.contains("forward(") || row.contains("send_resp("))
            .count(),
        5
    );
}

#[test]
fn routes_names_a_cors_preflight_rule_by_its_policy() {
    let output = run(&["cors_session", "routes"]);
    assert!(output.status.success());
    let table = String::from_utf8_lossy(&output.stdout);
    let line = table
        .lines()
        .find(|line| line.split_whitespace().nth(1) == Some("options"))
        .unwrap_or_else(|| panic!("an options rule in:\n{table}"));
    assert!(line.contains("cors_preflight(&CORS)"), "{line}");
}
