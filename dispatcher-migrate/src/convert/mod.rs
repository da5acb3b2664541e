//! Convert: a parsed `dispatcher.ex` into a [`RulesFile`], with a report.
//!
//! Module-level definitions are collected first ([`definitions`]); then
//! each module item becomes an item of the rules file in source order
//! (rules through [`rule`]), comments placed by [`comments`]; last, rules
//! that can never fire are turned into comments ([`shadow`]).

mod body;
mod comments;
mod definitions;
mod expr;
mod flow;
mod options;
mod path;
mod regex;
mod rule;
mod shadow;
mod translator;
mod value;

use dispatcher_syntax::Verb;

use crate::elixir::syntax::{Call, CallTarget, Expr, ExprKind, SourceFile, Span};
use crate::emit;
use crate::report::{Kind, Report};
use crate::rules_file::{CommentLine, Item, Options, Placed, RuleOptions, RulesFile};

use comments::CommentPlacer;
use definitions::{Definitions, Helper};
use options::OptionsOutcome;
use rule::RuleOutcome;
use shadow::{Matcher, MethodTable};
use translator::Function;

/// Which router the file was written for; they read paths differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `use Matcher` (mu-dispatcher 2): `define_accept_types`, layers, ...
    Matcher,
    /// `use Plug.Router` (mu-dispatcher 1): rules in file order.
    PlugRouter,
}

/// The source and its definitions: what every rule may refer to.
pub struct Module<'s> {
    pub source: &'s str,
    pub definitions: Definitions,
}

impl Module<'_> {
    /// The first line of an expression's source, shortened, for messages.
    pub fn construct(&self, span: Span) -> String {
        let text = self
            .source
            .get(span.start_byte..span.end_byte)
            .unwrap_or("");
        let first = text.lines().next().unwrap_or("").trim_end();
        let mut short: String = first.chars().take(60).collect();
        if short.len() < first.len() || text.lines().nth(1).is_some() {
            short.push_str(" …");
        }
        short
    }

    /// The source lines of an expression, without the indentation of its
    /// first line.
    pub fn source_lines(&self, span: Span) -> Vec<String> {
        let line_start = self.source[..span.start_byte.min(self.source.len())]
            .rfind('\n')
            .map_or(0, |at| at + 1);
        let indent = span.start_byte.saturating_sub(line_start);
        let line_end = self.source[span.end_byte.min(self.source.len())..]
            .find('\n')
            .map_or(self.source.len(), |at| span.end_byte + at);
        let text = self.source.get(line_start..line_end).unwrap_or("");
        text.lines()
            .map(|line| {
                let mut cut = (line.len() - line.trim_start().len()).min(indent);
                while !line.is_char_boundary(cut) {
                    cut -= 1;
                }
                line[cut..].trim_end().to_owned()
            })
            .collect()
    }

    /// An expression's source on one line.
    pub fn text(&self, span: Span) -> String {
        let text = self
            .source
            .get(span.start_byte..span.end_byte)
            .unwrap_or("");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    pub fn helper(&self, name: &str, arity: usize) -> Option<Result<&Helper, String>> {
        self.definitions
            .helpers
            .get(&(name.to_owned(), arity))
            .map(|helper| helper.as_ref().map_err(Clone::clone))
    }

    /// What a call does, by the function it names.
    pub fn function<'c>(&self, call: &'c Call) -> Function<'c> {
        match &call.target {
            CallTarget::Local(name) => match name.as_str() {
                "forward" => Function::Forward,
                "send_resp" => Function::SendResp,
                "halt" => Function::Halt,
                "put_resp_header" => Function::PutRespHeader,
                "put_req_header" => Function::PutReqHeader,
                "delete_req_header" => Function::DeleteReqHeader,
                "put_resp_content_type" => Function::PutRespContentType,
                "to_string" => Function::ToString,
                "get_req_header" => Function::GetReqHeader,
                "inspect" => Function::InspectValue,
                "if" => Function::If { negate: false },
                "unless" => Function::If { negate: true },
                other if self.helper(other, call.args.len()).is_some() => Function::Helper(other),
                _ => Function::Unknown,
            },
            CallTarget::Remote { module, name } => {
                let ExprKind::Alias(alias) = &module.kind else {
                    return Function::Unknown;
                };
                let alias = self
                    .definitions
                    .module_aliases
                    .get(alias)
                    .map_or(alias.as_str(), String::as_str);
                match (alias, name.as_str()) {
                    ("Proxy", "forward") => Function::Forward,
                    ("Plug.Conn", "send_resp") => Function::SendResp,
                    ("Plug.Conn", "halt") => Function::Halt,
                    ("Plug.Conn", "put_resp_header") => Function::PutRespHeader,
                    ("Plug.Conn", "put_req_header") => Function::PutReqHeader,
                    ("Plug.Conn", "delete_req_header") => Function::DeleteReqHeader,
                    ("Plug.Conn", "put_resp_content_type") => Function::PutRespContentType,
                    ("IO", "inspect") => Function::Inspect,
                    ("IO", "puts") => Function::Puts,
                    ("Logger", "debug") => Function::Log("debug"),
                    ("Logger", "info" | "notice") => Function::Log("info"),
                    ("Logger", "warn" | "warning") => Function::Log("warn"),
                    ("Logger", "error" | "critical" | "alert" | "emergency") => {
                        Function::Log("error")
                    }
                    ("System", "get_env") => Function::GetEnv,
                    ("Enum", "join") => Function::Join,
                    ("Kernel" | "Integer", "to_string") => Function::ToString,
                    ("Kernel", "if") => Function::If { negate: false },
                    ("Kernel", "inspect") => Function::InspectValue,
                    ("Plug.Conn", "get_req_header") => Function::GetReqHeader,
                    ("URI", "encode_www_form") => Function::EncodeWwwForm,
                    ("URI", "decode_www_form") => Function::DecodeWwwForm,
                    ("URI", "decode_query") => Function::DecodeQuery,
                    ("Map", "get") => Function::MapGet,
                    ("Enum", "reverse") => Function::Reverse,
                    ("Enum", "map") => Function::Map,
                    ("Regex", "scan") => Function::RegexScan,
                    ("String", name) => Function::OnString(name),
                    _ => Function::Unknown,
                }
            }
        }
    }
}

