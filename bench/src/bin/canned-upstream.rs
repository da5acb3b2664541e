//! The benchmarks' HTTP/1.1 upstream: answers `GET /assets/small.txt` (100
//! bytes) and `GET /assets/1m.bin` (1 MiB) from memory, with the response
//! heads nginx sends for the same files, and anything else with a 404.
//!
//! It does as little as an HTTP/1.1 server can: one thread, one `epoll`
//! (through mio), requests found by their blank line, answers written
//! from memory. The load generator and the upstream share one core in
//! bench/compare.sh, and the proxy under test must be what limits the
//! rate: the cheaper the upstream, the more of that core the load
//! generator has (docs/BENCHMARKS.md, "A cheaper upstream, and peers
//! taking turns").
//!
//! Requests must come without a body (the benchmarks send GETs); one that
//! announces a body gets a 400 and its connection is closed. Keep-alive
//! and pipelining as HTTP/1.1 has them; `Connection: close` is honoured.
//! Loopback only: it serves until killed.
//!
//! Usage: canned-upstream 127.0.0.1:19401

use std::collections::VecDeque;
use std::io::{self, IoSlice, Read, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};

const SMALL_PATH: &[u8] = b"/assets/small.txt";
const LARGE_PATH: &[u8] = b"/assets/1m.bin";
const LARGE_SIZE: usize = 1024 * 1024;
/// The longest request head read; a longer one gets a 431.
const MAX_HEAD: usize = 16 * 1024;
const LISTENER: Token = Token(usize::MAX);

/// What one connection still has to send: owned bytes (heads, small
/// bodies) and the large body, which is borrowed, never copied.
enum Out {
    Owned(Vec<u8>),
    Large,
}

struct Connection {
    stream: TcpStream,
    input: Vec<u8>,
    out: VecDeque<Out>,
    /// How much of `out`'s front is already written.
    written: usize,
    /// Close once `out` is empty.
    closing: bool,
}

/// The answers' bytes; the `Date` (and `Last-Modified`) move each second.
struct Answers {
    large: Vec<u8>,
    second: u64,
    small_head: Vec<u8>,
    large_head: Vec<u8>,
    not_found: Vec<u8>,
    bad: Vec<u8>,
    too_large: Vec<u8>,
    started: String,
}

impl Answers {
    fn new() -> Self {
        // Bytes that do not compress, as nginx's file from /dev/urandom.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let large = (0..LARGE_SIZE)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        let now = unix_seconds();
        let mut answers = Answers {
            large,
            second: 0,
            small_head: Vec::new(),
            large_head: Vec::new(),
            not_found: Vec::new(),
            bad: Vec::new(),
            too_large: Vec::new(),
            started: http_date(now),
        };
        answers.refresh(now);
        answers
    }

    /// Rebuilds the heads when the second has changed.
    fn refresh(&mut self, now: u64) {
        if now == self.second {
            return;
        }
        self.second = now;
        let date = http_date(now);
        let head = |status: &str, content_type: &str, length: usize, extra: &str| {
            format!(
                "HTTP/1.1 {status}\r\nServer: nginx/1.22.1\r\nDate: {date}\r\n\
                 Content-Type: {content_type}\r\nContent-Length: {length}\r\n\
                 {extra}Connection: keep-alive\r\n\r\n"
            )
            .into_bytes()
        };
        self.small_head = head("200 OK", "text/plain", 100, "");
        self.large_head = head(
            "200 OK",
            "text/plain",
            LARGE_SIZE,
            &format!(
                "Last-Modified: {}\r\nETag: \"1-100000\"\r\nAccept-Ranges: bytes\r\n",
                self.started
            ),
        );
        let page = |status: &str| {
            let body = format!(
                "<html><head><title>{status}</title></head><body>{status}</body></html>\r\n"
            );
            let mut bytes = head(status, "text/html", body.len(), "");
            bytes.extend_from_slice(body.as_bytes());
            bytes
        };
        self.not_found = page("404 Not Found");
        self.bad = page("400 Bad Request");
        self.too_large = page("431 Request Header Fields Too Large");
    }
}

fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

/// An IMF-fixdate (RFC 9110 §5.6.7).
fn http_date(seconds: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = seconds / 86_400;
    let time = seconds % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        time / 3_600,
        time % 3_600 / 60,
        time % 60
    )
}

/// What a complete request head asks for.
struct Asked {
    len: usize,
    path_small: bool,
    path_large: bool,
    head_only: bool,
    close: bool,
    has_body: bool,
}

/// The request head at the start of `input`, if it is complete.
fn next_request(input: &[u8]) -> Option<Asked> {
    let end = memchr::memmem::find(input, b"\r\n\r\n")? + 4;
    let head = &input[..end];
    let line_end = memchr::memchr(b'\r', head).unwrap_or(0);
    let mut words = head[..line_end].split(|&b| b == b' ');
    let method = words.next().unwrap_or_default();
    let path = words.next().unwrap_or_default();
    let mut asked = Asked {
        len: end,
        path_small: path == SMALL_PATH,
        path_large: path == LARGE_PATH,
        head_only: method == b"HEAD",
        close: head[..line_end].ends_with(b"HTTP/1.0"),
        has_body: false,
    };
    for line in head[line_end..].split(|&b| b == b'\n') {
        let Some(colon) = memchr::memchr(b':', line) else {
            continue;
        };
        let name = line[..colon].trim_ascii();
        let value = line[colon + 1..].trim_ascii();
        if name.eq_ignore_ascii_case(b"connection") {
            if value.eq_ignore_ascii_case(b"close") {
                asked.close = true;
            } else if value.eq_ignore_ascii_case(b"keep-alive") {
                asked.close = false;
            }
        } else if name.eq_ignore_ascii_case(b"transfer-encoding")
            || (name.eq_ignore_ascii_case(b"content-length") && value != b"0")
        {
            asked.has_body = true;
        }
    }
    Some(asked)
}

/// `answer` with `Connection: close` instead of `keep-alive`.
fn closing(answer: &[u8]) -> Vec<u8> {
    const KEEP: &[u8] = b"Connection: keep-alive\r\n";
    match memchr::memmem::find(answer, KEEP) {
        Some(at) => [
            &answer[..at],
            b"Connection: close\r\n",
            &answer[at + KEEP.len()..],
        ]
        .concat(),
        None => answer.to_vec(),
    }
}

