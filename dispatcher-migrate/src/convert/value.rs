//! Values in bodies: strings (with interpolation and `<>`), captures,
//! `conn` fields, `System.get_env`, a few `String` and `Enum` functions,
//! comparisons, lists of segments; and the arguments of `forward` and
//! `send_resp`, where the F2 fix (a base URL's trailing slash) is made.

use dispatcher_syntax::parse_base_url;

use crate::elixir::syntax::{Expr, ExprKind, StrPart};
use crate::report::Kind;
use crate::rust_syntax::{self, FormatPiece};

use super::expr::desugar;
use super::regex;
use super::translator::{
    Converted, Function, Piece, Position, Translator, TupleItem, Ty, Unconvertible, Value,
    unconvertible,
};

/// Status atoms Plug knows, for `send_resp(conn, :not_found, ...)`.
const STATUS_ATOMS: [(&str, u16); 20] = [
    ("ok", 200),
    ("created", 201),
    ("accepted", 202),
    ("no_content", 204),
    ("moved_permanently", 301),
    ("found", 302),
    ("see_other", 303),
    ("not_modified", 304),
    ("temporary_redirect", 307),
    ("permanent_redirect", 308),
    ("bad_request", 400),
    ("unauthorized", 401),
    ("forbidden", 403),
    ("not_found", 404),
    ("method_not_allowed", 405),
    ("not_acceptable", 406),
    ("gone", 410),
    ("internal_server_error", 500),
    ("bad_gateway", 502),
    ("service_unavailable", 503),
];

