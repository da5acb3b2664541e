//! Several instances behind one upstream name (docs/design/behaviour.md §4.3):
//! requests spread over them, a refusing one is benched and its requests go
//! elsewhere (with their bodies), and replicas that appear or vanish are picked
//! up.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use http::{Request, Response};
use http_body_util::BodyExt;
use hyper::body::Incoming;

/// An upstream answering with its own name and the body it received.
async fn replica(name: &'static str) -> Upstream {
    start_upstream(move |request: Request<Incoming>| async move {
        let body = request
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        Response::new(full(format!("{name}:{}", String::from_utf8_lossy(&body))))
    })
    .await
}

/// Sends `count` requests (POSTs with a body when `with_body`) and counts
/// the answers per replica name.
async fn spread(
    dispatcher: &RunningDispatcher,
    count: usize,
    with_body: bool,
) -> HashMap<String, usize> {
    let client = http1_client();
    let mut seen = HashMap::new();
    for index in 0..count {
        let request = if with_body {
            Request::post(dispatcher.url("/api/x"))
                .body(http_body_util::Full::new(Bytes::from(format!(
                    "body-{index}"
                ))))
                .unwrap()
        } else {
            get(&dispatcher.url("/api/x"), &[])
        };
        let (response, body) = send(&client, request).await;
        assert_eq!(response.status(), 200, "{body}");
        let (name, echoed) = body.split_once(':').expect("name:body");
        if with_body {
            assert_eq!(
                echoed,
                format!("body-{index}"),
                "the body reached the replica whole"
            );
        }
        *seen.entry(name.to_owned()).or_insert(0) += 1;
    }
    seen
}

#[tokio::test]
async fn requests_are_spread_evenly_over_the_replicas() {
    let (a, b, c) = (replica("a").await, replica("b").await, replica("c").await);
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[],
        &[
            ("backend", a.address),
            ("backend", b.address),
            ("backend", c.address),
        ],
    )
    .await;
    let seen = spread(&dispatcher, 30, false).await;
    assert_eq!(
        seen,
        HashMap::from([("a".into(), 10), ("b".into(), 10), ("c".into(), 10)])
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn a_refusing_replica_is_benched_and_its_requests_go_elsewhere_bodies_included() {
    let (a, b) = (replica("a").await, replica("b").await);
    let down = free_address();
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("UPSTREAM_BACKOFF", "400")],
        &[
            ("backend", a.address),
            ("backend", down),
            ("backend", b.address),
        ],
    )
    .await;
    // Every request succeeds, POSTs included, though one address refuses.
    let seen = spread(&dispatcher, 20, true).await;
    assert_eq!(seen.values().sum::<usize>(), 20);
    assert!(seen["a"] >= 9 && seen["b"] >= 9, "{seen:?}");
    let balancer = &dispatcher.proxy.balancer;
    assert_eq!(balancer.benched("backend", 80), vec![down]);

    // After the back-off the address is tried again: it is back.
    let revived = start_upstream_on(down, "c").await;
    eventually("the back-off of the refusing address ends", || {
        balancer.benched("backend", 80).is_empty()
    })
    .await;
    let seen = spread(&dispatcher, 30, false).await;
    assert!(
        seen.get("c").copied().unwrap_or(0) >= 9,
        "the revived replica gets its share: {seen:?}"
    );
    assert!(balancer.benched("backend", 80).is_empty());
    revived.abort();
    dispatcher.shutdown().await;
}

/// A replica named `name` on a given (free) address.
async fn start_upstream_on(address: SocketAddr, name: &'static str) -> tokio::task::JoinHandle<()> {
    let listener = bounded(async {
        loop {
            match tokio::net::TcpListener::bind(address).await {
                Ok(listener) => break listener,
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            }
        }
    })
    .await;
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(move |request: Request<Incoming>| async move {
                        let body = request
                            .into_body()
                            .collect()
                            .await
                            .map(|b| b.to_bytes())
                            .unwrap_or_default();
                        Ok::<_, std::convert::Infallible>(Response::new(full(format!(
                            "{name}:{}",
                            String::from_utf8_lossy(&body)
                        ))))
                    });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

/// Asks the balancer for `backend`'s addresses until they are `expected`.
/// Asking, once `UPSTREAM_RESOLVE_INTERVAL` has passed, starts a
/// re-resolution in the background, as a request would.
async fn addresses_known(dispatcher: &RunningDispatcher, expected: &[SocketAddr]) {
    let mut expected = expected.to_vec();
    expected.sort();
    let balancer = &dispatcher.proxy.balancer;
    bounded(async {
        loop {
            let mut known = balancer
                .order("backend", 80)
                .await
                .expect("addresses")
                .to_vec();
            known.sort();
            if known == expected {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
}

#[tokio::test]
async fn replicas_that_appear_or_vanish_are_picked_up_without_a_restart() {
    let (a, b, c) = (replica("a").await, replica("b").await, replica("c").await);
    let file = std::env::temp_dir().join(format!("dispatcher-hosts-{}", std::process::id()));
    let write = |addresses: &[SocketAddr]| {
        let lines: Vec<String> = addresses.iter().map(|a| format!("{a} backend")).collect();
        std::fs::write(
            &file,
            format!("# replicas of backend\n{}\n", lines.join("\n")),
        )
        .unwrap();
    };
    write(&[a.address, b.address]);
    let path = file.to_string_lossy().into_owned();
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[
            ("UPSTREAM_HOSTS_FILE", &path),
            ("UPSTREAM_RESOLVE_INTERVAL", "200"),
        ],
        &[],
    )
    .await;
    assert_eq!(
        spread(&dispatcher, 20, false).await,
        HashMap::from([("a".into(), 10), ("b".into(), 10)])
    );

    let all = [a.address, b.address, c.address];
    write(&all);
    addresses_known(&dispatcher, &all).await;
    let seen = spread(&dispatcher, 30, false).await;
    assert_eq!(seen.len(), 3, "a new replica is reached: {seen:?}");

    write(&[c.address]);
    addresses_known(&dispatcher, &[c.address]).await;
    assert_eq!(
        spread(&dispatcher, 10, false).await,
        HashMap::from([("c".into(), 10)]),
        "vanished replicas are left"
    );
    dispatcher.shutdown().await;
    let _ = std::fs::remove_file(file);
}
