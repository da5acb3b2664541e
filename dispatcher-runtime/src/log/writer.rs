//! The log writer: one thread owns the sink (standard error) and does the
//! blocking writes; everything else hands it bytes without ever waiting
//! for the sink (docs/configuration.md, Logging).
//!
//! Bytes wait in a queue bounded in bytes. When it is full, what is handed
//! over is dropped and its lines counted; once the sink takes bytes again,
//! the writer writes one warning line saying how many were lost.
//!
//! Lines reach the queue two ways: [`LogWriter::submit`] (a tracing event,
//! a full batch), and per-thread batches ([`LogWriter::append_local`]):
//! access lines are appended to their thread's batch, handed over when it
//! holds [`BATCH_BYTES`], and otherwise collected by the writer thread every
//! [`TICK`]. So a request costs neither a syscall nor a cross-thread wake-up.

use std::cell::RefCell;
use std::io::{self, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant, SystemTime};

use super::line;

/// A thread's batch is handed over when it holds this much.
pub const BATCH_BYTES: usize = 16 * 1024;

/// How often the writer thread wakes to collect batches and queued bytes.
pub const TICK: Duration = Duration::from_millis(100);

/// The queue is handed to the writer early once it holds this share of
/// its capacity, so bursts do not wait for the tick.
const WAKE_AT: usize = 4;

/// A handle on a log writer; clones share it.
#[derive(Clone)]
pub struct LogWriter {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    /// Wakes the writer thread.
    work: Condvar,
    /// Wakes those waiting for a flush.
    flushed: Condvar,
    capacity: usize,
    dropped_total: AtomicU64,
    /// Every thread's batch, for the writer thread to collect.
    batches: Mutex<Vec<Weak<Mutex<Batch>>>>,
}

struct State {
    queue: Vec<u8>,
    /// Lines dropped since the last warning.
    dropped: u64,
    /// Flushes asked for, and done.
    flush_asked: u64,
    flush_done: u64,
}

/// Lines of one thread not yet handed over.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    lines: u64,
}

impl LogWriter {
    /// Starts the writer thread, which owns `sink`; `capacity` bounds the
    /// bytes waiting for it.
    pub fn spawn(sink: impl Write + Send + 'static, capacity: usize) -> io::Result<LogWriter> {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                queue: Vec::new(),
                dropped: 0,
                flush_asked: 0,
                flush_done: 0,
            }),
            work: Condvar::new(),
            flushed: Condvar::new(),
            capacity,
            dropped_total: AtomicU64::new(0),
            batches: Mutex::new(Vec::new()),
        });
        let writer = Arc::downgrade(&shared);
        std::thread::Builder::new()
            .name("log-writer".to_owned())
            .spawn(move || write_loop(&writer, sink))?;
        Ok(LogWriter { shared })
    }

    /// Hands over `bytes`, `lines` complete lines, without waiting: they
    /// are queued, or dropped and counted when the queue is full. Returns
    /// whether they were queued.
    pub fn submit(&self, bytes: &[u8], lines: u64) -> bool {
        let shared = &self.shared;
        let mut state = lock(&shared.state);
        if state.queue.len() + bytes.len() > shared.capacity {
            state.dropped += lines;
            shared.dropped_total.fetch_add(lines, Ordering::Relaxed);
            return false;
        }
        let before = state.queue.len();
        state.queue.extend_from_slice(bytes);
        let threshold = shared.capacity / WAKE_AT;
        if before < threshold && state.queue.len() >= threshold {
            shared.work.notify_one();
        }
        true
    }

    /// Appends one line, written by `format`, to this thread's batch; the
    /// batch is handed over once it holds [`BATCH_BYTES`].
    pub fn append_local(&self, format: impl FnOnce(&mut Vec<u8>)) {
        let mut format = Some(format);
        let batched = LOCAL.try_with(|local| {
            let Ok(mut local) = local.try_borrow_mut() else {
                return false;
            };
            let batch = local.batch_for(self);
            let mut batch = lock(&batch);
            if let Some(format) = format.take() {
                format(&mut batch.bytes);
            }
            batch.lines += 1;
            if batch.bytes.len() >= BATCH_BYTES {
                let lines = std::mem::take(&mut batch.lines);
                self.submit(&batch.bytes, lines);
                batch.bytes.clear();
            }
            true
        });
        // A thread whose locals are being destroyed: hand the line over
        // directly.
        if batched != Ok(true)
            && let Some(format) = format.take()
        {
            let mut line = Vec::new();
            format(&mut line);
            self.submit(&line, 1);
        }
    }

    /// Lines dropped since the writer started.
    pub fn dropped_lines(&self) -> u64 {
        self.shared.dropped_total.load(Ordering::Relaxed)
    }

    /// Waits until everything handed over before the call, every thread's
    /// batch included, has been written, for at most `timeout`. Returns
    /// whether it was.
    pub fn flush(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let shared = &self.shared;
        let mut state = lock(&shared.state);
        state.flush_asked += 1;
        let asked = state.flush_asked;
        shared.work.notify_one();
        while state.flush_done < asked {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = shared
                .flushed
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        true
    }
}

