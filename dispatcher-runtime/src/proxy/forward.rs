//! Forwarding one request, phase by phase: pick the upstream → rewrite the
//! request headers → send (retrying a stale pooled connection once, when
//! that is safe) → rewrite the response headers → stream the body back. The
//! access log line is written when the body ends (see `body`).

use std::net::SocketAddr;
use std::time::Instant;

use bytes::Bytes;
use http::request::Parts;
use http::{HeaderMap, Method, Request, Response, StatusCode, Uri, Version};
use http_body_util::{BodyExt, Empty};
use hyper::body::{Body, Incoming};
use hyper::upgrade::OnUpgrade;

use super::body::{RequestRecord, ResponseBody};
use super::failure::UpstreamFailure;
use super::reclaim::BodySlot;
use super::stall::{Side, StallGuard};
use super::upstream::{ConnectionInfo, UpstreamBody};
use super::{ClientConn, Proxy, headers, prefix, tunnel};
use crate::action::Forward;

pub(super) async fn forward(
    proxy: &Proxy,
    client: &ClientConn,
    mut parts: Parts,
    body: Incoming,
    action: Forward,
    mut record: RequestRecord,
) -> Response<ResponseBody> {
    // Max-Forwards: 0 on OPTIONS or TRACE: the dispatcher is the final
    // recipient (RFC 9110 §7.6.2).
    if !headers::take_max_forwards_hop(&parts.method, &mut parts.headers) {
        return final_recipient(proxy, &parts.method, parts.version, record);
    }

    // Pick the upstream: the addresses to try, in order. The full URL is
    // only spelled out for errors, tunnels and debug logs.
    let upstream_url = || action.url();
    record.upstream = Some(action.upstream.clone());
    let targets = match targets(proxy, &action).await {
        Ok(targets) => targets,
        Err(failure) => {
            count_error(proxy, &action, &failure);
            return proxy.error_response(failure.status, &upstream_url(), &failure.reason, record);
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
    headers::host_from_target(&mut request_headers, &parts.uri);
    headers::add_via(&mut request_headers, parts.version);
    headers::to_upstream(
        &mut request_headers,
        &forwarded,
        parts.uri.path(),
        upgrade.clone(),
        &action.request_headers,
    );
    tracing::debug!(target: "dispatcher::frontend_processing", upstream = %upstream_url(), headers = ?request_headers, "request headers rewritten");

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
    let response = match send(
        proxy,
        &action,
        &parts.method,
        &targets,
        request_headers,
        first_body,
        replayable,
    )
    .await
    {
        Ok(response) => response,
        Err(failure) => {
            return proxy.error_response(failure.status, &upstream_url(), &failure.reason, record);
        }
    };

    // Rewrite the response headers.
    let (mut response_parts, response_body) = response.into_parts();
    if let Some(coding) = headers::unsupported_transfer_coding(&response_parts.headers) {
        let failure = UpstreamFailure::bad_gateway(
            "invalid_response",
            format!("the upstream sent Transfer-Encoding: {coding}; only chunked can be passed on"),
        );
        count_error(proxy, &action, &failure);
        return proxy.error_response(failure.status, &upstream_url(), &failure.reason, record);
    }
    record.status = response_parts.status;
    tracing::debug!(target: "dispatcher::backend", upstream = %upstream_url(), status = %response_parts.status, headers = ?response_parts.headers, "upstream response");
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
                tunnel::spawn(&proxy.tasks, client_side, upstream_side, upstream_url());
                Response::from_parts(response_parts, ResponseBody::full(Bytes::new(), record))
            }
            _ => proxy.error_response(
                StatusCode::BAD_GATEWAY,
                &upstream_url(),
                "the upstream switched protocols for a request that did not ask to",
                record,
            ),
        };
    }

    // Stream the body back.
    let body = StallGuard::new(response_body, proxy.config.upstream_timeout, Side::Upstream);
    Response::from_parts(response_parts, ResponseBody::upstream(body, record))
}

/// The answer to an OPTIONS or TRACE request that may go no further: an
/// empty 200 for OPTIONS; TRACE, which would reflect the request (cookies
/// and all), is not implemented.
fn final_recipient(
    proxy: &Proxy,
    method: &Method,
    version: Version,
    mut record: RequestRecord,
) -> Response<ResponseBody> {
    if *method == Method::TRACE {
        return proxy.plain(
            StatusCode::NOT_IMPLEMENTED,
            "TRACE with Max-Forwards: 0 ends at the dispatcher, which does not reflect requests",
            version,
            record,
        );
    }
    record.status = StatusCode::OK;
    let mut response = Response::new(ResponseBody::full(Bytes::new(), record));
    response
        .headers_mut()
        .insert(http::header::CONTENT_LENGTH, http::HeaderValue::from(0));
    response
}

/// One place to send the request: a URI and, for plain HTTP, the address
/// of the upstream's name it stands for.
struct Target {
    uri: Uri,
    host: String,
    port: u16,
    address: Option<SocketAddr>,
}

