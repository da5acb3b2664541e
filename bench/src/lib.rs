//! Benchmark support: the rule sets the benches dispatch against and the
//! tools the load scripts run (see docs/BENCHMARKS.md).

/// What the load tools read of a response head.
pub mod head {
    /// Where `needle` first starts in `haystack` (the end of a head:
    /// `b"\r\n\r\n"`).
    pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack.windows(needle.len()).position(|w| w == needle)
    }

    /// The Content-Length of `head` (without its final blank line), which
    /// must be a 200.
    pub fn content_length_of_ok(head: &[u8]) -> Result<u64, String> {
        let text = std::str::from_utf8(head).map_err(|_| "a head that is not UTF-8")?;
        let mut lines = text.split("\r\n");
        let status = lines.next().unwrap_or_default();
        if !status.starts_with("HTTP/1.1 200") {
            return Err(format!("status line {status:?}"));
        }
        lines
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse().ok())
            .ok_or_else(|| "a response without Content-Length".to_string())
    }
}
