//! Decimal text to `f64`, correctly rounded (round half to even), as `str::parse::<f64>` and
//! Go's `strconv.ParseFloat` read it, for the plain decimal forms only (`[+-]digits[.digits]
//! [e[+-]digits]`; no `inf`/`nan` words, no hexadecimal).
//!
//! Why not `str::parse`: the standard library's parser carries an 11 KB table of powers of
//! five, about 12 KB of the web bundle gzipped, for the two places that read YAML floats.
//! This one takes Clinger's fast path when the digits and the power of ten are exact in an
//! `f64`, and otherwise divides big integers exactly (slow, but only for long or extreme
//! numbers, which manifests rarely hold). Its tests compare it with `str::parse`.

/// Significant digits kept: more than the 767 a halfway point between two `f64`s can need, so
/// a longer number is read as its first digits plus a non-zero digit standing for the rest.
const MAX_DIGITS: usize = 800;

/// Parses `s` (the whole text) as a decimal floating-point number; `None` if it is not one.
/// Out-of-range values give ±infinity or ±0, as `str::parse` does.
pub(crate) fn parse_decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, mut i) = match b.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let mut digits: Vec<u8> = Vec::new();
    // Digits dropped past MAX_DIGITS: whether any was non-zero, and how many (they scale).
    let mut dropped_nonzero = false;
    let mut dropped: i64 = 0;
    // Power of ten of the last digit read (kept or dropped), before the exponent part.
    let mut scale: i64 = 0;
    let mut seen_digit = false;
    let mut seen_point = false;
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                seen_digit = true;
                if seen_point {
                    scale -= 1;
                }
                if digits.is_empty() && c == b'0' {
                    // A leading zero: not significant.
                } else if digits.len() < MAX_DIGITS {
                    digits.push(c - b'0');
                } else {
                    dropped_nonzero |= c != b'0';
                    dropped += 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if !seen_digit {
        return None;
    }
    let mut exp: i64 = 0;
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let exp_negative = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            // Saturates far beyond any exponent that can still matter.
            exp = (exp * 10 + i64::from(c - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        if exp_negative {
            exp = -exp;
        }
    }
    if i != b.len() {
        return None;
    }
    if dropped_nonzero {
        // Stands for the dropped digits: decides rounding the same way they do.
        digits.push(1);
        dropped -= 1;
    }
    let magnitude = magnitude(&digits, exp + scale + dropped);
    Some(if negative { -magnitude } else { magnitude })
}

/// The value of the decimal `digits` (no leading zero) × 10^`exp10`, correctly rounded.
fn magnitude(digits: &[u8], exp10: i64) -> f64 {
    let Some(&first) = digits.first() else {
        return 0.0;
    };
    debug_assert!(first != 0);
    let n = digits.len() as i64;
    // The value lies in [10^(n + exp10 - 1), 10^(n + exp10)).
    if n + exp10 > 310 {
        return f64::INFINITY;
    }
    if n + exp10 < -324 {
        return 0.0;
    }
    // Clinger's fast path: both operands exact, so one rounding.
    if n <= 15 && (-22..=22).contains(&exp10) {
        let d = digits.iter().fold(0u64, |acc, &c| acc * 10 + u64::from(c)) as f64;
        let p = POW10[exp10.unsigned_abs() as usize];
        return if exp10 < 0 { d / p } else { d * p };
    }
    let mut num = Big::from_digits(digits);
    if exp10 >= 0 {
        num.mul_pow10(exp10 as u32);
        // Keep 66 significant bits and a sticky bit for the rest.
        let len = num.bit_len();
        let drop = len.saturating_sub(66);
        let sticky = num.low_bits_nonzero(drop);
        let q = num.bits_from(drop);
        round_to_f64(q, drop as i64, sticky)
    } else {
        let k = exp10.unsigned_abs() as u32;
        // value = num / 5^k × 2^-k; one side scaled by a power of two so that the quotient
        // has 65 to 67 bits.
        let mut den = Big::one();
        den.mul_pow5(k);
        let shift = 66 + den.bit_len() as i64 - num.bit_len() as i64;
        if shift >= 0 {
            num.shl(shift as usize);
        } else {
            den.shl(shift.unsigned_abs() as usize);
        }
        let (q, rem_nonzero) = num.div_small_quotient(&den);
        round_to_f64(q, -i64::from(k) - shift, rem_nonzero)
    }
}

/// Exact powers of ten up to 10^22.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Rounds `q` × 2^`e` (plus a little more when `sticky`) to the nearest `f64`, ties to even.
fn round_to_f64(q: u128, e: i64, sticky: bool) -> f64 {
    if q == 0 {
        return 0.0;
    }
    let len = i64::from(128 - q.leading_zeros());
    // Bits to drop: down to 53 significant bits, or to the 2^-1074 unit of subnormals.
    let drop = (len - 53).max(-1074 - e);
    let (mut m, exp) = if drop <= 0 {
        (q << (-drop) as u32, e + drop)
    } else if drop > len {
        // Below half of the smallest subnormal.
        (0, e + drop)
    } else {
        let d = drop as u32;
        let kept = q >> d;
        let rest = q & ((1u128 << d) - 1);
        let half = 1u128 << (d - 1);
        let round_up = rest > half || (rest == half && (sticky || kept & 1 == 1));
        (kept + u128::from(round_up), e + drop)
    };
    if m == 0 {
        return 0.0;
    }
    // `m` ≤ 2^53: exact as an f64. Scale by 2^exp in exact steps.
    let mut exp = exp;
    if m == 1 << 53 {
        m >>= 1;
        exp += 1;
    }
    if exp + 52 > 1023 {
        return f64::INFINITY;
    }
    let mut v = m as f64;
    while exp > 0 {
        let step = exp.min(1000);
        v *= pow2(step);
        exp -= step;
    }
    while exp < 0 {
        // Keep the intermediate normal until the last step, so it is the only rounding
        // point and it is exact (`m` × 2^exp is representable).
        let step = (-exp).min(1000);
        v *= pow2(-step);
        exp += step;
    }
    v
}

/// 2^`e` for -1022 ≤ `e` ≤ 1023.
fn pow2(e: i64) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// A non-negative big integer, little-endian 32-bit limbs.
struct Big {
    limbs: Vec<u32>,
}

impl Big {
    fn one() -> Big {
        Big { limbs: vec![1] }
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut big = Big { limbs: Vec::new() };
        for chunk in digits.chunks(9) {
            let mut v = 0u32;
            for &d in chunk {
                v = v * 10 + u32::from(d);
            }
            big.mul_add_small(10u32.pow(chunk.len() as u32), v);
        }
        big
    }

    fn mul_add_small(&mut self, m: u32, add: u32) {
        let mut carry = u64::from(add);
        for l in &mut self.limbs {
            let v = u64::from(*l) * u64::from(m) + carry;
            *l = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.limbs.push(carry as u32);
        }
    }

    fn mul_pow5(&mut self, mut k: u32) {
        // 5^13 is the largest power of five in a u32.
        while k >= 13 {
            self.mul_add_small(1_220_703_125, 0);
            k -= 13;
        }
        if k > 0 {
            self.mul_add_small(5u32.pow(k), 0);
        }
    }

    fn mul_pow10(&mut self, k: u32) {
        self.mul_pow5(k);
        self.shl(k as usize);
    }

    fn bit_len(&self) -> usize {
        match self.limbs.iter().rposition(|&l| l != 0) {
            Some(i) => i * 32 + (32 - self.limbs[i].leading_zeros() as usize),
            None => 0,
        }
    }

    fn bit(&self, i: usize) -> bool {
        self.limbs
            .get(i / 32)
            .is_some_and(|l| (l >> (i % 32)) & 1 == 1)
    }

    /// Whether any of the lowest `n` bits is set.
    fn low_bits_nonzero(&self, n: usize) -> bool {
        (0..n).any(|i| self.bit(i))
    }

    /// The bits from bit `from` upwards (at most 128 of them).
    fn bits_from(&self, from: usize) -> u128 {
        let mut v = 0u128;
        for i in (from..self.bit_len()).rev() {
            v = (v << 1) | u128::from(self.bit(i));
        }
        v
    }

    fn shl(&mut self, n: usize) {
        let (words, bits) = (n / 32, (n % 32) as u32);
        if bits > 0 {
            let mut carry = 0u32;
            for l in &mut self.limbs {
                let v = *l;
                *l = (v << bits) | carry;
                carry = v >> (32 - bits);
            }
            if carry > 0 {
                self.limbs.push(carry);
            }
        }
        if words > 0 {
            self.limbs.splice(0..0, std::iter::repeat_n(0, words));
        }
    }

    fn trim(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }

    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        let (a, b) = (self.bit_len(), other.bit_len());
        if a != b {
            return a.cmp(&b);
        }
        for i in (0..self.limbs.len().max(other.limbs.len())).rev() {
            let x = self.limbs.get(i).copied().unwrap_or(0);
            let y = other.limbs.get(i).copied().unwrap_or(0);
            if x != y {
                return x.cmp(&y);
            }
        }
        std::cmp::Ordering::Equal
    }

    /// `self -= other` (`other` ≤ `self`).
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, l) in self.limbs.iter_mut().enumerate() {
            let v = i64::from(*l) - i64::from(other.limbs.get(i).copied().unwrap_or(0)) - borrow;
            *l = v.rem_euclid(1 << 32) as u32;
            borrow = i64::from(v < 0);
        }
        self.trim();
    }

    /// `(self / den, self % den != 0)` for a quotient below 2^127, by long division one bit
    /// at a time (consumes `self`).
    fn div_small_quotient(mut self, den: &Big) -> (u128, bool) {
        let bits = self.bit_len().saturating_sub(den.bit_len()) + 1;
        let mut q = 0u128;
        for b in (0..bits.min(127)).rev() {
            let mut shifted = Big {
                limbs: den.limbs.clone(),
            };
            shifted.shl(b);
            q <<= 1;
            if self.cmp(&shifted) != std::cmp::Ordering::Less {
                self.sub(&shifted);
                q |= 1;
            }
        }
        (q, self.bit_len() != 0)
    }
}

