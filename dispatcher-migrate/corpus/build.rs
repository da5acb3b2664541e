//! Compiles every converted corpus file (`../tests/corpus/NAME.rs`) into
//! this crate: one module per file and `ALL`, the list the binary picks
//! from. A converted file that does not compile as rules fails the build.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let corpus = manifest.join("../tests/corpus");
    println!("cargo::rerun-if-changed={}", corpus.display());
    let mut names: Vec<(String, PathBuf)> = std::fs::read_dir(&corpus)
        .expect("dispatcher-migrate/tests/corpus is readable")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            if path.extension()? != "rs" {
                return None;
            }
            let name = path.file_stem()?.to_str()?.to_owned();
            Some((name, path.canonicalize().ok()?))
        })
        .collect();
    names.sort();
    let mut out = String::new();
    for (name, path) in &names {
        println!("cargo::rerun-if-changed={}", path.display());
        let _ = writeln!(
            out,
            "#[path = {:?}]\npub mod {};",
            path.display().to_string(),
            module(name)
        );
    }
    let _ = writeln!(
        out,
        "\n/// Every converted corpus file by name.\npub const ALL: [(&str, &::dispatcher::Dispatcher); {}] = [",
        names.len()
    );
    for (name, _) in &names {
        let _ = writeln!(out, "    ({name:?}, &{}::DISPATCHER),", module(name));
    }
    out.push_str("];\n");
    let target =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("corpus.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}

fn module(name: &str) -> String {
    name.replace('-', "_")
}
