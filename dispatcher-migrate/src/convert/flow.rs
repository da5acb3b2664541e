//! Control flow in bodies: `case`, `try`/`rescue`, anonymous functions
//! (`fn -> ... end`, called with `fun.()` where a helper receives one),
//! `Enum.map` with a `fn`, and the patterns of their clauses.
//!
//! Everything is inlined, as helpers are: a `case` whose subject is a helper
//! call or a `try` is translated by carrying the clauses into the helper's
//! (or the `try`'s) tail, so a helper answering `{:ok, names}` from one
//! branch and `{:error, reason}` from another picks the matching clause at
//! conversion time instead of building a tuple at run time.
//!
//! What Elixir raises (no clause matched, a `fn` clause that does not fit)
//! becomes `dispatcher::elixir::raise(...)`, a 500 as mu-dispatcher
//! answered; inside a `try` it goes to the `rescue` clause instead.

use crate::elixir::syntax::{Call, Clause, Expr, ExprKind, Span};
use crate::report::Kind;
use crate::rust_syntax::{self, string_literal};

use super::expr::{desugar, if_parts, mentions};
use super::translator::{
    Binding, ClosureDef, Converted, Function, Position, Translator, TryLabel, TupleItem, Ty,
    Unconvertible, Value, unconvertible,
};

/// What happens to the value at the end of a tail: it is matched against
/// the clauses of a `case`, whose bodies answer the request and see the
/// variables of `scopes` (where the `case` stood).
#[derive(Clone)]
pub struct Cont<'c> {
    clauses: &'c [Clause],
    scopes: Vec<Vec<Binding>>,
    line: usize,
}

/// How a subject is matched in Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `Option<&str>` (a nil-able string).
    Opt,
    /// `&str`
    Str,
    /// `&[T]`
    List,
    /// An integer or a boolean.
    Scalar,
}

/// A clause pattern in Rust.
struct RustPattern {
    code: String,
    /// Statements binding the pattern's variables as the body expects them.
    lets: Vec<String>,
    binds: Vec<Binding>,
    /// Matches every value.
    irrefutable: bool,
    /// Matches nil (for [`Shape::Opt`]).
    covers_nil: bool,
    /// Matches every value that is not nil.
    covers_non_nil: bool,
    /// Matches the empty list / every non-empty list (for [`Shape::List`]).
    covers_empty: bool,
    covers_non_empty: bool,
}

impl RustPattern {
    fn new(code: impl Into<String>) -> Self {
        RustPattern {
            code: code.into(),
            lets: Vec::new(),
            binds: Vec::new(),
            irrefutable: false,
            covers_nil: false,
            covers_non_nil: false,
            covers_empty: false,
            covers_non_empty: false,
        }
    }
}

