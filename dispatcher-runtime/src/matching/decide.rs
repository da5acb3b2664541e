//! The evaluation order of docs/design/behaviour.md §2.3: layers × Accept
//! groups × rules.
//!
//! For each layer in order, for each Accept group (highest q first), the
//! first rule in definition order whose method, path, host and accept all
//! match wins. Method, path and host do not depend on the group, so each
//! rule is checked once per layer and the winner is the rule with the lowest
//! (group, definition order) pair; a match in the first group ends the search.

use smallvec::SmallVec;

use super::accept::{AcceptAlias, AcceptGroups};
use super::request::RequestFacts;
use super::table::{FirstSegment, Rule, RuleTable};
use super::values;

/// The rule that fires for a request, and where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Winner {
    pub rule: usize,
    pub layer: usize,
    /// The Accept group (0 = highest q) in which the rule matched.
    pub group: usize,
}

/// Finds the rule that fires for `facts`, without running anything.
pub fn decide(table: &RuleTable, facts: &RequestFacts<'_>) -> Option<Winner> {
    let mut accept = AcceptMatcher::new(table.accept_aliases, &facts.accept);
    let first = facts.segments.first().map(|text| FirstSegment::new(text));
    for (layer_index, layer) in table.layers.iter().enumerate() {
        let mut best: Option<(usize, usize)> = None;
        for rule_index in layer.candidates(first.as_ref()) {
            let rule_index = usize::from(rule_index);
            let Some(rule) = table.rules.get(rule_index) else {
                continue;
            };
            if !matches_request(rule, facts) {
                continue;
            }
            let Some(group) = accept.first_group(rule.accept) else {
                continue;
            };
            if best.is_none_or(|(best_group, _)| group < best_group) {
                best = Some((group, rule_index));
                if group == 0 {
                    break;
                }
            }
        }
        if let Some((group, rule)) = best {
            return Some(Winner {
                rule,
                layer: layer_index,
                group,
            });
        }
    }
    None
}

/// The conditions that do not depend on the Accept group.
pub(crate) fn matches_request(rule: &Rule, facts: &RequestFacts<'_>) -> bool {
    rule.methods.contains(facts.method)
        && rule.path.matches(&facts.segments)
        && rule.host.is_none_or(|host| host.matches(&facts.host))
        && rule
            .cookies
            .iter()
            .all(|condition| condition.accepts(values::cookie(facts.headers, condition.name)))
        && rule
            .headers
            .iter()
            .all(|condition| condition.accepts(values::header(facts.headers, condition.name)))
}

/// Answers "in which Accept groups are these aliases all acceptable?",
/// computing each alias's groups at most once per request.
pub(crate) struct AcceptMatcher<'a, 'r> {
    aliases: &'static [AcceptAlias],
    groups: &'a AcceptGroups<'r>,
    /// Per alias, a bit per group (for the first 64 groups); `None` until asked.
    masks: SmallVec<[Option<u64>; 8]>,
}

impl<'a, 'r> AcceptMatcher<'a, 'r> {
    pub(crate) fn new(aliases: &'static [AcceptAlias], groups: &'a AcceptGroups<'r>) -> Self {
        AcceptMatcher {
            aliases,
            groups,
            masks: SmallVec::from_elem(None, aliases.len()),
        }
    }

    pub(crate) fn groups(&self) -> &AcceptGroups<'r> {
        self.groups
    }

    /// The first group in which every alias of `required` is acceptable.
    /// A rule without an accept condition matches in the first group (A8).
    pub(crate) fn first_group(&mut self, required: &[u16]) -> Option<usize> {
        if required.is_empty() {
            return Some(0);
        }
        if self.groups.len() > 64 {
            // Only a contrived header has this many distinct q values.
            return (0..self.groups.len()).find(|&group| {
                required.iter().all(|&alias| {
                    self.aliases
                        .get(usize::from(alias))
                        .is_some_and(|alias| self.groups.accepts(group, alias))
                })
            });
        }
        let mut mask = u64::MAX;
        for &alias in required {
            mask &= self.mask(alias);
        }
        (mask != 0).then(|| mask.trailing_zeros() as usize)
    }

    fn mask(&mut self, alias: u16) -> u64 {
        let index = usize::from(alias);
        if let Some(Some(mask)) = self.masks.get(index) {
            return *mask;
        }
        let Some(definition) = self.aliases.get(index) else {
            return 0;
        };
        let mut mask = 0;
        for group in 0..self.groups.len() {
            if self.groups.accepts(group, definition) {
                mask |= 1 << group;
            }
        }
        if let Some(slot) = self.masks.get_mut(index) {
            *slot = Some(mask);
        }
        mask
    }
}
