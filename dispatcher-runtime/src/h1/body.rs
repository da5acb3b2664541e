//! Message bodies by their framing (RFC 9112 §6.3): a known length, the
//! chunked coding, or everything until the connection closes. One decoder
//! serves request bodies (from clients) and response bodies (from
//! upstreams).

use std::fmt;

use super::chunked::{ChunkError, ChunkedDecoder};

/// A body's framing, being read.
#[derive(Debug, Clone)]
pub enum BodyDecoder {
    /// This many bytes to go.
    Length(u64),
    Chunked(ChunkedDecoder),
    /// Everything until the peer closes (responses only).
    UntilClose,
    /// The body has ended (or there was none).
    Done,
}

/// What one call to [`BodyDecoder::decode`] found in a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded {
    /// `buffer[..data]` is body data.
    pub data: usize,
    /// Bytes used up; what follows is kept for the next call (a partial
    /// chunk line) or, once `done`, belongs to what follows the message.
    pub consumed: usize,
    pub done: bool,
}

/// A body that is not framed as it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FramingError {
    Chunked(ChunkError),
    /// The connection closed before the body's end.
    Truncated,
}

impl fmt::Display for FramingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FramingError::Chunked(error) => write!(f, "malformed chunked body: {error}"),
            FramingError::Truncated => f.write_str("the connection closed before the body's end"),
        }
    }
}

impl std::error::Error for FramingError {}

impl BodyDecoder {
    pub fn chunked() -> Self {
        BodyDecoder::Chunked(ChunkedDecoder::default())
    }

    pub fn length(length: u64) -> Self {
        if length == 0 {
            BodyDecoder::Done
        } else {
            BodyDecoder::Length(length)
        }
    }

    pub fn is_done(&self) -> bool {
        matches!(self, BodyDecoder::Done)
    }

    /// Decodes the body bytes at the start of `buffer` (in place for
    /// chunked bodies). An empty `buffer` decodes to nothing.
    pub fn decode(&mut self, buffer: &mut [u8]) -> Result<Decoded, FramingError> {
        let decoded = match self {
            BodyDecoder::Done => Decoded {
                data: 0,
                consumed: 0,
                done: true,
            },
            BodyDecoder::Length(remaining) => {
                let take =
                    usize::try_from(*remaining).map_or(buffer.len(), |r| r.min(buffer.len()));
                *remaining -= take as u64;
                Decoded {
                    data: take,
                    consumed: take,
                    done: *remaining == 0,
                }
            }
            BodyDecoder::Chunked(decoder) => {
                let progress = decoder.decode(buffer).map_err(FramingError::Chunked)?;
                Decoded {
                    data: progress.data,
                    consumed: progress.consumed,
                    done: progress.done,
                }
            }
            BodyDecoder::UntilClose => Decoded {
                data: buffer.len(),
                consumed: buffer.len(),
                done: false,
            },
        };
        if decoded.done {
            *self = BodyDecoder::Done;
        }
        Ok(decoded)
    }

    /// The peer closed the connection: the end of an until-close body, an
    /// error for any other one still being read.
    pub fn end_of_input(&mut self) -> Result<(), FramingError> {
        match self {
            BodyDecoder::Done => Ok(()),
            BodyDecoder::UntilClose => {
                *self = BodyDecoder::Done;
                Ok(())
            }
            _ => Err(FramingError::Truncated),
        }
    }

    /// The body's exact remaining length, when it is known.
    pub fn remaining_length(&self) -> Option<u64> {
        match self {
            BodyDecoder::Length(remaining) => Some(*remaining),
            BodyDecoder::Done => Some(0),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_length_body_ends_at_its_length_and_leaves_the_rest() {
        let mut decoder = BodyDecoder::length(5);
        let mut buffer = *b"helloGET";
        let decoded = decoder.decode(&mut buffer).unwrap();
        assert_eq!((decoded.data, decoded.consumed, decoded.done), (5, 5, true));
        assert!(decoder.is_done());
        assert_eq!(decoder.end_of_input(), Ok(()));
    }

    #[test]
    fn a_truncated_body_is_an_error_but_until_close_ends_cleanly() {
        let mut decoder = BodyDecoder::length(10);
        decoder.decode(&mut [0u8; 4]).unwrap();
        assert_eq!(decoder.remaining_length(), Some(6));
        assert_eq!(decoder.end_of_input(), Err(FramingError::Truncated));
        let mut chunked = BodyDecoder::chunked();
        chunked.decode(&mut b"5\r\nhel".to_vec()).unwrap();
        assert_eq!(chunked.end_of_input(), Err(FramingError::Truncated));
        let mut until_close = BodyDecoder::UntilClose;
        assert_eq!(until_close.decode(&mut [1u8; 3]).unwrap().data, 3);
        assert_eq!(until_close.end_of_input(), Ok(()));
    }
}
