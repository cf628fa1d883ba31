//! What k8s-openapi needs of [jiff](https://docs.rs/jiff), and nothing more: a UTC
//! [`Timestamp`], its serde impls, and [`fmt::strtime::format`] for the two layouts
//! `metav1.Time` and `metav1.MicroTime` marshal with.
//!
//! The workspace puts this crate in place of the real jiff (`[patch.crates-io]`), for two
//! reasons:
//!
//! * **Kubernetes' rules and words.** `metav1.Time.UnmarshalJSON` reads a timestamp with Go's
//!   `time.Parse(time.RFC3339, s)`; [`Timestamp`]'s `FromStr` (and so its `Deserialize`) is a
//!   port of that parse for that one layout: what it accepts (a one-digit hour, a comma before
//!   the fraction, offsets up to `24:60`) and its error messages
//!   (`parsing time "2026-13-01T00:00:00Z": month out of range`,
//!   `parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`) are Go's.
//! * **Size.** The playground's web bundle carried ~100 KB of jiff (time zones, spans, many
//!   formats and their error texts) for these few operations.
//!
//! The range is jiff's: `-009999-01-02T01:59:59Z` to `9999-12-30T22:00:00.999999999Z`
//! ([`Timestamp::MIN`], [`Timestamp::MAX`]).

#![cfg_attr(not(feature = "std"), allow(unused))]

mod civil;
pub mod fmt;
mod go_parse;
#[cfg(feature = "serde")]
mod serde_impl;

use core::fmt as cfmt;

/// An instant in UTC, with nanosecond precision (jiff's `Timestamp`, reduced).
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since the Unix epoch.
    second: i64,
    /// Nanoseconds within the second, `0..1_000_000_000`.
    nanosecond: i32,
}

/// An error: a timestamp out of range, a layout this crate does not format, or a parse error
/// (in Go's words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
}

impl Error {
    fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
        }
    }
}

impl cfmt::Display for Error {
    fn fmt(&self, f: &mut cfmt::Formatter<'_>) -> cfmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl Timestamp {
    /// `1970-01-01T00:00:00Z`.
    pub const UNIX_EPOCH: Timestamp = Timestamp {
        second: 0,
        nanosecond: 0,
    };
    /// The earliest instant, `-009999-01-02T01:59:59Z` (as jiff's).
    pub const MIN: Timestamp = Timestamp {
        second: -377_705_023_201,
        nanosecond: 0,
    };
    /// The latest instant, `9999-12-30T22:00:00.999999999Z` (as jiff's).
    pub const MAX: Timestamp = Timestamp {
        second: 253_402_207_200,
        nanosecond: 999_999_999,
    };

    /// The instant `second` seconds after the Unix epoch; an error outside
    /// [`MIN`](Self::MIN)..=[`MAX`](Self::MAX).
    pub fn from_second(second: i64) -> Result<Timestamp, Error> {
        Timestamp::new(second, 0)
    }

    /// The instant `second` seconds and `nanosecond` nanoseconds after the Unix epoch
    /// (`nanosecond` in `-999_999_999..=999_999_999`, as jiff takes it).
    pub fn new(second: i64, nanosecond: i32) -> Result<Timestamp, Error> {
        if !(-999_999_999..=999_999_999).contains(&nanosecond) {
            return Err(Error::new(format!(
                "parameter 'nanosecond' with value {nanosecond} is not in the required range of -999999999..=999999999"
            )));
        }
        let (mut second, mut nanosecond) = (second, nanosecond);
        if nanosecond < 0 {
            second = second.saturating_sub(1);
            nanosecond += 1_000_000_000;
        }
        let t = Timestamp { second, nanosecond };
        if t < Timestamp::MIN || t > Timestamp::MAX {
            return Err(Error::new(format!(
                "parameter 'unix-seconds' with value {second} is not in the required range of {}..={}",
                Timestamp::MIN.second,
                Timestamp::MAX.second
            )));
        }
        Ok(t)
    }

    /// Whole seconds since the Unix epoch (rounded towards negative infinity).
    pub fn as_second(self) -> i64 {
        self.second
    }

    /// The nanoseconds past [`as_second`](Self::as_second), `0..1_000_000_000`.
    pub fn subsec_nanosecond(self) -> i32 {
        self.nanosecond
    }

    /// The civil date and time in UTC: (year, month, day, hour, minute, second).
    pub(crate) fn civil(self) -> (i64, u8, u8, u8, u8, u8) {
        let days = self.second.div_euclid(86_400);
        let secs = self.second.rem_euclid(86_400);
        let (y, m, d) = civil::from_days(days);
        // secs < 86_400: every part fits a u8.
        let part = |x: i64| u8::try_from(x).unwrap_or(0);
        (
            y,
            m,
            d,
            part(secs / 3600),
            part(secs / 60 % 60),
            part(secs % 60),
        )
    }
}

/// RFC 3339 in UTC as jiff prints it: `2026-01-01T00:00:00Z`, the fraction only when
/// non-zero and without trailing zeros (`…:00.5Z`).
impl cfmt::Display for Timestamp {
    fn fmt(&self, f: &mut cfmt::Formatter<'_>) -> cfmt::Result {
        let (y, mo, d, h, mi, s) = self.civil();
        if y < 0 {
            write!(f, "-{:06}", y.unsigned_abs())?;
        } else {
            write!(f, "{y:04}")?;
        }
        write!(f, "-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")?;
        if self.nanosecond != 0 {
            let digits = format!("{:09}", self.nanosecond);
            write!(f, ".{}", digits.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

impl cfmt::Debug for Timestamp {
    fn fmt(&self, f: &mut cfmt::Formatter<'_>) -> cfmt::Result {
        cfmt::Display::fmt(self, f)
    }
}

/// Go's `time.Parse(time.RFC3339, s)` (see the crate doc).
impl core::str::FromStr for Timestamp {
    type Err = Error;
    fn from_str(s: &str) -> Result<Timestamp, Error> {
        go_parse::parse_rfc3339(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_jiffs() {
        assert_eq!(Timestamp::MAX.to_string(), "9999-12-30T22:00:00.999999999Z");
        assert_eq!(Timestamp::MIN.to_string(), "-009999-01-02T01:59:59Z");
        assert!(Timestamp::from_second(Timestamp::MAX.as_second()).is_ok());
        assert!(Timestamp::from_second(Timestamp::MAX.as_second() + 1).is_err());
        assert!(Timestamp::from_second(Timestamp::MIN.as_second() - 1).is_err());
        assert_eq!(Timestamp::default(), Timestamp::UNIX_EPOCH);
    }

    #[test]
    fn display() {
        let t = Timestamp::from_second(1_767_225_600).unwrap_or_default();
        assert_eq!(t.to_string(), "2026-01-01T00:00:00Z");
        let t = Timestamp::new(-1, 500_000_000).unwrap_or_default();
        assert_eq!(t.to_string(), "1969-12-31T23:59:59.5Z");
        let t = Timestamp::new(0, -1).unwrap_or_default();
        assert_eq!((t.as_second(), t.subsec_nanosecond()), (-1, 999_999_999));
    }
}