impl Translator<'_> {
    pub fn value(&mut self, expr: &Expr) -> Converted<Value> {
        let expr = desugar(expr);
        let span = expr.span;
        match &expr.kind {
            ExprKind::Str(parts) => self.string(parts),
            ExprKind::Int(number) => Ok(Value::new(number.to_string(), Ty::Int)),
            ExprKind::Bool(flag) => Ok(Value::new(flag.to_string(), Ty::Bool)),
            ExprKind::Var(name) => match self.lookup(name) {
                Some(value) => Ok(value.clone()),
                None => unconvertible(span, format!("`{name}` is not bound here")),
            },
            ExprKind::Unary { op, operand } => match (op.as_str(), &operand.kind) {
                ("@", ExprKind::Var(name)) => self.attribute(name, span),
                ("!" | "not", ExprKind::Binary { op, left, right })
                    if matches!(op.as_str(), "==" | "!=" | "===" | "!==") =>
                {
                    let flipped = if op.starts_with('!') { "==" } else { "!=" };
                    self.binary(flipped, left, right, operand)
                }
                ("!" | "not", _) => {
                    let inner = self.condition(operand)?;
                    Ok(Value::new(format!("!({inner})"), Ty::Bool))
                }
                ("-", ExprKind::Int(number)) => Ok(Value::new(format!("-{number}"), Ty::Int)),
                _ => unconvertible(span, format!("the operator `{op}` here")),
            },
            ExprKind::Binary { op, left, right } => self.binary(op, left, right, &expr),
            ExprKind::List { items, tail } => self.list(items, tail.as_deref(), span),
            ExprKind::Field { receiver, name } => {
                if receiver.var() != Some("conn") {
                    return unconvertible(span, "a field of something other than `conn`");
                }
                let (code, ty) = match name.as_str() {
                    "query_string" => ("conn.query_string()", Ty::Str),
                    "request_path" => ("conn.path()", Ty::Str),
                    "host" => ("conn.host()", Ty::Str),
                    "method" => ("conn.method().as_str()", Ty::Str),
                    "path_info" => ("conn.segments()", Ty::Segments),
                    _ => {
                        return unconvertible(
                            span,
                            format!(
                                "`conn.{name}` (conn offers query_string, request_path, host, method, path_info)"
                            ),
                        );
                    }
                };
                Ok(Value::new(code, ty))
            }
            ExprKind::Call(call) if call.local_name() == Some("case") => {
                self.case_value(call, span)
            }
            ExprKind::Call(call) => self.call_value(call, &expr),
            ExprKind::Fn(clauses) => Ok(self.closure(clauses)),
            ExprKind::AnonCall { fun, args } => {
                match self.call_closure(fun, args, Position::Value, span)? {
                    Err(value) => Ok(value),
                    Ok(_) => unconvertible(span, "an `fn` without a value"),
                }
            }
            ExprKind::Tuple(items) => {
                let mut tuple = Vec::new();
                for item in items {
                    tuple.push(match &item.kind {
                        ExprKind::Atom(atom) => TupleItem::Atom(atom.clone()),
                        _ => TupleItem::Value(self.value(item)?),
                    });
                }
                Ok(Value {
                    tuple: Some(tuple),
                    ..Value::new("()", Ty::Tuple)
                })
            }
            ExprKind::Regex { source, flags } => {
                let pattern = regex::rust_pattern(source, flags).map_err(|why| Unconvertible {
                    span,
                    why: format!("the regex `~r/{source}/{flags}`: {why}"),
                })?;
                Ok(Value::new(
                    rust_syntax::raw_string_literal(&pattern),
                    Ty::Regex,
                ))
            }
            _ => unconvertible(span, "this kind of expression has no Rust counterpart here"),
        }
    }

    /// A module attribute's value, read where it is used (as mu did).
    fn attribute(&mut self, name: &str, span: crate::elixir::syntax::Span) -> Converted<Value> {
        let Some(attribute) = self.module.definitions.attributes.get(name) else {
            return unconvertible(span, format!("`@{name}` is not defined"));
        };
        if matches!(attribute.value.kind, ExprKind::Map(_)) {
            return unconvertible(
                span,
                format!("`@{name}` is an options map, used as a value"),
            );
        }
        if self.depth >= 8 {
            return unconvertible(span, format!("`@{name}` refers to itself"));
        }
        // Attributes see no local variables.
        let saved = std::mem::replace(&mut self.scopes, vec![Vec::new()]);
        self.depth += 1;
        let value = self.value(&attribute.value);
        self.depth -= 1;
        self.scopes = saved;
        value
    }

    fn string(&mut self, parts: &[StrPart]) -> Converted<Value> {
        let pieces = self.string_pieces(parts)?;
        Ok(self.format(pieces))
    }

    fn string_pieces(&mut self, parts: &[StrPart]) -> Converted<Vec<Piece>> {
        let mut pieces = Vec::new();
        for part in parts {
            match part {
                StrPart::Text(text) => pieces.push(Piece::Text(text.clone())),
                StrPart::Interpolation(expr) => {
                    let value = self.value(expr)?;
                    pieces.push(Piece::Value(self.interpolated(value, expr)?));
                }
            }
        }
        Ok(pieces)
    }

    /// A value as `"#{value}"` shows it: lists of strings concatenated,
    /// nil empty.
    fn interpolated(&mut self, value: Value, expr: &Expr) -> Converted<Value> {
        Ok(match value.ty {
            Ty::Str | Ty::String | Ty::Int | Ty::Bool | Ty::Unknown => value,
            Ty::Segments | Ty::Labels | Ty::Array | Ty::List => {
                Value::new(format!("{}.concat()", value.code), Ty::String)
            }
            Ty::EnvVar => Value::new(format!("{}.unwrap_or_default()", value.code), Ty::String),
            Ty::OptStr => Value::new(
                format!("{}.as_deref().unwrap_or_default()", value.code),
                Ty::Str,
            ),
            Ty::Conn => return unconvertible(expr.span, "`conn` in a string"),
            Ty::Lists | Ty::QueryMap | Ty::Tuple | Ty::Closure | Ty::Regex => {
                return unconvertible(
                    expr.span,
                    "this value in a string (Elixir raises: it is not text)",
                );
            }
        })
    }

    /// Text and values as one string: a literal when there are no values,
    /// the value itself when it is alone, else `format!`.
    fn format(&mut self, pieces: Vec<Piece>) -> Value {
        let pieces = normalize(pieces);
        let (template, arguments) = template(pieces.clone());
        match pieces.as_slice() {
            [] => Value::literal(String::new()),
            [Piece::Value(value)] if matches!(value.ty, Ty::Str | Ty::String) => value.clone(),
            _ if arguments.is_empty() && !template.iter().any(is_hole) => {
                let text: String = template
                    .iter()
                    .map(|piece| match piece {
                        FormatPiece::Text(text) => text.as_str(),
                        FormatPiece::Hole(_) => "",
                    })
                    .collect();
                Value::literal(text)
            }
            _ => {
                let mut code = format!("format!({}", rust_syntax::format_literal(&template));
                for argument in &arguments {
                    code.push_str(", ");
                    code.push_str(argument);
                }
                code.push(')');
                Value {
                    pieces: Some(pieces),
                    ..Value::new(code, Ty::String)
                }
            }
        }
    }

    /// A logging message: the template and positional arguments.
    pub fn message(&mut self, expr: &Expr) -> Converted<(Vec<FormatPiece>, Vec<String>)> {
        let expr = desugar(expr);
        // `Logger.debug fn -> "message" end`: Logger calls it for the text.
        if let ExprKind::Fn(clauses) = &expr.kind
            && let [clause] = clauses.as_slice()
            && clause.patterns.is_empty()
            && let [body] = clause.body.as_slice()
        {
            return self.message(body);
        }
        let pieces = match &expr.kind {
            ExprKind::Str(parts) => self.string_pieces(parts)?,
            ExprKind::Binary { op, .. } if op == "<>" => self.concat_pieces(&expr)?,
            _ => {
                let value = self.value(&expr)?;
                vec![Piece::Value(self.interpolated(value, &expr)?)]
            }
        };
        Ok(template(normalize(pieces)))
    }

    fn concat_pieces(&mut self, expr: &Expr) -> Converted<Vec<Piece>> {
        let mut operands = Vec::new();
        flatten_concat(expr, &mut operands);
        let mut pieces = Vec::new();
        for operand in operands {
            let value = self.value(operand)?;
            match value.ty {
                Ty::Str | Ty::String | Ty::Unknown => {}
                Ty::EnvVar => {
                    pieces.push(Piece::Value(Value::new(
                        format!("{}.unwrap_or_default()", value.code),
                        Ty::String,
                    )));
                    continue;
                }
                _ => {
                    return unconvertible(
                        operand.span,
                        "`<>` joins strings only (Elixir raises on anything else)",
                    );
                }
            }
            match value.literal {
                Some(text) => pieces.push(Piece::Text(text)),
                None => pieces.push(Piece::Value(value)),
            }
        }
        Ok(pieces)
    }

    fn binary(&mut self, op: &str, left: &Expr, right: &Expr, expr: &Expr) -> Converted<Value> {
        let span = expr.span;
        match op {
            "<>" => {
                let pieces = self.concat_pieces(expr)?;
                Ok(self.format(pieces))
            }
            "==" | "!=" | "===" | "!==" => {
                let (a, b) = (self.value(left)?, self.value(right)?);
                let comparable =
                    |ty| matches!(ty, Ty::Str | Ty::String | Ty::Int | Ty::Bool | Ty::Unknown);
                if !comparable(a.ty) || !comparable(b.ty) || (a.ty == Ty::Int) != (b.ty == Ty::Int)
                {
                    return unconvertible(span, "a comparison of values of different kinds");
                }
                let op = if op.starts_with('!') { "!=" } else { "==" };
                Ok(Value::new(format!("{} {op} {}", a.code, b.code), Ty::Bool))
            }
            "&&" | "and" => {
                let (a, b) = (self.condition(left)?, self.condition(right)?);
                Ok(Value::new(format!("({a}) && ({b})"), Ty::Bool))
            }
            "||" | "or" => {
                let first = self.value(left)?;
                if first.ty == Ty::EnvVar {
                    // `System.get_env("X") || "default"`
                    let fallback = self.value(right)?;
                    let fallback = owned(&fallback, right)?;
                    return Ok(Value::new(
                        format!("{}.unwrap_or_else(|_| {fallback})", first.code),
                        Ty::String,
                    ));
                }
                let a = self.condition(left)?;
                let b = self.condition(right)?;
                Ok(Value::new(format!("({a}) || ({b})"), Ty::Bool))
            }
            "in" => {
                let needle = self.value(left)?;
                if !matches!(needle.ty, Ty::Str | Ty::String | Ty::Unknown) {
                    return unconvertible(span, "`in` with something other than text on the left");
                }
                let list = self.value(right)?;
                if !list.is_list() {
                    return unconvertible(
                        span,
                        "`in` with something other than a list on the right",
                    );
                }
                let needle = match needle.ty {
                    Ty::String if rust_syntax::is_identifier(&needle.code) => {
                        format!("{}.as_str()", needle.code)
                    }
                    Ty::String => format!("({}).as_str()", needle.code),
                    _ => needle.code,
                };
                Ok(Value::new(
                    format!("{}.contains(&{needle})", list.code),
                    Ty::Bool,
                ))
            }
            "++" => {
                let (a, b) = (self.value(left)?, self.value(right)?);
                if !a.is_list() || !b.is_list() {
                    return unconvertible(span, "`++` of something other than segment lists");
                }
                Ok(Value::new(
                    format!("[{}, {}].concat()", a.slice(), b.slice()),
                    Ty::List,
                ))
            }
            _ => unconvertible(span, format!("the operator `{op}` here")),
        }
    }

    fn list(
        &mut self,
        items: &[Expr],
        tail: Option<&Expr>,
        span: crate::elixir::syntax::Span,
    ) -> Converted<Value> {
        let mut codes = Vec::new();
        for item in items {
            let value = self.value(item)?;
            let code = match value.ty {
                Ty::Str | Ty::Unknown => value.code,
                Ty::String if rust_syntax::is_identifier(&value.code) => {
                    format!("{}.as_str()", value.code)
                }
                Ty::String => {
                    let hoisted = self.hoist("segment", value);
                    format!("{}.as_str()", hoisted.code)
                }
                _ => return unconvertible(item.span, "a list item that is not a string"),
            };
            codes.push(code);
        }
        let array = format!("[{}]", codes.join(", "));
        match tail {
            None => Ok(Value::new(array, Ty::Array)),
            Some(tail) => {
                let rest = self.value(tail)?;
                if !rest.is_list() {
                    return unconvertible(span, "a list tail that is not a list of segments");
                }
                Ok(Value::new(
                    format!("[&{array}[..], {}].concat()", rest.slice()),
                    Ty::List,
                ))
            }
        }
    }

    fn call_value(&mut self, call: &crate::elixir::syntax::Call, expr: &Expr) -> Converted<Value> {
        let span = expr.span;
        let function = self.module.function(call);
        let args = call.args.as_slice();
        match (function, args) {
            (Function::GetEnv, [name]) => {
                let name = self.value(name)?;
                if name.ty != Ty::Str {
                    return unconvertible(
                        span,
                        "`System.get_env` of something other than a string",
                    );
                }
                Ok(Value::new(
                    format!("std::env::var({})", name.code),
                    Ty::EnvVar,
                ))
            }
            (Function::GetEnv, [name, default]) => {
                let name = self.value(name)?;
                let fallback = self.value(default)?;
                let fallback = owned(&fallback, default)?;
                Ok(Value::new(
                    format!(
                        "std::env::var({}).unwrap_or_else(|_| {fallback})",
                        name.code
                    ),
                    Ty::String,
                ))
            }
            (Function::Join, [list, rest @ ..]) if rest.len() <= 1 => {
                let list = self.value(list)?;
                if !list.is_list() {
                    return unconvertible(span, "`Enum.join` of something other than strings");
                }
                let code = match rest.first() {
                    None => format!("{}.concat()", list.code),
                    Some(separator) => {
                        let separator = self.value(separator)?;
                        if separator.ty != Ty::Str {
                            return unconvertible(
                                span,
                                "an `Enum.join` separator that is not a string",
                            );
                        }
                        format!("{}.join({})", list.code, separator.code)
                    }
                };
                Ok(Value::new(code, Ty::String))
            }
            (Function::ToString, [value]) => {
                let value = self.value(value)?;
                let value = self.interpolated(value, expr)?;
                Ok(match value.ty {
                    Ty::Int | Ty::Bool => {
                        Value::new(format!("{}.to_string()", value.code), Ty::String)
                    }
                    _ => value,
                })
            }
            (Function::OnString(name), args) => self.string_function(name, args, expr),
            (Function::Inspect, [subject, ..]) => {
                self.log(call, span)?;
                self.value(subject)
            }
            (Function::If { negate }, _) => self.if_value(call, negate, expr),
            (Function::Helper(name), args) => {
                let name = name.to_owned();
                self.inline_value(&name, args, span)
            }
            (Function::EncodeWwwForm, [text]) => {
                let text = self.text_argument(text, "URI.encode_www_form")?;
                Ok(Value::new(
                    format!("dispatcher::form::encode_www_form({text})"),
                    Ty::String,
                ))
            }
            (Function::DecodeWwwForm, [text]) => {
                let text = self.text_argument(text, "URI.decode_www_form")?;
                Ok(Value::new(
                    format!("dispatcher::form::decode_www_form({text}).into_owned()"),
                    Ty::String,
                ))
            }
            (Function::DecodeQuery, [query]) => {
                let query = self.text_argument(query, "URI.decode_query")?;
                Ok(Value::new(
                    format!("dispatcher::form::decode_query({query})"),
                    Ty::QueryMap,
                ))
            }
            (Function::MapGet, [map, key, default @ ..]) if default.len() <= 1 => {
                let map = self.value(map)?;
                if map.ty != Ty::QueryMap {
                    return unconvertible(
                        span,
                        "`Map.get` on something other than `URI.decode_query(...)`",
                    );
                }
                let key = self.text_argument(key, "Map.get")?;
                let found = if map.code == "dispatcher::form::decode_query(conn.query_string())" {
                    format!("conn.query_param({key})")
                } else {
                    format!("{}.get({key}).map(str::to_owned)", map.code)
                };
                match default.first() {
                    None => Ok(Value::new(found, Ty::OptStr)),
                    Some(default) => {
                        let fallback = self.value(default)?;
                        let fallback = owned(&fallback, default)?;
                        Ok(Value::new(
                            format!("{found}.unwrap_or_else(|| {fallback})"),
                            Ty::String,
                        ))
                    }
                }
            }
            (Function::Reverse, [list]) => {
                let list = self.value(list)?;
                if !list.is_list() {
                    return unconvertible(span, "`Enum.reverse` of something other than a list");
                }
                let list = self.settle("list", list);
                Ok(Value::new(
                    format!("{}.iter().rev().cloned().collect::<Vec<_>>()", list.code),
                    Ty::List,
                ))
            }
            (Function::Map, [list, fun]) => self.enum_map(list, fun, span),
            (Function::RegexScan, [regex, text]) => {
                let regex = self.value(regex)?;
                if regex.ty != Ty::Regex {
                    return unconvertible(
                        span,
                        "`Regex.scan` with something other than a `~r` regex",
                    );
                }
                let text = self.text_argument(text, "Regex.scan")?;
                Ok(Value::new(
                    format!("dispatcher::elixir::regex_scan({}, {text})", regex.code),
                    Ty::Lists,
                ))
            }
            (Function::GetReqHeader, [conn, name]) => {
                if conn.var() != Some("conn") {
                    return unconvertible(span, "`get_req_header` of something other than `conn`");
                }
                let name = self.header_name(name)?;
                Ok(Value::new(format!("conn.header_values({name})"), Ty::List))
            }
            (Function::InspectValue, [subject]) => {
                let value = self.value(subject)?;
                let argument = match value.ty {
                    Ty::Str
                    | Ty::String
                    | Ty::Int
                    | Ty::Bool
                    | Ty::Segments
                    | Ty::Labels
                    | Ty::Array
                    | Ty::List
                    | Ty::OptStr
                    | Ty::Lists
                    | Ty::Unknown => {
                        format!("&{}", value.code)
                    }
                    Ty::EnvVar => format!("&{}.ok()", value.code),
                    _ => return unconvertible(span, "`inspect` of this value"),
                };
                Ok(Value::new(
                    format!("dispatcher::elixir::inspect({argument})"),
                    Ty::String,
                ))
            }
            _ => unconvertible(
                span,
                format!(
                    "`{}/{}` has no Rust counterpart in dispatcher-migrate",
                    qualified_name(call),
                    args.len()
                ),
            ),
        }
    }

    /// A text argument of `function`, as `&str`.
    fn text_argument(&mut self, expr: &Expr, function: &str) -> Converted<String> {
        let value = self.value(expr)?;
        match value.ty {
            Ty::Str | Ty::String | Ty::Unknown => Ok(value.as_str_arg()),
            Ty::OptStr | Ty::EnvVar => unconvertible(
                expr.span,
                format!("`{function}` of a value that may be nil (Elixir raises then)"),
            ),
            _ => unconvertible(
                expr.span,
                format!("`{function}` of something other than text"),
            ),
        }
    }

    fn string_function(&mut self, name: &str, args: &[Expr], expr: &Expr) -> Converted<Value> {
        let span = expr.span;
        let mut values = Vec::new();
        for arg in args {
            let value = self.value(arg)?;
            if !matches!(value.ty, Ty::Str | Ty::String | Ty::Unknown) {
                return unconvertible(
                    arg.span,
                    format!("`String.{name}` of something other than a string"),
                );
            }
            values.push(value);
        }
        // Receivers and patterns: a `String` is passed by reference.
        let text = |value: &Value| match value.ty {
            Ty::String if !value.is_simple() => format!("({})", value.code),
            _ => value.code.clone(),
        };
        let pattern = |value: &Value| match value.ty {
            Ty::String => format!("&{}", text(value)),
            _ => value.code.clone(),
        };
        let (code, ty) = match (name, values.as_slice()) {
            ("downcase", [s]) => (format!("{}.to_lowercase()", text(s)), Ty::String),
            ("upcase", [s]) => (format!("{}.to_uppercase()", text(s)), Ty::String),
            ("trim", [s]) => (format!("{}.trim().to_owned()", text(s)), Ty::String),
            ("replace", [s, from, to]) => (
                format!("{}.replace({}, {})", text(s), pattern(from), pattern(to)),
                Ty::String,
            ),
            ("starts_with?", [s, prefix]) => (
                format!("{}.starts_with({})", text(s), pattern(prefix)),
                Ty::Bool,
            ),
            ("ends_with?", [s, suffix]) => (
                format!("{}.ends_with({})", text(s), pattern(suffix)),
                Ty::Bool,
            ),
            ("contains?", [s, part]) => {
                (format!("{}.contains({})", text(s), pattern(part)), Ty::Bool)
            }
            _ => {
                return unconvertible(
                    span,
                    format!(
                        "`String.{name}/{}` has no Rust counterpart in dispatcher-migrate",
                        args.len()
                    ),
                );
            }
        };
        Ok(Value::new(code, ty))
    }

    fn if_value(
        &mut self,
        call: &crate::elixir::syntax::Call,
        negate: bool,
        expr: &Expr,
    ) -> Converted<Value> {
        let span = expr.span;
        let (condition, then, otherwise) = match (&call.do_block, call.args.as_slice()) {
            (Some(block), [condition]) if !block.has_clauses => {
                match (&block.body[..], &block.else_body) {
                    ([then], Some(otherwise)) if otherwise.len() == 1 => {
                        (condition, then.clone(), otherwise[0].clone())
                    }
                    _ => {
                        return unconvertible(
                            span,
                            "an `if` value needs one expression in each branch",
                        );
                    }
                }
            }
            _ => return unconvertible(span, "this form of `if`"),
        };
        let (then, otherwise) = if negate {
            (otherwise, then)
        } else {
            (then, otherwise)
        };
        let condition = self.condition(condition)?;
        let (a, b) = (self.value(&then)?, self.value(&otherwise)?);
        let (a, b, ty) = if a.ty == b.ty {
            (a.code, b.code, a.ty)
        } else if matches!(a.ty, Ty::Str | Ty::String) && matches!(b.ty, Ty::Str | Ty::String) {
            (owned(&a, &then)?, owned(&b, &otherwise)?, Ty::String)
        } else {
            return unconvertible(
                span,
                "an `if` whose branches give values of different kinds",
            );
        };
        Ok(Value::new(
            format!("if {condition} {{ {a} }} else {{ {b} }}"),
            ty,
        ))
    }

    /// `forward`'s segment list; also whether it may append segments.
    pub fn path_argument(&mut self, expr: &Expr) -> Converted<(String, bool)> {
        if let ExprKind::List { items, tail: None } = &expr.kind
            && items.is_empty()
        {
            return Ok(("[]".to_owned(), false));
        }
        let value = self.value(expr)?;
        let value = self.settle("segments", value);
        let code = match value.ty {
            Ty::Segments | Ty::Array | Ty::List | Ty::Unknown => value.code,
            Ty::Labels => value.slice(),
            _ => return unconvertible(expr.span, "the path of `forward` is a list of segments"),
        };
        Ok((code, true))
    }

    /// `forward`'s base URL, kept as written. A literal is checked here,
    /// as the macro will check it. Where segments may be appended to a base
    /// path without trailing slash, the report says that they are now
    /// URL-joined, where mu-dispatcher glued them on (F2).
    pub fn url_argument(&mut self, expr: &Expr, appends: bool) -> Converted<String> {
        let value = self.value(expr)?;
        if let Some(url) = &value.literal {
            let parts = match parse_base_url(url) {
                Ok(parts) => parts,
                Err(error) => {
                    return unconvertible(
                        expr.span,
                        format!(
                            "\"{url}\" is not a base URL ({}), so mu-dispatcher failed every request this \
                             rule took",
                            error.reason()
                        ),
                    );
                }
            };
            if appends && !parts.path.ends_with('/') {
                let last = parts.path.rsplit('/').next().unwrap_or("");
                self.issue(
                    expr.span.line,
                    Kind::Differs,
                    format!(
                        "base URL \"{url}\" is kept as written: a request with nothing after the rule's prefix \
                         calls it exactly so, as mu-dispatcher did; forwarded segments now follow a `/` \
                         (`{last}/1`) where mu-dispatcher glued them on (`{last}1`) [F2]"
                    ),
                );
            }
            return Ok(value.code);
        }
        if appends && value.ty != Ty::Unknown && !ends_with_slash(&value) {
            self.issue(
                expr.span.line,
                Kind::Differs,
                format!(
                    "the base URL `{}` is built at run time and may not end in `/`: forwarded segments follow \
                     a `/` where mu-dispatcher glued them on [F2]",
                    self.module.construct(expr.span)
                ),
            );
        }
        let value = self.settle("upstream", value);
        match value.ty {
            Ty::Str | Ty::String | Ty::Unknown => Ok(value.code),
            Ty::EnvVar => Ok(format!("{}.unwrap_or_default()", value.code)),
            _ => unconvertible(expr.span, "the base URL of `forward` is a string"),
        }
    }

    pub fn status_argument(&mut self, expr: &Expr) -> Converted<String> {
        let status = match &expr.kind {
            ExprKind::Int(code) => *code,
            ExprKind::Atom(name) => match STATUS_ATOMS.iter().find(|(atom, _)| atom == name) {
                Some((_, code)) => i64::from(*code),
                None => return unconvertible(expr.span, format!("the status `:{name}`")),
            },
            _ => {
                let value = self.value(expr)?;
                if value.ty != Ty::Int {
                    return unconvertible(expr.span, "a status that is not a number");
                }
                return Ok(value.code);
            }
        };
        if !(100..=999).contains(&status) {
            return unconvertible(
                expr.span,
                format!("`{status}` is not an HTTP status (100 to 999)"),
            );
        }
        Ok(status.to_string())
    }

    /// `send_resp`'s body: `&'static str`, `String` or bytes.
    pub fn body_argument(&mut self, expr: &Expr) -> Converted<String> {
        let value = self.value(expr)?;
        if value.literal.is_some() {
            return Ok(value.code);
        }
        let value = self.settle("body", value);
        Ok(match value.ty {
            Ty::String | Ty::Unknown => value.code,
            Ty::Str => format!("{}.to_owned()", value.code),
            Ty::Int | Ty::Bool => format!("{}.to_string()", value.code),
            Ty::Segments | Ty::Labels | Ty::Array | Ty::List => format!("{}.concat()", value.code),
            Ty::EnvVar => format!("{}.unwrap_or_default()", value.code),
            Ty::OptStr => format!("{}.unwrap_or_default()", value.code),
            Ty::Conn => return unconvertible(expr.span, "`conn` as a response body"),
            Ty::Lists | Ty::QueryMap | Ty::Tuple | Ty::Closure | Ty::Regex => {
                return unconvertible(expr.span, "a response body that is not text");
            }
        })
    }

    pub fn header_name(&mut self, expr: &Expr) -> Converted<String> {
        let value = self.value(expr)?;
        let value = self.settle("header", value);
        match value.ty {
            Ty::Str | Ty::Unknown => Ok(value.code),
            Ty::String => Ok(format!("&{}", value.code)),
            _ => unconvertible(expr.span, "a header name that is not a string"),
        }
    }

    pub fn header_value(&mut self, expr: &Expr) -> Converted<String> {
        let value = self.value(expr)?;
        let value = self.settle("value", value);
        match value.ty {
            Ty::Str | Ty::String | Ty::Unknown => Ok(value.code),
            Ty::EnvVar => Ok(format!("{}.unwrap_or_default()", value.code)),
            _ => unconvertible(expr.span, "a header value that is not a string"),
        }
    }

    /// A value that reads `conn` is computed before the statement that
    /// hands `conn` on (it cannot be borrowed twice in one call).
    fn settle(&mut self, base: &str, value: Value) -> Value {
        if value.literal.is_none() && value.code.contains("conn.") {
            self.hoist(base, value)
        } else {
            value
        }
    }
}

