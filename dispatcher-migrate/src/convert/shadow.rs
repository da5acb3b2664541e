//! "Can never fire" (docs/rules.md): a rule is shadowed when an earlier rule
//! that may run in the same layer matches every request it matches.
//!
//! The `dispatcher!` macro refuses shadowed rules, so the converter must
//! find exactly the ones it finds: this applies the macro's conservative
//! test (dispatcher-macros/src/shadow.rs) to the converter's own model. It
//! runs a second time with mu-dispatcher's methods (`get` without HEAD) to
//! tell a rule that never fired there from one that only stops firing here.

use crate::rules_file::{Host, HostLabel, OptionEntry, Options};

use super::path::{PathPattern, Segment};

/// Whose method table to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Methods {
    /// `get!` serves GET and HEAD (P8).
    Ours,
    /// mu-dispatcher's `get` served GET only.
    Mu,
}

/// What a rule matches, names resolved.
#[derive(Debug, Clone)]
pub struct Matcher {
    pub verb: String,
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
        verb: &str,
        path: &PathPattern,
        options: &Options,
        aliases: &[String],
        layers: &[String],
    ) -> Matcher {
        let mut matcher = Matcher {
            verb: verb.to_owned(),
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
                    matcher.layer = layers.iter().position(|layer| layer == super::LAST_CALL)
                }
            }
        }
        matcher
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

/// The method bits a verb serves.
fn methods(verb: &str, table: Methods) -> u16 {
    const GET: u16 = 1;
    const HEAD: u16 = 1 << 1;
    match verb {
        "get" if table == Methods::Ours => GET | HEAD,
        "get" => GET,
        "head" => HEAD,
        "post" => 1 << 2,
        "put" => 1 << 3,
        "patch" => 1 << 4,
        "delete" => 1 << 5,
        "options" => 1 << 6,
        _ => u16::MAX,
    }
}

/// The first of `earlier` that matches every request `later` matches.
pub fn shadowing<'a>(
    earlier: impl IntoIterator<Item = &'a Matcher>,
    later: &Matcher,
    table: Methods,
) -> Option<&'a Matcher> {
    earlier
        .into_iter()
        .find(|candidate| covers(candidate, later, table))
}

fn covers(earlier: &Matcher, later: &Matcher, table: Methods) -> bool {
    let (mine, theirs) = (methods(&earlier.verb, table), methods(&later.verb, table));
    same_layer(earlier.layer, later.layer)
        && mine & theirs == theirs
        && path_covers(&earlier.path, &later.path)
        && match (&earlier.host, &later.host) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => host_covers(a, b),
        }
        // Without an accept condition a rule wins in the first Accept group
        // (A8); with one, wherever the later rule's aliases do.
        && earlier.accept.iter().all(|alias| later.accept.contains(alias))
}

/// A rule without a layer that did not fire in the first layer fires in none.
fn same_layer(earlier: Option<usize>, later: Option<usize>) -> bool {
    match (earlier, later) {
        (None, _) => true,
        (Some(a), Some(b)) => a == b,
        (Some(a), None) => a == 0,
    }
}

/// A pattern over a list (path segments, host labels): items that must
/// equal a value (`Some`) or may be anything (`None`), and whether more
/// items may follow.
struct Sequence<'a> {
    items: Vec<Option<&'a str>>,
    open: bool,
}

