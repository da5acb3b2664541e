//! When one rule matches every request another matches, so that the later
//! one can never fire (docs/design/behaviour.md §1, docs/rules.md). The
//! macro refuses such a rule and the migration must find exactly the rules
//! the macro refuses, so both describe their rules as a [`Reach`] and ask
//! [`covers`].
//!
//! The test is conservative: when in doubt a rule is not covered, so a rule
//! that can fire is never reported.

use crate::verb::Methods;

/// What a rule matches, with names resolved to indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach<'a> {
    pub methods: Methods,
    /// Index of the rule's layer; `None` may run in every layer.
    pub layer: Option<usize>,
    pub path: Sequence<'a>,
    pub host: Option<HostReach<'a>>,
    /// Indices of the accept aliases that must all be acceptable.
    pub accept: &'a [usize],
    pub cookies: Vec<ValueCondition<'a>>,
    pub headers: Vec<ValueCondition<'a>>,
}

/// A pattern over a list (path segments, host labels): items that must
/// equal a value (`Some`) or may be anything (`None`), and whether more
/// items may follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence<'a> {
    pub items: Vec<Option<&'a str>>,
    pub open: bool,
}

/// A host condition: its labels and the order they are written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostReach<'a> {
    /// Labels as written in the Host header (`reverse_host`), else top-level
    /// domain first.
    pub written_order: bool,
    pub labels: Sequence<'a>,
}

/// A cookie or header the rule needs: with this exact value, or any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueCondition<'a> {
    pub name: &'a str,
    pub value: Option<&'a str>,
}

/// Whether `earlier` matches every request `later` matches, in every layer
/// and Accept group `later` could fire in.
pub fn covers(earlier: &Reach, later: &Reach) -> bool {
    same_layer(earlier.layer, later.layer)
        && earlier.methods.contains(later.methods)
        && earlier.path.covers(&later.path)
        && match (&earlier.host, &later.host) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a.covers(b),
        }
        // A rule without an accept condition wins in the first Accept group
        // (docs/design/mu-compatibility.md A8); with one, it fires wherever
        // the later rule's (larger) alias set does.
        && earlier.accept.iter().all(|alias| later.accept.contains(alias))
        && values_cover(&earlier.cookies, &later.cookies)
        && values_cover(&earlier.headers, &later.headers)
}

/// Whether a rule in layer `earlier` may be tried for every request a rule
/// in layer `later` is: a rule without a layer may run in every layer, and
/// one that did not match in the first layer matches in no other, so a
/// rule without a layer can only ever fire in the first one.
pub fn same_layer(earlier: Option<usize>, later: Option<usize>) -> bool {
    match (earlier, later) {
        (None, _) => true,
        (Some(a), Some(b)) => a == b,
        (Some(a), None) => a == 0,
    }
}

/// Every cookie or header condition of the earlier rule holds whenever the
/// later rule's do: the later rule names the same value, and needs the
/// same literal where the earlier one needs one.
fn values_cover(earlier: &[ValueCondition], later: &[ValueCondition]) -> bool {
    earlier.iter().all(|condition| {
        later.iter().any(|other| {
            other.name == condition.name
                && match (condition.value, other.value) {
                    (None, _) => true,
                    (Some(a), Some(b)) => a == b,
                    (Some(_), None) => false,
                }
        })
    })
}

impl<'a> Sequence<'a> {
    /// Whether this matches every list `later` matches.
    pub fn covers(&self, later: &Sequence) -> bool {
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

    /// The lists both match, if any.
    pub fn intersection(&self, other: &Sequence<'a>) -> Option<Sequence<'a>> {
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
}

impl HostReach<'_> {
    /// Whether this matches every host `later` matches.
    pub fn covers(&self, later: &HostReach) -> bool {
        let mut theirs = later.labels.clone();
        if self.written_order != later.written_order {
            if later.labels.open {
                return false;
            }
            // A pattern of fixed length reads the same from either end,
            // reversed.
            theirs.items.reverse();
        }
        self.labels.covers(&theirs)
    }

    /// Whether some host may match both (true when unsure: patterns
    /// anchored at different ends with more labels allowed are not
    /// compared).
    pub fn may_meet(&self, other: &HostReach) -> bool {
        let mut theirs = other.labels.clone();
        if self.written_order != other.written_order {
            if self.labels.open || other.labels.open {
                return true;
            }
            theirs.items.reverse();
        }
        self.labels.intersection(&theirs).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Verb;

    fn sequence<'a>(items: &[&'a str], open: bool) -> Sequence<'a> {
        Sequence {
            items: items
                .iter()
                .map(|item| (*item != "_").then_some(*item))
                .collect(),
            open,
        }
    }

