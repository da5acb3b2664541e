//! One rule: `get "/files/:id", %{...} do ... end` as `get!(...) { ... }`,
//! with its path ([`path`](super::path)), options
//! ([`options`](super::options)) and body ([`body`](super::body)).

use dispatcher_syntax::Verb;

use crate::elixir::syntax::{Call, Comment, Expr, ExprKind, Span};
use crate::report::Kind;
use crate::rules_file::{Body, Options, Rule, RuleOptions};
use crate::rust_syntax;

use super::Module;
use super::expr::mentions;
use super::options::{self, OptionsOutcome};
use super::path::{self, MuReading, PathOutcome, PathPattern};
use super::shadow::Matcher;
use super::translator::{Binding, Issue, Translator, Ty, Value};

/// What became of a rule.
pub enum RuleOutcome {
    /// Written out; `issues` go to the report while it stays active.
    Active {
        rule: Rule,
        matcher: Matcher,
        issues: Vec<Issue>,
        /// The path is written as meant, not as mu-dispatcher read it: the
        /// fix is applied only if it takes no request mu-dispatcher answered.
        tentative: Option<Box<Tentative>>,
    },
    /// It can never fire: kept as a comment. `kind` is `NeverFires`, or
    /// `Differs` when it did fire in mu-dispatcher.
    Disabled {
        rule: Rule,
        reason: String,
        kind: Kind,
    },
    /// Not converted at all (a `compile_error!` names it).
    Left(String),
}

/// A rule whose path mu-dispatcher read otherwise than it is written.
pub struct Tentative {
    /// What mu-dispatcher matched (`None`: nothing) and its pattern text.
    pub mu_matcher: Option<Matcher>,
    pub mu_pattern: Option<String>,
    /// What the fix does, what mu-dispatcher did, the difference row.
    pub edit: String,
    pub mu_text: String,
    pub tag: &'static str,
    /// The pattern as `dispatcher.ex` wrote it.
    pub raw: String,
}

/// The options of a rule, resolved.
enum RuleOpts {
    Any,
    Named(String, Options),
    Inline(Options, Vec<String>),
    Never(String),
    Left(String),
}

