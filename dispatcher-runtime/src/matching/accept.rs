//! The Accept header: media ranges grouped by q value (SPEC §2.1–2.2).
//!
//! A request's Accept header is parsed once into [`AcceptGroups`]; the
//! dispatcher then asks, per accept alias of `define_accept_types!`, in which
//! groups that alias is acceptable. Where mu-dispatcher's parser was odd we
//! follow RFC 9110 instead (MU-QUIRKS A4–A7): q values compare as numbers,
//! `q=0` ranges are dropped, a malformed element is dropped on its own, and
//! types compare case-insensitively with spaces and tabs ignored.

use smallvec::SmallVec;

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

    /// SPEC §2.2: same type and subtype; either subtype `*` with the same
    /// type; or either type `*`.
    pub fn overlaps(&self, alias_type: &MediaType) -> bool {
        if self.ty == "*" || alias_type.ty == "*" {
            return true;
        }
        self.ty.eq_ignore_ascii_case(alias_type.ty)
            && (self.subtype == "*"
                || alias_type.subtype == "*"
                || self.subtype.eq_ignore_ascii_case(alias_type.subtype))
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
    /// which no element is valid, counts as `*/*` (MU-QUIRKS A2, A6).
    pub fn parse(header: Option<&'r str>) -> Self {
        let mut ranges: SmallVec<[MediaRange<'r>; 8]> = SmallVec::new();
        if let Some(header) = header {
            ranges.extend(
                split_unquoted(header, b',')
                    .filter_map(parse_media_range)
                    .filter(|range| range.q > 0),
            );
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

/// Splits `text` on `separator` where it is not inside a quoted string:
/// header elements on `,`, parameters on `;`.
fn split_unquoted(text: &str, separator: u8) -> impl Iterator<Item = &str> {
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
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// Parses one element `type/subtype *( OWS ";" OWS name=value )`. Returns
/// `None` for a malformed element, which is then dropped on its own (A6).
/// Empty elements (`a, , b`) are allowed by RFC 9110 §5.6.1 and skipped.
fn parse_media_range(element: &str) -> Option<MediaRange<'_>> {
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
    Some(MediaRange { ty, subtype, q })
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

#[cfg(test)]
mod tests {
    use super::*;

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
        // MU-QUIRKS A4 (differ): mu makes two groups here.
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
        // MU-QUIRKS A5 (differ).
        let groups = AcceptGroups::parse(Some("application/json;q=0, text/html"));
        assert_eq!(types(&groups), vec![vec!["text/html"]]);
        assert!(!groups.accepts(0, &JSON));
    }

    #[test]
    fn only_the_malformed_element_is_dropped() {
        // MU-QUIRKS A6 (differ): mu turns the whole header into */*.
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
        // MU-QUIRKS A7 (differ).
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
        // MU-QUIRKS A3 (keep).
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
        assert_eq!(parse_qvalue("1"), Some(1000));
        assert_eq!(parse_qvalue("1."), Some(1000));
        assert_eq!(parse_qvalue("1.000"), Some(1000));
        assert_eq!(parse_qvalue("0.001"), Some(1));
        assert_eq!(parse_qvalue("0"), Some(0));
        assert_eq!(parse_qvalue("1.001"), None);
        assert_eq!(parse_qvalue("2"), None);
        assert_eq!(parse_qvalue("-1"), None);
        assert_eq!(parse_qvalue(".5"), None);
        assert_eq!(parse_qvalue(""), None);
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
