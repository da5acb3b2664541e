//! The "can never fire" check of SPEC §1.5: a rule is an error when an
//! earlier rule that may run in the same layer matches every request it
//! matches. The test is conservative: when in doubt a rule is not reported.

use crate::errors::Errors;
use crate::pattern::{ExpectModel, HostLabelModel, HostModel, PathModel, PathSegment, ValueModel};
use crate::valid::RuleModel;

pub fn check(rules: &[RuleModel], errors: &mut Errors) {
    for (later_index, later) in rules.iter().enumerate() {
        if let Some(earlier) = rules[..later_index]
            .iter()
            .find(|earlier| covers(earlier, later))
        {
            errors.at(
                later.span(),
                format!(
                    "this rule can never fire: the rule on line {} (`{}!({:?}, {})`) comes first and matches \
                     every request this one matches; move this rule above it, or narrow the earlier rule",
                    earlier.line,
                    earlier.verb,
                    earlier.pattern.value(),
                    earlier.options.display
                ),
            );
        }
    }
}

/// Whether `earlier` matches every request `later` matches, in every layer
/// and Accept group `later` could fire in.
fn covers(earlier: &RuleModel, later: &RuleModel) -> bool {
    same_layer(earlier.options.layer, later.options.layer)
        && earlier.methods.contains(later.methods)
        && path_covers(&earlier.path, &later.path)
        && match (&earlier.options.host, &later.options.host) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => host_covers(a, b),
        }
        // A rule without an accept condition wins in the first group (A8); with
        // one, it fires wherever the later rule's (larger) alias set does.
        && earlier.options.accept.iter().all(|alias| later.options.accept.contains(alias))
        && values_cover(&earlier.options.cookies, &later.options.cookies)
        && values_cover(&earlier.options.headers, &later.options.headers)
}

/// Every cookie or header condition of the earlier rule holds whenever the
/// later rule's do: the later rule names the same value, and needs the
/// same literal where the earlier one needs one.
fn values_cover(earlier: &[ValueModel], later: &[ValueModel]) -> bool {
    earlier.iter().all(|condition| {
        later.iter().any(|other| {
            other.name == condition.name
                && match (&condition.expect, &other.expect) {
                    (ExpectModel::Any(_), _) => true,
                    (ExpectModel::Equal(a), ExpectModel::Equal(b)) => a == b,
                    (ExpectModel::Equal(_), ExpectModel::Any(_)) => false,
                }
        })
    })
}

/// A rule without a layer may run in every layer; a rule without a layer
/// can only ever fire in the first one.
fn same_layer(earlier: Option<usize>, later: Option<usize>) -> bool {
    match (earlier, later) {
        (None, _) => true,
        (Some(a), Some(b)) => a == b,
        (Some(a), None) => a == 0,
    }
}

fn path_covers(earlier: &PathModel, later: &PathModel) -> bool {
    let (a, b) = (&earlier.segments, &later.segments);
    let lengths_fit = match (earlier.glob.is_some(), later.glob.is_some()) {
        (false, false) => a.len() == b.len(),
        (false, true) => false,
        (true, _) => a.len() <= b.len(),
    };
    lengths_fit
        && a.iter().zip(b).all(|pair| match pair {
            (PathSegment::Param(_), _) => true,
            (PathSegment::Literal(x), PathSegment::Literal(y)) => x == y,
            (PathSegment::Literal(_), PathSegment::Param(_)) => false,
        })
}

fn host_covers(earlier: &HostModel, later: &HostModel) -> bool {
    let later_labels: Vec<&HostLabelModel> = if earlier.order == later.order {
        later.labels.iter().collect()
    } else if later.rest.is_none() {
        // A fixed-length pattern reads the same from either end, reversed.
        later.labels.iter().rev().collect()
    } else {
        return false;
    };
    let lengths_fit = match (earlier.rest.is_some(), later.rest.is_some()) {
        (false, false) => earlier.labels.len() == later_labels.len(),
        (false, true) => false,
        (true, _) => earlier.labels.len() <= later_labels.len(),
    };
    lengths_fit
        && earlier
            .labels
            .iter()
            .zip(later_labels)
            .all(|pair| match pair {
                (HostLabelModel::Literal(x), HostLabelModel::Literal(y)) => x == y,
                (HostLabelModel::Literal(_), _) => false,
                _ => true,
            })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::LabelOrder;

    fn layer(a: Option<usize>, b: Option<usize>) -> bool {
        same_layer(a, b)
    }

    #[test]
    fn layer_rules() {
        assert!(layer(None, Some(3)));
        assert!(layer(Some(1), Some(1)));
        assert!(!layer(Some(1), Some(2)));
        assert!(
            layer(Some(0), None),
            "a layer-less rule only fires in the first layer"
        );
        assert!(!layer(Some(1), None));
    }

    #[test]
    fn host_orders_compare_when_the_later_length_is_fixed() {
        let tld = |labels: &[&str], rest: bool, order| HostModel {
            order,
            labels: labels
                .iter()
                .map(|l| {
                    if *l == "_" {
                        HostLabelModel::Any
                    } else {
                        HostLabelModel::Literal(l.to_string())
                    }
                })
                .collect(),
            rest: rest.then_some(None),
            display: String::new(),
        };
        let wildcard = tld(&["com", "example"], true, LabelOrder::TldFirst);
        let api = tld(&["api", "example", "com"], false, LabelOrder::Written);
        assert!(host_covers(&wildcard, &api));
        assert!(!host_covers(&api, &wildcard));
        let dev = tld(&["dev", "_"], true, LabelOrder::Written);
        assert!(
            !host_covers(&dev, &wildcard),
            "different anchors with rest are not compared"
        );
        let star = tld(&["_"], false, LabelOrder::TldFirst);
        assert!(!host_covers(&star, &api));
    }
}
