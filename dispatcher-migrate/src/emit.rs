//! Emit: writes a [`RulesFile`] as the text of `dispatcher.rs`, in the
//! layout of the hand-written examples (one blank line between items, four
//! spaces of indentation, comments where they stood).

use std::fmt::Write as _;

use crate::rules_file::{
    Body, CommentLine, Host, HostLabel, Item, OptionEntry, Options, Placed, Rule, RuleOptions,
    RulesFile,
};
use crate::rust_syntax::string_literal;

const INDENT: &str = "    ";

pub fn rules_file(file: &RulesFile) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "//! The routing rules of this stack, converted from `{}` by dispatcher-migrate.\n\
         //! Edit them and rebuild; see docs/rules.md and docs/migrating.md.",
        file.source_name
    );
    out.push('\n');
    if !file.header.is_empty() {
        comments(&mut out, &file.header, "");
        out.push('\n');
    }
    out.push_str("use dispatcher::prelude::*;\n\n");
    for (line, message) in &file.leftovers {
        let _ = writeln!(
            out,
            "compile_error!({});\n",
            string_literal(&format!("dispatcher.ex line {line}: {message}"))
        );
    }
    out.push_str("dispatcher! {\n");
    for (index, placed) in file.items.iter().enumerate() {
        if index > 0 && placed.blank_before {
            out.push('\n');
        }
        item(&mut out, placed);
    }
    if !file.footer.is_empty() {
        if !file.items.is_empty() {
            out.push('\n');
        }
        comments(&mut out, &file.footer, INDENT);
    }
    out.push_str("}\n");
    out
}

fn comments(out: &mut String, lines: &[CommentLine], indent: &str) {
    for line in lines {
        match line {
            CommentLine::Text(text) => {
                let _ = writeln!(out, "{indent}{}", comment(text));
            }
            CommentLine::Blank => out.push('\n'),
        }
    }
}

/// `# text` as `// text`; never `///` or `//!`, which would be doc
/// comments, i.e. tokens inside the macro.
pub fn comment(text: &str) -> String {
    if text.is_empty() || text.starts_with(' ') {
        format!("//{text}")
    } else {
        format!("// {text}")
    }
}

fn item(out: &mut String, placed: &Placed) {
    comments(out, &placed.leading, INDENT);
    let trailing = placed
        .trailing
        .as_ref()
        .map_or(String::new(), |text| format!(" {}", comment(text)));
    match &placed.item {
        Item::Nothing => {}
        Item::AcceptTypes(aliases) => {
            let _ = writeln!(out, "{INDENT}define_accept_types! {{{trailing}");
            for (name, types) in aliases {
                let types: Vec<String> = types.iter().map(|t| string_literal(t)).collect();
                let _ = writeln!(out, "{INDENT}{INDENT}{name}: [{}],", types.join(", "));
            }
            let _ = writeln!(out, "{INDENT}}}");
        }
        Item::Layers(layers) => {
            let _ = writeln!(
                out,
                "{INDENT}define_layers![{}];{trailing}",
                layers.join(", ")
            );
        }
        Item::OptionSet { name, options: set } => {
            let _ = writeln!(out, "{INDENT}@{name} = {};{trailing}", options(set));
        }
        Item::Rule(rule) => {
            for note in &rule.notes {
                let _ = writeln!(out, "{INDENT}{}", comment(note));
            }
            for line in rule_lines(rule, &trailing) {
                let _ = writeln!(out, "{INDENT}{line}");
            }
        }
        Item::Disabled { rule, reason } => {
            for line in reason.lines() {
                let _ = writeln!(out, "{INDENT}{}", comment(line));
            }
            for line in rule_lines(rule, &trailing) {
                if line.is_empty() {
                    let _ = writeln!(out, "{INDENT}//");
                } else {
                    let _ = writeln!(out, "{INDENT}// {line}");
                }
            }
        }
    }
}

/// `verb!(pattern, options) { body }`, one string per line.
pub fn rule_lines(rule: &Rule, trailing: &str) -> Vec<String> {
    let options = match &rule.options {
        RuleOptions::Any => "_".to_owned(),
        RuleOptions::Named(name) => format!("@{name}"),
        RuleOptions::Inline(set) => options(set),
        RuleOptions::Elixir(text) => text.clone(),
    };
    let mut lines = vec![format!(
        "{}!({}, {options}) {{{trailing}",
        rule.verb,
        string_literal(&rule.pattern)
    )];
    lines.extend(body_lines(&rule.body));
    lines.push("}".to_owned());
    lines
}

fn body_lines(body: &Body) -> impl Iterator<Item = String> + '_ {
    body.lines.iter().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!("{INDENT}{line}")
        }
    })
}

/// `{ accept: json, layer: api }`, or `{}` for an empty set.
pub fn options(set: &Options) -> String {
    if set.entries.is_empty() {
        return "{}".to_owned();
    }
    let entries: Vec<String> = set.entries.iter().map(option_entry).collect();
    format!("{{ {} }}", entries.join(", "))
}

fn option_entry(entry: &OptionEntry) -> String {
    match entry {
        OptionEntry::Accept(aliases) if aliases.len() == 1 => format!("accept: {}", aliases[0]),
        OptionEntry::Accept(aliases) => format!("accept: [{}]", aliases.join(", ")),
        OptionEntry::Host(Host::Text(text)) => format!("host: {}", string_literal(text)),
        OptionEntry::Host(Host::Labels {
            reverse,
            labels,
            rest,
        }) => {
            let mut items: Vec<String> = labels
                .iter()
                .map(|label| match label {
                    HostLabel::Literal(text) => string_literal(text),
                    HostLabel::Capture(name) => name.clone(),
                    HostLabel::Any => "_".to_owned(),
                })
                .collect();
            if let Some(rest) = rest {
                items.push(format!("..{}", rest.as_deref().unwrap_or("")));
            }
            let key = if *reverse { "reverse_host" } else { "host" };
            format!("{key}: [{}]", items.join(", "))
        }
        OptionEntry::Layer(layer) => format!("layer: {layer}"),
        OptionEntry::LastCall => "last_call: true".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_never_become_doc_comments() {
        assert_eq!(comment("/ slash"), "// / slash");
        assert_eq!(comment("! bang"), "// ! bang");
        assert_eq!(comment("##########"), "// ##########");
        assert_eq!(comment(" plain"), "// plain");
        assert_eq!(comment(""), "//");
    }

    #[test]
    fn a_rule_is_written_like_the_examples() {
        let rule = Rule {
            line: 3,
            verb: "match".to_owned(),
            pattern: "/themes/*path".to_owned(),
            options: RuleOptions::Inline(Options {
                entries: vec![
                    OptionEntry::Accept(vec!["json".to_owned()]),
                    OptionEntry::Host(Host::Labels {
                        reverse: true,
                        labels: vec![HostLabel::Literal("dev".to_owned()), HostLabel::Any],
                        rest: Some(Some("_rest".to_owned())),
                    }),
                ],
            }),
            body: Body {
                lines: vec!["forward(conn, path, \"http://resource/themes/\")".to_owned()],
            },
            notes: Vec::new(),
        };
        assert_eq!(
            rule_lines(&rule, "").join("\n"),
            "match!(\"/themes/*path\", { accept: json, reverse_host: [\"dev\", _, .._rest] }) {\n    \
             forward(conn, path, \"http://resource/themes/\")\n}"
        );
    }
}
