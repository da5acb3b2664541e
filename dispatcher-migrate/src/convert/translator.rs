//! The state of a body's translation and the vocabulary its parts share:
//! the [`Translator`] (whose methods live in `body`, `flow` and `value`,
//! one file per kind of construct), the translated [`Value`]s and their
//! [`Ty`]pes, the scopes' [`Binding`]s, the functions bodies call, and the
//! error of a construct that cannot be translated. Kept apart so that those
//! three files depend on it and not on one another.

use std::collections::{HashSet, VecDeque};

use crate::elixir::syntax::{Clause, Comment, Span};
use crate::report::Kind;
use crate::rust_syntax::{self, string_literal};

use super::Module;

/// A construct the converter cannot write in Rust, and why.
#[derive(Debug)]
pub struct Unconvertible {
    pub span: Span,
    pub why: String,
}

pub type Converted<T> = Result<T, Unconvertible>;

pub fn unconvertible<T>(span: Span, why: impl Into<String>) -> Converted<T> {
    Err(Unconvertible {
        span,
        why: why.into(),
    })
}

/// A report line produced while translating a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub line: usize,
    pub kind: Kind,
    pub message: String,
}

/// A name the body can use: a capture, a local variable, `conn`.
#[derive(Debug, Clone)]
pub struct Binding {
    pub elixir: String,
    pub value: Value,
}

/// The translation of one body.
pub struct Translator<'m> {
    pub module: &'m Module<'m>,
    /// Innermost scope last.
    pub scopes: Vec<Vec<Binding>>,
    /// The Rust lines written so far, for the block being translated.
    pub lines: Vec<String>,
    pub issues: Vec<Issue>,
    /// Rust names in use, so that introduced names do not clash.
    pub taken: HashSet<String>,
    /// How many helpers deep the translation is.
    pub depth: usize,
    /// The comments inside the rule's body, not placed yet (source order).
    pub comments: VecDeque<Comment>,
    /// The anonymous functions seen so far (values refer to them by index).
    pub closures: Vec<ClosureDef>,
    /// The `try` blocks being translated, innermost last.
    pub try_labels: Vec<TryLabel>,
    /// The helpers being inlined (their whole `defp`), innermost last.
    pub helpers_inlined: Vec<Span>,
}

/// An anonymous function, with the variables it saw where it was written.
#[derive(Debug, Clone)]
pub struct ClosureDef {
    pub clauses: Vec<Clause>,
    pub scopes: Vec<Vec<Binding>>,
}

/// A `try` being translated: its block label and whether anything in it
/// can raise.
#[derive(Debug, Clone)]
pub struct TryLabel {
    pub name: String,
    pub raised: bool,
}

/// Where a translated construct stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// It answers the request (an `Action` expression).
    Action,
    /// It gives a value or is a statement.
    Value,
}

/// The Rust type of a translated value, as far as the converter needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `&str`
    Str,
    String,
    /// A `*path` capture or `conn.segments()`.
    Segments,
    /// A `..rest` host capture.
    Labels,
    /// `[&str; N]`
    Array,
    /// `Vec<&str>`
    List,
    Int,
    Bool,
    Conn,
    /// `std::env::var(...)`: a `Result<String, VarError>`, Elixir's nil-able string.
    EnvVar,
    /// A nil-able string held as `Option<String>` or `Option<&str>`
    /// (`conn.query_param(...)`, `Map.get(...)`).
    OptStr,
    /// `Vec<Vec<&str>>`: the matches of `Regex.scan`.
    Lists,
    /// `dispatcher::form::Query`: a decoded query string (`URI.decode_query`).
    QueryMap,
    /// A tuple known at conversion time (`{:ok, value}`); its items are in
    /// [`Value::tuple`].
    Tuple,
    /// An anonymous function (`fn -> ... end`), inlined where it is called;
    /// [`Value::closure`] says which.
    Closure,
    /// A `~r` regex; the code is the Rust pattern as a string literal.
    Regex,
    /// A variable whose assignment was left for the user: accepted anywhere,
    /// so one unconverted construct gives one `compile_error!`.
    Unknown,
}

/// A translated value: Rust code and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub code: String,
    pub ty: Ty,
    /// The text of a string literal (for checks made at conversion time).
    pub literal: Option<String>,
    /// The parts of a string built with `format!`, so that a string built
    /// from it is one `format!` rather than nested ones.
    pub pieces: Option<Vec<Piece>>,
    /// The items of a [`Ty::Tuple`].
    pub tuple: Option<Vec<TupleItem>>,
    /// The anonymous function of a [`Ty::Closure`] (an index of the
    /// translator's closures).
    pub closure: Option<usize>,
}

/// An item of a tuple known at conversion time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TupleItem {
    Atom(String),
    Value(Value),
}

impl Value {
    pub fn new(code: impl Into<String>, ty: Ty) -> Self {
        Value {
            code: code.into(),
            ty,
            literal: None,
            pieces: None,
            tuple: None,
            closure: None,
        }
    }

    pub fn literal(text: String) -> Self {
        Value {
            literal: Some(text.clone()),
            ..Value::new(string_literal(&text), Ty::Str)
        }
    }

    /// A `&str` argument for a function taking one.
    pub fn as_str_arg(&self) -> String {
        match self.ty {
            Ty::String if rust_syntax::is_identifier(&self.code) => format!("&{}", self.code),
            Ty::String => format!("&({})", self.code),
            _ => self.code.clone(),
        }
    }

    /// The same value held in the variable `name`.
    pub fn in_variable(self, name: String) -> Self {
        Value {
            tuple: self.tuple,
            closure: self.closure,
            ..Value::new(name, self.ty)
        }
    }

    /// A variable or literal: cheap and safe to repeat.
    pub fn is_simple(&self) -> bool {
        self.literal.is_some()
            || rust_syntax::is_identifier(&self.code)
            || self.code.parse::<i64>().is_ok()
    }

    pub fn is_list(&self) -> bool {
        matches!(
            self.ty,
            Ty::Segments | Ty::Labels | Ty::Array | Ty::List | Ty::Unknown
        )
    }

    /// As a slice of segments: `&x[..]`.
    pub fn slice(&self) -> String {
        format!("&{}[..]", self.code)
    }
}

/// A part of a string being built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Value(Value),
}

/// The functions bodies call, by what they do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function<'a> {
    Forward,
    SendResp,
    Halt,
    PutRespHeader,
    PutReqHeader,
    DeleteReqHeader,
    PutRespContentType,
    Inspect,
    Puts,
    /// A `Logger` call, with its `tracing` level.
    Log(&'static str),
    GetEnv,
    Join,
    ToString,
    /// A `String` function, by name.
    OnString(&'a str),
    /// `URI.encode_www_form/1`
    EncodeWwwForm,
    /// `URI.decode_www_form/1`
    DecodeWwwForm,
    /// `URI.decode_query/1`
    DecodeQuery,
    /// `Map.get/2,3`
    MapGet,
    /// `Enum.reverse/1`
    Reverse,
    /// `Enum.map/2`
    Map,
    /// `Regex.scan/2`
    RegexScan,
    /// `Plug.Conn.get_req_header/2`
    GetReqHeader,
    /// `inspect/1`
    InspectValue,
    If {
        negate: bool,
    },
    Helper(&'a str),
    Unknown,
}