    fn reach<'a>(verb: Verb, path: Sequence<'a>, accept: &'a [usize]) -> Reach<'a> {
        Reach {
            methods: verb.methods(),
            layer: None,
            path,
            host: None,
            accept,
            cookies: Vec::new(),
            headers: Vec::new(),
        }
    }

    #[test]
    fn layer_rules() {
        assert!(same_layer(None, Some(3)));
        assert!(same_layer(Some(1), Some(1)));
        assert!(!same_layer(Some(1), Some(2)));
        assert!(
            same_layer(Some(0), None),
            "a layer-less rule only fires in the first layer"
        );
        assert!(!same_layer(Some(1), None));
    }

    #[test]
    fn a_catch_all_covers_what_follows_and_not_the_reverse() {
        let all = reach(Verb::Match, sequence(&[], true), &[]);
        let themes = reach(Verb::Get, sequence(&["themes", "_"], false), &[0]);
        assert!(covers(&all, &themes));
        assert!(!covers(&themes, &all));
        let head = reach(Verb::Head, sequence(&["themes", "_"], false), &[0]);
        assert!(covers(&themes, &head), "get! serves HEAD");
        assert!(!covers(&head, &themes));
    }

    #[test]
    fn accept_conditions_cover_only_supersets() {
        let json = reach(Verb::Match, sequence(&["a"], true), &[0]);
        let json_html = reach(Verb::Match, sequence(&["a", "_"], false), &[0, 1]);
        let html = reach(Verb::Match, sequence(&["a", "_"], false), &[1]);
        assert!(covers(&json, &json_html));
        assert!(!covers(&json, &html));
    }

    #[test]
    fn value_conditions_cover_when_the_later_rule_needs_as_much() {
        let mut any_branch = reach(Verb::Get, sequence(&[], true), &[]);
        any_branch.cookies = vec![ValueCondition {
            name: "branch",
            value: None,
        }];
        let mut blue = reach(Verb::Get, sequence(&["x"], false), &[]);
        blue.cookies = vec![ValueCondition {
            name: "branch",
            value: Some("blue"),
        }];
        let plain = reach(Verb::Get, sequence(&["x"], false), &[]);
        assert!(covers(&any_branch, &blue));
        assert!(!covers(&blue, &any_branch));
        assert!(!covers(&any_branch, &plain));
    }

    #[test]
    fn host_orders_compare_when_the_later_length_is_fixed() {
        let host = |labels: &[&'static str], open, written_order| HostReach {
            written_order,
            labels: sequence(labels, open),
        };
        let wildcard = host(&["com", "example"], true, false);
        let api = host(&["api", "example", "com"], false, true);
        assert!(wildcard.covers(&api));
        assert!(!api.covers(&wildcard));
        let dev = host(&["dev", "_"], true, true);
        assert!(
            !dev.covers(&wildcard),
            "different anchors with rest are not compared"
        );
        assert!(dev.may_meet(&wildcard), "and may meet");
        let single = host(&["_"], false, false);
        assert!(!single.covers(&api));
        assert!(!single.may_meet(&api));
    }

    #[test]
    fn intersections_keep_what_both_need() {
        let a = sequence(&["a", "_"], true);
        let b = sequence(&["_", "b", "c"], false);
        assert_eq!(a.intersection(&b), Some(sequence(&["a", "b", "c"], false)));
        assert_eq!(sequence(&["x"], false).intersection(&b), None);
    }
}
