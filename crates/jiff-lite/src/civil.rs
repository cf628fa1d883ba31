//! Days since the Unix epoch ⇄ proleptic Gregorian dates (Howard Hinnant's algorithms).

/// The date `days` days after 1970-01-01: (year, month 1–12, day 1–31).
pub(crate) fn from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let y = yoe + era * 400 + i64::from(m <= 2);
    let small = |x: i64| u8::try_from(x).unwrap_or(1);
    (y, small(m), small(d))
}

/// Days from 1970-01-01 to `year`-`month`-`day` (month 1–12; `day` may run past the month's
/// end, as Go's `time.Date` normalises it).
pub(crate) fn to_days(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400); // [0, 399]
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Go's `isLeap`.
pub(crate) fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Go's `daysIn(month, year)`.
pub(crate) fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for days in (-4_000_000..4_000_000).step_by(997) {
            let (y, m, d) = from_days(days);
            assert_eq!(to_days(y, i64::from(m), i64::from(d)), days, "{y}-{m}-{d}");
        }
        assert_eq!(from_days(0), (1970, 1, 1));
        assert_eq!(from_days(20_454), (2026, 1, 1));
        assert_eq!(to_days(2000, 3, 1), 11_017);
        assert_eq!(from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn leap_years() {
        assert!(is_leap(2000) && is_leap(2024) && !is_leap(1900) && !is_leap(2026));
        assert_eq!(days_in(2, 2024), 29);
        assert_eq!(days_in(2, 2100), 28);
        assert_eq!(days_in(12, 1), 31);
    }
}