// Tests may sort and parse as they like: they never reach the page (clippy.toml).
#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::disallowed_methods)]
    use super::*;
    use crate::sim::rng::SplitMix64 as Rng;

    fn check(s: &str) {
        let want = s.parse::<f64>().ok();
        let got = parse_decimal(s);
        match (want, got) {
            (Some(w), Some(g)) => assert_eq!(w.to_bits(), g.to_bits(), "{s}: {w:e} vs {g:e}"),
            (None, None) => {}
            _ => panic!("{s}: std {want:?}, ours {got:?}"),
        }
    }

    #[test]
    fn grammar_is_rusts() {
        for s in [
            "0",
            "-0",
            "+0",
            "1",
            "1.",
            ".5",
            "-.5",
            "+.5",
            "1.5e3",
            "1.5E3",
            "1e+3",
            "1e-3",
            "00012.500",
            "0.000",
            "1e0000000000000000000000005",
            "",
            ".",
            "-",
            "+",
            "e5",
            "1e",
            "1e+",
            "1e-",
            "1.2.3",
            "1..2",
            " 1",
            "1 ",
            "1_000",
            "0x10",
            "--1",
            "+-1",
            "1e5.5",
            "١",
            "1e99999999999999999999999",
            "1e-99999999999999999999999",
        ] {
            check(s);
        }
        // Words are not decimal numbers here.
        assert_eq!(parse_decimal("inf"), None);
        assert_eq!(parse_decimal("NaN"), None);
    }

    #[test]
    fn edges_round_as_std_does() {
        for s in [
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623158079372897140530341507993413271003782693617377898044e308",
            "1.797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302864166928879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669596228429148198608349364752927190741684443655107043427115596995080930428801779041744977919999999999999999999999999999999999e308",
            "1.797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302864166928879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669596228429148198608349364752927190741684443655107043427115596995080930428801779041744977920000000000000000000000000000000000001e308",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.47032822920623272088284396434110686182529901307162382212792841250337753635104375932649918180817996189898282347722858865463328355177969898199387398005390939063150356595155702263922908583924491051844359318028499365361525003193704576782492193656236698636584807570015857692699037063119282795585513329278343384093519780155312465972635795746227664652728272200563740064854999770965994704540208281662262378573934507363390079677619305775067401763246736009689513405355374585166611342237666786041621596804619144672918403005300575308490487653917113865916462395249126236538818796362393732804238910186723484976682350898633885879256283027559956575244555072551893136908362547791869486679949683240497058210285131854513962138377228261454376934125320985913276672363281255e-324",
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000000000001",
            "0.1",
            "0.30000000000000004",
            "123456789012345678901234567890",
            "1e23",
            "8.533e-310",
            "1e-400",
            "1e400",
        ] {
            check(s);
            check(&format!("-{s}"));
        }
        // A number longer than MAX_DIGITS, exactly halfway but for a far digit.
        let long = format!("9007199254740993{}1", "0".repeat(1000));
        check(&long);
        check(&format!("9007199254740993{}", "0".repeat(1000)));
        check(&format!("0.{}1", "0".repeat(1200)));
    }

    #[test]
    fn random_decimals_round_as_std_does() {
        let mut rng = Rng::new(17);
        for _ in 0..60_000 {
            let len = 1 + rng.below(40) as usize;
            let mut s = String::new();
            if rng.below(4) == 0 {
                s.push('-');
            }
            let point = rng.below(len as u64 + 1) as usize;
            for i in 0..len {
                if i == point {
                    s.push('.');
                }
                let d = if rng.below(3) == 0 { 9 } else { rng.below(10) };
                s.push(char::from(b'0' + d as u8));
            }
            if rng.below(2) == 0 {
                s.push_str(&format!("e{}", rng.below(700) as i64 - 350));
            }
            check(&s);
        }
        // Every f64 printed shortest and to 17 digits reads back as itself.
        for _ in 0..60_000 {
            let v = f64::from_bits(rng.next_u64());
            if v.is_finite() {
                check(&format!("{v:e}"));
                check(&format!("{v:.16e}"));
                check(&format!("{v:.25e}"));
            }
        }
    }
}
