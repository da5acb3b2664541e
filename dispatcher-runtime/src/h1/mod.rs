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