/// A converted file and what the conversion has to say about it.
pub struct Conversion {
    pub file: RulesFile,
    pub report: Report,
}

pub fn convert(source: &str, parsed: &SourceFile, source_name: &str) -> Conversion {
    let mut report = Report::default();
    let mut placer = CommentPlacer::new(parsed.comments.clone());
    let mut file = RulesFile {
        source_name: source_name.to_owned(),
        ..RulesFile::default()
    };
    let items = match module_body(parsed) {
        Some((line, items)) => {
            file.header = placer.above(line);
            if matches!(file.header.last(), Some(CommentLine::Blank)) {
                file.header.pop();
            }
            for item in &parsed.items {
                if item.call().and_then(Call::local_name) != Some("defmodule") {
                    let what = format!("`{}`", construct_line(source, item));
                    left(
                        &mut file,
                        &mut report,
                        item.span.line,
                        &what,
                        "code outside the module",
                    );
                }
            }
            items
        }
        None => {
            report.add(
                None,
                Kind::Note,
                "no `defmodule Dispatcher do ... end`: the file's top-level items are read as its rules",
            );
            parsed.items.clone()
        }
    };
    let definitions = definitions::collect(&items, &mut report);
    for (line, message) in &definitions.leftovers {
        file.leftovers.push((*line, message.clone()));
        report.add(Some(*line), Kind::LeftForUser, message.clone());
    }
    let module = Module {
        source,
        definitions,
    };
    let mut matchers: Vec<Option<Matcher>> = Vec::new();
    let mut tentatives: Vec<Option<Box<rule::Tentative>>> = Vec::new();
    let mut issues: Vec<Vec<translator::Issue>> = Vec::new();
    let mut sets_written: Vec<String> = Vec::new();
    let mut accept_written = false;
    let mut layers_written = false;
    let mut previous_end = 0;
    for expr in &items {
        let first_line = placer
            .next_line()
            .map_or(expr.span.line, |line| line.min(expr.span.line));
        let blank_before = first_line > previous_end + 1;
        previous_end = expr.span.end_line;
        let leading = placer.above(expr.span.line);
        let trailing = placer.beside(expr.span.line);
        let mut placed = Placed {
            blank_before,
            leading,
            item: Item::Nothing,
            trailing,
        };
        let mut matcher = None;
        let mut tentative = None;
        let mut rule_issues = Vec::new();
        match classify(expr) {
            ModuleItem::Rule(verb, call) => {
                let inner = placer.through(expr.span.end_line);
                match rule::convert(&module, verb, call, expr.span, inner.clone()) {
                    RuleOutcome::Active {
                        rule,
                        matcher: found,
                        issues: found_issues,
                        tentative: found_tentative,
                    } => {
                        placed.item = Item::Rule(rule);
                        matcher = Some(found);
                        rule_issues = found_issues;
                        tentative = found_tentative;
                    }
                    RuleOutcome::Disabled { rule, reason, kind } => {
                        report.about_rules(vec![rule.line], rule.line, kind, reason.clone());
                        report.rules_disabled += 1;
                        placed.item = Item::Disabled {
                            reason: disabled_note(&reason),
                            rule,
                        };
                    }
                    RuleOutcome::Left(why) => {
                        let what = format!("`{}`: {why}", module.construct(expr.span));
                        left(&mut file, &mut report, expr.span.line, &what, "");
                        placed.leading.extend(comments::group(&inner));
                    }
                }
            }
            ModuleItem::AcceptTypes if !accept_written => {
                accept_written = true;
                if let Some(types) = &module.definitions.accept_types
                    && !types.is_empty()
                {
                    for (alias, mimes) in types {
                        if mimes.iter().any(|mime| mime == definitions::XHTML_TYPO) {
                            placed.leading.push(CommentLine::Text(format!(
                                " dispatcher-migrate suggests \"application/xhtml+xml\" for \"{}\" in `{alias}` \
                                 (the registered type; mu-dispatcher's README has the typo)",
                                definitions::XHTML_TYPO
                            )));
                        }
                    }
                    placed.item = Item::AcceptTypes(types.clone());
                }
                placed
                    .leading
                    .extend(comments::group(&placer.through(expr.span.end_line)));
            }
            ModuleItem::Layers if !layers_written => {
                layers_written = true;
                if module.definitions.layers_defined {
                    placed.item = Item::Layers(module.definitions.layers.clone());
                }
            }
            ModuleItem::Attribute(name) => {
                placed
                    .leading
                    .extend(comments::group(&placer.through(expr.span.end_line)));
                match module.definitions.option_sets.get(name) {
                    Some(outcome) if !sets_written.iter().any(|set| set == name) => {
                        sets_written.push(name.to_owned());
                        placed.item = option_set(name, outcome, &mut placed.leading);
                    }
                    Some(_) => {}
                    None if !placed.leading.is_empty() => placed.leading.push(CommentLine::Text(format!(
                        " dispatcher-migrate: `@{name}` (dispatcher.ex line {}) is written where rules use it",
                        expr.span.line
                    ))),
                    None => {}
                }
            }
            ModuleItem::Documentation(text) => {
                placed.leading.extend(text.lines().map(|line| {
                    CommentLine::Text(if line.is_empty() {
                        String::new()
                    } else {
                        format!(" {line}")
                    })
                }));
            }
            ModuleItem::Quiet => {}
            ModuleItem::Dropped(why) => {
                report.add(
                    Some(expr.span.line),
                    Kind::Dropped,
                    format!("`{}`: {why}", module.construct(expr.span)),
                );
            }
            ModuleItem::Helper => {
                placed
                    .leading
                    .extend(comments::group(&placer.through(expr.span.end_line)));
                if !placed.leading.is_empty() {
                    placed.leading.push(CommentLine::Text(format!(
                        " dispatcher-migrate: the helper on dispatcher.ex line {} is written into the rules that call it",
                        expr.span.line
                    )));
                }
            }
            ModuleItem::AcceptTypes | ModuleItem::Layers | ModuleItem::Unknown => {
                let what = format!("`{}`", module.construct(expr.span));
                let why = if matches!(classify(expr), ModuleItem::Unknown) {
                    "this module-level construct has no counterpart in the rules"
                } else {
                    "defined a second time (mu-dispatcher used the first definition)"
                };
                left(&mut file, &mut report, expr.span.line, &what, why);
                placed
                    .leading
                    .extend(comments::group(&placer.through(expr.span.end_line)));
            }
        }
        if matches!(placed.item, Item::Nothing)
            && placed.leading.is_empty()
            && placed.trailing.is_none()
        {
            continue;
        }
        file.items.push(placed);
        matchers.push(matcher);
        tentatives.push(tentative);
        issues.push(rule_issues);
    }
    file.footer = placer.rest();
    let never_ran = module
        .definitions
        .last_call_added
        .then(|| module.definitions.layers.len() - 1);
    resolve_fixes(
        &mut file,
        &mut matchers,
        &tentatives,
        never_ran,
        &mut issues,
        &mut report,
    );
    disable_shadowed(&mut file, &matchers, &mut issues, &mut report);
    for (placed, found) in file.items.iter().zip(issues) {
        if let Item::Rule(rule) = &placed.item {
            report.rules_converted += 1;
            for issue in found {
                let rules = if issue.kind == Kind::Fixed {
                    vec![rule.line]
                } else {
                    Vec::new()
                };
                report.about_rules(rules, issue.line, issue.kind, issue.message);
            }
        }
    }
    unused_helpers(&module, &mut report);
    differences(&file, &module, &mut report);
    Conversion { file, report }
}

