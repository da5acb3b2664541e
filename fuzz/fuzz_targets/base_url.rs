//! The base-URL grammar on arbitrary strings: a URL it accepts parses again
//! to the same parts, and every fault it reports lies inside the input.
#![no_main]

use dispatcher_syntax::parse_base_url;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else { return };
    match parse_base_url(url) {
        Ok(parts) => {
            let port = parts.port.map(|port| format!(":{port}")).unwrap_or_default();
            let again = format!("{}://{}{port}{}", parts.scheme, parts.host, parts.path);
            assert_eq!(parse_base_url(&again).map(|p| (p.host, p.port, p.path)), Ok((parts.host, parts.port, parts.path)));
        }
        Err(error) => assert!(error.range.end <= url.len() && error.range.start <= error.range.end),
    }
});