/// For plain HTTP (and `ws`), one target per address of the name in the
/// balancer's order, so each request is balanced and a refused address is
/// skipped. For TLS, the name itself: SNI needs it, and the connector fails
/// over between its addresses.
async fn targets(proxy: &Proxy, action: &Forward) -> Result<Vec<Target>, UpstreamFailure> {
    let upstream = &action.upstream;
    let (host, port) = (upstream.host().to_owned(), upstream.port());
    let tls = upstream.scheme().is_tls();
    let uri = |authority: &str| -> Result<Uri, UpstreamFailure> {
        let scheme = if tls { "https" } else { "http" };
        format!("{scheme}://{authority}{}", action.path_and_query)
            .parse()
            .map_err(|error| {
                UpstreamFailure::bad_gateway(
                    "other",
                    format!("cannot build the upstream URL: {error}"),
                )
            })
    };
    if tls {
        return Ok(vec![Target {
            uri: uri(&upstream.authority())?,
            host,
            port,
            address: None,
        }]);
    }
    let addresses = proxy
        .upstreams
        .balancer
        .order(&host, port)
        .await
        .map_err(|error| UpstreamFailure::bad_gateway("resolve", error.to_string()))?;
    addresses
        .into_iter()
        .map(|address| {
            Ok(Target {
                uri: uri(&address.to_string())?,
                host: host.clone(),
                port,
                address: Some(address),
            })
        })
        .collect()
}

/// Sends the request to the first target that takes it. A target that
/// cannot be connected to is benched and the next one tried, body and all,
/// as nothing was sent; a request that failed on a pooled connection is
/// sent once more on a fresh one when `replayable` (SPEC §3.2).
async fn send(
    proxy: &Proxy,
    action: &Forward,
    method: &Method,
    targets: &[Target],
    headers: HeaderMap,
    body: UpstreamBody,
    replayable: bool,
) -> Result<Response<Incoming>, UpstreamFailure> {
    let timeout = proxy.config.upstream_timeout;
    let started = Instant::now();
    let deadline = tokio::time::Instant::from_std(started + timeout);
    let slot = BodySlot::new(body);
    let mut headers = Some(headers);
    let mut failure =
        UpstreamFailure::bad_gateway("resolve", "the upstream has no address".to_owned());
    for (index, target) in targets.iter().enumerate() {
        // The headers are needed again only for another target or a retry.
        let last_use = index + 1 == targets.len() && !replayable;
        let attempt_headers = if last_use {
            headers.take()
        } else {
            headers.clone()
        }
        .unwrap_or_default();
        let attempt = build_request(
            method,
            &target.uri,
            attempt_headers,
            slot.attempt().boxed_unsync(),
        );
        tracing::debug!(target: "dispatcher::backend", %method, uri = %target.uri, "sending upstream");
        let error = match tokio::time::timeout_at(deadline, proxy.upstreams.pooled.request(attempt))
            .await
        {
            Err(_) => {
                let failure = UpstreamFailure::timeout(timeout);
                count_error(proxy, action, &failure);
                return Err(failure);
            }
            Ok(Ok(response)) => {
                if let Some(address) = target.address {
                    proxy
                        .upstreams
                        .balancer
                        .healthy(&target.host, target.port, address);
                }
                return Ok(response);
            }
            Ok(Err(error)) => error,
        };
        failure = UpstreamFailure::from_client_error(&error, proxy.config.max_response_header_size);
        count_error(proxy, action, &failure);
        if error.is_connect() {
            if let Some(address) = target.address {
                proxy
                    .upstreams
                    .balancer
                    .bench(&target.host, target.port, address);
            }
            let more = index + 1 < targets.len();
            if more && slot.is_full() {
                tracing::debug!(target: "dispatcher::backend", uri = %target.uri, %error, "trying the next address");
                continue;
            }
            return Err(failure);
        }
        if replayable && sent_on_pooled_connection(&error, started) {
            tracing::debug!(target: "dispatcher::backend", uri = %target.uri, %error, "pooled connection failed; retrying on a fresh one");
            let again = build_request(
                method,
                &target.uri,
                headers.unwrap_or_default(),
                empty_body(),
            );
            return match tokio::time::timeout_at(deadline, proxy.upstreams.fresh.request(again))
                .await
            {
                Ok(Ok(response)) => Ok(response),
                outcome => {
                    let failure = match outcome {
                        Ok(Err(error)) => UpstreamFailure::from_client_error(
                            &error,
                            proxy.config.max_response_header_size,
                        ),
                        _ => UpstreamFailure::timeout(timeout),
                    };
                    count_error(proxy, action, &failure);
                    Err(failure)
                }
            };
        }
        return Err(failure);
    }
    Err(failure)
}

/// Counts a failed attempt in `dispatcher_upstream_errors_total`.
fn count_error(proxy: &Proxy, action: &Forward, failure: &UpstreamFailure) {
    if let Some(metrics) = &proxy.metrics {
        metrics.upstream_error(&action.upstream.origin(), failure.kind);
    }
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
