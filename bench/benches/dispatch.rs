//! The dispatch function alone (issue 4): deciding which rule fires for a
//! prepared request, with 10, 100 and 1000 generated rules of realistic
//! shape (bench/gen-rules.py), for a request that matches the first rule,
//! the last specific rule, or only the catch-all at the very end; and the
//! Accept parsing of a browser header.
//!
//! cargo bench -p dispatcher-bench --bench dispatch

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use dispatcher::Dispatcher;
use dispatcher::matching::{AcceptGroups, Request, RequestFacts};
use http::{HeaderMap, HeaderValue, Method, Uri, header};

#[path = "../generated/rules_10.rs"]
mod rules_10;
#[path = "../generated/rules_100.rs"]
mod rules_100;
#[path = "../generated/rules_1000.rs"]
mod rules_1000;

const BROWSER: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
const JSON_API: &str = "application/vnd.api+json";

/// The last `@json` resource rule of a generated file of `count` rules.
fn last_json_resource(count: usize) -> usize {
    let body = count.saturating_sub(6).max(1);
    (0..body).rev().find(|i| i % 10 < 7).unwrap_or(0)
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("decide");
    group
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_secs(1));
    let sets: [(usize, &'static Dispatcher); 3] = [
        (10, &rules_10::DISPATCHER),
        (100, &rules_100::DISPATCHER),
        (1000, &rules_1000::DISPATCHER),
    ];
    for (count, dispatcher) in sets {
        let late = format!("/resource-{}/items/42", last_json_resource(count));
        let cases = [
            ("early", "/resource-0/items/42".to_owned(), JSON_API),
            ("late", late, JSON_API),
            ("fallback", "/nowhere/at/all".to_owned(), "image/png"),
        ];
        for (case, path, accept) in cases {
            let method = Method::GET;
            let uri: Uri = path.parse().unwrap();
            let mut headers = HeaderMap::new();
            headers.insert(header::HOST, HeaderValue::from_static("www.example.com"));
            headers.insert(header::ACCEPT, HeaderValue::from_static(accept));
            let request = Request::new(&method, &uri, &headers).unwrap();
            let facts = RequestFacts::new(&request);
            let winner = dispatcher.decide(&facts).expect("every case has a winner");
            let rule = &dispatcher.table().rules[winner.rule];
            assert!(
                case != "fallback" || rule.pattern == "/*_",
                "{case}: {}",
                rule.pattern
            );
            group.bench_function(format!("{count} rules/{case}"), |b| {
                b.iter(|| dispatcher.decide(black_box(&facts)))
            });
            group.bench_function(format!("{count} rules/{case} with request facts"), |b| {
                b.iter(|| {
                    let facts = RequestFacts::new(black_box(&request));
                    dispatcher.decide(&facts)
                })
            });
        }
    }
    group.finish();
    c.bench_function("accept/browser header", |b| {
        b.iter(|| AcceptGroups::parse(Some(black_box(BROWSER))))
    });
}

criterion_group!(dispatch, benches);
criterion_main!(dispatch);
