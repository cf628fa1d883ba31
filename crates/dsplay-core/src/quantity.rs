//! Kubernetes resource quantities (`500m`, `2`, `128Mi`, `1e3`).
//!
//! Kubernetes: `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go`
//! (`ParseQuantity`, `parseQuantityString`, `MilliValue`, `Value`) and `suffix.go`.
//!
//! The grammar is Go's, including its leniencies: a sign, digits, an optional `.` and
//! digits, then a suffix — `n u m "" k M G T P E` (decimal), `Ki Mi Gi Ti Pi Ei` (binary) or
//! an exponent `e<int>`/`E<int>`. Leading digits may be missing (`.5`, `Gi` is `0`). Anything
//! else (spaces, `1K`, `1KiB`, `1e`, `1.1.M`, `0x10`) is rejected. Values are exact (no floats):
//! the result is rounded up to a whole milli-unit (or unit) as `MilliValue`/`Value` do, and
//! capped at `2^63-1` units as `ParseQuantity` caps.

use std::str::FromStr;

/// Largest quantity `ParseQuantity` keeps, in units (`maxAllowed`).
pub const MAX_VALUE: i128 = i64::MAX as i128;
/// [`MAX_VALUE`] in milli-units.
pub const MAX_MILLI: i128 = MAX_VALUE * 1000;

/// Parses a quantity into thousandths of a unit (millicores for cpu, millibytes for memory),
/// rounding up as Kubernetes' `MilliValue` does. `None` if it is not a valid quantity.
pub fn parse_milli(s: &str) -> Option<i128> {
    let q = parse(s)?;
    Some(q.scaled(3))
}

/// Parses a quantity into whole units (cores, bytes, devices), rounding up as Kubernetes'
/// `Value` does. `None` if it is not a valid quantity.
pub fn parse_value(s: &str) -> Option<i128> {
    let q = parse(s)?;
    Some(q.scaled(0))
}

/// Renders milli-units the short way Kubernetes prints cpu: `500m`, `2`, `1500m`.
pub fn format_milli(milli: i128) -> String {
    if milli % 1000 == 0 {
        format!("{}", milli / 1000)
    } else {
        format!("{milli}m")
    }
}

/// A parsed quantity: `±digits × 10^exp10 × 2^exp2`, exactly.
struct Parsed {
    negative: bool,
    /// Significant digits (ASCII), no leading zeros; empty means zero.
    digits: Vec<u8>,
    exp10: i64,
    exp2: u32,
}

impl Parsed {
    /// The value in units of 10^-`milli_digits`, rounded away from zero, magnitude capped.
    fn scaled(&self, milli_digits: i64) -> i128 {
        let cap = if milli_digits == 3 {
            MAX_MILLI
        } else {
            MAX_VALUE
        };
        let mut n = Big::from_digits(&self.digits);
        if n.is_zero() {
            return 0;
        }
        n.mul_pow2(self.exp2);
        let e = self.exp10.saturating_add(milli_digits);
        let magnitude = if e >= 0 {
            let mut overflow = e > 40;
            let mut i = 0;
            while !overflow && i < e {
                n.mul_small(10);
                overflow = n.bits() > 100;
                i += 1;
            }
            if overflow {
                cap
            } else {
                n.to_u128()
                    .map_or(cap, |v| i128::try_from(v).unwrap_or(cap).min(cap))
            }
        } else {
            let q = e.unsigned_abs();
            // Fewer decimal digits than places to shift: 0 < value < 1, rounds up to 1.
            let max_digits = u64::from(n.bits()) * 30103 / 100000 + 1;
            if q > max_digits {
                1
            } else {
                let mut remainder = false;
                for _ in 0..q {
                    remainder |= n.div_small(10) != 0;
                }
                let whole = n
                    .to_u128()
                    .map_or(cap, |v| i128::try_from(v).unwrap_or(cap));
                whole.saturating_add(i128::from(remainder)).min(cap)
            }
        };
        if self.negative {
            -magnitude
        } else {
            magnitude
        }
    }
}

