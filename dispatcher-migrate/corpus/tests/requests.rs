//! Every row of every `dispatcher-migrate/tests/corpus/NAME.requests` is
//! asked of the converted `NAME.rs` through `explain`, run as a subprocess
//! of the `migrated-corpus` binary, and the decision is compared with the
//! one the row expects (what
//! mu-dispatcher did, except for the documented differences).
//!
//! The row format is described in `tests/corpus/README.md`.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

#[derive(Debug)]
struct Row {
    line: usize,
    method: String,
    target: String,
    host: Option<String>,
    accept: Option<String>,
    headers: Vec<String>,
    env: Vec<(String, String)>,
    expected: Decision,
    layer: Option<String>,
}

#[derive(Debug)]
enum Decision {
    Forward(String),
    SendResp {
        status: u64,
        body: Option<String>,
        headers: Vec<(String, String)>,
    },
    None,
    Error,
}

/// Splits on whitespace outside double quotes; quotes are removed and
/// `\"`, `\\`, `\n`, `\t` inside them are unescaped.
fn tokens(line: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut started = false;
    let mut quoted = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            '\\' if quoted => match chars.next() {
                Some('n') => current.push('\n'),
                Some('t') => current.push('\t'),
                Some(other) => current.push(other),
                None => return Err("a backslash ends the line".to_owned()),
            },
            c if c.is_whitespace() && !quoted => {
                if started {
                    tokens.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            c => {
                current.push(c);
                started = true;
            }
        }
    }
    if quoted {
        return Err("an unclosed quote".to_owned());
    }
    if started {
        tokens.push(current);
    }
    Ok(tokens)
}

fn parse_row(line: usize, text: &str) -> Result<Row, String> {
    let tokens = tokens(text)?;
    let arrow = tokens
        .iter()
        .position(|token| token == "=>")
        .ok_or("no `=>`")?;
    let (request, decision) = (&tokens[..arrow], &tokens[arrow + 1..]);
    let [method, target, options @ ..] = request else {
        return Err(
            "expected `METHOD TARGET [host=..] [accept=..] [header=..] [env=..]`".to_owned(),
        );
    };
    let mut row = Row {
        line,
        method: method.clone(),
        target: target.clone(),
        host: None,
        accept: None,
        headers: Vec::new(),
        env: Vec::new(),
        expected: Decision::None,
        layer: None,
    };
    for option in options {
        match option.split_once('=') {
            Some(("host", host)) => row.host = Some(host.to_owned()),
            Some(("accept", accept)) => row.accept = Some(accept.to_owned()),
            Some(("header", header)) => row.headers.push(header.to_owned()),
            Some(("env", variable)) => {
                let (name, value) = variable.split_once('=').ok_or("env=NAME=value")?;
                row.env.push((name.to_owned(), value.to_owned()));
            }
            _ => return Err(format!("unknown request option {option:?}")),
        }
    }
    let mut rest: Vec<&String> = decision.iter().collect();
    if let Some(position) = rest.iter().position(|token| token.starts_with("layer=")) {
        row.layer = Some(rest.remove(position)["layer=".len()..].to_owned());
    }
    row.expected =
        match rest.as_slice() {
            [kind, url] if *kind == "forward" => Decision::Forward((*url).clone()),
            [kind] if *kind == "none" => Decision::None,
            [kind, ..] if *kind == "error" => Decision::Error,
            [kind, status, more @ ..] if *kind == "send_resp" => {
                let status = status.parse().map_err(|_| format!("status {status:?}"))?;
                let mut body = None;
                let mut headers = Vec::new();
                for item in more {
                    match item.strip_prefix("header=") {
                        Some(header) => {
                            let (name, value) =
                                header.split_once(':').ok_or("header=\"name: value\"")?;
                            headers.push((name.trim().to_owned(), value.trim().to_owned()));
                        }
                        None if body.is_none() => body = Some((*item).clone()),
                        None => return Err(format!("unexpected {item:?}")),
                    }
                }
                Decision::SendResp {
                    status,
                    body,
                    headers,
                }
            }
            _ => return Err(
                "expected `forward URL`, `send_resp STATUS [BODY] [header=..]`, `none` or `error`"
                    .to_owned(),
            ),
        };
    Ok(row)
}

