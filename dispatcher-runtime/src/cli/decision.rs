//! A request described by hand (on the command line, or as a line of a
//! `check` file) and the decision the rules make for it. `explain` and
//! `check` both come here, and this goes through [`Dispatcher::explain`] and
//! the winning rule's body as the server does: there is one matcher.

use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, Method, Uri};

use crate::Dispatcher;
use crate::action::Action;
use crate::matching::{Request, RequestFacts, Rule};

/// A request head: method, target, Host, Accept and other headers.
#[derive(Debug, Clone)]
pub struct RequestHead {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
}

impl RequestHead {
    /// Checks each part as the server would receive it. `accept: None` is a
    /// request without an Accept header.
    pub fn new<'a>(
        method: &str,
        target: &str,
        host: &str,
        accept: Option<&str>,
        headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, String> {
        let method = Method::from_bytes(method.as_bytes())
            .map_err(|_| format!("{method:?} is not an HTTP method"))?;
        if !target.starts_with('/') {
            return Err(format!("the target {target:?} must start with `/`"));
        }
        let uri: Uri = target
            .parse()
            .map_err(|error| format!("the target {target:?} is not a request target: {error}"))?;
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(header_name(name)?, header_value(value)?);
        }
        map.insert(http::header::HOST, header_value(host)?);
        if let Some(accept) = accept {
            map.insert(http::header::ACCEPT, header_value(accept)?);
        }
        let head = RequestHead {
            method,
            uri,
            headers: map,
        };
        // The host is checked here, so that deciding cannot fail.
        head.request()?;
        Ok(head)
    }

    fn request(&self) -> Result<Request<'_>, String> {
        Request::new(&self.method, &self.uri, &self.headers).map_err(|error| error.to_string())
    }
}

/// What the rules do with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Proxied to this full upstream URL.
    Forward { url: String },
    /// Answered by the dispatcher itself.
    Respond {
        status: u16,
        body: String,
        headers: Vec<(String, String)>,
    },
    /// The winning rule's body failed at run time: the server answers 500.
    Error { message: String },
    /// No rule matched: the server answers 500.
    NoRule,
}

impl Outcome {
    /// Whether the server answers the request as the rules intend (a
    /// forward or a `send_resp`), rather than with a 500.
    pub fn is_answered(&self) -> bool {
        matches!(self, Outcome::Forward { .. } | Outcome::Respond { .. })
    }
}

/// A rule and the layer it was tried in.
#[derive(Debug, Clone, Copy)]
pub struct RuleInLayer {
    pub rule: &'static Rule,
    pub layer: &'static str,
}

impl RuleInLayer {
    /// `line 14: match "/themes/*path" (layer services)`.
    pub fn describe(&self) -> String {
        format!(
            "line {}: {} {:?} (layer {})",
            self.rule.line, self.rule.verb, self.rule.pattern, self.layer
        )
    }
}

/// The decision for one request: the rule that fired, what it does, and
/// why each rule tried before it did not match.
#[derive(Debug, Clone)]
pub struct Decision {
    pub winner: Option<RuleInLayer>,
    pub outcome: Outcome,
    pub passed_over: Vec<(RuleInLayer, String)>,
}

/// Decides `head` with `dispatcher`'s rules and runs the winning body.
pub fn decide(dispatcher: &Dispatcher, head: &RequestHead) -> Decision {
    let table = dispatcher.table();
    let Ok(request) = head.request() else {
        unreachable!("RequestHead::new checked the host");
    };
    let facts = RequestFacts::new(&request);
    let explanation = dispatcher.explain(&facts);
    let in_layer = |rule: usize, layer: usize| {
        table.rule(rule).map(|rule| RuleInLayer {
            rule,
            layer: table.layer_name(layer),
        })
    };
    let passed_over = explanation
        .trace
        .iter()
        .filter_map(|entry| {
            in_layer(entry.rule, entry.layer).map(|rule| (rule, entry.mismatch.to_string()))
        })
        .collect();
    let (winner, outcome) = match explanation.winner {
        Some(winner) => (
            in_layer(winner.rule, winner.layer),
            outcome(&dispatcher.run(winner, &request, &facts)),
        ),
        None => (None, Outcome::NoRule),
    };
    Decision {
        winner,
        outcome,
        passed_over,
    }
}

fn outcome(action: &Action) -> Outcome {
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    match action {
        Action::Forward(forward) => Outcome::Forward { url: forward.url() },
        Action::Respond(respond) => Outcome::Respond {
            status: respond.status.as_u16(),
            body: text(&respond.body),
            headers: respond
                .headers
                .iter()
                .map(|(name, value)| (name.to_string(), text(value.as_bytes())))
                .collect(),
        },
        Action::Fail(error) => Outcome::Error {
            message: error.message.clone(),
        },
    }
}

fn header_name(name: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(name.trim().as_bytes())
        .map_err(|_| format!("{name:?} is not a header name"))
}

fn header_value(value: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(value).map_err(|_| format!("{value:?} is not a valid header value"))
}
