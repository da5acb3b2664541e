//! Path patterns: what mu-dispatcher's Matcher (or Plug.Router, for
//! old-style files) made of a pattern string, and the same pattern in our
//! syntax (rows P3–P7 of docs/differences-from-mu-dispatcher.md).

use super::Style;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// `:name`; `None` for `:_`.
    Param(Option<String>),
}

/// A pattern as both matchers read it; capture names are Elixir's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPattern {
    pub segments: Vec<Segment>,
    /// `*name` at the end; the inner `None` is `*_`.
    pub glob: Option<Option<String>>,
}

/// Whether mu-dispatcher matched a pattern as it is written in the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MuReading {
    Same,
    /// The pattern is written as meant; mu-dispatcher matched `mu` (`None`:
    /// nothing). `edit` says what was changed, `mu_text` what mu-dispatcher
    /// did, `tag` the difference row.
    Differs {
        mu: Option<PathPattern>,
        edit: String,
        mu_text: String,
        tag: &'static str,
    },
}

/// What became of a pattern string.
#[derive(Debug, PartialEq, Eq)]
pub enum PathOutcome {
    /// Usable, with the fixes that made it so (each a report message).
    Pattern {
        pattern: PathPattern,
        fixes: Vec<String>,
        mu: MuReading,
    },
    /// The rule never fired in mu-dispatcher (or cannot fire here, `differs`
    /// is then the row of docs/differences-from-mu-dispatcher.md), so it is kept as a comment.
    NeverMatches {
        reason: String,
        differs: Option<&'static str>,
    },
    /// Not expressible in our patterns.
    Unconvertible(String),
}

impl PathPattern {
    pub fn captures(&self) -> impl Iterator<Item = &str> {
        self.segments
            .iter()
            .filter_map(|segment| match segment {
                Segment::Param(name) => name.as_deref(),
                Segment::Literal(_) => None,
            })
            .chain(self.glob.iter().flatten().map(String::as_str))
    }

    /// The pattern as written in `dispatcher.rs`, each capture under the
    /// name `rename` gives it.
    pub fn text(&self, rename: impl Fn(&str) -> String) -> String {
        let mut parts: Vec<String> = self
            .segments
            .iter()
            .map(|segment| match segment {
                Segment::Literal(text) => text.clone(),
                Segment::Param(None) => ":_".to_owned(),
                Segment::Param(Some(name)) => format!(":{}", rename(name)),
            })
            .collect();
        match &self.glob {
            Some(None) => parts.push("*_".to_owned()),
            Some(Some(name)) => parts.push(format!("*{}", rename(name))),
            None => {}
        }
        format!("/{}", parts.join("/"))
    }
}

/// Reads `raw` the way the file's router did.
pub fn convert(raw: &str, style: Style) -> PathOutcome {
    match style {
        Style::Matcher => matcher_pattern(raw),
        Style::PlugRouter => plug_pattern(raw),
    }
}

/// mu's Matcher: `String.split(path, "/")` minus the first element; empty
/// parts stay and can never match (request paths have no empty segments).
/// A pattern mu-dispatcher read otherwise than it was meant (no leading
/// slash, `"/"`, an empty segment) is written as meant, with what
/// mu-dispatcher matched in [`MuReading::Differs`]: the converter applies
/// the fix only when it takes no request mu-dispatcher answered.
fn matcher_pattern(raw: &str) -> PathOutcome {
    if raw.is_empty() {
        return PathOutcome::Pattern {
            pattern: PathPattern {
                segments: Vec::new(),
                glob: None,
            },
            fixes: Vec::new(),
            mu: MuReading::Same,
        };
    }
    let mu_parts: Vec<&str> = raw.split('/').skip(1).collect();
    let intended: Vec<&str> = if raw == "_" || raw == "*" {
        // Elixir's `_` (and a bare glob) mean "anything": a catch-all.
        vec!["*_"]
    } else {
        raw.split('/').filter(|part| !part.is_empty()).collect()
    };
    let (edit, tag) = if raw == "_" || raw == "*" {
        (
            format!("path \"{raw}\" is written \"/*_\", any path, as `{raw}` intends"),
            "P5",
        )
    } else if !raw.starts_with('/') {
        (
            format!("path \"{raw}\" gets its leading slash: \"/{raw}\""),
            "P5",
        )
    } else if raw == "/" {
        ("path \"/\" serves the root".to_owned(), "P3")
    } else if mu_parts.iter().any(|part| part.is_empty()) {
        (
            format!(
                "path \"{raw}\" is written \"/{}\", without its empty segment",
                intended.join("/")
            ),
            "P4",
        )
    } else {
        return segments(&mu_parts, raw, Style::Matcher, Vec::new(), MuReading::Same);
    };
    let mu = if mu_parts.iter().any(|part| part.is_empty()) {
        None
    } else {
        match segments(&mu_parts, raw, Style::Matcher, Vec::new(), MuReading::Same) {
            PathOutcome::Pattern { pattern, .. } => Some(pattern),
            PathOutcome::NeverMatches { .. } => None,
            unconvertible @ PathOutcome::Unconvertible(_) => return unconvertible,
        }
    };
    let mu_text = match &mu {
        None => match tag {
            "P3" => "mu-dispatcher's \"/\" never matched anything: its root was \"\"".to_owned(),
            "P4" => "mu-dispatcher never matched it: an empty segment needs an empty request segment, and \
                     requests have none"
                .to_owned(),
            _ => "mu-dispatcher never matched it".to_owned(),
        },
        Some(pattern) if pattern.segments.is_empty() && pattern.glob.is_none() => {
            "mu-dispatcher matched only the root with it".to_owned()
        }
        Some(pattern) => format!(
            "mu-dispatcher dropped everything before the first `/` and matched \"{}\"",
            pattern.text(str::to_owned)
        ),
    };
    let reading = MuReading::Differs {
        mu,
        edit,
        mu_text,
        tag,
    };
    segments(&intended, raw, Style::Matcher, Vec::new(), reading)
}

