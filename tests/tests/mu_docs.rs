//! The mu-dispatcher documentation examples, dispatched in-process: each
//! expected decision is the one mu-dispatcher's matcher gives
//! (docs/design/behaviour.md §2, the "keep" rows of
//! docs/design/mu-compatibility.md, whose row ids the comments name),
//! except where a "differ" row says otherwise.

use dispatcher_tests::Outcome::{self, NoRule, Respond};
use dispatcher_tests::accept::{ANY, BROWSER, CHROME, EMPTY, JSON_API, MISSING};
use dispatcher_tests::examples::{
    basic, cors, ember, fallbacks, hosts, images, layers, manipulating, sketch,
};
use dispatcher_tests::{forward, outcome};

fn get(dispatcher: &dispatcher::Dispatcher, target: &str, accept: Option<&str>) -> Outcome {
    outcome(dispatcher, "GET", target, "localhost", accept)
}

const JSON_404: &str =
    r#"{ "error": { "code": 404, "message": "Route not found.  See config/dispatcher.ex" } }"#;

#[test]
fn sketch_routes_by_path_accept_host_and_layer() {
    let d = &sketch::DISPATCHER;
    assert_eq!(
        get(d, "/themes/1?page=2", JSON_API),
        forward("http://resource/themes/1?page=2")
    );
    // L1: the first layer is tried with every Accept group, so the browser's
    // `*/*;q=0.8` reaches the json rule before the frontend layer is tried.
    assert_eq!(
        get(d, "/themes/1", BROWSER),
        forward("http://resource/themes/1")
    );
    assert_eq!(get(d, "/themes", ANY), forward("http://resource/themes/"));
    for accept in [BROWSER, JSON_API, ANY, EMPTY, MISSING] {
        assert_eq!(
            get(d, "/files/42/download", accept),
            forward("http://range-file/files/42/download"),
            "accept {accept:?}"
        );
    }
    assert_eq!(
        outcome(d, "HEAD", "/files/42/download", "localhost", JSON_API),
        forward("http://range-file/files/42/download"),
        "get! serves HEAD (P8)"
    );
    assert_eq!(
        outcome(d, "POST", "/files/42/download", "localhost", JSON_API),
        Respond(
            404,
            r#"{ "error": { "code": 404, "message": "Route not found." } }"#.into()
        ),
        "POST falls through to the last_call json rule"
    );
    assert_eq!(
        outcome(d, "GET", "/employees", "api.example.com", JSON_API),
        forward("http://employees/")
    );
    assert_eq!(
        outcome(d, "GET", "/employees", "example.com", BROWSER),
        forward("http://frontend/index.html"),
        "the host array needs a third label, so the frontend layer answers"
    );
    assert_eq!(
        get(d, "/some/page", BROWSER),
        forward("http://frontend/index.html")
    );
    assert_eq!(
        get(d, "/some/page", CHROME),
        forward("http://frontend/index.html")
    );
    // `*/*` (or no Accept) overlaps html, and the frontend layer comes before last_call.
    for accept in [ANY, EMPTY, MISSING] {
        assert_eq!(
            get(d, "/some/page", accept),
            forward("http://frontend/index.html"),
            "accept {accept:?}"
        );
    }
    assert!(matches!(get(d, "/some/page", JSON_API), Respond(404, _)));
    assert_eq!(get(d, "/some/page", Some("image/png")), NoRule);
}

