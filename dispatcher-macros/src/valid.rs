//! Validate: resolves names (accept aliases, layers, option sets), checks
//! every rule (docs/design/behaviour.md §1) and produces the model that `expand` writes out.
//! Every problem is reported; a rule with a problem is left out of the model.

use std::collections::HashMap;

use dispatcher_syntax::{DEFAULT_LAYERS, LAST_CALL};
use proc_macro2::Ident;
use syn::LitStr;

use crate::ast::{Config, OptionValue, Options, RuleDef, RuleOptions};
use crate::body;
use crate::errors::{Errors, did_you_mean, list};
use crate::model::{AliasModel, Model, ResolvedOptions, RuleModel};
use crate::pattern::{self, Capture, ExpectModel, HostModel, PathModel, ValueSource};
use crate::shadow;

pub fn validate(config: Config, errors: &mut Errors) -> Model {
    let aliases = accept_types(&config, errors);
    let layers = layers(&config, errors);
    let scope = Scope {
        aliases: &aliases,
        layers: &layers,
    };

    let mut option_sets: HashMap<String, Option<ResolvedOptions>> = HashMap::new();
    for set in &config.option_sets {
        let name = set.name.to_string();
        if option_sets.contains_key(&name) {
            errors.at(
                set.name.span(),
                format!("option set `@{name}` is defined twice; rename one of them"),
            );
            continue;
        }
        let resolved = scope.resolve(&set.options, errors);
        option_sets.insert(name, resolved);
    }

    let mut rules = Vec::new();
    for rule in config.rules {
        if let Some(rule) = scope.rule(rule, &option_sets, errors) {
            rules.push(rule);
        }
    }
    shadow::check(&rules, errors);
    Model {
        aliases,
        layers,
        rules,
    }
}

fn accept_types(config: &Config, errors: &mut Errors) -> Vec<AliasModel> {
    let mut aliases: Vec<AliasModel> = Vec::new();
    for (index, definition) in config.accept_types.iter().enumerate() {
        if index > 0 {
            errors.at(
                definition.keyword.span(),
                "`define_accept_types!` appears twice: list every alias in one definition",
            );
            continue;
        }
        for alias in &definition.aliases {
            let name = alias.name.to_string();
            if aliases.iter().any(|a| a.name == name) {
                errors.at(
                    alias.name.span(),
                    format!("accept alias `{name}` is defined twice"),
                );
                continue;
            }
            if alias.types.is_empty() {
                errors.at(
                    alias.span,
                    format!("accept alias `{name}` needs at least one MIME type"),
                );
                continue;
            }
            let mut types = Vec::new();
            for literal in &alias.types {
                if let Some(pair) = media_type(literal, errors) {
                    types.push(pair);
                }
            }
            aliases.push(AliasModel { name, types });
        }
    }
    aliases
}

/// A `type/subtype` (with optional parameters) as the `mime` crate reads it
/// (docs/design/mu-compatibility.md A9: a bad MIME type is a compile error,
/// not a run-time failure).
fn media_type(literal: &LitStr, errors: &mut Errors) -> Option<(String, String)> {
    let value = literal.value();
    let hint = "write `type/subtype` such as \"application/json\", \"image/*\" or \"*/*\"";
    let parsed = match value.trim().parse::<mime::Mime>() {
        Ok(parsed) => parsed,
        Err(_) => {
            errors.in_literal(
                literal,
                0..value.len(),
                format!("`{value}` is not a MIME type: {hint}"),
            );
            return None;
        }
    };
    let (ty, subtype) = (parsed.type_().as_str(), parsed.subtype().as_str());
    let subtype = match parsed.suffix() {
        Some(suffix) => format!("{subtype}+{}", suffix.as_str()),
        None => subtype.to_owned(),
    };
    if ty == "*" && subtype != "*" {
        errors.in_literal(
            literal,
            0..value.len(),
            format!(
                "`{value}` is not a media range: `*` as the type needs `*` as the subtype; {hint}"
            ),
        );
        return None;
    }
    Some((ty.to_ascii_lowercase(), subtype.to_ascii_lowercase()))
}