impl Translator<'_> {
    /// The Rust that stands for a raise where the translation is: a break
    /// out of the innermost `try`, or the 500 answer.
    pub fn raise_code(&mut self, message: &str, position: Position) -> String {
        if let Some(label) = self.try_labels.last_mut() {
            label.raised = true;
            return format!("break '{} Err(())", label.name);
        }
        let call = format!("dispatcher::elixir::raise({})", string_literal(message));
        match position {
            Position::Action => call,
            Position::Value => format!("return {call}"),
        }
    }

    /// `case subject do clauses end` where it answers the request.
    pub fn case_action(&mut self, call: &Call, span: Span) -> Converted<Vec<String>> {
        let (subject, clauses) = case_parts(call, span)?;
        let cont = Cont {
            clauses,
            scopes: self.scopes.clone(),
            line: span.line,
        };
        self.tail_into(subject, &cont, span)
    }

    /// `case subject do clauses end` where it gives a value.
    pub fn case_value(&mut self, call: &Call, span: Span) -> Converted<Value> {
        let (subject, clauses) = case_parts(call, span)?;
        let subject = self.value(subject)?;
        let scopes = self.scopes.clone();
        let (lines, ty) = self.runtime_match(&subject, clauses, &scopes, span, Position::Value)?;
        Ok(Value::new(lines.join("\n"), ty))
    }

    /// Translates `expr` as the tail of something whose value `cont`
    /// receives; helper calls, `try` and `if` carry `cont` into their own
    /// tails.
    pub fn tail_into(&mut self, expr: &Expr, cont: &Cont, span: Span) -> Converted<Vec<String>> {
        let expr = desugar(expr);
        if let ExprKind::Call(call) = &expr.kind {
            match (self.module.function(call), call.local_name()) {
                (Function::Helper(name), _) => {
                    let name = name.to_owned();
                    return self.inline_into(&name, &call.args, cont, expr.span);
                }
                (_, Some("try")) => return self.try_into(call, cont, expr.span),
                (Function::If { negate }, _) => {
                    return self.if_into(call, negate, cont, expr.span);
                }
                _ => {}
            }
        }
        let value = self.value(&expr)?;
        self.apply_clauses(value, cont, span)
    }

    /// Inlines the helper `name` with `args`, its tail going to `cont`.
    fn inline_into(
        &mut self,
        name: &str,
        args: &[Expr],
        cont: &Cont,
        span: Span,
    ) -> Converted<Vec<String>> {
        let helper = match self.module.helper(name, args.len()) {
            Some(Ok(helper)) => helper,
            Some(Err(why)) => return unconvertible(span, why),
            None => {
                return unconvertible(
                    span,
                    format!("`{name}/{}` is not defined in dispatcher.ex", args.len()),
                );
            }
        };
        if self.depth >= 8 {
            return unconvertible(
                span,
                format!("`{name}/{}` calls itself (helpers are inlined)", args.len()),
            );
        }
        let scope = self.helper_scope(&helper.params, args)?;
        self.issue(
            helper.line,
            Kind::Note,
            format!(
                "the helper `{name}/{}` is inlined where rules call it",
                args.len()
            ),
        );
        let saved_scopes = std::mem::replace(&mut self.scopes, vec![scope]);
        let saved_lines = std::mem::take(&mut self.lines);
        self.depth += 1;
        self.helpers_inlined.push(helper.def_span);
        let result = (|| {
            let (tail, statements) = helper.body.split_last().ok_or_else(|| Unconvertible {
                span,
                why: "an empty helper".to_owned(),
            })?;
            for (index, statement) in statements.iter().enumerate() {
                self.statement(statement, &helper.body[index + 1..])?;
            }
            self.tail_into(tail, cont, helper.span)
        })();
        self.helpers_inlined.pop();
        self.depth -= 1;
        self.scopes = saved_scopes;
        let statements = std::mem::replace(&mut self.lines, saved_lines);
        Ok(wrap(statements, result?))
    }

    /// `if c do a else b end` whose branches' values go to `cont`.
    fn if_into(
        &mut self,
        call: &Call,
        negate: bool,
        cont: &Cont,
        span: Span,
    ) -> Converted<Vec<String>> {
        let Some((condition, then, otherwise)) = if_parts(call) else {
            return unconvertible(span, "an `if` without `else` (its value would be nil)");
        };
        let (then, otherwise) = if negate {
            (otherwise, then)
        } else {
            (then, otherwise)
        };
        let condition = self.condition(condition)?;
        let mut arms = Vec::new();
        for branch in [&then, &otherwise] {
            let lines = self.in_branch(|t| {
                let (tail, statements) = branch.split_last().ok_or_else(|| Unconvertible {
                    span,
                    why: "an empty branch".to_owned(),
                })?;
                for (index, statement) in statements.iter().enumerate() {
                    t.statement(statement, &branch[index + 1..])?;
                }
                let lines = t.tail_into(tail, cont, span)?;
                t.push(&lines.join("\n"));
                Ok(())
            })?;
            arms.push(lines);
        }
        let mut lines = vec![format!("if {condition} {{")];
        lines.extend(indent(&arms[0]));
        lines.push("} else {".to_owned());
        lines.extend(indent(&arms[1]));
        lines.push("}".to_owned());
        Ok(lines)
    }

    /// `try do ... rescue _ -> ... end` whose value goes to `cont`.
    fn try_into(&mut self, call: &Call, cont: &Cont, span: Span) -> Converted<Vec<String>> {
        let block = match &call.do_block {
            Some(block)
                if call.args.is_empty()
                    && block.clauses.is_empty()
                    && !block.other_blocks
                    && block.else_body.is_none() =>
            {
                block
            }
            _ => {
                return unconvertible(
                    span,
                    "a `try` with `catch`, `after` or `else` (dispatcher-migrate converts `try ... rescue`)",
                );
            }
        };
        let rescue = match block.rescue.as_deref() {
            Some([clause]) if clause.guard.is_none() && clause.patterns.len() == 1 => {
                match clause.patterns[0].var() {
                    Some(name) if !mentions_any(&clause.body, name) || name.starts_with('_') => {
                        clause
                    }
                    _ => {
                        return unconvertible(
                            clause.span,
                            "a `rescue` that looks at the exception (dispatcher-migrate converts `rescue _ -> ...`)",
                        );
                    }
                }
            }
            _ => {
                return unconvertible(span, "a `try` without one `rescue _ -> ...` clause");
            }
        };
        let Some((tail, statements)) = block.body.split_last() else {
            return unconvertible(span, "an empty `try`");
        };
        let label = self.fresh("attempt");
        self.try_labels.push(TryLabel {
            name: label.clone(),
            raised: false,
        });
        let saved_lines = std::mem::take(&mut self.lines);
        self.scopes.push(Vec::new());
        let translated = (|| {
            for (index, statement) in statements.iter().enumerate() {
                self.statement(statement, &block.body[index + 1..])?;
            }
            self.value(tail)
        })();
        self.scopes.pop();
        let raised = self.try_labels.pop().is_some_and(|label| label.raised);
        let do_lines = std::mem::replace(&mut self.lines, saved_lines);
        let value = translated?;
        if !raised {
            self.issue(
                rescue.span.line,
                Kind::Note,
                format!(
                    "the `rescue` on line {} is never reached: nothing in its `try` can fail once converted",
                    rescue.span.line
                ),
            );
            let tail = self.apply_clauses(value, cont, span)?;
            return Ok(wrap(do_lines, tail));
        }
        // The block gives `Ok(parts)` or breaks with `Err(())`; the parts
        // are the run-time items of the value, rebuilt in the `Ok` arm.
        let (packed, rebuild) = self.pack(&value);
        let mut lines = vec![format!("let {label} = '{label}: {{")];
        lines.extend(indent(&do_lines));
        lines.push(format!("    Ok({packed})"));
        lines.push("};".to_owned());
        lines.push(format!("match {label} {{"));
        let (pattern, rebuilt) = rebuild(self);
        let ok = self.in_branch(|t| {
            let lines = t.apply_clauses(rebuilt, cont, span)?;
            t.push(&lines.join("\n"));
            Ok(())
        })?;
        lines.push(format!("    Ok({pattern}) => {{"));
        lines.extend(indent(&indent(&ok)));
        lines.push("    }".to_owned());
        let err = self.in_branch(|t| {
            let (tail, statements) = rescue.body.split_last().ok_or_else(|| Unconvertible {
                span: rescue.span,
                why: "an empty `rescue`".to_owned(),
            })?;
            for (index, statement) in statements.iter().enumerate() {
                t.statement(statement, &rescue.body[index + 1..])?;
            }
            let lines = t.tail_into(tail, cont, rescue.span)?;
            t.push(&lines.join("\n"));
            Ok(())
        })?;
        lines.push("    Err(()) => {".to_owned());
        lines.extend(indent(&indent(&err)));
        lines.push("    }".to_owned());
        lines.push("}".to_owned());
        let tail = lines.split_off(4 + do_lines.len());
        Ok(wrap(lines, tail))
    }

    /// The run-time parts of `value` as a Rust tuple expression, and how to
    /// rebuild the value from a pattern binding them.
    #[allow(clippy::type_complexity)]
    fn pack(
        &mut self,
        value: &Value,
    ) -> (String, Box<dyn FnOnce(&mut Translator) -> (String, Value)>) {
        let items: Vec<TupleItem> = match &value.tuple {
            Some(items) => items.clone(),
            None => vec![TupleItem::Value(value.clone())],
        };
        let parts: Vec<String> = items
            .iter()
            .filter_map(|item| match item {
                TupleItem::Value(value) => Some(value.code.clone()),
                TupleItem::Atom(_) => None,
            })
            .collect();
        let packed = format!("({},)", parts.join(", "));
        let is_tuple = value.tuple.is_some();
        (
            packed,
            Box::new(move |t: &mut Translator| {
                let mut names = Vec::new();
                let rebuilt: Vec<TupleItem> = items
                    .into_iter()
                    .map(|item| match item {
                        TupleItem::Value(value) => {
                            let base = if rust_syntax::is_identifier(&value.code) {
                                value.code.clone()
                            } else {
                                "part".to_owned()
                            };
                            let name = t.fresh_binding_name(&base);
                            names.push(name.clone());
                            TupleItem::Value(value.in_variable(name))
                        }
                        atom => atom,
                    })
                    .collect();
                let pattern = format!("({},)", names.join(", "));
                let value = if is_tuple {
                    Value {
                        tuple: Some(rebuilt),
                        ..Value::new("()", Ty::Tuple)
                    }
                } else {
                    match rebuilt.into_iter().next() {
                        Some(TupleItem::Value(value)) => value,
                        _ => Value::new("()", Ty::Unknown),
                    }
                };
                (pattern, value)
            }),
        )
    }

    /// Matches `value` against the clauses of `cont` and translates the body
    /// of the one that fits: at conversion time for a tuple known then, at
    /// run time otherwise.
    fn apply_clauses(&mut self, value: Value, cont: &Cont, span: Span) -> Converted<Vec<String>> {
        let Cont {
            clauses,
            scopes,
            line,
        } = cont;
        if value.tuple.is_some() {
            for clause in clauses.iter() {
                let [pattern] = clause.patterns.as_slice() else {
                    return unconvertible(clause.span, "a `case` clause with several patterns");
                };
                if clause.guard.is_some() {
                    return unconvertible(clause.span, "a `case` clause with a guard");
                }
                match static_match(pattern, &value) {
                    StaticMatch::Yes(binds) => {
                        return self.clause_action(clause, scopes, binds);
                    }
                    StaticMatch::No => continue,
                    StaticMatch::Unknown => {
                        return unconvertible(
                            pattern.span,
                            "a pattern that cannot be matched against this tuple at conversion time",
                        );
                    }
                }
            }
            let raise = self.raise_code(
                &format!("dispatcher.ex line {line}: no `case` clause matched (CaseClauseError)"),
                Position::Action,
            );
            return Ok(vec![raise]);
        }
        let (lines, _) = self.runtime_match(&value, clauses, scopes, span, Position::Action)?;
        Ok(lines)
    }

    /// A clause's body as the answer, in `scopes` plus `binds`.
    fn clause_action(
        &mut self,
        clause: &Clause,
        scopes: &[Vec<Binding>],
        binds: Vec<Binding>,
    ) -> Converted<Vec<String>> {
        let saved = std::mem::replace(&mut self.scopes, scopes.to_vec());
        self.scopes.push(binds);
        let saved_lines = std::mem::take(&mut self.lines);
        self.body(&clause.body, clause.span);
        let lines = std::mem::replace(&mut self.lines, saved_lines);
        self.scopes = saved;
        Ok(lines)
    }

    /// `match subject { pattern => body, ... }` at run time. In
    /// [`Position::Action`] each arm answers; in [`Position::Value`] each
    /// gives a value, and the type of the whole is returned.
    fn runtime_match(
        &mut self,
        subject: &Value,
        clauses: &[Clause],
        scopes: &[Vec<Binding>],
        span: Span,
        position: Position,
    ) -> Converted<(Vec<String>, Ty)> {
        let (shape, code) = match subject.ty {
            Ty::OptStr => (Shape::Opt, format!("{}.as_deref()", subject.code)),
            Ty::EnvVar => (Shape::Opt, format!("{}.as_deref().ok()", subject.code)),
            Ty::Str | Ty::Unknown => (Shape::Str, subject.code.clone()),
            Ty::String => (Shape::Str, format!("{}.as_str()", subject.code)),
            Ty::List | Ty::Array | Ty::Segments | Ty::Labels => {
                (Shape::List, format!("&{}[..]", subject.code))
            }
            Ty::Int | Ty::Bool => (Shape::Scalar, subject.code.clone()),
            _ => {
                return unconvertible(
                    span,
                    "a `case` on a value dispatcher-migrate cannot match at run time",
                );
            }
        };
        let mut arms: Vec<(String, Vec<String>, Option<Value>)> = Vec::new();
        let (mut nil, mut non_nil, mut empty, mut non_empty, mut all) =
            (false, false, false, false, false);
        for clause in clauses {
            if all {
                self.issue(
                    clause.span.line,
                    Kind::Note,
                    format!(
                        "the clause on line {} is never reached: an earlier clause matches everything",
                        clause.span.line
                    ),
                );
                break;
            }
            let [pattern] = clause.patterns.as_slice() else {
                return unconvertible(clause.span, "a `case` clause with several patterns");
            };
            if clause.guard.is_some() {
                return unconvertible(clause.span, "a `case` clause with a guard (`when`)");
            }
            let Some(rust) = self.pattern(pattern, shape, nil)? else {
                // A pattern no value of this kind matches (nil for a string).
                continue;
            };
            nil |= rust.covers_nil;
            non_nil |= rust.covers_non_nil;
            empty |= rust.covers_empty;
            non_empty |= rust.covers_non_empty;
            all |= rust.irrefutable || (nil && non_nil) || (empty && non_empty);
            let saved = std::mem::replace(&mut self.scopes, scopes.to_vec());
            self.scopes.push(rust.binds);
            let saved_lines = std::mem::take(&mut self.lines);
            for line in &rust.lets {
                self.push(line);
            }
            let result = match position {
                Position::Action => {
                    self.body(&clause.body, clause.span);
                    Ok(None)
                }
                Position::Value => self.value_body(&clause.body, clause.span).map(Some),
            };
            let lines = std::mem::replace(&mut self.lines, saved_lines);
            self.scopes = saved;
            arms.push((rust.code, lines, result?));
        }
        let ty = match position {
            Position::Action => Ty::Unknown,
            Position::Value => unify(&mut arms, span)?,
        };
        let mut lines = vec![format!("match {code} {{")];
        for (pattern, body, value) in &arms {
            lines.push(format!("    {pattern} => {{"));
            lines.extend(indent(&indent(body)));
            if let Some(value) = value {
                lines.extend(indent(&indent(
                    &value.code.lines().map(str::to_owned).collect::<Vec<_>>(),
                )));
            }
            lines.push("    }".to_owned());
        }
        if !all {
            let raise = self.raise_code(
                &format!(
                    "dispatcher.ex line {}: no `case` clause matched (CaseClauseError)",
                    span.line
                ),
                position,
            );
            lines.push(format!("    _ => {raise},"));
        }
        lines.push("}".to_owned());
        Ok((lines, ty))
    }

    /// Statements then a value: the value of a clause body.
    fn value_body(&mut self, body: &[Expr], span: Span) -> Converted<Value> {
        let Some((tail, statements)) = body.split_last() else {
            return unconvertible(span, "an empty clause");
        };
        for (index, statement) in statements.iter().enumerate() {
            self.statement(statement, &body[index + 1..])?;
        }
        self.value(tail)
    }

    /// A clause pattern for a subject of `shape`; `None` when no value of
    /// that shape can match it. `nil_seen` says whether an earlier clause
    /// took nil (a variable then only sees strings).
    fn pattern(
        &mut self,
        pattern: &Expr,
        shape: Shape,
        nil_seen: bool,
    ) -> Converted<Option<RustPattern>> {
        let unsupported = |why: &str| unconvertible(pattern.span, why.to_owned());
        match (&pattern.kind, shape) {
            (ExprKind::Var(name), _) if name.starts_with('_') => {
                let mut rust = RustPattern::new("_");
                rust.irrefutable = true;
                Ok(Some(rust))
            }
            (ExprKind::Var(name), Shape::Opt) if nil_seen => {
                let rust_name = self.fresh_pattern_name(name);
                let mut rust = RustPattern::new(format!("Some({rust_name})"));
                rust.covers_non_nil = true;
                rust.binds
                    .push(binding(name, Value::new(rust_name, Ty::Str)));
                Ok(Some(rust))
            }
            (ExprKind::Var(name), shape) => {
                let rust_name = self.fresh_pattern_name(name);
                let ty = match shape {
                    Shape::Opt => Ty::OptStr,
                    Shape::Str => Ty::Str,
                    Shape::List => Ty::List,
                    Shape::Scalar => Ty::Unknown,
                };
                let mut rust = RustPattern::new(rust_name.clone());
                rust.irrefutable = true;
                rust.binds.push(binding(name, Value::new(rust_name, ty)));
                Ok(Some(rust))
            }
            (ExprKind::Nil, Shape::Opt) => {
                let mut rust = RustPattern::new("None");
                rust.covers_nil = true;
                Ok(Some(rust))
            }
            (ExprKind::Nil, _) => Ok(None),
            (ExprKind::Str(_), Shape::Opt | Shape::Str) => {
                let Some(text) = pattern.plain_string() else {
                    return unsupported("an interpolated string as a pattern");
                };
                let literal = string_literal(&text);
                Ok(Some(RustPattern::new(if shape == Shape::Opt {
                    format!("Some({literal})")
                } else {
                    literal
                })))
            }
            (ExprKind::Int(number), Shape::Scalar) => {
                Ok(Some(RustPattern::new(number.to_string())))
            }
            (ExprKind::Bool(flag), Shape::Scalar) => Ok(Some(RustPattern::new(flag.to_string()))),
            (ExprKind::List { items, tail }, Shape::List) => {
                let mut parts = Vec::new();
                let mut rust = RustPattern::new(String::new());
                let mut items_irrefutable = true;
                for item in items {
                    match &item.kind {
                        ExprKind::Var(name) if name.starts_with('_') => parts.push("_".to_owned()),
                        ExprKind::Var(name) => {
                            let rust_name = self.fresh_pattern_name(name);
                            rust.lets
                                .push(format!("let {rust_name}: &str = {rust_name};"));
                            rust.binds
                                .push(binding(name, Value::new(rust_name.clone(), Ty::Str)));
                            parts.push(rust_name);
                        }
                        ExprKind::Str(_) => {
                            let Some(text) = item.plain_string() else {
                                return unsupported("an interpolated string as a pattern");
                            };
                            items_irrefutable = false;
                            parts.push(string_literal(&text));
                        }
                        _ => {
                            return unsupported(
                                "a list pattern whose items are not names or strings",
                            );
                        }
                    }
                }
                let open = match tail.as_deref().map(|tail| &tail.kind) {
                    None => false,
                    Some(ExprKind::Var(name)) if name.starts_with('_') => {
                        parts.push("..".to_owned());
                        true
                    }
                    Some(ExprKind::Var(name)) => {
                        let rust_name = self.fresh_pattern_name(name);
                        rust.binds
                            .push(binding(name, Value::new(rust_name.clone(), Ty::List)));
                        parts.push(format!("{rust_name} @ .."));
                        true
                    }
                    Some(_) => return unsupported("a list tail pattern that is not a name"),
                };
                rust.code = format!("[{}]", parts.join(", "));
                rust.covers_empty = items.is_empty() && !open;
                rust.covers_non_empty = items.len() == 1 && open && items_irrefutable;
                rust.irrefutable = items.is_empty() && open;
                Ok(Some(rust))
            }
            (ExprKind::List { .. }, _) => Ok(None),
            _ => unsupported(
                "this pattern (dispatcher-migrate matches nil, strings, numbers, names and lists of strings)",
            ),
        }
    }

    /// `base` if no variable of the body has that name yet, else a fresh one.
    fn fresh_binding_name(&mut self, base: &str) -> String {
        if self.taken.contains(base) {
            // Shadowing the do block's own variable is what Elixir's scoping
            // amounts to; the name is free outside that block.
            return base.to_owned();
        }
        self.fresh(base)
    }

    /// A Rust name for a pattern variable.
    fn fresh_pattern_name(&mut self, name: &str) -> String {
        let base = rust_syntax::identifier(name);
        self.fresh(&base)
    }

    /// Translates `exprs` with fresh `lines` and a new scope; answers the
    /// lines written.
    pub fn in_branch(
        &mut self,
        translate: impl FnOnce(&mut Self) -> Converted<()>,
    ) -> Converted<Vec<String>> {
        let saved = std::mem::take(&mut self.lines);
        self.scopes.push(Vec::new());
        let result = translate(self);
        self.scopes.pop();
        let lines = std::mem::replace(&mut self.lines, saved);
        result.map(|()| lines)
    }

    /// `fn ... end` as a value: remembered, inlined where it is called.
    pub fn closure(&mut self, clauses: &[Clause]) -> Value {
        self.closures.push(ClosureDef {
            clauses: clauses.to_vec(),
            scopes: self.scopes.clone(),
        });
        Value {
            closure: Some(self.closures.len() - 1),
            ..Value::new("()", Ty::Closure)
        }
    }

    /// `fun.(args)`: the anonymous function's body, inlined.
    pub fn call_closure(
        &mut self,
        fun: &Expr,
        args: &[Expr],
        position: Position,
        span: Span,
    ) -> Converted<Result<Vec<String>, Value>> {
        let value = self.value(fun)?;
        let Some(id) = value.closure else {
            return unconvertible(
                span,
                "a call of something that is not an `fn` written in dispatcher.ex",
            );
        };
        let def = self.closures[id].clone();
        let [clause] = def.clauses.as_slice() else {
            return unconvertible(span, "an `fn` with several clauses");
        };
        if clause.patterns.len() != args.len() || clause.guard.is_some() {
            return unconvertible(
                span,
                "an `fn` called with a different number of arguments, or with a guard",
            );
        }
        let mut scope = Vec::new();
        for (pattern, arg) in clause.patterns.iter().zip(args) {
            let Some(name) = pattern.var() else {
                return unconvertible(pattern.span, "an `fn` parameter that is a pattern");
            };
            let value = self.value(arg)?;
            scope.push(binding(name, value));
        }
        if self.depth >= 8 {
            return unconvertible(span, "anonymous functions nested too deep");
        }
        let saved_scopes = std::mem::replace(&mut self.scopes, def.scopes.clone());
        self.scopes.push(scope);
        self.depth += 1;
        let saved_lines = std::mem::take(&mut self.lines);
        let result = match position {
            Position::Action => {
                self.body(&clause.body, clause.span);
                Ok(Ok(Vec::<String>::new()))
            }
            Position::Value => self.value_body(&clause.body, clause.span).map(Err),
        };
        let lines = std::mem::replace(&mut self.lines, saved_lines);
        self.depth -= 1;
        self.scopes = saved_scopes;
        match result? {
            Ok(_) => Ok(Ok(lines)),
            Err(value) => {
                for line in lines {
                    self.push(&line);
                }
                Ok(Err(value))
            }
        }
    }

    /// `Enum.map(list, fn pattern -> value end)` as a loop.
    pub fn enum_map(&mut self, list: &Expr, fun: &Expr, span: Span) -> Converted<Value> {
        let ExprKind::Fn(clauses) = &fun.kind else {
            return unconvertible(
                fun.span,
                "`Enum.map` with something other than an `fn ... end`",
            );
        };
        let [clause] = clauses.as_slice() else {
            return unconvertible(fun.span, "an `fn` with several clauses");
        };
        let ([pattern], None) = (clause.patterns.as_slice(), &clause.guard) else {
            return unconvertible(fun.span, "an `fn` of one parameter without guard");
        };
        let list = self.value(list)?;
        let (iterate, item_ty, shape) = match list.ty {
            Ty::Lists => (format!("{}.iter()", list.code), Ty::List, Shape::List),
            ty if list.is_list() && ty != Ty::Unknown => (
                format!("{}.iter().copied()", list.code),
                Ty::Str,
                Shape::Str,
            ),
            _ => return unconvertible(span, "`Enum.map` over something other than a list"),
        };
        let out = self.fresh("mapped");
        let item = self.fresh("item");
        let subject = match item_ty {
            Ty::List => format!("&{item}[..]"),
            _ => item.clone(),
        };
        let rust = match self.pattern(pattern, shape, false)? {
            Some(rust) => rust,
            None => {
                return unconvertible(pattern.span, "a pattern no item of this list matches");
            }
        };
        let saved_lines = std::mem::take(&mut self.lines);
        self.scopes.push(rust.binds);
        for line in &rust.lets {
            self.push(line);
        }
        let value = self.value_body(&clause.body, clause.span);
        self.scopes.pop();
        let arm = std::mem::replace(&mut self.lines, saved_lines);
        let value = value?;
        let element = match value.ty {
            Ty::Str | Ty::String | Ty::Unknown => value.code,
            _ => return unconvertible(clause.span, "an `fn` giving something other than text"),
        };
        self.push(&format!("let mut {out} = Vec::new();"));
        self.push(&format!("for {item} in {iterate} {{"));
        if rust.irrefutable {
            self.push(&format!("    let {} = {subject};", rust.code));
            for line in &arm {
                self.push(&format!("    {line}"));
            }
            self.push(&format!("    {out}.push({element});"));
        } else {
            let raise = self.raise_code(
                &format!(
                    "dispatcher.ex line {}: an item did not fit the `fn` of `Enum.map` (FunctionClauseError)",
                    clause.span.line
                ),
                Position::Value,
            );
            self.push(&format!("    match {subject} {{"));
            self.push(&format!("        {} => {{", rust.code));
            for line in &arm {
                self.push(&format!("            {line}"));
            }
            self.push(&format!("            {out}.push({element});"));
            self.push("        }");
            self.push(&format!("        _ => {raise},"));
            self.push("    }");
        }
        self.push("}");
        Ok(Value::new(out, Ty::List))
    }

    /// The bindings of a helper's parameters to `args`.
    pub fn helper_scope(&mut self, params: &[String], args: &[Expr]) -> Converted<Vec<Binding>> {
        let mut scope = Vec::new();
        for (param, arg) in params.iter().zip(args) {
            if param == "conn" || arg.var() == Some("conn") {
                self.conn(arg)?;
                scope.push(binding(param, Value::new("conn", Ty::Conn)));
                continue;
            }
            let mut value = self.value(arg)?;
            if !value.is_simple() && value.tuple.is_none() && value.closure.is_none() {
                let base = rust_syntax::identifier(param.trim_start_matches('_'));
                value = self.hoist(&base, value);
            }
            scope.push(binding(param, value));
        }
        Ok(scope)
    }
}