#[test]
fn basic_forwarding_and_verbs() {
    let d = &basic::DISPATCHER;
    for method in ["GET", "POST", "DELETE", "PROPFIND"] {
        assert_eq!(
            outcome(d, method, "/sessions", "localhost", MISSING),
            forward("http://sessionsservice/login"),
            "match! takes {method}"
        );
    }
    assert_eq!(
        outcome(d, "POST", "/login", "localhost", JSON_API),
        forward("http://sessionsservice/login")
    );
    assert_eq!(outcome(d, "GET", "/login", "localhost", JSON_API), NoRule);
    assert_eq!(
        outcome(d, "post", "/login", "localhost", JSON_API),
        NoRule,
        "methods are case-sensitive (P8)"
    );
    assert_eq!(
        get(d, "/widgets/12/parts?include=owner", BROWSER),
        forward("http://resource/widgets/12/parts?include=owner")
    );
    assert_eq!(
        get(d, "/widgets//12/", ANY),
        forward("http://resource/widgets/12"),
        "empty segments and the trailing slash are dropped (P1)"
    );
    assert_eq!(
        get(d, "/widgets", ANY),
        forward("http://resource/widgets"),
        "no segments: the base URL exactly as written (F2)"
    );
    assert_eq!(
        get(d, "/widgets?", ANY),
        forward("http://resource/widgets"),
        "an empty query string is not forwarded (F1)"
    );
    assert_eq!(get(d, "/", ANY), NoRule);
}

#[test]
fn images_choose_the_upstream_by_accept_type() {
    let d = &images::DISPATCHER;
    assert_eq!(
        get(d, "/images/cat.png", Some("image/png")),
        forward("http://images/images/cat.png")
    );
    assert_eq!(
        get(d, "/images/cat.gif", Some("image/gif")),
        forward("http://gifs/images/cat.gif")
    );
    assert_eq!(
        get(d, "/images/cat.png", JSON_API),
        forward("http://resource/images/cat.png")
    );
    // First rule in file order wins for */* and for no Accept at all (A2).
    for accept in [ANY, EMPTY, MISSING] {
        assert_eq!(
            get(d, "/images/cat.png", accept),
            forward("http://resource/images/cat.png"),
            "accept {accept:?}"
        );
    }
    // A browser's first groups hold no image type, its `*/*` group picks json.
    assert_eq!(
        get(d, "/images/cat.png", BROWSER),
        forward("http://resource/images/cat.png")
    );
    // A3: `image/*` from the client overlaps `image/jpg` of the img alias.
    assert_eq!(
        get(d, "/images/cat", Some("image/*")),
        forward("http://images/images/cat")
    );
    // No image rule serves webp: the last_call layer's image rule does.
    assert_eq!(
        get(d, "/images/cat.webp", Some("image/webp")),
        forward("http://images/404")
    );
    assert_eq!(get(d, "/nothing", JSON_API), Respond(404, JSON_404.into()));
    assert_eq!(
        get(d, "/nothing", Some("text/plain")),
        Respond(
            404,
            "404 - page not found\n\nSee config/dispatcher.ex".into()
        )
    );
    // Firefox's first group: text/html (text alias comes before html) …
    assert_eq!(
        get(d, "/nothing", BROWSER),
        Respond(
            404,
            "404 - page not found\n\nSee config/dispatcher.ex".into()
        )
    );
    // … Chrome's first group also lists image/avif, and the image rule is
    // before the text rule in the file.
    assert_eq!(get(d, "/nothing", CHROME), forward("http://images/404"));
    assert_eq!(
        outcome(d, "POST", "/images/cat.png", "localhost", ANY),
        NoRule,
        "only get! rules: a POST matches nothing (L5: 500)"
    );
}

#[test]
fn accept_quirks_that_we_keep_and_fix() {
    let d = &images::DISPATCHER;
    // A4 (differ): `q=1.0` and no q are one group, so header order decides.
    assert_eq!(
        get(d, "/images/x", Some("image/gif;q=1.0, application/json")),
        forward("http://resource/images/x"),
        "json rule is first in the file and in the same group"
    );
    // A5 (differ): q=0 is "not acceptable".
    assert_eq!(
        get(d, "/images/x", Some("application/json;q=0, image/gif")),
        forward("http://gifs/images/x")
    );
    // A6 (differ): one bad element does not turn the header into */*.
    assert_eq!(
        get(d, "/images/x", Some("image/gif, garbage")),
        forward("http://gifs/images/x")
    );
    assert_eq!(
        get(d, "/images/x", Some("image/gif;q=abc, image/png")),
        forward("http://images/images/x")
    );
    // A7 (differ): case-insensitive types, tabs as whitespace.
    assert_eq!(
        get(d, "/images/x", Some("\tIMAGE/GIF")),
        forward("http://gifs/images/x")
    );
    // A8 (keep): higher-q group first, whatever the rule order.
    assert_eq!(
        get(d, "/images/x", Some("application/json;q=0.5, image/png")),
        forward("http://images/images/x")
    );
}

