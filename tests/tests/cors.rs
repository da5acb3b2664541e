//! CORS over real sockets (docs/design/behaviour.md §4.5): the rules of
//! `tests/src/examples/cors_session.rs`, with two API upstreams (`blue` and
//! `green`) that echo what they received and name themselves.

use bytes::Bytes;
use dispatcher_tests::examples::cors_session;
use dispatcher_tests::harness::*;
use http::Request;
use http_body_util::Full;
use hyper::body::Incoming;

const APP: &str = "http://app.example.test";

/// An API upstream: a [`named_echo`]; on `/varied` it also answers
/// `Vary: accept-language`, and on `/cors-itself` it sends CORS headers of
/// its own.
async fn api_upstream(name: &'static str) -> Upstream {
    start_upstream(move |request: Request<Incoming>| async move {
        let path = request.uri().path().to_owned();
        let mut response = named_echo(name, request).await;
        let headers = response.headers_mut();
        match path.as_str() {
            "/varied" => {
                headers.insert("vary", "accept-language".parse().unwrap());
            }
            "/cors-itself" => {
                headers.insert("access-control-allow-origin", "*".parse().unwrap());
            }
            _ => {}
        }
        response
    })
    .await
}

struct Setup {
    dispatcher: RunningDispatcher,
    blue: Upstream,
    green: Upstream,
}

async fn setup() -> Setup {
    let blue = api_upstream("blue").await;
    let green = api_upstream("green").await;
    let dispatcher = RunningDispatcher::start(
        &cors_session::DISPATCHER,
        &[],
        &[("api-blue", blue.address), ("api-green", green.address)],
    )
    .await;
    Setup {
        dispatcher,
        blue,
        green,
    }
}

fn request(method: &str, url: &str, headers: &[(&str, &str)], body: &str) -> Request<Full<Bytes>> {
    let mut builder = Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(Full::new(Bytes::from(body.to_owned())))
        .expect("request")
}

const PREFLIGHT_VARY: &str =
    "accept, cookie, origin, access-control-request-method, access-control-request-headers";

/// The Vary of an answer the rules route by Accept and cookie, with the
/// policy's Origin.
const SIMPLE_VARY: &str = "accept, cookie, origin";

/// The [`cors_headers`] of an answer the policy lets [`APP`] read.
fn allowed(vary: &str) -> (Option<&'static str>, Option<&'static str>, Vec<String>) {
    (Some(APP), Some("true"), vec![vary.to_owned()])
}

