//! The macro never panics: whatever tokens it is given, it returns either a
//! valid dispatcher or `compile_error!`s (with a placeholder), and both are
//! well-formed Rust. Inputs are generated, 100,000 of each kind: token soups
//! built from the DSL's own words, and well-formed rules with arbitrary
//! strings in every slot. Known-bad inputs must give errors (10,000 each).

use std::str::FromStr;

use proc_macro2::TokenStream;
use proptest::prelude::*;

use crate::expand;

/// Expands `source` and checks the output is Rust; returns whether it holds errors.
fn expand_source(source: &str) -> Option<bool> {
    let input = TokenStream::from_str(source).ok()?;
    let output = expand(input);
    let text = output.to_string();
    let file = syn::parse2::<syn::File>(output);
    assert!(
        file.is_ok(),
        "output is not Rust for input {source:?}:\n{text}"
    );
    assert!(
        text.contains("static DISPATCHER"),
        "no DISPATCHER for input {source:?}"
    );
    Some(text.contains("compile_error"))
}

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "get",
            "match",
            "post",
            "head",
            "options",
            "define_accept_types",
            "define_layers",
            "json",
            "html",
            "accept",
            "host",
            "reverse_host",
            "layer",
            "last_call",
            "true",
            "false",
            "conn",
            "path",
            "forward",
            "send_resp",
            "_",
            "service",
            "type",
        ])
        .prop_map(str::to_owned),
        prop::sample::select(vec!["!", "@", "=", ";", ":", ",", "..", "|", "*", "/", "."])
            .prop_map(str::to_owned),
        prop::sample::select(vec![
            "\"/a/:b/*c\"",
            "\"\"",
            "\"/\"",
            "\"*\"",
            "\"*.x.com\"",
            "\"http://x/\"",
            "\"http://x\"",
            "\"text/html\"",
            "\"a..b\"",
            "\"/a/\"",
            "\"/*p/x\"",
            "\"/:\"",
            "\"ftp://x\"",
        ])
        .prop_map(str::to_owned),
        "[a-z/:*.]{0,8}".prop_map(|s| format!("{s:?}")),
        (0u32..2000).prop_map(|n| n.to_string()),
    ]
}

fn soup() -> impl Strategy<Value = String> {
    let leaf = prop::collection::vec(atom(), 0..6).prop_map(|atoms| atoms.join(" "));
    leaf.prop_recursive(3, 64, 6, |inner| {
        prop::collection::vec(
            prop_oneof![
                inner.clone(),
                inner.clone().prop_map(|s| format!("({s})")),
                inner.clone().prop_map(|s| format!("[{s}]")),
                inner.prop_map(|s| format!("{{{s}}}")),
            ],
            0..6,
        )
        .prop_map(|parts| parts.join(" "))
    })
}

fn rule_with(pattern: &str, host: &str, mime: &str, url: &str, status: u32) -> String {
    format!(
        r#"define_accept_types! {{ json: [{mime:?}] }}
           define_layers![service, last_call];
           get!({pattern:?}, {{ accept: json, host: {host:?} }}) {{ forward(conn, [], {url:?}) }}
           match!("/*_", {{ last_call: true }}) {{ send_resp(conn, {status}, "") }}"#
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn token_soup_never_panics(source in soup()) {
        let _ = expand_source(&source);
    }

    #[test]
    fn arbitrary_strings_in_every_slot_never_panic(
        pattern in "\\PC{0,16}",
        host in "\\PC{0,16}",
        mime in "\\PC{0,16}",
        url in "\\PC{0,24}",
        status in 0u32..100_000,
    ) {
        let _ = expand_source(&rule_with(&pattern, &host, &mime, &url, status));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn malformed_patterns_are_errors(pattern in "[a-z:*]{1,8}(/[a-z:*]{0,4}){0,3}/?") {
        // No leading slash: always an error (docs/design/mu-compatibility.md P5).
        let source = rule_with(&pattern, "x.com", "a/b", "http://x/", 200);
        prop_assert_eq!(expand_source(&source), Some(true));
    }

    #[test]
    fn statuses_outside_the_range_are_errors(status in prop_oneof![0u32..100, 1000u32..100_000]) {
        let source = rule_with("/a", "x.com", "a/b", "http://x/", status);
        prop_assert_eq!(expand_source(&source), Some(true));
    }
}

#[test]
fn a_valid_configuration_expands_without_errors() {
    let source = rule_with(
        "/files/:id/*rest",
        "*.example.com",
        "application/json",
        "http://x/",
        404,
    );
    assert_eq!(expand_source(&source), Some(false));
}
