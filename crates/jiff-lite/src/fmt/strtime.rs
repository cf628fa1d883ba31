//! `strftime`-style formatting of a [`Timestamp`] in UTC (jiff's `fmt::strtime`, reduced to
//! the directives k8s-openapi's layouts use).

use crate::{Error, Timestamp};
use core::fmt::Write;

/// Formats `timestamp` (in UTC) with `format`. Directives: `%Y` (year, at least four digits,
/// signed when negative), `%m`, `%d`, `%H`, `%M`, `%S` (two digits), `%.Nf` (a dot and `N`
/// fraction digits, `N` in 1–9), `%.f` (a dot and the fraction without trailing zeros, or
/// nothing when it is zero), `%%`. Any other directive is an error.
pub fn format(format: impl AsRef<[u8]>, timestamp: Timestamp) -> Result<String, Error> {
    let format = format.as_ref();
    let (year, month, day, hour, minute, second) = timestamp.civil();
    let nanos = format!("{:09}", timestamp.subsec_nanosecond());
    let mut out = String::with_capacity(32);
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
            out.push_str(&String::from_utf8_lossy(&format[start..i]));
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
        let written = match d {
            b'Y' if year < 0 => write!(out, "-{:04}", year.unsigned_abs()),
            b'Y' => write!(out, "{year:04}"),
            b'm' => write!(out, "{month:02}"),
            b'd' => write!(out, "{day:02}"),
            b'H' => write!(out, "{hour:02}"),
            b'M' => write!(out, "{minute:02}"),
            b'S' => write!(out, "{second:02}"),
            b'%' => write!(out, "%"),
            b'.' => match (format.get(i), format.get(i + 1)) {
                (Some(b'f'), _) => {
                    i += 1;
                    let trimmed = nanos.trim_end_matches('0');
                    if trimmed.is_empty() {
                        Ok(())
                    } else {
                        write!(out, ".{trimmed}")
                    }
                }
                (Some(n @ b'1'..=b'9'), Some(b'f')) => {
                    i += 2;
                    write!(out, ".{}", &nanos[..usize::from(n - b'0')])
                }
                _ => return Err(unsupported()),
            },
            _ => return Err(unsupported()),
        };
        written.map_err(|_| Error::new("strftime formatting failed"))?;
    }
    Ok(out)
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
        assert!(format("%Q", t).is_err());
        assert!(format("%", t).is_err());
        assert!(format("%.0f", t).is_err());
    }
}
