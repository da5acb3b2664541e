//! The request parsers never panic, and they agree with simple models of what
//! they should do, over 100,000 generated inputs each: the Accept parser, host
//! handling and path normalization (docs/design/behaviour.md §2.1, §6).

use dispatcher::matching::path::segments;
use dispatcher::matching::{AcceptGroups, HostLabels, HostName};
use proptest::prelude::*;

const CASES: u32 = 100_000;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text made of the given pieces and arbitrary bytes: cheap to generate,
/// and it reaches the parsers' interesting paths far more often than
/// uniformly random text would.
fn text_of(pieces: &'static [&'static str], length: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(pieces).prop_map(str::to_owned),
        1 => any::<u8>().prop_map(|byte| String::from_utf8_lossy(&[byte]).into_owned()),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..length).prop_map(|parts| parts.concat())
}

const ACCEPT_PIECES: &[&str] = &[
    "text",
    "/",
    "html",
    "*",
    ",",
    ";",
    "q",
    "=",
    "0",
    "1",
    ".",
    "5",
    "\"",
    " ",
    "\t",
    "application",
    "json",
    "level",
    "9",
    "-",
    "+",
];
const HOST_PIECES: &[&str] = &[
    "a", "example", ".", ":", "80", "[", "]", "::1", "-", "_", "COM", "..", "",
];
const PATH_PIECES: &[&str] = &[
    "/", "//", ".", "..", "%2e", "%2E", "%2f", "a", "bc", "?", "%", "x",
];

/// One valid media range: its parts, its q in thousandths, and a spelling
/// of it with arbitrary case, whitespace, parameters and q notation.
fn media_range() -> impl Strategy<Value = (String, String, u16, String)> {
    let pair = prop::sample::select(vec![
        ("text", "html"),
        ("text", "plain"),
        ("text", "*"),
        ("application", "json"),
        ("application", "vnd.api+json"),
        ("application", "xhtml+xml"),
        ("application", "*"),
        ("image", "png"),
        ("image", "*"),
        ("x-custom", "thing"),
        ("*", "*"),
    ]);
    (
        pair,
        0u16..=1000,
        any::<bool>(),
        prop::sample::select(vec!["", " ", "\t", " \t "]),
        prop::sample::select(vec![
            "",
            ";level=1",
            ";charset=\"utf-8, with comma\"",
            ";a=b",
        ]),
        any::<bool>(),
    )
        .prop_map(|((ty, subtype), q, shout, space, parameter, explicit_q)| {
            let (ty, subtype) = (ty.to_owned(), subtype.to_owned());
            let q_text = match (explicit_q, q) {
                (false, 1000) => String::new(),
                (_, 1000) => ";q=1.0".to_owned(),
                (_, q) => format!(";{space}q={}", format_q(q)),
            };
            let written_type = if shout {
                ty.to_ascii_uppercase()
            } else {
                ty.clone()
            };
            let spelling = format!("{space}{written_type}/{subtype}{parameter}{q_text}{space}");
            (ty, subtype, q, spelling)
        })
}

fn format_q(q: u16) -> String {
    let text = format!("0.{q:03}");
    let trimmed = text.trim_end_matches('0');
    if trimmed == "0." {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn accept_parsing_never_panics(header in text_of(ACCEPT_PIECES, 60)) {
        let groups = AcceptGroups::parse(Some(&header));
        prop_assert!(!groups.is_empty());
        let qs: Vec<u16> = groups.groups().map(|group| group[0].q).collect();
        prop_assert!(qs.windows(2).all(|pair| pair[0] > pair[1]), "groups by falling q: {qs:?}");
        for group in groups.groups() {
            prop_assert!(group.iter().all(|range| range.q == group[0].q && range.q > 0));
            prop_assert!(group.iter().all(|range| !range.ty.is_empty() && !range.subtype.is_empty()));
        }
    }

    #[test]
    fn accept_groups_follow_a_model(ranges in prop::collection::vec(media_range(), 1..8), garbage in prop::sample::select(vec!["", ",", ", garbage", ", a/b;q=9", ", /x"])) {
        let header = ranges.iter().map(|(.., spelling)| spelling.as_str()).collect::<Vec<_>>().join(",") + garbage;
        let parsed = AcceptGroups::parse(Some(&header));
        // The model: drop q=0 (A5), group equal q highest first keeping header
        // order (A1, A4); if nothing is left the header counts as */* (A2, A6).
        let mut kept: Vec<&(String, String, u16, String)> = ranges.iter().filter(|(.., q, _)| *q > 0).collect();
        kept.sort_by_key(|(_, _, q, _)| std::cmp::Reverse(*q));
        let expected: Vec<(String, String, u16)> = if kept.is_empty() {
            vec![("*".into(), "*".into(), 1000)]
        } else {
            kept.iter().map(|(ty, subtype, q, _)| (ty.clone(), subtype.clone(), *q)).collect()
        };
        let actual: Vec<(String, String, u16)> = parsed
            .groups()
            .flatten()
            .map(|range| (range.ty.to_ascii_lowercase(), range.subtype.to_ascii_lowercase(), range.q))
            .collect();
        prop_assert_eq!(actual, expected, "header {:?}", header);
    }

    #[test]
    fn host_parsing_never_panics(raw in text_of(HOST_PIECES, 20)) {
        if let Ok(host) = HostName::parse(&raw) {
            prop_assert!(!host.as_str().bytes().any(|b| b.is_ascii_uppercase()));
            let labels = HostLabels::new(&host);
            prop_assert!(labels.written.iter().all(|label| !label.is_empty()));
            let reversed: Vec<&str> = labels.written.iter().rev().copied().collect();
            prop_assert_eq!(reversed, labels.tld_first.to_vec());
        }
    }

    #[test]
    fn valid_hosts_parse_to_their_lower_case_labels(
        labels in prop::collection::vec(
            prop::sample::select(vec!["a", "Example", "API", "x-1", "0", "dev", "z9-z"]).prop_map(str::to_owned),
            1..6,
        ),
        port in prop::option::of(0u16..=65535),
        trailing_dot in any::<bool>(),
    ) {
        let mut raw = labels.join(".");
        if trailing_dot {
            raw.push('.');
        }
        if let Some(port) = port {
            raw.push_str(&format!(":{port}"));
        }
        let host = HostName::parse(&raw).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let parsed = HostLabels::new(&host);
        let expected: Vec<String> = labels.iter().map(|l| l.to_ascii_lowercase()).collect();
        prop_assert_eq!(parsed.written.iter().map(|l| l.to_string()).collect::<Vec<_>>(), expected);
    }

    #[test]
    fn path_normalization_never_panics_and_is_idempotent(path in text_of(PATH_PIECES, 30)) {
        let once = segments(&path);
        for segment in &once {
            prop_assert!(!segment.is_empty());
            prop_assert!(!matches!(segment.to_ascii_lowercase().as_str(), "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e."));
        }
        let rejoined = format!("/{}", once.join("/"));
        prop_assert_eq!(segments(&rejoined).to_vec(), once.to_vec());
    }
}
