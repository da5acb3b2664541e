//! Host handling on arbitrary Host header values.
#![no_main]

use dispatcher::matching::{HostLabels, HostName};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else { return };
    if let Ok(host) = HostName::parse(raw) {
        let labels = HostLabels::new(&host);
        assert!(labels.written.iter().all(|label| !label.is_empty()));
        assert_eq!(labels.written.len(), labels.tld_first.len());
    }
});
