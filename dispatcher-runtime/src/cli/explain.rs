//! `explain`: which rule a request reaches and why the earlier ones did not,
//! as one JSON object (the default) or as text for people. The exit code
//! says whether the request is answered (see [`ExplainArgs`]).

use std::fmt::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use super::decision::{self, Decision, Outcome, RequestHead, RuleInLayer};
use crate::Dispatcher;

/// Exit codes: 0 a rule answers the request (forward or send_resp); 1 the
/// server would answer 500 (no rule matched, or the rule's body failed);
/// 2 the request could not be read (bad target, method or header).
#[derive(Args)]
pub struct ExplainArgs {
    /// Request method (case-sensitive, as on the wire).
    #[arg(long, default_value = "GET")]
    method: String,
    /// Host header.
    #[arg(long, default_value = "localhost")]
    host: String,
    /// Accept header; without it the request has none.
    #[arg(long)]
    accept: Option<String>,
    /// Any other request header, as `Name: value`; repeatable.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// Output: one JSON object, or text for people.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// The request target: a path with an optional query, e.g. `/themes/1?page=2`.
    target: String,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Json,
    Text,
}

/// Answered: a forward or a `send_resp`.
pub const ANSWERED: u8 = 0;
/// The server would answer 500: no rule matched, or the body failed.
pub const NOT_ANSWERED: u8 = 1;
/// The request given could not be read.
pub const BAD_INPUT: u8 = 2;

pub fn run(dispatcher: &Dispatcher, args: &ExplainArgs) -> ExitCode {
    let head = match request_head(args) {
        Ok(head) => head,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(BAD_INPUT);
        }
    };
    let decision = decision::decide(dispatcher, &head);
    match args.format {
        Format::Json => println!("{}", to_json(&decision)),
        Format::Text => print!("{}", to_text(args, &decision)),
    }
    ExitCode::from(if decision.outcome.is_answered() {
        ANSWERED
    } else {
        NOT_ANSWERED
    })
}

fn request_head(args: &ExplainArgs) -> Result<RequestHead, String> {
    let headers = args
        .headers
        .iter()
        .map(|line| {
            line.split_once(':')
                .map(|(name, value)| (name, value.trim()))
                .ok_or_else(|| format!("--header {line:?} is not `Name: value`"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    RequestHead::new(
        &args.method,
        &args.target,
        &args.host,
        args.accept.as_deref(),
        headers,
    )
}

fn to_json(decision: &Decision) -> Value {
    let describe = |r: &RuleInLayer| json!({ "line": r.rule.line, "verb": r.rule.verb, "pattern": r.rule.pattern });
    let trace: Vec<Value> = decision
        .passed_over
        .iter()
        .map(|(rule, reason)| {
            let mut item = describe(rule);
            item["layer"] = rule.layer.into();
            item["reason"] = reason.as_str().into();
            item
        })
        .collect();
    let action = match &decision.outcome {
        Outcome::Forward { url } => json!({ "kind": "forward", "url": url }),
        Outcome::Respond {
            status,
            body,
            headers,
        } => json!({
            "kind": "send_resp",
            "status": status,
            "body": body,
            "headers": headers.iter().map(|(n, v)| [n, v]).collect::<Vec<_>>(),
        }),
        Outcome::Error { message } => json!({ "kind": "error", "message": message }),
        Outcome::NoRule => json!({ "kind": "none" }),
    };
    json!({
        "rule": decision.winner.as_ref().map_or(Value::Null, describe),
        "layer": decision.winner.as_ref().map_or(Value::Null, |w| w.layer.into()),
        "action": action,
        "trace": trace,
    })
}

/// ```text
/// request: GET /themes/1, host localhost, accept "application/json"
/// rule:    line 14: match "/themes/*path" (layer services)
/// action:  forward to http://resource/themes/1
/// earlier rules that did not match:
///   line 10: get "/files/:id/download" (layer services): path: ...
/// ```
fn to_text(args: &ExplainArgs, decision: &Decision) -> String {
    let mut out = String::new();
    let accept = match &args.accept {
        Some(accept) => format!("accept {accept:?}"),
        None => "no Accept header".to_owned(),
    };
    let _ = write!(
        out,
        "request: {} {}, host {}, {accept}",
        args.method, args.target, args.host
    );
    for header in &args.headers {
        let _ = write!(out, ", {header}");
    }
    out.push('\n');
    match &decision.winner {
        Some(winner) => {
            let _ = writeln!(out, "rule:    {}", winner.describe());
        }
        None => out.push_str("rule:    none matched\n"),
    }
    let _ = writeln!(out, "action:  {}", describe_outcome(&decision.outcome));
    if let Outcome::Respond { headers, body, .. } = &decision.outcome {
        for (name, value) in headers {
            let _ = writeln!(out, "         header {name}: {value}");
        }
        let mut lines = body.lines();
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "         body {first}");
        }
        for line in lines {
            let _ = writeln!(out, "              {line}");
        }
    }
    let heading = match (&decision.winner, decision.passed_over.is_empty()) {
        (Some(_), true) => "no earlier rule was tried",
        (Some(_), false) => "earlier rules that did not match:",
        (None, true) => "rules that did not match: (there are no rules)",
        (None, false) => "rules that did not match:",
    };
    let _ = writeln!(out, "{heading}");
    for (rule, reason) in &decision.passed_over {
        let _ = writeln!(out, "  {}: {reason}", rule.describe());
    }
    out
}

/// `forward to http://…`, `send_resp 404`, `no rule matched: the server
/// answers 500`, …, on one line.
pub fn describe_outcome(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Forward { url } => format!("forward to {url}"),
        Outcome::Respond { status, .. } => format!("send_resp {status}"),
        Outcome::Error { message } => {
            format!("the rule's body failed: {message} (the server answers 500)")
        }
        Outcome::NoRule => "no rule matched: the server answers 500".to_owned(),
    }
}
