//! Logging that never blocks serving (docs/configuration.md, Logging).
//!
//! One thread owns standard error and does the blocking writes
//! ([`LogWriter`]); tracing events reach it through the writer's
//! `MakeWriter`, and access lines through per-thread batches
//! ([`AccessLine::write`]). When the reader of standard error falls behind
//! and the bounded buffer is full, lines are dropped and counted
//! (`dispatcher_log_lines_dropped_total`), never waited for; once the
//! reader is back, one warning line says how many were lost.
//!
//! `serve` installs the process's writer ([`install`]) and flushes it at
//! exit ([`flush`]).

mod access;
mod line;
mod writer;

use std::sync::OnceLock;
use std::time::Duration;

pub use access::AccessLine;
pub use writer::{BATCH_BYTES, EventWriter, LogWriter, TICK};

/// Bytes waiting for standard error at most: about 5,000 access lines,
/// a few seconds of a busy dispatcher's log.
pub const CAPACITY: usize = 1 << 20;

struct Installed {
    writer: LogWriter,
    /// No ANSI colours: access lines may be formatted by hand.
    plain: bool,
}

static INSTALLED: OnceLock<Installed> = OnceLock::new();

/// Makes `writer` the process's log writer; `plain` when its lines carry
/// no colours. Returns false when one was installed already.
pub fn install(writer: LogWriter, plain: bool) -> bool {
    INSTALLED.set(Installed { writer, plain }).is_ok()
}

/// The process's log writer, if one was installed.
pub fn installed() -> Option<&'static LogWriter> {
    INSTALLED.get().map(|installed| &installed.writer)
}

/// The writer, when access lines may be written to it by hand.
fn plain_writer() -> Option<&'static LogWriter> {
    INSTALLED
        .get()
        .filter(|installed| installed.plain)
        .map(|installed| &installed.writer)
}

/// Log lines dropped so far because standard error was not read in time.
pub fn dropped_lines() -> u64 {
    installed().map_or(0, LogWriter::dropped_lines)
}

/// Writes out what is waiting, for at most `timeout`; for the end of the
/// process, so the last lines are not lost when the reader is alive.
pub fn flush(timeout: Duration) -> bool {
    installed().is_none_or(|writer| writer.flush(timeout))
}