pub fn convert(
    module: &Module,
    verb: Verb,
    call: &Call,
    span: Span,
    comments: Vec<Comment>,
) -> RuleOutcome {
    let (args, body, body_span) = match parts(call) {
        Ok(parts) => parts,
        Err(why) => return RuleOutcome::Left(why),
    };
    let raw = match path_text(module, &args[0]) {
        Ok(raw) => raw,
        Err(why) => return RuleOutcome::Left(why),
    };
    let options_expr = args.get(1);
    let opts = rule_options(module, options_expr);
    if let RuleOpts::Left(why) = &opts {
        return RuleOutcome::Left(why.clone());
    }
    let (pattern, mut never, fixes, mu_reading) =
        match path::convert(&raw, module.definitions.style) {
            PathOutcome::Unconvertible(why) => return RuleOutcome::Left(why),
            PathOutcome::NeverMatches { reason, differs } => {
                let kind = if differs.is_some() {
                    Kind::Differs
                } else {
                    Kind::NeverFires
                };
                (None, Some((reason, kind)), Vec::new(), MuReading::Same)
            }
            PathOutcome::Pattern { pattern, fixes, mu } => (Some(pattern), None, fixes, mu),
        };
    if never.is_none()
        && let RuleOpts::Never(reason) = &opts
    {
        never = Some((reason.clone(), Kind::NeverFires));
    }
    let (options, resolved, notes) = match opts {
        RuleOpts::Any => (RuleOptions::Any, Options::default(), Vec::new()),
        RuleOpts::Named(name, set) => (RuleOptions::Named(name), set, Vec::new()),
        RuleOpts::Inline(set, notes) => (RuleOptions::Inline(set.clone()), set, notes),
        RuleOpts::Never(_) | RuleOpts::Left(_) => (
            RuleOptions::Elixir(options_expr.map_or("_".to_owned(), |e| module.text(e.span))),
            Options::default(),
            Vec::new(),
        ),
    };

    // Captures: path and host share the body's scope.
    let mut captures: Vec<(String, Ty)> = Vec::new();
    if let Some(pattern) = &pattern {
        for segment in &pattern.segments {
            if let path::Segment::Param(Some(name)) = segment {
                captures.push((name.clone(), Ty::Str));
            }
        }
        if let Some(Some(name)) = &pattern.glob {
            captures.push((name.clone(), Ty::Segments));
        }
    }
    for (name, rest) in options::host_captures(&resolved) {
        if captures.iter().any(|(existing, _)| *existing == name) && !name.starts_with('_') {
            return RuleOutcome::Left(format!(
                "`{name}` is captured by both the path and the host, which required them to be equal; \
                 rules cannot express that"
            ));
        }
        captures.push((name, if rest { Ty::Labels } else { Ty::Str }));
    }
    if captures.iter().any(|(name, _)| name == "conn") {
        return RuleOutcome::Left(
            "a capture named `conn` (which is the request in every body)".to_owned(),
        );
    }
    let bindings = captures
        .iter()
        .map(|(name, ty)| Binding {
            elixir: name.clone(),
            value: Value::new(rust_syntax::identifier(name), *ty),
        })
        .collect();

    let mut translator = Translator::new(module, bindings);
    translator.comments = comments.into();
    translator.body(&body, body_span);
    translator.remaining_comments();
    // An unused capture gets a `_` (or Rust warns). Uses inside constructs
    // left for the user count too: the body's source is searched for them.
    let left_for_user = translator
        .issues
        .iter()
        .any(|issue| issue.kind == Kind::LeftForUser);
    let body_text = module
        .source
        .get(body_span.start_byte..body_span.end_byte)
        .unwrap_or("");
    let rename = |name: &str| {
        let rust = rust_syntax::identifier(name);
        let used = body.iter().any(|expr| mentions(expr, name))
            || left_for_user && mentions_word(body_text, name);
        if rust.starts_with('_') || used {
            rust
        } else {
            format!("_{rust}")
        }
    };
    let body = Body {
        lines: translator.lines,
    };
    let options = match options {
        RuleOptions::Inline(mut set) => {
            options::rename_captures(&mut set, rename);
            RuleOptions::Inline(set)
        }
        other => other,
    };
    let rule = Rule {
        line: span.line,
        verb: verb.name().to_owned(),
        pattern: pattern
            .as_ref()
            .map_or(raw.clone(), |pattern| pattern.text(rename)),
        options,
        body,
        notes: Vec::new(),
    };
    if let Some((reason, kind)) = never {
        return RuleOutcome::Disabled { rule, reason, kind };
    }
    let Some(pattern) = pattern else {
        return RuleOutcome::Left("the path could not be read".to_owned());
    };
    let aliases = module.definitions.aliases();
    let matcher = Matcher::new(
        verb,
        &pattern,
        &resolved,
        &aliases,
        &module.definitions.layers,
    );
    let tentative = match mu_reading {
        MuReading::Same => None,
        MuReading::Differs {
            mu,
            edit,
            mu_text,
            tag,
        } => Some(Box::new(Tentative {
            mu_matcher: mu
                .as_ref()
                .map(|mu| Matcher::new(verb, mu, &resolved, &aliases, &module.definitions.layers)),
            mu_pattern: mu.map(|mu| mu.text(rename)),
            edit,
            mu_text,
            tag,
            raw: raw.clone(),
        })),
    };
    let mut issues: Vec<Issue> = fixes
        .into_iter()
        .map(|message| Issue {
            line: span.line,
            kind: Kind::Fixed,
            message,
        })
        .collect();
    issues.extend(notes.into_iter().map(|message| Issue {
        line: span.line,
        kind: Kind::Note,
        message,
    }));
    issues.extend(translator.issues);
    RuleOutcome::Active {
        rule,
        matcher,
        issues,
        tentative,
    }
}

