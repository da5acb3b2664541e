//! Forwarding over real sockets (docs/design/behaviour.md §3.1–3.5): headers
//! both ways, streaming both ways, keep-alive reuse, the stale-connection
//! retry, and what clients see when upstreams fail.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use dispatcher_tests::harness::*;
use dispatcher_tests::proxy_rules::DISPATCHER;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, StreamBody};
use hyper::body::{Frame, Incoming};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{Notify, mpsc};

async fn echo_setup() -> (Upstream, RunningDispatcher) {
    let upstream = start_echo_upstream().await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    (upstream, dispatcher)
}

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"))
}

#[tokio::test]
async fn forwards_the_segments_and_the_query_string() {
    let (_upstream, dispatcher) = echo_setup().await;
    let (response, body) = send(
        &http1_client(),
        get(&dispatcher.url("/api/a//b/?x=1&y=%20"), &[]),
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(json(&body)["target"], "/a/b?x=1&y=%20");
    assert_eq!(json(&body)["version"], "HTTP/1.1");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn request_headers_are_rewritten_for_the_upstream() {
    let (_upstream, dispatcher) = echo_setup().await;
    let request = "GET /api/people?page=2 HTTP/1.1\r\n\
        Host: example.com:8080\r\n\
        Accept: application/json\r\n\
        Accept-Encoding: gzip, br\r\n\
        Connection: close, x-secret\r\n\
        X-Secret: hop\r\n\
        Keep-Alive: timeout=5\r\n\
        TE: trailers\r\n\
        Proxy-Authorization: Basic eDp5\r\n\
        X-Forwarded-For: 192.0.2.1\r\n\
        Cookie: session=1\r\n\r\n";
    let response = exchange_to_close(dispatcher.address, request.as_bytes()).await;
    let body = response.split("\r\n\r\n").nth(1).expect("a body");
    let headers = &json(body)["headers"];
    assert_eq!(
        headers["host"], "example.com:8080",
        "the original Host is kept"
    );
    assert_eq!(headers["accept"], "application/json");
    assert_eq!(headers["cookie"], "session=1");
    assert_eq!(
        headers["x-rewrite-url"], "/api/people",
        "the original path, without query"
    );
    assert_eq!(
        headers["x-forwarded-for"], "127.0.0.1",
        "no hop is trusted by default"
    );
    assert_eq!(headers["x-forwarded-proto"], "http");
    assert_eq!(headers["x-forwarded-host"], "example.com:8080");
    assert_eq!(headers["x-forwarded-port"], "8080");
    assert_eq!(headers["via"], "1.1 dispatcher", "RFC 9110 §7.6.3");
    for removed in [
        "accept-encoding",
        "x-secret",
        "keep-alive",
        "te",
        "proxy-authorization",
    ] {
        assert!(
            headers.get(removed).is_none(),
            "{removed} must not reach the upstream"
        );
    }
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn response_headers_are_rewritten_for_the_client() {
    let upstream = start_upstream(|request: Request<Incoming>| async move {
        let mut response = Response::new(full("hello"));
        let headers = response.headers_mut();
        headers.insert("connection", "x-hop".parse().unwrap());
        headers.insert("x-hop", "1".parse().unwrap());
        headers.insert("keep-alive", "timeout=5".parse().unwrap());
        headers.insert("x-kept", "yes".parse().unwrap());
        if request.uri().path() == "/varied" {
            headers.insert("vary", "origin".parse().unwrap());
        }
        response
    })
    .await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let client = http1_client();
    let (plain, body) = send(&client, get(&dispatcher.url("/api/plain"), &[])).await;
    assert_eq!(body, "hello");
    assert_eq!(plain.headers()["vary"], "accept, cookie");
    assert_eq!(plain.headers()["x-kept"], "yes");
    assert!(plain.headers().get("x-hop").is_none());
    assert!(plain.headers().get("keep-alive").is_none());
    let (varied, _) = send(&client, get(&dispatcher.url("/api/varied"), &[])).await;
    assert_eq!(
        varied.headers()["vary"],
        "origin",
        "an upstream Vary is left alone"
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn header_changes_made_by_the_rule_reach_upstream_and_client() {
    let (_upstream, dispatcher) = echo_setup().await;
    let (response, body) = send(
        &http1_client(),
        get(
            &dispatcher.url("/edit/x"),
            &[("x-drop", "1"), ("x-keep", "2")],
        ),
    )
    .await;
    let headers = &json(&body)["headers"];
    assert_eq!(headers["x-added"], "by-rule");
    assert_eq!(headers["x-keep"], "2");
    assert!(headers.get("x-drop").is_none());
    assert_eq!(response.headers()["x-rule"], "edit");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn direct_answers_and_rule_failures() {
    let (_upstream, dispatcher) = echo_setup().await;
    let client = http1_client();
    let (direct, body) = send(&client, get(&dispatcher.url("/direct"), &[])).await;
    assert_eq!(
        (direct.status(), body.as_str()),
        (StatusCode::OK, "answered by the dispatcher")
    );
    assert_eq!(direct.headers()["vary"], "accept, cookie");

    let (bad_url, body) = send(&client, get(&dispatcher.url("/bad-url"), &[])).await;
    assert_eq!(bad_url.status(), 500);
    assert!(
        body.contains("the rule on line") && body.contains("invalid base URL \"not a url\""),
        "{body}"
    );

    let (bad_header, body) = send(&client, get(&dispatcher.url("/bad-header"), &[])).await;
    assert_eq!(bad_header.status(), 500);
    assert!(
        body.contains("invalid header name \"bad header\""),
        "{body}"
    );

    let (none, body) = send(&client, get(&dispatcher.url("/nothing/here"), &[])).await;
    assert_eq!(none.status(), 500);
    assert!(body.contains("no rule matched GET /nothing/here"), "{body}");

    // The process keeps serving after all of these.
    let (again, _) = send(&client, get(&dispatcher.url("/direct"), &[])).await;
    assert_eq!(again.status(), 200);
    dispatcher.shutdown().await;
}

/// `UPSTREAM_MAX_IDLE=0` keeps no idle upstream connection: every request
/// opens its own, where the default pool serves them all on one.
#[tokio::test]
async fn upstream_max_idle_zero_keeps_no_connection() {
    let upstream = start_echo_upstream().await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("UPSTREAM_MAX_IDLE", "0")],
        &[("backend", upstream.address)],
    )
    .await;
    let client = http1_client();
    for index in 0..3 {
        let (response, _) = send(
            &client,
            get(&dispatcher.url(&format!("/api/item/{index}")), &[]),
        )
        .await;
        assert_eq!(response.status(), 200);
    }
    assert_eq!(upstream.requests(), 3);
    assert_eq!(upstream.connections(), 3, "one connection per request");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn upstream_connections_are_kept_alive_and_reused() {
    let (upstream, dispatcher) = echo_setup().await;
    let client = http1_client();
    for index in 0..20 {
        let (response, body) = send(
            &client,
            get(&dispatcher.url(&format!("/api/item/{index}")), &[]),
        )
        .await;
        assert_eq!(response.status(), 200);
        assert_eq!(json(&body)["target"], format!("/item/{index}"));
    }
    assert_eq!(upstream.requests(), 20);
    assert_eq!(
        upstream.connections(),
        1,
        "one pooled connection serves every request"
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn the_upstream_gets_the_first_request_chunk_before_the_client_sends_the_last() {
    let (first_chunk_seen, mut first_chunk_rx) = mpsc::channel::<usize>(1);
    let upstream = start_upstream(move |request: Request<Incoming>| {
        let first_chunk_seen = first_chunk_seen.clone();
        async move {
            let mut body = request.into_body();
            let mut total = 0;
            let mut reported = false;
            while let Some(Ok(frame)) = body.frame().await {
                if let Some(data) = frame.data_ref() {
                    total += data.len();
                    if !reported {
                        reported = true;
                        let _ = first_chunk_seen.send(data.len()).await;
                    }
                }
            }
            Response::new(full(format!("received {total} bytes")))
        }
    })
    .await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let mut client = TcpStream::connect(dispatcher.address).await.unwrap();
    client
        .write_all(b"POST /api/upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n")
        .await
        .unwrap();
    // The last chunk is only sent once the upstream has seen the first: a
    // dispatcher that buffered the body would never get here.
    let seen = bounded(first_chunk_rx.recv()).await;
    assert_eq!(seen, Some(5));
    client.write_all(b"6\r\nsecond\r\n0\r\n\r\n").await.unwrap();
    let response = read_response(&mut client).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("received 11 bytes"), "{response}");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn the_client_gets_the_first_response_chunk_before_the_upstream_sends_the_last() {
    // The upstream sends its last chunk only once the client has the first.
    let client_has_first = Arc::new(Notify::new());
    let upstream = start_gated_upstream(Arc::clone(&client_has_first)).await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let response = bounded(http1_client().request(get(&dispatcher.url("/api/stream"), &[])))
        .await
        .unwrap();
    let mut body = response.into_body();
    assert_eq!(&first_data(&mut body).await[..], b"first;");
    client_has_first.notify_one();
    let rest = bounded(body.collect()).await.unwrap().to_bytes();
    assert_eq!(&rest[..], b"last");
    dispatcher.shutdown().await;
}

/// 10,000 requests through a debug build: bounded by a minute rather than
/// the harness's per-step bound, since a loaded CI machine may be slow; what
/// this asserts is that every answer is right, not how fast they come.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_clients_two_hundred_requests_each_all_answered_correctly() {
    let (upstream, dispatcher) = echo_setup().await;
    let dispatcher = Arc::new(dispatcher);
    let mut clients = Vec::new();
    for client_index in 0..50 {
        let dispatcher = Arc::clone(&dispatcher);
        clients.push(tokio::spawn(async move {
            let client = http1_client();
            for request_index in 0..200 {
                let target = format!("/c{client_index}/r{request_index}");
                let (response, body) =
                    send(&client, get(&dispatcher.url(&format!("/api{target}")), &[])).await;
                assert_eq!(response.status(), 200);
                assert_eq!(json(&body)["target"], target);
            }
        }));
    }
    let all = async {
        for client in clients {
            client.await.expect("client task");
        }
    };
    tokio::time::timeout(Duration::from_secs(60), all)
        .await
        .expect("10,000 requests answered within a minute");
    assert_eq!(upstream.requests(), 10_000);
    Arc::try_unwrap(dispatcher)
        .ok()
        .expect("sole owner")
        .shutdown()
        .await;
}

/// Connection 0 answers one request, then takes the next one and closes
/// without answering (an upstream that closed a keep-alive connection just
/// as the dispatcher reused it). Later connections answer everything.
async fn upstream_closing_its_first_connection_after_one_request()
-> (std::net::SocketAddr, Arc<std::sync::atomic::AtomicUsize>) {
    start_raw_upstream(|mut stream: TcpStream, index| async move {
        let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
        if index == 0 {
            if read_head(&mut stream).await.is_some() {
                let _ = stream.write_all(ok).await;
            }
            let _ = read_head(&mut stream).await;
            return;
        }
        while let Some(head) = read_head(&mut stream).await {
            if head.to_ascii_lowercase().contains("content-length: 4") {
                let mut body = [0u8; 4];
                let _ = stream.read_exact(&mut body).await;
            }
            if stream.write_all(ok).await.is_err() {
                return;
            }
        }
    })
    .await
}

#[tokio::test]
async fn stale_pooled_connection_is_retried_once_for_an_idempotent_request() {
    let (address, connections) = upstream_closing_its_first_connection_after_one_request().await;
    let dispatcher = RunningDispatcher::start(&DISPATCHER, &[], &[("backend", address)]).await;
    let client = http1_client();
    let (first, _) = send(&client, get(&dispatcher.url("/api/one"), &[])).await;
    assert_eq!(first.status(), 200);
    let (second, body) = send(&client, get(&dispatcher.url("/api/two"), &[])).await;
    assert_eq!((second.status(), body.as_str()), (StatusCode::OK, "ok"));
    assert_eq!(
        connections.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "retried on a fresh connection"
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn a_request_with_a_body_is_not_sent_twice() {
    let (address, connections) = upstream_closing_its_first_connection_after_one_request().await;
    let dispatcher = RunningDispatcher::start(&DISPATCHER, &[], &[("backend", address)]).await;
    let client = http1_client();
    let (first, _) = send(&client, get(&dispatcher.url("/api/one"), &[])).await;
    assert_eq!(first.status(), 200);
    let post = Request::post(dispatcher.url("/api/two"))
        .body(http_body_util::Full::new(Bytes::from_static(b"data")))
        .unwrap();
    let (second, body) = send(&client, post).await;
    assert_eq!(second.status(), 502, "{body}");
    assert!(
        body.contains("upstream http://backend/two: the upstream"),
        "{body}"
    );
    assert_eq!(
        connections.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "not retried"
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn a_refused_upstream_is_a_502_that_names_it() {
    let closed_port = free_address();
    let dispatcher = RunningDispatcher::start(&DISPATCHER, &[], &[("backend", closed_port)]).await;
    let (response, body) = send(&http1_client(), get(&dispatcher.url("/api/x"), &[])).await;
    assert_eq!(response.status(), 502);
    assert!(body.contains("upstream http://backend/x"), "{body}");
    assert!(
        body.contains(&format!("connection to {closed_port} refused")),
        "{body}"
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn an_unresolvable_upstream_is_a_502_that_says_so() {
    let dispatcher = RunningDispatcher::start(&DISPATCHER, &[], &[]).await;
    let (response, body) = send(
        &http1_client(),
        get(&dispatcher.url("/unresolvable/x"), &[]),
    )
    .await;
    assert_eq!(response.status(), 502);
    assert!(body.contains("could not resolve unresolvable"), "{body}");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn an_upstream_that_does_not_answer_in_time_is_a_504() {
    let upstream = start_slow_upstream(Duration::from_secs(3), "too late").await;
    let dispatcher = RunningDispatcher::start(
        &DISPATCHER,
        &[("UPSTREAM_TIMEOUT", "200")],
        &[("backend", upstream.address)],
    )
    .await;
    let started = std::time::Instant::now();
    let (response, body) = send(&http1_client(), get(&dispatcher.url("/api/slow"), &[])).await;
    assert_eq!(response.status(), 504);
    assert!(body.contains("no response within 200 ms"), "{body}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "answered at the timeout, not when the upstream woke"
    );
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn an_upstream_dying_mid_body_aborts_the_client_connection() {
    let (address, _) = start_raw_upstream(|mut stream: TcpStream, _| async move {
        if read_head(&mut stream).await.is_some() {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n")
                .await;
            let _ = stream.write_all(&[b'x'; 1000]).await;
        }
        // Dropping the stream closes it 99,000 bytes early.
    })
    .await;
    let dispatcher = RunningDispatcher::start(&DISPATCHER, &[], &[("backend", address)]).await;
    // Keep-alive is asked for: the dispatcher must close the connection
    // itself, or the client would wait for the missing bytes forever.
    let received = exchange_to_close(
        dispatcher.address,
        b"GET /api/big HTTP/1.1\r\nHost: x\r\n\r\n",
    )
    .await;
    let (head, body) = received.split_once("\r\n\r\n").expect("a response head");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("content-length: 100000"), "{head}");
    assert_eq!(
        body.len(),
        1000,
        "the client sees the connection close short of the announced length"
    );

    // A chunked response cut short never gets its final chunk.
    let (chunked, _) = start_raw_upstream(|mut stream: TcpStream, _| async move {
        if read_head(&mut stream).await.is_some() {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n")
                .await;
        }
    })
    .await;
    let dispatcher2 = RunningDispatcher::start(&DISPATCHER, &[], &[("backend", chunked)]).await;
    let received = exchange_to_close(
        dispatcher2.address,
        b"GET /api/big HTTP/1.1\r\nHost: x\r\n\r\n",
    )
    .await;
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    assert!(received.contains("hello"), "{received}");
    assert!(
        !received.ends_with("0\r\n\r\n"),
        "no final chunk: {received:?}"
    );

    // Over HTTP/2 the stream is reset: the request, or the client's body
    // read, fails (h2 drops a response head still queued when its stream
    // is reset, so the reset may come before the head or after it).
    match bounded(http2_client().request(get(&dispatcher.url("/api/big"), &[]))).await {
        Err(error) => assert!(
            format!("{error:?}").contains("Reset") || format!("{error:?}").contains("reset"),
            "{error:?}"
        ),
        Ok(response) => {
            assert_eq!(response.status(), 200);
            let result = bounded(response.into_body().collect()).await;
            assert!(
                result.is_err(),
                "the truncated HTTP/2 body must end in an error"
            );
        }
    }
    dispatcher.shutdown().await;
    dispatcher2.shutdown().await;
}

/// A body far larger than any buffer of the dispatcher (3 MiB, with a
/// pattern so that a lost or repeated piece shows) reaches the upstream
/// byte for byte.
#[tokio::test]
async fn a_three_mebibyte_request_body_is_forwarded_whole() {
    let (_upstream, dispatcher) = echo_setup().await;
    let payload: String = (0..3 * 1024 * 1024)
        .map(|index: usize| char::from(b'a' + (index % 26) as u8))
        .collect();
    let post = Request::post(dispatcher.url("/api/echo"))
        .body(http_body_util::Full::new(Bytes::from(payload.clone())))
        .unwrap();
    let (response, body) = send(&http1_client(), post).await;
    assert_eq!(response.status(), 200);
    assert!(
        json(&body)["body"].as_str() == Some(payload.as_str()),
        "the body the upstream got differs from the one sent"
    );
    dispatcher.shutdown().await;
}

/// A response body of known length far larger than the pooled buffers (it
/// goes socket to socket through a pipe), with a pattern so that a lost or
/// repeated piece shows: both responses on one client connection arrive
/// byte for byte, and the upstream connection is pooled after each.
#[tokio::test]
async fn large_responses_of_known_length_reach_the_client_whole_and_both_connections_go_on() {
    fn pattern(length: usize, seed: usize) -> Bytes {
        (0..length)
            .map(|index| b'a' + ((index * 7 + seed) % 26) as u8)
            .collect::<Vec<u8>>()
            .into()
    }
    let upstream = start_upstream(|request: Request<Incoming>| async move {
        let seed: usize = request
            .uri()
            .path()
            .rsplit('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Response::new(full(pattern(3 * 1024 * 1024 + seed, seed)))
    })
    .await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let mut client = TcpStream::connect(dispatcher.address).await.unwrap();
    for seed in [5, 11] {
        client
            .write_all(format!("GET /api/large/{seed} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let expected = pattern(3 * 1024 * 1024 + seed, seed);
        let head = read_head(&mut client).await.expect("a response head");
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(
            head.to_ascii_lowercase()
                .contains(&format!("content-length: {}", expected.len())),
            "{head}"
        );
        let mut body = vec![0u8; expected.len()];
        bounded(client.read_exact(&mut body)).await.unwrap();
        assert!(
            body == expected,
            "response {seed}: the body differs from the upstream's"
        );
    }
    assert_eq!(upstream.requests(), 2);
    assert_eq!(
        upstream.connections(),
        1,
        "the upstream connection is pooled after a whole large body"
    );
    dispatcher.shutdown().await;
}

/// A client with a small receive window that reads in small pieces: the
/// dispatcher's writes to it keep stopping while the upstream's bytes keep
/// coming (read ahead into the pipe until it is full), and every byte still
/// arrives once and in order.
#[tokio::test]
async fn a_slow_client_with_a_small_window_gets_a_large_body_whole() {
    const LENGTH: usize = 6 * 1024 * 1024 + 3;
    fn pattern() -> Bytes {
        (0..LENGTH)
            .map(|index| b'a' + ((index / 7) % 26) as u8)
            .collect::<Vec<u8>>()
            .into()
    }
    let upstream =
        start_upstream(|_request: Request<Incoming>| async move { Response::new(full(pattern())) })
            .await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut client = socket.connect(dispatcher.address).await.unwrap();
    client
        .write_all(b"GET /api/slow HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let head = read_head(&mut client).await.expect("a response head");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let mut body = Vec::with_capacity(LENGTH);
    let mut piece = [0u8; 1500];
    while body.len() < LENGTH {
        let want = piece.len().min(LENGTH - body.len());
        let n = bounded(client.read(&mut piece[..want])).await.unwrap();
        assert!(n > 0, "the connection closed after {} bytes", body.len());
        body.extend_from_slice(&piece[..n]);
        tokio::task::yield_now().await;
    }
    assert!(body == pattern(), "the body differs from the upstream's");
    dispatcher.shutdown().await;
}

/// A client that leaves part-way through a large body: the upstream
/// connection, with the rest of that body in it, is closed, not pooled, and
/// the dispatcher goes on serving.
#[tokio::test]
async fn a_client_leaving_a_large_body_part_way_ends_its_upstream_connection() {
    let (cut, mut cut_seen) = mpsc::channel::<()>(1);
    let (address, connections) = start_raw_upstream(move |mut stream: TcpStream, _| {
        let cut = cut.clone();
        async move {
            while let Some(head) = read_head(&mut stream).await {
                // Far more than the sockets' buffers hold: this write cannot
                // end before the dispatcher stops reading.
                let length: usize = if head.contains("/api/large") {
                    256 << 20
                } else {
                    5
                };
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {length}\r\n\r\n");
                let mut sent = stream.write_all(head.as_bytes()).await.is_ok();
                let piece = [b'y'; 64 * 1024];
                let mut left = length;
                while sent && left > 0 {
                    let n = left.min(piece.len());
                    sent = stream.write_all(&piece[..n]).await.is_ok();
                    left -= n;
                }
                if !sent {
                    let _ = cut.send(()).await;
                    return;
                }
            }
        }
    })
    .await;
    let dispatcher = RunningDispatcher::start(&DISPATCHER, &[], &[("backend", address)]).await;
    let mut leaving = TcpStream::connect(dispatcher.address).await.unwrap();
    leaving
        .write_all(b"GET /api/large HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut part = vec![0u8; 256 * 1024];
    bounded(leaving.read_exact(&mut part)).await.unwrap();
    drop(leaving);
    // The upstream's write fails: the dispatcher closed its end, with most
    // of the 256 MiB still to come.
    assert_eq!(bounded(cut_seen.recv()).await, Some(()));
    let mut client = TcpStream::connect(dispatcher.address).await.unwrap();
    client
        .write_all(b"GET /api/small HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let response = read_response(&mut client).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("\r\n\r\nyyyyy"), "{response}");
    assert_eq!(
        connections.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "a second upstream connection for the second request"
    );
    dispatcher.shutdown().await;
}

/// A chunked response far larger than the pooled buffer, in chunks whose
/// lines and data straddle every read: the dispatcher moves it to a larger
/// buffer part-way (keeping a partial chunk line), and the client gets every
/// byte in order.
#[tokio::test]
async fn a_large_chunked_response_reaches_the_client_whole() {
    fn piece(i: usize) -> String {
        format!("{i:05}:{}|", "x".repeat(997 + i % 13))
    }
    let upstream = start_upstream(|_request: Request<Incoming>| async move {
        let chunks = futures_util::stream::iter(
            (0..300).map(|i| Ok::<_, std::io::Error>(Frame::data(Bytes::from(piece(i))))),
        );
        Response::new(StreamBody::new(chunks).boxed())
    })
    .await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let (response, body) = send(&http1_client(), get(&dispatcher.url("/api/large"), &[])).await;
    assert_eq!(response.status(), 200);
    let expected: String = (0..300).map(piece).collect();
    assert_eq!(body.len(), expected.len());
    assert!(body == expected, "the body differs from the upstream's");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn streamed_chunks_pass_through_in_order() {
    let upstream = start_upstream(|_request: Request<Incoming>| async move {
        let chunks = futures_util::stream::iter(
            (0..100).map(|i| Ok::<_, std::io::Error>(Frame::data(Bytes::from(format!("{i},"))))),
        );
        Response::new(StreamBody::new(chunks).boxed())
    })
    .await;
    let dispatcher =
        RunningDispatcher::start(&DISPATCHER, &[], &[("backend", upstream.address)]).await;
    let (_, body) = send(&http1_client(), get(&dispatcher.url("/api/chunks"), &[])).await;
    let expected: String = (0..100).map(|i| format!("{i},")).collect();
    assert_eq!(body, expected);
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn via_names_each_hop_and_the_protocol_it_came_in_with() {
    let (_upstream, dispatcher) = echo_setup().await;
    let (_, body) = send(
        &http1_client(),
        get(&dispatcher.url("/api/via"), &[("via", "1.1 edge")]),
    )
    .await;
    assert_eq!(json(&body)["headers"]["via"], "1.1 edge, 1.1 dispatcher");
    let (_, body) = send(&http2_client(), get(&dispatcher.url("/api/via"), &[])).await;
    assert_eq!(json(&body)["headers"]["via"], "2 dispatcher");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn max_forwards_zero_ends_options_and_trace_at_the_dispatcher() {
    let (upstream, dispatcher) = echo_setup().await;
    // The rule for any.test forwards every method.
    let ask = |request: &'static str| async {
        let raw = exchange_to_close(dispatcher.address, request.as_bytes()).await;
        parse_response(raw.as_bytes()).unwrap_or_else(|| panic!("an answer: {raw}"))
    };
    let options = ask(
        "OPTIONS /x HTTP/1.1\r\nHost: any.test\r\nMax-Forwards: 0\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!((options.status, options.body.len()), (200, 0));
    let trace =
        ask("TRACE /x HTTP/1.1\r\nHost: any.test\r\nMax-Forwards: 0\r\nConnection: close\r\n\r\n")
            .await;
    assert_eq!(trace.status, 501);
    assert!(upstream.targets().is_empty(), "{:?}", upstream.targets());
    // A larger value goes on, one less.
    let forwarded = ask(
        "OPTIONS /x HTTP/1.1\r\nHost: any.test\r\nMax-Forwards: 3\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(forwarded.status, 200);
    let echo: Value = serde_json::from_slice(&forwarded.body).unwrap();
    assert_eq!(echo["headers"]["max-forwards"], "2");
    // Other methods ignore it.
    let get =
        ask("GET /x HTTP/1.1\r\nHost: any.test\r\nMax-Forwards: 0\r\nConnection: close\r\n\r\n")
            .await;
    assert_eq!(get.status, 200);
    assert_eq!(upstream.targets(), ["/any/x", "/any/x"]);
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn expect_100_continue_is_answered_before_the_body_is_sent() {
    let (_upstream, dispatcher) = echo_setup().await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    stream
        .write_all(
            b"POST /api/upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\
              Content-Length: 5\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    // The client waits for 100 Continue before it sends the body.
    let interim = read_head(&mut stream).await.expect("an interim answer");
    assert!(
        interim.starts_with("HTTP/1.1 100 Continue\r\n"),
        "{interim}"
    );
    stream.write_all(b"hello").await.unwrap();
    let raw = read_to_close(&mut stream).await;
    let response = parse_response(raw.as_bytes()).expect("the final answer");
    assert_eq!(response.status, 200, "{raw}");
    let echo: Value = serde_json::from_slice(&response.body).unwrap();
    assert_eq!(echo["body"], "hello");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn expect_and_upgrade_in_an_http10_request_are_ignored() {
    let (_upstream, dispatcher) = echo_setup().await;
    // No 100 Continue for HTTP/1.0 (RFC 9110 §10.1.1): the body follows
    // the head at once, and the first answer is the final one.
    let raw = exchange_to_close(
        dispatcher.address,
        b"POST /api/old HTTP/1.0\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello",
    )
    .await;
    let response = parse_response(raw.as_bytes()).expect("an answer");
    assert_eq!(response.status, 200, "{raw}");
    assert_eq!(
        json(std::str::from_utf8(&response.body).unwrap())["body"],
        "hello"
    );
    // Upgrade in HTTP/1.0 is ignored (RFC 9110 §7.8): a plain request.
    let raw = exchange_to_close(
        dispatcher.address,
        b"GET /ws/old HTTP/1.0\r\nHost: x\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n",
    )
    .await;
    let response = parse_response(raw.as_bytes()).expect("an answer");
    assert_eq!(response.status, 200, "{raw}");
    let echo = json(std::str::from_utf8(&response.body).unwrap());
    assert!(echo["headers"].get("upgrade").is_none(), "{echo}");
    dispatcher.shutdown().await;
}

/// The case the test above cannot see: the body comes after a pause, when
/// an HTTP/1.1 client would be sent `100 Continue`. An HTTP/1.0 client must
/// never get a 1xx (RFC 9110 §15.2).
#[tokio::test]
async fn an_http10_client_waiting_to_send_its_body_gets_no_100_continue() {
    let (upstream, dispatcher) = echo_setup().await;
    let mut stream = TcpStream::connect(dispatcher.address).await.unwrap();
    stream
        .write_all(b"POST /api/old HTTP/1.0\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        .await
        .unwrap();
    // The dispatcher forwards the head before the body (it streams): once
    // the upstream has it, the dispatcher has decided whether to send 100.
    eventually("the upstream has the head", || upstream.requests() > 0).await;
    stream.write_all(b"hello").await.unwrap();
    let raw = read_to_close(&mut stream).await;
    assert!(
        raw.starts_with("HTTP/1.1 200"),
        "no interim answer first: {raw}"
    );
    assert!(!raw.contains("100 Continue"), "{raw}");
    dispatcher.shutdown().await;
}

/// A HEAD request the dispatcher answers itself because the upstream
/// failed gets the error's head only: a body would be read as the start of
/// the next answer.
#[tokio::test]
async fn a_failed_head_request_gets_an_error_head_without_a_body() {
    let refusing = free_address();
    let dispatcher = RunningDispatcher::start(&DISPATCHER, &[], &[("backend", refusing)]).await;
    let raw = exchange_to_close(
        dispatcher.address,
        b"HEAD /api/head HTTP/1.1\r\nHost: x\r\n\r\nGET /direct HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    let (head, rest) = raw.split_once("\r\n\r\n").expect("a head");
    assert!(head.starts_with("HTTP/1.1 502"), "{raw}");
    assert!(
        rest.starts_with("HTTP/1.1 200 OK"),
        "no body after the 502's head: {raw}"
    );
    assert!(rest.ends_with("answered by the dispatcher"), "{raw}");
    dispatcher.shutdown().await;
}

#[tokio::test]
async fn a_head_response_has_no_body_and_the_connection_goes_on() {
    let (_upstream, dispatcher) = echo_setup().await;
    let raw = exchange_to_close(
        dispatcher.address,
        b"HEAD /api/head HTTP/1.1\r\nHost: x\r\n\r\nGET /direct HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    let (head, rest) = raw.split_once("\r\n\r\n").expect("a head");
    assert!(head.starts_with("HTTP/1.1 200"), "{raw}");
    assert!(
        head.to_ascii_lowercase().contains("content-length:"),
        "{raw}"
    );
    // No body: the next bytes are the second answer.
    assert!(rest.starts_with("HTTP/1.1 200 OK"), "{raw}");
    assert!(rest.ends_with("answered by the dispatcher"), "{raw}");
    dispatcher.shutdown().await;
}
