//! The HTTP/1.1 codec against the reference reading on arbitrary bytes:
//! the same relation as `tests/tests/h1_differential.rs` (accepted, refused
//! and framed alike, or refused by the dispatcher for a documented
//! deliberate difference). The first byte sets the size of the reads the
//! body decoder is fed (1 to 64 bytes); the rest is the request.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The reference the proptest uses, included rather than copied so that
// there is one; this crate does not depend on the tests crate, whose
// socket harness would be built with the fuzzer's instrumentation for
// nothing. Only the checks are used here.
#[allow(dead_code)]
#[path = "../../tests/src/h1_reference.rs"]
mod h1_reference;

fuzz_target!(|data: &[u8]| {
    let Some((&read, request)) = data.split_first() else {
        return;
    };
    let reads = [usize::from(read % 64) + 1];
    if let Err(violation) = h1_reference::check(request, &reads) {
        panic!("{violation}");
    }
});
