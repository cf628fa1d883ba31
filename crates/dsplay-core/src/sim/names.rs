//! Generated names and uids, as the API server makes them, from the seeded PRNG.

use super::rng::SplitMix64;

/// `k8s.io/apimachinery/pkg/util/rand` `alphanums`: no vowels, no confusable digits.
pub(crate) const ALPHANUMS: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

/// `names.SimpleNameGenerator` `maxNameLength` (63) minus `randomLength` (5).
const MAX_GENERATED_NAME_LENGTH: usize = 58;

/// Kubernetes: `SimpleNameGenerator.GenerateName(base)`: `base` truncated to 58
/// characters plus 5 random characters from [`ALPHANUMS`].
pub(crate) fn generate_name(rng: &mut SplitMix64, base: &str) -> String {
    let mut out: String = base.chars().take(MAX_GENERATED_NAME_LENGTH).collect();
    for _ in 0..5 {
        let i = rng.below(ALPHANUMS.len() as u64) as usize;
        out.push(char::from(*ALPHANUMS.get(i).unwrap_or(&b'x')));
    }
    out
}

/// A version-4-shaped UUID from the seeded PRNG (`metadata.uid`).
pub(crate) fn generate_uid(rng: &mut SplitMix64) -> String {
    let a = rng.next_u64();
    let b = rng.next_u64();
    let hi = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let lo = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0xFFFF,
        lo >> 48,
        lo & 0xFFFF_FFFF_FFFF
    )
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
    fn safe_encode_maps_digits() {
        assert_eq!(safe_encode_string("0123456789"), "456789bcdf");
    }
}
