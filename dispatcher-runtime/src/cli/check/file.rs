//! The `check` file: JSON lines, one request per line with the decision it
//! must get, read strictly (an unknown field, a wrong type, a bad header is
//! an error naming the line). Blank lines and lines starting with `#` are
//! kept as they are.
//!
//! ```text
//! {"method": "GET", "path": "/themes/1?x=1", "host": "example.com", "accept": "application/vnd.api+json", "headers": {"cookie": "branch=blue"}, "expect": {"forward": "http://resource/themes/1?x=1"}}
//! {"path": "/nothing", "accept": "application/json", "expect": {"status": 404, "body": "…"}}
//! {"path": "/nothing", "accept": "image/png", "expect": "no rule"}
//! ```

use super::super::decision::{Outcome, RequestHead};
use super::json::Json;

/// The fields of a request line, in the order they are documented.
pub const FIELDS: [&str; 6] = ["method", "path", "host", "accept", "headers", "expect"];
const EXPECT_FORMS: &str = r#""no rule", {"forward": URL}, {"status": N, "body": TEXT, "headers": {…}} or {"error": MESSAGE}"#;

/// One line of the file.
#[derive(Debug)]
pub enum Entry {
    /// A blank line or a `#` comment, written back as it was.
    Verbatim(String),
    Request(Box<Case>),
}

/// A request line.
#[derive(Debug)]
pub struct Case {
    /// 1-based line number in the file.
    pub line: usize,
    /// The line's fields as written, for recording.
    pub fields: Vec<(String, Json)>,
    pub request: RequestFields,
    pub head: RequestHead,
    pub expect: Option<Expect>,
}

/// The request part of a line, with its defaults applied.
#[derive(Debug, Clone)]
pub struct RequestFields {
    pub method: String,
    pub path: String,
    pub host: String,
    pub accept: Option<String>,
    pub headers: Vec<(String, String)>,
}

/// The decision a request must get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// `"no rule"`: no rule matches (the server answers 500).
    NoRule,
    /// `{"forward": URL}`: proxied to this full upstream URL.
    Forward(String),
    /// `{"status": N}`, with `"body"` and `"headers"` compared only when given.
    Respond {
        status: u16,
        body: Option<String>,
        headers: Vec<(String, String)>,
    },
    /// `{"error": MESSAGE}`: the rule's body fails at run time with this message.
    Error(String),
}

/// A line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub message: String,
}

/// Reads every line; with `need_expect`, a request without `expect` is an
/// error. Either all lines are good, or every bad one is returned.
pub fn parse(text: &str, need_expect: bool) -> Result<Vec<Entry>, Vec<BadLine>> {
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            entries.push(Entry::Verbatim(raw.to_owned()));
            continue;
        }
        match parse_case(line, trimmed, need_expect) {
            Ok(case) => entries.push(Entry::Request(Box::new(case))),
            Err(message) => bad.push(BadLine { line, message }),
        }
    }
    if bad.is_empty() {
        Ok(entries)
    } else {
        Err(bad)
    }
}

