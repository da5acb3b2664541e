//! The HTTP/1.1 codec: request and response heads, body framing and head
//! serialization, as pure functions over byte buffers (RFC 9112). Nothing
//! here does I/O: the server (`server::h1`) and the upstream client
//! (`proxy::upstream`) read and write the sockets and call these.
//!
//! Parsing is strict where RFC 9112 says a recipient MUST or SHOULD refuse
//! (see docs/RELIABILITY.md for the checklist): a message that two readers
//! could frame differently is an error, never a guess.

pub mod body;
pub mod chunked;
pub mod date;
pub mod fields;
pub mod request;
pub mod response;
pub mod write;

pub use body::{BodyDecoder, Decoded, FramingError};
pub use request::{HeadError, RequestFraming, RequestHead};
pub use response::{ResponseError, ResponseFraming, ResponseHead};

/// The most header fields a head may have (as hyper's default).
pub const MAX_HEADERS: usize = 100;

/// Room for a head's fields, parsed in place: left uninitialised (3.2 KB
/// that nobody needs zeroed, on the stack of whatever parses a head).
pub type FieldSlots<'a> = [std::mem::MaybeUninit<httparse::Header<'a>>; MAX_HEADERS];

/// Empty [`FieldSlots`].
pub fn field_slots<'a>() -> FieldSlots<'a> {
    [const { std::mem::MaybeUninit::uninit() }; MAX_HEADERS]
}

/// Where the blank line that ends a head ends in `buffer` (CRLF CRLF, or
/// the bare LFs RFC 9112 §2.2 lets a recipient accept). A cheap scan, so
/// that a head is parsed once, when it is all there.
///
/// Empty lines before the request line are no head's end: a server SHOULD
/// skip them (RFC 9112 §2.2), as `httparse` does. Taken for one, they made
/// a request whose line came in a later read a 400.
pub fn head_end(buffer: &[u8]) -> Option<usize> {
    let mut start = 0;
    loop {
        match buffer.get(start..)? {
            [b'\n', ..] => start += 1,
            [b'\r', b'\n', ..] => start += 2,
            // A CR not yet followed by its LF.
            [b'\r'] => return None,
            _ => break,
        }
    }
    memchr::memchr_iter(b'\n', &buffer[start..]).find_map(|at| {
        let at = start + at;
        match buffer.get(at + 1) {
            Some(b'\n') => Some(at + 2),
            Some(b'\r') if buffer.get(at + 2) == Some(&b'\n') => Some(at + 3),
            _ => None,
        }
    })
}

pub fn has_head_end(buffer: &[u8]) -> bool {
    head_end(buffer).is_some()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_head_ends_at_its_blank_line() {
        assert!(super::has_head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
        assert!(super::has_head_end(b"GET / HTTP/1.1\nHost: a\n\nbody"));
        assert!(!super::has_head_end(b"GET / HTTP/1.1\r\nHost: a\r\n"));
        assert!(!super::has_head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r"));
        assert_eq!(super::head_end(b"GET / HTTP/1.1\r\n\r\nbody"), Some(18));
        assert_eq!(super::head_end(b"GET / HTTP/1.1\n\nbody"), Some(16));
    }

    #[test]
    fn empty_lines_before_the_request_line_are_no_head() {
        for partial in [
            &b"\r\n\r\n"[..],
            b"\n\n",
            b"\r\n\r",
            b"\r\n\r\nGET / HTTP/1.1\r\n",
        ] {
            assert_eq!(super::head_end(partial), None, "{partial:?}");
        }
        let head = b"\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\nnext";
        assert_eq!(super::head_end(head), Some(head.len() - 4));
        // A CR that is not a line end is the request's business (a 400).
        assert_eq!(super::head_end(b"\rX\n\n"), Some(4));
    }
}
