//! The request path as segments, and the rule path patterns
//! (docs/design/behaviour.md §1.2, §2.1).
//!
//! The path is split on `/` with empty segments dropped
//! (docs/design/mu-compatibility.md P1) and matched raw, without
//! percent-decoding (P2), except that dot segments, also `%2e`-encoded ones,
//! are resolved first (P7): `/assets/../admin` is `admin` and cannot reach a
//! rule for `/assets/*path`.

use smallvec::SmallVec;

/// The segments of a normalized request path; borrowed from the request.
pub type PathSegments<'r> = SmallVec<[&'r str; 12]>;

/// Splits `path` on `/`, drops empty segments and resolves `.` and `..`
/// (and their `%2e` spellings, in any case). `..` at the root stays at the root.
pub fn segments(path: &str) -> PathSegments<'_> {
    let mut segments = PathSegments::new();
    // A closure rather than `'/'`: the char pattern goes through the generic
    // searcher, which costs more than this byte test on short paths.
    #[allow(clippy::manual_pattern_char_comparison)]
    let slash = |c| c == '/';
    for segment in path.split(slash) {
        match dot_segment(segment) {
            Some(DotSegment::Current) => {}
            Some(DotSegment::Parent) => {
                segments.pop();
            }
            None if segment.is_empty() => {}
            None => segments.push(segment),
        }
    }
    segments
}

enum DotSegment {
    Current,
    Parent,
}

fn dot_segment(segment: &str) -> Option<DotSegment> {
    fn is_dot(part: &str) -> bool {
        part == "." || part.eq_ignore_ascii_case("%2e")
    }
    match segment.len() {
        1 | 3 if is_dot(segment) => Some(DotSegment::Current),
        2 | 4 | 6 => {
            let split = if segment.starts_with('.') { 1 } else { 3 };
            let (first, second) = segment.split_at_checked(split)?;
            (is_dot(first) && is_dot(second)).then_some(DotSegment::Parent)
        }
        _ => None,
    }
}

/// One segment of a compiled path pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentPattern {
    /// Must be equal, byte for byte (segments are not decoded).
    Literal(&'static str),
    /// `:name`: any one segment.
    Param,
}

/// A compiled path pattern: `"/files/:id/*rest"` is `[files, :]` with a glob.
#[derive(Debug, Clone, Copy)]
pub struct PathPattern {
    pub segments: &'static [SegmentPattern],
    /// `*name` at the end: any number of further segments, possibly none.
    pub glob: bool,
}

impl PathPattern {
    pub fn matches(&self, path: &[&str]) -> bool {
        self.mismatch(path).is_none()
    }

    /// Why `path` does not match, or `None` when it does.
    pub fn mismatch(&self, path: &[&str]) -> Option<PathMismatch> {
        if path.len() < self.segments.len() || (!self.glob && path.len() > self.segments.len()) {
            return Some(PathMismatch::SegmentCount {
                expected: self.segments.len(),
                at_least: self.glob,
                found: path.len(),
            });
        }
        self.segments
            .iter()
            .zip(path)
            .enumerate()
            .find_map(|(index, (pattern, segment))| match pattern {
                SegmentPattern::Literal(expected) if expected != segment => {
                    Some(PathMismatch::Segment { index, expected })
                }
                _ => None,
            })
    }
}

/// Why a path pattern did not match (for `explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathMismatch {
    SegmentCount {
        expected: usize,
        at_least: bool,
        found: usize,
    },
    Segment {
        index: usize,
        expected: &'static str,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_segments_are_dropped() {
        assert_eq!(segments("/a//b/").as_slice(), ["a", "b"]);
        assert!(segments("/").is_empty());
        assert!(segments("").is_empty());
        assert!(segments("//").is_empty());
    }

    #[test]
    fn dot_segments_are_resolved_in_every_spelling() {
        assert_eq!(segments("/assets/../admin").as_slice(), ["admin"]);
        assert_eq!(segments("/assets/%2e%2e/admin").as_slice(), ["admin"]);
        assert_eq!(segments("/assets/%2E%2e/admin").as_slice(), ["admin"]);
        assert_eq!(segments("/assets/.%2e/admin").as_slice(), ["admin"]);
        assert_eq!(segments("/assets/%2e./admin").as_slice(), ["admin"]);
        assert_eq!(segments("/a/./b/%2e/c").as_slice(), ["a", "b", "c"]);
        assert_eq!(segments("/../../x").as_slice(), ["x"]);
        assert_eq!(segments("/a/b/..").as_slice(), ["a"]);
    }

    #[test]
    fn segments_are_not_decoded() {
        assert_eq!(
            segments("/a%2Fb/%2e%2e%2fc").as_slice(),
            ["a%2Fb", "%2e%2e%2fc"]
        );
        assert_eq!(segments("/.../..a/a..").as_slice(), ["...", "..a", "a.."]);
    }

    const FILES: PathPattern = PathPattern {
        segments: &[SegmentPattern::Literal("files"), SegmentPattern::Param],
        glob: false,
    };

    #[test]
    fn params_take_exactly_one_segment() {
        assert!(FILES.matches(&["files", "1"]));
        assert!(!FILES.matches(&["files"]));
        assert!(!FILES.matches(&["files", "1", "download"]));
        assert_eq!(
            FILES.mismatch(&["themes", "1"]),
            Some(PathMismatch::Segment {
                index: 0,
                expected: "files"
            })
        );
    }

    #[test]
    fn glob_takes_the_rest_possibly_nothing() {
        let themes = PathPattern {
            segments: &[SegmentPattern::Literal("themes")],
            glob: true,
        };
        assert!(themes.matches(&["themes"]));
        assert!(themes.matches(&["themes", "a", "b"]));
        assert!(!themes.matches(&["theme"]));
        let everything = PathPattern {
            segments: &[],
            glob: true,
        };
        assert!(everything.matches(&[]));
        assert!(everything.matches(&["x"]));
        let root = PathPattern {
            segments: &[],
            glob: false,
        };
        assert!(root.matches(&[]));
        assert!(!root.matches(&["x"]));
    }

    proptest::proptest! {
        #[test]
        fn normalized_paths_hold_no_empty_or_dot_segments(path in "[/a.%2eE]{0,40}") {
            for segment in segments(&path) {
                proptest::prop_assert!(!segment.is_empty());
                proptest::prop_assert!(dot_segment(segment).is_none());
            }
        }
    }
}