fn binding(name: &str, value: Value) -> Binding {
    Binding {
        elixir: name.to_owned(),
        value,
    }
}

/// The subject and clauses of `case subject do ... end`.
fn case_parts(call: &Call, span: Span) -> Converted<(&Expr, &[Clause])> {
    match (call.args.as_slice(), &call.do_block) {
        ([subject], Some(block))
            if !block.clauses.is_empty()
                && block.rescue.is_none()
                && !block.other_blocks
                && block.body.is_empty() =>
        {
            Ok((subject, &block.clauses))
        }
        _ => unconvertible(span, "this form of `case`"),
    }
}

enum StaticMatch {
    Yes(Vec<Binding>),
    No,
    Unknown,
}

/// Matches a pattern against a tuple known at conversion time.
fn static_match(pattern: &Expr, value: &Value) -> StaticMatch {
    match &pattern.kind {
        ExprKind::Var(name) if name.starts_with('_') => StaticMatch::Yes(Vec::new()),
        ExprKind::Var(name) => StaticMatch::Yes(vec![binding(name, value.clone())]),
        ExprKind::Tuple(patterns) => {
            let Some(items) = &value.tuple else {
                return StaticMatch::Unknown;
            };
            if items.len() != patterns.len() {
                return StaticMatch::No;
            }
            let mut binds = Vec::new();
            for (pattern, item) in patterns.iter().zip(items) {
                match (&pattern.kind, item) {
                    (ExprKind::Atom(expected), TupleItem::Atom(actual)) => {
                        if expected != actual {
                            return StaticMatch::No;
                        }
                    }
                    (ExprKind::Atom(_), TupleItem::Value(_)) => return StaticMatch::Unknown,
                    (ExprKind::Var(name), item) => {
                        if name.starts_with('_') {
                            continue;
                        }
                        match item {
                            TupleItem::Value(value) => binds.push(binding(name, value.clone())),
                            TupleItem::Atom(_) => return StaticMatch::Unknown,
                        }
                    }
                    _ => return StaticMatch::Unknown,
                }
            }
            StaticMatch::Yes(binds)
        }
        _ => StaticMatch::Unknown,
    }
}