fn explain(name: &str, row: &Row) -> Result<Value, String> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_migrated-corpus"));
    // Bodies may read the environment: only the row's variables are set.
    command
        .env_clear()
        .envs(row.env.iter().map(|(k, v)| (k, v)));
    command.args([name, "explain", "--method", &row.method]);
    if let Some(host) = &row.host {
        command.args(["--host", host]);
    }
    if let Some(accept) = &row.accept {
        command.args(["--accept", accept]);
    }
    for header in &row.headers {
        command.args(["--header", header]);
    }
    command.arg(&row.target);
    let output = command.output().map_err(|error| error.to_string())?;
    // explain exits 1 when the server would answer 500 (no rule, or the
    // rule's body failed): a decision too, printed like the others.
    if !matches!(output.status.code(), Some(0 | 1)) {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    serde_json::from_slice(&output.stdout).map_err(|error| error.to_string())
}

/// What is wrong with the decision, if anything.
fn compare(row: &Row, result: &Value) -> Option<String> {
    let action = &result["action"];
    let wrong = match &row.expected {
        Decision::Forward(url) => action["kind"] != "forward" || action["url"] != url.as_str(),
        Decision::SendResp {
            status,
            body,
            headers,
        } => {
            action["kind"] != "send_resp"
                || action["status"] != *status
                || body
                    .as_ref()
                    .is_some_and(|body| action["body"] != body.as_str())
                || headers.iter().any(|(name, value)| {
                    !action["headers"].as_array().is_some_and(|pairs| {
                        pairs
                            .iter()
                            .any(|pair| pair[0] == name.as_str() && pair[1] == value.as_str())
                    })
                })
        }
        Decision::None => action["kind"] != "none",
        Decision::Error => action["kind"] != "error",
    };
    let wrong_layer = row
        .layer
        .as_ref()
        .is_some_and(|layer| result["layer"] != layer.as_str());
    (wrong || wrong_layer).then(|| {
        format!(
            "expected {:?}{}, got action {action} in layer {} (rule {})",
            row.expected,
            row.layer
                .as_ref()
                .map_or(String::new(), |layer| format!(" in layer {layer}")),
            result["layer"],
            result["rule"]
        )
    })
}

#[test]
fn converted_files_route_every_request_as_their_tables_say() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let mut names: Vec<String> = dispatcher_migrate_corpus::ALL
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 20, "the corpus holds at least 20 files");
    let mut failures = Vec::new();
    let mut checked = 0;
    for name in &names {
        let path = corpus.join(format!("{name}.requests"));
        let table = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        for (index, text) in table.lines().enumerate() {
            let text = text.trim();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let row = match parse_row(index + 1, text) {
                Ok(row) => row,
                Err(error) => {
                    failures.push(format!("{name}.requests:{}: {error}", index + 1));
                    continue;
                }
            };
            checked += 1;
            match explain(name, &row) {
                Ok(result) => {
                    if let Some(problem) = compare(&row, &result) {
                        failures.push(format!("{name}.requests:{}: `{text}`: {problem}", row.line));
                    }
                }
                Err(error) => failures.push(format!(
                    "{name}.requests:{}: explain failed: {error}",
                    row.line
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} requests routed differently:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn rows_are_read_with_quotes_and_options() {
    let row = parse_row(
        1,
        r#"GET /x?a=1 host=api.example.com accept="text/html, */*;q=0.8" env=A=b=c => send_resp 404 "not \"here\"\n" header="x-a: 1" layer=last_call"#,
    )
    .expect("a valid row");
    assert_eq!(row.accept.as_deref(), Some("text/html, */*;q=0.8"));
    assert_eq!(row.layer.as_deref(), Some("last_call"));
    assert_eq!(row.env, vec![("A".to_owned(), "b=c".to_owned())]);
    match row.expected {
        Decision::SendResp {
            status,
            body,
            headers,
        } => {
            assert_eq!(status, 404);
            assert_eq!(body.as_deref(), Some("not \"here\"\n"));
            assert_eq!(headers, vec![("x-a".to_owned(), "1".to_owned())]);
        }
        other => panic!("{other:?}"),
    }
    assert!(parse_row(2, "GET /x => teleport").is_err());
}
