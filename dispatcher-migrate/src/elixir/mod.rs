//! Parse: `dispatcher.ex` source into the small Elixir tree of [`syntax`].
//!
//! The grammar is tree-sitter-elixir (maintained by the elixir-lang
//! organisation), so every construct Elixir allows parses, including
//! heredocs, sigils and interpolation; [`lower`] keeps what the converter
//! needs and marks the rest as `Other` for it to report.

mod lower;
mod strings;
pub mod syntax;

use thiserror::Error;

use lower::Lowering;
use syntax::SourceFile;

/// Why a file is not Elixir the converter can read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("the Elixir grammar could not be loaded: {0}")]
    Grammar(String),
    #[error("line {line}: this is not valid Elixir ({what})")]
    Syntax { line: usize, what: String },
}

/// Parses a whole file; any syntax error is reported (mu-dispatcher could
/// not have loaded the file either).
pub fn parse(source: &str) -> Result<SourceFile, Vec<ParseError>> {
    let mut parser = tree_sitter::Parser::new();
    parser
        .set_language(&tree_sitter_elixir::LANGUAGE.into())
        .map_err(|error| vec![ParseError::Grammar(error.to_string())])?;
    let Some(tree) = parser.parse(source, None) else {
        return Err(vec![ParseError::Grammar(
            "the parser gave no tree".to_owned(),
        )]);
    };
    let root = tree.root_node();
    if root.has_error() {
        return Err(syntax_errors(root, source));
    }
    let misplaced = reserved_words(root, source);
    if !misplaced.is_empty() {
        return Err(misplaced);
    }
    let lowering = Lowering {
        source,
        depth: std::cell::Cell::new(0),
    };
    Ok(SourceFile {
        items: lowering.children(root),
        comments: lowering.comments(root),
    })
}

/// Reserved words where a name stands, which the grammar reads as names
/// but Elixir refuses (`unexpected reserved word: end`): a `do` block left
/// without its `do` leaves its `end` behind.
fn reserved_words(root: tree_sitter::Node, source: &str) -> Vec<ParseError> {
    const RESERVED: [&str; 6] = ["end", "do", "else", "catch", "rescue", "after"];
    let mut errors = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier" {
            let text = &source[node.byte_range()];
            if RESERVED.contains(&text) {
                errors.push(ParseError::Syntax {
                    line: node.start_position().row + 1,
                    what: format!("unexpected reserved word `{text}`"),
                });
            }
            continue;
        }
        let mut cursor = node.walk();
        let children: Vec<_> = node.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    errors
}

/// The outermost erroneous or missing nodes, in source order.
fn syntax_errors(root: tree_sitter::Node, source: &str) -> Vec<ParseError> {
    let mut errors = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            let line = node.start_position().row + 1;
            let what = if node.is_missing() {
                format!("`{}` is missing", node.kind())
            } else {
                let text: String = source[node.byte_range()]
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim()
                    .chars()
                    .take(40)
                    .collect();
                format!("unexpected `{text}`")
            };
            errors.push(ParseError::Syntax { line, what });
            continue;
        }
        if node.has_error() {
            let mut cursor = node.walk();
            let children: Vec<_> = node.children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
    }
    errors
}
