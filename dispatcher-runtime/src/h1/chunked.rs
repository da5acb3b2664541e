//! The chunked transfer coding (RFC 9112 §7.1), read strictly:
//!
//! ```text
//! chunked-body = *chunk last-chunk trailer-section CRLF
//! chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//! chunk-size   = 1*HEXDIG
//! chunk-ext    = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
//! ```
//!
//! Anything else is an error: whitespace after the size that does not lead
//! to a `;` (`5 \r\n`), a sign or `0x`, more than 16 hex digits, a bare LF,
//! data longer than its size. Extensions are checked and dropped; trailer
//! fields are checked and dropped (they are not forwarded).
//!
//! The decoder works in place: the data bytes of a buffer are moved to its
//! front, over the framing, so that they can be written on in one piece.

use std::fmt;

/// The longest chunk-size line (size and extensions) or trailer line read.
const MAX_LINE: usize = 4096;
/// The most trailer bytes read after the last chunk.
const MAX_TRAILERS: usize = 16 * 1024;

/// Why a chunked body is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkError {
    Size,
    Extension,
    LineTooLong,
    MissingCrlf,
    Trailer,
}

impl fmt::Display for ChunkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChunkError::Size => "invalid chunk size",
            ChunkError::Extension => "invalid chunk extension",
            ChunkError::LineTooLong => "chunk size line or trailer too long",
            ChunkError::MissingCrlf => "chunk data not followed by CRLF",
            ChunkError::Trailer => "invalid trailer section",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a chunk-size line.
    SizeLine,
    /// Inside chunk data, this many bytes to go.
    Data(u64),
    /// After chunk data: CRLF expected (how much of it seen).
    DataEnd {
        cr_seen: bool,
    },
    /// After the last chunk: trailer lines, then an empty line.
    Trailers {
        read: usize,
    },
    Done,
}

/// One chunked body being decoded.
#[derive(Debug, Clone)]
pub struct ChunkedDecoder {
    state: State,
}

impl Default for ChunkedDecoder {
    fn default() -> Self {
        ChunkedDecoder {
            state: State::SizeLine,
        }
    }
}

/// What one call to [`ChunkedDecoder::decode`] did with its buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// `buffer[..data]` is body data, moved there from wherever it was.
    pub data: usize,
    /// Bytes of the buffer used up (data and framing); `buffer[consumed..]`
    /// is a partial line to keep and read more after, or, once the body is
    /// done, whatever follows it (a pipelined request).
    pub consumed: usize,
    pub done: bool,
}

impl ChunkedDecoder {
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Decodes as much of `buffer` as is complete, in place.
    pub fn decode(&mut self, buffer: &mut [u8]) -> Result<Progress, ChunkError> {
        let mut read = 0;
        let mut data = 0;
        loop {
            match self.state {
                State::Done => break,
                State::Data(remaining) => {
                    let available = buffer.len() - read;
                    if available == 0 {
                        break;
                    }
                    let take = usize::try_from(remaining).map_or(available, |r| r.min(available));
                    buffer.copy_within(read..read + take, data);
                    data += take;
                    read += take;
                    let left = remaining - take as u64;
                    self.state = if left == 0 {
                        State::DataEnd { cr_seen: false }
                    } else {
                        State::Data(left)
                    };
                }
                State::DataEnd { cr_seen } => {
                    let Some(&byte) = buffer.get(read) else { break };
                    match (cr_seen, byte) {
                        (false, b'\r') => self.state = State::DataEnd { cr_seen: true },
                        (true, b'\n') => self.state = State::SizeLine,
                        _ => return Err(ChunkError::MissingCrlf),
                    }
                    read += 1;
                }
                State::SizeLine => {
                    let Some(line_end) = line_end(&buffer[read..])? else {
                        break;
                    };
                    let size = chunk_size_line(&buffer[read..read + line_end])?;
                    read += line_end + 2;
                    self.state = if size == 0 {
                        State::Trailers { read: 0 }
                    } else {
                        State::Data(size)
                    };
                }
                State::Trailers {
                    read: trailer_bytes,
                } => {
                    let Some(line_end) =
                        line_end(&buffer[read..]).map_err(|_| ChunkError::Trailer)?
                    else {
                        break;
                    };
                    let total = trailer_bytes + line_end + 2;
                    if total > MAX_TRAILERS {
                        return Err(ChunkError::LineTooLong);
                    }
                    let line = &buffer[read..read + line_end];
                    read += line_end + 2;
                    if line.is_empty() {
                        self.state = State::Done;
                    } else {
                        check_trailer_line(line)?;
                        self.state = State::Trailers { read: total };
                    }
                }
            }
        }
        Ok(Progress {
            data,
            consumed: read,
            done: self.state == State::Done,
        })
    }
}

