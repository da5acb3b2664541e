//! A request's header fields as the rules read them, whichever protocol
//! brought them: the fields of an HTTP/1.1 head parsed in place, or the
//! `HeaderMap` of an HTTP/2 request. Reading them allocates nothing.

use std::fmt;

use http::HeaderMap;

/// Read-only view of a request's header fields. Names compare without
/// regard to case; values are bytes, as received.
#[derive(Clone, Copy)]
pub enum RequestHeaders<'r> {
    /// An HTTP/1.1 head: fields in the order and spelling received.
    Fields(&'r [httparse::Header<'r>]),
    /// An HTTP/2 request (or one built in-process).
    Map(&'r HeaderMap),
}

impl<'r> RequestHeaders<'r> {
    /// Every field, in order: the name as received (lower-case for a map)
    /// and the value.
    pub fn iter(&self) -> Fields<'r> {
        match *self {
            RequestHeaders::Fields(fields) => Fields::Parsed(fields.iter()),
            RequestHeaders::Map(map) => Fields::Map(map.iter()),
        }
    }

    /// The values of every field named `name`, in order.
    pub fn get_all<'n>(&self, name: &'n str) -> impl Iterator<Item = &'r [u8]> + use<'r, 'n> {
        let this = *self;
        this.iter()
            .filter(move |(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// The value of the first field named `name`.
    pub fn get(&self, name: &str) -> Option<&'r [u8]> {
        match *self {
            RequestHeaders::Fields(fields) => fields
                .iter()
                .find(|field| field.name.eq_ignore_ascii_case(name))
                .map(|field| field.value),
            RequestHeaders::Map(map) => map.get(name).map(|value| value.as_bytes()),
        }
    }

    /// The first value of `name`, if it is text (visible ASCII, spaces and tabs).
    pub fn get_str(&self, name: &str) -> Option<&'r str> {
        self.get(name).and_then(text)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn len(&self) -> usize {
        match *self {
            RequestHeaders::Fields(fields) => fields.len(),
            RequestHeaders::Map(map) => map.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A value as text, when it is visible ASCII, spaces and tabs (what
/// `http::HeaderValue::to_str` accepts).
pub fn text(value: &[u8]) -> Option<&str> {
    if value
        .iter()
        .all(|&b| b == b'\t' || (b' '..=b'~').contains(&b))
    {
        // SAFETY: every byte is ASCII (checked just above), so UTF-8; a
        // second pass of `from_utf8` over every header value read would
        // cost as much as the check.
        Some(unsafe { std::str::from_utf8_unchecked(value) })
    } else {
        None
    }
}

/// The fields of a [`RequestHeaders`].
pub enum Fields<'r> {
    Parsed(std::slice::Iter<'r, httparse::Header<'r>>),
    Map(http::header::Iter<'r, http::HeaderValue>),
}

impl<'r> Iterator for Fields<'r> {
    type Item = (&'r str, &'r [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Fields::Parsed(fields) => fields.next().map(|field| (field.name, field.value)),
            Fields::Map(map) => map
                .next()
                .map(|(name, value)| (name.as_str(), value.as_bytes())),
        }
    }
}

impl fmt::Debug for RequestHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.iter()
                    .map(|(name, value)| (name, String::from_utf8_lossy(value))),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_kinds_read_alike() {
        let fields = [
            httparse::Header {
                name: "Cookie",
                value: b"a=1",
            },
            httparse::Header {
                name: "X-Opaque",
                value: b"\xff",
            },
            httparse::Header {
                name: "cookie",
                value: b"b=2",
            },
        ];
        let mut map = HeaderMap::new();
        map.append("cookie", "a=1".parse().unwrap());
        map.append("x-opaque", http::HeaderValue::from_bytes(b"\xff").unwrap());
        map.append("cookie", "b=2".parse().unwrap());
        for headers in [RequestHeaders::Fields(&fields), RequestHeaders::Map(&map)] {
            assert_eq!(headers.get("COOKIE"), Some(&b"a=1"[..]));
            assert_eq!(
                headers.get_all("cookie").collect::<Vec<_>>(),
                [&b"a=1"[..], b"b=2"]
            );
            assert_eq!(headers.get_str("x-opaque"), None, "not text");
            assert!(headers.contains("x-opaque") && !headers.contains("x-missing"));
            assert_eq!(headers.len(), 3);
        }
    }
}
