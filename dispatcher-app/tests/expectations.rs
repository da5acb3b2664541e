//! The routing expectations kept beside the rules (`expectations.jsonl`):
//! every request in it must get the decision written beside it. This is
//! how a stack keeps its routing in CI; when you change the rules, record
//! the file again (see its first lines) and review the difference.

use std::process::Command;

#[test]
fn the_rules_make_the_recorded_decisions() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/expectations.jsonl");
    let output = Command::new(env!("CARGO_BIN_EXE_dispatcher-app"))
        .args(["check", file])
        .output()
        .expect("dispatcher-app runs");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
