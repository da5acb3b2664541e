//! Why a forward failed, and the response the client gets for it
//! (SPEC §3.5): refused or unresolvable upstream → 502, no response in time
//! → 504. The body names the upstream and the reason; a log line says the same.

use std::error::Error as StdError;
use std::io;
use std::time::Duration;

use http::StatusCode;

use super::stall::{BodyStalled, ClientBodyBroken};
use super::upstream::ConnectError;

/// A failed attempt to get a response head from an upstream.
#[derive(Debug)]
pub struct UpstreamFailure {
    pub status: StatusCode,
    pub reason: String,
    /// For metrics: refused, connect_timeout, resolve, connect, timeout,
    /// closed, reset, invalid_response, tls, client_body, other.
    pub kind: &'static str,
}

impl UpstreamFailure {
    fn new(status: StatusCode, kind: &'static str, reason: String) -> Self {
        UpstreamFailure {
            status,
            reason,
            kind,
        }
    }

    pub fn timeout(after: Duration) -> Self {
        let reason = format!("no response within {} ms", after.as_millis());
        Self::new(StatusCode::GATEWAY_TIMEOUT, "timeout", reason)
    }

    pub fn bad_gateway(kind: &'static str, reason: String) -> Self {
        Self::new(StatusCode::BAD_GATEWAY, kind, reason)
    }

    /// Classifies an error of hyper-util's client; `max_response_head` is
    /// `MAX_RESPONSE_HEADER_SIZE`, named when a head was too large.
    pub fn from_client_error(
        error: &hyper_util::client::legacy::Error,
        max_response_head: usize,
    ) -> Self {
        if let Some(broken) = find::<ClientBodyBroken>(error) {
            return Self::new(StatusCode::BAD_REQUEST, "client_body", broken.to_string());
        }
        if let Some(stalled) = find::<BodyStalled>(error) {
            // The client's upload stalled: its fault, not the upstream's.
            return Self::new(
                StatusCode::REQUEST_TIMEOUT,
                "client_body",
                stalled.to_string(),
            );
        }
        if let Some(connect) = find::<ConnectError>(error) {
            let reason = connect.to_string();
            return match connect {
                ConnectError::Timeout { .. } => {
                    Self::new(StatusCode::GATEWAY_TIMEOUT, "connect_timeout", reason)
                }
                ConnectError::Refused { .. } => Self::bad_gateway("refused", reason),
                ConnectError::Io { .. } => Self::bad_gateway("connect", reason),
                ConnectError::Resolve { .. }
                | ConnectError::NoAddress { .. }
                | ConnectError::NoHost { .. } => Self::bad_gateway("resolve", reason),
            };
        }
        if let Some(hyper_error) = find::<hyper::Error>(error) {
            let (kind, reason) = if hyper_error.is_incomplete_message() {
                (
                    "closed",
                    "the upstream closed the connection before sending a response".to_owned(),
                )
            } else if hyper_error.is_parse_too_large() {
                (
                    "invalid_response",
                    format!(
                        "the upstream's response head is too large: over \
                         MAX_RESPONSE_HEADER_SIZE ({max_response_head} bytes), or more than 100 fields"
                    ),
                )
            } else if hyper_error.is_parse() {
                (
                    "invalid_response",
                    format!("the upstream sent an invalid response: {hyper_error}"),
                )
            } else if let Some(io) = find::<io::Error>(hyper_error) {
                describe_io(io)
            } else {
                ("other", hyper_error.to_string())
            };
            return Self::bad_gateway(kind, reason);
        }
        if let Some(io) = find::<io::Error>(error) {
            let (kind, reason) = describe_io(io);
            return Self::bad_gateway(kind, reason);
        }
        Self::bad_gateway("other", error.to_string())
    }
}

fn describe_io(error: &io::Error) -> (&'static str, String) {
    // rustls errors arrive wrapped in io::Errors (by tokio-rustls, and again
    // by hyper-rustls), which `source()` does not walk through.
    let mut inner = error.get_ref();
    while let Some(wrapped) = inner {
        if let Some(tls) = wrapped.downcast_ref::<rustls::Error>() {
            return ("tls", format!("TLS with the upstream failed: {tls}"));
        }
        inner = wrapped
            .downcast_ref::<io::Error>()
            .and_then(io::Error::get_ref);
    }
    match error.kind() {
        io::ErrorKind::ConnectionReset => ("reset", "the upstream reset the connection".to_owned()),
        io::ErrorKind::BrokenPipe => (
            "reset",
            "the upstream closed the connection while the request was sent".to_owned(),
        ),
        _ => (
            "other",
            format!("I/O error talking to the upstream: {error}"),
        ),
    }
}

/// The first error of type `T` in `error`'s source chain (itself included).
pub fn find<'a, T: StdError + 'static>(error: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(found) = error.downcast_ref::<T>() {
            return Some(found);
        }
        current = error.source();
    }
    None
}
