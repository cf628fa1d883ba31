//! Revision hashes (`controller.ComputeHash`).
//!
//! Kubernetes hashes a deep-printed template with FNV-32a. We hash the canonical JSON
//! of `spec.template` (serde with sorted maps: stable across runs and targets), which
//! keeps the behaviour that matters: same template ⇒ same hash, different ⇒ different.

use super::names::safe_encode_string;
use k8s_openapi::api::core::v1::PodTemplateSpec;

/// FNV-1a, 32 bits.
pub(crate) fn fnv32a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811C_9DC5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The canonical JSON of a template (what revisions compare, `Match`).
pub(crate) fn template_json(t: &PodTemplateSpec) -> String {
    serde_json::to_string(t).unwrap_or_default()
}

/// Kubernetes: `controller.ComputeHash(template, collisionCount)`: FNV-32a of the template
/// and, if set, the collision count as 4 little-endian bytes; the decimal digits of the
/// sum mapped through `rand.SafeEncodeString`.
pub(crate) fn compute_hash(template_json: &str, collision_count: Option<i32>) -> String {
    let mut bytes = template_json.as_bytes().to_vec();
    if let Some(c) = collision_count {
        bytes.extend_from_slice(&(c as u32).to_le_bytes());
    }
    safe_encode_string(&fnv32a(&bytes).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv32a_known_values() {
        assert_eq!(fnv32a(b""), 0x811C_9DC5);
        assert_eq!(fnv32a(b"a"), 0xE40C_292C);
    }

    #[test]
    fn collision_count_changes_the_hash() {
        let a = compute_hash("{}", None);
        let b = compute_hash("{}", Some(1));
        assert_ne!(a, b);
        assert_eq!(a, compute_hash("{}", None));
        assert!(a.len() <= 10 && !a.is_empty());
    }
}
