//! `dispatcher-migrate`: converts a mu-dispatcher `dispatcher.ex` into the
//! `dispatcher.rs` rules file of this workspace, and reports what it fixed,
//! what differs and what it left for the user.
//!
//! The work is done in three stages, each in its own module: [`elixir`]
//! parses the file, [`convert`] turns its module into a [`rules_file`]
//! model (with a [`report`]), and [`emit`] writes the model as Rust.
//!
//! Parsing uses tree-sitter-elixir, the grammar the elixir-lang
//! organisation maintains, through the `tree-sitter` crate. A hand-written
//! parser for "the subset dispatcher.ex files use" would have to know that
//! subset in advance; with a complete grammar every valid file parses
//! (heredocs, sigils, interpolation, `do:` forms, pipelines), and what the
//! converter does not understand is reported by name instead of failing
//! the parse. The C parser it compiles is the price.
//!
//! Exit codes of the binary: 0 when the output is usable as it is, 1 when
//! it holds `compile_error!`s for constructs left for the user, 2 when the
//! input cannot be read or is not valid Elixir.

pub mod convert;
pub mod elixir;
pub mod emit;
pub mod report;
pub mod rules_file;
pub mod rust_syntax;

use elixir::ParseError;
use report::Report;

/// The result of converting one file.
pub struct Migration {
    /// The complete `dispatcher.rs`.
    pub rules: String,
    pub report: Report,
}

impl Migration {
    /// Whether the rules compile as they are (no construct left for the user).
    pub fn is_usable(&self) -> bool {
        !self.report.has_leftovers()
    }
}

/// Converts the text of a `dispatcher.ex`; `source_name` names it in the
/// output's header.
pub fn migrate(source: &str, source_name: &str) -> Result<Migration, Vec<ParseError>> {
    let parsed = elixir::parse(source)?;
    let conversion = convert::convert(source, &parsed, source_name);
    Ok(Migration {
        rules: emit::rules_file(&conversion.file),
        report: conversion.report,
    })
}
