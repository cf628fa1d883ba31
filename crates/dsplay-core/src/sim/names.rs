//! Generated names and uids, as the API server makes them, from the seeded PRNG.

use super::rng::SplitMix64;

/// `k8s.io/apimachinery/pkg/util/rand` `alphanums`: no vowels, no confusable digits.
pub(crate) const ALPHANUMS: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

/// `names.SimpleNameGenerator` `maxNameLength` (63) minus `randomLength` (5).
const MAX_GENERATED_NAME_LENGTH: usize = 58;

/// Kubernetes: `SimpleNameGenerator.GenerateName(base)`: `base` truncated to 58
/// characters plus 5 random characters from [`ALPHANUMS`].
#[cfg(test)]
pub(crate) fn generate_name(rng: &mut SplitMix64, base: &str) -> String {
    let mut out = String::with_capacity(base.len().min(MAX_GENERATED_NAME_LENGTH * 4) + 5);
    generate_name_into(rng, base, &mut out);
    out
}

/// `SimpleNameGenerator.GenerateName(base)` written into `out` (cleared first): a caller that
/// keeps the name in another form reuses one buffer.
pub(crate) fn generate_name_into(rng: &mut SplitMix64, base: &str, out: &mut String) {
    out.clear();
    if base.len() <= MAX_GENERATED_NAME_LENGTH {
        // At most 58 bytes: at most 58 characters.
        out.push_str(base);
    } else {
        out.extend(base.chars().take(MAX_GENERATED_NAME_LENGTH));
    }
    let mut suffix = [b'x'; 5];
    for b in &mut suffix {
        let i = rng.below(ALPHANUMS.len() as u64) as usize;
        *b = *ALPHANUMS.get(i).unwrap_or(&b'x');
    }
    // ASCII letters and digits.
    out.push_str(std::str::from_utf8(&suffix).unwrap_or_default());
}

/// A version-4-shaped UUID from the seeded PRNG (`metadata.uid`).
pub(crate) fn generate_uid(rng: &mut SplitMix64) -> String {
    let mut out = String::with_capacity(36);
    generate_uid_into(rng, &mut out);
    out
}

/// [`generate_uid`] written into `out` (cleared first).
pub(crate) fn generate_uid_into(rng: &mut SplitMix64, out: &mut String) {
    out.clear();
    let a = rng.next_u64();
    let b = rng.next_u64();
    let hi = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let lo = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    // "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}" of the fields below, written into a byte array
    // without the formatting machinery (one uid per pod).
    let mut buf = [b'-'; 36];
    put_hex(&mut buf[0..8], hi >> 32);
    put_hex(&mut buf[9..13], (hi >> 16) & 0xFFFF);
    put_hex(&mut buf[14..18], hi & 0xFFFF);
    put_hex(&mut buf[19..23], lo >> 48);
    put_hex(&mut buf[24..36], lo & 0xFFFF_FFFF_FFFF);
    // Every byte is an ASCII hex digit or '-'.
    out.push_str(std::str::from_utf8(&buf).unwrap_or_default());
}

/// Writes the low `out.len()` hex digits of `v` into `out` (lower case, zero-padded).
fn put_hex(out: &mut [u8], mut v: u64) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for b in out.iter_mut().rev() {
        *b = HEX[(v & 0xF) as usize];
        v >>= 4;
    }
}

/// Kubernetes: `rand.SafeEncodeString`: each byte of `s` mapped into [`ALPHANUMS`].
pub(crate) fn safe_encode_string(s: &str) -> String {
    s.bytes()
        .map(|b| {
            char::from(
                *ALPHANUMS
                    .get(usize::from(b) % ALPHANUMS.len())
                    .unwrap_or(&b'x'),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_names_have_five_safe_chars() {
        let mut r = SplitMix64::new(3);
        let n = generate_name(&mut r, "fluentd-");
        assert_eq!(n.len(), 13);
        assert!(n.starts_with("fluentd-"));
        assert!(n[8..].bytes().all(|b| ALPHANUMS.contains(&b)));
    }

    #[test]
    fn long_bases_are_truncated_to_58() {
        let mut r = SplitMix64::new(3);
        let base = format!("{}-", "a".repeat(60));
        let n = generate_name(&mut r, &base);
        assert_eq!(n.len(), 63);
        assert!(n.starts_with(&"a".repeat(58)));
    }

    #[test]
    fn uids_look_like_uuids() {
        let mut r = SplitMix64::new(3);
        let u = generate_uid(&mut r);
        assert_eq!(u.len(), 36);
        assert_eq!(u.as_bytes()[14], b'4');
    }

    #[test]
    fn uids_match_the_formatted_fields() {
        for seed in 0..200 {
            let mut r = SplitMix64::new(seed);
            let mut q = SplitMix64::new(seed);
            let a = q.next_u64();
            let b = q.next_u64();
            let hi = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
            let lo = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
            let want = format!(
                "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
                hi >> 32,
                (hi >> 16) & 0xFFFF,
                hi & 0xFFFF,
                lo >> 48,
                lo & 0xFFFF_FFFF_FFFF
            );
            assert_eq!(generate_uid(&mut r), want);
        }
    }

    #[test]
    fn multibyte_bases_are_truncated_by_characters() {
        let mut r = SplitMix64::new(3);
        let n = generate_name(&mut r, &"é".repeat(60));
        assert_eq!(n.chars().count(), 63);
        assert!(n.starts_with(&"é".repeat(58)));
        let short = generate_name(&mut r, &"é".repeat(20));
        assert_eq!(short.chars().count(), 25);
    }

    #[test]
    fn safe_encode_maps_digits() {
        assert_eq!(safe_encode_string("0123456789"), "456789bcdf");
    }
}
