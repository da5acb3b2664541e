//! `cookie:` and `header:` conditions (docs/design/behaviour.md §4.4): a rule
//! may need a cookie or a request header to be present, or to have a given
//! value, and may capture it. Looking a value up allocates nothing.

use super::headers::{RequestHeaders, text};

/// One compiled condition: the value named `name` must exist and, when
/// `value` is given, be equal to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueMatch {
    pub name: &'static str,
    pub value: Option<&'static str>,
}

impl ValueMatch {
    /// Whether `found` satisfies the condition.
    pub fn accepts(&self, found: Option<&str>) -> bool {
        match (found, self.value) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(found), Some(expected)) => found == expected,
        }
    }
}

/// The value of cookie `name` in the request's `Cookie` headers, without
/// surrounding quotes; the first one wins when a name repeats.
pub fn cookie<'h>(headers: RequestHeaders<'h>, name: &str) -> Option<&'h str> {
    headers
        .get_all("cookie")
        .filter_map(text)
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key.trim() == name).then(|| {
                let value = value.trim();
                value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(value)
            })
        })
}

/// The first value of request header `name`, if it is text.
pub fn header<'h>(headers: RequestHeaders<'h>, name: &str) -> Option<&'h str> {
    headers.get_str(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{HeaderMap, header};

    fn with_cookies(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(header::COOKIE, value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn cookies_are_found_across_headers_and_pairs() {
        let map = with_cookies(&["a=1; branch=feature-x", "theme=\"dark\"; branch=later"]);
        let headers = RequestHeaders::Map(&map);
        assert_eq!(cookie(headers, "branch"), Some("feature-x"));
        assert_eq!(cookie(headers, "theme"), Some("dark"));
        assert_eq!(cookie(headers, "a"), Some("1"));
        assert_eq!(cookie(headers, "bran"), None);
        assert_eq!(cookie(RequestHeaders::Map(&HeaderMap::new()), "a"), None);
    }

    #[test]
    fn conditions_need_presence_or_equality() {
        let any = ValueMatch {
            name: "branch",
            value: None,
        };
        let exact = ValueMatch {
            name: "branch",
            value: Some("main"),
        };
        assert!(any.accepts(Some("x")));
        assert!(!any.accepts(None));
        assert!(exact.accepts(Some("main")));
        assert!(!exact.accepts(Some("mainly")));
    }
}
