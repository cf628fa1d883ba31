//! Simulated time. The core never reads a clock: every instant is an input.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// An instant of simulated time, in milliseconds since the simulation started.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct SimTime(pub u64);

/// A span of simulated time, in milliseconds.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct SimDuration(pub u64);

impl SimDuration {
    /// A duration of `ms` milliseconds.
    pub const fn from_millis(ms: u64) -> Self {
        SimDuration(ms)
    }
    /// A duration of `s` seconds.
    pub const fn from_secs(s: u64) -> Self {
        SimDuration(s.saturating_mul(1000))
    }
    /// The duration in milliseconds.
    pub const fn as_millis(self) -> u64 {
        self.0
    }
}

impl SimTime {
    /// The start of every simulation.
    pub const ZERO: SimTime = SimTime(0);

    /// The end of simulated time, `9999-12-30T22:00:00.999Z`: the last instant the API types'
    /// timestamps can hold (k8s-openapi's `jiff::Timestamp::MAX`; `metav1.Time` refuses years
    /// beyond 9999). The clock stops here.
    pub const END: SimTime = SimTime(251_634_981_600_999);

    /// This instant plus `d`, saturating at the end of time.
    pub const fn plus(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }

    /// The time elapsed from `earlier` to `self` (zero if `earlier` is later).
    pub const fn since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }

    /// Milliseconds since the start.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// The RFC 3339 timestamp Kubernetes would print for this instant.
    ///
    /// Simulated time starts at the fixed epoch `2026-01-01T00:00:00Z`, so output
    /// is identical on every run; Kubernetes timestamps have second resolution.
    pub fn rfc3339(self) -> String {
        let secs = self.0 / 1000;
        let (d, rem) = (secs / 86_400, secs % 86_400);
        let (h, m, s) = (rem / 3600, (rem % 3600) / 60, rem % 60);
        // Days since 2026-01-01 to a civil date (valid far beyond any simulation).
        let (y, mo, day) = civil_from_days(days_from_civil(2026, 1, 1) + d as i64);
        format!("{y:04}-{mo:02}-{day:02}T{h:02}:{m:02}:{s:02}Z")
    }

    /// Go's `time.RFC1123Z` of this instant (`Thu, 01 Jan 2026 00:00:05 +0000`), as
    /// `kubectl describe` prints times.
    pub fn rfc1123z(self) -> String {
        rfc1123z_unix(
            crate::sim::render::EPOCH_UNIX_SECS
                .saturating_add(i64::try_from(self.0 / 1000).unwrap_or(0)),
        )
    }

    /// A short age as kubectl prints it in the AGE column (`5s`, `3m20s`, `2h`, `4d`).
    pub fn age_since(self, created: SimTime) -> String {
        human_duration(self.since(created))
    }
}

/// kubectl's AGE rendering: `k8s.io/apimachinery/pkg/util/duration.HumanDuration`
/// (`translateTimestampSince`), about 2–3 significant figures: `45s`, `3m20s`, `10m`, `3h5m`,
/// `20h`, `2d5h`, `10d`, `2y100d`, `8y`.
pub fn human_duration(d: SimDuration) -> String {
    let secs = d.0 / 1000;
    if secs < 60 * 2 {
        return format!("{secs}s");
    }
    let minutes = secs / 60;
    if minutes < 10 {
        let s = secs % 60;
        if s == 0 {
            return format!("{minutes}m");
        }
        return format!("{minutes}m{s}s");
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = secs / 3600;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            return format!("{hours}h");
        }
        return format!("{hours}h{m}m");
    } else if hours < 48 {
        return format!("{hours}h");
    } else if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            return format!("{}d", hours / 24);
        }
        return format!("{}d{h}h", hours / 24);
    } else if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            return format!("{}y", hours / 24 / 365);
        }
        return format!("{}y{dy}d", hours / 24 / 365);
    }
    format!("{}y", hours / 24 / 365)
}

