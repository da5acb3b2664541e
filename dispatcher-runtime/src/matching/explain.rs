//! Why a request went where it went: the winner of [`decide`] plus, for each
//! rule tried before it, the condition that failed. Used by the `explain`
//! command; the hot path is [`decide`] alone.
//!
//! [`decide`]: super::decide

use std::fmt;

use super::decide::{AcceptMatcher, Winner, decide};
use super::host::{HostMismatch, LabelOrder};
use super::method::MethodSet;
use super::path::PathMismatch;
use super::request::RequestFacts;
use super::table::{Rule, RuleTable};
use super::values;

/// The decision for a request and the rules that were passed over.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub winner: Option<Winner>,
    pub trace: Vec<TraceEntry>,
}

/// One rule that was tried before the winner and did not match.
#[derive(Debug, Clone)]
pub struct TraceEntry {
    pub rule: usize,
    pub layer: usize,
    pub mismatch: Mismatch,
}

/// The first condition of a rule that the request did not meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    Method {
        method: String,
        allowed: MethodSet,
    },
    Path {
        mismatch: PathMismatch,
        found: Option<String>,
    },
    Host {
        mismatch: HostMismatch,
        order: LabelOrder,
        found: Option<String>,
    },
    /// A `cookie:` or `header:` condition failed.
    Value {
        source: &'static str,
        name: &'static str,
        expected: Option<&'static str>,
        found: Option<String>,
    },
    /// The aliases were not all acceptable in any group tried.
    Accept {
        aliases: Vec<&'static str>,
        /// Groups tried, rendered (`text/html, application/xhtml+xml`).
        tried: Vec<String>,
    },
}

/// Decides `facts` like [`decide`](super::decide) and records why each
/// earlier rule did not fire.
pub fn explain(table: &RuleTable, facts: &RequestFacts<'_>) -> Explanation {
    let winner = decide(table, facts);
    let mut accept = AcceptMatcher::new(table.accept_aliases, &facts.accept);
    let mut trace = Vec::new();
    let last_layer = winner.map_or(table.layers.len(), |w| w.layer + 1);
    for (layer_index, layer) in table.layers.iter().enumerate().take(last_layer) {
        for &rule_index in layer.rules {
            let rule_index = usize::from(rule_index);
            let Some(rule) = table.rule(rule_index) else {
                continue;
            };
            // Groups tried for this rule before the search ended: all of them
            // in earlier layers; in the winner's layer, the groups before the
            // winning one, plus the winning group for rules defined earlier.
            let groups_tried = match winner {
                Some(w) if w.layer == layer_index => {
                    if rule_index == w.rule {
                        continue;
                    }
                    let defined_earlier = layer
                        .rules
                        .iter()
                        .position(|&r| usize::from(r) == rule_index)
                        < layer.rules.iter().position(|&r| usize::from(r) == w.rule);
                    w.group + usize::from(defined_earlier)
                }
                _ => facts.accept.len(),
            };
            if groups_tried == 0 {
                continue;
            }
            if let Some(mismatch) = mismatch(table, rule, facts, &mut accept, groups_tried) {
                trace.push(TraceEntry {
                    rule: rule_index,
                    layer: layer_index,
                    mismatch,
                });
            }
        }
    }
    Explanation { winner, trace }
}

