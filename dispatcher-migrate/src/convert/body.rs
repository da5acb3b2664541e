//! Rule bodies: Elixir statements to Rust statements. A body is a list of
//! statements (assignments, logging, changes to `conn`) ending in an action
//! (`forward` or `send_resp`, possibly after a pipeline of header changes,
//! in an `if`, or in a `defp` helper, which is inlined).
//!
//! Values (strings, captures, `System.get_env`, ...) are translated in
//! [`value`](super::value). A construct neither knows becomes a
//! `compile_error!` that names it, and a report line.

use std::collections::HashSet;

use crate::elixir::syntax::{Call, Expr, ExprKind, Span};
use crate::emit;
use crate::report::Kind;
use crate::rust_syntax::{self, FormatPiece, string_literal};

use super::Module;
use super::expr::{desugar, if_parts, mentions};
use super::translator::{
    Binding, Converted, Function, Issue, Position, Translator, Ty, Unconvertible, Value,
    unconvertible,
};

/// What a helper's body ends with, as used at its call.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    Action,
    Conn,
    Value,
}

const MAX_HELPER_DEPTH: usize = 8;

impl<'m> Translator<'m> {
    pub fn new(module: &'m Module<'m>, captures: Vec<Binding>) -> Self {
        let mut taken: HashSet<String> = captures
            .iter()
            .map(|binding| binding.value.code.clone())
            .collect();
        taken.insert("conn".to_owned());
        let conn = Binding {
            elixir: "conn".to_owned(),
            value: Value::new("conn", Ty::Conn),
        };
        let mut scope = vec![conn];
        scope.extend(captures);
        Translator {
            module,
            scopes: vec![scope],
            lines: Vec::new(),
            issues: Vec::new(),
            taken,
            depth: 0,
            comments: std::collections::VecDeque::new(),
            closures: Vec::new(),
            try_labels: Vec::new(),
            helpers_inlined: Vec::new(),
        }
    }

    /// Writes the body's comments that stand above `line`.
    fn comments_above(&mut self, line: usize) {
        if self.depth > 0 {
            return;
        }
        while let Some(comment) = self.comments.front() {
            if comment.line >= line {
                break;
            }
            let text = emit::comment(&comment.text);
            self.comments.pop_front();
            self.lines.push(text);
        }
    }

    /// Appends the comment at the end of `line` to the last line written.
    fn comment_beside(&mut self, line: usize) {
        if self.depth > 0 {
            return;
        }
        if let Some(comment) = self.comments.front()
            && comment.trailing
            && comment.line == line
        {
            let text = emit::comment(&comment.text);
            self.comments.pop_front();
            match self.lines.last_mut() {
                Some(last) => {
                    last.push(' ');
                    last.push_str(&text);
                }
                None => self.lines.push(text),
            }
        }
    }

    /// Writes the comments not placed yet (those after the last statement).
    pub fn remaining_comments(&mut self) {
        while let Some(comment) = self.comments.pop_front() {
            self.lines.push(emit::comment(&comment.text));
        }
    }

    pub fn push(&mut self, code: &str) {
        self.lines.extend(code.lines().map(str::to_owned));
    }

    pub fn issue(&mut self, line: usize, kind: Kind, message: impl Into<String>) {
        let issue = Issue {
            line,
            kind,
            message: message.into(),
        };
        if !self.issues.contains(&issue) {
            self.issues.push(issue);
        }
    }