#[test]
fn hosts_match_exact_wildcard_and_captured_labels() {
    let d = &hosts::DISPATCHER;
    let on = |host: &str, target: &str| outcome(d, "GET", target, host, MISSING);
    assert_eq!(
        on("api.redpencil.io", "/employees"),
        forward("http://employees/")
    );
    assert_eq!(
        on("API.RedPencil.io:8080", "/employees"),
        forward("http://employees/")
    );
    assert_eq!(
        on("dev.api.redpencil.io", "/employees"),
        NoRule,
        "exact list length"
    );
    assert_eq!(on("api.redpencil.io", "/staff"), forward("http://staff/"));
    assert_eq!(on("www.redpencil.io", "/staff"), NoRule);
    // H2: the wildcard matches the domain itself and any depth below it.
    assert_eq!(on("redpencil.io", "/teams"), forward("http://teams/"));
    assert_eq!(on("api.redpencil.io", "/teams"), forward("http://teams/"));
    assert_eq!(
        on("dev.api.redpencil.io", "/teams"),
        forward("http://teams/")
    );
    assert_eq!(on("redpencil.com", "/teams"), NoRule);
    // H1: TLD first; `subdomain` is the label below redpencil, the rest in TLD-first order.
    assert_eq!(
        on("a.b.redpencil.io", "/projects"),
        forward("http://projects/b/a")
    );
    assert_eq!(
        on("x.a.b.redpencil.io", "/projects"),
        forward("http://projects/b/a.x")
    );
    assert_eq!(
        on("b.redpencil.io", "/projects"),
        forward("http://projects/b/")
    );
    assert_eq!(on("redpencil.io", "/projects"), NoRule, "needs a subdomain");
    // H5: reverse_host lists labels as written.
    assert_eq!(
        on("dev.dashboard.example.org", "/dashboard/graphs/1"),
        forward("http://dashboard-example-org/graphs/1")
    );
    assert_eq!(
        on("dashboard.dev.example.org", "/dashboard/graphs/1"),
        NoRule
    );
    // H3: "*" is single-label hosts only.
    assert_eq!(
        on("localhost", "/local"),
        Respond(200, "single-label host".into())
    );
    assert_eq!(on("example.com", "/local"), NoRule);
}

#[test]
fn layers_are_the_outer_loop() {
    let d = &layers::DISPATCHER;
    // L1: the api layer sees the browser's `*/*` group before the frontend layer runs.
    assert_eq!(get(d, "/people/1", BROWSER), forward("http://api/people/1"));
    assert_eq!(
        get(d, "/people/1", JSON_API),
        forward("http://api/people/1")
    );
    assert_eq!(
        get(d, "/people/1", Some("text/html")),
        forward("http://frontend/")
    );
    assert_eq!(
        get(d, "/people/1", Some("application/xhtml+html")),
        forward("http://frontend/")
    );
    assert_eq!(get(d, "/people/1", MISSING), forward("http://api/people/1"));
    assert_eq!(get(d, "/people/1", Some("image/png")), NoRule);
}

#[test]
fn manipulating_with_named_option_sets() {
    let d = &manipulating::DISPATCHER;
    assert_eq!(
        get(d, "/sessions/current", JSON_API),
        forward("http://sessions/login/current")
    );
    assert_eq!(
        get(d, "/images/1", ANY),
        forward("http://resource/images/1")
    );
    assert_eq!(get(d, "/sessions/current", Some("text/html")), NoRule);
    assert_eq!(
        outcome(d, "DELETE", "/other", "localhost", JSON_API),
        Respond(404, JSON_404.into())
    );
}

