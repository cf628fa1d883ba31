//! YAML 1.1 plain-scalar resolution as go-yaml v2's `resolve.go` does it (the YAML library
//! behind `sigs.k8s.io/yaml`, hence behind `kubectl apply -f` and `kubectl get -o yaml`).
//! One port for both directions: the loader reads plain scalars with [`resolve_text`], and
//! the YAML printer ([`crate::print::yaml`]) writes a string plain only when
//! [`plain_is_str`] says it would read back as that string.
//!
//! `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `~` and the empty scalar are null, a leading
//! `0` means octal (`0755` → 493), `0x`/`0o`/`0b` prefixes work, `_` separators are
//! dropped, and anything that looks like a float is a float (unless Go's `ParseFloat`
//! overflows: `1e999` stays a string). Timestamps stay strings (go-yaml v2 keeps them as
//! strings when decoding into `interface{}`), but resolve with the `!!timestamp` tag, so
//! the printer quotes them.

use std::borrow::Cow;
use std::str::FromStr;

/// A resolved scalar.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
}

/// [`resolve_text`] of a borrowed text (the tests' shorthand).
#[cfg(test)]
pub(crate) fn resolve_plain(s: &str) -> Scalar {
    resolve_text(Cow::Borrowed(s))
}

/// go-yaml v2 `resolve("", in)` for a plain (unquoted, untagged) scalar, of a text that may
/// be owned: a string keeps it (not copied).
pub(crate) fn resolve_text(text: Cow<'_, str>) -> Scalar {
    match resolve_non_str(&text) {
        Some(scalar) => scalar,
        None => Scalar::Str(text.into_owned()),
    }
}

/// [`resolve_text`] of `s` when it is not a string (`None`: `!!str`), without copying it.
fn resolve_non_str(s: &str) -> Option<Scalar> {
    // Decimal digits without a sign or a leading `0` (octal), fewer than 19: an `i64`, as
    // `go_parse_int` reads them (4 million `1,` are read in a flow list of 8 MiB).
    let b = s.as_bytes();
    if matches!(b, [b'1'..=b'9', ..] | [b'0']) && b.len() < 19 && b.iter().all(u8::is_ascii_digit) {
        return Some(Scalar::Int(
            b.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')),
        ));
    }
    // Only these first bytes start anything but a string (most keys and names are not).
    if !matches!(
        s.as_bytes().first(),
        None | Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O')
            | Some(b'~' | b'.' | b'+' | b'-' | b'0'..=b'9')
    ) {
        return None;
    }
    // (The words are at most five bytes long and none starts with a digit: other texts skip
    // comparing them.)
    let word = s.len() <= 5 && !b.first().is_some_and(u8::is_ascii_digit);
    match if word { s } else { "" } {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Some(Scalar::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Some(Scalar::Bool(false))
        }
        "" if s.is_empty() => return Some(Scalar::Null),
        "~" | "null" | "Null" | "NULL" => return Some(Scalar::Null),
        ".nan" | ".NaN" | ".NAN" => return Some(Scalar::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Some(Scalar::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => return Some(Scalar::Float(f64::NEG_INFINITY)),
        _ => {}
    }
    let first = s.chars().next()?;
    if first == '.' {
        // Not in the map, so maybe a normal float (Go `strconv.ParseFloat`).
        return go_parse_float(s)
            .filter(|f| f.is_finite())
            .map(Scalar::Float);
    }
    if first.is_ascii_digit() || first == '+' || first == '-' {
        // (No copy of the text unless it has a `_` to drop: 4 million `1` are read in a
        // flow list of 8 MiB.)
        let plain: Cow<'_, str> = if s.contains('_') {
            Cow::Owned(s.replace('_', ""))
        } else {
            Cow::Borrowed(s)
        };
        if let Some(i) = go_parse_int(&plain) {
            return Some(i);
        }
        if is_yaml_style_float(&plain) {
            // `strconv.ParseFloat` refuses what overflows (`ErrRange`): a string then.
            if let Some(f) = go_parse_float(&plain).filter(|f| f.is_finite()) {
                return Some(Scalar::Float(f));
            }
        }
    }
    None
}

/// Whether go-yaml v2's encoder may write the string `s` plain (`stringv`'s `canUsePlain`):
/// `resolve("", s)` gives back `!!str` (not a bool, null, number or timestamp), and `s` is
/// not a YAML 1.1 base-60 float (`1:20`, which go-yaml v2 no longer reads as one, but
/// quotes for older readers).
pub(crate) fn plain_is_str(s: &str) -> bool {
    let timestamp = s.starts_with(|c: char| c.is_ascii_digit()) && is_timestamp(s);
    !s.is_empty() && resolve_non_str(s).is_none() && !timestamp && !is_base60_float(s)
}

/// go-yaml's `isBase60Float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let b = s.strip_prefix(['+', '-']).unwrap_or(s);
    if !b.starts_with(|c: char| c.is_ascii_digit()) || !b.contains(':') {
        return false;
    }
    let (main, frac) = match b.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (b, None),
    };
    if frac.is_some_and(|f| !f.chars().all(|c| c.is_ascii_digit() || c == '_')) {
        return false;
    }
    let mut parts = main.split(':');
    let head = parts.next().unwrap_or("");
    if !head.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return false;
    }
    parts.all(|p| match p.as_bytes() {
        [d] => d.is_ascii_digit(),
        [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
        _ => false,
    })
}

