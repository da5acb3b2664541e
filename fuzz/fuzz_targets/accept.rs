//! The Accept parser on arbitrary header values.
#![no_main]

use dispatcher::matching::AcceptGroups;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(header) = std::str::from_utf8(data) else { return };
    let groups = AcceptGroups::parse(Some(header));
    assert!(!groups.is_empty());
    let qs: Vec<u16> = groups.groups().map(|group| group[0].q).collect();
    assert!(qs.windows(2).all(|pair| pair[0] > pair[1]));
});