fn layers(config: &Config, errors: &mut Errors) -> Vec<String> {
    let Some(definition) = config.layers.first() else {
        return DEFAULT_LAYERS.iter().map(|s| s.to_string()).collect();
    };
    for extra in config.layers.iter().skip(1) {
        errors.at(
            extra.keyword.span(),
            "`define_layers!` appears twice: list every layer in one definition",
        );
    }
    let mut layers: Vec<String> = Vec::new();
    for name in &definition.names {
        let text = name.to_string();
        if layers.contains(&text) {
            errors.at(name.span(), format!("layer `{text}` is listed twice"));
        } else {
            layers.push(text);
        }
    }
    if layers.is_empty() {
        errors.at(
            definition.keyword.span(),
            "`define_layers!` needs at least one layer, e.g. `define_layers![service, last_call]`",
        );
        return DEFAULT_LAYERS.iter().map(|s| s.to_string()).collect();
    }
    layers
}

struct Scope<'a> {
    aliases: &'a [AliasModel],
    layers: &'a [String],
}

impl Scope<'_> {
    fn rule(
        &self,
        rule: RuleDef,
        option_sets: &HashMap<String, Option<ResolvedOptions>>,
        errors: &mut Errors,
    ) -> Option<RuleModel> {
        let RuleDef {
            verb,
            keyword,
            pattern,
            options,
            mut body,
        } = rule;
        let path = pattern::parse_path(&pattern, errors);
        let options = match options {
            RuleOptions::None => Some(ResolvedOptions {
                display: "_".to_owned(),
                ..ResolvedOptions::default()
            }),
            RuleOptions::Inline(options) => self.resolve(&options, errors),
            RuleOptions::Named(name) => match option_sets.get(&name.to_string()) {
                Some(Some(resolved)) => Some(ResolvedOptions {
                    display: format!("@{name} {}", resolved.display),
                    ..resolved.clone()
                }),
                // The set itself had an error, already reported.
                Some(None) => None,
                None => {
                    let defined: Vec<&str> = option_sets.keys().map(String::as_str).collect();
                    errors.at(
                        name.span(),
                        format!(
                            "no option set `@{name}`; define it with `@{name} = {{ ... }};` (defined sets: {}){}",
                            list(defined.iter().copied()),
                            did_you_mean(&name.to_string(), defined.iter().copied())
                        ),
                    );
                    None
                }
            },
        };
        let actions = body::scan(&mut body, errors);
        let (path, options) = (path?, options?);
        if !unique_captures(&path, &options, errors) {
            return None;
        }
        Some(RuleModel {
            line: u32::try_from(keyword.span().start().line).unwrap_or(0),
            verb,
            pattern,
            path,
            options,
            body,
            actions,
        })
    }

    fn resolve(&self, options: &Options, errors: &mut Errors) -> Option<ResolvedOptions> {
        let mut resolved = ResolvedOptions::default();
        let mut ok = true;
        let mut seen: Vec<String> = Vec::new();
        let mut display = Vec::new();
        let mut layer_span = None;
        let mut last_call_span = None;
        let mut reverse_host_span = None;
        for entry in &options.entries {
            let key = entry.key.to_string();
            if seen.contains(&key) {
                errors.at(entry.key.span(), format!("option `{key}` is given twice"));
                ok = false;
                continue;
            }
            seen.push(key);
            match &entry.value {
                OptionValue::Accept(names) => {
                    for name in names {
                        match self.aliases.iter().position(|alias| *name == alias.name) {
                            Some(index) if !resolved.accept.contains(&index) => {
                                resolved.accept.push(index)
                            }
                            Some(_) => {}
                            None => {
                                ok = false;
                                self.unknown_alias(name, errors);
                            }
                        }
                    }
                    let names: Vec<String> = names.iter().map(Ident::to_string).collect();
                    display.push(format!("accept: {}", names.join(" + ")));
                }
                OptionValue::Host(value) => match pattern::parse_host(value, errors) {
                    Some(host) => {
                        display.push(format!("host: {}", host.display));
                        resolved.host = Some(host);
                    }
                    None => ok = false,
                },
                OptionValue::ReverseHost(array) => {
                    reverse_host_span = Some(entry.key.span());
                    match pattern::parse_reverse_host(array, errors) {
                        Some(host) => {
                            display.push(format!("reverse_host: {}", host.display));
                            resolved.host = Some(host);
                        }
                        None => ok = false,
                    }
                }
                OptionValue::Layer(name) => {
                    layer_span = Some(name.span());
                    display.push(format!("layer: {name}"));
                    match self.layers.iter().position(|layer| *name == layer) {
                        Some(index) => resolved.layer = Some(index),
                        None => {
                            ok = false;
                            let layers = self.layers.iter().map(String::as_str);
                            errors.at(
                                name.span(),
                                format!(
                                    "unknown layer `{name}`: the layers of `define_layers!` are {} (add new layers there){}",
                                    list(layers.clone()),
                                    did_you_mean(&name.to_string(), layers)
                                ),
                            );
                        }
                    }
                }
                OptionValue::Cookie(conditions) | OptionValue::Header(conditions) => {
                    let (source, slot) = match &entry.value {
                        OptionValue::Cookie(_) => (ValueSource::Cookie, &mut resolved.cookies),
                        _ => (ValueSource::Header, &mut resolved.headers),
                    };
                    match pattern::parse_value_conditions(source, conditions, errors) {
                        Some(models) => {
                            display.push(format!(
                                "{}: {}",
                                entry.key,
                                pattern::display_conditions(&models)
                            ));
                            *slot = models;
                        }
                        None => ok = false,
                    }
                }
                OptionValue::LastCall(flag) => {
                    if flag.value {
                        last_call_span = Some(flag.span());
                        display.push("last_call: true".to_owned());
                    }
                }
            }
        }
        if let (Some(reverse), true) = (reverse_host_span, seen.iter().any(|k| k == "host")) {
            errors.at(reverse, "a rule takes `host` or `reverse_host`, not both");
            ok = false;
        }
        if let Some(span) = last_call_span {
            match self.layers.iter().position(|layer| layer == LAST_CALL) {
                None => {
                    errors.at(
                        span,
                        format!(
                            "`last_call: true` rules run in the `last_call` layer, but `define_layers!` lists only {}: \
                             add `last_call` to `define_layers!`",
                            list(self.layers.iter().map(String::as_str))
                        ),
                    );
                    ok = false;
                }
                Some(index) => match (resolved.layer, layer_span) {
                    (Some(layer), Some(layer_span)) if layer != index => {
                        errors.at(
                            layer_span,
                            "`last_call: true` puts the rule in the `last_call` layer; remove `layer` or `last_call`",
                        );
                        ok = false;
                    }
                    _ => resolved.layer = Some(index),
                },
            }
        }
        resolved.display = if display.is_empty() {
            "_".to_owned()
        } else {
            display.join(", ")
        };
        ok.then_some(resolved)
    }

    fn unknown_alias(&self, name: &Ident, errors: &mut Errors) {
        let names = self.aliases.iter().map(|alias| alias.name.as_str());
        let message = if self.aliases.is_empty() {
            format!(
                "unknown accept alias `{name}`: no aliases are defined; add \
                 `define_accept_types! {{ {name}: [\"type/subtype\"] }}`"
            )
        } else {
            format!(
                "unknown accept alias `{name}`: the aliases of `define_accept_types!` are {}{}",
                list(names.clone()),
                did_you_mean(&name.to_string(), names)
            )
        };
        errors.at(name.span(), message);
    }
}

/// Path, host, cookie and header captures share the body's scope: one name, one capture.
fn unique_captures(path: &PathModel, options: &ResolvedOptions, errors: &mut Errors) -> bool {
    let mut seen: Vec<&Capture> = Vec::new();
    let mut ok = true;
    let host = options.host.iter().flat_map(HostModel::captures);
    let values = options
        .cookies
        .iter()
        .chain(&options.headers)
        .filter_map(|condition| match &condition.expect {
            ExpectModel::Any(capture) => capture.as_ref(),
            ExpectModel::Equal(_) => None,
        });
    for capture in path.captures().chain(host).chain(values) {
        let name = capture.name();
        let message = if name == "conn" {
            Some("`conn` is the request in every rule body; name the capture otherwise".to_owned())
        } else if seen.iter().any(|earlier| earlier.name() == name) {
            Some(format!(
                "capture `{name}` is bound twice in this rule; give each capture its own name"
            ))
        } else {
            None
        };
        if let Some(message) = message {
            match &capture.place {
                Some((literal, range)) => errors.in_literal(literal, range.clone(), message),
                None => errors.at(capture.ident.span(), message),
            }
            ok = false;
        }
        seen.push(capture);
    }
    ok
}
