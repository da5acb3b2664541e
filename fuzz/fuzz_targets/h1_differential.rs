//! The HTTP/1.1 codec against the reference reading on arbitrary bytes:
//! the same relation as `tests/tests/h1_differential.rs` (read alike, or
//! refused by the dispatcher for a documented deliberate difference). The
//! first byte chooses: its high bit, a response (else a request); the next
//! bit, a response to HEAD; the six low bits, the size of the reads the
//! body decoder is fed (1 to 64 bytes). The rest is the message.
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
    let Some((&choice, message)) = data.split_first() else {
        return;
    };
    let reads = [usize::from(choice & 0x3f) + 1];
    let checked = if choice & 0x80 == 0 {
        h1_reference::check(message, &reads).map(drop)
    } else {
        h1_reference::check_response(message, choice & 0x40 != 0, &reads).map(drop)
    };
    if let Err(violation) = checked {
        panic!("{violation}");
    }
});
