//! Rule options: an Elixir options map as mu-dispatcher's Matcher matched
//! it (a map *pattern* against `%{accept, host, reverse_host, layer}` plus
//! `layer_name: true`), written as our `{ key: value }` options.
//!
//! A map that could never match there (an unknown alias, key or layer, a
//! `false`, a string where a map belongs) makes a rule that never fired.

use dispatcher_syntax::LAST_CALL;

use crate::elixir::syntax::{Expr, ExprKind};
use crate::rules_file::{Host, HostLabel, OptionEntry, Options};

/// What became of an options map.
#[derive(Debug, PartialEq, Eq)]
pub enum OptionsOutcome {
    /// Usable; `notes` are report lines about it.
    Options {
        options: Options,
        notes: Vec<String>,
    },
    /// mu-dispatcher never matched a request against it.
    NeverFires(String),
    /// Not expressible in our options.
    Unconvertible(String),
}

/// What an options map may refer to.
pub struct Names<'a> {
    pub aliases: &'a [String],
    pub layers: &'a [String],
}

/// Converts the entries of `%{...}`.
pub fn convert(entries: &[(Expr, Expr)], names: &Names) -> OptionsOutcome {
    let mut options = Options::default();
    let mut notes = Vec::new();
    // The layers the map requires (from `layer:`, `last_call:` and the old
    // `name: true` form), with where the first requirement stood.
    let mut layers: Vec<(String, bool)> = Vec::new();
    let mut layer_position = None;
    let mut hosts = 0;
    for (key, value) in entries {
        let ExprKind::Atom(key) = &key.kind else {
            return OptionsOutcome::NeverFires(
                "an options key that is not an atom never matched mu-dispatcher's atom keys"
                    .to_owned(),
            );
        };
        let entry = match key.as_str() {
            "accept" => match accept(value, names, &mut notes) {
                Ok(Some(aliases)) => OptionEntry::Accept(aliases),
                Ok(None) => continue,
                Err(outcome) => return outcome,
            },
            "host" | "reverse_host" => {
                hosts += 1;
                match host(value, key == "reverse_host") {
                    Ok(host) => OptionEntry::Host(host),
                    Err(outcome) => return outcome,
                }
            }
            "layer" => match &value.kind {
                ExprKind::Var(name) => {
                    // mu-dispatcher matched the options map as a pattern: a
                    // variable takes whatever layer is being tried.
                    notes.push(format!(
                        "`layer: {name}` is a variable, not an atom: mu-dispatcher matched it against every layer, \
                         so the rule ran in the first layer where it matched; it is written without `layer:`, \
                         which does the same"
                    ));
                    continue;
                }
                ExprKind::Atom(layer) => {
                    if !names.layers.contains(layer) {
                        return OptionsOutcome::NeverFires(format!(
                            "`layer: :{layer}` names no layer of define_layers ({}), so mu-dispatcher never \
                             matched it [L4]",
                            names.layers.join(", ")
                        ));
                    }
                    layer_position.get_or_insert(options.entries.len());
                    layers.push((layer.clone(), false));
                    continue;
                }
                _ => {
                    return OptionsOutcome::Unconvertible(
                        "`layer:` takes an atom such as `:frontend`".to_owned(),
                    );
                }
            },
            "last_call" => match &value.kind {
                ExprKind::Bool(true) => {
                    layer_position.get_or_insert(options.entries.len());
                    layers.push((LAST_CALL.to_owned(), true));
                    continue;
                }
                ExprKind::Bool(false) => {
                    return OptionsOutcome::NeverFires(
                        "`last_call: false` never matched: mu-dispatcher only ever set `last_call: true`"
                            .to_owned(),
                    );
                }
                _ => {
                    return OptionsOutcome::Unconvertible("`last_call:` takes `true`".to_owned());
                }
            },
            // The old form of `layer:`: `%{ frontend: true }`.
            other if names.layers.iter().any(|layer| layer == other) => match &value.kind {
                ExprKind::Bool(true) => {
                    layer_position.get_or_insert(options.entries.len());
                    layers.push((other.to_owned(), false));
                    continue;
                }
                _ => {
                    return OptionsOutcome::NeverFires(format!(
                        "`{other}:` (the old form of `layer: :{other}`) only ever held `true`, so this \
                         never matched"
                    ));
                }
            },
            other => {
                return OptionsOutcome::NeverFires(format!(
                    "mu-dispatcher never set an option `{other}` (nor is it a layer), so this rule never \
                     matched"
                ));
            }
        };
        options.entries.push(entry);
    }
    if hosts > 1 {
        return OptionsOutcome::Unconvertible(
            "`host` and `reverse_host` together (a rule takes one of them)".to_owned(),
        );
    }
    let mut required: Vec<&(String, bool)> = Vec::new();
    for layer in &layers {
        if !required.iter().any(|seen| seen.0 == layer.0) {
            required.push(layer);
        }
    }
    match required.as_slice() {
        [] => {}
        [(layer, _)] => {
            let entry = if layers.iter().any(|(_, from_last_call)| *from_last_call) {
                OptionEntry::LastCall
            } else {
                OptionEntry::Layer(layer.clone())
            };
            options.entries.insert(
                layer_position.unwrap_or(0).min(options.entries.len()),
                entry,
            );
        }
        several => {
            let names: Vec<&str> = several.iter().map(|(name, _)| name.as_str()).collect();
            return OptionsOutcome::NeverFires(format!(
                "the options require the layers {} at once, so mu-dispatcher never matched them",
                names.join(" and ")
            ));
        }
    }
    OptionsOutcome::Options { options, notes }
}

