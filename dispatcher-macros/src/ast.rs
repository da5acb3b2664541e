//! Parse: the tokens of `dispatcher! { ... }` into a typed syntax model.
//!
//! Items are split by hand at the top level so that one malformed rule does
//! not hide the errors of the others; each item's parts are parsed with syn.
//! Nothing here checks meaning (aliases, layers, patterns): that is `valid`.

use dispatcher_syntax::Verb;
use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::{LitBool, LitStr};

use crate::errors::{Errors, choice, did_you_mean};

pub const OPTION_KEYS: [&str; 7] = [
    "accept",
    "host",
    "reverse_host",
    "layer",
    "last_call",
    "cookie",
    "header",
];

/// Everything inside one `dispatcher! { ... }`.
#[derive(Default)]
pub struct Config {
    pub accept_types: Vec<AcceptTypesDef>,
    pub layers: Vec<LayersDef>,
    pub option_sets: Vec<OptionSetDef>,
    pub rules: Vec<RuleDef>,
}

/// `define_accept_types! { json: ["application/json", ...], ... }`
pub struct AcceptTypesDef {
    pub keyword: Ident,
    pub aliases: Vec<AliasDef>,
}

pub struct AliasDef {
    pub name: Ident,
    pub types: Vec<LitStr>,
    pub span: Span,
}

/// `define_layers![static_files, services, last_call]`
pub struct LayersDef {
    pub keyword: Ident,
    pub names: Vec<Ident>,
}

/// `@json = { accept: json };`
pub struct OptionSetDef {
    pub name: Ident,
    pub options: Options,
}

/// `get!("/files/:id", options) { body }`
pub struct RuleDef {
    pub verb: Verb,
    /// The verb as written, for its position.
    pub keyword: Ident,
    pub pattern: LitStr,
    pub options: RuleOptions,
    pub body: syn::Block,
}

pub enum RuleOptions {
    /// `_`, or nothing after the pattern.
    None,
    Inline(Options),
    /// `@name`
    Named(Ident),
}

/// `{ key: value, ... }`
pub struct Options {
    pub entries: Vec<OptionEntry>,
}

pub struct OptionEntry {
    pub key: Ident,
    pub value: OptionValue,
}

pub enum OptionValue {
    /// `accept: json`, `accept: { json: true }`, `accept: [json, html]`
    Accept(Vec<Ident>),
    Host(HostValue),
    ReverseHost(HostArray),
    Layer(Ident),
    LastCall(LitBool),
    /// `cookie: { "branch": branch, "theme": "dark" }`
    Cookie(Vec<ValueCondition>),
    /// `header: { "x-branch": branch }`
    Header(Vec<ValueCondition>),
}

/// One entry of `cookie: {...}` or `header: {...}`.
pub struct ValueCondition {
    pub name: LitStr,
    pub expect: Expect,
}

pub enum Expect {
    /// `"name": capture` binds the value.
    Capture(Ident),
    /// `"name": _` needs the value present.
    Present,
    /// `"name": "value"` needs that value.
    Literal(LitStr),
}

pub enum HostValue {
    /// `"api.example.com"`, `"*.example.com"`, `"*"`
    Text(LitStr),
    /// `["com", "example", sub, ..rest]`
    Labels(HostArray),
}

pub struct HostArray {
    pub span: Span,
    pub labels: Vec<HostLabel>,
    pub rest: Option<HostRest>,
}

pub enum HostLabel {
    Literal(LitStr),
    Capture(Ident),
    /// `_`
    Any,
}

/// `..rest`, `.._rest` or `..`
pub struct HostRest {
    pub name: Option<Ident>,
}

/// Parses the whole invocation; items that fail to parse are reported and left out.
pub fn parse(input: TokenStream, errors: &mut Errors) -> Config {
    let mut config = Config::default();
    let mut tokens = Cursor::new(input);
    while let Some(token) = tokens.next() {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ';' => {}
            TokenTree::Punct(p) if p.as_char() == '@' => {
                if let Some(set) = parse_option_set(p.span(), &mut tokens, errors) {
                    config.option_sets.push(set);
                }
            }
            TokenTree::Ident(name) => parse_macro_item(name, &mut tokens, &mut config, errors),
            other => {
                errors.at(
                    other.span(),
                    "expected a rule such as `get!(\"/path\", _) { ... }`, `define_accept_types! { ... }`, \
                     `define_layers![...]` or an option set `@name = { ... };`",
                );
                tokens.skip_to_next_item();
            }
        }
    }
    config
}