/// The path and options arguments, the body and where the body is.
fn parts(call: &Call) -> Result<(Vec<Expr>, Vec<Expr>, Span), String> {
    let mut args = call.args.clone();
    let (body, span) = match &call.do_block {
        Some(block) if block.has_clauses || block.else_body.is_some() => {
            return Err("a rule's `do` block with `else`, `rescue` or `->` clauses".to_owned());
        }
        Some(block) => (block.body.clone(), block.span),
        None => match args.last().map(|arg| &arg.kind) {
            Some(ExprKind::Keywords(pairs)) if pairs.len() == 1 && pairs[0].0 == "do" => {
                let value = pairs[0].1.clone();
                args.pop();
                let span = value.span;
                (vec![value], span)
            }
            _ => return Err("a rule without a `do` block".to_owned()),
        },
    };
    if args.is_empty() || args.len() > 2 {
        return Err("a rule takes a path and options".to_owned());
    }
    Ok((args, body, span))
}

fn path_text(module: &Module, expr: &Expr) -> Result<String, String> {
    if let Some(text) = expr.plain_string() {
        return Ok(text);
    }
    match &expr.kind {
        ExprKind::Var(name)
            if name == "_" && module.definitions.style == super::Style::PlugRouter =>
        {
            Ok("/*_".to_owned())
        }
        ExprKind::Unary { op, operand } if op == "@" => {
            let name = operand.var().unwrap_or_default();
            module
                .definitions
                .attributes
                .get(name)
                .and_then(|attribute| attribute.value.plain_string())
                .ok_or_else(|| format!("the path `@{name}` is not a string attribute"))
        }
        _ => Err("a path that is not a string".to_owned()),
    }
}

fn rule_options(module: &Module, expr: Option<&Expr>) -> RuleOpts {
    let Some(expr) = expr else {
        return RuleOpts::Any;
    };
    match &expr.kind {
        ExprKind::Var(name) if name == "_" => RuleOpts::Any,
        ExprKind::Map(entries) if entries.is_empty() => RuleOpts::Any,
        ExprKind::Map(entries) => {
            let aliases = module.definitions.aliases();
            let names = options::Names {
                aliases: &aliases,
                layers: &module.definitions.layers,
            };
            match options::convert(entries, &names) {
                OptionsOutcome::Options { options, notes } if options.entries.is_empty() => {
                    let _ = notes;
                    RuleOpts::Any
                }
                OptionsOutcome::Options { options, notes } => RuleOpts::Inline(options, notes),
                OptionsOutcome::NeverFires(reason) => RuleOpts::Never(reason),
                OptionsOutcome::Unconvertible(why) => RuleOpts::Left(why),
            }
        }
        ExprKind::Unary { op, operand } if op == "@" => {
            let name = operand.var().unwrap_or_default().to_owned();
            match module.definitions.option_sets.get(&name) {
                Some(OptionsOutcome::Options { options, .. }) => {
                    RuleOpts::Named(name, options.clone())
                }
                Some(OptionsOutcome::NeverFires(reason)) => {
                    RuleOpts::Never(format!("the options `@{name}` never matched: {reason}"))
                }
                Some(OptionsOutcome::Unconvertible(why)) => {
                    RuleOpts::Left(format!("the options `@{name}`: {why}"))
                }
                None if module.definitions.attributes.contains_key(&name) => {
                    RuleOpts::Left(format!("`@{name}` is not an options map"))
                }
                None => RuleOpts::Never(format!(
                    "`@{name}` is not defined, so mu-dispatcher matched the options against nil"
                )),
            }
        }
        ExprKind::Keywords(_) => {
            RuleOpts::Left("keyword options such as Plug.Router's `via:` or `host:`".to_owned())
        }
        _ => RuleOpts::Left("options that are not a map, `_` or `@name`".to_owned()),
    }
}

/// Whether `text` holds `name` as a whole word (not inside a string's
/// letters or a longer name).
fn mentions_word(text: &str, name: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(|c| is_word(c) || c == ':')
    })
}

/// The pattern of a rule, for reports: `get "/x"`.
pub fn describe(verb: &str, pattern: &PathPattern) -> String {
    format!("{verb} \"{}\"", pattern.text(str::to_owned))
}
