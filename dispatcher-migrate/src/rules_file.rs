//! The converted rules file as a model: what `convert` produces and `emit`
//! writes out. Bodies are already Rust (lines of code); everything else is
//! structured, so the shadow check and the emitter read the same rules.

/// A whole `dispatcher.rs`.
#[derive(Debug, Default)]
pub struct RulesFile {
    /// The input's file name, for the header.
    pub source_name: String,
    /// Comments above `defmodule`.
    pub header: Vec<CommentLine>,
    /// Module-level constructs left for the user: (line, message), written
    /// as `compile_error!` items before the rules.
    pub leftovers: Vec<(usize, String)>,
    pub items: Vec<Placed>,
    /// Comments after the last item.
    pub footer: Vec<CommentLine>,
}

/// An item with the comments that stood next to it.
#[derive(Debug)]
pub struct Placed {
    /// The source had a blank line above it (and its comments).
    pub blank_before: bool,
    pub leading: Vec<CommentLine>,
    pub item: Item,
    /// A comment at the end of the item's first line.
    pub trailing: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommentLine {
    Text(String),
    /// A blank line between groups of comments.
    Blank,
}

#[derive(Debug)]
pub enum Item {
    /// Only the comments (of an item that was dropped or inlined).
    Nothing,
    AcceptTypes(Vec<(String, Vec<String>)>),
    Layers(Vec<String>),
    OptionSet {
        name: String,
        options: Options,
    },
    Rule(Rule),
    /// A rule that can never fire, written as a comment with the reason.
    Disabled {
        rule: Rule,
        reason: String,
    },
}

#[derive(Debug, Clone)]
pub struct Rule {
    /// Line of the rule in `dispatcher.ex`.
    pub line: usize,
    pub verb: String,
    pub pattern: String,
    pub options: RuleOptions,
    pub body: Body,
    /// Comment lines written above the rule (a suggested edit).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleOptions {
    /// `_`
    Any,
    /// `@name`
    Named(String),
    Inline(Options),
    /// Options as `dispatcher.ex` wrote them, for a rule kept as a comment
    /// because they never matched.
    Elixir(String),
}

/// `{ key: value, ... }`, in the order the source wrote them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    pub entries: Vec<OptionEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionEntry {
    /// All of these aliases must be acceptable.
    Accept(Vec<String>),
    Host(Host),
    Layer(String),
    LastCall,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// `host: "api.example.com"`, `"*.example.com"`, `"*"`
    Text(String),
    /// `host: [...]` (TLD first) or, with `reverse`, `reverse_host: [...]`.
    Labels {
        reverse: bool,
        labels: Vec<HostLabel>,
        /// `..rest`; the inner `None` is `..` (ignored).
        rest: Option<Option<String>>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostLabel {
    Literal(String),
    Capture(String),
    Any,
}

/// A rule body: lines of Rust, indented relative to the body.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub lines: Vec<String>,
}
