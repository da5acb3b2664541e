//! One request as the access log and the metrics see it: filled in as the
//! request goes, written once when it ends (or is dropped, for a client
//! that left early), through the log writer that never blocks serving
//! (`crate::log`).

use std::sync::Arc;
use std::time::Instant;

use http::Method;

use crate::base_url::BaseUrl;
use crate::metrics::Metrics;

pub struct AccessRecord {
    method: Method,
    /// The request target; kept only when access lines are written.
    target: Option<Box<str>>,
    /// Lines of answered requests are written (INFO); lines of aborted
    /// ones are written whenever `target` is kept (WARN).
    info: bool,
    /// When the request began; read only where a line or the metrics
    /// need its duration (no clock read per request otherwise).
    started: Option<Instant>,
    pub status: u16,
    pub upstream: Option<BaseUrl>,
    pub rule_line: Option<u32>,
    pub bytes: u64,
    pub aborted: Option<String>,
    metrics: Option<Arc<Metrics>>,
}

impl AccessRecord {
    /// A record of a request beginning now.
    pub fn new(method: &Method, target: &str, metrics: Option<&Arc<Metrics>>) -> Self {
        // `RUST_LOG` may turn access lines off, or keep only the aborted ones.
        let warn = tracing::enabled!(target: "dispatcher::access", tracing::Level::WARN);
        let info = warn && tracing::enabled!(target: "dispatcher::access", tracing::Level::INFO);
        AccessRecord {
            method: method.clone(),
            target: warn.then(|| Box::from(target)),
            info,
            started: (warn || metrics.is_some()).then(Instant::now),
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
        let logged = self.target.is_some() && (self.info || self.aborted.is_some());
        if !logged && self.metrics.is_none() {
            return;
        }
        let elapsed = self
            .started
            .map(|started| started.elapsed())
            .unwrap_or_default();
        // `scheme://host[:port]`, spelled out only when someone reads it.
        let upstream = self.upstream.as_ref().map(BaseUrl::origin);
        if let Some(metrics) = &self.metrics {
            metrics.request(self.rule_line, self.status, upstream.as_deref(), elapsed);
        }
        let (true, Some(target)) = (logged, &self.target) else {
            return;
        };
        crate::log::AccessLine {
            method: self.method.as_str(),
            path: target,
            status: self.status,
            upstream: upstream.as_deref().unwrap_or("-"),
            rule: self.rule_line,
            bytes: self.bytes,
            duration: elapsed,
            aborted: self.aborted.as_deref(),
        }
        .write();
    }
}