/// Whether a string built at run time certainly ends in `/`.
fn ends_with_slash(value: &Value) -> bool {
    match value.pieces.as_deref() {
        Some([.., Piece::Text(text)]) => text.ends_with('/'),
        _ => false,
    }
}

/// An owned `String` expression for a string value.
fn owned(value: &Value, expr: &Expr) -> Converted<String> {
    match value.ty {
        Ty::String | Ty::Unknown => Ok(value.code.clone()),
        Ty::Str => Ok(format!("{}.to_owned()", value.code)),
        _ => unconvertible(expr.span, "a fallback that is not a string"),
    }
}

/// Literal values as text and `format!` values as their parts, adjacent
/// texts joined.
fn normalize(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for piece in pieces {
        let expanded = match piece {
            Piece::Value(Value {
                literal: Some(text),
                ..
            }) => vec![Piece::Text(text)],
            Piece::Value(Value {
                pieces: Some(inner),
                ..
            }) => normalize(inner),
            other => vec![other],
        };
        for piece in expanded {
            match (out.last_mut(), piece) {
                (Some(Piece::Text(last)), Piece::Text(text)) => last.push_str(&text),
                (_, piece) => out.push(piece),
            }
        }
    }
    out
}

/// Format pieces and positional arguments; plain variables are written
/// inline (`{id}`), other values as `{}` with an argument.
fn template(pieces: Vec<Piece>) -> (Vec<FormatPiece>, Vec<String>) {
    let mut template = Vec::new();
    let mut arguments = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => match template.last_mut() {
                Some(FormatPiece::Text(last)) => last.push_str(&text),
                _ => template.push(FormatPiece::Text(text)),
            },
            Piece::Value(value) if rust_syntax::is_identifier(&value.code) => {
                template.push(FormatPiece::Hole(value.code))
            }
            Piece::Value(value) => {
                template.push(FormatPiece::Hole(String::new()));
                arguments.push(value.code);
            }
        }
    }
    (template, arguments)
}

fn is_hole(piece: &FormatPiece) -> bool {
    matches!(piece, FormatPiece::Hole(_))
}

fn flatten_concat<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
    match &expr.kind {
        ExprKind::Binary { op, left, right } if op == "<>" => {
            flatten_concat(left, out);
            flatten_concat(right, out);
        }
        _ => out.push(expr),
    }
}

fn qualified_name(call: &crate::elixir::syntax::Call) -> String {
    match call.remote_name() {
        Some((module, name)) => format!("{module}.{name}"),
        None => call.name().to_owned(),
    }
}
