//! The documentation against what it documents: `docs/configuration.md`
//! against the table of settings in `dispatcher::config`, and every file of
//! the repository against citations of design notes kept outside it (the
//! design notes live in `docs/design/`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dispatcher::config::{DefaultValue, LOG_SWITCHES, settings};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace")
        .to_path_buf()
}

/// The rows of the page's tables whose first cell is a variable
/// (`` | `IDLE_TIMEOUT` | ... ``): the variable and the row's other cells.
fn documented_variables(page: &str) -> BTreeMap<String, Vec<String>> {
    let mut rows = BTreeMap::new();
    for line in page.lines() {
        let Some(row) = line.trim().strip_prefix('|') else {
            continue;
        };
        let mut cells = row.trim_end_matches('|').split(" | ").map(str::trim);
        let first = cells.next().unwrap_or_default();
        let Some(name) = first
            .strip_prefix('`')
            .and_then(|rest| rest.strip_suffix('`'))
        else {
            continue;
        };
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            let previous = rows.insert(name.to_owned(), cells.map(str::to_owned).collect());
            assert!(previous.is_none(), "{name} has two rows on the page");
        }
    }
    rows
}

/// A setting added to `dispatcher::config` but not to the page, or left on
/// the page after it was taken out of the code, fails here; so does a
/// default or a `LOG_*` target that differs between the two.
#[test]
fn the_configuration_page_lists_every_setting_with_its_default() {
    let path = repository().join("docs/configuration.md");
    let page = std::fs::read_to_string(&path).expect("docs/configuration.md is readable");
    let documented = documented_variables(&page);
    let declared: Vec<_> = settings().collect();
    assert!(
        declared.len() > LOG_SWITCHES.len(),
        "the table of settings holds more than the LOG_* switches"
    );

    let mut problems = Vec::new();
    for setting in &declared {
        let Some(cells) = documented.get(setting.name) else {
            problems.push(format!(
                "{} is a setting but docs/configuration.md has no row for it",
                setting.name
            ));
            continue;
        };
        let second = cells.first().map(String::as_str).unwrap_or_default();
        if let Some((_, target, _)) = LOG_SWITCHES.iter().find(|(v, _, _)| *v == setting.name) {
            if second != format!("`{target}`") {
                problems.push(format!(
                    "{}: the page's tracing target is {second}, the code's `{target}`",
                    setting.name
                ));
            }
            continue;
        }
        let default_is_documented = match setting.default {
            DefaultValue::Value(value) => second.starts_with(&format!("`{value}`")),
            DefaultValue::Unset(words) => second == words,
        };
        if !default_is_documented {
            problems.push(format!(
                "{}: the page's default is {second}, the code's {:?}",
                setting.name, setting.default
            ));
        }
    }
    for name in documented.keys() {
        if !declared.iter().any(|setting| setting.name == name) {
            problems.push(format!(
                "docs/configuration.md has a row for {name}, which is no setting"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Directories that are not the repository's own text: build output, git's
/// data, and what `.gitignore` keeps out (fuzzing corpora, scratch space).
fn skipped(relative: &Path) -> bool {
    let name = relative.file_name().and_then(|n| n.to_str());
    matches!(name, Some("target" | ".git"))
        || ["wip", "fuzz/corpus", "fuzz/artifacts", "fuzz/coverage"]
            .iter()
            .any(|ignored| relative == Path::new(ignored))
}

fn text_files(root: &Path, directory: &Path, found: &mut Vec<(PathBuf, String)>) {
    let entries = std::fs::read_dir(directory)
        .unwrap_or_else(|error| panic!("{} cannot be listed: {error}", directory.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        let relative = path.strip_prefix(root).expect("under the root");
        if skipped(relative) {
            continue;
        }
        if path.is_dir() {
            text_files(root, &path, found);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            found.push((relative.to_path_buf(), text));
        }
    }
}

/// The design notes a comment or a page may point to are in `docs/design/`;
/// the notes they were written from are not in the repository, so a
/// citation of them leads a reader nowhere.
#[test]
fn no_file_cites_design_notes_outside_the_repository() {
    // Split so that this file does not cite what it looks for.
    let citations = [
        concat!("SPEC", " §"),
        concat!("SPEC", ".md"),
        concat!("SPEC", "'d"),
        concat!("MU", "-QUIRKS"),
        concat!("shared", "/design"),
        concat!("ENGINE", ".md"),
        concat!("STYLE", ".md"),
    ];
    let root = repository();
    let mut files = Vec::new();
    text_files(&root, &root, &mut files);
    assert!(
        files
            .iter()
            .any(|(path, _)| path == Path::new("docs/design/behaviour.md")),
        "the walk reaches docs/design/behaviour.md"
    );
    let mut found = Vec::new();
    for (path, text) in &files {
        for (number, line) in text.lines().enumerate() {
            if citations.iter().any(|citation| line.contains(citation)) {
                found.push(format!(
                    "{}:{}: {}",
                    path.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "point these to docs/design/behaviour.md §N or docs/design/mu-compatibility.md ROW instead:\n{}",
        found.join("\n")
    );
}
