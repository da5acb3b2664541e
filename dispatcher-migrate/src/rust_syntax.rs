//! The few Rust tokens the converter writes by hand: string literals,
//! format strings and identifiers made from Elixir names.

/// A Rust string literal for `text`: a raw string when that avoids escaped
/// quotes (JSON bodies), else an ordinary one with escapes.
pub fn string_literal(text: &str) -> String {
    let plain = !text.chars().any(char::is_control);
    if plain && text.contains('"') && !text.contains("\"#") {
        return format!("r#\"{text}\"#");
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    out.push('"');
    out
}

/// A raw string literal for `text` (`r"..."`, with as many `#` as needed).
pub fn raw_string_literal(text: &str) -> String {
    let mut hashes = String::new();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

/// A format string (`format!`, `tracing::info!`) whose literal parts are
/// `pieces` and whose holes are `{}` or `{name}`, already in `template`:
/// the template keeps its holes and only the text is escaped here.
pub fn format_literal(template: &[FormatPiece]) -> String {
    let text: String = template
        .iter()
        .map(|piece| match piece {
            FormatPiece::Text(text) => text.replace('{', "{{").replace('}', "}}"),
            FormatPiece::Hole(name) => format!("{{{name}}}"),
        })
        .collect();
    string_literal(&text)
}

/// A part of a format string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatPiece {
    Text(String),
    /// `{}` (empty name) or `{name}`.
    Hole(String),
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

const KEYWORDS: [&str; 52] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
];

/// A Rust variable name for an Elixir one: keywords get a trailing `_`,
/// characters Rust does not allow become `_`.
pub fn identifier(name: &str) -> String {
    let mut ident: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, '_');
    }
    if KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// Whether `name` can be written as it is in Rust.
pub fn is_identifier(name: &str) -> bool {
    identifier(name) == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_bodies_become_raw_strings() {
        assert_eq!(
            string_literal(r#"{ "error": 1 }"#),
            r##"r#"{ "error": 1 }"#"##
        );
        assert_eq!(string_literal("a\nb\"c"), r#""a\nb\"c""#);
        assert_eq!(string_literal("plain"), "\"plain\"");
    }

    #[test]
    fn format_strings_escape_braces_in_text_only() {
        let template = [
            FormatPiece::Text("{\"id\": \"".to_owned()),
            FormatPiece::Hole("id".to_owned()),
            FormatPiece::Text("\"}".to_owned()),
        ];
        assert_eq!(format_literal(&template), r##"r#"{{"id": "{id}"}}"#"##);
    }

    #[test]
    fn keywords_and_odd_names_become_identifiers() {
        assert_eq!(identifier("type"), "type_");
        assert_eq!(identifier("file-id"), "file_id");
        assert_eq!(identifier("valid?"), "valid_");
        assert_eq!(identifier("id"), "id");
        assert!(is_identifier("_rest"));
    }
}
