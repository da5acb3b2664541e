//! `explain`: which rule a request reaches and why the earlier ones did not,
//! as one JSON object on stdout.

use clap::Args;
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method, Uri};
use serde_json::{Value, json};

use crate::Dispatcher;
use crate::action::Action;
use crate::matching::{Request, RequestFacts};

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
    /// The request target: a path with an optional query, e.g. `/themes/1?page=2`.
    target: String,
}

pub fn run(dispatcher: &Dispatcher, args: &ExplainArgs) -> Result<Value, String> {
    let method = Method::from_bytes(args.method.as_bytes())
        .map_err(|_| format!("{:?} is not an HTTP method", args.method))?;
    if !args.target.starts_with('/') {
        return Err(format!("the target {:?} must start with `/`", args.target));
    }
    let uri: Uri = args.target.parse().map_err(|error| {
        format!(
            "the target {:?} is not a request target: {error}",
            args.target
        )
    })?;
    let mut headers = HeaderMap::new();
    for line in &args.headers {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("--header {line:?} is not `Name: value`"))?;
        headers.append(header_name(name)?, header_value(value.trim())?);
    }
    headers.insert(http::header::HOST, header_value(&args.host)?);
    if let Some(accept) = &args.accept {
        headers.insert(http::header::ACCEPT, header_value(accept)?);
    }
    let request = Request::new(&method, &uri, &headers).map_err(|error| error.to_string())?;
    let facts = RequestFacts::new(&request);
    let explanation = dispatcher.explain(&facts);
    let table = dispatcher.table();
    let describe = |index: usize| {
        table.rule(index).map_or(
            Value::Null,
            |rule| json!({ "line": rule.line, "verb": rule.verb, "pattern": rule.pattern }),
        )
    };
    let trace: Vec<Value> = explanation
        .trace
        .iter()
        .map(|entry| {
            let mut item = describe(entry.rule);
            if let Value::Object(fields) = &mut item {
                fields.insert("layer".into(), table.layer_name(entry.layer).into());
                fields.insert("reason".into(), entry.mismatch.to_string().into());
            }
            item
        })
        .collect();
    let (rule, layer, action) = match explanation.winner {
        Some(winner) => (
            describe(winner.rule),
            Value::from(table.layer_name(winner.layer)),
            action_json(&dispatcher.run(winner, &request, &facts)),
        ),
        None => (Value::Null, Value::Null, json!({ "kind": "none" })),
    };
    Ok(json!({ "rule": rule, "layer": layer, "action": action, "trace": trace }))
}

fn action_json(action: &Action) -> Value {
    let pairs = |headers: &[(HeaderName, HeaderValue)]| -> Vec<[String; 2]> {
        headers
            .iter()
            .map(|(name, value)| {
                [
                    name.to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                ]
            })
            .collect()
    };
    match action {
        Action::Forward(forward) => json!({ "kind": "forward", "url": forward.url() }),
        Action::Respond(respond) => json!({
            "kind": "send_resp",
            "status": respond.status.as_u16(),
            "body": String::from_utf8_lossy(&respond.body),
            "headers": pairs(&respond.headers),
        }),
        Action::Fail(error) => json!({ "kind": "error", "message": error.message }),
    }
}

fn header_name(name: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(name.trim().as_bytes())
        .map_err(|_| format!("{name:?} is not a header name"))
}

fn header_value(value: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(value).map_err(|_| format!("{value:?} is not a valid header value"))
}
