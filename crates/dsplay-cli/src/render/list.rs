//! Objects as `kubectl get -o yaml` and `-o json` print them.

use serde::Serialize;

/// YAML, as `-o yaml` (a trailing newline, no document marker).
pub(crate) fn to_yaml<T: Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| format!("cannot write YAML: {e}"))
}

/// JSON with kubectl's 4-space indentation and a trailing newline.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, String> {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    value
        .serialize(&mut ser)
        .map_err(|e| format!("cannot write JSON: {e}"))?;
    out.push(b'\n');
    String::from_utf8(out).map_err(|e| format!("cannot write JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_uses_four_spaces() {
        let v = json!({"apiVersion": "v1", "items": [1]});
        assert_eq!(
            to_json(&v).unwrap(),
            "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        1\n    ]\n}\n"
        );
    }

    #[test]
    fn yaml_is_block_style() {
        let v = json!({"apiVersion": "v1", "items": [{"kind": "Node"}], "kind": "List"});
        assert_eq!(
            to_yaml(&v).unwrap(),
            "apiVersion: v1\nitems:\n- kind: Node\nkind: List\n"
        );
    }
}
