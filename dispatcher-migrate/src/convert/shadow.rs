//! "Can never fire" (docs/rules.md): a rule is shadowed when an earlier rule
//! that may run in the same layer matches every request it matches.
//!
//! The `dispatcher!` macro refuses shadowed rules, so the converter must
//! find exactly the ones it finds: both describe their rules to the one
//! relation, `dispatcher_syntax::cover`. This runs it a second time with
//! mu-dispatcher's methods (`get` without HEAD) to tell a rule that never
//! fired there from one that only stops firing here.

use dispatcher_syntax::cover::{self, HostReach, Reach, Sequence};
use dispatcher_syntax::{LAST_CALL, Methods, Verb};

use crate::rules_file::{Host, HostLabel, OptionEntry, Options};

use super::path::{PathPattern, Segment};

/// Whose method table to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodTable {
    /// `get!` serves GET and HEAD (P8).
    Ours,
    /// mu-dispatcher's `get` served GET only.
    Mu,
}

/// What a rule matches, names resolved.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub verb: Verb,
    pub path: PathPattern,
    pub host: Option<HostCondition>,
    /// Indices of the aliases that must all be acceptable.
    pub accept: Vec<usize>,
    /// Index of the layer; `None` runs in every layer.
    pub layer: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostCondition {
    /// Labels as written in the Host header (else top-level domain first).
    pub written_order: bool,
    /// `Some(label)` must equal; `None` is any label.
    pub labels: Vec<Option<String>>,
    /// More labels may follow.
    pub rest: bool,
}

impl Matcher {
    pub fn new(
        verb: Verb,
        path: &PathPattern,
        options: &Options,
        aliases: &[String],
        layers: &[String],
    ) -> Matcher {
        let mut matcher = Matcher {
            verb,
            path: path.clone(),
            host: None,
            accept: Vec::new(),
            layer: None,
        };
        for entry in &options.entries {
            match entry {
                OptionEntry::Accept(names) => {
                    matcher.accept = names
                        .iter()
                        .filter_map(|name| aliases.iter().position(|alias| alias == name))
                        .collect();
                }
                OptionEntry::Host(host) => matcher.host = Some(host_condition(host)),
                OptionEntry::Layer(name) => {
                    matcher.layer = layers.iter().position(|layer| layer == name)
                }
                OptionEntry::LastCall => {
                    matcher.layer = layers.iter().position(|layer| layer == LAST_CALL)
                }
            }
        }
        matcher
    }

    /// What the rule matches, as the shared relation reads it (mu-dispatcher
    /// had no cookie or header conditions).
    fn reach(&self, table: MethodTable) -> Reach<'_> {
        Reach {
            methods: methods(self.verb, table),
            layer: self.layer,
            path: path_sequence(&self.path),
            host: self.host.as_ref().map(HostCondition::reach),
            accept: &self.accept,
            cookies: Vec::new(),
            headers: Vec::new(),
        }
    }
}

impl HostCondition {
    fn reach(&self) -> HostReach<'_> {
        HostReach {
            written_order: self.written_order,
            labels: Sequence {
                items: self.labels.iter().map(Option::as_deref).collect(),
                open: self.rest,
            },
        }
    }
}

fn host_condition(host: &Host) -> HostCondition {
    match host {
        Host::Text(text) if text == "*" => HostCondition {
            written_order: false,
            labels: vec![None],
            rest: false,
        },
        Host::Text(text) => {
            let (rest, names) = match text.strip_prefix("*.") {
                Some(names) => (true, names),
                None => (false, text.as_str()),
            };
            HostCondition {
                written_order: false,
                labels: names.split('.').rev().map(|l| Some(l.to_owned())).collect(),
                rest,
            }
        }
        Host::Labels {
            reverse,
            labels,
            rest,
        } => HostCondition {
            written_order: *reverse,
            labels: labels
                .iter()
                .map(|label| match label {
                    HostLabel::Literal(text) => Some(text.clone()),
                    HostLabel::Capture(_) | HostLabel::Any => None,
                })
                .collect(),
            rest: rest.is_some(),
        },
    }
}

/// The methods a verb serves, by `table`.
fn methods(verb: Verb, table: MethodTable) -> Methods {
    match (verb, table) {
        (Verb::Get, MethodTable::Mu) => Methods::GET,
        _ => verb.methods(),
    }
}

fn path_sequence(path: &PathPattern) -> Sequence<'_> {
    Sequence {
        items: path
            .segments
            .iter()
            .map(|segment| match segment {
                Segment::Literal(text) => Some(text.as_str()),
                Segment::Param(_) => None,
            })
            .collect(),
        open: path.glob.is_some(),
    }
}

/// The first of `earlier` that matches every request `later` matches.
pub fn shadowing<'a>(
    earlier: impl IntoIterator<Item = &'a Matcher>,
    later: &Matcher,
    table: MethodTable,
) -> Option<&'a Matcher> {
    let later = later.reach(table);
    earlier
        .into_iter()
        .find(|candidate| cover::covers(&candidate.reach(table), &later))
}

