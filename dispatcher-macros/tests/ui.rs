//! Every compile error listed in docs/rules.md ("Compile errors") has a
//! file in `ui/` and the exact error it must print beside it (`.stderr`,
//! made with rustc 1.95.0).
//! Regenerate after a deliberate message change with `TRYBUILD=overwrite`.

#[test]
fn compile_errors() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