/// Go's `parseQuantityString` followed by `quantitySuffixer.interpret`.
fn parse(s: &str) -> Option<Parsed> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let end = b.len();
    let mut pos = 0;
    let mut negative = false;
    match b.first() {
        Some(b'-') => {
            negative = true;
            pos += 1;
        }
        Some(b'+') => pos += 1,
        _ => {}
    }
    while pos < end && b.get(pos) == Some(&b'0') {
        pos += 1;
    }
    let num_start = pos;
    while pos < end && b.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    let num = b.get(num_start..pos)?;
    let mut denom: &[u8] = &[];
    if b.get(pos) == Some(&b'.') {
        pos += 1;
        let denom_start = pos;
        while pos < end && b.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        denom = b.get(denom_start..pos)?;
    }
    let suffix_start = pos;
    while pos < end && b.get(pos).is_some_and(|c| b"eEinumkKMGTP".contains(c)) {
        pos += 1;
    }
    if pos < end && matches!(b.get(pos), Some(b'-') | Some(b'+')) {
        pos += 1;
    }
    while pos < end && b.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    if pos < end {
        return None;
    }
    let suffix = s.get(suffix_start..)?;
    let (exp10, exp2) = interpret_suffix(suffix)?;

    let mut digits: Vec<u8> = num.iter().chain(denom.iter()).copied().collect();
    let leading = digits.iter().take_while(|&&c| c == b'0').count();
    digits.drain(..leading);
    let denom_len = i64::try_from(denom.len()).ok()?;
    Some(Parsed {
        negative,
        digits,
        exp10: i64::from(exp10) - denom_len,
        exp2,
    })
}

/// Go's `suffixHandler.interpret`: (decimal exponent, binary exponent).
fn interpret_suffix(suffix: &str) -> Option<(i32, u32)> {
    let dec = match suffix {
        "n" => Some(-9),
        "u" => Some(-6),
        "m" => Some(-3),
        "" => Some(0),
        "k" => Some(3),
        "M" => Some(6),
        "G" => Some(9),
        "T" => Some(12),
        "P" => Some(15),
        "E" => Some(18),
        _ => None,
    };
    if let Some(e) = dec {
        return Some((e, 0));
    }
    let bin = match suffix {
        "Ki" => Some(10),
        "Mi" => Some(20),
        "Gi" => Some(30),
        "Ti" => Some(40),
        "Pi" => Some(50),
        "Ei" => Some(60),
        _ => None,
    };
    if let Some(e) = bin {
        return Some((0, e));
    }
    let rest = suffix.strip_prefix(['e', 'E']).filter(|r| !r.is_empty())?;
    let digits = rest.strip_prefix(['+', '-']).unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let parsed = i64::from_str(rest).ok()?;
    // Go converts with int32(parsed): the same truncation.
    Some((parsed as i32, 0))
}

/// A small unsigned big integer (base 2^32 limbs, least significant first).
struct Big {
    limbs: Vec<u32>,
}

impl Big {
    fn from_digits(digits: &[u8]) -> Big {
        let mut n = Big { limbs: Vec::new() };
        for &d in digits {
            n.mul_small(10);
            n.add_small(u32::from(d.saturating_sub(b'0')));
        }
        n
    }

    fn is_zero(&self) -> bool {
        self.limbs.iter().all(|&l| l == 0)
    }

    fn trim(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry: u64 = 0;
        for l in self.limbs.iter_mut() {
            let v = u64::from(*l) * u64::from(m) + carry;
            *l = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.limbs.push(carry as u32);
        }
    }

    fn add_small(&mut self, a: u32) {
        let mut carry = u64::from(a);
        for l in self.limbs.iter_mut() {
            if carry == 0 {
                return;
            }
            let v = u64::from(*l) + carry;
            *l = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.limbs.push(carry as u32);
        }
    }

    fn mul_pow2(&mut self, mut k: u32) {
        while k > 0 {
            let step = k.min(16);
            self.mul_small(1 << step);
            k -= step;
        }
    }

    /// Divides in place, returns the remainder.
    fn div_small(&mut self, d: u32) -> u32 {
        let mut rem: u64 = 0;
        for l in self.limbs.iter_mut().rev() {
            let v = (rem << 32) | u64::from(*l);
            *l = (v / u64::from(d)) as u32;
            rem = v % u64::from(d);
        }
        self.trim();
        rem as u32
    }

    fn bits(&self) -> u32 {
        // Invariant: no zero top limb (`mul_small`/`add_small` never add one, `div_small` trims).
        match self.limbs.last() {
            Some(top) => (self.limbs.len() as u32 - 1) * 32 + (32 - top.leading_zeros()),
            None => 0,
        }
    }