/// `accept: %{json: true}` or `accept: [:json]`; `Ok(None)` for no condition.
fn accept(
    value: &Expr,
    names: &Names,
    notes: &mut Vec<String>,
) -> Result<Option<Vec<String>>, OptionsOutcome> {
    let mut aliases = Vec::new();
    match &value.kind {
        ExprKind::Map(entries) => {
            for (key, flag) in entries {
                let ExprKind::Atom(alias) = &key.kind else {
                    return Err(OptionsOutcome::NeverFires(
                        "an accept key that is not an atom never matched mu-dispatcher's alias atoms"
                            .to_owned(),
                    ));
                };
                match flag.kind {
                    ExprKind::Bool(true) => aliases.push(alias.clone()),
                    ExprKind::Bool(false) => {
                        return Err(OptionsOutcome::NeverFires(format!(
                            "`{alias}: false` never matched: mu-dispatcher only ever set acceptable aliases \
                             to `true`"
                        )));
                    }
                    _ => {
                        return Err(OptionsOutcome::Unconvertible(format!(
                            "`accept: %{{{alias}: ...}}` takes `true`"
                        )));
                    }
                }
            }
        }
        ExprKind::List { items, tail: None } => {
            for item in items {
                match &item.kind {
                    ExprKind::Atom(alias) => aliases.push(alias.clone()),
                    _ => {
                        return Err(OptionsOutcome::NeverFires(
                            "an accept list item that is not an atom never matched mu-dispatcher's alias atoms"
                                .to_owned(),
                        ));
                    }
                }
            }
            if aliases.len() > 1 {
                notes.push(format!(
                    "mu-dispatcher refused accept lists of several aliases at start-up; `[{}]` is written to \
                     require all of them, as the map form `%{{{}}}` did",
                    aliases
                        .iter()
                        .map(|a| format!(":{a}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    aliases
                        .iter()
                        .map(|a| format!("{a}: true"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        ExprKind::Str(_) => {
            return Err(OptionsOutcome::NeverFires(
                "`accept:` with a MIME type string: mu-dispatcher refused such a rule when it compiled the \
                 rules (a CaseClauseError at start-up), so it served no request with this file; `accept:` \
                 takes aliases of define_accept_types"
                    .to_owned(),
            ));
        }
        _ => {
            return Err(OptionsOutcome::Unconvertible(
                "`accept:` takes `%{alias: true}` or `[:alias]`".to_owned(),
            ));
        }
    }
    if let Some(unknown) = aliases.iter().find(|alias| !names.aliases.contains(alias)) {
        let defined = if names.aliases.is_empty() {
            "none are defined".to_owned()
        } else {
            format!("the aliases are {}", names.aliases.join(", "))
        };
        return Err(OptionsOutcome::NeverFires(format!(
            "the accept alias `{unknown}` is not in define_accept_types ({defined}), so mu-dispatcher never \
             matched it"
        )));
    }
    aliases.dedup();
    Ok((!aliases.is_empty()).then_some(aliases))
}

/// `host: "api.example.com" | "*.example.com" | "*" | [...]`,
/// `reverse_host: [...]`.
fn host(value: &Expr, reverse: bool) -> Result<Host, OptionsOutcome> {
    let key = if reverse { "reverse_host" } else { "host" };
    match &value.kind {
        ExprKind::Str(_) if reverse => Err(OptionsOutcome::NeverFires(
            "`reverse_host:` with a string never matched: mu-dispatcher only split `host:` strings into labels"
                .to_owned(),
        )),
        ExprKind::Str(_) => {
            let Some(text) = value.plain_string() else {
                return Err(OptionsOutcome::Unconvertible(
                    "an interpolated host string".to_owned(),
                ));
            };
            host_text(&text).map(Host::Text)
        }
        // `host: full_host`: the variable takes the whole label list.
        ExprKind::Var(name) => Ok(Host::Labels {
            reverse,
            labels: Vec::new(),
            rest: Some((name != "_").then(|| name.clone())),
        }),
        ExprKind::List { items, tail } => {
            let mut labels = Vec::new();
            for item in items {
                let label = match &item.kind {
                    ExprKind::Str(_) => {
                        let Some(text) = item.plain_string() else {
                            return Err(OptionsOutcome::Unconvertible(format!(
                                "an interpolated label in `{key}:`"
                            )));
                        };
                        if let Err(why) = label_text(&text) {
                            return Err(never_host(&format!("the label \"{text}\" {why}")));
                        }
                        HostLabel::Literal(text)
                    }
                    ExprKind::Var(name) if name == "_" => HostLabel::Any,
                    ExprKind::Var(name) => HostLabel::Capture(name.clone()),
                    _ => {
                        return Err(OptionsOutcome::Unconvertible(format!(
                            "`{key}:` items are label strings or variable names"
                        )));
                    }
                };
                labels.push(label);
            }
            let rest = match tail.as_deref().map(|tail| &tail.kind) {
                None => None,
                Some(ExprKind::Var(name)) if name == "_" => Some(None),
                Some(ExprKind::Var(name)) => Some(Some(name.clone())),
                Some(_) => {
                    return Err(OptionsOutcome::Unconvertible(format!(
                        "the tail of a `{key}:` list is a variable name"
                    )));
                }
            };
            if labels.is_empty() && rest.is_none() {
                return Err(never_host("`[]` matches no host"));
            }
            Ok(Host::Labels {
                reverse,
                labels,
                rest,
            })
        }
        _ => Err(OptionsOutcome::Unconvertible(format!(
            "`{key}:` takes a string or a list of labels"
        ))),
    }
}

/// A `host:` string as mu reworked it: `"*"`, `"*.example.com"` or labels.
fn host_text(text: &str) -> Result<String, OptionsOutcome> {
    if text == "*" {
        return Ok(text.to_owned());
    }
    let names = text.strip_prefix("*.").unwrap_or(text);
    for label in names.split('.') {
        if let Err(why) = label_text(label) {
            let label = if label.is_empty() { "(empty)" } else { label };
            return Err(never_host(&format!(
                "\"{text}\": its label `{label}` {why}"
            )));
        }
    }
    Ok(text.to_owned())
}

/// Why a literal label can never equal a label of a request's host
/// (lower-cased, split on `.`, port removed).
fn label_text(label: &str) -> Result<(), &'static str> {
    if label.is_empty() {
        Err("is empty")
    } else if label.contains('*') {
        Err("holds a `*`, which mu-dispatcher compared literally [H4]")
    } else if label.contains('.') {
        Err("holds a `.`, and labels never do")
    } else if label.contains(':') {
        Err("holds a port, and hosts are matched without one")
    } else if label.chars().any(|c| c.is_ascii_uppercase()) {
        Err("has capitals, and hosts are matched lower-cased")
    } else if !label
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        Err("holds characters no host label has")
    } else {
        Ok(())
    }
}

fn never_host(why: &str) -> OptionsOutcome {
    OptionsOutcome::NeverFires(format!(
        "the host pattern never matched in mu-dispatcher: {why}"
    ))
}

/// Renames the host captures of `options` (Elixir names to Rust names).
pub fn rename_captures(options: &mut Options, rename: impl Fn(&str) -> String) {
    for entry in &mut options.entries {
        if let OptionEntry::Host(Host::Labels { labels, rest, .. }) = entry {
            for label in labels.iter_mut() {
                if let HostLabel::Capture(name) = label {
                    *name = rename(name);
                }
            }
            if let Some(Some(name)) = rest {
                *name = rename(name);
            }
        }
    }
}

/// The host captures of `options`: (name, whether it is the `..rest`).
pub fn host_captures(options: &Options) -> Vec<(String, bool)> {
    let mut captures = Vec::new();
    for entry in &options.entries {
        if let OptionEntry::Host(Host::Labels { labels, rest, .. }) = entry {
            for label in labels {
                if let HostLabel::Capture(name) = label {
                    captures.push((name.clone(), false));
                }
            }
            if let Some(Some(name)) = rest {
                captures.push((name.clone(), true));
            }
        }
    }
    captures
}
