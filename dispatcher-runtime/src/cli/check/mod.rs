//! `check`: a file of requests, each with the decision it must get
//! ([`file`] says how it is written), decided with the rules; every
//! mismatch is reported. With `--record`, the file is written back with
//! today's decisions instead, so a stack can keep its routing expectations
//! in its repository and check them in CI.

mod file;
mod json;

use std::fmt::Write;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use self::file::{Case, Entry, Expect, RequestFields};
use super::decision::{self, Decision, Outcome};
use super::explain::describe_outcome;
use crate::Dispatcher;

/// Exit codes: 0 every request got the decision it expects (or, with
/// `--record`, the file was recorded); 1 at least one did not; 2 the file
/// could not be read or has a bad line (nothing is checked or written).
#[derive(Args)]
pub struct CheckArgs {
    /// Print the file with each request's `expect` set to the decision the
    /// rules make today, instead of checking it.
    #[arg(long)]
    record: bool,
    /// JSON lines: one request per line with the decision it must get
    /// (docs/rules.md); `-` reads standard input.
    file: PathBuf,
}

/// Every request got the decision it expects.
pub const AS_EXPECTED: u8 = 0;
/// At least one request did not.
pub const MISMATCH: u8 = 1;
/// The file could not be read, or has a bad line.
pub const BAD_INPUT: u8 = 2;

pub fn run(dispatcher: &Dispatcher, args: &CheckArgs) -> ExitCode {
    let name = if args.file.as_os_str() == "-" {
        "stdin".to_owned()
    } else {
        args.file.display().to_string()
    };
    let text = match read(args) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: cannot read {name}: {error}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    let entries = match file::parse(&text, !args.record) {
        Ok(entries) => entries,
        Err(bad) => {
            for line in &bad {
                eprintln!("error: {name}:{}: {}", line.line, line.message);
            }
            eprintln!(
                "error: {name}: {} bad line{}; nothing was {}",
                bad.len(),
                if bad.len() == 1 { "" } else { "s" },
                if args.record { "recorded" } else { "checked" }
            );
            return ExitCode::from(BAD_INPUT);
        }
    };
    if !entries
        .iter()
        .any(|entry| matches!(entry, Entry::Request(_)))
    {
        eprintln!("error: {name} holds no request (only blank lines and # comments)");
        return ExitCode::from(BAD_INPUT);
    }
    if args.record {
        print!("{}", record(dispatcher, &entries));
        return ExitCode::from(AS_EXPECTED);
    }
    let report = check(dispatcher, &name, &entries);
    print!("{}", report.text);
    ExitCode::from(if report.mismatches == 0 {
        AS_EXPECTED
    } else {
        MISMATCH
    })
}

fn read(args: &CheckArgs) -> std::io::Result<String> {
    if args.file.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        Ok(text)
    } else {
        std::fs::read_to_string(&args.file)
    }
}

/// The file again, each request with today's decision as its `expect`.
fn record(dispatcher: &Dispatcher, entries: &[Entry]) -> String {
    let mut out = String::new();
    for entry in entries {
        match entry {
            Entry::Verbatim(text) => out.push_str(text),
            Entry::Request(case) => {
                let decision = decision::decide(dispatcher, &case.head);
                out.push_str(&case.with_expect(&Expect::recorded(&decision.outcome)));
            }
        }
        out.push('\n');
    }
    out
}

struct Report {
    text: String,
    mismatches: usize,
}

