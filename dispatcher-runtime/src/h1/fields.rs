//! Reading field values the way RFC 9110 §5.6 writes them: comma-separated
//! lists with optional whitespace, tokens compared without regard to case.

/// The elements of a comma-separated field value, trimmed; empty elements
/// (`a, , b`) are skipped, as RFC 9110 §5.6.1 tells recipients to.
pub fn list(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    value
        .split(|&b| b == b',')
        .map(trim)
        .filter(|element| !element.is_empty())
}

/// Whether the list `value` holds `token` (ASCII case-insensitive).
pub fn has_token(value: &[u8], token: &str) -> bool {
    list(value).any(|element| element.eq_ignore_ascii_case(token.as_bytes()))
}

/// `value` without leading and trailing spaces and tabs.
pub fn trim(value: &[u8]) -> &[u8] {
    let start = value
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(value.len());
    let end = value
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |last| last + 1);
    &value[start..end]
}

/// A Content-Length value: `1*DIGIT` and nothing else (no sign, no list,
/// no whitespace inside), at most what a `u64` holds.
pub fn content_length(value: &[u8]) -> Option<u64> {
    let value = trim(value);
    if value.is_empty() || value.len() > 19 || !value.iter().all(u8::is_ascii_digit) {
        return None;
    }
    value.iter().try_fold(0u64, |total, &digit| {
        total.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_skip_empty_elements_and_whitespace() {
        let elements: Vec<&[u8]> = list(b" keep-alive ,, Upgrade\t,").collect();
        assert_eq!(elements, [&b"keep-alive"[..], b"Upgrade"]);
        assert!(has_token(b"Keep-Alive, close", "close"));
        assert!(!has_token(b"closed", "close"));
    }

    #[test]
    fn content_lengths_are_digits_only() {
        assert_eq!(content_length(b"0"), Some(0));
        assert_eq!(content_length(b" 42 "), Some(42));
        assert_eq!(content_length(b"18446744073709551615"), None, "20 digits");
        assert_eq!(
            content_length(b"9999999999999999999"),
            Some(9_999_999_999_999_999_999)
        );
        for bad in [&b""[..], b"+5", b"-5", b"5,5", b"5 5", b"0x5", b"5.0"] {
            assert_eq!(
                content_length(bad),
                None,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