impl Connection {
    /// Reads what has come and queues the answers; false: close now.
    fn read(&mut self, answers: &Answers) -> bool {
        let mut chunk = [0u8; 4096];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(0) => return false,
                Ok(n) => self.input.extend_from_slice(&chunk[..n]),
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return false,
            }
        }
        let mut used = 0;
        while !self.closing {
            let Some(asked) = next_request(&self.input[used..]) else {
                if self.input.len() - used > MAX_HEAD {
                    self.out.push_back(Out::Owned(closing(&answers.too_large)));
                    self.closing = true;
                }
                break;
            };
            used += asked.len;
            if asked.has_body {
                self.out.push_back(Out::Owned(closing(&answers.bad)));
                self.closing = true;
                break;
            }
            if asked.path_small {
                let mut bytes = Vec::with_capacity(answers.small_head.len() + 100);
                bytes.extend_from_slice(&answers.small_head);
                if !asked.head_only {
                    bytes.extend_from_slice(&[b'x'; 100]);
                }
                self.out.push_back(Out::Owned(bytes));
            } else if asked.path_large {
                self.out.push_back(Out::Owned(answers.large_head.clone()));
                if !asked.head_only {
                    self.out.push_back(Out::Large);
                }
            } else {
                self.out.push_back(Out::Owned(answers.not_found.clone()));
            }
            if asked.close {
                self.closing = true;
                if let Some(Out::Owned(bytes)) = self
                    .out
                    .iter_mut()
                    .rev()
                    .find(|o| matches!(o, Out::Owned(_)))
                {
                    *bytes = closing(bytes);
                }
            }
        }
        self.input.drain(..used);
        true
    }

    /// Writes what is queued until done or the socket is full; false:
    /// close now (done and closing, or the peer is gone).
    fn write(&mut self, answers: &Answers) -> bool {
        while let Some(front) = self.out.front() {
            let bytes: &[u8] = match front {
                Out::Owned(bytes) => bytes,
                Out::Large => &answers.large,
            };
            // The front and, when it is owned, the next owned one together.
            let rest = &bytes[self.written..];
            let result = match self.out.get(1) {
                Some(Out::Owned(next)) => self
                    .stream
                    .write_vectored(&[IoSlice::new(rest), IoSlice::new(next)]),
                _ => self.stream.write(rest),
            };
            match result {
                Ok(0) => return false,
                Ok(mut n) => {
                    while n > 0 {
                        let front_left = match self.out.front() {
                            Some(Out::Owned(bytes)) => bytes.len(),
                            Some(Out::Large) => answers.large.len(),
                            None => break,
                        } - self.written;
                        if n >= front_left {
                            n -= front_left;
                            self.written = 0;
                            self.out.pop_front();
                        } else {
                            self.written += n;
                            n = 0;
                        }
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => return true,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
        !self.closing
    }
}

fn main() -> io::Result<()> {
    let address = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| {
            eprintln!("usage: canned-upstream 127.0.0.1:PORT");
            std::process::exit(2)
        });
    let mut poll = Poll::new()?;
    let mut listener = TcpListener::bind(address)?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let mut answers = Answers::new();
    let mut connections: Vec<Option<Connection>> = Vec::new();
    let mut free: Vec<usize> = Vec::new();
    let mut events = Events::with_capacity(1024);
    loop {
        if let Err(error) = poll.poll(&mut events, Some(Duration::from_secs(1))) {
            if error.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return Err(error);
        }
        answers.refresh(unix_seconds());
        for event in &events {
            if event.token() == LISTENER {
                loop {
                    match listener.accept() {
                        Ok((mut stream, _)) => {
                            stream.set_nodelay(true)?;
                            let slot = free.pop().unwrap_or_else(|| {
                                connections.push(None);
                                connections.len() - 1
                            });
                            poll.registry().register(
                                &mut stream,
                                Token(slot),
                                Interest::READABLE | Interest::WRITABLE,
                            )?;
                            connections[slot] = Some(Connection {
                                stream,
                                input: Vec::with_capacity(1024),
                                out: VecDeque::new(),
                                written: 0,
                                closing: false,
                            });
                        }
                        Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                        // Out of descriptors and the like: try again later.
                        Err(_) => break,
                    }
                }
                continue;
            }
            let slot = event.token().0;
            let Some(connection) = connections.get_mut(slot).and_then(Option::as_mut) else {
                continue;
            };
            let mut open = true;
            if event.is_readable() || event.is_read_closed() {
                open = connection.read(&answers);
            }
            if open {
                open = connection.write(&answers);
            }
            if !open {
                if let Some(mut gone) = connections[slot].take() {
                    let _ = poll.registry().deregister(&mut gone.stream);
                }
                free.push(slot);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_imf_fixdates() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_796_290_098), "Thu, 03 Dec 2026 09:28:18 GMT");
        assert_eq!(http_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
    }

    #[test]
    fn requests_are_found_by_their_blank_line() {
        assert!(next_request(b"GET /assets/small.txt HTTP/1.1\r\nHost: a\r\n").is_none());
        let asked = next_request(b"GET /assets/small.txt HTTP/1.1\r\nHost: a\r\n\r\nGET").unwrap();
        assert_eq!(asked.len, 43);
        assert!(asked.path_small && !asked.close && !asked.has_body);
        let asked = next_request(b"GET /x HTTP/1.0\r\n\r\n").unwrap();
        assert!(!asked.path_small && !asked.path_large && asked.close);
        let asked =
            next_request(b"HEAD /assets/1m.bin HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
        assert!(asked.path_large && asked.head_only && asked.close);
        let asked = next_request(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc").unwrap();
        assert!(asked.has_body);
    }
}
