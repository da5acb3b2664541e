//! Where a request is answered, whichever protocol brought it: limits are
//! checked, the rules decide (`Dispatcher::dispatch`), and the action is
//! carried out: a direct answer, or a forward to an upstream.
//!
//! The phases of a forward, in order: pick the upstream address
//! ([`balancer`]) → take a pooled connection or open one ([`upstream`]) →
//! write the request head with the header rules applied ([`request_head`])
//! → send the body while watching for an early answer, read the response
//! head ([`exchange`]) → rewrite the response head ([`headers`]; written
//! straight out for HTTP/1.1 clients) → stream the body back and return the
//! connection to the pool → log ([`access`]). [`h1`] does this for HTTP/1.1 clients over their socket,
//! [`h2`] for HTTP/2 streams served by hyper.

pub mod access;
pub mod balancer;
pub mod exchange;
pub mod failure;
pub mod forwarded;
pub mod h1;
pub mod h2;
pub mod headers;
pub mod prefix;
pub mod request_head;
pub mod splice;
pub mod upstream;
pub mod validity;

use std::sync::Arc;

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};

pub use upstream::TlsSetupError;

use crate::Dispatcher;
use crate::action::{Action, Forward};
use crate::config::Config;
use crate::matching::{self, HostName, RequestHeaders};
use crate::metrics::Metrics;
use access::AccessRecord;
use balancer::Balancer;
use upstream::Connector;

/// Everything a request needs that outlives it: the rules, the
/// configuration, the upstream addresses and how to connect to them.
/// Shared by every worker; nothing in it changes per request but the
/// balancer's round-robin turn.
pub struct Proxy {
    pub dispatcher: &'static Dispatcher,
    pub config: Config,
    pub balancer: Arc<Balancer>,
    pub connector: Connector,
    /// Present when `METRICS_LISTEN` is set.
    pub metrics: Option<Arc<Metrics>>,
}

/// A request as either protocol hands it to [`Proxy::decide`].
pub struct Incoming<'r> {
    pub method: &'r Method,
    /// The request target as received (for the log and `MAX_URL_LENGTH`).
    pub target: &'r str,
    pub path: &'r str,
    pub query: Option<&'r str>,
    pub headers: RequestHeaders<'r>,
    /// The authority of the target (HTTP/2, absolute-form), else `Host`.
    pub host: Option<&'r [u8]>,
}

/// What to do with a request.
pub enum Decision {
    /// Answer it directly.
    Answer(Answer),
    /// Forward it to an upstream.
    Forward(Forward),
}

/// A response made by the dispatcher itself.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// HTTP/1.1: end the connection after it (a refused request may have
    /// left the connection in an unknown state).
    pub close: bool,
}

impl Answer {
    /// A plain-text answer naming the problem.
    pub fn plain(status: StatusCode, message: &str) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        Answer {
            status,
            headers,
            body: failure::plain_body(status, message),
            close: status == StatusCode::BAD_REQUEST,
        }
    }
}

impl Proxy {
    pub fn new(dispatcher: &'static Dispatcher, config: Config) -> Result<Self, TlsSetupError> {
        let metrics = config.metrics_listen.map(|_| Arc::new(Metrics::default()));
        let connector = Connector::new(&config, metrics.clone())?;
        Ok(Proxy {
            dispatcher,
            balancer: Arc::new(Balancer::new(&config)),
            connector,
            config,
            metrics,
        })
    }

