//! Runs the dispatch function in a loop for one rule set and case, for a
//! profiler (callgrind counts instructions, repeatably):
//!   valgrind --tool=callgrind target/release/profile-dispatch 100 late 100000

use std::hint::black_box;

use dispatcher::Dispatcher;
use dispatcher::matching::{AcceptGroups, Request, RequestFacts};
use http::{HeaderMap, HeaderValue, Method, Uri, header};

#[path = "../../generated/rules_10.rs"]
mod rules_10;
#[path = "../../generated/rules_100.rs"]
mod rules_100;
#[path = "../../generated/rules_1000.rs"]
mod rules_1000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    let case = args.get(2).map_or("late", String::as_str);
    let iterations: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let dispatcher: &Dispatcher = match count {
        10 => &rules_10::DISPATCHER,
        1000 => &rules_1000::DISPATCHER,
        _ => &rules_100::DISPATCHER,
    };
    let body = count.saturating_sub(6).max(1);
    let last = (0..body).rev().find(|i| i % 10 < 7).unwrap_or(0);
    let (path, accept) = match case {
        "early" => (
            "/resource-0/items/42".to_owned(),
            "application/vnd.api+json",
        ),
        "fallback" => ("/nowhere/at/all".to_owned(), "image/png"),
        "accept" => (
            "/".to_owned(),
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        ),
        _ => (
            format!("/resource-{last}/items/42"),
            "application/vnd.api+json",
        ),
    };
    let method = Method::GET;
    let uri: Uri = path.parse().unwrap();
    let mut headers = HeaderMap::new();
    headers.insert(header::HOST, HeaderValue::from_static("www.example.com"));
    headers.insert(header::ACCEPT, HeaderValue::from_str(accept).unwrap());
    let request = Request::new(&method, &uri, &headers).unwrap();
    let facts = RequestFacts::new(&request);
    let mut found = 0;
    for _ in 0..iterations {
        if case == "accept" {
            found += AcceptGroups::parse(Some(black_box(accept))).len();
        } else if case.ends_with("facts") {
            let facts = RequestFacts::new(black_box(&request));
            found += dispatcher.decide(&facts).map_or(0, |w| w.rule);
        } else {
            found += dispatcher.decide(black_box(&facts)).map_or(0, |w| w.rule);
        }
    }
    println!("{found}");
}