/// `k8s.io/apimachinery/pkg/util/duration.ShortHumanDuration`: one unit only (`45s`, `3m`,
/// `20h`, `10d`, `2y`), as some kubectl columns print it.
pub fn short_human_duration(d: SimDuration) -> String {
    let secs = d.0 / 1000;
    if secs < 60 {
        return format!("{secs}s");
    }
    let minutes = secs / 60;
    if minutes < 60 {
        return format!("{minutes}m");
    }
    let hours = secs / 3600;
    if hours < 24 {
        return format!("{hours}h");
    } else if hours < 24 * 365 {
        return format!("{}d", hours / 24);
    }
    format!("{}y", hours / 24 / 365)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Go's `time.RFC1123Z` (`Mon, 02 Jan 2006 15:04:05 -0700`) of a Unix time in UTC.
pub fn rfc1123z_unix(unix_secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (days, rem) = (unix_secs.div_euclid(86_400), unix_secs.rem_euclid(86_400));
    let (h, m, s) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    let (y, mo, d) = civil_from_days(days);
    let weekday = DAYS
        .get(usize::try_from(days.rem_euclid(7)).unwrap_or(0))
        .copied()
        .unwrap_or("Thu");
    let month = MONTHS
        .get(usize::try_from(mo - 1).unwrap_or(0))
        .copied()
        .unwrap_or("Jan");
    format!("{weekday}, {d:02} {month} {y:04} {h:02}:{m:02}:{s:02} +0000")
}

/// Parses a duration as Go's `time.ParseDuration` (and so kubectl) writes it: `30s`, `5m`,
/// `1h30m`, `250ms`: whole numbers with units `h`, `m`, `s`, `ms`.
///
/// `0` alone is allowed, as in Go. Errors are messages for a usage error.
pub fn parse_duration(text: &str) -> Result<SimDuration, String> {
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
        let n = u64::from_str(num).map_err(|_| bad("number too large"))?;
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
pub fn format_duration(d: SimDuration) -> String {
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

    #[test]
    fn rfc3339_counts_from_the_fixed_epoch() {
        assert_eq!(SimTime(0).rfc3339(), "2026-01-01T00:00:00Z");
        assert_eq!(SimTime::END.rfc3339(), "9999-12-30T22:00:00Z");
        assert_eq!(
            SimTime(86_400_000 * 59 + 3_661_000).rfc3339(),
            "2026-03-01T01:01:01Z"
        );
    }

    /// Mirrors `TestHumanDuration` / `TestShortHumanDuration`
    /// (`k8s.io/apimachinery/pkg/util/duration/duration_test.go`), every range and boundary.
    #[test]
    fn human_duration_matches_apimachinery() {
        const S: u64 = 1;
        const M: u64 = 60;
        const H: u64 = 3600;
        const D: u64 = 24 * H;
        const Y: u64 = 365 * D;
        let cases: &[(u64, &str)] = &[
            (0, "0s"),
            (S, "1s"),
            (59 * S, "59s"),
            (60 * S, "60s"),
            (119 * S, "119s"),
            (2 * M, "2m"),
            (2 * M + S, "2m1s"),
            (9 * M + 59 * S, "9m59s"),
            (10 * M, "10m"),
            (10 * M + 59 * S, "10m"),
            (179 * M + 59 * S, "179m"),
            (3 * H, "3h"),
            (3 * H + M, "3h1m"),
            (7 * H + 59 * M, "7h59m"),
            (8 * H, "8h"),
            (8 * H + 59 * M, "8h"),
            (47 * H + 59 * M, "47h"),
            (48 * H, "2d"),
            (48 * H + H, "2d1h"),
            (2 * D + 5 * H, "2d5h"),
            (7 * D + 23 * H, "7d23h"),
            (8 * D, "8d"),
            (10 * D + 5 * H, "10d"),
            (2 * Y - D, "729d"),
            (2 * Y, "2y"),
            (2 * Y + 100 * D, "2y100d"),
            (7 * Y + 364 * D, "7y364d"),
            (8 * Y, "8y"),
            (8 * Y + 100 * D, "8y"),
            (100 * Y, "100y"),
        ];
        for (secs, want) in cases {
            assert_eq!(
                human_duration(SimDuration::from_secs(*secs)),
                *want,
                "{secs}s"
            );
        }
        // Milliseconds are truncated, as Go's int(d.Seconds()).
        assert_eq!(human_duration(SimDuration::from_millis(119_999)), "119s");
        assert_eq!(human_duration(SimDuration(u64::MAX)), "584942417y");
        let short: &[(u64, &str)] = &[
            (0, "0s"),
            (59 * S, "59s"),
            (60 * S, "1m"),
            (59 * M + 59 * S, "59m"),
            (H, "1h"),
            (23 * H + 59 * M, "23h"),
            (D, "1d"),
            (364 * D + 23 * H, "364d"),
            (Y, "1y"),
            (10 * Y, "10y"),
        ];
        for (secs, want) in short {
            assert_eq!(
                short_human_duration(SimDuration::from_secs(*secs)),
                *want,
                "{secs}s"
            );
        }
    }

    #[test]
    fn human_duration_matches_kubectl() {
        assert_eq!(human_duration(SimDuration::from_secs(45)), "45s");
        assert_eq!(human_duration(SimDuration::from_secs(200)), "3m20s");
        assert_eq!(human_duration(SimDuration::from_secs(600)), "10m");
        assert_eq!(
            human_duration(SimDuration::from_secs(3 * 3600 + 300)),
            "3h5m"
        );
        assert_eq!(human_duration(SimDuration::from_secs(3 * 86_400)), "3d");
    }

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
