//! The compiled rule table: what `dispatcher!` emits for the matching core.
//!
//! Everything here is `'static` data built at compile time: patterns, MIME
//! types and layer membership are parsed by the macro, so matching a request
//! only compares strings.

use super::accept::AcceptAlias;
use super::host::HostPattern;
use super::method::MethodSet;
use super::path::PathPattern;
use super::values::ValueMatch;

/// All rules of one `dispatcher!` invocation.
#[derive(Debug)]
pub struct RuleTable {
    pub accept_aliases: &'static [AcceptAlias],
    pub layers: &'static [Layer],
    pub rules: &'static [Rule],
}

/// One evaluation layer and the rules that may run in it, in definition order.
///
/// A rule that names no layer may run in every layer; the macro lists it only
/// in the first, since a rule that did not match there matches nowhere.
#[derive(Debug)]
pub struct Layer {
    pub name: &'static str,
    pub rules: &'static [u16],
}

/// One rule: its conditions and how it was written.
#[derive(Debug)]
pub struct Rule {
    /// Source line of the rule's verb in `dispatcher.rs`.
    pub line: u32,
    /// `match`, `get`, `post`, …
    pub verb: &'static str,
    /// The path pattern as written.
    pub pattern: &'static str,
    /// The options, resolved (named sets expanded) and rendered for display.
    pub options: &'static str,
    /// What the body does, rendered for display (`forward(path, "http://…")`).
    pub action: &'static str,
    pub methods: MethodSet,
    pub path: PathPattern,
    pub host: Option<HostPattern>,
    /// Accept aliases (indices into [`RuleTable::accept_aliases`]) that must
    /// all be acceptable in the same Accept group; empty: no condition.
    pub accept: &'static [u16],
    /// Cookies the request must carry (`cookie: {...}`).
    pub cookies: &'static [ValueMatch],
    /// Request headers the request must carry (`header: {...}`).
    pub headers: &'static [ValueMatch],
    /// The layer the rule belongs to, or `None` for every layer.
    pub layer: Option<u16>,
}

impl RuleTable {
    pub fn rule(&self, index: usize) -> Option<&'static Rule> {
        self.rules.get(index)
    }

    pub fn layer_name(&self, index: usize) -> &'static str {
        self.layers.get(index).map_or("?", |layer| layer.name)
    }

    pub fn alias_name(&self, index: u16) -> &'static str {
        self.accept_aliases
            .get(usize::from(index))
            .map_or("?", |alias| alias.name)
    }
}
