//! Path normalization on arbitrary request paths: no dot segment survives,
//! and normalizing twice changes nothing.
#![no_main]

use dispatcher::matching::path::segments;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else { return };
    let once = segments(path);
    assert!(once.iter().all(|segment| !segment.is_empty() && *segment != "." && *segment != ".."));
    let rejoined = format!("/{}", once.join("/"));
    assert_eq!(segments(&rejoined).to_vec(), once.to_vec());
});