    fn to_u128(&self) -> Option<u128> {
        if self.bits() > 128 {
            return None;
        }
        let mut v: u128 = 0;
        for &l in self.limbs.iter().rev() {
            v = (v << 32) | u128::from(l);
        }
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Valid quantities and their MilliValue (quantity_test.go `TestQuantityParse` style).
    #[test]
    fn parse_milli_table() {
        let cases: &[(&str, i128)] = &[
            ("0", 0),
            ("1", 1000),
            ("500m", 500),
            ("0.5", 500),
            ("1.5", 1500),
            (".5", 500),
            ("1.", 1000),
            ("+2", 2000),
            ("-2", -2000),
            ("100m", 100),
            ("1000m", 1000),
            ("1001m", 1001),
            ("0.1m", 1), // rounds up
            ("1n", 1),   // rounds up
            ("1u", 1),   // rounds up
            ("1000000n", 1),
            ("1500000n", 2),
            ("1k", 1_000_000),
            ("1M", 1_000_000_000),
            ("50M", 50_000_000_000),
            ("1G", 1_000_000_000_000),
            ("1T", 1_000_000_000_000_000),
            ("1P", 1_000_000_000_000_000_000),
            ("1E", 1_000_000_000_000_000_000_000),
            ("1Ki", 1_024_000),
            ("128Mi", 128 * 1024 * 1024 * 1000),
            ("1.5Gi", 1_610_612_736_000),
            ("0.5Ki", 512_000),
            ("1Ti", 1_099_511_627_776_000),
            ("1Pi", 1_125_899_906_842_624_000),
            ("1e3", 1_000_000),
            ("1E3", 1_000_000),
            ("1e+3", 1_000_000),
            ("1e-3", 1),
            ("1e-4", 1),
            ("1.5e3", 1_500_000),
            ("12e-1", 1200),
            ("0.000001", 1),
            ("007", 7000),
            ("000.5", 500),
            // Go's leniencies: no digits at all is zero.
            ("Gi", 0),
            ("m", 0),
            (".", 0),
            ("+", 0),
            ("0Ki", 0),
            ("0e9223372036854775807", 0),
            // Capped at 2^63-1 units.
            ("8Ei", MAX_MILLI),
            ("1e100", MAX_MILLI),
            ("99999999999999999999999999999999999999999999", MAX_MILLI),
            ("9223372036854775807", MAX_MILLI),
            // Many digits, exact.
            ("123456789012345678.901", 123_456_789_012_345_678_901),
            ("1.0000000000000000000000000000000000000001", 1001),
            ("1.0000000000000000000000000000000000000001Ki", 1_024_001),
            // Go converts the exponent with int32(): -9223372036854775807 becomes 1.
            ("1e-9223372036854775807", 10_000),
        ];
        for (s, want) in cases {
            assert_eq!(parse_milli(s), Some(*want), "{s}");
        }
    }

    #[test]
    fn parse_value_rounds_up_to_units() {
        assert_eq!(parse_value("1"), Some(1));
        assert_eq!(parse_value("100m"), Some(1));
        assert_eq!(parse_value("1500m"), Some(2));
        assert_eq!(parse_value("2000m"), Some(2));
        assert_eq!(parse_value("128Mi"), Some(134_217_728));
        assert_eq!(parse_value("50M"), Some(50_000_000));
        assert_eq!(parse_value("8Ei"), Some(MAX_VALUE));
    }

    /// Invalid quantities (quantity_test.go's invalid corpus and more).
    #[test]
    fn rejects_garbage() {
        for s in [
            "",
            " 1",
            "1 ",
            "1 Ki",
            "1K",
            "1ki",
            "1KI",
            "1KiB",
            "1Zi",
            "1Z",
            "1µ",
            "1i",
            ".5i",
            "-3.01i",
            "0.1mi",
            "0.1am",
            "1e",
            "1e+",
            "1e-",
            "-3.01e-",
            "1e1.5",
            "1e.5",
            "1e3k",
            "1E3Ki",
            "1e+-3",
            "1..5",
            "1.1.M",
            "1+1.0M",
            "1-",
            "++1",
            "1,5",
            "1_000",
            "0x10",
            "1/2",
            "１",
            "٣",
            "−1",
            "1\0",
            "Inf",
            "+Inf",
            "NaN",
            "Infinity",
            "aoeu",
            "1e9223372036854775808",
            "1e99999999999999999999",
        ] {
            assert_eq!(parse_milli(s), None, "{s:?}");
        }
    }

    #[test]
    fn format_milli_table() {
        assert_eq!(format_milli(500), "500m");
        assert_eq!(format_milli(2000), "2");
        assert_eq!(format_milli(1500), "1500m");
        assert_eq!(format_milli(0), "0");
    }

    proptest::proptest! {
        /// Never panics, whatever the input.
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_milli(&s);
            let _ = parse_value(&s);
        }

        /// Plain integers and millis round-trip; binary suffixes multiply exactly.
        #[test]
        fn integers_are_exact(n in 0i64..1_000_000_000_000, frac in 0u32..1000) {
            proptest::prop_assert_eq!(parse_milli(&n.to_string()), Some(i128::from(n) * 1000));
            proptest::prop_assert_eq!(parse_milli(&format!("{n}m")), Some(i128::from(n)));
            proptest::prop_assert_eq!(parse_milli(&format!("{n}.{frac:03}")), Some(i128::from(n) * 1000 + i128::from(frac)));
            proptest::prop_assert_eq!(parse_milli(&format!("{n}Ki")), Some(i128::from(n) * 1024 * 1000));
            proptest::prop_assert_eq!(parse_value(&format!("{n}Mi")), Some(i128::from(n) << 20));
        }
    }
}
