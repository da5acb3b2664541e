//! Path and host patterns: from the strings and arrays users write to
//! checked models (docs/design/behaviour.md §1; docs/design/mu-compatibility.md P3–P7,
//! H2–H4).

use dispatcher_syntax::{TCHAR_SYMBOLS, is_token};
use proc_macro2::{Ident, Span};
use syn::LitStr;

use crate::ast::{Expect, HostArray, HostLabel, HostValue, ValueCondition};
use crate::errors::Errors;

/// A variable a pattern binds in the rule body.
#[derive(Clone)]
pub struct Capture {
    pub ident: Ident,
    /// For a path capture: the pattern literal and the capture's place in it.
    pub place: Option<(LitStr, std::ops::Range<usize>)>,
}

impl Capture {
    pub fn name(&self) -> String {
        self.ident.to_string()
    }
}

pub struct PathModel {
    pub segments: Vec<PathSegment>,
    /// `*name` at the end; the inner `None` is `*_`.
    pub glob: Option<Option<Capture>>,
}

pub enum PathSegment {
    Literal(String),
    /// `:name`; `None` for `:_`.
    Param(Option<Capture>),
}

impl PathModel {
    pub fn captures(&self) -> impl Iterator<Item = &Capture> {
        self.segments
            .iter()
            .filter_map(|segment| match segment {
                PathSegment::Param(capture) => capture.as_ref(),
                PathSegment::Literal(_) => None,
            })
            .chain(self.glob.iter().flatten())
    }
}

/// Parses and checks a path pattern such as `"/files/:id/*rest"`.
pub fn parse_path(literal: &LitStr, errors: &mut Errors) -> Option<PathModel> {
    let value = literal.value();
    let mut model = PathModel {
        segments: Vec::new(),
        glob: None,
    };
    // docs/design/mu-compatibility.md P3: "/" (and mu's "") is the root.
    if value.is_empty() || value == "/" {
        return Some(model);
    }
    if !value.starts_with('/') {
        errors.in_literal(
            literal,
            0..1,
            format!("a path pattern starts with `/`: write \"/{value}\""),
        );
        return None;
    }
    if value.ends_with('/') {
        errors.in_literal(
            literal,
            value.len() - 1..value.len(),
            format!(
                "a path pattern does not end in `/` (request paths lose their trailing slash): write \"{}\"",
                value.trim_end_matches('/')
            ),
        );
        return None;
    }
    if let Some(position) = value.find(['?', '#']) {
        errors.in_literal(
            literal,
            position..position + 1,
            "a path pattern matches the path only; the query string is forwarded as it is",
        );
        return None;
    }
    let mut ok = true;
    let mut offset = 1;
    let parts: Vec<&str> = value[1..].split('/').collect();
    for (index, part) in parts.iter().enumerate() {
        let range = offset..offset + part.len();
        offset += part.len() + 1;
        let last = index + 1 == parts.len();
        if part.is_empty() {
            errors.in_literal(
                literal,
                range.start - 1..range.start + 1,
                "empty segment: request paths have no empty segments, so this could never match; remove one `/`",
            );
            ok = false;
        } else if *part == "." || *part == ".." {
            errors.in_literal(
                literal,
                range,
                "dot segments are resolved in request paths before matching, so this could never match",
            );
            ok = false;
        } else if let Some(name) = part.strip_prefix(':') {
            match capture(literal, name, range, ':', errors) {
                Some(capture) => model.segments.push(PathSegment::Param(capture)),
                None => ok = false,
            }
        } else if let Some(name) = part.strip_prefix('*') {
            if !last {
                errors.in_literal(
                    literal,
                    range,
                    format!(
                        "`*{name}` takes all remaining segments, so it must be the last segment; \
                         use `:{name}` to capture one segment"
                    ),
                );
                ok = false;
            } else {
                match capture(literal, name, range, '*', errors) {
                    Some(capture) => model.glob = Some(capture),
                    None => ok = false,
                }
            }
        } else {
            model
                .segments
                .push(PathSegment::Literal((*part).to_owned()));
        }
    }
    ok.then_some(model)
}

/// `:name` / `*name`: `Some(None)` for `_`, `None` (reported) for a bad name.
fn capture(
    literal: &LitStr,
    name: &str,
    range: std::ops::Range<usize>,
    sigil: char,
    errors: &mut Errors,
) -> Option<Option<Capture>> {
    if name == "_" {
        return Some(None);
    }
    if name.is_empty() {
        let hint = if sigil == '*' {
            "`*rest`, or `*_` to ignore the rest"
        } else {
            "`:id`, or `:_` to ignore it"
        };
        errors.in_literal(
            literal,
            range,
            format!("`{sigil}` needs a capture name: write {hint}"),
        );
        return None;
    }
    match binding(name, literal.span()) {
        Ok(ident) => Some(Some(Capture {
            ident,
            place: Some((literal.clone(), range)),
        })),
        Err(reason) => {
            errors.in_literal(literal, range, reason);
            None
        }
    }
}

