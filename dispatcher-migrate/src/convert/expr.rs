//! Questions about Elixir expressions that every part of the body
//! translator asks: pipelines rewritten as calls, the parts of an `if`,
//! whether a variable is read.

use crate::elixir::syntax::{Call, CallTarget, Clause, DoBlock, Expr, ExprKind, StrPart};

/// `a |> f(b)` as `f(a, b)`, recursively on the left.
pub fn desugar(expr: &Expr) -> Expr {
    let ExprKind::Binary { op, left, right } = &expr.kind else {
        return expr.clone();
    };
    if op != "|>" {
        return expr.clone();
    }
    let left = desugar(left);
    let call = match &right.kind {
        ExprKind::Call(call) => {
            let mut call = call.clone();
            call.args.insert(0, left);
            call
        }
        ExprKind::Var(name) => Call {
            target: CallTarget::Local(name.clone()),
            args: vec![left],
            do_block: None,
        },
        _ => {
            return Expr {
                kind: ExprKind::Other("pipeline into a value".to_owned()),
                span: expr.span,
            };
        }
    };
    Expr {
        kind: ExprKind::Call(call),
        span: expr.span,
    }
}

/// `if c do a else b end` and `if c, do: a, else: b`.
pub fn if_parts(call: &Call) -> Option<(&Expr, Vec<Expr>, Vec<Expr>)> {
    match (&call.do_block, call.args.as_slice()) {
        (
            Some(DoBlock {
                body,
                else_body: Some(otherwise),
                has_clauses: false,
                ..
            }),
            [condition],
        ) => Some((condition, body.clone(), otherwise.clone())),
        (None, [condition, options]) => {
            let ExprKind::Keywords(pairs) = &options.kind else {
                return None;
            };
            let find = |key: &str| {
                pairs
                    .iter()
                    .find(|(name, _)| name == key)
                    .map(|(_, value)| vec![value.clone()])
            };
            Some((condition, find("do")?, find("else")?))
        }
        _ => None,
    }
}

/// Whether the variable `name` is read anywhere in `expr`.
pub fn mentions(expr: &Expr, name: &str) -> bool {
    let any = |exprs: &[Expr]| exprs.iter().any(|expr| mentions(expr, name));
    match &expr.kind {
        ExprKind::Var(var) => var == name,
        ExprKind::Str(parts) => parts.iter().any(|part| match part {
            StrPart::Interpolation(expr) => mentions(expr, name),
            StrPart::Text(_) => false,
        }),
        ExprKind::List { items, tail } => {
            any(items) || tail.as_deref().is_some_and(|tail| mentions(tail, name))
        }
        ExprKind::Keywords(pairs) => pairs.iter().any(|(_, value)| mentions(value, name)),
        ExprKind::Map(entries) => entries
            .iter()
            .any(|(key, value)| mentions(key, name) || mentions(value, name)),
        ExprKind::Call(call) => {
            any(&call.args)
                || call.do_block.as_ref().is_some_and(|block| {
                    any(&block.body)
                        || block.else_body.as_deref().is_some_and(any)
                        || block
                            .clauses
                            .iter()
                            .chain(block.rescue.iter().flatten())
                            .any(|clause| clause_mentions(clause, name))
                })
        }
        ExprKind::Fn(clauses) => clauses.iter().any(|clause| clause_mentions(clause, name)),
        ExprKind::AnonCall { fun, args } => mentions(fun, name) || any(args),
        ExprKind::Field { receiver, .. } => mentions(receiver, name),
        ExprKind::Unary { op, operand } => op != "@" && mentions(operand, name),
        ExprKind::Binary { op, left, right } => {
            // `name = ...` binds rather than reads.
            (op != "=" || left.var().is_none()) && mentions(left, name) || mentions(right, name)
        }
        ExprKind::Block(exprs) | ExprKind::Tuple(exprs) => any(exprs),
        _ => false,
    }
}

/// Whether a clause's guard or body reads `name` (its patterns bind).
fn clause_mentions(clause: &Clause, name: &str) -> bool {
    clause
        .guard
        .iter()
        .chain(&clause.body)
        .any(|expr| mentions(expr, name))
}