/// go-yaml's `parseTimestamp` (the formats it tries: `2006-1-2T15:4:5.999999999Z07:00`,
/// `2006-1-2t15:4:5.999999999Z07:00`, `2006-1-2 15:4:5.999999999`, `2006-1-2`).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let num = |min: usize, max: usize, i: &mut usize| -> Option<u32> {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < max {
            *i += 1;
        }
        if *i - start < min {
            return None;
        }
        u32::from_str(s.get(start..*i)?).ok()
    };
    let expect = |c: u8, i: &mut usize| -> Option<()> {
        if b.get(*i) == Some(&c) {
            *i += 1;
            Some(())
        } else {
            None
        }
    };
    let parsed = (|| -> Option<bool> {
        let year = num(4, 4, &mut i)?;
        expect(b'-', &mut i)?;
        let month = num(1, 2, &mut i)?;
        expect(b'-', &mut i)?;
        let day = num(1, 2, &mut i)?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if i == b.len() {
            return Some(true);
        }
        let sep = *b.get(i)?;
        if !matches!(sep, b'T' | b't' | b' ') {
            return None;
        }
        i += 1;
        let h = num(1, 2, &mut i)?;
        expect(b':', &mut i)?;
        let m = num(1, 2, &mut i)?;
        expect(b':', &mut i)?;
        let sec = num(1, 2, &mut i)?;
        if h > 23 || m > 59 || sec > 59 {
            return None;
        }
        if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        if sep == b' ' {
            return Some(i == b.len());
        }
        match b.get(i) {
            Some(b'Z') => Some(i + 1 == b.len()),
            Some(b'+' | b'-') => {
                i += 1;
                let zh = num(2, 2, &mut i)?;
                expect(b':', &mut i)?;
                let zm = num(2, 2, &mut i)?;
                Some(i == b.len() && zh <= 23 && zm <= 59)
            }
            _ => None,
        }
    })();
    parsed == Some(true)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// Go `strconv.ParseInt(s, 0, 64)`, falling back to `ParseUint(s, 0, 64)`.
