//! Collects every error of one `dispatcher!` invocation so that a user with
//! three bad rules sees three errors in one build (serde_derive's Ctxt idea).

use std::fmt::Display;
use std::ops::Range;

use proc_macro2::Span;
use syn::LitStr;

#[derive(Default)]
pub struct Errors {
    errors: Vec<syn::Error>,
}

impl Errors {
    pub fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    pub fn at(&mut self, span: Span, message: impl Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    /// An error about the characters `range` (byte offsets into the string's
    /// value) of a string literal. Points at exactly those characters when
    /// the compiler can (nightly, plain literal); otherwise at the literal,
    /// with the string and a caret under the fault in the message.
    pub fn in_literal(&mut self, literal: &LitStr, range: Range<usize>, message: impl Display) {
        let value = literal.value();
        let token = literal.token();
        let plain = token.to_string() == format!("\"{value}\"");
        if plain && let Some(span) = token.subspan(range.start + 1..range.end + 1) {
            self.at(span, message);
            return;
        }
        let start = value.get(..range.start).map_or(0, |s| s.chars().count());
        let width = value
            .get(range.clone())
            .map_or(1, |s| s.chars().count().max(1));
        let excerpt = format!(
            "{message}\n  \"{value}\"\n   {}{}",
            " ".repeat(start),
            "^".repeat(width)
        );
        self.at(literal.span(), excerpt);
    }

    /// All errors as one, or `Ok` when there were none.
    pub fn finish(self) -> Result<(), syn::Error> {
        let mut errors = self.errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}

/// The candidate closest to `name`, if one is close enough to be a typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len().max(name.len()) / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// "`a`, `b` and `c`" for messages.
pub fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    join(items, "and")
}

/// "`a`, `b` or `c`" for messages.
pub fn choice<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    join(items, "or")
}

fn join<'a>(items: impl IntoIterator<Item = &'a str>, conjunction: &str) -> String {
    let items: Vec<String> = items.into_iter().map(|item| format!("`{item}`")).collect();
    match items.as_slice() {
        [] => "none".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// ", did you mean `x`?" or nothing.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(name, candidates).map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}
