//! Go's `time.Parse(time.RFC3339, value)`, the parse `metav1.Time.UnmarshalJSON` does: a port
//! of `time.parse` for the one layout `2006-01-02T15:04:05Z07:00`, with Go's acceptance rules
//! and `time.ParseError` messages.

use crate::civil::{days_in, to_days};
use crate::{Error, Timestamp};

/// `time.RFC3339`.
const LAYOUT: &str = "2006-01-02T15:04:05Z07:00";

/// Parses `value` as Go does with [`LAYOUT`] (see the module doc).
pub(crate) fn parse_rfc3339(value: &str) -> Result<Timestamp, Error> {
    let all = value.as_bytes();
    // `ParseError{Layout, Value, LayoutElem, ValueElem, ""}`.
    let cannot = |layout_elem: &str, value_elem: &[u8]| {
        Error::new(format!(
            "parsing time {} as {}: cannot parse {} as {}",
            quote(all),
            quote(LAYOUT.as_bytes()),
            quote(value_elem),
            quote(layout_elem.as_bytes())
        ))
    };
    // `ParseError{…, Message: ": <what> out of range"}`.
    let out_of_range =
        |what: &str| Error::new(format!("parsing time {}: {what} out of range", quote(all)));

    // stdLongYear: four bytes, read by `atoi` (a sign is allowed).
    let v = all;
    if v.len() < 4 {
        return Err(cannot("2006", v));
    }
    let (year_text, v) = v.split_at(4);
    let year = atoi(year_text).ok_or_else(|| cannot("2006", all))?;
    // "-" then stdZeroMonth.
    let v = skip(v, b'-').map_err(|rest| cannot("-", rest))?;
    let (month, v) = getnum(v, true).ok_or_else(|| cannot("01", v))?;
    if !(1..=12).contains(&month) {
        return Err(out_of_range("month"));
    }
    // "-" then stdZeroDay (its range is checked at the end, against the month).
    let v = skip(v, b'-').map_err(|rest| cannot("-", rest))?;
    let (day, v) = getnum(v, true).ok_or_else(|| cannot("02", v))?;
    // "T" then stdHour: one or two digits.
    let v = skip(v, b'T').map_err(|rest| cannot("T", rest))?;
    let (hour, v) = getnum(v, false).ok_or_else(|| cannot("15", v))?;
    if hour >= 24 {
        return Err(out_of_range("hour"));
    }
    // ":" then stdZeroMinute.
    let v = skip(v, b':').map_err(|rest| cannot(":", rest))?;
    let (minute, v) = getnum(v, true).ok_or_else(|| cannot("04", v))?;
    if minute >= 60 {
        return Err(out_of_range("minute"));
    }
    // ":" then stdZeroSecond, and a fraction the layout does not show (`.` or `,`, digits).
    let v = skip(v, b':').map_err(|rest| cannot(":", rest))?;
    let (second, mut v) = getnum(v, true).ok_or_else(|| cannot("05", v))?;
    if second >= 60 {
        return Err(out_of_range("second"));
    }
    let mut nanosecond = 0;
    if v.len() >= 2 && matches!(v[0], b'.' | b',') && v[1].is_ascii_digit() {
        let n = 2 + v[2..].iter().take_while(|b| b.is_ascii_digit()).count();
        nanosecond = parse_nanoseconds(&v[..n]);
        v = &v[n..];
    }
    // stdISO8601ColonTZ: `Z`, or a sign, two digits, `:`, two digits.
    let offset;
    if let Some(rest) = v.strip_prefix(b"Z") {
        offset = 0;
        v = rest;
    } else {
        let hold = v;
        if v.len() < 6 || v[3] != b':' {
            return Err(cannot("Z07:00", hold));
        }
        let hours = getnum(&v[1..3], true);
        let minutes = hours.and_then(|_| getnum(&v[4..6], true));
        let (hr, mm) = (hours.map_or(0, |(h, _)| h), minutes.map_or(0, |(m, _)| m));
        let mut range = None;
        if hr > 24 {
            range = Some("time zone offset hour");
        }
        if mm > 60 {
            range = Some("time zone offset minute");
        }
        if let Some(what) = range {
            return Err(out_of_range(what));
        }
        let sign = match v[0] {
            b'+' => 1,
            b'-' => -1,
            _ => return Err(cannot("Z07:00", hold)),
        };
        if minutes.is_none() {
            return Err(cannot("Z07:00", hold));
        }
        offset = sign * (hr * 60 + mm) * 60;
        v = &v[6..];
    }
    if !v.is_empty() {
        return Err(Error::new(format!(
            "parsing time {}: extra text: {}",
            quote(all),
            quote(v)
        )));
    }
    if day < 1 || day > days_in(month, year) {
        return Err(out_of_range("day"));
    }
    let seconds = to_days(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Timestamp::new(seconds, nanosecond).map_err(|_| {
        Error::new(format!(
            "parsing time {}: timestamp out of range",
            quote(all)
        ))
    })
}

/// Go's `skip` for a one-byte literal: the rest after it, or (as the error) the value where it
/// was expected.
fn skip(v: &[u8], literal: u8) -> Result<&[u8], &[u8]> {
    match v.split_first() {
        Some((c, rest)) if *c == literal => Ok(rest),
        _ => Err(v),
    }
}

/// Go's `getnum`: one or two leading digits (exactly two when `fixed`), and the rest.
fn getnum(v: &[u8], fixed: bool) -> Option<(i64, &[u8])> {
    let digit = |i: usize| {
        v.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| i64::from(c - b'0'))
    };
    let first = digit(0)?;
    match digit(1) {
        Some(second) => Some((first * 10 + second, &v[2..])),
        None if fixed => None,
        None => Some((first, &v[1..])),
    }
}

