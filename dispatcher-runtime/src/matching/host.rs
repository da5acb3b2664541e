//! The request's host and the `host:` / `reverse_host:` patterns
//! (docs/design/behaviour.md §1.3, §2.1).
//!
//! The host is the Host header (or HTTP/2 `:authority`) without its port,
//! lower-cased and split on `.` (docs/design/mu-compatibility.md H1). Patterns
//! are compiled by the macro into [`HostPattern`]s: the string forms become
//! label lists too, so one matcher serves every form.

use std::borrow::Cow;

use smallvec::SmallVec;

/// A Host value that is not a host name: the server answers it with 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid Host {host:?}: {reason}")]
pub struct InvalidHost {
    pub host: String,
    pub reason: &'static str,
}

/// A request's host name: port removed, lower-cased, one trailing dot removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostName<'r>(Cow<'r, str>);

impl<'r> HostName<'r> {
    /// No Host header (HTTP/1.0): no labels, so only rules without a host
    /// condition match.
    pub const NONE: HostName<'static> = HostName(Cow::Borrowed(""));

    /// Parses a Host header value (`host[:port]`, `[v6]:port`).
    pub fn parse(raw: &'r str) -> Result<Self, InvalidHost> {
        let invalid = |reason| InvalidHost {
            host: raw.to_owned(),
            reason,
        };
        let (name, port) = if let Some(rest) = raw.strip_prefix('[') {
            let end = rest
                .find(']')
                .ok_or_else(|| invalid("unclosed IPv6 bracket"))?;
            let (literal, after) = raw.split_at(end + 2);
            if literal[1..literal.len() - 1]
                .parse::<std::net::Ipv6Addr>()
                .is_err()
            {
                return Err(invalid("bad IPv6 literal"));
            }
            (literal, after.strip_prefix(':'))
        } else {
            match raw.bytes().rposition(|b| b == b':') {
                Some(colon) => (&raw[..colon], Some(&raw[colon + 1..])),
                None => (raw, None),
            }
        };
        if let Some(port) = port {
            if !port.is_empty() && !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid("port is not a number"));
            }
        } else if name.len() != raw.len() {
            return Err(invalid("junk after IPv6 literal"));
        }
        let name = name.strip_suffix('.').unwrap_or(name);
        if name.is_empty() {
            return Err(invalid("empty host name"));
        }
        if name.starts_with('[') {
            return Ok(if name.bytes().any(|b| b.is_ascii_uppercase()) {
                HostName(Cow::Owned(name.to_ascii_lowercase()))
            } else {
                HostName(Cow::Borrowed(name))
            });
        }
        // One pass over the name: labels, characters, case.
        let (mut empty_label, mut bad_character, mut upper_case) = (false, false, false);
        let mut label_start = true;
        for &b in name.as_bytes() {
            match b {
                b'.' => {
                    empty_label |= label_start;
                    label_start = true;
                    continue;
                }
                b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => {}
                b'A'..=b'Z' => upper_case = true,
                _ => bad_character = true,
            }
            label_start = false;
        }
        if empty_label || label_start {
            return Err(invalid("empty label"));
        }
        if bad_character {
            return Err(invalid("character not allowed in a host name"));
        }
        Ok(if upper_case {
            HostName(Cow::Owned(name.to_ascii_lowercase()))
        } else {
            HostName(Cow::Borrowed(name))
        })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The labels of a request's host, in both orders the patterns use.
