//! The Accept header: media ranges grouped by q value
//! (docs/design/behaviour.md §2).
//!
//! A request's Accept header is parsed once into [`AcceptGroups`]; the
//! dispatcher then asks, per accept alias of `define_accept_types!`, in which
//! groups that alias is acceptable. Where mu-dispatcher's parser was odd we
//! follow RFC 9110 instead (docs/design/mu-compatibility.md A4–A7): q values
//! compare as numbers, `q=0` ranges are dropped, a malformed element is
//! dropped on its own, and types compare case-insensitively with spaces and
//! tabs ignored.

use dispatcher_syntax::is_token;
use smallvec::SmallVec;

/// RFC 9110 §5.6.2 `tchar`: the bytes a token (a type, a subtype, a
/// parameter name, a method or a header name) is made of; re-exported for
/// the runtime's other parsers (chunk extensions, CORS lists).
pub(crate) use dispatcher_syntax::is_tchar;

/// A `type/subtype` pair of an accept alias, parsed and lower-cased at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaType {
    pub ty: &'static str,
    pub subtype: &'static str,
}

/// One accept alias of `define_accept_types!`: a name and its media types.
#[derive(Debug)]
pub struct AcceptAlias {
    pub name: &'static str,
    pub types: &'static [MediaType],
}

/// One media range of a request's Accept header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaRange<'r> {
    pub ty: &'r str,
    pub subtype: &'r str,
    /// The q value in thousandths (0..=1000).
    pub q: u16,
}

impl MediaRange<'_> {
    const ANY: MediaRange<'static> = MediaRange {
        ty: "*",
        subtype: "*",
        q: 1000,
    };

    /// docs/design/behaviour.md §2: same type and subtype; either subtype `*` with the same
    /// type; or either type `*`.
    pub fn overlaps(&self, alias_type: &MediaType) -> bool {
        if self.ty == "*" || alias_type.ty == "*" {
            return true;
        }
        same(self.ty, alias_type.ty)
            && (self.subtype == "*"
                || alias_type.subtype == "*"
                || same(self.subtype, alias_type.subtype))
    }
}

/// The media ranges of an Accept header, highest q first; ranges of equal q
/// form one group and keep their order from the header.
#[derive(Debug, Clone)]
pub struct AcceptGroups<'r> {
    ranges: SmallVec<[MediaRange<'r>; 8]>,
    /// Index into `ranges` where each group starts.
    starts: SmallVec<[u16; 4]>,
}

impl<'r> AcceptGroups<'r> {
    /// Parses the first Accept header. An absent or empty header, or one in
    /// which no element is valid, counts as `*/*` (docs/design/mu-compatibility.md A2, A6).
    pub fn parse(header: Option<&'r str>) -> Self {
        let mut ranges: SmallVec<[MediaRange<'r>; 8]> = SmallVec::new();
        if let Some(header) = header {
            for_each_unquoted(header.as_bytes(), b',', |element| {
                if let Some(range) = parse_media_range(header, element).filter(|range| range.q > 0)
                {
                    ranges.push(range);
                }
                true
            });
        }
        if ranges.is_empty() {
            ranges.push(MediaRange::ANY);
        }
        // Stable: equal q keeps header order within its group.
        ranges.sort_by_key(|range| std::cmp::Reverse(range.q));
        let mut starts = SmallVec::new();
        let mut previous_q = None;
        for (index, range) in ranges.iter().enumerate() {
            if previous_q != Some(range.q) {
                // The index fits: headers are bounded far below 65535 ranges by
                // the server's header size limit; saturate to stay panic-free.
                starts.push(u16::try_from(index).unwrap_or(u16::MAX));
                previous_q = Some(range.q);
            }
        }
        AcceptGroups { ranges, starts }
    }

    /// Number of q groups; at least one.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Never true: an empty header counts as `*/*`.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The media ranges of group `index` (0 = highest q).
    pub fn group(&self, index: usize) -> &[MediaRange<'r>] {
        let start = self
            .starts
            .get(index)
            .map_or(self.ranges.len(), |s| usize::from(*s));
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.ranges.len(), |s| usize::from(*s));
        self.ranges.get(start..end).unwrap_or(&[])
    }