/// Go's `atoi`: an optional sign, then digits only.
fn atoi(s: &[u8]) -> Option<i64> {
    let (negative, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, s),
    };
    let mut x: i64 = 0;
    for c in digits {
        if !c.is_ascii_digit() {
            return None;
        }
        x = x * 10 + i64::from(c - b'0');
    }
    Some(if negative { -x } else { x })
}

/// Go's `parseNanoseconds` on `.ddd…` (at most nine digits count; the rest are dropped).
fn parse_nanoseconds(v: &[u8]) -> i32 {
    let digits = &v[1..v.len().min(10)];
    let mut ns: i32 = 0;
    for c in digits {
        ns = ns * 10 + i32::from(c - b'0');
    }
    for _ in digits.len()..9 {
        ns *= 10;
    }
    ns
}

/// Go's `time.quote`: double quotes; `"` and `\` escaped; bytes outside printable ASCII as
/// `\xNN` (every byte of a non-ASCII character).
fn quote(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for &b in s {
        if !(b' '..0x80).contains(&b) {
            out.push_str(&format!("\\x{b:02x}"));
        } else {
            if b == b'"' || b == b'\\' {
                out.push('\\');
            }
            out.push(char::from(b));
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> (i64, i32) {
        match parse_rfc3339(s) {
            Ok(t) => (t.as_second(), t.subsec_nanosecond()),
            Err(e) => panic!("{s}: {e}"),
        }
    }

    fn err(s: &str) -> String {
        match parse_rfc3339(s) {
            Ok(t) => panic!("{s} parsed as {t}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn accepts_what_go_accepts() {
        assert_eq!(ok("2026-01-01T00:00:00Z"), (1_767_225_600, 0));
        assert_eq!(ok("1970-01-01T00:00:00Z"), (0, 0));
        assert_eq!(ok("2024-02-29T12:30:15.25Z"), (1_709_209_815, 250_000_000));
        // A comma before the fraction, more than nine digits (dropped), a one-digit hour.
        assert_eq!(ok("1970-01-01T00:00:01,1234567891Z"), (1, 123_456_789));
        assert_eq!(ok("1970-01-01T1:00:00Z"), (3600, 0));
        // Offsets, up to 24:60 (Go's range test uses `>`).
        assert_eq!(ok("1970-01-01T02:00:00+02:00"), (0, 0));
        assert_eq!(ok("1970-01-01T00:00:00-00:30"), (1800, 0));
        assert_eq!(ok("1970-01-02T00:00:00+24:60"), (-3600, 0));
        // A signed year (Go's atoi).
        assert_eq!(ok("+970-01-01T00:00:00Z").0, ok("0970-01-01T00:00:00Z").0);
        assert!(ok("-100-03-01T00:00:00Z").0 < 0);
    }

    #[test]
    fn go_error_messages() {
        let layout = "\"2006-01-02T15:04:05Z07:00\"";
        assert_eq!(
            err("abc"),
            format!("parsing time \"abc\" as {layout}: cannot parse \"abc\" as \"2006\"")
        );
        assert_eq!(
            err("2026-1-01T00:00:00Z"),
            format!("parsing time \"2026-1-01T00:00:00Z\" as {layout}: cannot parse \"1-01T00:00:00Z\" as \"01\"")
        );
        assert_eq!(
            err("2026-01-01 00:00:00Z"),
            format!("parsing time \"2026-01-01 00:00:00Z\" as {layout}: cannot parse \" 00:00:00Z\" as \"T\"")
        );
        assert_eq!(
            err("2026-01-01T00:00:00"),
            format!(
                "parsing time \"2026-01-01T00:00:00\" as {layout}: cannot parse \"\" as \"Z07:00\""
            )
        );
        assert_eq!(
            err("2026-01-01T00:00:00 02:00"),
            format!("parsing time \"2026-01-01T00:00:00 02:00\" as {layout}: cannot parse \" 02:00\" as \"Z07:00\"")
        );
        assert_eq!(
            err("2026-13-01T00:00:00Z"),
            "parsing time \"2026-13-01T00:00:00Z\": month out of range"
        );
        assert_eq!(
            err("2026-02-29T00:00:00Z"),
            "parsing time \"2026-02-29T00:00:00Z\": day out of range"
        );
        assert_eq!(
            err("2026-01-01T24:00:00Z"),
            "parsing time \"2026-01-01T24:00:00Z\": hour out of range"
        );
        assert_eq!(
            err("2026-01-01T00:00:60Z"),
            "parsing time \"2026-01-01T00:00:60Z\": second out of range"
        );
        assert_eq!(
            err("2026-01-01T00:00:00+25:00"),
            "parsing time \"2026-01-01T00:00:00+25:00\": time zone offset hour out of range"
        );
        assert_eq!(
            err("2026-01-01T00:00:00Zjunk"),
            "parsing time \"2026-01-01T00:00:00Zjunk\": extra text: \"junk\""
        );
        assert_eq!(
            err("2026-01-01T00:00:00z"),
            format!("parsing time \"2026-01-01T00:00:00z\" as {layout}: cannot parse \"z\" as \"Z07:00\"")
        );
        // Go's quoting: `"` and `\` escaped, non-ASCII bytes as \xNN.
        assert_eq!(
            err("é\"\\"),
            format!("parsing time \"\\xc3\\xa9\\\"\\\\\" as {layout}: cannot parse \"\\xc3\\xa9\\\"\\\\\" as \"2006\"")
        );
        assert_eq!(
            err("9999-12-31T23:00:00Z"),
            "parsing time \"9999-12-31T23:00:00Z\": timestamp out of range"
        );
    }

    #[test]
    fn never_panics_on_odd_bytes() {
        for s in [
            "",
            "é",
            "2026-0é-01T00:00:00Z",
            "2026-01-01T00:00:00+é:00",
            "2026-01-01T00:00:00.",
            "20é6",
        ] {
            assert!(parse_rfc3339(s).is_err(), "{s}");
        }
    }
}
