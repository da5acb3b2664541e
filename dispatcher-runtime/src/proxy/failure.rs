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
}

impl UpstreamFailure {
    pub fn timeout(after: Duration) -> Self {
        UpstreamFailure {
            status: StatusCode::GATEWAY_TIMEOUT,
            reason: format!("no response within {} ms", after.as_millis()),
        }
    }

    pub fn bad_gateway(reason: String) -> Self {
        UpstreamFailure {
            status: StatusCode::BAD_GATEWAY,
            reason,
        }
    }

    /// Classifies an error of hyper-util's client.
    pub fn from_client_error(error: &hyper_util::client::legacy::Error) -> Self {
        let bad_gateway = |reason: String| UpstreamFailure {
            status: StatusCode::BAD_GATEWAY,
            reason,
        };
        if let Some(broken) = find::<ClientBodyBroken>(error) {
            return UpstreamFailure {
                status: StatusCode::BAD_REQUEST,
                reason: broken.to_string(),
            };
        }
        if let Some(stalled) = find::<BodyStalled>(error) {
            // The client's upload stalled: its fault, not the upstream's.
            return UpstreamFailure {
                status: StatusCode::REQUEST_TIMEOUT,
                reason: stalled.to_string(),
            };
        }
        if let Some(connect) = find::<ConnectError>(error) {
            return match connect {
                ConnectError::Timeout { .. } => UpstreamFailure {
                    status: StatusCode::GATEWAY_TIMEOUT,
                    reason: connect.to_string(),
                },
                _ => bad_gateway(connect.to_string()),
            };
        }
        if let Some(hyper_error) = find::<hyper::Error>(error) {
            let reason = if hyper_error.is_incomplete_message() {
                "the upstream closed the connection before sending a response".to_owned()
            } else if hyper_error.is_parse_too_large() {
                "the upstream's response head is too large".to_owned()
            } else if hyper_error.is_parse() {
                format!("the upstream sent an invalid response: {hyper_error}")
            } else if let Some(io) = find::<io::Error>(hyper_error) {
                describe_io(io)
            } else {
                hyper_error.to_string()
            };
            return bad_gateway(reason);
        }
        if let Some(io) = find::<io::Error>(error) {
            return bad_gateway(describe_io(io));
        }
        bad_gateway(error.to_string())
    }
}

fn describe_io(error: &io::Error) -> String {
    // rustls errors arrive wrapped in io::Errors (by tokio-rustls, and again
    // by hyper-rustls), which `source()` does not walk through.
    let mut inner = error.get_ref();
    while let Some(wrapped) = inner {
        if let Some(tls) = wrapped.downcast_ref::<rustls::Error>() {
            return format!("TLS with the upstream failed: {tls}");
        }
        inner = wrapped
            .downcast_ref::<io::Error>()
            .and_then(io::Error::get_ref);
    }
    match error.kind() {
        io::ErrorKind::ConnectionReset => "the upstream reset the connection".to_owned(),
        io::ErrorKind::BrokenPipe => {
            "the upstream closed the connection while the request was sent".to_owned()
        }
        _ => format!("I/O error talking to the upstream: {error}"),
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
