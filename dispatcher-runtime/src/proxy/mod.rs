//! Where a request is answered: limits are checked, the rules decide
//! (`Dispatcher::dispatch`), and the action is carried out: a direct
//! response, or a forward to an upstream ([`forward`]).

pub mod balancer;
mod body;
mod failure;
mod forward;
pub mod forwarded;
pub mod headers;
mod prefix;
mod reclaim;
mod stall;
mod tunnel;
pub mod upstream;
pub mod validity;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderValue};
use http::request::Parts;
use http::{Response, StatusCode, Version};
use hyper::body::Incoming;
use tokio_util::task::TaskTracker;

pub use body::{RequestRecord, ResponseBody};
pub use upstream::{TlsSetupError, Upstreams};

use crate::Dispatcher;
use crate::action::Action;
use crate::config::Config;
use crate::matching;
use crate::metrics::Metrics;
use crate::server::{Activity, InFlight};
use forwarded::Forwarded;

/// Everything a request needs that outlives it: the rules, the
/// configuration, the upstream clients and the tasks to wait for at shutdown.
pub struct Proxy {
    pub dispatcher: &'static Dispatcher,
    pub config: Config,
    pub upstreams: Upstreams,
    /// Present when `METRICS_LISTEN` is set.
    pub metrics: Option<Arc<Metrics>>,
    pub tasks: TaskTracker,
}

/// The client connection a request came in on.
#[derive(Clone)]
pub struct ClientConn {
    pub peer: SocketAddr,
    pub activity: Activity,
}

impl ClientConn {
    /// The public view of a request, trusting `TRUSTED_HOPS` proxies.
    fn forwarded(&self, parts: &Parts, headers: &HeaderMap, config: &Config) -> Forwarded {
        let authority = parts
            .uri
            .authority()
            .and_then(|authority| HeaderValue::from_str(authority.as_str()).ok());
        let host = authority.as_ref().or_else(|| headers.get(header::HOST));
        Forwarded::new(
            headers,
            self.peer.ip(),
            host,
            "http",
            config.trusted_hops,
            &config.path_prefix,
        )
    }
}

impl Proxy {
    pub fn new(dispatcher: &'static Dispatcher, config: Config) -> Result<Self, TlsSetupError> {
        let metrics = config.metrics_listen.map(|_| Arc::new(Metrics::default()));
        let upstreams = Upstreams::new(&config, metrics.clone())?;
        Ok(Proxy {
            dispatcher,
            config,
            upstreams,
            metrics,
            tasks: TaskTracker::new(),
        })
    }

    /// Answers one request.
    pub async fn handle(
        &self,
        client: &ClientConn,
        request: http::Request<Incoming>,
        in_flight: InFlight,
    ) -> Response<ResponseBody> {
        let started = Instant::now();
        let (parts, body) = request.into_parts();
        let target = parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path(), |pq| pq.as_str());
        let refusal = in_flight.refusal();
        let mut record = RequestRecord::new(
            &parts.method,
            target,
            started,
            in_flight,
            self.metrics.clone(),
        );
        tracing::debug!(
            target: "dispatcher::frontend",
            peer = %client.peer, method = %parts.method, uri = %parts.uri, version = ?parts.version, headers = ?parts.headers,
            "request"
        );

        if let Some(refusal) = refusal {
            return self.refuse(
                refusal.status(),
                &refusal.to_string(),
                parts.version,
                record,
            );
        }
        if let Err(invalid) =
            validity::check(parts.version, &parts.method, &parts.uri, &parts.headers)
        {
            return self.refuse(
                invalid.status(),
                &invalid.to_string(),
                parts.version,
                record,
            );
        }
        if target.len() > self.config.max_url_length {
            let message = format!(
                "the request target is {} bytes long; the limit is {} (MAX_URL_LENGTH)",
                target.len(),
                self.config.max_url_length
            );
            return self.plain(StatusCode::URI_TOO_LONG, &message, parts.version, record);
        }

        let Some(path) = prefix::strip(parts.uri.path(), &self.config.path_prefix) else {
            let message = format!(
                "{} is not under {}, the path prefix this dispatcher is mounted under (PATH_PREFIX)",
                parts.uri.path(),
                self.config.path_prefix
            );
            return self.plain(StatusCode::NOT_FOUND, &message, parts.version, record);
        };
        let dispatched = match matching::Request::new(&parts.method, &parts.uri, &parts.headers) {
            Ok(mut request) => {
                request.path = path;
                self.dispatcher.dispatch(&request)
            }
            Err(invalid) => {
                return self.plain(
                    StatusCode::BAD_REQUEST,
                    &invalid.to_string(),
                    parts.version,
                    record,
                );
            }
        };
        self.log_layers(dispatched.rule.map(|(_, layer)| layer));
        let (rule, action) = match (dispatched.rule, dispatched.action) {
            (Some((rule, _)), Some(action)) => (rule, action),
            _ => {
                let message = format!("no rule matched {} {}", parts.method, parts.uri.path());
                tracing::warn!(target: "dispatcher::layer_matching", method = %parts.method, path = %parts.uri.path(), "no rule matched");
                return self.plain(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &message,
                    parts.version,
                    record,
                );
            }
        };
        record.rule_line = Some(rule.line);
        match action {
            Action::Forward(forward) => {
                forward::forward(self, client, parts, body, forward, record).await
            }
            Action::Respond(respond) => {
                record.status = respond.status;
                let mut response = Response::new(ResponseBody::full(respond.body, record));
                *response.status_mut() = respond.status;
                let headers = response.headers_mut();
                // The answer depended on the Accept header, as a forward's would.
                headers::add_vary(headers);
                headers::add_from_rule(headers, &respond.headers);
                response
            }
            Action::Fail(error) => {
                tracing::error!(target: "dispatcher::rules", line = rule.line, error = %error.message, "rule failed");
                let message = format!("the rule on line {} failed: {}", rule.line, error.message);
                self.plain(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &message,
                    parts.version,
                    record,
                )
            }
        }
    }

    /// A failed forward: the status, and a body naming the upstream and the reason.
    fn error_response(
        &self,
        status: StatusCode,
        upstream: &str,
        reason: &str,
        record: RequestRecord,
    ) -> Response<ResponseBody> {
        tracing::warn!(target: "dispatcher::upstream", %upstream, status = status.as_u16(), %reason, "upstream failed");
        let message = format!("upstream {upstream}: {reason}");
        self.plain(status, &message, Version::HTTP_11, record)
    }

    /// A plain-text answer from the dispatcher itself.
    fn plain(
        &self,
        status: StatusCode,
        message: &str,
        version: Version,
        mut record: RequestRecord,
    ) -> Response<ResponseBody> {
        record.status = status;
        let reason = status.canonical_reason().unwrap_or("");
        let body = Bytes::from(format!("{} {reason}\n\n{message}\n", status.as_u16()));
        let mut response = Response::new(ResponseBody::full(body, record));
        *response.status_mut() = status;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        // A request the dispatcher refused may have left the connection in
        // an unknown state: close it (HTTP/1 only; HTTP/2 has no such header).
        if status == StatusCode::BAD_REQUEST && version < Version::HTTP_2 {
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }

    /// A request refused before dispatch: a plain answer, and the
    /// connection closes after it (HTTP/1), since what follows on it
    /// cannot be trusted to be a request.
    fn refuse(
        &self,
        status: StatusCode,
        message: &str,
        version: Version,
        record: RequestRecord,
    ) -> Response<ResponseBody> {
        let mut response = self.plain(status, message, version, record);
        if version < Version::HTTP_2 {
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
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
