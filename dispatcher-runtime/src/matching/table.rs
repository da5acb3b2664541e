//! The compiled rule table: what `dispatcher!` emits for the matching core.
//!
//! Everything here is `'static` data built at compile time: patterns, MIME
//! types and layer membership are parsed by the macro, so matching a request
//! only compares strings.

use dispatcher_syntax::segment_hash;

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
///
/// The same rules are also indexed by the first segment of their path
/// pattern, so a request is only checked against rules that could match its
/// first segment: `by_first_segment` holds, sorted by the segment's hash
/// (`dispatcher_syntax::segment_hash`), the rules whose pattern starts with
/// that literal; `any_first_segment` the rules whose pattern starts with a
/// capture or matches the root.
#[derive(Debug)]
pub struct Layer {
    pub name: &'static str,
    pub rules: &'static [u16],
    pub by_first_segment: &'static [(u64, &'static str, &'static [u16])],
    pub any_first_segment: &'static [u16],
}

impl Layer {
    /// The rules a request whose path starts with `first` may match, in
    /// definition order: its bucket merged with the capture-first rules.
    pub fn candidates(&self, first: Option<&FirstSegment<'_>>) -> Candidates<'static> {
        let bucket = first.map_or(&[][..], |first| {
            // Integer comparisons find the hash; one string comparison
            // confirms it (and tells colliding segments apart).
            let start = self
                .by_first_segment
                .partition_point(|(h, _, _)| *h < first.hash);
            self.by_first_segment[start..]
                .iter()
                .take_while(|(h, _, _)| *h == first.hash)
                .find(|(_, segment, _)| *segment == first.text)
                .map_or(&[][..], |(_, _, rules)| rules)
        });
        Candidates {
            a: bucket,
            b: self.any_first_segment,
        }
    }
}

/// A request's first path segment with its hash, computed once per request
/// for all layers.
pub struct FirstSegment<'r> {
    text: &'r str,
    hash: u64,
}

impl<'r> FirstSegment<'r> {
    pub fn new(text: &'r str) -> Self {
        FirstSegment {
            text,
            hash: segment_hash(text.as_bytes()),
        }
    }
}

/// Two ascending lists of rule indices, walked as one.
pub struct Candidates<'t> {
    a: &'t [u16],
    b: &'t [u16],
}

impl Iterator for Candidates<'_> {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        let take_a = match (self.a.first(), self.b.first()) {
            (Some(a), Some(b)) => a < b,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        let list = if take_a { &mut self.a } else { &mut self.b };
        let (first, rest) = list.split_first()?;
        *list = rest;
        Some(*first)
    }
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
