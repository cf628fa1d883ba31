//! Durations as Go's `time.ParseDuration` (and so kubectl) writes them: `30s`, `5m`, `1h30m`, `250ms`.

use dsplay_core::clock::SimDuration;

/// Parses a duration made of whole numbers with units `h`, `m`, `s`, `ms`.
///
/// `0` alone is allowed, as in Go. Errors are messages for a usage error.
pub(crate) fn parse_duration(text: &str) -> Result<SimDuration, String> {
    let bad =
        |why: &str| format!("invalid duration {text:?}: {why} (write e.g. 30s, 5m, 1h30m, 250ms)");
    if text == "0" {
        return Ok(SimDuration::from_millis(0));
    }
    if text.is_empty() {
        return Err(bad("empty"));
    }
    let mut total: u64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(bad("expected a number"));
        }
        let (num, after) = rest.split_at(digits);
        let n: u64 = num.parse().map_err(|_| bad("number too large"))?;
        let unit_len = after.bytes().take_while(u8::is_ascii_alphabetic).count();
        let (unit, after) = after.split_at(unit_len);
        let per_unit: u64 = match unit {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "" => return Err(bad("missing unit")),
            _ => return Err(bad(&format!("unknown unit {unit:?}"))),
        };
        let ms = n.checked_mul(per_unit).ok_or_else(|| bad("too long"))?;
        total = total.checked_add(ms).ok_or_else(|| bad("too long"))?;
        rest = after;
    }
    Ok(SimDuration::from_millis(total))
}

/// Writes a duration back in the shortest Go form (`1h`, `1h30m`, `30s`, `1m0.5s` is written `60500ms`).
pub(crate) fn format_duration(d: SimDuration) -> String {
    let ms = d.as_millis();
    if ms == 0 {
        return "0s".to_string();
    }
    if !ms.is_multiple_of(1000) {
        return format!("{ms}ms");
    }
    let secs = ms / 1000;
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 {
        out.push_str(&format!("{s}s"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! ok {
        ($name:ident, $text:expr, $ms:expr) => {
            #[test]
            fn $name() {
                assert_eq!(parse_duration($text).unwrap().as_millis(), $ms);
            }
        };
    }
    macro_rules! err {
        ($name:ident, $text:expr, $needle:expr) => {
            #[test]
            fn $name() {
                let e = parse_duration($text).unwrap_err();
                assert!(e.contains($needle), "{e}");
            }
        };
    }

    ok!(seconds, "30s", 30_000);
    ok!(minutes, "5m", 300_000);
    ok!(hours_and_minutes, "1h30m", 5_400_000);
    ok!(millis, "250ms", 250);
    ok!(zero, "0", 0);
    err!(no_unit, "30", "missing unit");
    err!(bad_unit, "3d", "unknown unit \"d\"");
    err!(empty, "", "empty");
    err!(garbage, "abc", "expected a number");
    err!(overflow, "99999999999999999999h", "number too large");

    #[test]
    fn format_round_trips() {
        for t in ["1h", "1h30m", "30s", "250ms", "2h0m5s"] {
            let d = parse_duration(t).unwrap();
            assert_eq!(parse_duration(&format_duration(d)).unwrap(), d);
        }
        assert_eq!(format_duration(SimDuration::from_secs(3600)), "1h");
    }
}