fn go_parse_int(s: &str) -> Option<Scalar> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    let signed = s.starts_with(['-', '+']);
    // (Upper case matters only after a `0` (`0X1F`): in a decimal number it is no digit.)
    let lower: Cow<'_, str> =
        if body.starts_with('0') && body.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(body.to_ascii_lowercase())
        } else {
            Cow::Borrowed(body)
        };
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower.get(1..)?)
    } else {
        (10, lower.as_ref())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if neg {
        if magnitude <= i64::MAX as u64 {
            #[allow(clippy::cast_possible_wrap)]
            return Some(Scalar::Int(-(magnitude as i64)));
        }
        if magnitude == i64::MAX as u64 + 1 {
            return Some(Scalar::Int(i64::MIN));
        }
        return None;
    }
    if let Ok(i) = i64::try_from(magnitude) {
        return Some(Scalar::Int(i));
    }
    // ParseUint refuses a sign.
    if signed {
        return None;
    }
    Some(Scalar::UInt(magnitude))
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go `strconv.ParseFloat(s, 64)` for the decimal forms YAML can reach here.
fn go_parse_float(s: &str) -> Option<f64> {
    // Rust also accepts "inf"/"nan" words, which cannot reach here (first char is a
    // digit, a sign or '.'), except after a sign: refuse those as Go's YAML path would
    // never produce them through the float regex anyway.
    let body = s.trim_start_matches(['+', '-']);
    if body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    crate::float_text::parse_decimal(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mirrors go-yaml v2 `resolve_test`/`decode_test` rows for the YAML 1.1 forms kubectl meets.
    #[test]
    fn resolve_table() {
        let rows: &[(&str, Scalar)] = &[
            ("yes", Scalar::Bool(true)),
            ("No", Scalar::Bool(false)),
            ("on", Scalar::Bool(true)),
            ("OFF", Scalar::Bool(false)),
            ("y", Scalar::Bool(true)),
            ("~", Scalar::Null),
            ("null", Scalar::Null),
            ("0755", Scalar::Int(493)),
            ("0o755", Scalar::Int(493)),
            ("0x1F", Scalar::Int(31)),
            ("0b101", Scalar::Int(5)),
            ("-0x10", Scalar::Int(-16)),
            ("1_000", Scalar::Int(1000)),
            ("+12", Scalar::Int(12)),
            ("18446744073709551615", Scalar::UInt(u64::MAX)),
            ("08", Scalar::Float(8.0)),
            ("1.5", Scalar::Float(1.5)),
            ("1e3", Scalar::Float(1000.0)),
            (".5", Scalar::Float(0.5)),
            ("1.10", Scalar::Float(1.1)),
            ("0.1.0", Scalar::Str("0.1.0".into())),
            ("2001-12-14", Scalar::Str("2001-12-14".into())),
            ("-", Scalar::Str("-".into())),
            ("+inf", Scalar::Str("+inf".into())),
            ("1:20", Scalar::Str("1:20".into())),
            ("latest", Scalar::Str("latest".into())),
            ("0X1F", Scalar::Int(31)),
            ("-0X10", Scalar::Int(-16)),
            ("0B101", Scalar::Int(5)),
            ("+0O17", Scalar::Int(15)),
            ("1E3", Scalar::Float(1000.0)),
            ("16Gi", Scalar::Str("16Gi".into())),
            ("1X", Scalar::Str("1X".into())),
            ("4", Scalar::Int(4)),
            ("True", Scalar::Bool(true)),
            ("FALSE", Scalar::Bool(false)),
            ("Falsey", Scalar::Str("Falsey".into())),
            ("nulls", Scalar::Str("nulls".into())),
            ("", Scalar::Null),
        ];
        for (input, want) in rows {
            assert_eq!(&resolve_plain(input), want, "{input}");
        }
        assert!(matches!(resolve_plain(".nan"), Scalar::Float(f) if f.is_nan()));
        assert_eq!(resolve_plain("1e999"), Scalar::Str("1e999".into()));
        assert_eq!(resolve_plain("-.inf"), Scalar::Float(f64::NEG_INFINITY));
    }

    /// What the printer may write plain: rows of go-yaml v2's `encode_test.go` (quoted
    /// there unless `true` here).
    #[test]
    fn plain_is_str_table() {
        let rows = [
            ("latest", true),
            ("", false),
            ("true", false),
            ("y", false),
            ("No", false),
            ("~", false),
            ("null", false),
            ("12345", false),
            ("0755", false),
            ("08", false),
            ("1.5", false),
            ("1e999", true),
            ("0.1.0", true),
            ("1_000", false),
            ("0x1F", false),
            ("2026-01-01T00:00:00Z", false),
            ("2001-12-14", false),
            ("2001-12-14 21:59:43.10", false),
            ("2001-13-14", true),
            ("1:20", false),
            ("190:20:30.15", false),
            ("1:70", true),
            ("+inf", true),
            (".inf", false),
            ("-", true),
            ("v1.28", true),
            ("nginx:1.25", true),
        ];
        for (s, plain) in rows {
            assert_eq!(plain_is_str(s), plain, "{s:?}");
        }
    }
}