fn parse_macro_item(name: &Ident, tokens: &mut Cursor, config: &mut Config, errors: &mut Errors) {
    let keyword = name.to_string();
    if !tokens.eat_punct('!') {
        let hint = if Verb::from_name(&keyword).is_some() {
            format!("write `{keyword}!(\"/path\", _) {{ ... }}`")
        } else {
            "each item is a macro-like call: `get!(...) { ... }`, `define_accept_types! { ... }`, `define_layers![...]`".to_owned()
        };
        errors.at(
            name.span(),
            format!("expected `!` after `{keyword}`: {hint}"),
        );
        tokens.skip_to_next_item();
        return;
    }
    if let Some(verb) = Verb::from_name(&keyword) {
        if let Some(rule) = parse_rule(verb, name, tokens, errors) {
            config.rules.push(rule);
        }
        return;
    }
    match keyword.as_str() {
        "define_accept_types" => {
            let Some(group) = tokens.next_group(None) else {
                errors.at(
                    name.span(),
                    "expected `define_accept_types! { alias: [\"type/subtype\", ...], ... }`",
                );
                tokens.skip_to_next_item();
                return;
            };
            if let Some(aliases) = parse_accept_types(&group, errors) {
                config.accept_types.push(AcceptTypesDef {
                    keyword: name.clone(),
                    aliases,
                });
            }
        }
        "define_layers" => {
            let Some(group) = tokens.next_group(None) else {
                errors.at(
                    name.span(),
                    "expected `define_layers![first, second, last_call]`",
                );
                tokens.skip_to_next_item();
                return;
            };
            if let Some(names) = parse_ident_list(group.stream(), errors) {
                config.layers.push(LayersDef {
                    keyword: name.clone(),
                    names,
                });
            }
        }
        _ => {
            errors.at(
                name.span(),
                format!(
                    "unknown item `{keyword}!`: expected a verb ({}), `define_accept_types!` or `define_layers!`{}",
                    choice(Verb::NAMES),
                    did_you_mean(&keyword, Verb::NAMES.into_iter().chain(["define_accept_types", "define_layers"]))
                ),
            );
            tokens.skip_to_next_item();
        }
    }
}

