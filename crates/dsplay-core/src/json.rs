//! One JSON serializer for the API types (a size choice for the web bundle).
//!
//! `serde_json::to_value` and `serde_json::to_string` each compile their own copy of every
//! API type's `Serialize` code (one per serializer). The revision hash needs the compact
//! text of a template (fields in Kubernetes' declaration order), so the text writer is the
//! one kept: [`to_value`] writes the text and reads it back. The result is the value
//! `serde_json::to_value` gives (object keys are sorted either way; strings and integers
//! round-trip exactly).

use serde::Serialize;
use serde_json::Value;

/// `serde_json::to_value`, through the compact JSON text.
pub(crate) fn to_value<T: Serialize>(x: T) -> Result<Value, serde_json::Error> {
    from_text(&serde_json::to_string(&x)?)
}

/// Reads JSON text as a [`Value`] (kept out of line: one copy for every caller).
#[inline(never)]
pub(crate) fn from_text(s: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{Container, Pod, PodSpec};
    use serde_json::json;

    #[test]
    fn same_value_as_serde_json_to_value() {
        let pod = Pod {
            metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
                name: Some("p\u{e9}\"\n".to_string()),
                labels: Some(
                    [
                        ("b".to_string(), "1".to_string()),
                        ("a".to_string(), String::new()),
                    ]
                    .into(),
                ),
                ..Default::default()
            },
            spec: Some(PodSpec {
                containers: vec![Container {
                    name: "c".to_string(),
                    ..Default::default()
                }],
                termination_grace_period_seconds: Some(-30),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(to_value(&pod).ok(), serde_json::to_value(&pod).ok());
        let v = json!({"z": [1, -2, 1.5, u64::MAX, null, true], "a": {"": "x"}});
        assert_eq!(to_value(&v).ok(), Some(v));
    }
}
