//! The access line: one per request, target `dispatcher::access`, level
//! INFO (WARN when the response was cut short), in the format tracing's fmt
//! layer gives it:
//!
//! ```text
//! 2026-11-23T10:00:00.123456Z  INFO dispatcher::access: method=GET path=/widgets/1 status=200 upstream="http://resource" rule="17" bytes=10 duration_ms=1.234
//! ```
//!
//! With a log writer installed for plain output, the line is formatted
//! here, by hand, into the thread's batch: no tracing event, no syscall and
//! no wake-up per request. Otherwise (colours on a terminal, or no writer,
//! as in tests) it is a tracing event.

use std::io::Write;
use std::time::SystemTime;

use tracing::Level;

use super::line;

/// The fields of one access line.
#[derive(Debug, Clone, Copy)]
pub struct AccessLine<'a> {
    pub method: &'a str,
    /// With the query.
    pub path: &'a str,
    pub status: u16,
    /// `scheme://host[:port]`, or `-` for answers of the dispatcher itself.
    pub upstream: &'a str,
    /// The rule's line in the rules file.
    pub rule: Option<u32>,
    /// Response body bytes sent.
    pub bytes: u64,
    pub duration_ms: f64,
    /// Why the response was cut short, when it was.
    pub aborted: Option<&'a str>,
}

pub const TARGET: &str = "dispatcher::access";

impl AccessLine<'_> {
    pub fn level(&self) -> Level {
        match self.aborted {
            None => Level::INFO,
            Some(_) => Level::WARN,
        }
    }

    /// Writes the line (whether the access target is enabled is the
    /// caller's to check, with `tracing::enabled!`).
    pub fn write(&self) {
        match super::plain_writer() {
            Some(writer) => writer.append_local(|out| self.format(out, SystemTime::now())),
            None => self.emit_event(),
        }
    }

    /// The line as tracing's fmt layer prints it without colours, newline
    /// included.
    pub fn format(&self, out: &mut Vec<u8>, now: SystemTime) {
        line::prefix(out, now, self.level(), TARGET);
        if let Some(reason) = self.aborted {
            let _ = write!(out, "aborted={reason} ");
        }
        let _ = write!(
            out,
            "method={} path={} status={} upstream={:?} rule=",
            self.method, self.path, self.status, self.upstream
        );
        match self.rule {
            Some(rule) => {
                let _ = write!(out, "\"{rule}\"");
            }
            None => out.extend_from_slice(b"\"-\""),
        }
        let _ = writeln!(
            out,
            " bytes={} duration_ms={:.3}",
            self.bytes, self.duration_ms
        );
    }

    /// The same line as a tracing event.
    fn emit_event(&self) {
        let rule = self
            .rule
            .map_or_else(|| "-".to_owned(), |line| line.to_string());
        let upstream = self.upstream;
        macro_rules! event {
            ($level:ident $(, $($extra:tt)+)?) => {
                tracing::$level!(
                    target: "dispatcher::access",
                    $($($extra)+ ,)?
                    method = %self.method,
                    path = %self.path,
                    status = self.status,
                    upstream,
                    rule,
                    bytes = self.bytes,
                    duration_ms = format_args!("{:.3}", self.duration_ms)
                )
            };
        }
        match self.aborted {
            None => event!(info),
            Some(reason) => event!(warn, aborted = %reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// What tracing's fmt layer, without colours, prints for `line`.
    fn through_tracing(line: &AccessLine<'_>) -> String {
        let captured = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&captured);
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || Capture(Arc::clone(&sink)))
            .finish();
        tracing::subscriber::with_default(subscriber, || line.emit_event());
        String::from_utf8(captured.lock().unwrap().clone()).unwrap()
    }

    struct Capture(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Capture {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_hand_made_line_is_the_line_tracing_prints() {
        for line in [
            AccessLine {
                method: "GET",
                path: "/widgets/1?page=2&x=%22",
                status: 200,
                upstream: "http://resource",
                rule: Some(17),
                bytes: 10,
                duration_ms: 1.23456,
                aborted: None,
            },
            AccessLine {
                method: "POST",
                path: "/",
                status: 502,
                upstream: "-",
                rule: None,
                bytes: 0,
                duration_ms: 1500.0,
                aborted: None,
            },
            AccessLine {
                method: "GET",
                path: "/download",
                status: 200,
                upstream: "https://files:8443",
                rule: Some(3),
                bytes: 1 << 40,
                duration_ms: 0.0004,
                aborted: Some("upstream body failed: error reading a body from connection"),
            },
        ] {
            let expected = through_tracing(&line);
            let mut ours = Vec::new();
            line.format(&mut ours, SystemTime::now());
            let ours = String::from_utf8(ours).unwrap();
            // The timestamps differ by when they were taken; their shape
            // is the same, and everything after them is identical.
            let (their_time, theirs) = expected.split_once(' ').unwrap();
            let (our_time, ours_rest) = ours.split_once(' ').unwrap();
            assert_eq!(ours_rest, theirs);
            assert_eq!(
                our_time.len(),
                their_time.len(),
                "{our_time} / {their_time}"
            );
            assert_eq!(&our_time[..4], &their_time[..4]);
            assert!(our_time.ends_with('Z') && their_time.ends_with('Z'));
        }
    }
}