fn parse_rule(
    verb: Verb,
    keyword: &Ident,
    tokens: &mut Cursor,
    errors: &mut Errors,
) -> Option<RuleDef> {
    let Some(arguments) = tokens.next_group(Some(Delimiter::Parenthesis)) else {
        errors.at(
            keyword.span(),
            format!("expected `{keyword}!(\"/path\", options) {{ ... }}`"),
        );
        tokens.skip_to_next_item();
        return None;
    };
    let Some(body) = tokens.next_group(Some(Delimiter::Brace)) else {
        errors.at(
            arguments.span_close(),
            format!("expected the rule's body after `{keyword}!(...)`: a block such as `{{ forward(conn, path, \"http://service/\") }}`"),
        );
        tokens.skip_to_next_item();
        return None;
    };
    let mut parts = split_commas(arguments.stream()).into_iter();
    let pattern = match parts.next().as_deref() {
        Some([TokenTree::Literal(literal)]) => match lit_str(literal) {
            Ok(pattern) => pattern,
            Err(_) => {
                errors.at(
                    literal.span(),
                    "a path pattern is a string literal such as \"/themes/*path\"",
                );
                return None;
            }
        },
        Some(other) => {
            let span = other.first().map_or(arguments.span(), TokenTree::span);
            errors.at(
                span,
                "a path pattern is a string literal such as \"/themes/*path\"",
            );
            return None;
        }
        None => {
            errors.at(
                arguments.span(),
                format!("expected a path pattern: `{keyword}!(\"/path\", _)`"),
            );
            return None;
        }
    };
    let options = match parts.next().as_deref() {
        None => RuleOptions::None,
        Some([TokenTree::Ident(underscore)]) if underscore == "_" => RuleOptions::None,
        Some([TokenTree::Punct(at), TokenTree::Ident(name)]) if at.as_char() == '@' => {
            RuleOptions::Named(name.clone())
        }
        Some([TokenTree::Group(group)]) if group.delimiter() == Delimiter::Brace => {
            RuleOptions::Inline(parse_options(group, errors)?)
        }
        Some(other) => {
            let span = other.first().map_or(arguments.span(), TokenTree::span);
            errors.at(
                span,
                "expected rule options: `_`, `{ key: value, ... }` or a named set `@name`",
            );
            return None;
        }
    };
    if let Some(extra) = parts.next() {
        let span = extra.first().map_or(arguments.span(), TokenTree::span);
        errors.at(
            span,
            "a rule takes a path pattern and options only: `get!(\"/path\", { ... })`",
        );
        return None;
    }
    let body = match syn::parse2::<syn::Block>(TokenTree::Group(body).into()) {
        Ok(body) => body,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    tokens.eat_punct(';');
    Some(RuleDef {
        verb,
        keyword: keyword.clone(),
        pattern,
        options,
        body,
    })
}

fn parse_option_set(at: Span, tokens: &mut Cursor, errors: &mut Errors) -> Option<OptionSetDef> {
    let name = match tokens.next() {
        Some(TokenTree::Ident(name)) => name,
        _ => {
            errors.at(
                at,
                "expected an option set such as `@json = { accept: json };`",
            );
            tokens.skip_to_next_item();
            return None;
        }
    };
    if !tokens.eat_punct('=') {
        errors.at(
            name.span(),
            format!("expected `@{name} = {{ key: value, ... }};`"),
        );
        tokens.skip_to_next_item();
        return None;
    }
    let Some(group) = tokens.next_group(Some(Delimiter::Brace)) else {
        errors.at(
            name.span(),
            format!("expected `@{name} = {{ key: value, ... }};`"),
        );
        tokens.skip_to_next_item();
        return None;
    };
    tokens.eat_punct(';');
    Some(OptionSetDef {
        name,
        options: parse_options(&group, errors)?,
    })
}

fn parse_options(group: &Group, errors: &mut Errors) -> Option<Options> {
    let mut entries = Vec::new();
    let mut ok = true;
    for entry in split_commas(group.stream()) {
        let (key, value) = match entry.as_slice() {
            [TokenTree::Ident(key), TokenTree::Punct(colon), value @ ..]
                if colon.as_char() == ':' && !value.is_empty() =>
            {
                (key.clone(), value)
            }
            other => {
                let span = other.first().map_or(group.span(), TokenTree::span);
                errors.at(
                    span,
                    "expected `key: value`, e.g. `accept: json` or `layer: frontend`",
                );
                ok = false;
                continue;
            }
        };
        match parse_option_value(&key, value, errors) {
            Some(value) => entries.push(OptionEntry { key, value }),
            None => ok = false,
        }
    }
    ok.then_some(Options { entries })
}

fn parse_option_value(
    key: &Ident,
    value: &[TokenTree],
    errors: &mut Errors,
) -> Option<OptionValue> {
    let value_span = value.first().map_or(key.span(), TokenTree::span);
    match key.to_string().as_str() {
        "accept" => {
            match value {
                [TokenTree::Ident(alias)] => Some(OptionValue::Accept(vec![alias.clone()])),
                [TokenTree::Group(group)] if group.delimiter() == Delimiter::Bracket => {
                    parse_ident_list(group.stream(), errors).map(OptionValue::Accept)
                }
                [TokenTree::Group(group)] if group.delimiter() == Delimiter::Brace => {
                    parse_accept_map(group, errors).map(OptionValue::Accept)
                }
                [TokenTree::Literal(_)] => {
                    errors.at(
                        value_span,
                        "`accept` takes an alias from `define_accept_types!`, not a MIME type: \
                     define `name: [\"type/subtype\"]` there and write `accept: name`",
                    );
                    None
                }
                _ => {
                    errors.at(value_span, "expected `accept: alias`, `accept: [alias, ...]` or `accept: { alias: true }`");
                    None
                }
            }
        }
        "host" => match value {
            [TokenTree::Literal(literal)] => match lit_str(literal) {
                Ok(text) => Some(OptionValue::Host(HostValue::Text(text))),
                Err(_) => {
                    errors.at(
                        value_span,
                        "expected a host such as \"api.example.com\" or \"*.example.com\"",
                    );
                    None
                }
            },
            [TokenTree::Group(group)] if group.delimiter() == Delimiter::Bracket => {
                parse_host_array(group, errors)
                    .map(|array| OptionValue::Host(HostValue::Labels(array)))
            }
            _ => {
                errors.at(
                    value_span,
                    "expected `host: \"api.example.com\"`, `host: \"*.example.com\"` or `host: [\"com\", \"example\", sub, ..rest]`",
                );
                None
            }
        },
        "reverse_host" => match value {
            [TokenTree::Group(group)] if group.delimiter() == Delimiter::Bracket => {
                parse_host_array(group, errors).map(OptionValue::ReverseHost)
            }
            _ => {
                errors.at(
                    value_span,
                    "expected labels in the order they are written: `reverse_host: [\"dev\", \"dashboard\", ..rest]`",
                );
                None
            }
        },
        "layer" => match value {
            [TokenTree::Ident(layer)] => Some(OptionValue::Layer(layer.clone())),
            _ => {
                errors.at(
                    value_span,
                    "expected a layer name from `define_layers!`: `layer: frontend`",
                );
                None
            }
        },
        "last_call" => match value {
            [TokenTree::Ident(flag)] if flag == "true" || flag == "false" => Some(
                OptionValue::LastCall(LitBool::new(flag == "true", flag.span())),
            ),
            _ => {
                errors.at(value_span, "expected `last_call: true`");
                None
            }
        },
        kind @ ("cookie" | "header") => match value {
            [TokenTree::Group(group)] if group.delimiter() == Delimiter::Brace => {
                let conditions = parse_value_conditions(group, kind, errors)?;
                Some(if kind == "cookie" {
                    OptionValue::Cookie(conditions)
                } else {
                    OptionValue::Header(conditions)
                })
            }
            _ => {
                errors.at(
                    value_span,
                    format!("expected `{kind}: {{ \"name\": capture }}`, or `\"name\": \"value\"` to need a value"),
                );
                None
            }
        },
        other => {
            errors.at(
                key.span(),
                format!(
                    "unknown option `{other}`: the options are {}{}",
                    choice(OPTION_KEYS),
                    did_you_mean(other, OPTION_KEYS)
                ),
            );
            None
        }
    }
}

/// `{ "name": capture, "other": "value", "present": _ }`
fn parse_value_conditions(
    group: &Group,
    kind: &str,
    errors: &mut Errors,
) -> Option<Vec<ValueCondition>> {
    let mut conditions = Vec::new();
    for entry in split_commas(group.stream()) {
        let (name, expect) = match entry.as_slice() {
            [TokenTree::Literal(name), TokenTree::Punct(colon), value]
                if colon.as_char() == ':' =>
            {
                let Ok(name) = lit_str(name) else {
                    errors.at(
                        name.span(),
                        format!("a {kind} name is a string, e.g. \"branch\""),
                    );
                    return None;
                };
                let expect = match value {
                    TokenTree::Ident(underscore) if underscore == "_" => Expect::Present,
                    TokenTree::Ident(capture) => Expect::Capture(capture.clone()),
                    TokenTree::Literal(literal) => match lit_str(literal) {
                        Ok(text) => Expect::Literal(text),
                        Err(()) => {
                            errors.at(
                                literal.span(),
                                "expected a capture name, `_` or a string value",
                            );
                            return None;
                        }
                    },
                    other => {
                        errors.at(
                            other.span(),
                            "expected a capture name, `_` or a string value",
                        );
                        return None;
                    }
                };
                (name, expect)
            }
            other => {
                let span = other.first().map_or(group.span(), TokenTree::span);
                errors.at(
                    span,
                    format!("expected `\"name\": capture`, `\"name\": _` or `\"name\": \"value\"` in `{kind}`"),
                );
                return None;
            }
        };
        conditions.push(ValueCondition { name, expect });
    }
    if conditions.is_empty() {
        errors.at(
            group.span(),
            format!("`{kind}` needs at least one `\"name\": ...` entry"),
        );
        return None;
    }
    Some(conditions)
}

/// The Elixir map form `{ json: true, html: true }`: every alias must be acceptable.
fn parse_accept_map(group: &Group, errors: &mut Errors) -> Option<Vec<Ident>> {
    let mut aliases = Vec::new();
    for entry in split_commas(group.stream()) {
        match entry.as_slice() {
            [
                TokenTree::Ident(alias),
                TokenTree::Punct(colon),
                TokenTree::Ident(flag),
            ] if colon.as_char() == ':' && flag == "true" => {
                aliases.push(alias.clone());
            }
            [
                TokenTree::Ident(_),
                TokenTree::Punct(colon),
                TokenTree::Ident(flag),
            ] if colon.as_char() == ':' && flag == "false" => {
                errors.at(
                    flag.span(),
                    "`alias: false` can never match; remove the entry",
                );
                return None;
            }
            other => {
                let span = other.first().map_or(group.span(), TokenTree::span);
                errors.at(span, "expected `alias: true`");
                return None;
            }
        }
    }
    if aliases.is_empty() {
        errors.at(
            group.span(),
            "expected at least one `alias: true`; write `_` for no accept condition",
        );
        return None;
    }
    Some(aliases)
}

fn parse_host_array(group: &Group, errors: &mut Errors) -> Option<HostArray> {
    let mut labels = Vec::new();
    let mut rest = None;
    let items = split_commas(group.stream());
    let count = items.len();
    for (index, item) in items.into_iter().enumerate() {
        let label = match item.as_slice() {
            [TokenTree::Literal(literal)] => match lit_str(literal) {
                Ok(text) => HostLabel::Literal(text),
                Err(_) => {
                    errors.at(
                        literal.span(),
                        "a host label is a string such as \"example\"",
                    );
                    return None;
                }
            },
            [TokenTree::Ident(underscore)] if underscore == "_" => HostLabel::Any,
            [TokenTree::Ident(name)] => HostLabel::Capture(name.clone()),
            [TokenTree::Punct(a), TokenTree::Punct(b), tail @ ..]
                if a.as_char() == '.' && b.as_char() == '.' =>
            {
                let name = match tail {
                    [] => None,
                    [TokenTree::Ident(name)] => Some(name.clone()),
                    _ => {
                        errors.at(
                            a.span(),
                            "expected `..rest`, `.._rest` or `..` for the remaining labels",
                        );
                        return None;
                    }
                };
                if index + 1 != count {
                    errors.at(
                        a.span(),
                        "`..rest` takes the remaining labels, so it must come last",
                    );
                    return None;
                }
                rest = Some(HostRest { name });
                continue;
            }
            [first, TokenTree::Punct(bar), ..] if bar.as_char() == '|' => {
                errors.at(
                    bar.span(),
                    format!("write the remaining labels as `..rest` after `{first}`, not with `|` as in Elixir"),
                );
                return None;
            }
            other => {
                let span = other.first().map_or(group.span(), TokenTree::span);
                errors.at(
                    span,
                    "expected a label string, a capture name, `_` or `..rest`",
                );
                return None;
            }
        };
        labels.push(label);
    }
    Some(HostArray {
        span: group.span(),
        labels,
        rest,
    })
}

fn parse_accept_types(group: &Group, errors: &mut Errors) -> Option<Vec<AliasDef>> {
    let mut aliases = Vec::new();
    let mut ok = true;
    for entry in split_commas(group.stream()) {
        match entry.as_slice() {
            [
                TokenTree::Ident(name),
                TokenTree::Punct(colon),
                TokenTree::Group(types),
            ] if colon.as_char() == ':' && types.delimiter() == Delimiter::Bracket => {
                let mut literals = Vec::new();
                for item in split_commas(types.stream()) {
                    match item.as_slice() {
                        [TokenTree::Literal(literal)] => match lit_str(literal) {
                            Ok(text) => literals.push(text),
                            Err(_) => {
                                errors.at(
                                    literal.span(),
                                    "a MIME type is a string such as \"application/json\"",
                                );
                                ok = false;
                            }
                        },
                        other => {
                            let span = other.first().map_or(types.span(), TokenTree::span);
                            errors.at(span, "a MIME type is a string such as \"application/json\"");
                            ok = false;
                        }
                    }
                }
                aliases.push(AliasDef {
                    name: name.clone(),
                    types: literals,
                    span: types.span(),
                });
            }
            other => {
                let span = other.first().map_or(group.span(), TokenTree::span);
                errors.at(span, "expected `alias: [\"type/subtype\", ...]`, e.g. `json: [\"application/json\"]`");
                ok = false;
            }
        }
    }
    ok.then_some(aliases)
}

fn parse_ident_list(stream: TokenStream, errors: &mut Errors) -> Option<Vec<Ident>> {
    let mut names = Vec::new();
    for item in split_commas(stream) {
        match item.as_slice() {
            [TokenTree::Ident(name)] => names.push(name.clone()),
            [TokenTree::Punct(colon), TokenTree::Ident(name)] if colon.as_char() == ':' => {
                errors.at(
                    colon.span(),
                    format!("write `{name}`, without the `:` of an Elixir atom"),
                );
                return None;
            }
            other => {
                let span = other.first().map_or_else(Span::call_site, TokenTree::span);
                errors.at(span, "expected a name");
                return None;
            }
        }
    }
    Some(names)
}

/// A string literal token as syn's `LitStr`.
fn lit_str(literal: &proc_macro2::Literal) -> Result<LitStr, ()> {
    match syn::Lit::new(literal.clone()) {
        syn::Lit::Str(text) => Ok(text),
        _ => Err(()),
    }
}

/// Splits a stream on top-level commas; a trailing comma gives no empty part.
fn split_commas(stream: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut parts = vec![Vec::new()];
    for token in stream {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => parts.push(Vec::new()),
            _ => {
                if let Some(last) = parts.last_mut() {
                    last.push(token);
                }
            }
        }
    }
    if parts.last().is_some_and(Vec::is_empty) {
        parts.pop();
    }
    parts
}