    /// Checks the limits, asks the rules, and says what to do.
    pub fn decide(&self, request: &Incoming<'_>, record: &mut AccessRecord) -> Decision {
        tracing::debug!(
            target: "dispatcher::frontend_communication",
            method = %request.method, target = request.target, headers = ?request.headers,
            "request"
        );
        if request.target.len() > self.config.max_url_length {
            let message = format!(
                "the request target is {} bytes long; the limit is {} (MAX_URL_LENGTH)",
                request.target.len(),
                self.config.max_url_length
            );
            return self.refuse(StatusCode::URI_TOO_LONG, &message, record);
        }
        let Some(path) = prefix::strip(request.path, &self.config.path_prefix) else {
            let message = format!(
                "{} is not under {}, the path prefix this dispatcher is mounted under (PATH_PREFIX)",
                request.path, self.config.path_prefix
            );
            return self.refuse(StatusCode::NOT_FOUND, &message, record);
        };
        let host = match request.host.map(host_name) {
            None => HostName::NONE,
            Some(Ok(host)) => host,
            Some(Err(invalid)) => {
                return self.refuse(StatusCode::BAD_REQUEST, &invalid.to_string(), record);
            }
        };
        let matched = matching::Request {
            method: request.method,
            path,
            query: request.query,
            headers: request.headers,
            host,
        };
        let dispatched = self.dispatcher.dispatch(&matched);
        self.log_layers(dispatched.rule.map(|(_, layer)| layer));
        let (rule, action) = match (dispatched.rule, dispatched.action) {
            (Some((rule, _)), Some(action)) => (rule, action),
            _ => {
                let message = format!("no rule matched {} {}", request.method, request.path);
                tracing::warn!(target: "dispatcher::layer_matching", method = %request.method, path = request.path, "no rule matched");
                return self.refuse(StatusCode::INTERNAL_SERVER_ERROR, &message, record);
            }
        };
        record.rule_line = Some(rule.line);
        match action {
            Action::Forward(_)
                if request_head::is_last_hop(request.method.as_str(), request.headers) =>
            {
                // Max-Forwards: 0 on OPTIONS or TRACE: the dispatcher is the
                // final recipient (RFC 9110 §7.6.2). TRACE would reflect the
                // request, cookies and all: it is not implemented.
                if *request.method == Method::TRACE {
                    let message = "TRACE with Max-Forwards: 0 ends at the dispatcher, which does not reflect requests";
                    return self.refuse(StatusCode::NOT_IMPLEMENTED, message, record);
                }
                record.status = 200;
                Decision::Answer(Answer {
                    status: StatusCode::OK,
                    headers: HeaderMap::new(),
                    body: Bytes::new(),
                    close: false,
                })
            }
            Action::Forward(forward) => {
                record.upstream = Some(forward.upstream.clone());
                Decision::Forward(forward)
            }
            Action::Respond(respond) => {
                record.status = respond.status.as_u16();
                let mut headers = HeaderMap::new();
                // The answer depended on the Accept header, as a forward's would.
                headers::add_vary(&mut headers);
                headers::add_from_rule(&mut headers, &respond.headers);
                Decision::Answer(Answer {
                    status: respond.status,
                    headers,
                    body: respond.body,
                    close: false,
                })
            }
            Action::Fail(error) => {
                tracing::error!(target: "dispatcher::rules", line = rule.line, error = %error.message, "rule failed");
                let message = format!("the rule on line {} failed: {}", rule.line, error.message);
                self.refuse(StatusCode::INTERNAL_SERVER_ERROR, &message, record)
            }
        }
    }

    fn refuse(&self, status: StatusCode, message: &str, record: &mut AccessRecord) -> Decision {
        Decision::Answer(self.plain(status, message, record))
    }

    /// A plain-text answer from the dispatcher itself, recorded.
    pub fn plain(&self, status: StatusCode, message: &str, record: &mut AccessRecord) -> Answer {
        record.status = status.as_u16();
        Answer::plain(status, message)
    }

    /// A failed forward: logged and counted, answered with its status and
    /// a body naming the upstream and the reason.
    pub fn failed(
        &self,
        failure: &failure::UpstreamFailure,
        forward: &Forward,
        record: &mut AccessRecord,
    ) -> Answer {
        let url = forward.url();
        if failure.is_clients() {
            tracing::info!(target: "dispatcher::upstream", upstream = %url, status = failure.status.as_u16(), reason = %failure.reason, "client body failed");
            return self.plain(failure.status, &failure.reason, record);
        }
        tracing::warn!(target: "dispatcher::upstream", upstream = %url, status = failure.status.as_u16(), reason = %failure.reason, "upstream failed");
        let message = format!("upstream {url}: {}", failure.reason);
        self.plain(failure.status, &message, record)
    }

    /// Counts a failed attempt in `dispatcher_upstream_errors_total`.
    pub fn count_error(&self, forward: &Forward, failure: &failure::UpstreamFailure) {
        if let Some(metrics) = &self.metrics
            && !failure.is_clients()
        {
            metrics.upstream_error(&forward.upstream.origin(), failure.kind);
        }
    }

    fn log_layers(&self, matched_layer: Option<&'static str>) {
        let layers = self.dispatcher.table().layers;
        tracing::debug!(target: "dispatcher::layers", layers = ?layers.iter().map(|l| l.name).collect::<Vec<_>>(), "available layers");
        if tracing::enabled!(target: "dispatcher::layer_start", tracing::Level::DEBUG) {
            for layer in layers {
                tracing::debug!(target: "dispatcher::layer_start", layer = layer.name, "layer processing");
                if Some(layer.name) == matched_layer {
                    break;
                }
            }
        }
        match matched_layer {
            Some(layer) => {
                tracing::debug!(target: "dispatcher::layer_matching", layer, "layer matched")
            }
            None => tracing::debug!(target: "dispatcher::layer_matching", "no layer matched"),
        }
    }
}

/// The host name of a Host or `:authority` value.
fn host_name(raw: &[u8]) -> Result<HostName<'_>, matching::InvalidHost> {
    if !raw.iter().all(u8::is_ascii_graphic) {
        return Err(matching::InvalidHost {
            host: String::from_utf8_lossy(raw).into_owned(),
            reason: "not visible ASCII",
        });
    }
    // SAFETY: visible ASCII (checked just above) is UTF-8.
    HostName::parse(unsafe { std::str::from_utf8_unchecked(raw) })
}

/// RFC 9110 §9.2.2.
pub fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
    )
}
