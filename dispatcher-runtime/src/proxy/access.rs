//! One request as the access log and the metrics see it: filled in as the
//! request goes, written once when it ends (or is dropped, for a client
//! that left early).

use std::sync::Arc;
use std::time::Instant;

use http::Method;

use crate::base_url::BaseUrl;
use crate::metrics::Metrics;

pub struct AccessRecord {
    method: Method,
    /// The request target; kept only when access lines are written.
    target: Option<Box<str>>,
    started: Instant,
    pub status: u16,
    pub upstream: Option<BaseUrl>,
    pub rule_line: Option<u32>,
    pub bytes: u64,
    pub aborted: Option<String>,
    metrics: Option<Arc<Metrics>>,
}

/// Whether access lines are written at all (`RUST_LOG` may turn them off).
fn logged() -> bool {
    tracing::enabled!(target: "dispatcher::access", tracing::Level::WARN)
}

impl AccessRecord {
    pub fn new(
        method: &Method,
        target: &str,
        started: Instant,
        metrics: Option<&Arc<Metrics>>,
    ) -> Self {
        AccessRecord {
            method: method.clone(),
            target: logged().then(|| Box::from(target)),
            started,
            status: 200,
            upstream: None,
            rule_line: None,
            bytes: 0,
            aborted: None,
            metrics: metrics.cloned(),
        }
    }

    /// Marks the response as cut short, keeping the first reason given.
    pub fn abort(&mut self, reason: impl Into<String>) {
        self.aborted.get_or_insert_with(|| reason.into());
    }
}

impl Drop for AccessRecord {
    fn drop(&mut self) {
        let elapsed = self.started.elapsed();
        // `scheme://host[:port]`, spelled out only when someone reads it.
        let upstream = match (&self.upstream, &self.target, &self.metrics) {
            (Some(upstream), Some(_), _) | (Some(upstream), _, Some(_)) => Some(upstream.origin()),
            _ => None,
        };
        if let Some(metrics) = &self.metrics {
            metrics.request(self.rule_line, self.status, upstream.as_deref(), elapsed);
        }
        let Some(target) = &self.target else { return };
        let duration_ms = elapsed.as_secs_f64() * 1000.0;
        let upstream = upstream.as_deref().unwrap_or("-");
        let rule = self
            .rule_line
            .map_or_else(|| "-".to_owned(), |line| line.to_string());
        macro_rules! access_line {
            ($level:ident $(, $($extra:tt)+)?) => {
                tracing::$level!(
                    target: "dispatcher::access",
                    $($($extra)+ ,)?
                    method = %self.method,
                    path = %target,
                    status = self.status,
                    upstream,
                    rule,
                    bytes = self.bytes,
                    duration_ms = format_args!("{duration_ms:.3}")
                )
            };
        }
        match &self.aborted {
            None => access_line!(info),
            Some(reason) => access_line!(warn, aborted = %reason),
        }
    }
}
