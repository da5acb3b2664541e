//! Writing heads and chunk framing into byte buffers.

/// `HTTP/1.1 CODE REASON\r\n`.
pub fn status_line(out: &mut Vec<u8>, code: u16, reason: &str) {
    out.extend_from_slice(b"HTTP/1.1 ");
    push_decimal(out, u64::from(code));
    out.push(b' ');
    out.extend_from_slice(reason.as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// `name: value\r\n`.
pub fn header(out: &mut Vec<u8>, name: &[u8], value: &[u8]) {
    // Heads are written a field at a time, twenty or so per request: one
    // capacity check and one length update for the four pieces, not one
    // of each per piece (`extend_from_slice` cannot know the `reserve`
    // before it made room).
    let len = name.len() + value.len() + 4;
    out.reserve(len);
    let spare = &mut out.spare_capacity_mut()[..len];
    let (name_at, rest) = spare.split_at_mut(name.len());
    name_at.write_copy_of_slice(name);
    let (separator, rest) = rest.split_at_mut(2);
    separator.write_copy_of_slice(b": ");
    let (value_at, end) = rest.split_at_mut(value.len());
    value_at.write_copy_of_slice(value);
    end.write_copy_of_slice(b"\r\n");
    // SAFETY: the `len` bytes after the initialized ones were all written
    // just above, and `reserve` made room for them.
    unsafe { out.set_len(out.len() + len) };
}

/// `content-length: N\r\n`.
pub fn content_length(out: &mut Vec<u8>, length: u64) {
    out.extend_from_slice(b"content-length: ");
    push_decimal(out, length);
    out.extend_from_slice(b"\r\n");
}

pub fn push_decimal(out: &mut Vec<u8>, value: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
}

/// The line that opens a chunk of `length` bytes: `HEX\r\n`.
pub fn chunk_header(length: usize) -> ([u8; 18], usize) {
    let mut line = [0u8; 18];
    let mut hex = [0u8; 16];
    let mut at = hex.len();
    let mut value = length;
    loop {
        at -= 1;
        hex[at] = b"0123456789abcdef"[value & 0xf];
        value >>= 4;
        if value == 0 {
            break;
        }
    }
    let digits = hex.len() - at;
    line[..digits].copy_from_slice(&hex[at..]);
    line[digits..digits + 2].copy_from_slice(b"\r\n");
    (line, digits + 2)
}

/// The last chunk and an empty trailer section.
pub const LAST_CHUNK: &[u8] = b"0\r\n\r\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_and_chunk_lines_are_spelled_right() {
        let mut out = Vec::new();
        status_line(&mut out, 404, "Not Found");
        header(&mut out, b"vary", b"accept, cookie");
        content_length(&mut out, 1234567890);
        assert_eq!(
            out,
            b"HTTP/1.1 404 Not Found\r\nvary: accept, cookie\r\ncontent-length: 1234567890\r\n"
        );
        let (line, len) = chunk_header(0x1f00);
        assert_eq!(&line[..len], b"1f00\r\n");
        let (line, len) = chunk_header(0);
        assert_eq!(&line[..len], b"0\r\n");
        let (line, len) = chunk_header(usize::MAX);
        assert_eq!(&line[..len], b"ffffffffffffffff\r\n");
    }
}
