//! The "can never fire" check (docs/design/behaviour.md §1): a rule is an
//! error when an earlier rule that may run in the same layer matches every
//! request it matches. The relation itself is `dispatcher_syntax::cover`,
//! shared with the migration, which must find exactly these rules; this
//! module describes the checked rules to it and reports.

use dispatcher_syntax::cover::{self, HostReach, Reach, Sequence, ValueCondition};

use crate::errors::Errors;
use crate::model::RuleModel;
use crate::pattern::{ExpectModel, HostLabelModel, HostModel, LabelOrder, PathSegment, ValueModel};

pub fn check(rules: &[RuleModel], errors: &mut Errors) {
    let reaches: Vec<Reach> = rules.iter().map(reach).collect();
    for (later_index, later) in reaches.iter().enumerate() {
        if let Some(earlier_index) = reaches[..later_index]
            .iter()
            .position(|earlier| cover::covers(earlier, later))
        {
            let (earlier, later) = (&rules[earlier_index], &rules[later_index]);
            errors.at(
                later.span(),
                format!(
                    "this rule can never fire: the rule on line {} (`{}!({:?}, {})`) comes first and matches \
                     every request this one matches; move this rule above it, or narrow the earlier rule",
                    earlier.line,
                    earlier.verb.name(),
                    earlier.pattern.value(),
                    earlier.options.display
                ),
            );
        }
    }
}

/// What `rule` matches, as the shared relation reads it.
fn reach(rule: &RuleModel) -> Reach<'_> {
    Reach {
        methods: rule.verb.methods(),
        layer: rule.options.layer,
        path: Sequence {
            items: rule
                .path
                .segments
                .iter()
                .map(|segment| match segment {
                    PathSegment::Literal(text) => Some(text.as_str()),
                    PathSegment::Param(_) => None,
                })
                .collect(),
            open: rule.path.glob.is_some(),
        },
        host: rule.options.host.as_ref().map(host_reach),
        accept: &rule.options.accept,
        cookies: values(&rule.options.cookies),
        headers: values(&rule.options.headers),
    }
}

fn host_reach(host: &HostModel) -> HostReach<'_> {
    HostReach {
        written_order: host.order == LabelOrder::Written,
        labels: Sequence {
            items: host
                .labels
                .iter()
                .map(|label| match label {
                    HostLabelModel::Literal(text) => Some(text.as_str()),
                    HostLabelModel::Any | HostLabelModel::Capture(_) => None,
                })
                .collect(),
            open: host.rest.is_some(),
        },
    }
}

fn values(conditions: &[ValueModel]) -> Vec<ValueCondition<'_>> {
    conditions
        .iter()
        .map(|condition| ValueCondition {
            name: &condition.name,
            value: match &condition.expect {
                ExpectModel::Equal(value) => Some(value.as_str()),
                ExpectModel::Any(_) => None,
            },
        })
        .collect()
}
