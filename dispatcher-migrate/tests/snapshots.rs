//! The converter run as users run it, on the test files: every
//! `tests/corpus/NAME.ex` converts with exit code 0 to exactly `NAME.rs`
//! (stdout) and `NAME.stderr` (the report); every
//! `tests/left-for-user/NAME.ex` exits 1 with its snapshots. Whether the
//! corpus outputs compile and route as the originals did is checked by the
//! `dispatcher-migrate-corpus` crate.
//!
//! `UPDATE_SNAPSHOTS=1 cargo test -p dispatcher-migrate` rewrites the
//! snapshots from the current output; review the diff before committing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn migrate(relative: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dispatcher-migrate"))
        .arg(relative)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("dispatcher-migrate runs")
}

fn inputs(folder: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            (path.extension()? == "ex").then(|| path.file_stem()?.to_str().map(str::to_owned))?
        })
        .collect();
    names.sort();
    names
}

/// Compares (or, with UPDATE_SNAPSHOTS, writes) one snapshot; returns a
/// description of the mismatch.
fn snapshot(path: &PathBuf, actual: &str) -> Option<String> {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, actual).expect("snapshot is writable");
        return None;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .map_or_else(
            || expected.lines().count().min(actual.lines().count()) + 1,
            |index| index + 1,
        );
    Some(format!(
        "{} differs from the output at line {line}:\n  expected: {:?}\n  actual:   {:?}",
        path.display(),
        expected.lines().nth(line - 1).unwrap_or("<end>"),
        actual.lines().nth(line - 1).unwrap_or("<end>"),
    ))
}

fn check_folder(folder: &str, expected_code: i32) -> usize {
    let names = inputs(folder);
    let mut failures = Vec::new();
    for name in &names {
        let output = migrate(&format!("{folder}/{name}.ex"));
        if output.status.code() != Some(expected_code) {
            failures.push(format!(
                "{folder}/{name}.ex exited with {:?}, expected {expected_code}:\n{}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
        let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
        failures.extend(snapshot(&dir.join(format!("{name}.rs")), &stdout));
        failures.extend(snapshot(&dir.join(format!("{name}.stderr")), &stderr));
    }
    assert!(
        failures.is_empty(),
        "{} snapshot failure(s) (UPDATE_SNAPSHOTS=1 rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    names.len()
}

#[test]
fn corpus_files_convert_to_their_snapshots_with_exit_code_0() {
    let count = check_folder("tests/corpus", 0);
    assert!(
        count >= 20,
        "the corpus holds at least 20 files, found {count}"
    );
}

#[test]
fn the_corpus_holds_public_configurations_and_the_readme_examples() {
    let names = inputs("tests/corpus");
    let public = names
        .iter()
        .filter(|name| name.starts_with("public_"))
        .count();
    assert!(
        public >= 30,
        "at least 30 public configurations, found {public}"
    );
    let readme = names
        .iter()
        .filter(|name| name.starts_with("mu_readme_"))
        .count();
    assert_eq!(
        readme, 22,
        "every example of mu-dispatcher's README (tests/corpus/README.md lists them)"
    );
}

#[test]
fn every_corpus_file_has_a_request_table() {
    for name in inputs("tests/corpus") {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/corpus/{name}.requests"));
        let table = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let rows = table
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
            .count();
        assert!(
            rows >= 5,
            "{} has {rows} requests; write at least 5",
            path.display()
        );
    }
}

#[test]
fn constructs_left_for_the_user_give_compile_errors_and_exit_code_1() {
    check_folder("tests/left-for-user", 1);
    for name in inputs("tests/left-for-user") {
        let output = migrate(&format!("tests/left-for-user/{name}.ex"));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let left = stderr.matches(": left for you: ").count();
        assert!(left > 0, "{name}: the report names what is left");
        let errors = stdout
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .map(|line| line.matches("compile_error!(").count())
            .sum::<usize>();
        assert_eq!(
            errors, left,
            "{name}: one compile_error! per construct left for the user"
        );
    }
}

#[test]
fn a_file_that_is_not_elixir_exits_2_and_writes_nothing() {
    let dir = std::env::temp_dir().join(format!("dispatcher-migrate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("broken.ex");
    std::fs::write(
        &path,
        "defmodule Dispatcher do\n  use Matcher\n  get \"/x\", _ do\n    forward conn, [], \"http://x/\"\nend\n",
    )
    .expect("temp file");
    let output = migrate(path.to_str().expect("UTF-8 temp path"));
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not valid Elixir"), "{stderr}");
    // mu-dispatcher's README (before 2026) shows a rule without its `do`:
    // Elixir refuses the file at the `end` it leaves behind, and so does this.
    let readme = dir.join("readme.ex");
    std::fs::write(
        &readme,
        "defmodule Dispatcher do\n  use Matcher\n  define_accept_types []\n\n  get \"/employees\", %{ host: [\"io\", \"redpencil\", subdomain | subsubdomains] }\n    IO.inspect( subdomain, \"First subdomain\" )\n    IO.inspect( subsubdomains, \"Array of subdomains under subdomain\" )\n    forward conn, [], \"http://employees/\"\n  end\nend\n",
    )
    .expect("temp file");
    let output = migrate(readme.to_str().expect("UTF-8 temp path"));
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "readme.ex: error: line 10: this is not valid Elixir (unexpected reserved word `end`)"
        ),
        "{stderr}"
    );
    let missing = migrate(dir.join("missing.ex").to_str().expect("UTF-8 temp path"));
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read the file"));
    let _ = std::fs::remove_dir_all(&dir);
}
