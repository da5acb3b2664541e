//! A real browser through the dispatcher (docs/design/behaviour.md §4.4, §4.5):
//! headless Chromium, driven over the DevTools protocol, visits a branch's
//! preview host (which sets a site-wide `branch` cookie and redirects to the
//! app), loads the app's page from `http://app.example.test`, and the page
//! makes credentialed `fetch`es to `http://api.example.test`. The rules are
//! those of `tests/src/examples/cors_session.rs`.
//!
//! Both origins are the real ones, on port 80 as far as the browser knows:
//! `--host-resolver-rules` maps `*.example.test` to the dispatcher's loopback
//! port, so the CORS policy (a `const` listing `http://app.example.test`)
//! is the one a deployment would use. Every other name fails to resolve:
//! the browser reaches nothing but this test's dispatcher.
//!
//! The browser is driven by [`dispatcher_tests::browser`], which installs
//! Chromium when it is missing and can be, and otherwise fails saying what
//! to install.

use dispatcher_tests::browser::{Chromium, DevTools};
use dispatcher_tests::examples::cors_session;
use dispatcher_tests::harness::*;
use serde_json::Value;

/// What the app page found, once its script has run.
const OUTCOME: &str = "location.href === 'http://app.example.test/' && document.body \
                       && document.body.dataset.done === '1' \
                       ? document.getElementById('outcome').textContent : null";

/// Checks what the page got from the API while the session names `branch`.
fn assert_page_outcome(outcome: &Value, branch: &str) {
    let whoami = &outcome["whoami"];
    assert_eq!(whoami["status"], 200, "{outcome:#}");
    assert_eq!(whoami["body"]["upstream"], branch, "{outcome:#}");
    assert_eq!(
        whoami["body"]["headers"]["cookie"],
        format!("branch={branch}"),
        "the browser sent the session cookie: {outcome:#}"
    );
    assert_eq!(
        whoami["body"]["headers"]["origin"],
        "http://app.example.test"
    );
    assert_eq!(
        whoami["servedBy"], branch,
        "the exposed header is readable: {outcome:#}"
    );

    let preflighted = &outcome["preflighted"];
    assert_eq!(preflighted["status"], 200, "{outcome:#}");
    assert_eq!(preflighted["body"]["upstream"], branch);
    assert_eq!(preflighted["body"]["method"], "PUT");
    assert_eq!(preflighted["body"]["headers"]["x-requested-with"], "fetch");
    assert_eq!(preflighted["body"]["body"], r#"{"text":"hello"}"#);
    assert_eq!(
        preflighted["body"]["headers"]["cookie"],
        format!("branch={branch}")
    );

    // The browser enforces what the dispatcher answers: without CORS
    // headers, or with a refused preflight, the page gets nothing.
    for refused in ["unshared", "unlisted"] {
        let error = outcome[refused]["error"].as_str().unwrap_or("");
        assert!(
            error.contains("TypeError"),
            "{refused} must fail in the browser: {outcome:#}"
        );
        assert!(outcome[refused].get("status").is_none(), "{outcome:#}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_sends_the_session_cookie_cross_origin_and_the_api_routes_by_it() {
    // API upstreams: a JSON echo of what the browser sent, naming itself
    // in the body and in `x-served-by`.
    let blue = start_named_echo_upstream("blue").await;
    let green = start_named_echo_upstream("green").await;
    let dispatcher = RunningDispatcher::start(
        &cors_session::DISPATCHER,
        &[],
        &[("api-blue", blue.address), ("api-green", green.address)],
    )
    .await;
    let chromium = Chromium::start(dispatcher.address.port()).await;
    let mut devtools = DevTools::open_page(&chromium).await;

    // The preview host of branch `blue` sets the cookie and redirects to
    // the app, whose script then calls the API.
    let outcome = devtools
        .visit("http://blue.preview.example.test/", OUTCOME)
        .await;
    let outcome: Value = serde_json::from_str(&outcome).expect("the page's outcome is JSON");
    assert_page_outcome(&outcome, "blue");
    // Preflights were answered by the dispatcher; the unshared route was
    // served (the browser, not the dispatcher, withheld the answer).
    assert_eq!(blue.targets(), ["/whoami", "/notes", "/private/profile"]);
    assert_eq!(green.requests(), 0);

    // Another branch: the cookie changes, and so does the API's upstream.
    let outcome = devtools
        .visit("http://green.preview.example.test/", OUTCOME)
        .await;
    let outcome: Value = serde_json::from_str(&outcome).expect("the page's outcome is JSON");
    assert_page_outcome(&outcome, "green");
    assert_eq!(green.targets(), ["/whoami", "/notes", "/private/profile"]);
    assert_eq!(blue.requests(), 3);

    drop(devtools);
    drop(chromium);
    dispatcher.shutdown().await;
}
