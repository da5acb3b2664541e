//! The module-level definitions rules refer to, collected before any rule
//! is converted: accept aliases, layers (with the `last_call` fix),
//! attributes (mu read each at its last value), `defp` helpers and
//! module aliases.

use std::collections::HashMap;

use dispatcher_syntax::{DEFAULT_LAYERS, LAST_CALL, Verb};

use crate::elixir::syntax::{Call, Expr, ExprKind, Span};
use crate::report::{Kind, Report};

use super::Style;
use super::options::{self, Names, OptionsOutcome};

/// A module attribute (`@name value`) at its last definition.
pub struct Attribute {
    pub value: Expr,
    pub line: usize,
}

/// A single-clause `defp name(params) do ... end`.
pub struct Helper {
    pub params: Vec<String>,
    pub body: Vec<Expr>,
    pub line: usize,
    pub span: crate::elixir::syntax::Span,
    /// The whole `defp ... end`.
    pub def_span: crate::elixir::syntax::Span,
}

/// Everything rules may refer to.
pub struct Definitions {
    pub style: Style,
    /// `define_accept_types`, checked; `None` when the file has none.
    pub accept_types: Option<Vec<(String, Vec<String>)>>,
    /// The layers rules run in (mu's default when the file defines none).
    pub layers: Vec<String>,
    /// Whether the file defines the layers (and so gets a `define_layers!`).
    pub layers_defined: bool,
    /// `:last_call` was added to the layers (L4): its rules never ran in
    /// mu-dispatcher.
    pub last_call_added: bool,
    pub attributes: HashMap<String, Attribute>,
    /// Option sets (map attributes), converted.
    pub option_sets: HashMap<String, OptionsOutcome>,
    /// By name and arity; `Err` says why a helper cannot be inlined.
    pub helpers: HashMap<(String, usize), Result<Helper, String>>,
    /// `alias Plug.Conn` makes `Conn` stand for `Plug.Conn`.
    pub module_aliases: HashMap<String, String>,
    /// Module-level problems: (line, message) for `compile_error!`s.
    pub leftovers: Vec<(usize, String)>,
}

impl Definitions {
    pub fn aliases(&self) -> Vec<String> {
        self.accept_types
            .iter()
            .flatten()
            .map(|(name, _)| name.clone())
            .collect()
    }
}

/// A `def`/`defp` clause: the call, its line and its whole span.
type Clause<'a> = (&'a Call, usize, Span);

