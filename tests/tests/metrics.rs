//! The Prometheus endpoint (docs/design/behaviour.md §5.4): on its own
//! listener, only when METRICS_LISTEN is set, with requests by
//! rule/status/upstream, latency histograms, open connections, upstream errors
//! by kind and pool sizes.

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;

const RULES: &str = include_str!("../src/proxy_rules.rs");

/// The line of the rule whose source line contains `needle`.
fn line_of(needle: &str) -> usize {
    RULES
        .lines()
        .position(|line| line.contains(needle))
        .expect("rule in source")
        + 1
}

async fn scrape(dispatcher: &RunningDispatcher) -> String {
    let address = dispatcher.metrics_address.expect("metrics are on");
    let (response, body) = send(
        &http1_client(),
        get(&format!("http://{address}/metrics"), &[]),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    body
}

/// Scrapes until every line of `expected` is there (a request is counted
/// when its worker has finished with it, which can be just after the client
/// has its answer), failing with the last scrape after the harness's bound.
async fn scrape_until(dispatcher: &RunningDispatcher, expected: &[String]) -> String {
    let deadline = std::time::Instant::now() + BOUND;
    loop {
        let text = scrape(dispatcher).await;
        let missing: Vec<&String> = expected
            .iter()
            .filter(|line| !text.contains(*line))
            .collect();
        if missing.is_empty() {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "missing {missing:?} in\n{text}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn requests_latency_connections_errors_and_pools_are_counted() {
    let upstream = start_echo_upstream().await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("METRICS_LISTEN", "127.0.0.1:0")],
        &[("backend", upstream.address)],
    )
    .await;
    let client = http1_client();
    for _ in 0..3 {
        send(&client, get(&dispatcher.url("/api/x"), &[])).await;
    }
    send(&client, get(&dispatcher.url("/direct"), &[])).await;
    send(&client, get(&dispatcher.url("/nothing/here"), &[])).await;
    send(&client, get(&dispatcher.url("/unresolvable/x"), &[])).await;

    let api = line_of(r#"match!("/api/*path""#);
    let direct = line_of(r#"get!("/direct""#);
    let unresolvable = line_of(r#"match!("/unresolvable/*path""#);
    let expected = [
        format!(
            r#"dispatcher_requests_total{{rule="{api}",status="200",upstream="http://backend"}} 3"#
        ),
        format!(r#"dispatcher_requests_total{{rule="{direct}",status="200",upstream="-"}} 1"#),
        r#"dispatcher_requests_total{rule="-",status="500",upstream="-"} 1"#.to_owned(),
        format!(
            r#"dispatcher_requests_total{{rule="{unresolvable}",status="502",upstream="http://unresolvable"}} 1"#
        ),
        format!(r#"dispatcher_request_duration_seconds_count{{rule="{api}"}} 3"#),
        r#"dispatcher_upstream_errors_total{upstream="http://unresolvable",kind="resolve"} 1"#
            .to_owned(),
        format!(
            r#"dispatcher_upstream_connections{{address="{}"}} 1"#,
            upstream.address
        ),
        "dispatcher_open_connections 1".to_owned(),
    ];
    scrape_until(&dispatcher, &expected).await;
    // The admin port is not the proxy's: /metrics there is just a path.
    let (on_main_port, _) = send(&client, get(&dispatcher.url("/metrics"), &[])).await;
    assert_eq!(on_main_port.status(), 500, "no rule matches /metrics");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn refused_replicas_are_counted_even_when_another_answers() {
    let upstream = start_echo_upstream().await;
    let refused = free_address();
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("METRICS_LISTEN", "127.0.0.1:0")],
        &[("backend", refused), ("backend", upstream.address)],
    )
    .await;
    for _ in 0..4 {
        let (response, _) = send(&http1_client(), get(&dispatcher.url("/api/x"), &[])).await;
        assert_eq!(response.status(), 200);
    }
    let text = scrape(&dispatcher).await;
    assert!(
        text.contains(
            r#"dispatcher_upstream_errors_total{upstream="http://backend",kind="refused"} 1"#
        ),
        "one refusal, then the address was benched:\n{text}"
    );
    dispatcher.shutdown().await;
}

/// Without `METRICS_LISTEN` the proxy keeps no metrics at all (the
/// binary's own wiring of the variable is checked in `process.rs`).
#[tokio::test]
async fn metrics_are_off_unless_configured() {
    let upstream = start_echo_upstream().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    assert!(dispatcher.proxy.metrics.is_none());
    dispatcher.shutdown().await;
}
