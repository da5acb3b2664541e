//! The checked model: what `valid` makes of the rules once every name is
//! resolved and every rule checked, and what `expand` writes out and
//! `shadow` compares. It holds no syntax errors, only rules that check.

use dispatcher_syntax::Verb;
use proc_macro2::Span;
use syn::LitStr;

use crate::pattern::{HostModel, PathModel, ValueModel};

pub struct Model {
    pub aliases: Vec<AliasModel>,
    pub layers: Vec<String>,
    pub rules: Vec<RuleModel>,
}

pub struct AliasModel {
    pub name: String,
    /// Lower-cased `(type, subtype)` pairs.
    pub types: Vec<(String, String)>,
}

pub struct RuleModel {
    pub line: u32,
    pub verb: Verb,
    pub pattern: LitStr,
    pub path: PathModel,
    pub options: ResolvedOptions,
    pub body: syn::Block,
    /// What the body does, for `routes`.
    pub actions: Vec<String>,
}

/// A rule's options with names resolved.
#[derive(Clone, Default)]
pub struct ResolvedOptions {
    /// Indices into `Model::aliases`; all must be acceptable.
    pub accept: Vec<usize>,
    pub host: Option<HostModel>,
    /// Index into `Model::layers`; `last_call: true` resolves to the `last_call` layer.
    pub layer: Option<usize>,
    /// `cookie: {...}` conditions (docs/design/behaviour.md §4).
    pub cookies: Vec<ValueModel>,
    /// `header: {...}` conditions.
    pub headers: Vec<ValueModel>,
    pub display: String,
}

impl RuleModel {
    pub fn span(&self) -> Span {
        self.pattern.span()
    }
}
