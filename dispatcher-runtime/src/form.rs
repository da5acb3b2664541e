//! Form-urlencoding (`application/x-www-form-urlencoded`), as Elixir's `URI`
//! module does it, for rule bodies converted from a `dispatcher.ex` that
//! read query parameters or build URLs: [`encode_www_form`] is
//! `URI.encode_www_form/1`, [`decode_www_form`] is `URI.decode_www_form/1`
//! and [`decode_query`] is `URI.decode_query/1`.
//!
//! The behaviour follows Elixir's, including its leniency: a `%` that is not
//! followed by two hex digits is kept as it is, a pair without `=` has an
//! empty value, and when a key is given twice the last value wins. Elixir
//! works on bytes; decoded bytes that are not UTF-8 are replaced by U+FFFD
//! here, as Rust strings are UTF-8.

use std::borrow::Cow;

/// `URI.encode_www_form/1`: every byte but `A-Z a-z 0-9 - . _ ~` is
/// percent-encoded (upper-case hex), and a space becomes `+`.
///
/// ```
/// assert_eq!(dispatcher::form::encode_www_form("a b/é"), "a+b%2F%C3%A9");
/// ```
pub fn encode_www_form(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0x0f)]));
            }
        }
    }
    out
}

/// `URI.decode_www_form/1`: `+` is a space and `%XX` a byte; a `%` not
/// followed by two hex digits stays as it is.
///
/// ```
/// assert_eq!(dispatcher::form::decode_www_form("a+b%2Fc%zz"), "a b/c%zz");
/// ```
pub fn decode_www_form(text: &str) -> Cow<'_, str> {
    if !text.contains(['+', '%']) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => {
                out.push(b' ');
                index += 1;
            }
            b'%' => match (
                bytes.get(index + 1).copied().and_then(hex),
                bytes.get(index + 2).copied().and_then(hex),
            ) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    index += 3;
                }
                _ => {
                    out.push(b'%');
                    index += 1;
                }
            },
            byte => {
                out.push(byte);
                index += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

fn hex(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

/// A decoded query string: `URI.decode_query/1`'s map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Keys in first-seen order, each with its last value.
    pairs: Vec<(String, String)>,
}

impl Query {
    /// The value of `key` (the last one when the key is repeated), like
    /// `Map.get(URI.decode_query(query), key)`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// The keys and values, each key once.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// `URI.decode_query/1`: splits on `&`, each part at its first `=`, decodes
/// both sides with [`decode_www_form`]; a part without `=` is a key with an
/// empty value, and a repeated key keeps its last value. An empty query has
/// no keys.
///
/// ```
/// let query = dispatcher::form::decode_query("page=2&filter=a+b&page=3");
/// assert_eq!(query.get("page"), Some("3"));
/// assert_eq!(query.get("filter"), Some("a b"));
/// assert_eq!(query.get("sort"), None);
/// ```
pub fn decode_query(query: &str) -> Query {
    let mut decoded = Query::default();
    if query.is_empty() {
        return decoded;
    }
    for part in query.split('&') {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let key = decode_www_form(key).into_owned();
        let value = decode_www_form(value).into_owned();
        match decoded.pairs.iter_mut().find(|(name, _)| *name == key) {
            Some(pair) => pair.1 = value,
            None => decoded.pairs.push((key, value)),
        }
    }
    decoded
}

#[cfg(test)]
mod tests {
    use super::*;

    // The expected values were taken from Elixir 1.14 (`URI.encode_www_form/1`,
    // `URI.decode_query/1`) for the same inputs.

    #[test]
    fn encoding_keeps_only_unreserved_bytes() {
        assert_eq!(encode_www_form("a b"), "a+b");
        assert_eq!(encode_www_form("~-._AZaz09"), "~-._AZaz09");
        assert_eq!(encode_www_form("é"), "%C3%A9");
        assert_eq!(
            encode_www_form("!*'();:@&=+$,/?#[]"),
            "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D"
        );
        assert_eq!(encode_www_form("\n"), "%0A");
        assert_eq!(encode_www_form(""), "");
    }

    #[test]
    fn decoding_is_lenient_like_elixir() {
        assert_eq!(decode_www_form("a+b"), "a b");
        assert_eq!(decode_www_form("%41%42"), "AB");
        assert_eq!(decode_www_form("%2B"), "+");
        assert_eq!(decode_www_form("%zz"), "%zz");
        assert_eq!(decode_www_form("%4"), "%4");
        assert_eq!(decode_www_form("%"), "%");
        assert_eq!(decode_www_form("%C3%A9"), "é");
        assert_eq!(decode_www_form("%E9"), "\u{FFFD}");
        assert!(matches!(decode_www_form("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn queries_decode_as_elixir_decodes_them() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("", &[]),
            ("a", &[("a", "")]),
            ("a=", &[("a", "")]),
            ("=b", &[("", "b")]),
            ("a=1&a=2", &[("a", "2")]),
            ("a=1&&b=2", &[("a", "1"), ("", ""), ("b", "2")]),
            ("&a=1&", &[("", ""), ("a", "1")]),
            ("a+b=c+d", &[("a b", "c d")]),
            ("a=b=c", &[("a", "b=c")]),
            ("a;b=1", &[("a;b", "1")]),
            ("a=1;b=2", &[("a", "1;b=2")]),
            ("%61=1", &[("a", "1")]),
            ("&&", &[("", "")]),
        ];
        for (query, expected) in cases {
            let decoded = decode_query(query);
            let pairs: Vec<(&str, &str)> = decoded.iter().collect();
            assert_eq!(&pairs, expected, "{query:?}");
        }
        assert_eq!(decode_query("a=1&a=2").get("a"), Some("2"));
        assert!(decode_query("").is_empty());
    }
}