/// The items inside `defmodule ... do ... end`, and the module's line.
fn module_body(parsed: &SourceFile) -> Option<(usize, Vec<Expr>)> {
    parsed.items.iter().find_map(|item| {
        let call = item.call()?;
        if call.local_name() != Some("defmodule") {
            return None;
        }
        let block = call.do_block.as_ref()?;
        Some((item.span.line, block.body.clone()))
    })
}

enum ModuleItem<'e> {
    Rule(Verb, &'e Call),
    AcceptTypes,
    Layers,
    /// `@name value`
    Attribute(&'e str),
    /// `@moduledoc`/`@doc` text, kept as comments.
    Documentation(String),
    Helper,
    /// Needs no line in the report (`use Matcher`, `require Logger`, ...).
    Quiet,
    /// Dropped with a report line saying why.
    Dropped(&'static str),
    Unknown,
}

fn classify(expr: &Expr) -> ModuleItem<'_> {
    match &expr.kind {
        ExprKind::Var(name) if name == "last_match" => {
            ModuleItem::Dropped("no longer needed (mu-dispatcher ignored it too)")
        }
        ExprKind::Unary { op, operand } if op == "@" => {
            let Some(call) = operand.call() else {
                return ModuleItem::Unknown;
            };
            match (call.local_name(), call.args.first()) {
                (Some("moduledoc" | "doc"), Some(text)) => match text.plain_string() {
                    Some(text) => ModuleItem::Documentation(text),
                    None => ModuleItem::Quiet,
                },
                (Some(name), Some(_)) => ModuleItem::Attribute(name),
                _ => ModuleItem::Unknown,
            }
        }
        ExprKind::Call(call) => {
            let Some(name) = call.local_name() else {
                return ModuleItem::Unknown;
            };
            let first = call.args.first().map(|arg| &arg.kind);
            if let Some(verb) = Verb::from_name(name) {
                return ModuleItem::Rule(verb, call);
            }
            match name {
                "define_accept_types" => ModuleItem::AcceptTypes,
                "define_layers" => ModuleItem::Layers,
                "last_match" if call.args.is_empty() => {
                    ModuleItem::Dropped("no longer needed (mu-dispatcher ignored it too)")
                }
                "use" => match first {
                    Some(ExprKind::Alias(module)) if module == "Matcher" => ModuleItem::Quiet,
                    Some(ExprKind::Alias(module)) if module == "Plug.Router" => {
                        ModuleItem::Dropped("Plug.Router boilerplate: the rules are the router now")
                    }
                    _ => ModuleItem::Unknown,
                },
                "require" | "import" | "alias" => ModuleItem::Quiet,
                "plug" => match first {
                    Some(ExprKind::Atom(plug)) if plug == "match" || plug == "dispatch" => {
                        ModuleItem::Dropped("Plug.Router boilerplate: the rules are the router now")
                    }
                    Some(ExprKind::Alias(plug)) if plug == "Plug.Logger" => ModuleItem::Dropped(
                        "request logging is built in: the access log writes a line per request",
                    ),
                    _ => ModuleItem::Unknown,
                },
                "def" if helper_name(call) == Some("start") => ModuleItem::Dropped(
                    "Plug.Router boilerplate: the dispatcher starts its own server",
                ),
                "def" | "defp" => ModuleItem::Helper,
                _ => ModuleItem::Unknown,
            }
        }
        _ => ModuleItem::Unknown,
    }
}

fn helper_name(call: &Call) -> Option<&str> {
    match &call.args.first()?.kind {
        ExprKind::Call(head) => head.local_name(),
        ExprKind::Var(name) => Some(name),
        _ => None,
    }
}

/// An option set item, or its comments with the reason it is left out.
fn option_set(name: &str, outcome: &OptionsOutcome, leading: &mut Vec<CommentLine>) -> Item {
    match outcome {
        OptionsOutcome::Options { options, .. } => Item::OptionSet {
            name: name.to_owned(),
            options: options.clone(),
        },
        OptionsOutcome::NeverFires(reason) => {
            leading.push(CommentLine::Text(format!(
                " dispatcher-migrate: `@{name}` is left out: it never matched in mu-dispatcher ({reason})"
            )));
            Item::Nothing
        }
        OptionsOutcome::Unconvertible(why) => {
            leading.push(CommentLine::Text(format!(
                " dispatcher-migrate: `@{name}` is not converted ({why})"
            )));
            Item::Nothing
        }
    }
}

fn left(file: &mut RulesFile, report: &mut Report, line: usize, what: &str, why: &str) {
    let message = if why.is_empty() {
        what.to_owned()
    } else {
        format!("{what}: {why}")
    };
    file.leftovers
        .push((line, format!("{message}; convert it by hand")));
    report.add(Some(line), Kind::LeftForUser, message);
}

fn construct_line(source: &str, expr: &Expr) -> String {
    let text = source
        .get(expr.span.start_byte..expr.span.end_byte)
        .unwrap_or("");
    text.lines().next().unwrap_or("").trim().to_owned()
}

fn disabled_note(reason: &str) -> String {
    format!("dispatcher-migrate: this rule is kept as a comment: {reason}")
}

/// Rules whose path is written as meant rather than as mu-dispatcher read it
/// keep the fix only when it takes no request mu-dispatcher answered (no
/// other rule matched any request the fix adds, and none it matched before
/// goes elsewhere). Otherwise the rule is written as mu-dispatcher ran it,
/// or as a comment when it never ran, with the edit beside it as a
/// suggestion.
fn resolve_fixes(
    file: &mut RulesFile,
    matchers: &mut [Option<Matcher>],
    tentatives: &[Option<Box<rule::Tentative>>],
    never_ran: Option<usize>,
    issues: &mut [Vec<translator::Issue>],
    report: &mut Report,
) {
    // What each rule matched in mu-dispatcher, and its line; the rules of
    // a layer added by the L4 fix matched nothing there.
    let ran = |matcher: &Matcher| never_ran.is_none() || matcher.layer != never_ran;
    let answered: Vec<Option<(usize, Matcher)>> = matchers
        .iter()
        .zip(tentatives)
        .zip(&file.items)
        .map(|((matcher, tentative), placed)| {
            let matcher = match tentative {
                Some(tentative) => tentative.mu_matcher.clone()?,
                None => matcher.clone()?,
            };
            ran(&matcher).then_some(())?;
            Some((rule_line(placed)?, matcher))
        })
        .collect();
    for (index, tentative) in tentatives.iter().enumerate() {
        let (Some(tentative), Some(fixed)) = (tentative, matchers[index].clone()) else {
            continue;
        };
        let mu = tentative.mu_matcher.as_ref().filter(|mu| ran(mu));
        let lost = mu.is_some_and(|mu| !shadow::path_keeps(&fixed, mu));
        let takers: Vec<usize> = answered
            .iter()
            .enumerate()
            .filter(|(other, _)| *other != index)
            .filter_map(|(other, answered)| Some((other, answered.as_ref()?)))
            .filter(|(other, (_, matcher))| !shadow::tried_first(matcher, *other < index, &fixed))
            .filter(|(_, (_, matcher))| shadow::takes_answered(&fixed, mu, matcher))
            .map(|(_, (line, _))| *line)
            .collect();
        let Item::Rule(rule) = &mut file.items[index].item else {
            continue;
        };
        if !lost && takers.is_empty() {
            issues[index].push(translator::Issue {
                line: rule.line,
                kind: Kind::Fixed,
                message: format!(
                    "{} ({}); no other rule answered the requests it now takes [{}]",
                    tentative.edit, tentative.mu_text, tentative.tag
                ),
            });
            continue;
        }
        let why = if lost {
            "the requests mu-dispatcher answered with it would go elsewhere".to_owned()
        } else {
            let lines: Vec<String> = takers.iter().map(usize::to_string).collect();
            format!(
                "it would take requests that the rule{} on line{} {} answered in mu-dispatcher",
                if takers.len() == 1 { "" } else { "s" },
                if takers.len() == 1 { "" } else { "s" },
                lines.join(", ")
            )
        };
        let header = emit::rule_lines(rule, "")
            .into_iter()
            .next()
            .unwrap_or_default();
        let edit = header.trim_end_matches(" {").to_owned();
        let message = format!(
            "not applied: {} ({}), but {why}; the rule is kept as mu-dispatcher ran it, with the edit \
             beside it [{}]",
            tentative.edit, tentative.mu_text, tentative.tag
        );
        report.about_rules(vec![rule.line], rule.line, Kind::Suggestion, message);
        let suggestion = format!(
            " dispatcher-migrate suggests `{edit}`: {} ({why})",
            tentative.edit
        );
        match (&tentative.mu_matcher, &tentative.mu_pattern) {
            (Some(mu), Some(pattern)) => {
                rule.pattern = pattern.clone();
                rule.notes.push(suggestion);
                matchers[index] = Some(mu.clone());
            }
            _ => {
                let mut rule = rule.clone();
                rule.pattern = tentative.raw.clone();
                report.rules_disabled += 1;
                issues[index].clear();
                file.items[index].item = Item::Disabled {
                    reason: format!(
                        "dispatcher-migrate: this rule is kept as a comment: {}\n{suggestion}",
                        tentative.mu_text
                    ),
                    rule,
                };
                matchers[index] = None;
            }
        }
    }
}

/// Rules an earlier rule always takes first are written as comments, as
/// the macro would refuse them.
fn disable_shadowed(
    file: &mut RulesFile,
    matchers: &[Option<Matcher>],
    issues: &mut [Vec<translator::Issue>],
    report: &mut Report,
) {
    let mut active: Vec<(usize, &Matcher)> = Vec::new();
    for (index, matcher) in matchers.iter().enumerate() {
        let Some(matcher) = matcher else {
            continue;
        };
        let earlier = active.iter().map(|(_, m)| *m);
        let Some(shadow) = shadow::shadowing(earlier, matcher, MethodTable::Ours) else {
            active.push((index, matcher));
            continue;
        };
        let earlier_line = active
            .iter()
            .find(|(_, m)| std::ptr::eq(*m, shadow))
            .and_then(|(i, _)| rule_line(&file.items[*i]))
            .unwrap_or(0);
        let never_in_mu =
            shadow::shadowing(active.iter().map(|(_, m)| *m), matcher, MethodTable::Mu).is_some();
        let describe = rule::describe(shadow.verb.name(), &shadow.path);
        let (kind, reason) = if never_in_mu {
            (
                Kind::NeverFires,
                format!(
                    "it can never fire: the rule on line {earlier_line} (`{describe}`) comes first and matches \
                     every request it matches; mu-dispatcher never ran it either"
                ),
            )
        } else {
            (
                Kind::Differs,
                format!(
                    "it can no longer fire: `get` rules now serve HEAD too, so the rule on line {earlier_line} \
                     (`{describe}`) takes the HEAD requests mu-dispatcher gave to this one [P8]"
                ),
            )
        };
        let placed = &mut file.items[index];
        let item = std::mem::replace(&mut placed.item, Item::Nothing);
        if let Item::Rule(rule) = item {
            report.about_rules(vec![rule.line], rule.line, kind, reason.clone());
            report.rules_disabled += 1;
            placed.item = Item::Disabled {
                reason: disabled_note(&reason),
                rule,
            };
        }
        issues[index].clear();
    }
}

fn rule_line(placed: &Placed) -> Option<usize> {
    match &placed.item {
        Item::Rule(rule) | Item::Disabled { rule, .. } => Some(rule.line),
        _ => None,
    }
}

/// Helpers no rule calls are not in the output; say so.
fn unused_helpers(module: &Module, report: &mut Report) {
    let inlined: Vec<usize> = report
        .entries()
        .iter()
        .filter(|entry| entry.kind == Kind::Note && entry.message.starts_with("the helper `"))
        .filter_map(|entry| entry.line)
        .collect();
    let mut unused: Vec<(usize, String)> = module
        .definitions
        .helpers
        .iter()
        .filter_map(|((name, arity), helper)| {
            let helper = helper.as_ref().ok()?;
            (!inlined.contains(&helper.line) && name != "start").then(|| {
                (
                    helper.line,
                    format!("the helper `{name}/{arity}` is not called by any rule written out"),
                )
            })
        })
        .collect();
    unused.sort();
    for (line, message) in unused {
        report.add(Some(line), Kind::Dropped, message);
    }
}

/// Whole-file differences from mu-dispatcher that apply to this file.
fn differences(file: &RulesFile, module: &Module, report: &mut Report) {
    let get_rules: Vec<usize> = file
        .items
        .iter()
        .filter_map(|placed| match &placed.item {
            Item::Rule(rule) if rule.verb == Verb::Get.name() => Some(rule.line),
            _ => None,
        })
        .collect();
    if !get_rules.is_empty() {
        let mut lines: Vec<String> = get_rules.iter().take(10).map(usize::to_string).collect();
        if get_rules.len() > 10 {
            lines.push(format!("and {} more", get_rules.len() - 10));
        }
        report.add(
            None,
            Kind::Differs,
            format!(
                "`get` rules also serve HEAD requests (line{} {}); mu-dispatcher passed HEAD on to later rules [P8]",
                if get_rules.len() == 1 { "" } else { "s" },
                lines.join(", ")
            ),
        );
    }
    let uses_accept = file.items.iter().any(|placed| match &placed.item {
        Item::Rule(rule) => match &rule.options {
            RuleOptions::Inline(options) => has_accept(options),
            RuleOptions::Named(name) => matches!(
                module.definitions.option_sets.get(name),
                Some(OptionsOutcome::Options { options, .. }) if has_accept(options)
            ),
            _ => false,
        },
        _ => false,
    });
    if uses_accept {
        report.add(
            None,
            Kind::Differs,
            "Accept headers are read by RFC 9110: `q=1.0` and no q are one group, `q=0` ranges are dropped, \
             a malformed range no longer turns the whole header into `*/*`, types compare case-insensitively \
             [A4-A7]",
        );
    }
}

fn has_accept(options: &Options) -> bool {
    options
        .entries
        .iter()
        .any(|entry| matches!(entry, crate::rules_file::OptionEntry::Accept(_)))
}
