//! Forwarding one request, phase by phase: pick the upstream → rewrite the
//! request headers → send (retrying a stale pooled connection once, when
//! that is safe) → rewrite the response headers → stream the body back. The
//! access log line is written when the body ends (see `body`).

use std::time::Instant;

use bytes::Bytes;
use http::request::Parts;
use http::{Method, Request, Response, StatusCode, Uri, Version};
use http_body_util::{BodyExt, Empty};
use hyper::body::{Body, Incoming};
use hyper::upgrade::OnUpgrade;

use super::body::{RequestRecord, ResponseBody};
use super::failure::UpstreamFailure;
use super::stall::{Side, StallGuard};
use super::upstream::{ConnectionInfo, UpstreamBody};
use super::{ClientConn, Proxy, headers, prefix, tunnel};
use crate::action::Forward;
use crate::base_url::Scheme;

pub(super) async fn forward(
    proxy: &Proxy,
    client: &ClientConn,
    mut parts: Parts,
    body: Incoming,
    action: Forward,
    mut record: RequestRecord,
) -> Response<ResponseBody> {
    // Pick the upstream.
    let upstream_url = action.url();
    record.upstream = Some(format!(
        "{}://{}",
        action.upstream.scheme().as_str(),
        action.upstream.authority()
    ));
    let uri = match upstream_uri(&action) {
        Ok(uri) => uri,
        Err(reason) => {
            return proxy.error_response(StatusCode::BAD_GATEWAY, &upstream_url, &reason, record);
        }
    };

    // Rewrite the request headers.
    let upgrade = match parts.version {
        Version::HTTP_11 => headers::requested_upgrade(&parts.headers),
        _ => None,
    };
    let client_upgrade = upgrade
        .as_ref()
        .and_then(|_| parts.extensions.remove::<OnUpgrade>());
    let mut request_headers = std::mem::take(&mut parts.headers);
    let forwarded = client.forwarded(&parts, &request_headers, &proxy.config);
    headers::to_upstream(
        &mut request_headers,
        &forwarded,
        parts.uri.path(),
        upgrade.clone(),
        &action.request_headers,
    );
    tracing::debug!(target: "dispatcher::frontend_processing", upstream = %upstream_url, headers = ?request_headers, "request headers rewritten");

    // Send. A body-less request to an idempotent method can be sent again;
    // anything else goes out once.
    let replayable = body.is_end_stream() && is_idempotent(&parts.method);
    let first_body: UpstreamBody = if body.is_end_stream() {
        empty_body()
    } else {
        StallGuard::new(body, proxy.config.request_body_timeout, Side::Client)
            .map_frame(|frame| {
                if let Some(data) = frame.data_ref() {
                    tracing::debug!(target: "dispatcher::request_body", bytes = data.len(), "request body chunk");
                }
                frame
            })
            .boxed_unsync()
    };
    let retry_headers = replayable.then(|| request_headers.clone());
    let started = Instant::now();
    let deadline = started + proxy.config.upstream_timeout;
    let first = build_request(&parts.method, &uri, request_headers, first_body);
    tracing::debug!(target: "dispatcher::backend", method = %parts.method, %uri, "sending upstream");
    let outcome =
        tokio::time::timeout_at(deadline.into(), proxy.upstreams.pooled.request(first)).await;
    let response = match outcome {
        Err(_) => Err(UpstreamFailure::timeout(proxy.config.upstream_timeout)),
        Ok(Ok(response)) => Ok(response),
        Ok(Err(error)) => match retry_headers {
            Some(headers) if !error.is_connect() && sent_on_pooled_connection(&error, started) => {
                tracing::debug!(target: "dispatcher::backend", upstream = %upstream_url, %error, "pooled connection failed; retrying on a fresh one");
                let again = build_request(&parts.method, &uri, headers, empty_body());
                match tokio::time::timeout_at(deadline.into(), proxy.upstreams.fresh.request(again))
                    .await
                {
                    Err(_) => Err(UpstreamFailure::timeout(proxy.config.upstream_timeout)),
                    Ok(Ok(response)) => Ok(response),
                    Ok(Err(error)) => Err(UpstreamFailure::from_client_error(&error)),
                }
            }
            _ => Err(UpstreamFailure::from_client_error(&error)),
        },
    };
    let response = match response {
        Ok(response) => response,
        Err(failure) => {
            return proxy.error_response(failure.status, &upstream_url, &failure.reason, record);
        }
    };

    // Rewrite the response headers.
    let (mut response_parts, response_body) = response.into_parts();
    record.status = response_parts.status;
    tracing::debug!(target: "dispatcher::backend", upstream = %upstream_url, status = %response_parts.status, headers = ?response_parts.headers, "upstream response");
    let switching = response_parts.status == StatusCode::SWITCHING_PROTOCOLS;
    headers::to_client(
        &mut response_parts.headers,
        switching,
        &action.response_headers,
    );
    prefix::rewrite_redirects(&mut response_parts.headers, &action.upstream, &forwarded);
    tracing::debug!(target: "dispatcher::backend_processing", headers = ?response_parts.headers, "response headers rewritten");

    if switching {
        let upstream_upgrade = response_parts.extensions.remove::<OnUpgrade>();
        return match (client_upgrade, upstream_upgrade) {
            (Some(client_side), Some(upstream_side)) => {
                client.activity.mark_tunnel();
                tunnel::spawn(&proxy.tasks, client_side, upstream_side, upstream_url);
                Response::from_parts(response_parts, ResponseBody::full(Bytes::new(), record))
            }
            _ => proxy.error_response(
                StatusCode::BAD_GATEWAY,
                &upstream_url,
                "the upstream switched protocols for a request that did not ask to",
                record,
            ),
        };
    }

    // Stream the body back.
    let body = StallGuard::new(response_body, proxy.config.upstream_timeout, Side::Upstream);
    Response::from_parts(response_parts, ResponseBody::upstream(body, record))
}

fn build_request(
    method: &Method,
    uri: &Uri,
    headers: http::HeaderMap,
    body: UpstreamBody,
) -> Request<UpstreamBody> {
    let mut request = Request::new(body);
    *request.method_mut() = method.clone();
    *request.uri_mut() = uri.clone();
    *request.version_mut() = Version::HTTP_11;
    *request.headers_mut() = headers;
    request
}

fn empty_body() -> UpstreamBody {
    Empty::<Bytes>::new()
        .map_err(|never| match never {})
        .boxed_unsync()
}

/// The URI hyper-util's client connects to; `ws`/`wss` are HTTP(S) until the upgrade.
fn upstream_uri(action: &Forward) -> Result<Uri, String> {
    let scheme = match action.upstream.scheme() {
        Scheme::Http | Scheme::Ws => "http",
        Scheme::Https | Scheme::Wss => "https",
    };
    format!(
        "{scheme}://{}{}",
        action.upstream.authority(),
        action.path_and_query
    )
    .parse()
    .map_err(|error| format!("cannot build the upstream URL: {error}"))
}

/// RFC 9110 §9.2.2.
fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
    )
}

/// Whether the failed request went out on a connection opened before it
/// started, i.e. one taken from the pool.
fn sent_on_pooled_connection(error: &hyper_util::client::legacy::Error, started: Instant) -> bool {
    let Some(connected) = error.connect_info() else {
        return false;
    };
    let mut extensions = http::Extensions::new();
    connected.get_extras(&mut extensions);
    extensions
        .get::<ConnectionInfo>()
        .is_some_and(|info| info.opened_at < started)
}