pub fn collect(items: &[Expr], report: &mut Report) -> Definitions {
    let style = if items.iter().any(|item| uses(item, "Plug.Router")) {
        Style::PlugRouter
    } else {
        Style::Matcher
    };
    let mut definitions = Definitions {
        style,
        accept_types: None,
        layers: DEFAULT_LAYERS.iter().map(|l| (*l).to_owned()).collect(),
        layers_defined: false,
        last_call_added: false,
        attributes: HashMap::new(),
        option_sets: HashMap::new(),
        helpers: HashMap::new(),
        module_aliases: HashMap::new(),
        leftovers: Vec::new(),
    };
    let mut clauses: HashMap<(String, usize), Vec<Clause>> = HashMap::new();
    let mut layers_line = None;
    for item in items {
        let line = item.span.line;
        match &item.kind {
            ExprKind::Call(call) => match call.local_name() {
                Some("define_accept_types") if definitions.accept_types.is_none() => {
                    definitions.accept_types =
                        Some(accept_types(call, line, &mut definitions, report));
                }
                Some("define_layers") if !definitions.layers_defined => {
                    layers_line = Some(line);
                    layers(call, line, &mut definitions);
                }
                Some("alias") => {
                    if let Some((short, full)) = module_alias(call) {
                        definitions.module_aliases.insert(short, full);
                    }
                }
                Some("def" | "defp") => {
                    if let Some(signature) = helper_signature(call) {
                        clauses
                            .entry(signature)
                            .or_default()
                            .push((call, line, item.span));
                    }
                }
                _ => {}
            },
            ExprKind::Unary { op, operand } if op == "@" => {
                if let Some((name, value)) = attribute(operand) {
                    let previous = definitions.attributes.insert(
                        name.clone(),
                        Attribute {
                            value: value.clone(),
                            line,
                        },
                    );
                    if let Some(previous) = previous {
                        report.add(
                            Some(line),
                            Kind::Note,
                            format!(
                                "`@{name}` is defined again (first on line {}): mu-dispatcher read attributes \
                                 when the module was compiled, so every use sees this last value",
                                previous.line
                            ),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    for (signature, found) in clauses {
        definitions
            .helpers
            .insert(signature.clone(), helper(&signature, &found));
    }
    last_call_layer(items, layers_line, &mut definitions, report);
    let aliases = definitions.aliases();
    let names = Names {
        aliases: &aliases,
        layers: &definitions.layers,
    };
    for (name, attribute) in &definitions.attributes {
        if let ExprKind::Map(entries) = &attribute.value.kind {
            definitions
                .option_sets
                .insert(name.clone(), options::convert(entries, &names));
        }
    }
    definitions
}

fn uses(item: &Expr, module: &str) -> bool {
    item.call().is_some_and(|call| {
        call.local_name() == Some("use")
            && matches!(call.args.first().map(|a| &a.kind), Some(ExprKind::Alias(name)) if name == module)
    })
}

/// `define_accept_types [json: [...]]`, `define_accept_types json: [...]`
/// or `define_accept_types []`, with each MIME type checked as the macro
/// will check it.
fn accept_types(
    call: &Call,
    line: usize,
    definitions: &mut Definitions,
    report: &mut Report,
) -> Vec<(String, Vec<String>)> {
    // `[json: [...]]` is a list holding one keyword list; without brackets
    // the keyword list is the argument itself; `[]` defines nothing.
    let arguments: &[Expr] = match call.args.as_slice() {
        [
            Expr {
                kind: ExprKind::List { items, tail: None },
                ..
            },
        ] => items,
        arguments => arguments,
    };
    let pairs: Vec<(String, Expr)> = match arguments {
        [] => Vec::new(),
        [
            Expr {
                kind: ExprKind::Keywords(pairs),
                ..
            },
        ] => pairs.clone(),
        _ => {
            definitions.leftovers.push((
                line,
                "define_accept_types takes a keyword list such as `[json: [\"application/json\"]]`"
                    .to_owned(),
            ));
            return Vec::new();
        }
    };
    let mut aliases: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in pairs {
        let ExprKind::List { items, tail: None } = &value.kind else {
            definitions.leftovers.push((
                value.span.line,
                format!("the accept alias `{name}` takes a list of MIME type strings"),
            ));
            continue;
        };
        let mut types = Vec::new();
        for item in items {
            let Some(text) = item.plain_string() else {
                definitions.leftovers.push((
                    item.span.line,
                    format!("the accept alias `{name}` takes MIME type strings"),
                ));
                continue;
            };
            match media_range(&text) {
                MediaRange::Valid if text == XHTML_TYPO => {
                    report.add(
                        Some(item.span.line),
                        Kind::Suggestion,
                        format!(
                            "\"{XHTML_TYPO}\" (accept alias `{name}`) is a typo copied from mu-dispatcher's \
                             README: the registered type is \"application/xhtml+xml\". Kept, as mu-dispatcher \
                             matched it; the edit is in a comment above the accept types"
                        ),
                    );
                    types.push(text);
                }
                MediaRange::Valid => types.push(text),
                MediaRange::AnyType => {
                    report.add(
                        Some(item.span.line),
                        Kind::Fixed,
                        format!(
                            "MIME type \"{text}\" of `{name}` is written \"*/*\": mu-dispatcher let a `*` type \
                             match any media range whatever its subtype"
                        ),
                    );
                    types.push("*/*".to_owned());
                }
                MediaRange::Invalid => definitions.leftovers.push((
                    item.span.line,
                    format!(
                        "\"{text}\" (accept alias `{name}`) is not a MIME type; mu-dispatcher failed every \
                         request because of it [A9]: write `type/subtype`"
                    ),
                )),
            }
        }
        match aliases.iter_mut().find(|(existing, _)| *existing == name) {
            Some((_, existing)) => {
                report.add(
                    Some(value.span.line),
                    Kind::Note,
                    format!("the accept alias `{name}` is listed twice: its MIME types are merged, as mu-dispatcher did"),
                );
                existing.extend(types);
            }
            None if types.is_empty() && items.is_empty() => report.add(
                Some(value.span.line),
                Kind::Note,
                format!("the accept alias `{name}` has no MIME types, so no request ever had it: left out"),
            ),
            None => aliases.push((name, types)),
        }
    }
    aliases
}

/// The MIME type mu-dispatcher's README spells wrongly.
pub const XHTML_TYPO: &str = "application/xhtml+html";

enum MediaRange {
    Valid,
    /// `*/json`: a `*` type with a subtype.
    AnyType,
    Invalid,
}

/// The macro's test of a MIME type (the `mime` crate's grammar).
fn media_range(text: &str) -> MediaRange {
    match text.trim().parse::<mime::Mime>() {
        Ok(parsed) if parsed.type_() == "*" && parsed.subtype() != "*" => MediaRange::AnyType,
        Ok(_) => MediaRange::Valid,
        Err(_) => MediaRange::Invalid,
    }
}

fn layers(call: &Call, line: usize, definitions: &mut Definitions) {
    let Some(Expr {
        kind: ExprKind::List { items, tail: None },
        ..
    }) = call.args.first()
    else {
        definitions.leftovers.push((
            line,
            "define_layers takes a list of atoms such as `[:api, :frontend]`".to_owned(),
        ));
        return;
    };
    let mut layers: Vec<String> = Vec::new();
    for item in items {
        match &item.kind {
            ExprKind::Atom(name) if !layers.contains(name) => layers.push(name.clone()),
            ExprKind::Atom(_) => {}
            _ => {
                definitions.leftovers.push((
                    item.span.line,
                    "define_layers takes atoms such as `:frontend`".to_owned(),
                ));
                return;
            }
        }
    }
    if layers.is_empty() {
        definitions.leftovers.push((
            line,
            "define_layers lists no layer, so mu-dispatcher never ran a rule: list the layers"
                .to_owned(),
        ));
        return;
    }
    definitions.layers = layers;
    definitions.layers_defined = true;
}

/// L4 (docs/differences-from-mu-dispatcher.md): `last_call` rules when `define_layers` lacks `:last_call`
/// never fired; the layer is added at the end, where mu-dispatcher's
/// default puts it.
fn last_call_layer(
    items: &[Expr],
    layers_line: Option<usize>,
    definitions: &mut Definitions,
    report: &mut Report,
) {
    let Some(layers_line) = layers_line else {
        return;
    };
    if !definitions.layers_defined || definitions.layers.iter().any(|l| l == LAST_CALL) {
        return;
    }
    let sets_with_last_call: Vec<&String> = definitions
        .attributes
        .iter()
        .filter(|(_, attribute)| asks_for_last_call(&attribute.value))
        .map(|(name, _)| name)
        .collect();
    let rules: Vec<usize> = items
        .iter()
        .filter_map(|item| {
            let call = item.call()?;
            // Only rules ask for a layer.
            Verb::from_name(call.local_name()?)?;
            let options = call.args.get(1)?;
            let asks = match &options.kind {
                ExprKind::Unary { op, operand } if op == "@" => operand
                    .var()
                    .is_some_and(|name| sets_with_last_call.iter().any(|set| *set == name)),
                _ => asks_for_last_call(options),
            };
            asks.then_some(item.span.line)
        })
        .collect();
    if rules.is_empty() {
        return;
    }
    definitions.layers.push(LAST_CALL.to_owned());
    definitions.last_call_added = true;
    let lines: Vec<String> = rules.iter().map(usize::to_string).collect();
    report.about_rules(
        rules.clone(),
        layers_line,
        Kind::Fixed,
        format!(
            "`:last_call` is added to define_layers: the `last_call` rules on line{} {} never fired in \
             mu-dispatcher without it [L4]",
            if rules.len() == 1 { "" } else { "s" },
            lines.join(", ")
        ),
    );
}

fn asks_for_last_call(options: &Expr) -> bool {
    let ExprKind::Map(entries) = &options.kind else {
        return false;
    };
    entries.iter().any(|(key, value)| {
        matches!((&key.kind, &value.kind),
            (ExprKind::Atom(k), ExprKind::Bool(true)) if k == LAST_CALL)
            || matches!((&key.kind, &value.kind),
            (ExprKind::Atom(k), ExprKind::Atom(v)) if k == "layer" && v == LAST_CALL)
    })
}

/// `@name value` → (name, value)
fn attribute(operand: &Expr) -> Option<(String, &Expr)> {
    let call = operand.call()?;
    let name = call.local_name()?;
    match call.args.as_slice() {
        [value] if call.do_block.is_none() => Some((name.to_owned(), value)),
        _ => None,
    }
}

/// `alias Plug.Conn` or `alias Plug.Conn, as: C`.
fn module_alias(call: &Call) -> Option<(String, String)> {
    let ExprKind::Alias(full) = &call.args.first()?.kind else {
        return None;
    };
    let short = match call.args.get(1).map(|arg| &arg.kind) {
        Some(ExprKind::Keywords(pairs)) => match pairs.iter().find(|(key, _)| key == "as") {
            Some((
                _,
                Expr {
                    kind: ExprKind::Alias(short),
                    ..
                },
            )) => short.clone(),
            _ => return None,
        },
        _ => full.rsplit('.').next()?.to_owned(),
    };
    Some((short, full.clone()))
}

/// The name and arity of `def name(params) ...`.
fn helper_signature(call: &Call) -> Option<(String, usize)> {
    let head = call.args.first()?;
    let head = match &head.kind {
        // `def name(a) when guard` keeps the guard on the right.
        ExprKind::Binary { op, left, .. } if op == "when" => left,
        _ => head,
    };
    match &head.kind {
        ExprKind::Call(inner) => Some((inner.local_name()?.to_owned(), inner.args.len())),
        ExprKind::Var(name) => Some((name.clone(), 0)),
        _ => None,
    }
}

fn helper(signature: &(String, usize), clauses: &[(&Call, usize, Span)]) -> Result<Helper, String> {
    let (name, arity) = signature;
    let [(call, line, def_span)] = clauses else {
        return Err(format!(
            "the helper `{name}/{arity}` has {} clauses (lines {}); inlining takes one",
            clauses.len(),
            clauses
                .iter()
                .map(|(_, line, _)| line.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    };
    let cannot = |why: &str| Err(format!("the helper `{name}/{arity}` (line {line}) {why}"));
    let params = match call.args.first().map(|head| &head.kind) {
        Some(ExprKind::Call(head)) => &head.args,
        Some(ExprKind::Var(_)) => &Vec::new(),
        Some(ExprKind::Binary { op, .. }) if op == "when" => return cannot("has a guard"),
        _ => return cannot("has an unusual head"),
    };
    let mut names = Vec::new();
    for param in params {
        match param.var() {
            Some(name) => names.push(name.to_owned()),
            None => return cannot("matches a pattern in its parameters"),
        }
    }
    let (body, span) = match (&call.do_block, call.args.get(1).map(|arg| &arg.kind)) {
        (Some(block), None) if !block.has_clauses && block.else_body.is_none() => {
            (block.body.clone(), block.span)
        }
        (None, Some(ExprKind::Keywords(pairs))) => match pairs.as_slice() {
            [(key, value)] if key == "do" => (vec![value.clone()], value.span),
            _ => return cannot("has clauses other than `do`"),
        },
        _ => return cannot("has clauses other than `do`"),
    };
    Ok(Helper {
        params: names,
        body,
        line: *line,
        span,
        def_span: *def_span,
    })
}
