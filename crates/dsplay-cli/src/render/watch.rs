//! `--watch` lines: one JSON object per change, shaped as a Kubernetes watch event
//! (`{"type": ..., "object": ...}`) with the simulated time added as `time`.

use super::time::micro_time;
use dsplay_core::clock::SimTime;
use serde_json::Value;

/// One watch line (no newline): `{"type":"ADDED","object":{...},"time":"2026-01-01T00:00:05.250000Z"}`.
///
/// `type` comes first and `object` second, as the API server writes them.
pub(crate) fn line(type_: &str, object: &Value, time: SimTime) -> String {
    format!(
        "{{\"type\":{},\"object\":{},\"time\":{}}}",
        Value::String(type_.to_string()),
        object,
        Value::String(micro_time(time)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn line_is_a_watch_event_with_time() {
        let l = line(
            "ADDED",
            &json!({"kind": "Node", "metadata": {"name": "w"}}),
            SimTime(1_500),
        );
        assert_eq!(
            l,
            r#"{"type":"ADDED","object":{"kind":"Node","metadata":{"name":"w"}},"time":"2026-01-01T00:00:01.500000Z"}"#
        );
        let parsed: Value = serde_json::from_str(&l).unwrap();
        assert_eq!(parsed["type"], "ADDED");
    }
}