    pub fn lookup(&self, name: &str) -> Option<&Value> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|scope| scope.iter().rev())
            .find(|binding| binding.elixir == name)
            .map(|binding| &binding.value)
    }

    pub fn bind(&mut self, elixir: &str, value: Value) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.push(Binding {
                elixir: elixir.to_owned(),
                value,
            });
        }
    }

    /// A Rust name based on `base` that nothing in the body uses yet.
    pub fn fresh(&mut self, base: &str) -> String {
        let mut name = base.to_owned();
        let mut counter = 2;
        while self.taken.contains(&name) {
            name = format!("{base}_{counter}");
            counter += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// Writes `value` into a `let` and answers the variable (for values
    /// that borrow `conn` or are temporaries that must outlive a statement).
    pub fn hoist(&mut self, base: &str, value: Value) -> Value {
        let name = self.fresh(base);
        self.push(&format!("let {name} = {};", value.code));
        value.in_variable(name)
    }

    /// Translates a whole body (statements, then the action) into `lines`.
    pub fn body(&mut self, exprs: &[Expr], span: Span) {
        let Some((tail, statements)) = exprs.split_last() else {
            self.leave(
                Unconvertible {
                    span,
                    why: "an empty body does not answer the request".to_owned(),
                },
                true,
            );
            return;
        };
        for (index, statement) in statements.iter().enumerate() {
            let later = &exprs[index + 1..];
            self.comments_above(statement.span.line);
            if let Err(error) = self.statement(statement, later) {
                let bound = assigned_names(statement);
                self.leave_binding(error, &bound);
            }
            self.comment_beside(statement.span.end_line);
        }
        self.comments_above(tail.span.line);
        match self.action(tail) {
            Ok(lines) => {
                for line in lines {
                    self.push(&line);
                }
            }
            Err(error) => self.leave(error, true),
        }
        self.comment_beside(tail.span.end_line);
    }

    /// Writes a `compile_error!` in place of what could not be converted,
    /// with the original Elixir in comments above it: the construct, or the
    /// whole helper it stands in (an authorization check must be rewritten,
    /// never lost).
    fn leave(&mut self, error: Unconvertible, tail: bool) {
        let construct = self.module.construct(error.span);
        let message = format!("`{construct}`: {}", error.why);
        self.issue(error.span.line, Kind::LeftForUser, message.clone());
        let (shown, what) = match self.helpers_inlined.first() {
            Some(helper) => (*helper, "the helper it is in"),
            None => (error.span, "the original"),
        };
        self.push(&format!(
            "// dispatcher.ex line {}, {what}, to write in Rust:",
            shown.line
        ));
        for line in self.module.source_lines(shown) {
            self.push(&emit::comment(&format!(" {line}")));
        }
        let code = format!(
            "compile_error!({})",
            string_literal(&format!(
                "dispatcher.ex line {}: {message}; write this part in Rust",
                error.span.line
            ))
        );
        self.push(&if tail { code } else { format!("{code};") });
    }

    /// Like `leave` for a statement; the names it would have bound are
    /// bound to the `compile_error!`, so that their uses raise no more.
    fn leave_binding(&mut self, error: Unconvertible, names: &[String]) {
        let names: Vec<String> = names
            .iter()
            .filter(|name| *name != "conn")
            .cloned()
            .collect();
        if names.is_empty() {
            self.leave(error, false);
            return;
        }
        let saved = std::mem::take(&mut self.lines);
        self.leave(error, true);
        let (comments, code): (Vec<String>, Vec<String>) =
            std::mem::replace(&mut self.lines, saved)
                .into_iter()
                .partition(|line| line.starts_with("//"));
        for comment in comments {
            self.push(&comment);
        }
        let code = code.join(" ");
        let rust: Vec<String> = names.iter().map(|name| self.fresh_binding(name)).collect();
        let pattern = match rust.as_slice() {
            [one] => one.clone(),
            many => format!("({})", many.join(", ")),
        };
        self.push(&format!("let {pattern} = {code};"));
        for (name, rust) in names.iter().zip(rust) {
            self.bind(name, Value::new(rust, Ty::Unknown));
        }
    }

    pub fn statement(&mut self, expr: &Expr, later: &[Expr]) -> Converted<()> {
        let expr = desugar(expr);
        match &expr.kind {
            ExprKind::Binary { op, left, right } if op == "=" => {
                let Some(name) = left.var() else {
                    return unconvertible(
                        left.span,
                        "a pattern on the left of `=` (only `name = value` is converted)",
                    );
                };
                if name == "conn" {
                    return self.conn(right);
                }
                let value = self.value(right)?;
                let used = later.iter().any(|expr| mentions(expr, name));
                let rust = if name == "_" {
                    "_".to_owned()
                } else if used || name.starts_with('_') {
                    self.fresh_binding(name)
                } else {
                    self.fresh_binding(&format!("_{name}"))
                };
                self.push(&format!("let {rust} = {};", value.code));
                self.bind(name, value.in_variable(rust));
                Ok(())
            }
            ExprKind::Call(call) if self.log(call, expr.span)? => Ok(()),
            _ if self.is_conn_change(&expr) => {
                self.issue(
                    expr.span.line,
                    Kind::Dropped,
                    format!(
                        "`{}` has no effect: its result (the changed connection) is discarded, so \
                         mu-dispatcher ignored it too",
                        self.module.construct(expr.span)
                    ),
                );
                Ok(())
            }
            _ => unconvertible(
                expr.span,
                "only assignments, logging and changes to `conn` are converted before the action",
            ),
        }
    }

    /// A Rust variable name for Elixir's `name`, unique in the body unless
    /// it rebinds the same name (as Elixir does).
    fn fresh_binding(&mut self, name: &str) -> String {
        let rust = rust_syntax::identifier(name);
        if self.lookup(name).is_some_and(|value| value.code == rust) {
            return rust;
        }
        self.fresh(&rust)
    }

    /// The action a body ends with, as lines of Rust.
    pub fn action(&mut self, expr: &Expr) -> Converted<Vec<String>> {
        let expr = desugar(expr);
        let span = expr.span;
        if let ExprKind::AnonCall { fun, args } = &expr.kind {
            return match self.call_closure(fun, args, Position::Action, span)? {
                Ok(lines) => Ok(lines),
                Err(_) => unconvertible(span, "an `fn` that does not answer the request"),
            };
        }
        let ExprKind::Call(call) = &expr.kind else {
            return unconvertible(
                span,
                "a rule body ends by answering the request, with `forward` or `send_resp`",
            );
        };
        match (self.module.function(call), call.args.as_slice()) {
            (Function::Forward, [conn, path, url]) => {
                self.conn(conn)?;
                let (path, appends) = self.path_argument(path)?;
                let url = self.url_argument(url, appends)?;
                Ok(vec![format!("forward(conn, {path}, {url})")])
            }
            (Function::SendResp, [conn, status, body]) => {
                self.conn(conn)?;
                let status = self.status_argument(status)?;
                let body = self.body_argument(body)?;
                Ok(vec![format!("send_resp(conn, {status}, {body})")])
            }
            (Function::Halt, [inner]) => self.action(inner),
            (Function::If { negate }, _) => self.if_action(call, negate, span),
            (Function::Helper(name), args) => {
                let name = name.to_owned();
                match self.inline(&name, args, Ending::Action, span)? {
                    Inlined::Action(lines) => Ok(lines),
                    _ => unconvertible(span, "a helper that does not answer the request"),
                }
            }
            (Function::Forward | Function::SendResp, _) => unconvertible(
                span,
                format!("`{}` takes three arguments here", call.name()),
            ),
            (_, _) if call.local_name() == Some("case") => self.case_action(call, span),
            (_, _) if matches!(call.local_name(), Some("cond" | "with" | "try")) => unconvertible(
                span,
                format!(
                    "a `{}` (dispatcher-migrate converts `if`, `unless`, `case` and `try ... rescue _ ->`)",
                    call.name()
                ),
            ),
            _ => unconvertible(
                span,
                format!(
                    "`{}` does not answer the request: a body ends with `forward`, `send_resp`, an `if` \
                     or a helper that does",
                    call.name()
                ),
            ),
        }
    }

    fn if_action(&mut self, call: &Call, negate: bool, span: Span) -> Converted<Vec<String>> {
        let Some((condition, then, otherwise)) = if_parts(call) else {
            return unconvertible(
                span,
                "an `if` without `else` (the body would answer nothing when the condition fails)",
            );
        };
        // `unless c do a else b end` is `if c do b else a end`.
        let (then, otherwise) = if negate {
            (otherwise, then)
        } else {
            (then, otherwise)
        };
        let condition = self.condition(condition)?;
        let then = self.branch(&then, span, |t, exprs, span| t.body(exprs, span))?;
        let otherwise = self.branch(&otherwise, span, |t, exprs, span| t.body(exprs, span))?;
        let mut lines = vec![format!("if {condition} {{")];
        lines.extend(then.iter().map(|line| format!("    {line}")));
        lines.push("} else {".to_owned());
        lines.extend(otherwise.iter().map(|line| format!("    {line}")));
        lines.push("}".to_owned());
        Ok(lines)
    }

    /// Translates `exprs` in a new scope into separate lines.
    pub fn branch(
        &mut self,
        exprs: &[Expr],
        span: Span,
        translate: impl FnOnce(&mut Self, &[Expr], Span),
    ) -> Converted<Vec<String>> {
        let saved = std::mem::take(&mut self.lines);
        self.scopes.push(Vec::new());
        translate(self, exprs, span);
        self.scopes.pop();
        Ok(std::mem::replace(&mut self.lines, saved))
    }

    /// A condition: a `bool`, or a value that may be nil (`System.get_env`).
    pub fn condition(&mut self, expr: &Expr) -> Converted<String> {
        let value = self.value(expr)?;
        match value.ty {
            Ty::Bool | Ty::Unknown => Ok(value.code),
            Ty::EnvVar => Ok(format!("{}.is_ok()", value.code)),
            _ => unconvertible(
                expr.span,
                "a condition that is not a comparison or a `System.get_env` check",
            ),
        }
    }

    /// Statements that change `conn` (header edits, logging), from an
    /// expression whose value is the changed connection.
    pub fn conn(&mut self, expr: &Expr) -> Converted<()> {
        let expr = desugar(expr);
        let span = expr.span;
        match &expr.kind {
            ExprKind::Var(name) if name == "conn" => return Ok(()),
            ExprKind::Call(call) => {
                let function = self.module.function(call);
                match (function, call.args.as_slice()) {
                    (Function::PutRespHeader | Function::PutReqHeader, [conn, name, value]) => {
                        self.conn(conn)?;
                        let method = if function == Function::PutRespHeader {
                            "put_resp_header"
                        } else {
                            "put_req_header"
                        };
                        let name = self.header_name(name)?;
                        let value = self.header_value(value)?;
                        self.push(&format!("conn.{method}({name}, {value});"));
                        return Ok(());
                    }
                    (Function::DeleteReqHeader, [conn, name]) => {
                        self.conn(conn)?;
                        let name = self.header_name(name)?;
                        self.push(&format!("conn.delete_req_header({name});"));
                        return Ok(());
                    }
                    (Function::PutRespContentType, [conn, content_type, rest @ ..])
                        if rest.len() <= 1 =>
                    {
                        self.conn(conn)?;
                        let value = self.content_type(content_type, rest.first())?;
                        self.push(&format!("conn.put_resp_header(\"content-type\", {value});"));
                        return Ok(());
                    }
                    (Function::Halt, [conn]) => return self.conn(conn),
                    (Function::Inspect, [conn, rest @ ..]) if rest.len() <= 1 => {
                        self.conn(conn)?;
                        self.log(call, span)?;
                        return Ok(());
                    }
                    (Function::Helper(name), args) => {
                        let name = name.to_owned();
                        return self.inline(&name, args, Ending::Conn, span).map(drop);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        unconvertible(
            span,
            "the connection here is not `conn` or `conn` with headers changed",
        )
    }

    /// Whether `expr` only computes a changed connection.
    fn is_conn_change(&self, expr: &Expr) -> bool {
        let ExprKind::Call(call) = &expr.kind else {
            return false;
        };
        matches!(
            self.module.function(call),
            Function::PutRespHeader
                | Function::PutReqHeader
                | Function::DeleteReqHeader
                | Function::PutRespContentType
        )
    }

    /// `Plug.Conn.put_resp_content_type(conn, type, charset \\ "utf-8")`.
    fn content_type(&mut self, content_type: &Expr, charset: Option<&Expr>) -> Converted<String> {
        let value = self.value(content_type)?;
        let charset = match charset.map(|expr| (&expr.kind, expr)) {
            None => Some("utf-8".to_owned()),
            Some((ExprKind::Nil, _)) => None,
            Some((_, expr)) => match expr.plain_string() {
                Some(text) => Some(text),
                None => return unconvertible(expr.span, "a charset that is not a string literal"),
            },
        };
        Ok(match (value.literal.as_deref(), charset) {
            (Some(text), Some(charset)) => string_literal(&format!("{text}; charset={charset}")),
            (Some(text), None) => string_literal(text),
            (None, Some(charset)) => {
                let name = self.hoist("content_type", value);
                format!("format!(\"{{}}; charset={charset}\", {})", name.code)
            }
            (None, None) => value.code,
        })
    }

    /// `IO.inspect`, `IO.puts`, `Logger.*` as `tracing` events; `Ok(false)`
    /// when `call` is not logging.
    pub fn log(&mut self, call: &Call, span: Span) -> Converted<bool> {
        let function = self.module.function(call);
        let level = match function {
            Function::Inspect | Function::Puts => "info",
            Function::Log(level) => level,
            _ => return Ok(false),
        };
        let event = if function == Function::Inspect {
            let Some(subject) = call.args.first() else {
                return unconvertible(span, "`IO.inspect` without a value");
            };
            let label = match call.args.get(1).map(|options| &options.kind) {
                None => None,
                Some(ExprKind::Keywords(pairs)) => pairs
                    .iter()
                    .find(|(key, _)| key == "label")
                    .map(|(_, label)| label.clone()),
                // `IO.inspect(x, "label")` as mu's README writes it.
                Some(ExprKind::Str(_)) => {
                    self.issue(
                        span.line,
                        Kind::Fixed,
                        format!(
                            "`{}` raised in mu-dispatcher (IO.inspect takes `label:` in a keyword list, so every \
                             request this rule took got a 500); written as a log line with that label, as intended",
                            self.module.construct(span)
                        ),
                    );
                    call.args.get(1).cloned()
                }
                Some(_) => return unconvertible(span, "`IO.inspect` options other than `label:`"),
            };
            let field = if subject.var() == Some("conn") {
                "?conn".to_owned()
            } else {
                let value = self.value(subject)?;
                if rust_syntax::is_identifier(&value.code) {
                    format!("?{}", value.code)
                } else {
                    format!("value = ?{}", value.code)
                }
            };
            match label {
                None => field,
                Some(label) => {
                    let (template, arguments) = self.message(&label)?;
                    format!("{field}, {}", join_arguments(&template, &arguments))
                }
            }
        } else {
            let message = match call.args.as_slice() {
                [message] => message,
                // `IO.puts(:stderr, text)`, `Logger.info(text, metadata)`.
                [device, message] if function == Function::Puts && is_atom(device) => message,
                [message, _metadata] if function != Function::Puts => message,
                _ => return unconvertible(span, "this form of logging call"),
            };
            let (template, arguments) = self.message(message)?;
            join_arguments(&template, &arguments)
        };
        self.push(&format!("tracing::{level}!({event});"));
        Ok(true)
    }

    /// Inlines a `defp` helper called with `args`: its parameters are bound
    /// to the arguments and its body is translated in their place.
    fn inline(
        &mut self,
        name: &str,
        args: &[Expr],
        ending: Ending,
        span: Span,
    ) -> Converted<Inlined> {
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
        if self.depth >= MAX_HELPER_DEPTH {
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
        // A helper sees its parameters only, not the caller's variables.
        let saved_scopes = std::mem::replace(&mut self.scopes, vec![scope]);
        self.depth += 1;
        self.helpers_inlined.push(helper.def_span);
        let result = self.helper_body(&helper.body, ending, helper.span);
        self.helpers_inlined.pop();
        self.depth -= 1;
        self.scopes = saved_scopes;
        result
    }

    fn helper_body(&mut self, body: &[Expr], ending: Ending, span: Span) -> Converted<Inlined> {
        if ending == Ending::Action {
            let saved = std::mem::take(&mut self.lines);
            self.body(body, span);
            return Ok(Inlined::Action(std::mem::replace(&mut self.lines, saved)));
        }
        let Some((tail, statements)) = body.split_last() else {
            return unconvertible(span, "an empty helper");
        };
        for (index, statement) in statements.iter().enumerate() {
            self.statement(statement, &body[index + 1..])?;
        }
        if ending == Ending::Conn {
            self.conn(tail)?;
            Ok(Inlined::Conn)
        } else {
            self.value(tail).map(Inlined::Value)
        }
    }

    /// A helper call in a value position: the value, in a block when the
    /// helper needs statements first.
    pub fn inline_value(&mut self, name: &str, args: &[Expr], span: Span) -> Converted<Value> {
        let saved = std::mem::take(&mut self.lines);
        let outcome = self.inline(name, args, Ending::Value, span);
        let inner = std::mem::replace(&mut self.lines, saved);
        let Inlined::Value(value) = outcome? else {
            return unconvertible(span, "a helper without a value");
        };
        if inner.is_empty() {
            return Ok(value);
        }
        let mut block = vec!["{".to_owned()];
        block.extend(inner.iter().map(|line| format!("    {line}")));
        block.extend(value.code.lines().map(|line| format!("    {line}")));
        block.push("}".to_owned());
        Ok(Value::new(block.join("\n"), value.ty))
    }
}

/// What an inlined helper gave.
enum Inlined {
    Action(Vec<String>),
    Conn,
    Value(Value),
}

/// The variables an assignment binds (`a = ...`, `{:ok, a} = ...`).
fn assigned_names(statement: &Expr) -> Vec<String> {
    fn collect(pattern: &Expr, out: &mut Vec<String>) {
        match &pattern.kind {
            ExprKind::Var(name) if !name.starts_with('_') => out.push(name.clone()),
            ExprKind::List { items, tail } => {
                items.iter().for_each(|item| collect(item, out));
                if let Some(tail) = tail {
                    collect(tail, out);
                }
            }
            ExprKind::Other(_) | ExprKind::Var(_) => {}
            ExprKind::Map(entries) => entries.iter().for_each(|(_, value)| collect(value, out)),
            ExprKind::Tuple(items) => items.iter().for_each(|item| collect(item, out)),
            ExprKind::Binary { left, right, .. } => {
                collect(left, out);
                collect(right, out);
            }
            _ => {}
        }
    }
    let mut names = Vec::new();
    if let ExprKind::Binary { op, left, .. } = &statement.kind
        && op == "="
    {
        collect(left, &mut names);
    }
    names
}

fn is_atom(expr: &Expr) -> bool {
    matches!(expr.kind, ExprKind::Atom(_))
}

/// `"text {}", a, b` for a macro call.
fn join_arguments(template: &[FormatPiece], arguments: &[String]) -> String {
    let mut out = rust_syntax::format_literal(template);
    for argument in arguments {
        out.push_str(", ");
        out.push_str(argument);
    }
    out
}