fn mismatch(
    table: &RuleTable,
    rule: &Rule,
    facts: &RequestFacts<'_>,
    accept: &mut AcceptMatcher<'_, '_>,
    groups_tried: usize,
) -> Option<Mismatch> {
    if !rule.methods.contains(facts.method) {
        return Some(Mismatch::Method {
            method: facts.method.to_string(),
            allowed: rule.methods,
        });
    }
    if let Some(mismatch) = rule.path.mismatch(&facts.segments) {
        let found = match &mismatch {
            PathMismatch::Segment { index, .. } => {
                facts.segments.get(*index).map(|s| s.to_string())
            }
            PathMismatch::SegmentCount { .. } => None,
        };
        return Some(Mismatch::Path { mismatch, found });
    }
    if let Some(host) = rule.host
        && let Some(mismatch) = host.mismatch(&facts.host)
    {
        let found = match &mismatch {
            HostMismatch::Label { index, .. } => facts
                .host
                .in_order(host.order)
                .get(*index)
                .map(|s| s.to_string()),
            HostMismatch::LabelCount { .. } => None,
        };
        return Some(Mismatch::Host {
            mismatch,
            order: host.order,
            found,
        });
    }
    let cookies = rule
        .cookies
        .iter()
        .map(|c| ("cookie", c, values::cookie(facts.headers, c.name)));
    let headers = rule
        .headers
        .iter()
        .map(|c| ("header", c, values::header(facts.headers, c.name)));
    if let Some((source, condition, found)) = cookies
        .chain(headers)
        .find(|(_, condition, found)| !condition.accepts(*found))
    {
        return Some(Mismatch::Value {
            source,
            name: condition.name,
            expected: condition.value,
            found: found.map(str::to_owned),
        });
    }
    match accept.first_group(rule.accept) {
        Some(group) if group < groups_tried => None,
        _ => Some(Mismatch::Accept {
            aliases: rule.accept.iter().map(|&a| table.alias_name(a)).collect(),
            tried: accept
                .groups()
                .groups()
                .take(groups_tried)
                .map(|group| {
                    group
                        .iter()
                        .map(|range| format!("{}/{}", range.ty, range.subtype))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .collect(),
        }),
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Method { method, allowed } => {
                write!(
                    f,
                    "method: {method} is not {}",
                    allowed.names().join(" or ")
                )
            }
            Mismatch::Path { mismatch, found } => match mismatch {
                PathMismatch::SegmentCount {
                    expected,
                    at_least,
                    found,
                } => write!(
                    f,
                    "path: needs {} {expected} segment{}, the request has {found}",
                    if *at_least { "at least" } else { "exactly" },
                    plural(*expected)
                ),
                PathMismatch::Segment { index, expected } => write!(
                    f,
                    "path: segment {} is {:?}, the rule needs {expected:?}",
                    index + 1,
                    found.as_deref().unwrap_or("")
                ),
            },
            Mismatch::Host {
                mismatch,
                order,
                found,
            } => {
                let order = match order {
                    LabelOrder::TldFirst => "counting from the TLD",
                    LabelOrder::Written => "counting as written",
                };
                match mismatch {
                    HostMismatch::LabelCount {
                        expected,
                        at_least,
                        found,
                    } => write!(
                        f,
                        "host: needs {} {expected} label{}, the request's host has {found}",
                        if *at_least { "at least" } else { "exactly" },
                        plural(*expected)
                    ),
                    HostMismatch::Label { index, expected } => write!(
                        f,
                        "host: label {} ({order}) is {:?}, the rule needs {expected:?}",
                        index + 1,
                        found.as_deref().unwrap_or("")
                    ),
                }
            }
            Mismatch::Value {
                source,
                name,
                expected,
                found,
            } => match (expected, found) {
                (_, None) => write!(f, "{source}: the request has no {source} {name:?}"),
                (Some(expected), Some(found)) => {
                    write!(
                        f,
                        "{source}: {name} is {found:?}, the rule needs {expected:?}"
                    )
                }
                (None, Some(_)) => write!(f, "{source}: {name} is present"),
            },
            Mismatch::Accept { aliases, tried } => {
                write!(f, "accept: {} not acceptable in ", aliases.join(" + "))?;
                let groups: Vec<String> = tried.iter().map(|g| format!("[{g}]")).collect();
                match groups.len() {
                    1 => write!(f, "the Accept group {}", groups[0]),
                    _ => write!(f, "the Accept groups tried {}", groups.join(" ")),
                }
            }
        }
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}
