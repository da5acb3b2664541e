//! Session routing (docs/design/behaviour.md §4.4): the "elastic URL" rules of
//! `tests/src/examples/elastic.rs`, over real sockets, with three upstreams
//! (main and two branches) that answer with their own name.

use dispatcher_tests::examples::elastic;
use dispatcher_tests::harness::*;
use http::{Request, Response};
use hyper::body::Incoming;

async fn named_upstream(name: &'static str) -> Upstream {
    start_upstream(move |request: Request<Incoming>| async move {
        Response::new(full(format!("{name} {}", request.uri().path())))
    })
    .await
}

async fn setup() -> RunningDispatcher {
    let main = named_upstream("main").await;
    let x = named_upstream("feature-x").await;
    let y = named_upstream("feature-y").await;
    RunningDispatcher::start(
        &elastic::DISPATCHER,
        &[],
        &[
            ("app-main", main.address),
            ("app-feature-x", x.address),
            ("app-feature-y", y.address),
        ],
    )
    .await
}

#[tokio::test]
async fn a_branch_host_sets_the_cookie_and_the_shared_url_follows_it() {
    let dispatcher = setup().await;
    let client = http1_client();
    let url = dispatcher.url("/some/page");

    // First visit on the branch's own host.
    let (redirect, _) = send(
        &client,
        get(&url, &[("host", "feature-x.preview.example.test")]),
    )
    .await;
    assert_eq!(redirect.status(), 302);
    assert_eq!(redirect.headers()["location"], "http://app.example.test/");
    let cookie = redirect.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("branch=feature-x;"), "{cookie}");

    // The shared URL, with the cookie the browser now sends.
    let (_, body) = send(
        &client,
        get(
            &url,
            &[
                ("host", "app.example.test"),
                ("cookie", "session=abc; branch=feature-x"),
            ],
        ),
    )
    .await;
    assert_eq!(body, "feature-x /some/page");
    let (_, body) = send(
        &client,
        get(
            &url,
            &[("host", "app.example.test"), ("cookie", "branch=feature-y")],
        ),
    )
    .await;
    assert_eq!(body, "feature-y /some/page");

    // No cookie: the main deployment. A header works for API clients.
    let (_, body) = send(&client, get(&url, &[("host", "app.example.test")])).await;
    assert_eq!(body, "main /some/page");
    let (_, body) = send(
        &client,
        get(
            &url,
            &[("host", "app.example.test"), ("x-branch", "feature-y")],
        ),
    )
    .await;
    assert_eq!(body, "feature-y /some/page");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn session_values_cannot_steer_requests_elsewhere() {
    let dispatcher = setup().await;
    let client = http1_client();
    let url = dispatcher.url("/x");
    for hostile in ["evil.example/x", "a b", "../main", "x@y"] {
        let cookie = format!("branch={hostile}");
        let (response, body) = send(
            &client,
            get(&url, &[("host", "app.example.test"), ("cookie", &cookie)]),
        )
        .await;
        assert_eq!(
            (response.status().as_u16(), body.as_str()),
            (400, "not a branch name"),
            "{hostile}"
        );
    }
    // A branch nobody deployed: a 502 naming it, not a lookup elsewhere.
    let (response, body) = send(
        &client,
        get(
            &url,
            &[("host", "app.example.test"), ("cookie", "branch=gone")],
        ),
    )
    .await;
    assert_eq!(response.status(), 502);
    assert!(body.contains("app-gone"), "{body}");
    dispatcher.shutdown().await;
}

#[test]
fn explain_says_which_cookie_was_missing() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mu-examples"))
        .args(["elastic", "explain", "--host", "app.example.test", "/x"])
        .output()
        .unwrap();
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["action"]["url"], "http://app-main/x");
    let reasons: Vec<&str> = result["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"cookie: the request has no cookie \"branch\""),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&"header: the request has no header \"x-branch\""),
        "{reasons:?}"
    );
}
