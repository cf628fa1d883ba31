//! Timestamps as kubectl reads and prints them.

use dsplay_core::clock::{human_duration, SimDuration, SimTime};

/// Days from 1970-01-01 to the civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses an RFC 3339 timestamp (`2026-01-01T00:00:05Z`, `...05.250000Z`, `...05+02:00`)
/// into milliseconds since the simulation's epoch, 2026-01-01T00:00:00Z (negative before it).
pub(crate) fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from.checked_add(len)?)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' '))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, sec) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let frac = s.get(start..i)?;
        if frac.is_empty() {
            return None;
        }
        let mut digits: String = frac.chars().take(3).collect();
        while digits.len() < 3 {
            digits.push('0');
        }
        millis = digits.parse().ok()?;
    }
    let offset_secs = match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if i + 6 == b.len() && b.get(i + 3) == Some(&b':') => {
            let off = num(i + 1, 2)? * 3600 + num(i + 4, 2)? * 60;
            if *sign == b'+' {
                off
            } else {
                -off
            }
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d) - days_from_civil(2026, 1, 1);
    let secs = days * 86_400 + h * 3600 + mi * 60 + sec - offset_secs;
    secs.checked_mul(1000)?.checked_add(millis)
}

/// kubectl's `translateTimestampSince`: the age of `timestamp` at `now`, `<unknown>`
/// when there is none.
pub(crate) fn age(now: SimTime, timestamp: Option<&str>) -> String {
    let Some(ts) = timestamp.and_then(parse_rfc3339) else {
        return "<unknown>".to_string();
    };
    let now_ms = i64::try_from(now.as_millis()).unwrap_or(i64::MAX);
    let d = now_ms.saturating_sub(ts);
    // duration.HumanDuration: up to a second in the future reads as "0s".
    if d < -1999 {
        return "<invalid>".to_string();
    }
    human_duration(SimDuration::from_millis(u64::try_from(d).unwrap_or(0)))
}

/// A simulated instant as Kubernetes' `MicroTime` prints it: `2026-01-01T00:00:05.250000Z`.
pub(crate) fn micro_time(t: SimTime) -> String {
    let secs = t.rfc3339();
    let micros = (t.as_millis() % 1000) * 1000;
    match secs.strip_suffix('Z') {
        Some(base) => format!("{base}.{micros:06}Z"),
        None => secs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_sim_time_prints() {
        for ms in [0u64, 5_000, 86_400_000 * 400 + 3_723_000] {
            assert_eq!(parse_rfc3339(&SimTime(ms).rfc3339()), Some(ms as i64));
        }
        assert_eq!(parse_rfc3339("2026-01-01T00:00:05.25Z"), Some(5_250));
        assert_eq!(parse_rfc3339("2026-01-01T02:00:00+02:00"), Some(0));
        assert_eq!(parse_rfc3339("2025-12-31T23:59:59Z"), Some(-1_000));
        assert_eq!(parse_rfc3339("2026-13-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("yesterday"), None);
        assert_eq!(parse_rfc3339("2026-01-01T00:00:00"), None);
    }

    #[test]
    fn ages_as_kubectl_prints_them() {
        let now = SimTime(200_500);
        assert_eq!(age(now, Some("2026-01-01T00:00:00Z")), "3m20s");
        assert_eq!(age(now, Some("2026-01-01T00:03:20Z")), "0s");
        assert_eq!(age(now, Some("2026-01-01T00:03:21Z")), "0s");
        assert_eq!(age(now, Some("2026-01-01T00:03:25Z")), "<invalid>");
        assert_eq!(age(now, None), "<unknown>");
    }

    #[test]
    fn micro_time_keeps_milliseconds() {
        assert_eq!(micro_time(SimTime(5_250)), "2026-01-01T00:00:05.250000Z");
        assert_eq!(micro_time(SimTime(0)), "2026-01-01T00:00:00.000000Z");
    }
}
