//! The report on stderr: one line per thing the user should know about the
//! conversion (each fix, each rule kept as a comment, each difference from
//! mu-dispatcher, each construct left for them), then a summary.

use std::fmt::Write as _;

/// What kind of news a report line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Something the macro refuses, changed where the intent is unambiguous.
    Fixed,
    /// A rule that can never fire, kept as a comment.
    NeverFires,
    /// The converted rule routes differently than mu-dispatcher did (a
    /// documented row of docs/differences-from-mu-dispatcher.md).
    Differs,
    /// Not converted: the output holds a `compile_error!` in its place.
    LeftForUser,
    /// Left out of the output because it has no effect there.
    Dropped,
    /// Worth knowing, changes nothing.
    Note,
    /// A fix that would change requests mu-dispatcher answered: not
    /// applied; the exact edit is a comment beside the rule.
    Suggestion,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Fixed => "fixed",
            Kind::NeverFires => "kept as a comment",
            Kind::Differs => "differs",
            Kind::LeftForUser => "left for you",
            Kind::Dropped => "dropped",
            Kind::Note => "note",
            Kind::Suggestion => "suggestion",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Line in `dispatcher.ex`; `None` for the file as a whole.
    pub line: Option<usize>,
    pub kind: Kind,
    pub message: String,
    /// The rules this entry is about (their lines), for counting fixed rules.
    pub rules: Vec<usize>,
}

/// Everything the conversion has to say, collected as it goes.
#[derive(Debug, Default, Clone)]
pub struct Report {
    entries: Vec<Entry>,
    /// Rules written out active (not as comments).
    pub rules_converted: usize,
    /// Rules written out as comments because they can never fire.
    pub rules_disabled: usize,
}

impl Report {
    pub fn add(&mut self, line: Option<usize>, kind: Kind, message: impl Into<String>) {
        self.push(Entry {
            line,
            kind,
            message: message.into(),
            rules: Vec::new(),
        });
    }

    /// An entry about the rules that start on `rule_lines`.
    pub fn about_rules(
        &mut self,
        rule_lines: Vec<usize>,
        line: usize,
        kind: Kind,
        message: impl Into<String>,
    ) {
        self.push(Entry {
            line: Some(line),
            kind,
            message: message.into(),
            rules: rule_lines,
        });
    }

    fn push(&mut self, entry: Entry) {
        // A helper inlined in several rules reports its problems once.
        if !self.entries.contains(&entry) {
            self.entries.push(entry);
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.entries
            .iter()
            .filter(|entry| entry.kind == kind)
            .count()
    }

    /// Rules that received at least one fix.
    pub fn rules_fixed(&self) -> usize {
        let mut rules: Vec<usize> = self
            .entries
            .iter()
            .filter(|entry| entry.kind == Kind::Fixed)
            .flat_map(|entry| entry.rules.iter().copied())
            .collect();
        rules.sort_unstable();
        rules.dedup();
        rules.len()
    }

    /// Whether the output needs the user's hand before it compiles.
    pub fn has_leftovers(&self) -> bool {
        self.count(Kind::LeftForUser) > 0
    }

    /// The report as printed: `file:line: kind: message` lines in line
    /// order, whole-file lines after them, and the summary.
    pub fn render(&self, file: &str) -> String {
        let mut entries: Vec<&Entry> = self.entries.iter().collect();
        entries.sort_by_key(|entry| (entry.line.is_none(), entry.line));
        let mut out = String::new();
        for entry in entries {
            let _ = match entry.line {
                Some(line) => writeln!(
                    out,
                    "{file}:{line}: {}: {}",
                    entry.kind.label(),
                    entry.message
                ),
                None => writeln!(out, "{file}: {}: {}", entry.kind.label(), entry.message),
            };
        }
        let never = self.rules_disabled;
        let left = self.count(Kind::LeftForUser);
        let _ = writeln!(
            out,
            "summary: {} converted, {} fixed, {} kept as {} (never fire{}), {} left for you",
            plural(self.rules_converted, "rule"),
            plural(self.rules_fixed(), "rule"),
            plural(never, "rule"),
            if never == 1 { "a comment" } else { "comments" },
            if never == 1 { "s" } else { "" },
            plural(left, "construct"),
        );
        out
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_sorted_and_the_summary_counts_fixed_rules_once() {
        let mut report = Report {
            rules_converted: 3,
            rules_disabled: 0,
            ..Report::default()
        };
        report.about_rules(vec![9], 10, Kind::Fixed, "second fix of the rule");
        report.about_rules(vec![9], 9, Kind::Fixed, "first fix of the rule");
        report.add(None, Kind::Note, "whole file");
        report.add(Some(2), Kind::LeftForUser, "a construct");
        report.add(Some(2), Kind::LeftForUser, "a construct");
        assert_eq!(
            report.render("d.ex"),
            "d.ex:2: left for you: a construct\n\
             d.ex:9: fixed: first fix of the rule\n\
             d.ex:10: fixed: second fix of the rule\n\
             d.ex: note: whole file\n\
             summary: 3 rules converted, 1 rule fixed, 0 rules kept as comments (never fire), 1 construct left for you\n"
        );
        assert!(report.has_leftovers());
    }
}