fn parse_case(line: usize, text: &str, need_expect: bool) -> Result<Case, String> {
    let Json::Object(fields) = Json::parse(text).map_err(|error| format!("not JSON: {error}"))?
    else {
        return Err(
            r#"expected a JSON object such as {"path": "/x", "expect": {"forward": "http://service/x"}}"#
                .to_owned(),
        );
    };
    let field = |name: &str| fields.iter().find(|(key, _)| key == name).map(|(_, v)| v);
    if let Some((key, _)) = fields
        .iter()
        .find(|(key, _)| !FIELDS.contains(&key.as_str()))
    {
        return Err(format!(
            "unknown field `{key}`; the fields are {}",
            FIELDS.join(", ")
        ));
    }
    let string = |name: &str| -> Result<Option<String>, String> {
        match field(name) {
            None => Ok(None),
            Some(Json::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(format!("`{name}` must be a string, not {}", other.kind())),
        }
    };
    let path = string("path")?
        .ok_or("`path` is missing: the request target, e.g. \"/themes/1?page=2\"")?;
    let headers = match field("headers") {
        None => Vec::new(),
        Some(Json::Object(pairs)) => pairs
            .iter()
            .map(|(name, value)| match value {
                Json::String(value) if is_special(name) => Err(format!(
                    "`headers` names {name:?}: give it as the `{}` field",
                    name.to_ascii_lowercase()
                )),
                Json::String(value) => Ok((name.clone(), value.clone())),
                other => Err(format!(
                    "`headers.{name}` must be a string, not {}",
                    other.kind()
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(format!(
                "`headers` must be an object of header names and values, not {}",
                other.kind()
            ));
        }
    };
    let request = RequestFields {
        method: string("method")?.unwrap_or_else(|| "GET".to_owned()),
        path,
        host: string("host")?.unwrap_or_else(|| "localhost".to_owned()),
        accept: string("accept")?,
        headers,
    };
    let head = RequestHead::new(
        &request.method,
        &request.path,
        &request.host,
        request.accept.as_deref(),
        request
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str())),
    )?;
    let expect = match field("expect") {
        Some(expect) => Some(Expect::from_json(expect)?),
        None if need_expect => {
            return Err(
                "`expect` is missing: write the decision this request must get, or record today's with `check --record`"
                    .to_owned(),
            );
        }
        None => None,
    };
    Ok(Case {
        line,
        fields,
        request,
        head,
        expect,
    })
}

fn is_special(name: &str) -> bool {
    name.eq_ignore_ascii_case("host") || name.eq_ignore_ascii_case("accept")
}

impl Expect {
    fn from_json(value: &Json) -> Result<Expect, String> {
        let wrong = |what: String| format!("`expect`: {what}; write {EXPECT_FORMS}");
        let fields = match value {
            Json::String(text) if text == "no rule" => return Ok(Expect::NoRule),
            Json::String(text) => return Err(wrong(format!("{text:?} is not a decision"))),
            Json::Object(fields) => fields,
            other => return Err(wrong(format!("{} is not a decision", other.kind()))),
        };
        let field = |name: &str| fields.iter().find(|(key, _)| key == name).map(|(_, v)| v);
        let known: &[&str] = if field("forward").is_some() {
            &["forward"]
        } else if field("error").is_some() {
            &["error"]
        } else if field("status").is_some() {
            &["status", "body", "headers"]
        } else {
            return Err(wrong("it names no decision".to_owned()));
        };
        if let Some((key, _)) = fields
            .iter()
            .find(|(key, _)| !known.contains(&key.as_str()))
        {
            return Err(wrong(format!("`{key}` does not go with `{}`", known[0])));
        }
        let string = |name: &str| match field(name) {
            None => Ok(None),
            Some(Json::String(text)) => Ok(Some(text.clone())),
            Some(other) => Err(format!(
                "`expect.{name}` must be a string, not {}",
                other.kind()
            )),
        };
        if let Some(url) = string("forward")? {
            return Ok(Expect::Forward(url));
        }
        if let Some(message) = string("error")? {
            return Ok(Expect::Error(message));
        }
        let status = match field("status") {
            Some(Json::Number(number)) => number
                .as_u64()
                .filter(|status| (100..=999).contains(status))
                .and_then(|status| u16::try_from(status).ok())
                .ok_or_else(|| format!("`expect.status` {number} is not a status (100 to 999)"))?,
            Some(other) => {
                return Err(format!(
                    "`expect.status` must be a number, not {}",
                    other.kind()
                ));
            }
            None => unreachable!("`status` was found above"),
        };
        let headers = match field("headers") {
            None => Vec::new(),
            Some(Json::Object(pairs)) => pairs
                .iter()
                .map(|(name, value)| match value {
                    Json::String(value) => Ok((name.to_ascii_lowercase(), value.clone())),
                    other => Err(format!(
                        "`expect.headers.{name}` must be a string, not {}",
                        other.kind()
                    )),
                })
                .collect::<Result<_, _>>()?,
            Some(other) => {
                return Err(format!(
                    "`expect.headers` must be an object of header names and values, not {}",
                    other.kind()
                ));
            }
        };
        Ok(Expect::Respond {
            status,
            body: string("body")?,
            headers,
        })
    }

    /// Today's decision, as `expect` records it: every part of it.
    pub fn recorded(outcome: &Outcome) -> Expect {
        match outcome {
            Outcome::Forward { url } => Expect::Forward(url.clone()),
            Outcome::Respond {
                status,
                body,
                headers,
            } => Expect::Respond {
                status: *status,
                body: Some(body.clone()),
                headers: joined(headers),
            },
            Outcome::Error { message } => Expect::Error(message.clone()),
            Outcome::NoRule => Expect::NoRule,
        }
    }

    /// Whether `outcome` is this decision; a `send_resp`'s body and headers
    /// are compared only when the expectation gives them.
    pub fn matches(&self, outcome: &Outcome) -> bool {
        match (self, outcome) {
            (Expect::NoRule, Outcome::NoRule) => true,
            (Expect::Forward(expected), Outcome::Forward { url }) => expected == url,
            (Expect::Error(expected), Outcome::Error { message }) => expected == message,
            (
                Expect::Respond {
                    status,
                    body,
                    headers,
                },
                Outcome::Respond {
                    status: got_status,
                    body: got_body,
                    headers: got_headers,
                },
            ) => {
                let got_headers = joined(got_headers);
                status == got_status
                    && body.as_ref().is_none_or(|body| body == got_body)
                    && headers.iter().all(|(name, value)| {
                        got_headers
                            .iter()
                            .any(|(got_name, got_value)| got_name == name && got_value == value)
                    })
            }
            _ => false,
        }
    }

    pub fn to_json(&self) -> Json {
        let object = |fields: Vec<(&str, Json)>| {
            Json::Object(
                fields
                    .into_iter()
                    .map(|(key, value)| (key.to_owned(), value))
                    .collect(),
            )
        };
        match self {
            Expect::NoRule => Json::string("no rule"),
            Expect::Forward(url) => object(vec![("forward", Json::string(url))]),
            Expect::Error(message) => object(vec![("error", Json::string(message))]),
            Expect::Respond {
                status,
                body,
                headers,
            } => {
                let mut fields = vec![("status", Json::Number((*status).into()))];
                if let Some(body) = body {
                    fields.push(("body", Json::string(body)));
                }
                if !headers.is_empty() {
                    fields.push((
                        "headers",
                        Json::Object(
                            headers
                                .iter()
                                .map(|(name, value)| (name.clone(), Json::string(value)))
                                .collect(),
                        ),
                    ));
                }
                object(fields)
            }
        }
    }
}

/// Response headers with one entry per name (lower case), repeated values
/// joined by `, `, as an object in the file can hold them.
fn joined(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        match out.iter_mut().find(|(seen, _)| *seen == name) {
            Some((_, joined)) => {
                joined.push_str(", ");
                joined.push_str(value);
            }
            None => out.push((name, value.clone())),
        }
    }
    out
}

impl Case {
    /// The line with `expect` set to `expect` (replacing one it had, in
    /// place, or added last), the other fields as written.
    pub fn with_expect(&self, expect: &Expect) -> String {
        let mut fields = self.fields.clone();
        match fields.iter_mut().find(|(key, _)| key == "expect") {
            Some((_, value)) => *value = expect.to_json(),
            None => fields.push(("expect".to_owned(), expect.to_json())),
        }
        Json::Object(fields).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(text: &str, need_expect: bool) -> Vec<BadLine> {
        parse(text, need_expect).expect_err("bad input")
    }

    fn case(text: &str) -> Case {
        match parse(text, true).expect("good input").pop() {
            Some(Entry::Request(case)) => *case,
            other => panic!("not a request: {other:?}"),
        }
    }

    #[test]
    fn a_full_line_is_read_with_every_field() {
        let case = case(
            r#"{"method": "POST", "path": "/themes/1?x=1", "host": "example.com", "accept": "application/vnd.api+json", "headers": {"cookie": "branch=blue"}, "expect": {"forward": "http://resource/themes/1?x=1"}}"#,
        );
        assert_eq!(case.line, 1);
        assert_eq!(case.request.method, "POST");
        assert_eq!(case.request.host, "example.com");
        assert_eq!(
            case.request.headers,
            [("cookie".to_owned(), "branch=blue".to_owned())]
        );
        assert_eq!(
            case.expect,
            Some(Expect::Forward("http://resource/themes/1?x=1".to_owned()))
        );
    }

    #[test]
    fn defaults_are_get_localhost_and_no_accept_header() {
        let case = case(r#"{"path": "/", "expect": "no rule"}"#);
        assert_eq!(case.request.method, "GET");
        assert_eq!(case.request.host, "localhost");
        assert_eq!(case.request.accept, None);
        assert_eq!(case.expect, Some(Expect::NoRule));
    }

    #[test]
    fn blank_lines_and_comments_are_kept() {
        let entries = parse(
            "# routing of the stack\n\n{\"path\": \"/\", \"expect\": \"no rule\"}\n",
            true,
        )
        .unwrap();
        assert!(matches!(&entries[0], Entry::Verbatim(text) if text == "# routing of the stack"));
        assert!(matches!(&entries[1], Entry::Verbatim(text) if text.is_empty()));
        assert!(matches!(&entries[2], Entry::Request(case) if case.line == 3));
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let text = [
            r#"{"path": "/ok", "expect": "no rule"}"#,
            r#"{"path": "/x", "expect": "no rule""#,
            r#"["/x"]"#,
            r#"{"path": "/x", "hots": "a", "expect": "no rule"}"#,
            r#"{"expect": "no rule"}"#,
            r#"{"path": "x", "expect": "no rule"}"#,
            r#"{"path": "/x", "method": 1, "expect": "no rule"}"#,
            r#"{"path": "/x", "host": "a..b", "expect": "no rule"}"#,
            r#"{"path": "/x", "headers": {"bad name": "v"}, "expect": "no rule"}"#,
            r#"{"path": "/x", "headers": {"Accept": "text/html"}, "expect": "no rule"}"#,
            r#"{"path": "/x"}"#,
            r#"{"path": "/x", "expect": "nothing"}"#,
            r#"{"path": "/x", "expect": {"forward": "http://a/", "status": 200}}"#,
            r#"{"path": "/x", "expect": {"status": 1000}}"#,
            r#"{"path": "/x", "expect": {"status": "404"}}"#,
            r#"{"path": "/x", "expect": {}}"#,
            r#"{"path": "/x", "expect": "no rule", "expect": "no rule"}"#,
        ]
        .join("\n");
        let errors = bad(&text, true);
        let lines: Vec<usize> = errors.iter().map(|error| error.line).collect();
        assert_eq!(lines, (2..=17).collect::<Vec<_>>());
        let message = |line: usize| {
            errors
                .iter()
                .find(|error| error.line == line)
                .map(|error| error.message.as_str())
                .unwrap()
        };
        assert!(message(2).starts_with("not JSON: "), "{}", message(2));
        assert!(message(3).starts_with("expected a JSON object"));
        assert_eq!(
            message(4),
            "unknown field `hots`; the fields are method, path, host, accept, headers, expect"
        );
        assert!(message(5).starts_with("`path` is missing"));
        assert_eq!(message(6), r#"the target "x" must start with `/`"#);
        assert_eq!(message(7), "`method` must be a string, not a number");
        assert!(message(8).contains("a..b"), "{}", message(8));
        assert_eq!(message(9), r#""bad name" is not a header name"#);
        assert_eq!(
            message(10),
            r#"`headers` names "Accept": give it as the `accept` field"#
        );
        assert!(message(11).starts_with("`expect` is missing"));
        assert!(
            message(12).starts_with(r#"`expect`: "nothing" is not a decision; write "no rule", "#)
        );
        assert!(message(13).contains("`status` does not go with `forward`"));
        assert_eq!(
            message(14),
            "`expect.status` 1000 is not a status (100 to 999)"
        );
        assert_eq!(
            message(15),
            "`expect.status` must be a number, not a string"
        );
        assert!(message(16).contains("it names no decision"));
        assert!(message(17).contains("`expect` is given twice"));
    }

    #[test]
    fn recording_needs_no_expect() {
        let entries = parse(r#"{"path": "/x"}"#, false).unwrap();
        assert!(matches!(&entries[0], Entry::Request(case) if case.expect.is_none()));
    }

    #[test]
    fn a_recorded_expect_replaces_the_old_one_in_place() {
        let case = case(r#"{"path": "/x", "expect": "no rule", "accept": "*/*"}"#);
        assert_eq!(
            case.with_expect(&Expect::Forward("http://a/x".to_owned())),
            r#"{"path": "/x", "expect": {"forward": "http://a/x"}, "accept": "*/*"}"#
        );
        let fresh = match parse(r#"{"path": "/x"}"#, false).unwrap().pop() {
            Some(Entry::Request(case)) => case,
            _ => unreachable!(),
        };
        let recorded = Expect::recorded(&Outcome::Respond {
            status: 404,
            body: "{}".to_owned(),
            headers: vec![
                ("Vary".to_owned(), "accept".to_owned()),
                ("vary".to_owned(), "cookie".to_owned()),
            ],
        });
        assert_eq!(
            fresh.with_expect(&recorded),
            r#"{"path": "/x", "expect": {"status": 404, "body": "{}", "headers": {"vary": "accept, cookie"}}}"#
        );
    }

    #[test]
    fn a_send_resp_expectation_compares_only_what_it_gives() {
        let got = Outcome::Respond {
            status: 404,
            body: "gone".to_owned(),
            headers: vec![("Content-Type".to_owned(), "text/plain".to_owned())],
        };
        let expect = |status, body: Option<&str>, headers: &[(&str, &str)]| Expect::Respond {
            status,
            body: body.map(str::to_owned),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        };
        assert!(expect(404, None, &[]).matches(&got));
        assert!(expect(404, Some("gone"), &[("content-type", "text/plain")]).matches(&got));
        assert!(!expect(404, Some("here"), &[]).matches(&got));
        assert!(!expect(200, None, &[]).matches(&got));
        assert!(!expect(404, None, &[("content-type", "text/html")]).matches(&got));
        assert!(!expect(404, None, &[]).matches(&Outcome::NoRule));
        assert!(!Expect::NoRule.matches(&got));
    }
}