/// A cursor over top-level tokens with the few moves the item parser needs.
struct Cursor {
    tokens: std::iter::Peekable<proc_macro2::token_stream::IntoIter>,
}

impl Cursor {
    fn new(stream: TokenStream) -> Self {
        Cursor {
            tokens: stream.into_iter().peekable(),
        }
    }

    fn next(&mut self) -> Option<TokenTree> {
        self.tokens.next()
    }

    fn eat_punct(&mut self, ch: char) -> bool {
        let matches = matches!(self.tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ch);
        if matches {
            self.tokens.next();
        }
        matches
    }

    fn next_group(&mut self, delimiter: Option<Delimiter>) -> Option<Group> {
        match self.tokens.peek() {
            Some(TokenTree::Group(group))
                if delimiter.is_none_or(|d| d == group.delimiter())
                    && group.delimiter() != Delimiter::None =>
            {
                let group = group.clone();
                self.tokens.next();
                Some(group)
            }
            _ => None,
        }
    }

    /// Skips to what looks like the start of the next item (`name!` or `@`).
    fn skip_to_next_item(&mut self) {
        while let Some(token) = self.tokens.peek() {
            match token {
                TokenTree::Punct(p) if p.as_char() == '@' => return,
                TokenTree::Punct(p) if p.as_char() == ';' => {
                    self.tokens.next();
                    return;
                }
                TokenTree::Ident(ident) if ident.unraw() != "_" => {
                    let name = ident.to_string();
                    if Verb::from_name(&name).is_some() || name.starts_with("define_") {
                        return;
                    }
                    self.tokens.next();
                }
                _ => {
                    self.tokens.next();
                }
            }
        }
    }
}
