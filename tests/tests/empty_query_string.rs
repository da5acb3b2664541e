//! An empty query string is not forwarded (docs/rules.md, "Bodies"): a
//! request for `/themes?` reaches the upstream as `/themes`, over real
//! sockets. The request line is written by hand, so that no client library
//! drops the `?` before it reaches the dispatcher.

use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;

#[tokio::test]
async fn a_request_for_a_path_and_an_empty_query_reaches_the_upstream_without_the_question_mark() {
    let upstream = start_echo_upstream().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    for (target, forwarded) in [
        ("/api/themes?", "/themes"),
        ("/api/themes/1?", "/themes/1"),
        ("/api/themes?page=2", "/themes?page=2"),
    ] {
        let response = exchange_to_close(
            dispatcher.address,
            format!("GET {target} HTTP/1.1\r\nHost: app.example.org\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .await;
        assert!(
            response.starts_with("HTTP/1.1 200 "),
            "{target}: {response}"
        );
        assert!(
            response.contains(&format!("\"target\":\"{forwarded}\"")),
            "{target} is forwarded as {forwarded}: {response}"
        );
    }
    assert_eq!(
        upstream.targets(),
        ["/themes", "/themes/1", "/themes?page=2"],
        "the targets the upstream received"
    );
    dispatcher.shutdown().await;
}