/// A capture becomes a Rust variable: its name must be an identifier.
fn binding(name: &str, span: Span) -> Result<Ident, String> {
    match syn::parse_str::<Ident>(name) {
        Ok(_) => Ok(Ident::new(name, span)),
        Err(_) if syn::parse_str::<syn::Ident>(&format!("r#{name}")).is_ok() => Err(format!(
            "`{name}` is a Rust keyword and cannot name a capture; rename it, e.g. `{name}_`"
        )),
        Err(_) => Err(format!(
            "`{name}` cannot name a capture: captures become Rust variables, so use letters, digits and `_` \
             (e.g. `{}`)",
            suggested_identifier(name)
        )),
    }
}

fn suggested_identifier(name: &str) -> String {
    let mut ident: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    ident
}

/// Which end of the host a label list starts at.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum LabelOrder {
    TldFirst,
    Written,
}

#[derive(Clone)]
pub struct HostModel {
    pub order: LabelOrder,
    pub labels: Vec<HostLabelModel>,
    /// More labels may follow; the inner capture names them (`..rest`).
    pub rest: Option<Option<Capture>>,
    /// As written, for `routes`.
    pub display: String,
}

#[derive(Clone)]
pub enum HostLabelModel {
    Literal(String),
    Any,
    Capture(Capture),
}

impl HostModel {
    pub fn captures(&self) -> impl Iterator<Item = &Capture> {
        self.labels
            .iter()
            .filter_map(|label| match label {
                HostLabelModel::Capture(capture) => Some(capture),
                _ => None,
            })
            .chain(self.rest.iter().flatten())
    }
}

/// `host: "api.example.com" | "*.example.com" | "*" | [...]`
pub fn parse_host(value: &HostValue, errors: &mut Errors) -> Option<HostModel> {
    match value {
        HostValue::Text(literal) => parse_host_text(literal, errors),
        HostValue::Labels(array) => parse_host_array(array, LabelOrder::TldFirst, errors),
    }
}

/// `reverse_host: ["dev", "dashboard", ..rest]`
pub fn parse_reverse_host(array: &HostArray, errors: &mut Errors) -> Option<HostModel> {
    parse_host_array(array, LabelOrder::Written, errors)
}

fn parse_host_text(literal: &LitStr, errors: &mut Errors) -> Option<HostModel> {
    let value = literal.value();
    let display = format!("{value:?}");
    if value == "*" {
        // docs/design/mu-compatibility.md H3: single-label hosts only.
        return Some(HostModel {
            order: LabelOrder::TldFirst,
            labels: vec![HostLabelModel::Any],
            rest: None,
            display,
        });
    }
    if value.is_empty() {
        errors.in_literal(
            literal,
            0..0,
            "empty host: write a host such as \"api.example.com\", or leave `host` out",
        );
        return None;
    }
    if let Some(colon) = value.find(':') {
        errors.in_literal(
            literal,
            colon..value.len(),
            "hosts are matched without their port: remove it",
        );
        return None;
    }
    let (wildcard, names) = match value.strip_prefix("*.") {
        Some(names) => (true, names),
        None => (false, value.as_str()),
    };
    let base = value.len() - names.len();
    let mut labels = Vec::new();
    let mut offset = base;
    let mut ok = true;
    for label in names.split('.') {
        let range = offset..offset + label.len();
        offset += label.len() + 1;
        match check_label(label, LabelOrder::Written) {
            Ok(label) => labels.push(HostLabelModel::Literal(label)),
            Err(reason) => {
                let range = if label.is_empty() {
                    range.start.saturating_sub(1)..range.start + 1
                } else {
                    range
                };
                errors.in_literal(literal, range, reason);
                ok = false;
            }
        }
    }
    labels.reverse();
    ok.then_some(HostModel {
        order: LabelOrder::TldFirst,
        labels,
        // docs/design/mu-compatibility.md H2: "*.example.com" also matches example.com itself.
        rest: wildcard.then_some(None),
        display,
    })
}

fn parse_host_array(
    array: &HostArray,
    order: LabelOrder,
    errors: &mut Errors,
) -> Option<HostModel> {
    let mut labels = Vec::new();
    let mut ok = true;
    let mut display = Vec::new();
    for label in &array.labels {
        match label {
            HostLabel::Literal(literal) => {
                let value = literal.value();
                display.push(format!("{value:?}"));
                match check_label(&value, order) {
                    Ok(label) => labels.push(HostLabelModel::Literal(label)),
                    Err(reason) => {
                        errors.in_literal(literal, 0..value.len(), reason);
                        ok = false;
                    }
                }
            }
            HostLabel::Any => {
                display.push("_".to_owned());
                labels.push(HostLabelModel::Any);
            }
            HostLabel::Capture(ident) => {
                display.push(ident.to_string());
                match binding(&ident.to_string(), ident.span()) {
                    Ok(ident) => {
                        labels.push(HostLabelModel::Capture(Capture { ident, place: None }))
                    }
                    Err(reason) => {
                        errors.at(ident.span(), reason);
                        ok = false;
                    }
                }
            }
        }
    }
    let rest = array.rest.as_ref().map(|rest| {
        display.push(format!(
            "..{}",
            rest.name.as_ref().map_or(String::new(), Ident::to_string)
        ));
        rest.name
            .as_ref()
            .filter(|name| *name != "_")
            .map(|name| Capture {
                ident: name.clone(),
                place: None,
            })
    });
    if labels.is_empty() && rest.is_none() {
        errors.at(
            array.span,
            "empty host pattern: name at least one label, e.g. [\"com\", \"example\", ..rest]",
        );
        ok = false;
    }
    ok.then(|| HostModel {
        order,
        labels,
        rest,
        display: format!("[{}]", display.join(", ")),
    })
}