/// Whether some request matches both `fixed` (with our methods) and
/// `other` (with mu-dispatcher's) but not `mu`, what mu-dispatcher made of
/// `fixed`'s pattern (`None`: nothing). Accept and layer conditions are
/// left out: such a request is assumed to exist (the test is
/// conservative, a `true` may be a request that cannot be).
pub fn takes_answered(fixed: &Matcher, mu: Option<&Matcher>, other: &Matcher) -> bool {
    let shared =
        methods(fixed.verb, MethodTable::Ours).intersection(methods(other.verb, MethodTable::Mu));
    if shared.is_empty() {
        return false;
    }
    let Some(both) = path_sequence(&fixed.path).intersection(&path_sequence(&other.path)) else {
        return false;
    };
    if let (Some(a), Some(b)) = (&fixed.host, &other.host)
        && !a.reach().may_meet(&b.reach())
    {
        return false;
    }
    match mu {
        // Requests mu-dispatcher's reading took are taken as before.
        Some(mu) => {
            !(methods(mu.verb, MethodTable::Mu).contains(shared)
                && path_sequence(&mu.path).covers(&both)
                && mu.host.is_none())
        }
        None => true,
    }
}

/// Whether `other` is tried before `rule` for every request both match, so
/// that `rule` cannot take its requests: it runs in an earlier layer (a rule
/// without layer fires in the first), or in the same layer earlier in the
/// file with an accept condition that holds wherever `rule`'s does.
pub fn tried_first(other: &Matcher, earlier_in_file: bool, rule: &Matcher) -> bool {
    let (theirs, mine) = (other.layer.unwrap_or(0), rule.layer.unwrap_or(0));
    theirs < mine
        || (theirs == mine
            && earlier_in_file
            && other.accept.iter().all(|alias| rule.accept.contains(alias)))
}

/// Whether `fixed`'s path matches every path `mu`'s matched.
pub fn path_keeps(fixed: &Matcher, mu: &Matcher) -> bool {
    path_sequence(&fixed.path).covers(&path_sequence(&mu.path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::Style;
    use crate::convert::path::{PathOutcome, convert};

    fn matcher(verb: Verb, pattern: &str, accept: &[usize], layer: Option<usize>) -> Matcher {
        let PathOutcome::Pattern { pattern, .. } = convert(pattern, Style::Matcher) else {
            panic!("pattern");
        };
        Matcher {
            verb,
            path: pattern,
            host: None,
            accept: accept.to_vec(),
            layer,
        }
    }

    fn covers(earlier: &Matcher, later: &Matcher, table: MethodTable) -> bool {
        shadowing([earlier], later, table).is_some()
    }

    #[test]
    fn a_catch_all_shadows_what_follows_in_its_layer() {
        let all = matcher(Verb::Match, "/*_", &[], Some(1));
        let later = matcher(Verb::Get, "/themes/:id", &[0], Some(1));
        let other_layer = matcher(Verb::Get, "/themes/:id", &[0], Some(2));
        assert!(covers(&all, &later, MethodTable::Ours));
        assert!(!covers(&all, &other_layer, MethodTable::Ours));
        assert!(!covers(&later, &all, MethodTable::Ours));
    }

    #[test]
    fn head_rules_after_get_rules_differ_between_the_tables() {
        let get = matcher(Verb::Get, "/x", &[], None);
        let head = matcher(Verb::Head, "/x", &[], None);
        assert!(covers(&get, &head, MethodTable::Ours));
        assert!(!covers(&get, &head, MethodTable::Mu));
    }

    #[test]
    fn accept_conditions_shadow_only_supersets() {
        let json = matcher(Verb::Match, "/a/*p", &[0], None);
        let json_html = matcher(Verb::Match, "/a/:x", &[0, 1], None);
        let html = matcher(Verb::Match, "/a/:x", &[1], None);
        assert!(covers(&json, &json_html, MethodTable::Ours));
        assert!(!covers(&json, &html, MethodTable::Ours));
    }

    #[test]
    fn wildcard_hosts_cover_fixed_hosts_written_either_way() {
        let wildcard = host_condition(&Host::Text("*.example.com".to_owned()));
        let api = host_condition(&Host::Labels {
            reverse: true,
            labels: vec![
                HostLabel::Literal("api".to_owned()),
                HostLabel::Literal("example".to_owned()),
                HostLabel::Literal("com".to_owned()),
            ],
            rest: None,
        });
        assert!(wildcard.reach().covers(&api.reach()));
        assert!(!api.reach().covers(&wildcard.reach()));
    }

    #[test]
    fn a_rule_takes_requests_only_where_methods_and_paths_meet() {
        let get = matcher(Verb::Get, "/x/:id", &[], None);
        let head = matcher(Verb::Head, "/x/1", &[], None);
        let post = matcher(Verb::Post, "/x/1", &[], None);
        assert!(takes_answered(&get, None, &head), "get! now takes HEAD");
        assert!(!takes_answered(&get, None, &post));
        let mu_get = matcher(Verb::Get, "/x/:id", &[], None);
        assert!(
            !takes_answered(&get, Some(&mu_get), &matcher(Verb::Get, "/x/1", &[], None)),
            "GET requests mu-dispatcher's reading took are taken as before"
        );
    }
}