    /// All groups, highest q first.
    pub fn groups(&self) -> impl Iterator<Item = &[MediaRange<'r>]> + '_ {
        (0..self.len()).map(|index| self.group(index))
    }

    /// Whether `alias` is acceptable in group `index`: any of its types
    /// overlaps any range of the group.
    pub fn accepts(&self, index: usize, alias: &AcceptAlias) -> bool {
        self.group(index)
            .iter()
            .any(|range| alias.types.iter().any(|ty| range.overlaps(ty)))
    }
}

fn trim_ows(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

/// The end of the part of `bytes` starting at `start` that a `separator`
/// outside a quoted string ends (or the end of `bytes`).
fn unquoted_end(bytes: &[u8], start: usize, separator: u8) -> usize {
    let mut position = start;
    let mut in_quotes = false;
    while position < bytes.len() {
        match bytes[position] {
            b'"' => in_quotes = !in_quotes,
            b'\\' if in_quotes => position += 1,
            byte if byte == separator && !in_quotes => return position,
            _ => {}
        }
        position += 1;
    }
    bytes.len()
}

/// Calls `each` with every part of `bytes` between unquoted `separator`s.
fn for_each_unquoted<'a>(
    bytes: &'a [u8],
    separator: u8,
    mut each: impl FnMut(&'a [u8]) -> bool,
) -> bool {
    let mut start = 0;
    loop {
        let end = unquoted_end(bytes, start, separator).min(bytes.len());
        if !each(&bytes[start..end]) {
            return false;
        }
        if end >= bytes.len() {
            return true;
        }
        start = end + 1;
    }
}

/// Parses one element `type/subtype *( OWS ";" OWS name=value )`, the bytes
/// `element` of `header`. Returns `None` for a malformed element, which is
/// then dropped on its own (A6). Empty elements (`a, , b`) are allowed by
/// RFC 9110 §5.6.1 and skipped.
fn parse_media_range<'h>(header: &'h str, element: &[u8]) -> Option<MediaRange<'h>> {
    let element = trim_ows(element);
    if element.is_empty() {
        return None;
    }
    let media_end = element
        .iter()
        .position(|&b| b == b';')
        .unwrap_or(element.len());
    let media = trim_ows(&element[..media_end]);
    let slash = media.iter().position(|&b| b == b'/')?;
    let (ty, subtype) = (&media[..slash], &media[slash + 1..]);
    if !is_token(ty) || !is_token(subtype) || (ty == b"*" && subtype != b"*") {
        return None;
    }
    let mut q = 1000;
    let mut seen_q = false;
    if media_end < element.len() {
        let params = &element[media_end + 1..];
        let valid = for_each_unquoted(params, b';', |param| {
            let param = trim_ows(param);
            if param.is_empty() {
                return true;
            }
            let Some(equals) = param.iter().position(|&b| b == b'=') else {
                return false;
            };
            let (name, value) = (trim_ows(&param[..equals]), trim_ows(&param[equals + 1..]));
            let quoted = value.len() >= 2 && value[0] == b'"' && value[value.len() - 1] == b'"';
            if !is_token(name) || !(is_token(value) || quoted) {
                return false;
            }
            // The first q parameter is the weight; what follows it are
            // accept-ext parameters, which do not take part in matching.
            if !seen_q && name.eq_ignore_ascii_case(b"q") {
                seen_q = true;
                match parse_qvalue(value) {
                    Some(weight) => q = weight,
                    None => return false,
                }
            }
            true
        });
        if !valid {
            return None;
        }
    }
    // Tokens are ASCII: the header can be sliced at their edges as it is.
    let ty = slice_of(header, ty)?;
    let subtype = slice_of(header, subtype)?;
    Some(MediaRange { ty, subtype, q })
}

/// `part` (a sub-slice of `header`'s bytes) as a `&str` of `header`.
fn slice_of<'h>(header: &'h str, part: &[u8]) -> Option<&'h str> {
    let start = (part.as_ptr() as usize).checked_sub(header.as_ptr() as usize)?;
    header.get(start..start + part.len())
}