/// The writer thread: collects, writes, reports drops; ends when the last
/// handle is gone.
fn write_loop(shared: &Weak<Shared>, mut sink: impl Write) {
    let mut taken = Vec::new();
    let mut collected = Vec::new();
    loop {
        let Some(shared) = shared.upgrade() else {
            return;
        };
        let (dropped, flush) = {
            let mut state = lock(&shared.state);
            if state.queue.is_empty() && state.flush_done == state.flush_asked {
                state = shared
                    .work
                    .wait_timeout(state, TICK)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
            std::mem::swap(&mut state.queue, &mut taken);
            (std::mem::take(&mut state.dropped), state.flush_asked)
        };
        collect_batches(&shared, &mut collected);
        // Blocks while the reader of the sink is behind: nobody waits on
        // this but the writer thread.
        write_all(&mut sink, &taken);
        write_all(&mut sink, &collected);
        if dropped > 0 {
            let mut warning = Vec::new();
            line::prefix(
                &mut warning,
                SystemTime::now(),
                tracing::Level::WARN,
                "dispatcher::log",
            );
            let _ = writeln!(
                warning,
                "standard error was not read in time; log lines were dropped dropped_lines={dropped}"
            );
            write_all(&mut sink, &warning);
        }
        let _ = sink.flush();
        taken.clear();
        collected.clear();
        let mut state = lock(&shared.state);
        if state.flush_done < flush {
            state.flush_done = flush;
            shared.flushed.notify_all();
        }
    }
}

/// Moves every thread's batch into `into`, forgetting threads that ended.
fn collect_batches(shared: &Shared, into: &mut Vec<u8>) {
    let mut batches = lock(&shared.batches);
    batches.retain(|batch| {
        let Some(batch) = batch.upgrade() else {
            return false;
        };
        let mut batch = lock(&batch);
        into.extend_from_slice(&batch.bytes);
        batch.bytes.clear();
        batch.lines = 0;
        true
    });
}

/// Writes what it can; a sink that fails (closed) loses the bytes rather
/// than stopping the writer.
fn write_all(sink: &mut impl Write, bytes: &[u8]) {
    if !bytes.is_empty() {
        let _ = sink.write_all(bytes);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

thread_local! {
    static LOCAL: RefCell<LocalBatches> = const { RefCell::new(LocalBatches(Vec::new())) };
}

/// This thread's batch for each writer it wrote to (in practice one).
struct LocalBatches(Vec<(Weak<Shared>, Arc<Mutex<Batch>>)>);

impl LocalBatches {
    fn batch_for(&mut self, writer: &LogWriter) -> Arc<Mutex<Batch>> {
        let target = Arc::as_ptr(&writer.shared);
        if let Some((_, batch)) = self.0.iter().find(|(w, _)| w.as_ptr() == target) {
            return Arc::clone(batch);
        }
        let batch = Arc::new(Mutex::new(Batch::default()));
        lock(&writer.shared.batches).push(Arc::downgrade(&batch));
        self.0
            .push((Arc::downgrade(&writer.shared), Arc::clone(&batch)));
        batch
    }
}

impl Drop for LocalBatches {
    /// A thread that ends hands over what it still holds.
    fn drop(&mut self) {
        for (writer, batch) in self.0.drain(..) {
            let (Some(shared), Ok(mut batch)) = (writer.upgrade(), batch.lock()) else {
                continue;
            };
            if !batch.bytes.is_empty() {
                let lines = std::mem::take(&mut batch.lines);
                LogWriter { shared }.submit(&batch.bytes, lines);
                batch.bytes.clear();
            }
        }
    }
}

/// Each tracing event goes to the writer as one submission.
impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = EventWriter<'a>;

    fn make_writer(&'a self) -> EventWriter<'a> {
        EventWriter { writer: self }
    }
}

/// Writes one tracing event (the fmt layer writes each in one call).
pub struct EventWriter<'a> {
    writer: &'a LogWriter,
}

impl Write for EventWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let lines = bytes.iter().filter(|&&b| b == b'\n').count().max(1) as u64;
        self.writer.submit(bytes, lines);
        // Dropped or not, the bytes are taken: the caller never waits.
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sink that blocks until released, then records everything.
    #[derive(Clone)]
    struct GatedSink {
        open: Arc<(Mutex<bool>, Condvar)>,
        written: Arc<Mutex<Vec<u8>>>,
    }

    impl GatedSink {
        fn new() -> Self {
            GatedSink {
                open: Arc::new((Mutex::new(false), Condvar::new())),
                written: Arc::default(),
            }
        }

        fn release(&self) {
            *self.open.0.lock().unwrap() = true;
            self.open.1.notify_all();
        }

        fn text(&self) -> String {
            String::from_utf8(self.written.lock().unwrap().clone()).unwrap()
        }
    }

    impl Write for GatedSink {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            let mut open = self.open.0.lock().unwrap();
            while !*open {
                open = self.open.1.wait(open).unwrap();
            }
            self.written.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_full_buffer_drops_and_counts_lines_and_the_writer_reports_them_once_the_sink_is_back() {
        let sink = GatedSink::new();
        let writer = LogWriter::spawn(sink.clone(), 100).unwrap();
        // The writer thread takes the first line and blocks writing it.
        assert!(writer.submit(b"first\n", 1));
        assert!(
            !writer.flush(Duration::from_millis(300)),
            "the sink is stalled"
        );
        // 100 bytes fit in the queue; the rest is dropped, never waited for.
        let started = Instant::now();
        let mut queued = 0;
        for index in 0..50 {
            if writer.submit(format!("line {index:02}\n").as_bytes(), 1) {
                queued += 1;
            }
        }
        assert!(started.elapsed() < Duration::from_millis(100));
        assert_eq!(queued, 12, "100 bytes of 8-byte lines");
        assert_eq!(writer.dropped_lines(), 38);
        sink.release();
        assert!(writer.flush(Duration::from_secs(5)));
        let text = sink.text();
        assert!(text.starts_with("first\nline 00\n"), "{text}");
        assert!(
            text.contains("line 11\n") && !text.contains("line 12\n"),
            "{text}"
        );
        let warnings: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("dispatcher::log"))
            .collect();
        assert_eq!(warnings.len(), 1, "{text}");
        assert!(warnings[0].contains(" WARN dispatcher::log: "), "{text}");
        assert!(warnings[0].ends_with("dropped_lines=38"), "{text}");
        // Later lines pass again, and no second warning is written.
        assert!(writer.submit(b"after\n", 1));
        assert!(writer.flush(Duration::from_secs(5)));
        let text = sink.text();
        assert!(text.ends_with("after\n"), "{text}");
        assert_eq!(text.matches("dispatcher::log").count(), 1);
    }

    #[test]
    fn thread_batches_are_collected_by_the_writer_and_handed_over_when_full() {
        let sink = GatedSink::new();
        sink.release();
        let writer = LogWriter::spawn(sink.clone(), 1 << 20).unwrap();
        writer.append_local(|bytes| bytes.extend_from_slice(b"held in the batch\n"));
        // Collected at the next tick, without a flush.
        let deadline = Instant::now() + Duration::from_secs(5);
        while !sink.text().contains("held in the batch") {
            assert!(Instant::now() < deadline, "collected within a tick");
            std::thread::sleep(Duration::from_millis(10));
        }
        // A thread that ends hands its batch over; a full batch is handed
        // over at once.
        let other = writer.clone();
        // Joined, not merely done: the batch is handed over as the thread
        // ends (its thread-locals dropped), which a flush asked for before
        // that could not see.
        std::thread::spawn(move || {
            for _ in 0..(BATCH_BYTES / 8 + 1) {
                other.append_local(|bytes| bytes.extend_from_slice(b"1234567\n"));
            }
            other.append_local(|bytes| bytes.extend_from_slice(b"last of the thread\n"));
        })
        .join()
        .unwrap();
        assert!(writer.flush(Duration::from_secs(5)));
        let text = sink.text();
        assert_eq!(text.matches("1234567\n").count(), BATCH_BYTES / 8 + 1);
        assert!(text.contains("last of the thread"), "{text}");
        assert_eq!(writer.dropped_lines(), 0);
    }
}
