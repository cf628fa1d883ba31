//! YAML 1.1 plain-scalar resolution as go-yaml v2 `resolve()` does it (the parser behind
//! `sigs.k8s.io/yaml`, hence behind `kubectl apply -f`).
//!
//! `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `~` and the empty scalar are null, a leading
//! `0` means octal (`0755` → 493), `0x`/`0o`/`0b` prefixes work, `_` separators are
//! dropped, and anything that looks like a float is a float. Timestamps stay strings
//! (go-yaml v2 keeps them as strings when decoding into `interface{}`).

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

/// go-yaml v2 `resolve("", in)` for a plain (unquoted, untagged) scalar.
pub(crate) fn resolve_plain(s: &str) -> Scalar {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Scalar::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Scalar::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        _ => {}
    }
    let Some(first) = s.chars().next() else {
        return Scalar::Null;
    };
    if first == '.' {
        // Not in the map, so maybe a normal float (Go `strconv.ParseFloat`).
        if let Some(f) = go_parse_float(s) {
            return Scalar::Float(f);
        }
        return Scalar::Str(s.to_string());
    }
    if first.is_ascii_digit() || first == '+' || first == '-' {
        let plain: String = s.chars().filter(|c| *c != '_').collect();
        if let Some(i) = go_parse_int(&plain) {
            return i;
        }
        if is_yaml_style_float(&plain) {
            if let Some(f) = go_parse_float(&plain) {
                return Scalar::Float(f);
            }
        }
    }
    Scalar::Str(s.to_string())
}

/// Go `strconv.ParseInt(s, 0, 64)`, falling back to `ParseUint(s, 0, 64)`.
fn go_parse_int(s: &str) -> Option<Scalar> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    let signed = s.starts_with(['-', '+']);
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower.get(1..)?)
    } else {
        (10, lower.as_str())
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
        ];
        for (input, want) in rows {
            assert_eq!(&resolve_plain(input), want, "{input}");
        }
        assert!(matches!(resolve_plain(".nan"), Scalar::Float(f) if f.is_nan()));
        assert_eq!(resolve_plain("-.inf"), Scalar::Float(f64::NEG_INFINITY));
    }
}