/// Plug.Router splits on `/` and drops empty parts, so slashes anywhere are
/// only spelling; `*glob` must be last and `prefix-:id` captures inside a
/// segment (which we cannot express).
fn plug_pattern(raw: &str) -> PathOutcome {
    let mut fixes = Vec::new();
    let parts: Vec<&str> = raw.split('/').filter(|part| !part.is_empty()).collect();
    let normalized = format!("/{}", parts.join("/"));
    if normalized != raw && !raw.is_empty() {
        fixes.push(format!(
            "path \"{raw}\" is written \"{normalized}\" (Plug.Router ignored the extra slashes)"
        ));
    }
    segments(&parts, raw, Style::PlugRouter, fixes, MuReading::Same)
}

/// The segments of a pattern split into `parts`, as the router of `style`
/// read them (`raw` is the pattern, for messages).
fn segments(
    parts: &[&str],
    raw: &str,
    style: Style,
    mut fixes: Vec<String>,
    mu: MuReading,
) -> PathOutcome {
    let mut segments = Vec::new();
    let mut glob = None;
    if style == Style::Matcher
        && parts
            .iter()
            .filter(|part| **part == "*" || **part == ":")
            .count()
            > 1
    {
        return PathOutcome::Unconvertible(format!(
            "\"{raw}\" has several unnamed captures, which mu-dispatcher required to be equal; rules cannot express that"
        ));
    }
    for (index, part) in parts.iter().enumerate() {
        if let Some(reason) = never_matching_segment(part) {
            return reason;
        }
        if style == Style::Matcher && (*part == "*" || *part == ":") {
            // mu-dispatcher bound an unnamed capture to a variable with an
            // empty name, which captures like `*_` / `:_`.
            fixes.push(format!(
                "the unnamed capture `{part}` in \"{raw}\" is written `{part}_`, which captures the same"
            ));
        }
        if let Some(name) = part.strip_prefix('*') {
            if index + 1 == parts.len() {
                glob = Some(capture_name(name));
                continue;
            }
            if style == Style::PlugRouter {
                return PathOutcome::Unconvertible(format!(
                    "`*{name}` is not the last segment of \"{raw}\" (Plug.Router refused this too)"
                ));
            }
            // Matcher binds a `*name` that is not last to one segment.
            fixes.push(format!(
                "`*{name}` in \"{raw}\" is not last, so mu-dispatcher bound it to one segment: \
                 written `:{name}` [P6]"
            ));
            segments.push(Segment::Param(capture_name(name)));
        } else if let Some(name) = part.strip_prefix(':') {
            segments.push(Segment::Param(capture_name(name)));
        } else if style == Style::PlugRouter && part.contains([':', '*']) {
            return PathOutcome::Unconvertible(format!(
                "the segment `{part}` of \"{raw}\" captures part of a segment, which rules cannot express"
            ));
        } else {
            segments.push(Segment::Literal((*part).to_owned()));
        }
    }
    finish(PathPattern { segments, glob }, fixes, raw, mu)
}

/// Segments no normalized request path has.
fn never_matching_segment(part: &str) -> Option<PathOutcome> {
    if part == "." || part == ".." {
        return Some(PathOutcome::NeverMatches {
            reason: format!(
                "the dot segment `{part}` can no longer match: request paths are normalized before \
                 matching (mu-dispatcher matched it literally) [P7]"
            ),
            differs: Some("P7"),
        });
    }
    if part.contains(['?', '#']) {
        return Some(PathOutcome::NeverMatches {
            reason: format!(
                "the segment `{part}` holds a `?` or `#`, which never reaches the path, so this rule never \
                 matched"
            ),
            differs: None,
        });
    }
    None
}

