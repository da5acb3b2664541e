//! Prometheus metrics (docs/design/behaviour.md §5.4), served in the text
//! exposition format on a separate admin listener when `METRICS_LISTEN` is set.
//! When it is not, no `Metrics` exists and nothing is recorded.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tokio::net::TcpListener;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    /// The rule's line in dispatcher.rs, or `-` when none matched.
    rule: String,
    status: u16,
    /// `scheme://host[:port]` of the upstream, or `-` for direct answers.
    upstream: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RuleLabels {
    rule: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct UpstreamErrorLabels {
    upstream: String,
    kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AddressLabels {
    address: String,
}

type HistogramFamily = Family<RuleLabels, Histogram, fn() -> Histogram>;

/// Every metric the dispatcher keeps.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: HistogramFamily,
    open_connections: Gauge,
    upstream_errors: Family<UpstreamErrorLabels, Counter>,
    upstream_connections: Family<AddressLabels, Gauge>,
}

fn duration_histogram() -> Histogram {
    // 0.5 ms to about 33 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 17))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("dispatcher");
        let requests = Family::<RequestLabels, Counter>::default();
        let durations: HistogramFamily = Family::new_with_constructor(duration_histogram);
        let open_connections = Gauge::default();
        let upstream_errors = Family::<UpstreamErrorLabels, Counter>::default();
        let upstream_connections = Family::<AddressLabels, Gauge>::default();
        registry.register(
            "requests",
            "Requests answered, by rule (its line), status and upstream",
            requests.clone(),
        );
        registry.register(
            "request_duration_seconds",
            "Time from the request head to the end of the response body, by rule",
            durations.clone(),
        );
        registry.register(
            "open_connections",
            "Client connections open",
            open_connections.clone(),
        );
        registry.register(
            "upstream_errors",
            "Failed attempts to get a response from an upstream, by kind",
            upstream_errors.clone(),
        );
        registry.register_collector(Box::new(LogDrops));
        registry.register(
            "upstream_connections",
            "Connections open to each upstream address (the keep-alive pool and those in use)",
            upstream_connections.clone(),
        );
        Metrics {
            registry,
            requests,
            durations,
            open_connections,
            upstream_errors,
            upstream_connections,
        }
    }
}

impl Metrics {
    /// One request answered.
    pub fn request(
        &self,
        rule: Option<u32>,
        status: u16,
        upstream: Option<&str>,
        duration: Duration,
    ) {
        let rule = rule.map_or_else(|| "-".to_owned(), |line| line.to_string());
        self.requests
            .get_or_create(&RequestLabels {
                rule: rule.clone(),
                status,
                upstream: upstream.unwrap_or("-").to_owned(),
            })
            .inc();
        self.durations
            .get_or_create(&RuleLabels { rule })
            .observe(duration.as_secs_f64());
    }

    /// A client connection opened; it counts until the guard is dropped.
    pub fn connection_opened(self: &Arc<Self>) -> OpenGuard {
        self.open_connections.inc();
        OpenGuard {
            gauge: self.open_connections.clone(),
        }
    }

    /// An attempt to reach `upstream` failed with `kind` (refused, timeout, …).
    pub fn upstream_error(&self, upstream: &str, kind: &str) {
        self.upstream_errors
            .get_or_create(&UpstreamErrorLabels {
                upstream: upstream.to_owned(),
                kind: kind.to_owned(),
            })
            .inc();
    }

    /// A connection to an upstream address opened; it counts until the guard is dropped.
    pub fn upstream_connection(&self, address: SocketAddr) -> OpenGuard {
        let gauge = self
            .upstream_connections
            .get_or_create_owned(&AddressLabels {
                address: address.to_string(),
            });
        gauge.inc();
        OpenGuard { gauge }
    }

    /// The text exposition format.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        if prometheus_client::encoding::text::encode(&mut text, &self.registry).is_err() {
            text.clear();
        }
        text
    }
}

/// `dispatcher_log_lines_dropped_total`, read from the log writer at each
/// scrape: lines dropped because standard error was not read in time.
#[derive(Debug)]
struct LogDrops;

impl Collector for LogDrops {
    fn encode(&self, mut encoder: DescriptorEncoder) -> std::fmt::Result {
        let counter = ConstCounter::new(crate::log::dropped_lines());
        let metric = encoder.encode_descriptor(
            "log_lines_dropped",
            "Log lines dropped because standard error was not read in time",
            None,
            counter.metric_type(),
        )?;
        counter.encode(metric)
    }
}

/// Decrements its gauge when dropped.
pub struct OpenGuard {
    gauge: Gauge,
}

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.gauge.dec();
    }
}

/// Serves `GET /metrics` on `listener` until the process ends.
pub async fn serve_admin(metrics: Arc<Metrics>, listener: TcpListener) {
    if let Ok(address) = listener.local_addr() {
        tracing::info!(target: "dispatcher::server", %address, "metrics at /metrics");
    }
    while let Ok((stream, _)) = listener.accept().await {
        let metrics = Arc::clone(&metrics);
        tokio::spawn(async move {
            let service = service_fn(move |request: Request<Incoming>| {
                let metrics = Arc::clone(&metrics);
                async move { Ok::<_, Infallible>(admin_answer(&metrics, &request)) }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

fn admin_answer(metrics: &Metrics, request: &Request<Incoming>) -> Response<Full<Bytes>> {
    let (status, content_type, body) = match (request.method(), request.uri().path()) {
        (&Method::GET, "/metrics") => (
            StatusCode::OK,
            "text/plain; version=0.0.4; charset=utf-8",
            metrics.encode(),
        ),
        _ => (
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "try GET /metrics\n".to_owned(),
        ),
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(content_type),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_values_appear_in_the_exposition() {
        let metrics = Arc::new(Metrics::default());
        metrics.request(
            Some(12),
            200,
            Some("http://resource"),
            Duration::from_millis(3),
        );
        metrics.request(None, 500, None, Duration::from_millis(1));
        metrics.upstream_error("http://resource", "refused");
        let open = metrics.connection_opened();
        let pooled = metrics.upstream_connection("127.0.0.1:8081".parse().unwrap());
        let text = metrics.encode();
        assert!(
            text.contains(
                r#"dispatcher_requests_total{rule="12",status="200",upstream="http://resource"} 1"#
            ),
            "{text}"
        );
        assert!(
            text.contains(r#"dispatcher_requests_total{rule="-",status="500",upstream="-"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(r#"dispatcher_request_duration_seconds_count{rule="12"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(
                r#"dispatcher_upstream_errors_total{upstream="http://resource",kind="refused"} 1"#
            ),
            "{text}"
        );
        assert!(text.contains("dispatcher_open_connections 1"), "{text}");
        assert!(
            text.contains("# TYPE dispatcher_log_lines_dropped counter")
                && text.contains("dispatcher_log_lines_dropped_total 0"),
            "{text}"
        );
        assert!(
            text.contains(r#"dispatcher_upstream_connections{address="127.0.0.1:8081"} 1"#),
            "{text}"
        );
        drop((open, pooled));
        let text = metrics.encode();
        assert!(text.contains("dispatcher_open_connections 0"), "{text}");
        assert!(
            text.contains(r#"dispatcher_upstream_connections{address="127.0.0.1:8081"} 0"#),
            "{text}"
        );
    }
}
