//! Matching a request allocates nothing per rule tried (issue "Rules DSL",
//! point 4): a counting allocator watches `decide` walk a table where every
//! rule is tried before the last one fires, and `RequestFacts::new` build the
//! facts of an ordinary request.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use dispatcher::matching::{Request, RequestFacts};
use http::{HeaderMap, HeaderValue, Method, Uri, header};

struct CountingAllocator;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

mod rules {
    use dispatcher::prelude::*;

    dispatcher! {
        define_accept_types! {
            html: ["text/html", "application/xhtml+html"],
            json: ["application/json", "application/vnd.api+json"],
            image: ["image/*"],
        }

        match!("/people/*path", { accept: json }) { forward(conn, path, "http://resource/people/") }
        match!("/teams/*path", { accept: json }) { forward(conn, path, "http://resource/teams/") }
        get!("/files/:id/download", _) { forward(conn, [], format!("http://files/{id}")) }
        get!("/images/*path", { accept: image }) { forward(conn, path, "http://images/") }
        get!("/employees", { host: ["com", "example", sub, .._rest] }) { forward(conn, [sub], "http://employees/") }
        get!("/dashboard/*path", { reverse_host: ["dev", "dashboard", .._rest] }) { forward(conn, path, "http://dash/") }
        post!("/sessions", _) { forward(conn, [], "http://login/sessions") }
        delete!("/sessions/current", _) { forward(conn, [], "http://login/sessions/current") }
        match!("/accounts/*path", { accept: json }) { forward(conn, path, "http://accounts/") }
        match!("/mock/*path", { accept: json }) { forward(conn, path, "http://mock/") }
        match!("/search/*path", { accept: json }) { forward(conn, path, "http://search/") }
        match!("/assets/*path", { accept: html }) { forward(conn, path, "http://frontend/assets/") }
        match!("/*_", { last_call: true, accept: html }) { forward(conn, [], "http://frontend/index.html") }
    }
}

fn allocations_during<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let result = work();
    (result, ALLOCATIONS.load(Ordering::SeqCst) - before)
}

#[test]
fn deciding_allocates_nothing_however_many_rules_are_tried() {
    let method = Method::GET;
    let uri: Uri = "/some/page/deep/down?x=1".parse().unwrap();
    let mut headers = HeaderMap::new();
    headers.insert(header::HOST, HeaderValue::from_static("www.example.org"));
    headers.insert(
        header::ACCEPT,
        HeaderValue::from_static("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    );
    let request = Request::new(&method, &uri, &headers).unwrap();

    let (facts, facts_allocations) = allocations_during(|| RequestFacts::new(&request));
    assert_eq!(
        facts_allocations, 0,
        "request facts of an ordinary request fit inline"
    );

    let (winner, decide_allocations) = allocations_during(|| rules::DISPATCHER.decide(&facts));
    let winner = winner.expect("the last_call rule fires");
    let table = rules::DISPATCHER.table();
    assert_eq!(
        table.rules[winner.rule].pattern, "/*_",
        "every earlier rule was tried"
    );
    assert_eq!(decide_allocations, 0);

    let (explanation, _) = allocations_during(|| rules::DISPATCHER.explain(&facts));
    assert_eq!(explanation.trace.len(), table.rules.len() - 1);
}
