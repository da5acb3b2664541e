//! The few pieces of Elixir's standard library that rule bodies converted
//! from a `dispatcher.ex` by `dispatcher-migrate` call, with Elixir's
//! behaviour: `Regex.scan/2` ([`regex_scan`]), `inspect/1` ([`inspect`]),
//! and a raised exception ([`raise`], what mu-dispatcher answered with a 500).
//! Form-urlencoding (`URI.encode_www_form/1`, `URI.decode_query/1`) is in
//! [`form`](crate::form).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

use crate::action::Action;
use crate::conn::RuleError;
use crate::conn::{Labels, Segments};

/// `Regex.scan(~r/pattern/, subject)`: for each match, the whole match
/// followed by the groups; a group that did not take part is `""`, except
/// after the last group that did, where Elixir leaves them out.
///
/// `pattern` is Rust `regex` syntax (dispatcher-migrate checks and
/// translates the Elixir one); it is compiled once. A pattern that does not
/// compile matches nothing (and is logged).
///
/// ```
/// let found = dispatcher::elixir::regex_scan(r"(\w+)=(\d+)?", "a=1 b=");
/// assert_eq!(found, vec![vec!["a=1", "a", "1"], vec!["b=", "b"]]);
/// ```
pub fn regex_scan<'t>(pattern: &'static str, subject: &'t str) -> Vec<Vec<&'t str>> {
    let Some(regex) = compiled(pattern) else {
        return Vec::new();
    };
    regex
        .captures_iter(subject)
        .map(|captures| {
            let mut groups: Vec<&str> = Vec::with_capacity(captures.len());
            let mut taken = 0;
            for (index, group) in captures.iter().enumerate() {
                groups.push(group.map_or("", |group| group.as_str()));
                if group.is_some() {
                    taken = index + 1;
                }
            }
            groups.truncate(taken.max(1));
            groups
        })
        .collect()
}

fn compiled(pattern: &'static str) -> Option<Regex> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache
        .entry(pattern)
        .or_insert_with(|| match Regex::new(pattern) {
            Ok(regex) => Some(regex),
            Err(error) => {
                tracing::error!(%pattern, %error, "Regex.scan: the pattern does not compile");
                None
            }
        })
        .clone()
}

/// What `raise` did in a mu-dispatcher rule body: the request fails with a
/// 500 that names `message`.
pub fn raise(message: impl Into<String>) -> Action {
    Action::Fail(RuleError {
        message: message.into(),
    })
}

/// `inspect/1`: the value as Elixir shows it (`"text"` with escapes,
/// `["a", "b"]`, `nil`, `12`).
///
/// ```
/// use dispatcher::elixir::inspect;
/// assert_eq!(inspect("say \"hi\"\n"), r#""say \"hi\"\n""#);
/// assert_eq!(inspect(&["a", "b"][..]), r#"["a", "b"]"#);
/// assert_eq!(inspect(&None::<String>), "nil");
/// ```
pub fn inspect<T: Inspect + ?Sized>(value: &T) -> String {
    let mut out = String::new();
    value.inspect_into(&mut out);
    out
}

/// A value `inspect/1` can show.
pub trait Inspect {
    fn inspect_into(&self, out: &mut String);
}

impl Inspect for str {
    fn inspect_into(&self, out: &mut String) {
        if !self.chars().all(printable) {
            // Elixir shows a binary that is not printable as its bytes.
            out.push_str("<<");
            for (index, byte) in self.bytes().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{byte}");
            }
            out.push_str(">>");
            return;
        }
        out.push('"');
        let mut chars = self.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '#' if chars.peek() == Some(&'{') => out.push_str("\\#"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{0B}' => out.push_str("\\v"),
                '\u{08}' => out.push_str("\\b"),
                '\u{0C}' => out.push_str("\\f"),
                '\u{1B}' => out.push_str("\\e"),
                '\u{7F}' => out.push_str("\\d"),
                '\u{07}' => out.push_str("\\a"),
                c => out.push(c),
            }
        }
        out.push('"');
    }
}