#[test]
fn ember_frontend_gets_html_requests_and_api_gets_json() {
    let d = &ember::DISPATCHER;
    assert_eq!(
        get(d, "/widgets/1", JSON_API),
        forward("http://resource/widgets/1")
    );
    assert_eq!(
        get(d, "/widgets/1", BROWSER),
        forward("http://frontend/index.html")
    );
    for accept in [ANY, EMPTY, MISSING] {
        assert_eq!(
            get(d, "/widgets/1", accept),
            forward("http://resource/widgets/1"),
            "accept {accept:?}"
        );
    }
    for accept in [BROWSER, CHROME, JSON_API, ANY, MISSING, Some("image/png")] {
        assert_eq!(
            get(d, "/assets/app.js", accept),
            forward("http://frontend/assets/app.js"),
            "accept {accept:?}"
        );
    }
    assert_eq!(get(d, "/", BROWSER), forward("http://frontend/index.html"));
    assert_eq!(
        get(d, "/some/route?x=1", CHROME),
        forward("http://frontend/index.html?x=1")
    );
    assert_eq!(get(d, "/unknown", JSON_API), Respond(404, JSON_404.into()));
    assert_eq!(get(d, "/unknown", Some("image/png")), NoRule);
}

#[test]
fn cors_preflight_answers_with_headers() {
    let d = &cors::DISPATCHER;
    let request_headers = http::HeaderMap::new();
    let method = http::Method::OPTIONS;
    let uri: http::Uri = "/api/people".parse().unwrap();
    let request = dispatcher::matching::Request::new(&method, &uri, &request_headers).unwrap();
    let Some(dispatcher::Action::Respond(response)) = d.dispatch(&request).action else {
        panic!("OPTIONS must be answered directly");
    };
    assert_eq!(response.status, 200);
    assert_eq!(&response.body[..], br#"{ "message": "ok" }"#);
    let headers: Vec<(String, String)> = response
        .headers
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        headers,
        [
            (
                "access-control-allow-headers".to_owned(),
                "content-type,accept".to_owned()
            ),
            ("access-control-allow-methods".to_owned(), "*".to_owned()),
        ]
    );
    assert_eq!(get(d, "/api/people", ANY), NoRule);
}

#[test]
fn fallbacks_follow_the_accept_groups() {
    let d = &fallbacks::DISPATCHER;
    let text = Respond(
        404,
        "404 - page not found\n\nSee config/dispatcher.ex".into(),
    );
    assert_eq!(get(d, "/x", JSON_API), Respond(404, JSON_404.into()));
    assert_eq!(
        get(d, "/x", BROWSER),
        text,
        "text/* comes before html in the file"
    );
    assert_eq!(
        get(d, "/x", Some("application/xhtml+html")),
        Respond(
            404,
            "<html><head><title>404 - Not Found</title></head><body><h1>404 - Page not found</h1></body></html>".into()
        )
    );
    assert_eq!(
        get(d, "/x", Some("image/png")),
        forward("http://static/404.png")
    );
    assert_eq!(
        get(d, "/x", Some("image/jpeg")),
        forward("http://static/404.jpeg")
    );
    assert_eq!(
        get(d, "/x", Some("image/gif")),
        forward("http://static/404.gif")
    );
    for accept in [ANY, EMPTY, MISSING] {
        assert_eq!(
            get(d, "/x", accept),
            Respond(404, JSON_404.into()),
            "accept {accept:?}"
        );
    }
}

#[test]
fn dot_segments_cannot_escape_a_prefix() {
    // P7 (differ): resolved before matching, also when percent-encoded.
    let d = &basic::DISPATCHER;
    assert_eq!(
        get(d, "/widgets/../sessions", ANY),
        forward("http://sessionsservice/login")
    );
    assert_eq!(
        get(d, "/widgets/%2e%2e/sessions", ANY),
        forward("http://sessionsservice/login")
    );
    assert_eq!(
        get(d, "/widgets/a/%2E./b", ANY),
        forward("http://resource/widgets/b")
    );
    assert_eq!(
        get(d, "/sessions/../widgets/x", ANY),
        forward("http://resource/widgets/x")
    );
}
