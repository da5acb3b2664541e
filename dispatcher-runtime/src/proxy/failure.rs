//! Why a forward failed, and what the client gets for it
//! (docs/operations.md, "Error statuses"): refused or unresolvable
//! upstream → 502, no response in time → 504, a client whose body is
//! malformed → 400 or stalls → 408. Each body names the upstream and the
//! reason; a log line says the same.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;

use crate::h1::{FramingError, ResponseError};

/// Why a response body was cut short on its way to the client: what its
/// access line says (`aborted=`), whichever path moved the body.
#[derive(Debug, thiserror::Error)]
pub enum BodyCut {
    #[error("the upstream closed the connection before the end of its body")]
    UpstreamEnded,
    #[error("the upstream's body failed: {0}")]
    Upstream(io::Error),
    #[error("the upstream sent no body data for {} ms", .0.as_millis())]
    UpstreamSilent(Duration),
    #[error("the client went away: {0}")]
    Client(io::Error),
}

/// A write the client took nothing of for IDLE_TIMEOUT.
pub fn client_silent() -> io::Error {
    io::Error::new(
        io::ErrorKind::TimedOut,
        "the client took nothing for IDLE_TIMEOUT",
    )
}

/// Why no connection to an upstream could be had.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("could not resolve {host}: {source}")]
    Resolve { host: String, source: io::Error },
    #[error("{host} resolves to no address")]
    NoAddress { host: String },
    #[error("connection to {address} refused")]
    Refused { address: SocketAddr },
    #[error("no connection to {address} within {} ms", timeout.as_millis())]
    Timeout {
        address: SocketAddr,
        timeout: Duration,
    },
    #[error("connecting to {address} failed: {source}")]
    Io {
        address: SocketAddr,
        source: io::Error,
    },
    #[error("TLS with the upstream failed: {reason}")]
    Tls { address: SocketAddr, reason: String },
}

impl ConnectError {
    /// Whether the address itself failed (so another one should be tried
    /// and this one benched), rather than the name or TLS.
    pub fn is_address_down(&self) -> bool {
        matches!(
            self,
            ConnectError::Refused { .. } | ConnectError::Timeout { .. } | ConnectError::Io { .. }
        )
    }
}

/// A failed attempt to get a response head from an upstream.
#[derive(Debug, Clone)]
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

    pub fn bad_gateway(kind: &'static str, reason: String) -> Self {
        Self::new(StatusCode::BAD_GATEWAY, kind, reason)
    }

    pub fn timeout(after: Duration) -> Self {
        let reason = format!("no response within {} ms", after.as_millis());
        Self::new(StatusCode::GATEWAY_TIMEOUT, "timeout", reason)
    }

    pub fn connect(error: &ConnectError) -> Self {
        let reason = error.to_string();
        match error {
            ConnectError::Timeout { .. } => {
                Self::new(StatusCode::GATEWAY_TIMEOUT, "connect_timeout", reason)
            }
            ConnectError::Refused { .. } => Self::bad_gateway("refused", reason),
            ConnectError::Io { .. } => Self::bad_gateway("connect", reason),
            ConnectError::Tls { .. } => Self::bad_gateway("tls", reason),
            ConnectError::Resolve { .. } | ConnectError::NoAddress { .. } => {
                Self::bad_gateway("resolve", reason)
            }
        }
    }

    /// The upstream closed the connection before its response head.
    pub fn closed() -> Self {
        Self::bad_gateway(
            "closed",
            "the upstream closed the connection before sending a response".to_owned(),
        )
    }

    pub fn io(error: &io::Error) -> Self {
        match error.kind() {
            io::ErrorKind::ConnectionReset => {
                Self::bad_gateway("reset", "the upstream reset the connection".to_owned())
            }
            io::ErrorKind::BrokenPipe => Self::bad_gateway(
                "reset",
                "the upstream closed the connection while the request was sent".to_owned(),
            ),
            _ => Self::bad_gateway(
                "other",
                format!("I/O error talking to the upstream: {error}"),
            ),
        }
    }

    pub fn invalid(error: &ResponseError) -> Self {
        Self::bad_gateway("invalid_response", error.to_string())
    }

    /// The client's request body was malformed or cut off.
    pub fn client_body(error: &FramingError) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "client_body",
            format!("the request body is malformed: {error}"),
        )
    }

    /// The client's request body stalled: its fault, not the upstream's.
    pub fn client_stalled(after: Duration) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "client_body",
            format!("the client sent no body data for {} ms", after.as_millis()),
        )
    }

    pub fn with_reason(mut self, reason: String) -> Self {
        self.reason = reason;
        self
    }

    /// Whether the client caused it (no metric for the upstream, no
    /// upstream named in the log line).
    pub fn is_clients(&self) -> bool {
        self.kind == "client_body"
    }
}

/// The body of a plain-text answer from the dispatcher itself.
pub fn plain_body(status: StatusCode, message: &str) -> Bytes {
    let reason = status.canonical_reason().unwrap_or("");
    Bytes::from(format!("{} {reason}\n\n{message}\n", status.as_u16()))
}
