//! The test corpus of `dispatcher-migrate`, converted: each
//! `dispatcher-migrate/tests/corpus/NAME.rs` is compiled here as a rules
//! module (by `build.rs`), which proves it compiles as an app's rules.

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));