fn capture_name(name: &str) -> Option<String> {
    (name != "_" && !name.is_empty()).then(|| name.to_owned())
}

fn finish(pattern: PathPattern, fixes: Vec<String>, raw: &str, mu: MuReading) -> PathOutcome {
    let mut seen: Vec<&str> = Vec::new();
    for name in pattern.captures() {
        if name.is_empty() {
            return PathOutcome::Unconvertible(format!("a capture in \"{raw}\" has no name"));
        }
        if seen.contains(&name) && !name.starts_with('_') {
            return PathOutcome::Unconvertible(format!(
                "\"{raw}\" captures `{name}` twice, which required equal segments; rules cannot express that"
            ));
        }
        seen.push(name);
    }
    PathOutcome::Pattern { pattern, fixes, mu }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern as written, its fixes, and what mu-dispatcher matched
    /// when that differs (`Some(None)`: nothing).
    fn pattern(raw: &str, style: Style) -> (String, usize, Option<Option<String>>) {
        match convert(raw, style) {
            PathOutcome::Pattern { pattern, fixes, mu } => (
                pattern.text(|name| name.to_owned()),
                fixes.len(),
                match mu {
                    MuReading::Same => None,
                    MuReading::Differs { mu, .. } => {
                        Some(mu.map(|mu| mu.text(|name| name.to_owned())))
                    }
                },
            ),
            other => panic!("{raw}: {other:?}"),
        }
    }

    fn root() -> Option<Option<String>> {
        Some(Some("/".to_owned()))
    }

    #[test]
    fn matcher_patterns_keep_their_meaning() {
        assert_eq!(
            pattern("/files/:id/download", Style::Matcher),
            ("/files/:id/download".to_owned(), 0, None)
        );
        assert_eq!(pattern("", Style::Matcher), ("/".to_owned(), 0, None));
        assert_eq!(
            pattern("/a/*x/b", Style::Matcher),
            ("/a/:x/b".to_owned(), 1, None)
        );
        assert_eq!(pattern("/*_", Style::Matcher), ("/*_".to_owned(), 0, None));
        assert_eq!(pattern("/*", Style::Matcher), ("/*_".to_owned(), 1, None));
        assert_eq!(
            pattern("/a/:", Style::Matcher),
            ("/a/:_".to_owned(), 1, None)
        );
    }

    #[test]
    fn patterns_mu_read_otherwise_are_written_as_meant_with_mu_reading_beside() {
        assert_eq!(
            pattern("*path", Style::Matcher),
            ("/*path".to_owned(), 0, root())
        );
        assert_eq!(pattern("_", Style::Matcher), ("/*_".to_owned(), 0, root()));
        assert_eq!(
            pattern("themes/*path", Style::Matcher),
            (
                "/themes/*path".to_owned(),
                0,
                Some(Some("/*path".to_owned()))
            )
        );
        assert_eq!(
            pattern("/", Style::Matcher),
            ("/".to_owned(), 0, Some(None))
        );
        assert_eq!(
            pattern("/foo/", Style::Matcher),
            ("/foo".to_owned(), 0, Some(None))
        );
        assert_eq!(
            pattern("/a//b", Style::Matcher),
            ("/a/b".to_owned(), 0, Some(None))
        );
    }

    #[test]
    fn patterns_that_cannot_match_or_be_written_are_recognised() {
        assert!(matches!(
            convert("/assets/../x", Style::Matcher),
            PathOutcome::NeverMatches {
                differs: Some("P7"),
                ..
            }
        ));
        assert!(matches!(
            convert("/:id/x/:id", Style::Matcher),
            PathOutcome::Unconvertible(_)
        ));
        assert!(matches!(
            convert("/:/x/:", Style::Matcher),
            PathOutcome::Unconvertible(_)
        ));
    }

    #[test]
    fn plug_router_slashes_are_spelling() {
        assert_eq!(
            pattern("/foo/", Style::PlugRouter),
            ("/foo".to_owned(), 1, None)
        );
        assert_eq!(pattern("/", Style::PlugRouter), ("/".to_owned(), 0, None));
        assert_eq!(
            pattern("themes/*path", Style::PlugRouter),
            ("/themes/*path".to_owned(), 1, None)
        );
        assert!(matches!(
            convert("/files/file-:id", Style::PlugRouter),
            PathOutcome::Unconvertible(_)
        ));
    }
}