/// RFC 9110 §12.4.2: `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`,
/// returned in thousandths.
fn parse_qvalue(value: &[u8]) -> Option<u16> {
    let (whole, fraction) = match value.iter().position(|&b| b == b'.') {
        Some(dot) => (&value[..dot], &value[dot + 1..]),
        None => (value, &value[value.len()..]),
    };
    if fraction.len() > 3 || !fraction.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut thousandths: u16 = 0;
    for (place, digit) in fraction.iter().enumerate() {
        thousandths += u16::from(digit - b'0') * [100, 10, 1][place];
    }
    match whole {
        b"0" => Some(thousandths),
        b"1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Case-insensitive equality, with the common case (equal bytes) first.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a == b || a.eq_ignore_ascii_case(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first, string-based implementation of the parser, kept as the
    /// reference the byte scanner must agree with.
    mod reference {
        /// Splits `text` on `separator` where it is not inside a quoted string:
        /// header elements on `,`, parameters on `;`.
        pub fn split_unquoted(text: &str, separator: u8) -> impl Iterator<Item = &str> {
            let bytes = text.as_bytes();
            let mut start = 0;
            let mut position = 0;
            let mut in_quotes = false;
            std::iter::from_fn(move || {
                while position < bytes.len() {
                    let byte = bytes[position];
                    position += 1;
                    match byte {
                        b'"' => in_quotes = !in_quotes,
                        b'\\' if in_quotes => position += 1,
                        _ if byte == separator && !in_quotes => {
                            let part = text.get(start..position - 1);
                            start = position;
                            return part;
                        }
                        _ => {}
                    }
                }
                if start <= bytes.len() {
                    let part = text.get(start..);
                    start = bytes.len() + 1;
                    return part;
                }
                None
            })
        }

        fn trim_ows(s: &str) -> &str {
            s.trim_matches(|c| c == ' ' || c == '\t')
        }

        fn is_token(s: &str) -> bool {
            !s.is_empty() && s.bytes().all(crate::matching::accept::is_tchar)
        }

        /// Parses one element `type/subtype *( OWS ";" OWS name=value )`. Returns
        /// `None` for a malformed element, which is then dropped on its own (A6).
        /// Empty elements (`a, , b`) are allowed by RFC 9110 §5.6.1 and skipped.
        pub fn parse_media_range(element: &str) -> Option<super::super::MediaRange<'_>> {
            let element = trim_ows(element);
            if element.is_empty() {
                return None;
            }
            let mut parts = element.splitn(2, ';');
            let media = trim_ows(parts.next()?);
            let (ty, subtype) = media.split_once('/')?;
            if !is_token(ty) || !is_token(subtype) || (ty == "*" && subtype != "*") {
                return None;
            }
            let mut q = 1000;
            let mut seen_q = false;
            if let Some(params) = parts.next() {
                for param in split_unquoted(params, b';') {
                    let param = trim_ows(param);
                    if param.is_empty() {
                        continue;
                    }
                    let (name, value) = param.split_once('=')?;
                    let (name, value) = (trim_ows(name), trim_ows(value));
                    if !is_token(name) || !(is_token(value) || is_quoted_string(value)) {
                        return None;
                    }
                    // The first q parameter is the weight; what follows it are
                    // accept-ext parameters, which do not take part in matching.
                    if name.eq_ignore_ascii_case("q") && !seen_q {
                        q = parse_qvalue(value)?;
                        seen_q = true;
                    }
                }
            }
            Some(super::super::MediaRange { ty, subtype, q })
        }

        fn is_quoted_string(value: &str) -> bool {
            value.len() >= 2 && value.starts_with('"') && value.ends_with('"')
        }

        /// RFC 9110 §12.4.2: `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`,
        /// returned in thousandths.
        fn parse_qvalue(value: &str) -> Option<u16> {
            let (whole, fraction) = match value.split_once('.') {
                Some((whole, fraction)) => (whole, fraction),
                None => (value, ""),
            };
            if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let mut thousandths: u16 = 0;
            for (place, digit) in fraction.bytes().enumerate() {
                thousandths += u16::from(digit - b'0') * [100, 10, 1][place];
            }
            match whole {
                "0" => Some(thousandths),
                "1" if thousandths == 0 => Some(1000),
                _ => None,
            }
        }
    }

    fn reference_parse(header: &str) -> Vec<(String, String, u16)> {
        let mut ranges: Vec<MediaRange<'_>> = reference::split_unquoted(header, b',')
            .filter_map(reference::parse_media_range)
            .filter(|range| range.q > 0)
            .collect();
        if ranges.is_empty() {
            ranges.push(MediaRange::ANY);
        }
        ranges.sort_by_key(|range| std::cmp::Reverse(range.q));
        ranges
            .iter()
            .map(|r| (r.ty.to_owned(), r.subtype.to_owned(), r.q))
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 100_000, failure_persistence: None, ..Default::default() })]
        #[test]
        fn the_byte_scanner_agrees_with_the_reference(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "text", "/", "html", "*", ",", ";", "q", "=", "0", "1", ".", "5", "\"", " ", "\t", "\\",
                    "application", "json", "level", "9", "-", "+", "Q", "é", "x",
                ]),
                0..40,
            )
        ) {
            let header: String = parts.concat();
            let parsed: Vec<(String, String, u16)> = AcceptGroups::parse(Some(&header))
                .groups()
                .flatten()
                .map(|r| (r.ty.to_owned(), r.subtype.to_owned(), r.q))
                .collect();
            proptest::prop_assert_eq!(parsed, reference_parse(&header), "header {:?}", header);
        }
    }

    const JSON: AcceptAlias = AcceptAlias {
        name: "json",
        types: &[
            MediaType {
                ty: "application",
                subtype: "json",
            },
            MediaType {
                ty: "application",
                subtype: "vnd.api+json",
            },
        ],
    };
    const HTML: AcceptAlias = AcceptAlias {
        name: "html",
        types: &[
            MediaType {
                ty: "text",
                subtype: "html",
            },
            MediaType {
                ty: "application",
                subtype: "xhtml+html",
            },
        ],
    };
    const IMAGE: AcceptAlias = AcceptAlias {
        name: "image",
        types: &[MediaType {
            ty: "image",
            subtype: "*",
        }],
    };
    const ANY: AcceptAlias = AcceptAlias {
        name: "any",
        types: &[MediaType {
            ty: "*",
            subtype: "*",
        }],
    };

    fn types(groups: &AcceptGroups<'_>) -> Vec<Vec<String>> {
        groups
            .groups()
            .map(|group| {
                group
                    .iter()
                    .map(|r| format!("{}/{}", r.ty, r.subtype))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn browser_header_groups_by_q_highest_first() {
        let groups = AcceptGroups::parse(Some(
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
        ));
        assert_eq!(
            types(&groups),
            vec![
                vec![
                    "text/html",
                    "application/xhtml+xml",
                    "image/avif",
                    "image/webp"
                ],
                vec!["application/xml"],
                vec!["*/*"],
            ]
        );
    }

    #[test]
    fn absent_empty_and_garbage_headers_count_as_any() {
        for header in [None, Some(""), Some("   "), Some("garbage"), Some(",,")] {
            let groups = AcceptGroups::parse(header);
            assert_eq!(types(&groups), vec![vec!["*/*"]], "header {header:?}");
            assert!(groups.accepts(0, &JSON) && groups.accepts(0, &HTML));
        }
    }

    #[test]
    fn q_one_point_zero_and_default_q_are_one_group() {
        // docs/design/mu-compatibility.md A4 (differ): mu makes two groups here.
        let groups = AcceptGroups::parse(Some("application/json;q=1.0, text/html"));
        assert_eq!(types(&groups), vec![vec!["application/json", "text/html"]]);
    }

    #[test]
    fn q_values_compare_as_numbers() {
        let groups = AcceptGroups::parse(Some("a/b;q=0.5, c/d;q=0.50, e/f;q=0.500, g/h;q=0.6"));
        assert_eq!(types(&groups), vec![vec!["g/h"], vec!["a/b", "c/d", "e/f"]]);
    }

    #[test]
    fn q_zero_ranges_are_not_acceptable() {
        // docs/design/mu-compatibility.md A5 (differ).
        let groups = AcceptGroups::parse(Some("application/json;q=0, text/html"));
        assert_eq!(types(&groups), vec![vec!["text/html"]]);
        assert!(!groups.accepts(0, &JSON));
    }

    #[test]
    fn only_the_malformed_element_is_dropped() {
        // docs/design/mu-compatibility.md A6 (differ): mu turns the whole header into */*.
        for header in [
            "text/html, garbage",
            "text/html, application/json;q=abc",
            "text/html, application/json;q=1.5",
            "text/html, application/json;q=0.1234",
            "text/html, */json",
            "text/html, /json",
            "text/html, application/",
        ] {
            let groups = AcceptGroups::parse(Some(header));
            assert_eq!(types(&groups), vec![vec!["text/html"]], "header {header:?}");
        }
    }

    #[test]
    fn types_compare_case_insensitively_and_tabs_are_whitespace() {
        // docs/design/mu-compatibility.md A7 (differ).
        let groups = AcceptGroups::parse(Some("\tApplication/JSON ;\tq=0.9 ,\tTEXT/Html"));
        assert_eq!(
            types(&groups),
            vec![vec!["TEXT/Html"], vec!["Application/JSON"]]
        );
        assert!(groups.accepts(0, &HTML));
        assert!(groups.accepts(1, &JSON));
    }

    #[test]
    fn wildcards_overlap_on_either_side() {
        // docs/design/mu-compatibility.md A3 (keep).
        let application_any = AcceptGroups::parse(Some("application/*"));
        assert!(
            application_any.accepts(0, &HTML),
            "application/* vs application/xhtml+html"
        );
        assert!(application_any.accepts(0, &JSON));
        let png = AcceptGroups::parse(Some("image/png"));
        assert!(png.accepts(0, &IMAGE), "alias image/* vs range image/png");
        assert!(png.accepts(0, &ANY), "alias */* accepts everything");
        assert!(!png.accepts(0, &JSON));
        let any = AcceptGroups::parse(Some("*/*"));
        assert!(any.accepts(0, &JSON) && any.accepts(0, &IMAGE));
    }

    #[test]
    fn parameters_and_quoted_commas_are_handled() {
        let groups = AcceptGroups::parse(Some(
            r#"text/html;level=1;q=0.7;ext="a,b;c", application/json;charset=utf-8"#,
        ));
        assert_eq!(
            types(&groups),
            vec![vec!["application/json"], vec!["text/html"]]
        );
        assert_eq!(groups.group(1)[0].q, 700);
    }

    #[test]
    fn qvalue_grammar() {
        assert_eq!(parse_qvalue(b"1"), Some(1000));
        assert_eq!(parse_qvalue(b"1."), Some(1000));
        assert_eq!(parse_qvalue(b"1.000"), Some(1000));
        assert_eq!(parse_qvalue(b"0.001"), Some(1));
        assert_eq!(parse_qvalue(b"0"), Some(0));
        assert_eq!(parse_qvalue(b"1.001"), None);
        assert_eq!(parse_qvalue(b"2"), None);
        assert_eq!(parse_qvalue(b"-1"), None);
        assert_eq!(parse_qvalue(b".5"), None);
        assert_eq!(parse_qvalue(b""), None);
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics_and_always_yields_a_group(header in "\\PC{0,80}") {
            let groups = AcceptGroups::parse(Some(&header));
            proptest::prop_assert!(!groups.is_empty());
            let total: usize = groups.groups().map(<[_]>::len).sum();
            proptest::prop_assert!(total >= 1);
            for group in groups.groups() {
                proptest::prop_assert!(!group.is_empty());
                proptest::prop_assert!(group.iter().all(|r| r.q == group[0].q && r.q > 0));
            }
        }
    }
}
