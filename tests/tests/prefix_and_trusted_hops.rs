//! Mounting under a path prefix (docs/design/behaviour.md §4.1) and trusted
//! proxy hops (§4.2), with spoofed headers, over real sockets.

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use http::{Request, Response, StatusCode};
use hyper::body::Incoming;
use serde_json::Value;

fn echo(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"))
}

/// A redirecting upstream: `/werkzeug` builds its Location from the
/// `X-Forwarded-*` headers as Werkzeug's ProxyFix does; other paths redirect
/// to `/login` or to the upstream's own address, as the query says.
async fn redirecting_upstream() -> Upstream {
    start_upstream(|request: Request<Incoming>| async move {
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned()
        };
        let location = match request.uri().path() {
            "/werkzeug" => format!(
                "{}://{}{}/login",
                header("x-forwarded-proto"),
                header("x-forwarded-host"),
                header("x-forwarded-prefix")
            ),
            _ => match request.uri().query() {
                Some("absolute") => "http://backend/login".to_owned(),
                Some("refresh") => "/ignored".to_owned(),
                _ => "/login".to_owned(),
            },
        };
        let mut response = Response::new(full(""));
        *response.status_mut() = StatusCode::FOUND;
        response
            .headers_mut()
            .insert("location", location.parse().unwrap());
        if request.uri().query() == Some("refresh") {
            response
                .headers_mut()
                .insert("refresh", "0; url=/done".parse().unwrap());
        }
        response
    })
    .await
}

#[tokio::test]
async fn the_prefix_is_stripped_before_matching_and_sent_upstream() {
    let upstream = start_echo_upstream().await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("PATH_PREFIX", "/stack")],
        &[("backend", upstream.address)],
    )
    .await;
    let client = http1_client();
    let (response, body) = send(
        &client,
        get(&dispatcher.url("/stack/api/people?page=2"), &[]),
    )
    .await;
    assert_eq!(response.status(), 200);
    let seen = echo(&body);
    assert_eq!(seen["target"], "/people?page=2");
    assert_eq!(seen["headers"]["x-forwarded-prefix"], "/stack");
    assert_eq!(
        seen["headers"]["x-rewrite-url"], "/stack/api/people",
        "the original path"
    );

    let (direct, body) = send(&client, get(&dispatcher.url("/stack/direct"), &[])).await;
    assert_eq!(
        (direct.status().as_u16(), body.as_str()),
        (200, "answered by the dispatcher")
    );

    for outside in ["/api/people", "/stackx/api/people", "/"] {
        let (response, body) = send(&client, get(&dispatcher.url(outside), &[])).await;
        assert_eq!(response.status(), 404, "{outside}");
        assert!(body.contains("is not under /stack"), "{body}");
    }
    assert_eq!(upstream.requests(), 1);
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn redirects_are_rewritten_to_the_public_url() {
    let upstream = redirecting_upstream().await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("PATH_PREFIX", "/stack")],
        &[("backend", upstream.address)],
    )
    .await;
    let client = http1_client();
    let location =
        |response: &Response<()>| response.headers()["location"].to_str().unwrap().to_owned();

    let (path_only, _) = send(&client, get(&dispatcher.url("/stack/api/x"), &[])).await;
    assert_eq!(location(&path_only), "/stack/login");

    let (absolute, _) = send(&client, get(&dispatcher.url("/stack/api/x?absolute"), &[])).await;
    assert_eq!(
        location(&absolute),
        format!("http://{}/stack/login", dispatcher.address)
    );

    let (refresh, _) = send(&client, get(&dispatcher.url("/stack/api/x?refresh"), &[])).await;
    assert_eq!(refresh.headers()["refresh"], "0; url=/stack/done");

    // An upstream that builds its URLs from X-Forwarded-* needs no rewriting.
    let (werkzeug, _) = send(&client, get(&dispatcher.url("/stack/api/werkzeug"), &[])).await;
    assert_eq!(
        location(&werkzeug),
        format!("http://{}/stack/login", dispatcher.address)
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn behind_a_trusted_edge_the_public_scheme_host_port_and_prefix_reach_the_client() {
    let upstream = redirecting_upstream().await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("PATH_PREFIX", "/stack"), ("TRUSTED_HOPS", "1")],
        &[("backend", upstream.address)],
    )
    .await;
    // The test client plays the TLS edge in front: it says the public URL
    // is https://public.example:8443/outer/...
    let edge = [
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", "public.example:8443"),
        ("x-forwarded-port", "8443"),
        ("x-forwarded-prefix", "/outer"),
        ("x-forwarded-for", "203.0.113.7"),
    ];
    let client = http1_client();
    let (werkzeug, _) = send(&client, get(&dispatcher.url("/stack/api/werkzeug"), &edge)).await;
    assert_eq!(
        werkzeug.headers()["location"],
        "https://public.example:8443/outer/stack/login"
    );
    let (absolute, _) = send(
        &client,
        get(&dispatcher.url("/stack/api/x?absolute"), &edge),
    )
    .await;
    assert_eq!(
        absolute.headers()["location"],
        "https://public.example:8443/outer/stack/login"
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn spoofed_forwarding_headers_are_replaced_when_no_hop_is_trusted() {
    let upstream = start_echo_upstream().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let spoofed = [
        ("x-forwarded-for", "6.6.6.6"),
        ("x-forwarded-proto", "https"),
        ("x-forwarded-host", "evil.example"),
        ("x-forwarded-port", "1"),
        ("x-forwarded-prefix", "/evil"),
    ];
    let (_, body) = send(&http1_client(), get(&dispatcher.url("/api/x"), &spoofed)).await;
    let headers = &echo(&body)["headers"];
    assert_eq!(headers["x-forwarded-for"], "127.0.0.1");
    assert_eq!(headers["x-forwarded-proto"], "http");
    assert_eq!(headers["x-forwarded-host"], dispatcher.address.to_string());
    assert_eq!(
        headers["x-forwarded-port"],
        dispatcher.address.port().to_string()
    );
    assert!(headers.get("x-forwarded-prefix").is_none());
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn trusted_hops_keep_only_what_the_trusted_proxies_added() {
    let upstream = start_echo_upstream().await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("TRUSTED_HOPS", "2")],
        &[("backend", upstream.address)],
    )
    .await;
    // client (spoofs 6.6.6.6) → proxy A (adds the client, 198.51.100.1) →
    // proxy B (adds A, 198.51.100.2) → dispatcher. Two hops are trusted.
    let chain = [
        ("x-forwarded-for", "6.6.6.6, 198.51.100.1, 198.51.100.2"),
        ("x-forwarded-proto", "evil, https, http"),
        (
            "x-forwarded-host",
            "evil.example, public.example, internal.example",
        ),
    ];
    let (_, body) = send(&http1_client(), get(&dispatcher.url("/api/x"), &chain)).await;
    let headers = &echo(&body)["headers"];
    assert_eq!(
        headers["x-forwarded-for"],
        "198.51.100.1, 198.51.100.2, 127.0.0.1"
    );
    assert_eq!(
        headers["x-forwarded-proto"], "https",
        "the outermost trusted proxy's value"
    );
    assert_eq!(headers["x-forwarded-host"], "public.example");
    dispatcher.shutdown().await;
}