/// Where the CRLF of the line at the start of `bytes` is; `None` while the
/// line is incomplete. A bare LF or an overlong line is an error.
fn line_end(bytes: &[u8]) -> Result<Option<usize>, ChunkError> {
    let window = &bytes[..bytes.len().min(MAX_LINE + 1)];
    match window.iter().position(|&b| b == b'\n') {
        Some(0) => Err(ChunkError::MissingCrlf),
        Some(lf) if window[lf - 1] == b'\r' => Ok(Some(lf - 1)),
        Some(_) => Err(ChunkError::MissingCrlf),
        None if window.len() > MAX_LINE => Err(ChunkError::LineTooLong),
        None => Ok(None),
    }
}

/// `chunk-size [ chunk-ext ]` (without its CRLF): the size.
fn chunk_size_line(line: &[u8]) -> Result<u64, ChunkError> {
    let digits = line.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    if digits == 0 || digits > 16 {
        return Err(ChunkError::Size);
    }
    let size = line[..digits].iter().fold(0u64, |size, &digit| {
        let value = match digit {
            b'0'..=b'9' => digit - b'0',
            b'a'..=b'f' => digit - b'a' + 10,
            _ => digit - b'A' + 10,
        };
        (size << 4) | u64::from(value)
    });
    check_extensions(&line[digits..])?;
    Ok(size)
}

/// `*( BWS ";" BWS name [ BWS "=" BWS value ] )`, value a token or a
/// quoted string.
fn check_extensions(mut rest: &[u8]) -> Result<(), ChunkError> {
    let token = |bytes: &[u8]| bytes.iter().take_while(|&&b| is_tchar(b)).count();
    while !rest.is_empty() {
        rest = skip_ws(rest);
        let Some(after_semicolon) = rest.strip_prefix(b";") else {
            // Whitespace or anything else not leading to `;`: `5 \r\n`.
            return Err(if rest.is_empty() {
                ChunkError::Size
            } else {
                ChunkError::Extension
            });
        };
        rest = skip_ws(after_semicolon);
        let name = token(rest);
        if name == 0 {
            return Err(ChunkError::Extension);
        }
        rest = &rest[name..];
        let after_ws = skip_ws(rest);
        if let Some(value) = after_ws.strip_prefix(b"=") {
            rest = skip_ws(value);
            let length = if rest.first() == Some(&b'"') {
                quoted_string(rest).ok_or(ChunkError::Extension)?
            } else {
                token(rest)
            };
            if length == 0 {
                return Err(ChunkError::Extension);
            }
            rest = &rest[length..];
        } else if !after_ws.is_empty() && after_ws[0] != b';' {
            return Err(ChunkError::Extension);
        }
    }
    Ok(())
}

fn skip_ws(bytes: &[u8]) -> &[u8] {
    let n = bytes
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    &bytes[n..]
}

/// The length of the quoted string at the start of `bytes` (RFC 9110 §5.6.4).
fn quoted_string(bytes: &[u8]) -> Option<usize> {
    let mut index = 1;
    while index < bytes.len() {
        match bytes[index] {
            b'"' => return Some(index + 1),
            b'\\' => {
                let escaped = *bytes.get(index + 1)?;
                if !(escaped == b'\t'
                    || escaped == b' '
                    || escaped.is_ascii_graphic()
                    || escaped >= 0x80)
                {
                    return None;
                }
                index += 2;
            }
            b'\t' | b' ' | 0x21 | 0x23..=0x5b | 0x5d..=0x7e | 0x80..=0xff => index += 1,
            _ => return None,
        }
    }
    None
}

/// A trailer line: `name: value` with a token name and a field value.
fn check_trailer_line(line: &[u8]) -> Result<(), ChunkError> {
    let name = line.iter().take_while(|&&b| is_tchar(b)).count();
    if name == 0 || line.get(name) != Some(&b':') {
        return Err(ChunkError::Trailer);
    }
    if line[name + 1..]
        .iter()
        .all(|&b| b == b'\t' || (b' '..=b'~').contains(&b) || b >= 0x80)
    {
        Ok(())
    } else {
        Err(ChunkError::Trailer)
    }
}