#[tokio::test]
async fn an_allowed_preflight_is_answered_by_the_dispatcher_with_the_policy() {
    let Setup {
        dispatcher,
        blue,
        green,
    } = setup().await;
    let client = http1_client();
    let (response, body) = send(
        &client,
        request(
            "OPTIONS",
            &dispatcher.url("/notes"),
            &[
                ("host", "api.example.test"),
                ("origin", APP),
                ("access-control-request-method", "PUT"),
                (
                    "access-control-request-headers",
                    "content-type,x-requested-with",
                ),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(response.status(), 204);
    assert_eq!(body, "");
    assert_eq!(
        cors_headers(&response),
        (Some(APP), Some("true"), vec![PREFLIGHT_VARY.to_owned()])
    );
    assert_eq!(
        header(&response, "access-control-allow-methods"),
        Some("GET, POST, PUT, DELETE")
    );
    assert_eq!(
        header(&response, "access-control-allow-headers"),
        Some("content-type, x-requested-with")
    );
    assert_eq!(header(&response, "access-control-max-age"), Some("600"));
    assert_eq!(
        blue.requests() + green.requests(),
        0,
        "a preflight never reaches a service"
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn a_preflight_from_another_origin_or_without_one_is_refused_with_403() {
    let Setup { dispatcher, .. } = setup().await;
    let client = http1_client();
    let url = dispatcher.url("/notes");
    let cases: [(&[(&str, &str)], &str); 3] = [
        (
            &[("origin", "http://evil.example")],
            "origin \"http://evil.example\" is not allowed",
        ),
        (
            &[("origin", "http://app.example.test:8080")],
            "origin \"http://app.example.test:8080\" is not allowed",
        ),
        (&[], "no Origin header"),
    ];
    for (extra, reason) in cases {
        let mut headers = vec![
            ("host", "api.example.test"),
            ("access-control-request-method", "GET"),
        ];
        headers.extend_from_slice(extra);
        let (response, body) = send(&client, request("OPTIONS", &url, &headers, "")).await;
        assert_eq!(response.status(), 403, "{extra:?}");
        assert!(body.starts_with("CORS preflight refused: "), "{body}");
        assert!(body.contains(reason), "{body}");
        assert_eq!(
            cors_headers(&response),
            (None, None, vec![PREFLIGHT_VARY.to_owned()])
        );
    }
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn a_preflight_asking_for_an_unlisted_header_or_method_is_refused_naming_it() {
    let Setup { dispatcher, .. } = setup().await;
    let client = http1_client();
    let url = dispatcher.url("/notes");
    let (response, body) = send(
        &client,
        request(
            "OPTIONS",
            &url,
            &[
                ("host", "api.example.test"),
                ("origin", APP),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type,x-secret"),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(response.status(), 403);
    assert_eq!(
        body,
        "CORS preflight refused: request header x-secret not allowed; allowed: content-type, x-requested-with\n"
    );
    assert_eq!(header(&response, "access-control-allow-origin"), None);

    let (response, body) = send(
        &client,
        request(
            "OPTIONS",
            &url,
            &[
                ("host", "api.example.test"),
                ("origin", APP),
                ("access-control-request-method", "PATCH"),
            ],
            "",
        ),
    )
    .await;
    assert_eq!(response.status(), 403);
    assert!(body.contains("method \"PATCH\" is not allowed"), "{body}");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn a_credentialed_request_is_routed_by_its_cookie_and_gets_the_cors_headers() {
    let Setup {
        dispatcher,
        blue,
        green,
    } = setup().await;
    let client = http1_client();
    for (branch, upstream) in [("blue", &blue), ("green", &green)] {
        let cookie = format!("branch={branch}");
        let (response, body) = send(
            &client,
            request(
                "PUT",
                &dispatcher.url("/notes/1"),
                &[
                    ("host", "api.example.test"),
                    ("origin", APP),
                    ("cookie", &cookie),
                    ("content-type", "application/json"),
                ],
                r#"{"text":"hello"}"#,
            ),
        )
        .await;
        assert_eq!(response.status(), 200);
        let echo: serde_json::Value = serde_json::from_str(&body).expect("JSON echo");
        assert_eq!(echo["upstream"], branch);
        assert_eq!(echo["method"], "PUT");
        assert_eq!(echo["path"], "/notes/1");
        assert_eq!(echo["headers"]["cookie"], cookie.as_str());
        assert_eq!(
            echo["headers"]["origin"], APP,
            "Origin is passed on to the service"
        );
        assert_eq!(echo["body"], r#"{"text":"hello"}"#);
        assert_eq!(cors_headers(&response), allowed(SIMPLE_VARY));
        assert_eq!(
            header(&response, "access-control-expose-headers"),
            Some("x-served-by")
        );
        assert_eq!(header(&response, "x-served-by"), Some(branch));
        assert_eq!(upstream.targets(), ["/notes/1"]);
    }
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn the_rules_vary_merges_into_the_upstreams_vary() {
    let Setup { dispatcher, .. } = setup().await;
    let client = http1_client();
    let (response, _) = send(
        &client,
        get(
            &dispatcher.url("/varied"),
            &[
                ("host", "api.example.test"),
                ("origin", APP),
                ("cookie", "branch=blue"),
            ],
        ),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(cors_headers(&response), allowed("accept-language, origin"));
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn the_policy_replaces_cors_headers_the_upstream_sent() {
    let Setup { dispatcher, .. } = setup().await;
    let client = http1_client();
    let (response, _) = send(
        &client,
        get(
            &dispatcher.url("/cors-itself"),
            &[
                ("host", "api.example.test"),
                ("origin", APP),
                ("cookie", "branch=blue"),
            ],
        ),
    )
    .await;
    assert_eq!(
        header_values(&response, "access-control-allow-origin"),
        [APP]
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn a_send_resp_answer_gets_the_cors_headers_too() {
    let Setup { dispatcher, .. } = setup().await;
    let client = http1_client();
    let (response, body) = send(
        &client,
        get(
            &dispatcher.url("/whoami"),
            &[("host", "api.example.test"), ("origin", APP)],
        ),
    )
    .await;
    assert_eq!(response.status(), 401);
    assert!(body.contains("no session"), "{body}");
    assert_eq!(header(&response, "content-type"), Some("application/json"));
    assert_eq!(cors_headers(&response), allowed(SIMPLE_VARY));
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn another_origin_gets_the_answer_without_cors_headers() {
    let Setup {
        dispatcher, blue, ..
    } = setup().await;
    let client = http1_client();
    let (response, body) = send(
        &client,
        get(
            &dispatcher.url("/whoami"),
            &[
                ("host", "api.example.test"),
                ("origin", "http://evil.example"),
                ("cookie", "branch=blue"),
            ],
        ),
    )
    .await;
    // Answered (the browser, not the dispatcher, keeps it from the page)…
    assert_eq!(response.status(), 200);
    assert!(body.contains("\"upstream\":\"blue\""), "{body}");
    assert_eq!(blue.requests(), 1);
    // …without anything that would let the page read it.
    assert_eq!(
        cors_headers(&response),
        (None, None, vec![SIMPLE_VARY.to_owned()])
    );
    assert_eq!(header(&response, "access-control-expose-headers"), None);
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn a_branch_host_sets_a_site_wide_cookie_and_redirects_on_the_same_port() {
    let Setup { dispatcher, .. } = setup().await;
    let client = http1_client();
    let url = dispatcher.url("/");
    let (response, _) = send(
        &client,
        get(&url, &[("host", "blue.preview.example.test:8080")]),
    )
    .await;
    assert_eq!(response.status(), 302);
    assert_eq!(
        header(&response, "location"),
        Some("http://app.example.test:8080/")
    );
    assert_eq!(
        header(&response, "set-cookie"),
        Some("branch=blue; Path=/; Domain=example.test; HttpOnly; SameSite=Lax")
    );
    let (response, _) = send(&client, get(&url, &[("host", "blue.preview.example.test")])).await;
    assert_eq!(
        header(&response, "location"),
        Some("http://app.example.test/")
    );

    let (response, page) = send(&client, get(&url, &[("host", "app.example.test")])).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(page.contains("credentials: \"include\""), "{page}");
    dispatcher.shutdown().await;
}
