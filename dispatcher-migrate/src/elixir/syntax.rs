//! The Elixir that `dispatcher.ex` files are written in, as a small typed
//! tree: just enough kinds of expression for rules, options and bodies.
//! Anything else is kept as [`ExprKind::Other`] with its source text, so the
//! converter can name it when it leaves it for the user.

/// Where an expression is in the source (lines are 1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub line: usize,
    pub end_line: usize,
    pub start_byte: usize,
    pub end_byte: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `conn`, `path`, `_`, `last_match` (a name without arguments).
    Var(String),
    /// `Plug.Conn`
    Alias(String),
    /// `:json` (without the colon).
    Atom(String),
    Int(i64),
    Bool(bool),
    Nil,
    /// A string, heredoc, `~s` or `~S` sigil, decoded.
    Str(Vec<StrPart>),
    /// `[a, b]` or `[a, b | tail]`; a trailing keyword list is one `Keywords` item.
    List {
        items: Vec<Expr>,
        tail: Option<Box<Expr>>,
    },
    /// `key: value, ...` without brackets (in argument lists and lists).
    Keywords(Vec<(String, Expr)>),
    /// `%{key: value}` or `%{key => value}`; `key:` keys are atoms.
    Map(Vec<(Expr, Expr)>),
    /// `{:ok, value}`
    Tuple(Vec<Expr>),
    Call(Call),
    /// `conn.query_string`: a field read on a value (not a module).
    Field {
        receiver: Box<Expr>,
        name: String,
    },
    /// `@json`, `-1`, `!x`, `not x`, `&fun/1`, `^pin`.
    Unary {
        op: String,
        operand: Box<Expr>,
    },
    /// `a <> b`, `conn |> f()`, `x = y`, `a == b`, `head | tail`, ...
    Binary {
        op: String,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `(a; b)`
    Block(Vec<Expr>),
    /// `fn pattern -> body end` (one or more clauses).
    Fn(Vec<Clause>),
    /// `fun.(args)`: a call of an anonymous function held in a value.
    AnonCall {
        fun: Box<Expr>,
        args: Vec<Expr>,
    },
    /// `~r/source/flags`, the source as written between the delimiters.
    Regex {
        source: String,
        flags: String,
    },
    /// Anything the converter has no use for, by tree-sitter node kind.
    Other(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum StrPart {
    Text(String),
    Interpolation(Expr),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub target: CallTarget,
    pub args: Vec<Expr>,
    pub do_block: Option<DoBlock>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CallTarget {
    /// `forward(...)`, `get "/x" do ... end`
    Local(String),
    /// `Proxy.forward(...)`, `IO.inspect(...)`
    Remote { module: Box<Expr>, name: String },
}

/// `do ... else ... end`
#[derive(Debug, Clone, PartialEq)]
pub struct DoBlock {
    pub body: Vec<Expr>,
    pub else_body: Option<Vec<Expr>>,
    /// Other clauses (`rescue`, `after`, `->` clauses) make the block unusable
    /// where a plain body is expected.
    pub has_clauses: bool,
    /// The `pattern -> body` clauses of the block (`case x do ... end`).
    pub clauses: Vec<Clause>,
    /// The clauses of a `rescue` block (`try do ... rescue _ -> ... end`).
    pub rescue: Option<Vec<Clause>>,
    /// A `catch`, `after` or clause-holding `else` block, which the
    /// converter does not translate.
    pub other_blocks: bool,
    pub span: Span,
}

/// `pattern1, pattern2 when guard -> body` in a `case`, `fn` or `rescue`.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub patterns: Vec<Expr>,
    pub guard: Option<Expr>,
    pub body: Vec<Expr>,
    pub span: Span,
}

/// A `# comment` (text after the `#`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub line: usize,
    /// The comment follows code on its line.
    pub trailing: bool,
}

/// A parsed `dispatcher.ex`: its top-level expressions and every comment.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    pub items: Vec<Expr>,
    pub comments: Vec<Comment>,
}

impl Expr {
    pub fn var(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::Var(name) => Some(name),
            _ => None,
        }
    }

    pub fn call(&self) -> Option<&Call> {
        match &self.kind {
            ExprKind::Call(call) => Some(call),
            _ => None,
        }
    }

    /// The text of a string without interpolation.
    pub fn plain_string(&self) -> Option<String> {
        let ExprKind::Str(parts) = &self.kind else {
            return None;
        };
        let mut text = String::new();
        for part in parts {
            match part {
                StrPart::Text(piece) => text.push_str(piece),
                StrPart::Interpolation(_) => return None,
            }
        }
        Some(text)
    }
}

impl Call {
    /// The name of a local call (`get`, `forward`).
    pub fn local_name(&self) -> Option<&str> {
        match &self.target {
            CallTarget::Local(name) => Some(name),
            CallTarget::Remote { .. } => None,
        }
    }

    /// `("Plug.Conn", "put_resp_header")` for a call on a module.
    pub fn remote_name(&self) -> Option<(&str, &str)> {
        match &self.target {
            CallTarget::Remote { module, name } => match &module.kind {
                ExprKind::Alias(alias) => Some((alias, name)),
                _ => None,
            },
            CallTarget::Local(_) => None,
        }
    }

    /// The function name, local or remote.
    pub fn name(&self) -> &str {
        match &self.target {
            CallTarget::Local(name) | CallTarget::Remote { name, .. } => name,
        }
    }
}
