//! `~r/.../flags` regexes: Elixir's (PCRE) syntax and modifiers as a
//! pattern for Rust's `regex` crate, which `dispatcher::elixir::regex_scan`
//! uses. The common syntax is the same; what PCRE has and `regex` lacks
//! (look-around, back-references, atomic groups) is refused here, at
//! conversion time, with the `regex` crate's own message.
//!
//! One difference remains: without the `u` modifier PCRE matches bytes and
//! its classes (`\s`, `\w`, `\d`) are ASCII, while `regex` matches Unicode
//! text. The ASCII reading is used when `regex` accepts it (`(?-u)`); a
//! pattern that could then match part of a UTF-8 character (`.`, `[^"]`)
//! keeps the Unicode reading, which finds the same matches in ASCII text.

/// The Rust pattern for `~r/source/flags`, or why there is none.
pub fn rust_pattern(source: &str, flags: &str) -> Result<String, String> {
    let mut inline = String::new();
    let mut unicode = false;
    for flag in flags.chars() {
        match flag {
            'i' | 'm' | 's' | 'x' | 'U' => inline.push(flag),
            'u' => unicode = true,
            other => {
                return Err(format!(
                    "the modifier `{other}` has no counterpart in Rust's regex"
                ));
            }
        }
    }
    let prefix = if inline.is_empty() {
        String::new()
    } else {
        format!("(?{inline})")
    };
    if !unicode {
        let ascii = format!("(?-u){prefix}{source}");
        if ::regex::Regex::new(&ascii).is_ok() {
            return Ok(ascii);
        }
    }
    let pattern = format!("{prefix}{source}");
    match ::regex::Regex::new(&pattern) {
        Ok(_) => Ok(pattern),
        Err(error) => Err(error
            .to_string()
            .lines()
            .last()
            .unwrap_or("Rust's regex refuses it")
            .trim()
            .trim_start_matches("error: ")
            .to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_reading_where_possible_and_modifiers_inline() {
        assert_eq!(rust_pattern(r"\d+", ""), Ok(r"(?-u)\d+".to_owned()));
        assert_eq!(rust_pattern(r"abc", "i"), Ok(r"(?-u)(?i)abc".to_owned()));
        assert_eq!(
            rust_pattern(r#""name"\s*:\s*"([^"]+)""#, ""),
            Ok(r#""name"\s*:\s*"([^"]+)""#.to_owned())
        );
        assert_eq!(rust_pattern(r"a\/b", "u"), Ok(r"a\/b".to_owned()));
    }

    #[test]
    fn pcre_only_syntax_is_refused() {
        assert!(rust_pattern(r"(?=x)y", "").is_err());
        assert!(rust_pattern(r"(a)\1", "").is_err());
        assert!(rust_pattern(r"a", "f").is_err());
    }
}