#[derive(Debug, Clone, Default)]
pub struct HostLabels<'r> {
    /// As written: `dev.dashboard.example.org` → `dev`, `dashboard`, …
    pub written: SmallVec<[&'r str; 6]>,
    /// TLD first: `org`, `example`, `dashboard`, `dev`.
    pub tld_first: SmallVec<[&'r str; 6]>,
}

impl<'r> HostLabels<'r> {
    pub fn new(host: &'r HostName<'_>) -> Self {
        let name = host.as_str();
        if name.is_empty() {
            return HostLabels::default();
        }
        // An IPv6 literal is one label: its dots (if any) separate nothing.
        let mut written: SmallVec<[&'r str; 6]> = SmallVec::new();
        if name.starts_with('[') {
            written.push(name);
        } else {
            let mut start = 0;
            for (at, &b) in name.as_bytes().iter().enumerate() {
                if b == b'.' {
                    written.push(&name[start..at]);
                    start = at + 1;
                }
            }
            written.push(&name[start..]);
        }
        let tld_first = written.iter().rev().copied().collect();
        HostLabels { written, tld_first }
    }

    pub fn in_order(&self, order: LabelOrder) -> &[&'r str] {
        match order {
            LabelOrder::TldFirst => &self.tld_first,
            LabelOrder::Written => &self.written,
        }
    }
}

/// Which end of the host a label pattern starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelOrder {
    /// `host: ["com", "example", sub, ..rest]`: top-level domain first.
    TldFirst,
    /// `reverse_host: ["dev", "dashboard", ..rest]`: as written in the Host header.
    Written,
}

/// One label of a host pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelPattern {
    /// A lower-case label that must be equal.
    Literal(&'static str),
    /// Any one label (a capture, or `_`).
    Any,
}

/// A compiled `host:` or `reverse_host:` condition.
///
/// `"api.example.com"` is `TldFirst [com, example, api]`; `"*.example.com"`
/// is `TldFirst [com, example, ..]` (it matches `example.com` itself, H2);
/// `"*"` is `TldFirst [_]`, single-label hosts only (H3).
#[derive(Debug, Clone, Copy)]
pub struct HostPattern {
    pub order: LabelOrder,
    pub labels: &'static [LabelPattern],
    /// Whether more labels may follow (`..rest`); without it the host must
    /// have exactly as many labels as the pattern.
    pub rest: bool,
}

impl HostPattern {
    pub fn matches(&self, host: &HostLabels<'_>) -> bool {
        self.mismatch(host).is_none()
    }

    /// Why the host does not match, or `None` when it does.
    pub fn mismatch(&self, host: &HostLabels<'_>) -> Option<HostMismatch> {
        let labels = host.in_order(self.order);
        if labels.len() < self.labels.len() || (!self.rest && labels.len() > self.labels.len()) {
            return Some(HostMismatch::LabelCount {
                expected: self.labels.len(),
                at_least: self.rest,
                found: labels.len(),
            });
        }
        self.labels
            .iter()
            .zip(labels)
            .enumerate()
            .find_map(|(index, (pattern, label))| match pattern {
                LabelPattern::Literal(expected) if expected != label => {
                    Some(HostMismatch::Label { index, expected })
                }
                _ => None,
            })
    }
}

/// Why a host pattern did not match (for `explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostMismatch {
    LabelCount {
        expected: usize,
        at_least: bool,
        found: usize,
    },
    Label {
        index: usize,
        expected: &'static str,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(raw: &str) -> Vec<String> {
        let host = HostName::parse(raw).unwrap();
        HostLabels::new(&host)
            .written
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn port_is_removed_and_case_folded() {
        assert_eq!(labels("API.Example.COM:8080"), ["api", "example", "com"]);
        assert_eq!(labels("localhost"), ["localhost"]);
        assert_eq!(labels("example.com."), ["example", "com"]);
        assert_eq!(labels("[::1]:80"), ["[::1]"]);
        assert_eq!(labels("[::ffff:10.0.0.1]"), ["[::ffff:10.0.0.1]"]);
        assert_eq!(labels("[::ffff:10.0.0.1]"), ["[::ffff:10.0.0.1]"]);
        assert_eq!(labels("127.0.0.1:80"), ["127", "0", "0", "1"]);
    }

    #[test]
    fn malformed_hosts_are_rejected() {
        for raw in [
            "",
            ":80",
            "a..b",
            ".a",
            "a b",
            "a/b",
            "a:b",
            "[::1",
            "[::1]x",
            "[zz]",
            "[..]",
            "[1.2.3.4]",
            "ex\u{e9}.com",
        ] {
            assert!(HostName::parse(raw).is_err(), "{raw:?} should be invalid");
        }
    }

    const TLD_API: HostPattern = HostPattern {
        order: LabelOrder::TldFirst,
        labels: &[
            LabelPattern::Literal("com"),
            LabelPattern::Literal("example"),
            LabelPattern::Any,
        ],
        rest: true,
    };

    fn host_matches(pattern: &HostPattern, raw: &str) -> bool {
        let host = HostName::parse(raw).unwrap();
        pattern.matches(&HostLabels::new(&host))
    }

    #[test]
    fn tld_first_array_needs_its_labels_and_allows_rest() {
        assert!(host_matches(&TLD_API, "api.example.com"));
        assert!(host_matches(&TLD_API, "a.b.example.com"));
        assert!(
            !host_matches(&TLD_API, "example.com"),
            "needs the captured label"
        );
        assert!(!host_matches(&TLD_API, "api.example.org"));
    }

    #[test]
    fn without_rest_the_label_count_is_exact() {
        let exact = HostPattern {
            rest: false,
            ..TLD_API
        };
        assert!(host_matches(&exact, "api.example.com"));
        assert!(!host_matches(&exact, "a.api.example.com"));
    }

    #[test]
    fn written_order_matches_from_the_first_label() {
        let dashboard = HostPattern {
            order: LabelOrder::Written,
            labels: &[
                LabelPattern::Literal("dev"),
                LabelPattern::Literal("dashboard"),
            ],
            rest: true,
        };
        assert!(host_matches(&dashboard, "dev.dashboard.example.org"));
        assert!(!host_matches(&dashboard, "dashboard.dev.example.org"));
    }

    #[test]
    fn star_alone_matches_single_label_hosts_only() {
        let star = HostPattern {
            order: LabelOrder::TldFirst,
            labels: &[LabelPattern::Any],
            rest: false,
        };
        assert!(host_matches(&star, "localhost"));
        assert!(!host_matches(&star, "example.com"));
    }

    #[test]
    fn no_host_matches_no_pattern() {
        let none = HostLabels::new(&HostName::NONE);
        assert!(none.written.is_empty());
        assert!(!TLD_API.matches(&none));
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(raw in "\\PC{0,40}") {
            if let Ok(host) = HostName::parse(&raw) {
                let labels = HostLabels::new(&host);
                proptest::prop_assert!(labels.written.iter().all(|l| !l.is_empty()));
                proptest::prop_assert!(!host.as_str().bytes().any(|b| b.is_ascii_uppercase()));
            }
        }
    }
}
