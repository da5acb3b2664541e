//! The text of Elixir string literals: escape sequences, and the indentation
//! rule of heredocs (`"""`), which strips the closing delimiter's indentation
//! from every line.

/// A piece of a string literal as written, before the heredoc rule applies.
pub enum RawPiece<T> {
    /// Source text between escapes and interpolations.
    Source(String),
    /// The character(s) an escape sequence stands for.
    Escaped(String),
    Interpolation(T),
}

/// What an escape sequence such as `\n` or `\u{1F600}` stands for.
pub fn unescape(sequence: &str) -> String {
    let Some(body) = sequence.strip_prefix('\\') else {
        return sequence.to_owned();
    };
    let mut chars = body.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest: String = chars.collect();
    let simple = match first {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        's' => Some(' '),
        'a' => Some('\u{7}'),
        'b' => Some('\u{8}'),
        'd' => Some('\u{7f}'),
        'e' => Some('\u{1b}'),
        'f' => Some('\u{c}'),
        'v' => Some('\u{b}'),
        '0' => Some('\0'),
        _ => None,
    };
    if let Some(c) = simple {
        return format!("{c}{rest}");
    }
    match first {
        // A backslash before a newline continues the line.
        '\n' => rest,
        'x' | 'u' => {
            let digits = rest.trim_start_matches('{').trim_end_matches('}');
            match u32::from_str_radix(digits, 16)
                .ok()
                .and_then(char::from_u32)
            {
                Some(c) => c.to_string(),
                None => sequence.to_owned(),
            }
        }
        // `\"`, `\\`, `\#` and unknown escapes stand for the character itself.
        other => format!("{other}{rest}"),
    }
}

/// Applies the heredoc rule to the pieces of a `"""` string whose closing
/// delimiter is indented by `indent` columns: the opening line break goes,
/// and each line loses up to `indent` leading spaces or tabs.
pub fn dedent_heredoc<T>(pieces: Vec<RawPiece<T>>, indent: usize) -> Vec<RawPiece<T>> {
    let mut out = Vec::with_capacity(pieces.len());
    let mut at_line_start = true;
    let mut first = true;
    for piece in pieces {
        match piece {
            RawPiece::Source(text) => {
                let mut text = text.as_str();
                // The content starts on the line after `"""`.
                if first
                    && let Some(newline) = text.find('\n')
                    && text[..newline].trim().is_empty()
                {
                    text = &text[newline + 1..];
                }
                let mut kept = String::with_capacity(text.len());
                for (index, line) in text.split('\n').enumerate() {
                    if index > 0 {
                        kept.push('\n');
                        at_line_start = true;
                    }
                    let line = if at_line_start {
                        strip_indent(line, indent)
                    } else {
                        line
                    };
                    if !line.is_empty() {
                        at_line_start = false;
                    }
                    kept.push_str(line);
                }
                out.push(RawPiece::Source(kept));
            }
            other => {
                at_line_start = false;
                out.push(other);
            }
        }
        first = false;
    }
    out
}

fn strip_indent(line: &str, indent: usize) -> &str {
    let mut cut = 0;
    for (count, c) in line.char_indices() {
        if count >= indent || !(c == ' ' || c == '\t') {
            break;
        }
        cut = count + c.len_utf8();
    }
    &line[cut..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_stand_for_their_characters() {
        assert_eq!(unescape("\\n"), "\n");
        assert_eq!(unescape("\\\""), "\"");
        assert_eq!(unescape("\\#"), "#");
        assert_eq!(unescape("\\x41"), "A");
        assert_eq!(unescape("\\u{1F600}"), "\u{1F600}");
        assert_eq!(unescape("\\u00e9"), "é");
        assert_eq!(unescape("\\\n"), "");
    }

    #[test]
    fn heredocs_lose_the_closing_indentation() {
        let pieces: Vec<RawPiece<()>> = vec![RawPiece::Source(
            "\n    <h1>Not found</h1>\n      <p>x</p>\n    ".to_owned(),
        )];
        let out = dedent_heredoc(pieces, 4);
        let [RawPiece::Source(text)] = out.as_slice() else {
            panic!("one piece");
        };
        assert_eq!(text, "<h1>Not found</h1>\n  <p>x</p>\n");
    }
}
