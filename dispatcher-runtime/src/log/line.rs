//! The start of a log line exactly as tracing-subscriber's default (full)
//! format prints it without colours, `2026-11-23T10:00:00.123456Z  INFO
//! dispatcher::access: `, so lines written by hand read (and parse) the
//! same as tracing's.

use std::cell::Cell;
use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use tracing::Level;

/// Writes the timestamp (UTC, microseconds), the level padded as tracing
/// pads it, and the target.
pub fn prefix(out: &mut Vec<u8>, now: SystemTime, level: Level, target: &str) {
    timestamp(out, now);
    let level = match level {
        Level::TRACE => "TRACE",
        Level::DEBUG => "DEBUG",
        Level::INFO => " INFO",
        Level::WARN => " WARN",
        Level::ERROR => "ERROR",
    };
    out.push(b' ');
    out.extend_from_slice(level.as_bytes());
    out.push(b' ');
    out.extend_from_slice(target.as_bytes());
    out.extend_from_slice(b": ");
}

thread_local! {
    /// The last second formatted on this thread and its text
    /// (`YYYY-MM-DDTHH:MM:SS`): most lines share it with the previous one.
    static SECOND: Cell<(u64, [u8; 19])> = const { Cell::new((u64::MAX, [0; 19])) };
}

/// `YYYY-MM-DDTHH:MM:SS.ffffffZ`, as tracing-subscriber's `SystemTime`
/// timer writes it.
pub fn timestamp(out: &mut Vec<u8>, now: SystemTime) {
    let since = now.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since.as_secs();
    let date = SECOND.with(|cached| {
        let (second, text) = cached.get();
        if second == seconds {
            return text;
        }
        let text = date_time(seconds);
        cached.set((seconds, text));
        text
    });
    out.extend_from_slice(&date);
    out.push(b'.');
    let micros = since.subsec_micros();
    for place in [100_000, 10_000, 1_000, 100, 10, 1] {
        out.push(b'0' + (micros / place % 10) as u8);
    }
    out.push(b'Z');
}

/// `value` as `{:?}` prints it: quoted, escaped. Most values (URLs) need
/// no escape and are copied; the others go through `core::fmt`.
pub fn debug_str(out: &mut Vec<u8>, value: &str) {
    if value
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        out.push(b'"');
        out.extend_from_slice(value.as_bytes());
        out.push(b'"');
    } else {
        let _ = write!(out, "{value:?}");
    }
}

/// The UTC date and time of `seconds` since the epoch.
fn date_time(seconds: u64) -> [u8; 19] {
    let days = (seconds / 86_400) as i64;
    let of_day = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    let mut text = [0u8; 19];
    let mut cursor = &mut text[..];
    let _ = write!(
        cursor,
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    );
    text
}

/// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a
/// day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(seconds: u64, micros: u64) -> String {
        let mut out = Vec::new();
        timestamp(
            &mut out,
            UNIX_EPOCH + Duration::from_secs(seconds) + Duration::from_micros(micros),
        );
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn timestamps_are_rfc_3339_utc_with_microseconds() {
        assert_eq!(at(0, 0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(at(951_782_400, 7), "2000-02-29T00:00:00.000007Z");
        assert_eq!(at(1_795_434_852, 123_456), "2026-11-23T11:54:12.123456Z");
        assert_eq!(at(4_102_444_799, 999_999), "2099-12-31T23:59:59.999999Z");
        // The cached second is not reused for another.
        assert_eq!(at(4_102_444_800, 0), "2100-01-01T00:00:00.000000Z");
    }

    #[test]
    fn strings_are_quoted_and_escaped_as_debug_prints_them() {
        for value in [
            "http://resource:8080",
            "-",
            "",
            "it's",
            "a \"quoted\" \\ path",
            "tab\there\nnewline\r",
            "del\u{7f} nul\0 bell\u{7}",
            "caf\u{e9} \u{1f600} \u{200b}zero-width",
        ] {
            let mut out = Vec::new();
            debug_str(&mut out, value);
            assert_eq!(String::from_utf8(out).unwrap(), format!("{value:?}"));
        }
    }

    #[test]
    fn the_prefix_pads_levels_as_tracing_does() {
        let mut out = Vec::new();
        prefix(&mut out, UNIX_EPOCH, Level::INFO, "dispatcher::access");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "1970-01-01T00:00:00.000000Z  INFO dispatcher::access: "
        );
    }
}