impl<'a> Sequence<'a> {
    fn path(path: &'a PathPattern) -> Self {
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

    fn host(host: &'a HostCondition) -> Self {
        Sequence {
            items: host.labels.iter().map(Option::as_deref).collect(),
            open: host.rest,
        }
    }

    /// The lists both match, if any.
    fn intersection(&self, other: &Sequence<'a>) -> Option<Sequence<'a>> {
        let (short, long) = if self.items.len() <= other.items.len() {
            (self, other)
        } else {
            (other, self)
        };
        // The shorter one must allow the longer one's length.
        if !short.open && short.items.len() != long.items.len() {
            return None;
        }
        let mut items = Vec::with_capacity(long.items.len());
        for (index, item) in long.items.iter().enumerate() {
            let merged = match (short.items.get(index).copied().flatten(), *item) {
                (Some(a), Some(b)) if a != b => return None,
                (Some(a), _) => Some(a),
                (None, b) => b,
            };
            items.push(merged);
        }
        Some(Sequence {
            items,
            open: short.open && long.open,
        })
    }

    /// Whether this matches every list `later` matches.
    fn covers(&self, later: &Sequence) -> bool {
        let fits = if self.open {
            self.items.len() <= later.items.len()
        } else {
            !later.open && self.items.len() == later.items.len()
        };
        fits && self
            .items
            .iter()
            .zip(&later.items)
            .all(|(mine, theirs)| mine.is_none() || mine == theirs)
    }
}

/// Whether some request matches both `fixed` (with our methods) and
/// `other` (with mu-dispatcher's) but not `mu`, what mu-dispatcher made of
/// `fixed`'s pattern (`None`: nothing). Accept and layer conditions are
/// left out: such a request is assumed to exist (the test is
/// conservative, a `true` may be a request that cannot be).
pub fn takes_answered(fixed: &Matcher, mu: Option<&Matcher>, other: &Matcher) -> bool {
    let shared = methods(&fixed.verb, Methods::Ours) & methods(&other.verb, Methods::Mu);
    if shared == 0 {
        return false;
    }
    let (fixed_path, other_path) = (Sequence::path(&fixed.path), Sequence::path(&other.path));
    let Some(both) = fixed_path.intersection(&other_path) else {
        return false;
    };
    if let (Some(a), Some(b)) = (&fixed.host, &other.host)
        && !hosts_may_meet(a, b)
    {
        return false;
    }
    match mu {
        // Requests mu-dispatcher's reading took are taken as before.
        Some(mu) => {
            let mu_methods = methods(&mu.verb, Methods::Mu);
            !(mu_methods & shared == shared
                && Sequence::path(&mu.path).covers(&both)
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
    path_covers(&fixed.path, &mu.path)
}

fn hosts_may_meet(a: &HostCondition, b: &HostCondition) -> bool {
    let mut theirs = Sequence::host(b);
    if a.written_order != b.written_order {
        if a.rest || b.rest {
            return true;
        }
        theirs.items.reverse();
    }
    Sequence::host(a).intersection(&theirs).is_some()
}

fn path_covers(earlier: &PathPattern, later: &PathPattern) -> bool {
    Sequence::path(earlier).covers(&Sequence::path(later))
}

fn host_covers(earlier: &HostCondition, later: &HostCondition) -> bool {
    let mut theirs = Sequence::host(later);
    if earlier.written_order != later.written_order {
        if later.rest {
            return false;
        }
        // A pattern of fixed length reads the same from either end, reversed.
        theirs.items.reverse();
    }
    Sequence::host(earlier).covers(&theirs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::Style;
    use crate::convert::path::{PathOutcome, convert};

    fn matcher(verb: &str, pattern: &str, accept: &[usize], layer: Option<usize>) -> Matcher {
        let PathOutcome::Pattern { pattern, .. } = convert(pattern, Style::Matcher) else {
            panic!("pattern");
        };
        Matcher {
            verb: verb.to_owned(),
            path: pattern,
            host: None,
            accept: accept.to_vec(),
            layer,
        }
    }

    #[test]
    fn a_catch_all_shadows_what_follows_in_its_layer() {
        let all = matcher("match", "/*_", &[], Some(1));
        let later = matcher("get", "/themes/:id", &[0], Some(1));
        let other_layer = matcher("get", "/themes/:id", &[0], Some(2));
        assert!(covers(&all, &later, Methods::Ours));
        assert!(!covers(&all, &other_layer, Methods::Ours));
        assert!(!covers(&later, &all, Methods::Ours));
    }

    #[test]
    fn head_rules_after_get_rules_differ_between_the_tables() {
        let get = matcher("get", "/x", &[], None);
        let head = matcher("head", "/x", &[], None);
        assert!(covers(&get, &head, Methods::Ours));
        assert!(!covers(&get, &head, Methods::Mu));
    }

    #[test]
    fn accept_conditions_shadow_only_supersets() {
        let json = matcher("match", "/a/*p", &[0], None);
        let json_html = matcher("match", "/a/:x", &[0, 1], None);
        let html = matcher("match", "/a/:x", &[1], None);
        assert!(covers(&json, &json_html, Methods::Ours));
        assert!(!covers(&json, &html, Methods::Ours));
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
        assert!(host_covers(&wildcard, &api));
        assert!(!host_covers(&api, &wildcard));
    }
}