/// Elixir's `String.printable?/1`, per character.
fn printable(c: char) -> bool {
    matches!(c,
        '\u{20}'..='\u{7E}'
        | '\u{A0}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}'
        | '\n' | '\r' | '\t' | '\u{0B}' | '\u{08}' | '\u{0C}' | '\u{1B}' | '\u{7F}' | '\u{07}')
}

impl Inspect for String {
    fn inspect_into(&self, out: &mut String) {
        self.as_str().inspect_into(out);
    }
}

impl<T: Inspect + ?Sized> Inspect for &T {
    fn inspect_into(&self, out: &mut String) {
        (**self).inspect_into(out);
    }
}

impl<T: Inspect> Inspect for [T] {
    fn inspect_into(&self, out: &mut String) {
        out.push('[');
        for (index, item) in self.iter().enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            item.inspect_into(out);
        }
        out.push(']');
    }
}

impl<T: Inspect, const N: usize> Inspect for [T; N] {
    fn inspect_into(&self, out: &mut String) {
        self[..].inspect_into(out);
    }
}

impl<T: Inspect> Inspect for Vec<T> {
    fn inspect_into(&self, out: &mut String) {
        self[..].inspect_into(out);
    }
}

impl Inspect for Segments<'_> {
    fn inspect_into(&self, out: &mut String) {
        self.as_slice().inspect_into(out);
    }
}

impl Inspect for Labels<'_> {
    fn inspect_into(&self, out: &mut String) {
        self.as_slice().inspect_into(out);
    }
}

impl<T: Inspect> Inspect for Option<T> {
    fn inspect_into(&self, out: &mut String) {
        match self {
            Some(value) => value.inspect_into(out),
            None => out.push_str("nil"),
        }
    }
}

macro_rules! inspect_display {
    ($($ty:ty),*) => {$(
        impl Inspect for $ty {
            fn inspect_into(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        }
    )*};
}

inspect_display!(i64, i32, u16, u32, u64, usize, bool);

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from Elixir 1.14 for the same inputs.

    #[test]
    fn strings_are_inspected_like_elixir() {
        assert_eq!(inspect("abc"), r#""abc""#);
        assert_eq!(inspect("a\"b"), r#""a\"b""#);
        assert_eq!(inspect("a\\b"), r#""a\\b""#);
        assert_eq!(inspect("a\nb\tc\rd"), r#""a\nb\tc\rd""#);
        assert_eq!(inspect("#{x}"), r##""\#{x}""##);
        assert_eq!(inspect("a#b"), r#""a#b""#);
        assert_eq!(inspect("é"), r#""é""#);
        assert_eq!(inspect("\u{1B}\u{07}\u{7F}"), r#""\e\a\d""#);
        assert_eq!(inspect("\u{01}"), "<<1>>");
        assert_eq!(inspect("\u{85}"), "<<194, 133>>");
    }

    #[test]
    fn lists_options_and_numbers() {
        assert_eq!(inspect(&vec!["a", "b\n"]), r#"["a", "b\n"]"#);
        assert_eq!(inspect(&Vec::<&str>::new()), "[]");
        assert_eq!(inspect(&Some("x")), r#""x""#);
        assert_eq!(inspect(&None::<&str>), "nil");
        assert_eq!(inspect(&12_i64), "12");
        assert_eq!(inspect(&true), "true");
    }

    #[test]
    fn scan_leaves_out_trailing_groups_that_did_not_take_part() {
        assert_eq!(
            regex_scan(r"a(b)?", "a ab"),
            vec![vec!["a"], vec!["ab", "b"]]
        );
        assert_eq!(regex_scan(r"a(b)?(c)", "ac"), vec![vec!["ac", "", "c"]]);
        assert_eq!(
            regex_scan(
                r#""name"\s*:\s*"([^"]+)""#,
                r#"[{"name": "admin"}, {"name":"x"}]"#
            ),
            vec![
                vec![r#""name": "admin""#, "admin"],
                vec![r#""name":"x""#, "x"]
            ]
        );
        assert!(regex_scan(r"(", "x").is_empty());
    }

    #[test]
    fn raise_fails_the_request() {
        assert!(matches!(raise("boom"), Action::Fail(RuleError { message }) if message == "boom"));
    }
}