fn is_tchar(b: u8) -> bool {
    crate::matching::accept::is_tchar(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `input` fed in pieces of `step` bytes, the way reads arrive.
    fn decode_in_steps(input: &[u8], step: usize) -> Result<(Vec<u8>, usize), ChunkError> {
        let mut decoder = ChunkedDecoder::default();
        let mut body = Vec::new();
        let mut pending: Vec<u8> = Vec::new();
        let mut fed = 0;
        while !decoder.is_done() {
            if fed == input.len() {
                return Err(ChunkError::MissingCrlf);
            }
            let next = (fed + step).min(input.len());
            pending.extend_from_slice(&input[fed..next]);
            fed = next;
            let progress = decoder.decode(&mut pending)?;
            body.extend_from_slice(&pending[..progress.data]);
            pending.drain(..progress.consumed);
        }
        Ok((body, input.len() - pending.len() - (input.len() - fed)))
    }

    #[test]
    fn chunks_decode_whatever_the_read_sizes() {
        let input = b"5\r\nhello\r\n6;name=value;flag\r\n world\r\n0\r\nx-trailer: 1\r\n\r\nNEXT";
        for step in [1, 2, 3, 7, 64] {
            let (body, end) = decode_in_steps(input, step).unwrap();
            assert_eq!(body, b"hello world", "step {step}");
            assert_eq!(
                &input[end..],
                b"NEXT",
                "step {step}: the body ends where it ends"
            );
        }
    }

    #[test]
    fn the_grammar_is_followed_exactly() {
        for bad in [
            &b"5 \r\nhello\r\n0\r\n\r\n"[..], // whitespace not leading to `;`
            b"5\t\r\nhello\r\n0\r\n\r\n",
            b" 5\r\nhello\r\n0\r\n\r\n",
            b"0x5\r\nhello\r\n0\r\n\r\n",
            b"+5\r\nhello\r\n0\r\n\r\n",
            b"-5\r\nhello\r\n0\r\n\r\n",
            b"\r\nhello\r\n0\r\n\r\n",
            b"5\nhello\r\n0\r\n\r\n",    // bare LF
            b"5\r\nhelloX\r\n0\r\n\r\n", // data longer than its size
            b"5\r\nhello\n0\r\n\r\n",
            b"10000000000000000\r\n",    // 17 digits
            b"5;\r\nhello\r\n0\r\n\r\n", // extension without a name
            b"5;a=\r\nhello\r\n0\r\n\r\n",
            b"5;a=\"open\r\nhello\r\n0\r\n\r\n",
            b"5;a b\r\nhello\r\n0\r\n\r\n",
            b"5\r\nhello\r\n0\r\nbad trailer\r\n\r\n",
            b"5\r\nhello\r\n0\r\n: empty name\r\n\r\n",
        ] {
            assert!(
                decode_in_steps(bad, 64).is_err(),
                "{:?} must be refused",
                String::from_utf8_lossy(bad)
            );
        }
        for good in [
            &b"5 ;a\r\nhello\r\n0\r\n\r\n"[..], // BWS before `;` is allowed
            b"5;a = b\r\nhello\r\n0\r\n\r\n",
            b"5;a=\"q \\\" d\"\r\nhello\r\n0\r\n\r\n",
            b"0000000000000005\r\nhello\r\n0\r\n\r\n",
            b"5\r\nhello\r\n0;last\r\n\r\n",
        ] {
            assert_eq!(
                decode_in_steps(good, 3).map(|(body, _)| body),
                Ok(b"hello".to_vec()),
                "{:?}",
                String::from_utf8_lossy(good)
            );
        }
        let long_line = format!("5;{}\r\nhello\r\n0\r\n\r\n", "a".repeat(MAX_LINE));
        assert_eq!(
            decode_in_steps(long_line.as_bytes(), 64),
            Err(ChunkError::LineTooLong)
        );
        assert_eq!(
            decode_in_steps(b"ffffffffffffffff\r\nabc", 64).unwrap_err(),
            ChunkError::MissingCrlf,
            "16 digits are a size; the body then ends early"
        );
    }
}
