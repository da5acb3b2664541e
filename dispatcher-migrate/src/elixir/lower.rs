//! From tree-sitter-elixir's concrete syntax tree to [`syntax`](super::syntax):
//! one function per node kind that `dispatcher.ex` files use.

use tree_sitter::Node;

use super::strings::{RawPiece, dedent_heredoc, unescape};
use super::syntax::{Call, CallTarget, Clause, Comment, DoBlock, Expr, ExprKind, Span, StrPart};

pub struct Lowering<'s> {
    pub source: &'s str,
    /// How deep `expr` is; past `MAX_DEPTH` a subtree is left as `Other`, so
    /// that a pathological file cannot exhaust the stack.
    pub depth: std::cell::Cell<usize>,
}

const MAX_DEPTH: usize = 200;

impl<'s> Lowering<'s> {
    fn text(&self, node: Node) -> &'s str {
        &self.source[node.byte_range()]
    }

    pub fn span(node: Node) -> Span {
        Span {
            line: node.start_position().row + 1,
            end_line: node.end_position().row + 1,
            start_byte: node.start_byte(),
            end_byte: node.end_byte(),
        }
    }

    /// The expressions among `node`'s children (comments and punctuation left out).
    pub fn children(&self, node: Node) -> Vec<Expr> {
        let mut cursor = node.walk();
        node.named_children(&mut cursor)
            .filter(|child| child.kind() != "comment")
            .map(|child| self.expr(child))
            .collect()
    }

    pub fn expr(&self, node: Node) -> Expr {
        if self.depth.get() >= MAX_DEPTH {
            return Expr {
                kind: ExprKind::Other("deeply nested expression".to_owned()),
                span: Self::span(node),
            };
        }
        self.depth.set(self.depth.get() + 1);
        let expr = self.expr_at_depth(node);
        self.depth.set(self.depth.get() - 1);
        expr
    }

    fn expr_at_depth(&self, node: Node) -> Expr {
        let kind = match node.kind() {
            "identifier" => ExprKind::Var(self.text(node).to_owned()),
            "alias" => ExprKind::Alias(self.text(node).split_whitespace().collect()),
            "atom" => ExprKind::Atom(self.text(node).trim_start_matches(':').to_owned()),
            "quoted_atom" => match self.string(node) {
                ExprKind::Str(parts) => match parts.as_slice() {
                    [] => ExprKind::Atom(String::new()),
                    [StrPart::Text(text)] => ExprKind::Atom(text.clone()),
                    _ => ExprKind::Other("quoted_atom".to_owned()),
                },
                other => other,
            },
            "integer" => integer(self.text(node))
                .map_or_else(|| ExprKind::Other("integer".to_owned()), ExprKind::Int),
            "boolean" => ExprKind::Bool(self.text(node) == "true"),
            "nil" => ExprKind::Nil,
            "string" => self.string(node),
            "sigil" => self.sigil(node),
            "list" => self.list(node),
            "keywords" => ExprKind::Keywords(self.keywords(node)),
            "map" => self.map(node),
            "tuple" => ExprKind::Tuple(self.children(node)),
            "call" => self.call(node),
            "anonymous_function" => ExprKind::Fn(self.clauses(node)),
            "binary_operator" => self.binary(node),
            "unary_operator" => self.unary(node),
            "block" => {
                let mut items = self.children(node);
                if items.len() == 1
                    && let Some(item) = items.pop()
                {
                    return item;
                }
                ExprKind::Block(items)
            }
            other => ExprKind::Other(other.to_owned()),
        };
        Expr {
            kind,
            span: Self::span(node),
        }
    }

    fn string(&self, node: Node) -> ExprKind {
        self.quoted(node, true)
    }

    fn sigil(&self, node: Node) -> ExprKind {
        let name = node
            .child_by_field_name("sigil_name")
            .or_else(|| find_child(node, "sigil_name"))
            .map(|n| self.text(n))
            .unwrap_or("");
        match name {
            "s" | "S" => self.quoted(node, name == "s"),
            "r" => self.regex(node),
            other => ExprKind::Other(format!("sigil ~{other}")),
        }
    }

    /// `~r/.../flags`: the source between the delimiters, as written (the
    /// regex engine reads its escapes), and the modifiers.
    fn regex(&self, node: Node) -> ExprKind {
        let (Some(start), Some(end)) = (
            node.child_by_field_name("quoted_start"),
            node.child_by_field_name("quoted_end"),
        ) else {
            return ExprKind::Other("sigil ~r".to_owned());
        };
        if find_child(node, "interpolation").is_some() {
            return ExprKind::Other("an interpolated ~r sigil".to_owned());
        }
        let source = self.source[start.end_byte()..end.start_byte()].to_owned();
        let flags = find_child(node, "sigil_modifiers")
            .map_or(String::new(), |modifiers| self.text(modifiers).to_owned());
        ExprKind::Regex { source, flags }
    }

    /// A string or string sigil; `escapes` is false for `~S`. A `"""`
    /// heredoc loses its closing delimiter's indentation.
    fn quoted(&self, node: Node, escapes: bool) -> ExprKind {
        let heredoc = node
            .child_by_field_name("quoted_start")
            .is_some_and(|start| self.text(start).len() == 3);
        let pieces = self.pieces(node, escapes);
        let pieces = if heredoc {
            let indent = node
                .child_by_field_name("quoted_end")
                .map_or(0, |end| end.start_position().column);
            dedent_heredoc(pieces, indent)
        } else {
            pieces
        };
        ExprKind::Str(join_pieces(pieces))
    }

    fn pieces(&self, node: Node, escapes: bool) -> Vec<RawPiece<Expr>> {
        let mut cursor = node.walk();
        let mut pieces = Vec::new();
        for child in node.children(&mut cursor) {
            match child.kind() {
                "quoted_content" => pieces.push(RawPiece::Source(self.text(child).to_owned())),
                "escape_sequence" if escapes => {
                    pieces.push(RawPiece::Escaped(unescape(self.text(child))))
                }
                "escape_sequence" => pieces.push(RawPiece::Source(self.text(child).to_owned())),
                "interpolation" => {
                    let inner = self.children(child);
                    let expr = match <[Expr; 1]>::try_from(inner) {
                        Ok([expr]) => expr,
                        Err(_) => Expr {
                            kind: ExprKind::Other("interpolation".to_owned()),
                            span: Self::span(child),
                        },
                    };
                    pieces.push(RawPiece::Interpolation(expr));
                }
                _ => {}
            }
        }
        pieces
    }

    fn list(&self, node: Node) -> ExprKind {
        let mut items = self.children(node);
        let mut tail = None;
        if let Some(Expr {
            kind: ExprKind::Binary { op, left, right },
            ..
        }) = items.last()
            && op == "|"
        {
            let (left, right) = ((**left).clone(), (**right).clone());
            items.pop();
            items.push(left);
            tail = Some(Box::new(right));
        }
        ExprKind::List { items, tail }
    }

    fn keywords(&self, node: Node) -> Vec<(String, Expr)> {
        let mut cursor = node.walk();
        let mut pairs = Vec::new();
        for pair in node.named_children(&mut cursor) {
            if pair.kind() != "pair" {
                continue;
            }
            let key = pair
                .child_by_field_name("key")
                .map_or(String::new(), |key| {
                    let text = self.text(key).trim_end();
                    let text = text.strip_suffix(':').unwrap_or(text);
                    text.trim_matches('"').to_owned()
                });
            let value = pair.child_by_field_name("value").map_or_else(
                || Expr {
                    kind: ExprKind::Other("pair".to_owned()),
                    span: Self::span(pair),
                },
                |value| self.expr(value),
            );
            pairs.push((key, value));
        }
        pairs
    }

    fn map(&self, node: Node) -> ExprKind {
        let mut cursor = node.walk();
        let mut entries = Vec::new();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "map_content" => {
                    let mut inner = child.walk();
                    for item in child.named_children(&mut inner) {
                        match item.kind() {
                            "keywords" => {
                                for (key, value) in self.keywords(item) {
                                    let span = value.span;
                                    entries.push((
                                        Expr {
                                            kind: ExprKind::Atom(key),
                                            span,
                                        },
                                        value,
                                    ));
                                }
                            }
                            "comment" => {}
                            _ => match self.expr(item).kind {
                                ExprKind::Binary { op, left, right } if op == "=>" => {
                                    entries.push((*left, *right))
                                }
                                _ => return ExprKind::Other("map update".to_owned()),
                            },
                        }
                    }
                }
                "comment" => {}
                // `%Struct{}` and anything unexpected.
                _ => return ExprKind::Other("struct".to_owned()),
            }
        }
        ExprKind::Map(entries)
    }

    fn call(&self, node: Node) -> ExprKind {
        let Some(target) = node.child_by_field_name("target") else {
            return ExprKind::Other("call".to_owned());
        };
        let arguments = find_child(node, "arguments");
        let do_block = find_child(node, "do_block").map(|block| self.do_block(block));
        let args = arguments.map_or_else(Vec::new, |arguments| self.children(arguments));
        let target = match target.kind() {
            "identifier" => CallTarget::Local(self.text(target).to_owned()),
            "dot" => {
                let Some(left) = target.child_by_field_name("left") else {
                    return ExprKind::Other("call".to_owned());
                };
                let Some(right) = target.child_by_field_name("right") else {
                    // `fun.(args)`
                    if do_block.is_some() {
                        return ExprKind::Other("anonymous function call".to_owned());
                    }
                    return ExprKind::AnonCall {
                        fun: Box::new(self.expr(left)),
                        args,
                    };
                };
                if right.kind() != "identifier" {
                    return ExprKind::Other(format!("call of {}", right.kind()));
                }
                let name = self.text(right).to_owned();
                let receiver = self.expr(left);
                let on_module = matches!(receiver.kind, ExprKind::Alias(_));
                if !on_module && arguments.is_none() && do_block.is_none() {
                    return ExprKind::Field {
                        receiver: Box::new(receiver),
                        name,
                    };
                }
                CallTarget::Remote {
                    module: Box::new(receiver),
                    name,
                }
            }
            other => return ExprKind::Other(format!("call of {other}")),
        };
        ExprKind::Call(Call {
            target,
            args,
            do_block,
        })
    }

    fn do_block(&self, node: Node) -> DoBlock {
        let mut cursor = node.walk();
        let mut body = Vec::new();
        let mut else_body = None;
        let mut clauses = Vec::new();
        let mut rescue = None;
        let mut other_blocks = false;
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "comment" => {}
                "else_block" if find_child(child, "stab_clause").is_some() => other_blocks = true,
                "else_block" => else_body = Some(self.children(child)),
                "stab_clause" => clauses.push(self.clause(child)),
                "rescue_block" => rescue = Some(self.clauses(child)),
                "catch_block" | "after_block" => other_blocks = true,
                _ => body.push(self.expr(child)),
            }
        }
        DoBlock {
            body,
            else_body,
            has_clauses: !clauses.is_empty() || rescue.is_some() || other_blocks,
            clauses,
            rescue,
            other_blocks,
            span: Self::span(node),
        }
    }

    /// The `->` clauses among `node`'s children (an `fn` or a `rescue` block).
    fn clauses(&self, node: Node) -> Vec<Clause> {
        let mut cursor = node.walk();
        node.named_children(&mut cursor)
            .filter(|child| child.kind() == "stab_clause")
            .map(|child| self.clause(child))
            .collect()
    }

    /// `patterns when guard -> body`
    fn clause(&self, node: Node) -> Clause {
        let mut patterns = Vec::new();
        let mut guard = None;
        if let Some(left) = node.child_by_field_name("left") {
            let arguments = match left.kind() {
                "binary_operator"
                    if left
                        .child_by_field_name("operator")
                        .is_some_and(|op| self.text(op) == "when") =>
                {
                    guard = left
                        .child_by_field_name("right")
                        .map(|right| self.expr(right));
                    left.child_by_field_name("left")
                }
                _ => Some(left),
            };
            if let Some(arguments) = arguments {
                if arguments.kind() == "arguments" {
                    patterns = self.children(arguments);
                } else {
                    patterns.push(self.expr(arguments));
                }
            }
        }
        let body = node
            .child_by_field_name("right")
            .map_or_else(Vec::new, |body| self.children(body));
        Clause {
            patterns,
            guard,
            body,
            span: Self::span(node),
        }
    }

    fn binary(&self, node: Node) -> ExprKind {
        let (Some(left), Some(operator), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("operator"),
            node.child_by_field_name("right"),
        ) else {
            return ExprKind::Other("binary_operator".to_owned());
        };
        ExprKind::Binary {
            op: self.text(operator).to_owned(),
            left: Box::new(self.expr(left)),
            right: Box::new(self.expr(right)),
        }
    }

    fn unary(&self, node: Node) -> ExprKind {
        let (Some(operator), Some(operand)) = (
            node.child_by_field_name("operator"),
            node.child_by_field_name("operand"),
        ) else {
            return ExprKind::Other("unary_operator".to_owned());
        };
        ExprKind::Unary {
            op: self.text(operator).to_owned(),
            operand: Box::new(self.expr(operand)),
        }
    }

    /// Every comment in the tree, in source order.
    pub fn comments(&self, root: Node) -> Vec<Comment> {
        let mut comments = Vec::new();
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if node.kind() == "comment" {
                let line_start = self.source[..node.start_byte()]
                    .rfind('\n')
                    .map_or(0, |i| i + 1);
                comments.push(Comment {
                    text: self.text(node).trim_end()[1..].to_owned(),
                    line: node.start_position().row + 1,
                    trailing: !self.source[line_start..node.start_byte()].trim().is_empty(),
                });
                continue;
            }
            let mut cursor = node.walk();
            let children: Vec<Node> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
        comments
    }
}

fn find_child<'t>(node: Node<'t>, kind: &str) -> Option<Node<'t>> {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .find(|child| child.kind() == kind)
}

fn join_pieces(pieces: Vec<RawPiece<Expr>>) -> Vec<StrPart> {
    let mut parts: Vec<StrPart> = Vec::new();
    for piece in pieces {
        match piece {
            RawPiece::Source(text) | RawPiece::Escaped(text) => {
                if let Some(StrPart::Text(last)) = parts.last_mut() {
                    last.push_str(&text);
                } else if !text.is_empty() {
                    parts.push(StrPart::Text(text));
                }
            }
            RawPiece::Interpolation(expr) => parts.push(StrPart::Interpolation(expr)),
        }
    }
    parts
}

fn integer(text: &str) -> Option<i64> {
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    let (radix, digits) = match digits.get(..2) {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ => (10, digits.as_str()),
    };
    i64::from_str_radix(digits, radix).ok()
}