/// A literal host label: lower-cased; one label, no `*` (docs/design/mu-compatibility.md H4).
/// `order` is the order of the list it stands in, for the suggestion.
fn check_label(label: &str, order: LabelOrder) -> Result<String, String> {
    if label.is_empty() {
        return Err(
            "empty host label: a host has no `..` and does not start or end with `.`".to_owned(),
        );
    }
    if label.contains('*') {
        return Err(
            "`*` is only allowed as the whole first label: write \"*.example.com\"".to_owned(),
        );
    }
    if label.contains('.') {
        let mut parts: Vec<String> = label.split('.').map(|l| format!("{l:?}")).collect();
        if order == LabelOrder::TldFirst {
            parts.reverse();
        }
        return Err(format!("one label per item: write {}", parts.join(", ")));
    }
    if !label
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(format!(
            "`{label}` is not a host label: use letters, digits, `-` and `_`"
        ));
    }
    Ok(label.to_ascii_lowercase())
}

/// Whether a value condition is on a cookie or a request header.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    Cookie,
    Header,
}

impl ValueSource {
    fn word(self) -> &'static str {
        match self {
            ValueSource::Cookie => "cookie",
            ValueSource::Header => "header",
        }
    }
}

/// A checked `cookie:`/`header:` entry (docs/design/behaviour.md §4).
#[derive(Clone)]
pub struct ValueModel {
    /// Cookie names as written; header names lower-cased.
    pub name: String,
    pub expect: ExpectModel,
}

#[derive(Clone, PartialEq)]
pub enum ExpectModel {
    /// Any value; the capture (if any) binds it.
    Any(Option<Capture>),
    /// Exactly this value.
    Equal(String),
}

impl PartialEq for Capture {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

pub fn parse_value_conditions(
    source: ValueSource,
    conditions: &[ValueCondition],
    errors: &mut Errors,
) -> Option<Vec<ValueModel>> {
    let mut models: Vec<ValueModel> = Vec::new();
    let mut ok = true;
    for condition in conditions {
        let written = condition.name.value();
        let kind = source.word();
        if !is_token(written.as_bytes()) {
            errors.in_literal(
                &condition.name,
                0..written.len(),
                format!(
                    "`{written}` is not a {kind} name: use letters, digits and `{TCHAR_SYMBOLS}`"
                ),
            );
            ok = false;
            continue;
        }
        let name = match source {
            ValueSource::Cookie => written.clone(),
            ValueSource::Header => written.to_ascii_lowercase(),
        };
        if models.iter().any(|model| model.name == name) {
            errors.at(
                condition.name.span(),
                format!("{kind} `{written}` is named twice in this rule"),
            );
            ok = false;
            continue;
        }
        let expect = match &condition.expect {
            Expect::Present => ExpectModel::Any(None),
            Expect::Capture(ident) => match binding(&ident.to_string(), ident.span()) {
                Ok(ident) => ExpectModel::Any(Some(Capture { ident, place: None })),
                Err(reason) => {
                    errors.at(ident.span(), reason);
                    ok = false;
                    continue;
                }
            },
            Expect::Literal(literal) => {
                let value = literal.value();
                let allowed = |b: u8| match source {
                    // RFC 6265 cookie-octet.
                    ValueSource::Cookie => {
                        b.is_ascii_graphic() && !matches!(b, b'"' | b',' | b';' | b'\\')
                    }
                    ValueSource::Header => b.is_ascii_graphic() || b == b' ',
                };
                if let Some(position) = value.bytes().position(|b| !allowed(b)) {
                    errors.in_literal(
                        literal,
                        position..position + 1,
                        format!("this character cannot appear in a {kind} value"),
                    );
                    ok = false;
                    continue;
                }
                ExpectModel::Equal(value)
            }
        };
        models.push(ValueModel { name, expect });
    }
    ok.then_some(models)
}

/// `{"branch": branch, "theme": "dark"}` for `routes`.
pub fn display_conditions(conditions: &[ValueModel]) -> String {
    let entries: Vec<String> = conditions
        .iter()
        .map(|condition| match &condition.expect {
            ExpectModel::Any(Some(capture)) => format!("{:?}: {}", condition.name, capture.name()),
            ExpectModel::Any(None) => format!("{:?}: _", condition.name),
            ExpectModel::Equal(value) => format!("{:?}: {value:?}", condition.name),
        })
        .collect();
    format!("{{{}}}", entries.join(", "))
}
