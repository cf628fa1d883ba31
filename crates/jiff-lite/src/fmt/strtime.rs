//! `strftime`-style formatting of a [`Timestamp`] in UTC (jiff's `fmt::strtime`, reduced to
//! the directives k8s-openapi's layouts use).

use crate::{Error, Timestamp};

/// Formats `timestamp` (in UTC) with `format`. Directives: `%Y` (year, at least four digits,
/// signed when negative), `%m`, `%d`, `%H`, `%M`, `%S` (two digits), `%.Nf` (a dot and `N`
/// fraction digits, `N` in 1–9), `%.f` (a dot and the fraction without trailing zeros, or
/// nothing when it is zero), `%%`. Any other directive is an error.
pub fn format(format: impl AsRef<[u8]>, timestamp: Timestamp) -> Result<String, Error> {
    let format = format.as_ref();
    let (year, month, day, hour, minute, second) = timestamp.civil();
    // The fraction's nine digits (Go's and jiff's `%09` of the nanoseconds, sign first), made
    // only for a layout that shows them.
    let nanos = || {
        let nanosecond = timestamp.subsec_nanosecond();
        let mut nanos = Vec::with_capacity(10);
        if nanosecond < 0 {
            nanos.push(b'-');
            push_digits(&mut nanos, u64::from(nanosecond.unsigned_abs()), 8);
        } else {
            push_digits(&mut nanos, u64::from(nanosecond.unsigned_abs()), 9);
        }
        nanos
    };
    // Bytes, made a `String` once at the end: every piece pushed is UTF-8 (digits, ASCII
    // punctuation, the layout's text read as `String::from_utf8_lossy` reads it).
    let mut out: Vec<u8> = Vec::with_capacity(32);
    let mut i = 0;
    while i < format.len() {
        let c = format[i];
        i += 1;
        if c != b'%' {
            // Copy literal text through, whole characters at a time.
            let start = i - 1;
            while i < format.len() && format[i] != b'%' {
                i += 1;
            }
            out.extend_from_slice(String::from_utf8_lossy(&format[start..i]).as_bytes());
            continue;
        }
        let at = i - 1;
        let unsupported = || {
            Error::new(format!(
                "strftime formatting failed: unsupported directive `{}`",
                String::from_utf8_lossy(&format[at..format.len().min(at + 4)])
            ))
        };
        let Some(&d) = format.get(i) else {
            return Err(Error::new(
                "strftime formatting failed: expected directive after '%'",
            ));
        };
        i += 1;
        match d {
            b'Y' => {
                if year < 0 {
                    out.push(b'-');
                }
                push_digits(&mut out, year.unsigned_abs(), 4);
            }
            b'm' => push_digits(&mut out, u64::from(month), 2),
            b'd' => push_digits(&mut out, u64::from(day), 2),
            b'H' => push_digits(&mut out, u64::from(hour), 2),
            b'M' => push_digits(&mut out, u64::from(minute), 2),
            b'S' => push_digits(&mut out, u64::from(second), 2),
            b'%' => out.push(b'%'),
            b'.' => match (format.get(i), format.get(i + 1)) {
                (Some(b'f'), _) => {
                    i += 1;
                    let nanos = nanos();
                    let kept = nanos.iter().rposition(|&d| d != b'0').map_or(0, |p| p + 1);
                    if kept > 0 {
                        out.push(b'.');
                        out.extend_from_slice(&nanos[..kept]);
                    }
                }
                (Some(n @ b'1'..=b'9'), Some(b'f')) => {
                    i += 2;
                    let nanos = nanos();
                    out.push(b'.');
                    out.extend_from_slice(nanos.get(..usize::from(n - b'0')).unwrap_or(&nanos));
                }
                _ => return Err(unsupported()),
            },
            _ => return Err(unsupported()),
        }
    }
    String::from_utf8(out).map_err(|e| Error::new(e.to_string()))
}

/// Appends `v` in decimal, zero-padded to at least `width` digits (`{v:0width$}` without
/// `core::fmt`'s padding machinery).
fn push_digits(out: &mut Vec<u8>, mut v: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut at = digits.len();
    while v > 0 && at > 0 {
        at -= 1;
        digits[at] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    let at = at.min(digits.len().saturating_sub(width));
    out.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubernetes_layouts() {
        let t = Timestamp::new(1_767_225_600, 123_456_789).unwrap_or_default();
        assert_eq!(
            format("%Y-%m-%dT%H:%M:%SZ", t).ok().as_deref(),
            Some("2026-01-01T00:00:00Z")
        );
        assert_eq!(
            format("%Y-%m-%dT%H:%M:%S%.6fZ", t).ok().as_deref(),
            Some("2026-01-01T00:00:00.123456Z")
        );
        assert_eq!(format("%.f|%%", t).ok().as_deref(), Some(".123456789|%"));
        assert_eq!(
            format("%.f", Timestamp::UNIX_EPOCH).ok().as_deref(),
            Some("")
        );
        assert_eq!(format("%Y", Timestamp::MIN).ok().as_deref(), Some("-9999"));
        // The layout's own text, whole characters, and bytes that are not UTF-8 as U+FFFD.
        assert_eq!(format("é%Y€", t).ok().as_deref(), Some("é2026€"));
        assert_eq!(format(b"\xff%m", t).ok().as_deref(), Some("\u{fffd}01"));
        assert_eq!(
            format("%.f", Timestamp::new(0, 120_000_000).unwrap_or_default())
                .ok()
                .as_deref(),
            Some(".12")
        );
        assert!(format("%Q", t).is_err());
        assert!(format("%", t).is_err());
        assert!(format("%.0f", t).is_err());
    }

    /// The digits are `core::fmt`'s zero-padded ones, negative fractions included.
    #[test]
    fn digits_as_core_fmt_pads_them() {
        for v in [0u64, 1, 9, 10, 99, 100, 2026, 12_345, 123_456_789, u64::MAX] {
            for width in [2, 4, 9] {
                let mut out = Vec::new();
                push_digits(&mut out, v, width);
                assert_eq!(out, format!("{v:0width$}").into_bytes());
            }
        }
        for nanos in [-123_456_789, -5, 0, 7, 999_999_999] {
            let t = Timestamp::new(-1, nanos).unwrap_or_default();
            if t.subsec_nanosecond() != nanos {
                continue;
            }
            let want = format!("{nanos:09}");
            assert_eq!(
                format("%.9f", t).ok(),
                Some(format!(".{}", &want[..9])),
                "{nanos}"
            );
        }
        assert_eq!(
            format("%Y", Timestamp::new(-62_167_219_201, 0).unwrap_or_default())
                .ok()
                .as_deref(),
            Some("-0001")
        );
    }
}
