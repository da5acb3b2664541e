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

use std::fmt;
use std::time::{Duration, SystemTime};

use tracing::Level;

use super::line;
use crate::h1::write::push_decimal;

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
    /// Printed as `duration_ms`, in milliseconds to the microsecond.
    pub duration: Duration,
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
    /// included. Spelled out piece by piece rather than through
    /// `write!`: with access lines on, `core::fmt` was most of what a
    /// line cost (3,500 instructions of the 5,400 a logged request added).
    pub fn format(&self, out: &mut Vec<u8>, now: SystemTime) {
        line::prefix(out, now, self.level(), TARGET);
        if let Some(reason) = self.aborted {
            out.extend_from_slice(b"aborted=");
            out.extend_from_slice(reason.as_bytes());
            out.push(b' ');
        }
        out.extend_from_slice(b"method=");
        out.extend_from_slice(self.method.as_bytes());
        out.extend_from_slice(b" path=");
        out.extend_from_slice(self.path.as_bytes());
        out.extend_from_slice(b" status=");
        push_decimal(out, u64::from(self.status));
        out.extend_from_slice(b" upstream=");
        line::debug_str(out, self.upstream);
        out.extend_from_slice(b" rule=\"");
        match self.rule {
            Some(rule) => push_decimal(out, u64::from(rule)),
            None => out.push(b'-'),
        }
        out.extend_from_slice(b"\" bytes=");
        push_decimal(out, self.bytes);
        out.extend_from_slice(b" duration_ms=");
        Millis(self.duration).push(out);
        out.push(b'\n');
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
                    duration_ms = %Millis(self.duration)
                )
            };
        }
        match self.aborted {
            None => event!(info),
            Some(reason) => event!(warn, aborted = %reason),
        }
    }
}

/// A duration in milliseconds with three decimals (to the nearest
/// microsecond), as `{:.3}` prints the same milliseconds as a float.
struct Millis(Duration);

impl Millis {
    fn push(&self, out: &mut Vec<u8>) {
        let micros = (self.0.as_nanos() + 500) / 1000;
        let whole = u64::try_from(micros / 1000).unwrap_or(u64::MAX);
        push_decimal(out, whole);
        let thousandths = (micros % 1000) as u32;
        out.extend_from_slice(&[
            b'.',
            b'0' + (thousandths / 100) as u8,
            b'0' + (thousandths / 10 % 10) as u8,
            b'0' + (thousandths % 10) as u8,
        ]);
    }
}

/// For the tracing event: the same text as `push`.
impl fmt::Display for Millis {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = Vec::with_capacity(24);
        self.push(&mut text);
        formatter.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
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
                duration: Duration::from_nanos(1_234_560),
                aborted: None,
            },
            AccessLine {
                method: "POST",
                path: "/",
                status: 502,
                upstream: "-",
                rule: None,
                bytes: 0,
                duration: Duration::from_millis(1500),
                aborted: None,
            },
            AccessLine {
                method: "GET",
                path: "/download",
                status: 200,
                upstream: "https://files:8443",
                rule: Some(3),
                bytes: 1 << 40,
                duration: Duration::from_nanos(400),
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

    /// `duration_ms` reads as the float milliseconds printed with `{:.3}`
    /// (as the line was written before it was spelled out by hand), for
    /// durations from nanoseconds to days that are not a tie at the half
    /// microsecond, where the float's own rounding decides.
    #[test]
    fn durations_print_as_three_decimal_milliseconds() {
        let mut nanos: u64 = 1;
        while nanos < 200_000_000_000_000 {
            for nanos in [nanos, nanos + 499, nanos * 7 + 3] {
                if nanos % 1000 == 500 {
                    continue;
                }
                let duration = Duration::from_nanos(nanos);
                let expected = format!("{:.3}", duration.as_secs_f64() * 1000.0);
                let mut pushed = Vec::new();
                Millis(duration).push(&mut pushed);
                assert_eq!(String::from_utf8(pushed).unwrap(), expected, "{nanos} ns");
                assert_eq!(Millis(duration).to_string(), expected, "{nanos} ns");
            }
            nanos = nanos * 3 + 1;
        }
    }
}