/// One paragraph per request that did not get its decision, then a summary.
fn check(dispatcher: &Dispatcher, name: &str, entries: &[Entry]) -> Report {
    let mut text = String::new();
    let mut requests = 0;
    let mut mismatched_lines = Vec::new();
    for entry in entries {
        let Entry::Request(case) = entry else {
            continue;
        };
        let Some(expect) = &case.expect else {
            continue;
        };
        requests += 1;
        let decision = decision::decide(dispatcher, &case.head);
        if !expect.matches(&decision.outcome) {
            mismatched_lines.push(case.line.to_string());
            mismatch(&mut text, name, case, expect, &decision);
        }
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if mismatched_lines.is_empty() {
        let _ = writeln!(
            text,
            "{name}: {requests} request{}, each decided as expected",
            plural(requests)
        );
    } else {
        let _ = writeln!(
            text,
            "{name}: {requests} request{}, {} not decided as expected (line{} {})",
            plural(requests),
            mismatched_lines.len(),
            plural(mismatched_lines.len()),
            mismatched_lines.join(", ")
        );
    }
    Report {
        text,
        mismatches: mismatched_lines.len(),
    }
}

fn mismatch(out: &mut String, name: &str, case: &Case, expect: &Expect, decision: &Decision) {
    let _ = writeln!(
        out,
        "{name}:{}: {}",
        case.line,
        describe_request(&case.request)
    );
    let _ = writeln!(out, "  expected: {}", describe_expect(expect));
    let got = match (&decision.outcome, expect) {
        // Say exactly which part of the answer differs.
        (Outcome::Respond { .. }, Expect::Respond { .. }) => {
            describe_expect(&Expect::recorded(&decision.outcome))
        }
        (outcome, _) => describe_outcome(outcome),
    };
    let _ = writeln!(out, "  got:      {got}");
    if let Some(winner) = decision.winner {
        let _ = writeln!(out, "  rule:     {}", winner.describe());
    }
    let _ = writeln!(out, "  why:      {}", explain_command(&case.request));
}

/// `GET /themes/1, host localhost, accept "application/json", cookie: a=b`.
fn describe_request(request: &RequestFields) -> String {
    let mut text = format!(
        "{} {}, host {}, {}",
        request.method,
        request.path,
        request.host,
        match &request.accept {
            Some(accept) => format!("accept {accept:?}"),
            None => "no Accept header".to_owned(),
        }
    );
    for (name, value) in &request.headers {
        let _ = write!(text, ", {name}: {value}");
    }
    text
}

fn describe_expect(expect: &Expect) -> String {
    match expect {
        Expect::NoRule => describe_outcome(&Outcome::NoRule),
        Expect::Forward(url) => format!("forward to {url}"),
        Expect::Error(message) => describe_outcome(&Outcome::Error {
            message: message.clone(),
        }),
        Expect::Respond {
            status,
            body,
            headers,
        } => {
            let mut text = format!("send_resp {status}");
            for (name, value) in headers {
                let _ = write!(text, ", header {name}: {value}");
            }
            if let Some(body) = body {
                let _ = write!(text, ", body {}", json::Json::string(body.as_str()));
            }
            text
        }
    }
}

/// The `explain` command line that shows why the request went where it went.
fn explain_command(request: &RequestFields) -> String {
    let mut line = "dispatcher-app explain --format text".to_owned();
    let mut option = |flag: &str, value: &str| {
        let _ = write!(line, " {flag} {}", shell_quote(value));
    };
    if request.method != "GET" {
        option("--method", &request.method);
    }
    if request.host != "localhost" {
        option("--host", &request.host);
    }
    if let Some(accept) = &request.accept {
        option("--accept", accept);
    }
    for (name, value) in &request.headers {
        option("--header", &format!("{name}: {value}"));
    }
    let _ = write!(line, " {}", shell_quote(&request.path));
    line
}

/// `value` as one shell word: as it is when that is safe, else in single quotes.
fn shell_quote(value: &str) -> String {
    let safe = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c));
    if safe {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_explain_hint_quotes_what_the_shell_would_split() {
        let request = RequestFields {
            method: "POST".to_owned(),
            path: "/themes/1?a=1&b=2".to_owned(),
            host: "example.com".to_owned(),
            accept: Some("application/json".to_owned()),
            headers: vec![("cookie".to_owned(), "it's=blue".to_owned())],
        };
        assert_eq!(
            explain_command(&request),
            r#"dispatcher-app explain --format text --method POST --host example.com --accept application/json --header 'cookie: it'\''s=blue' '/themes/1?a=1&b=2'"#
        );
    }
}