/// One type for the values of the arms of a `case`: text becomes `String`.
fn unify(arms: &mut [(String, Vec<String>, Option<Value>)], span: Span) -> Converted<Ty> {
    let tys: Vec<Ty> = arms
        .iter()
        .filter_map(|(_, _, value)| value.as_ref().map(|value| value.ty))
        .collect();
    let Some(first) = tys.first().copied() else {
        return Ok(Ty::Unknown);
    };
    if tys.iter().all(|ty| *ty == first) && first != Ty::Str {
        return Ok(first);
    }
    if tys.iter().all(|ty| matches!(ty, Ty::Str | Ty::String)) {
        for (_, _, value) in arms.iter_mut() {
            if let Some(value) = value
                && value.ty == Ty::Str
            {
                value.code = format!("{}.to_owned()", value.code);
                value.ty = Ty::String;
            }
        }
        return Ok(Ty::String);
    }
    unconvertible(
        span,
        "a `case` whose clauses give values of different kinds",
    )
}

fn indent(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("    {line}")
            }
        })
        .collect()
}

/// Statements followed by a final expression, as one expression: in a
/// block when there are statements.
fn wrap(statements: Vec<String>, tail: Vec<String>) -> Vec<String> {
    if statements.is_empty() {
        return tail;
    }
    let mut out = vec!["{".to_owned()];
    out.extend(indent(&statements));
    out.extend(indent(&tail));
    out.push("}".to_owned());
    out
}

fn mentions_any(body: &[Expr], name: &str) -> bool {
    body.iter().any(|expr| mentions(expr, name))
}
