//! The `Date` of responses (RFC 9110 §6.6.1: an origin server, and a proxy
//! forwarding a response without one, MUST send it), formatted once per
//! second per thread rather than per response.

use std::cell::RefCell;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// `Sun, 06 Nov 1994 08:49:37 GMT`: 29 bytes.
pub type HttpDate = [u8; 29];

thread_local! {
    static CACHE: RefCell<(u64, HttpDate)> = const { RefCell::new((u64::MAX, [0; 29])) };
}

/// The current time as an IMF-fixdate.
pub fn now() -> HttpDate {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_secs();
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 != seconds {
            *cache = (seconds, format(seconds));
        }
        cache.1
    })
}

/// Formats seconds since the epoch (proleptic Gregorian, UTC).
pub fn format(seconds: u64) -> HttpDate {
    const DAYS: [&[u8; 3]; 7] = [b"Thu", b"Fri", b"Sat", b"Sun", b"Mon", b"Tue", b"Wed"];
    const MONTHS: [&[u8; 3]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let days = seconds / 86_400;
    let of_day = seconds % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as usize;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u64;
    let mut out = [0u8; 29];
    out[..3].copy_from_slice(DAYS[(days % 7) as usize]);
    out[3..5].copy_from_slice(b", ");
    two(&mut out[5..7], u64::from(day));
    out[7] = b' ';
    out[8..11].copy_from_slice(MONTHS[month - 1]);
    out[11] = b' ';
    two(&mut out[12..14], year / 100 % 100);
    two(&mut out[14..16], year % 100);
    out[16] = b' ';
    two(&mut out[17..19], of_day / 3600);
    out[19] = b':';
    two(&mut out[20..22], of_day / 60 % 60);
    out[22] = b':';
    two(&mut out[23..25], of_day % 60);
    out[25..].copy_from_slice(b" GMT");
    out
}

fn two(out: &mut [u8], value: u64) {
    out[0] = b'0' + (value / 10) as u8;
    out[1] = b'0' + (value % 10) as u8;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_imf_fixdates() {
        assert_eq!(&format(784_111_777), b"Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(&format(0), b"Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(&format(951_782_400), b"Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(&format(1_798_761_599), b"Thu, 31 Dec 2026 23:59:59 GMT");
        assert_eq!(now().len(), 29);
    }
}
