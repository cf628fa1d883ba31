//! What the API server says to a Node write that a node operation makes (`kubectl label`,
//! `kubectl taint`, `kubectl cordon`, a node added from a template): the same rules as a
//! Node manifest, through [`validate_node`], rendered as one message.

use super::field::FieldError;
use super::meta::validate_node;
use k8s_openapi::api::core::v1::Node;

/// Why the API server refuses to store `node`, or `None` when it would store it.
///
/// A create runs `nodeStrategy.Validate` (`ValidateNode`); an update runs
/// `nodeStrategy.ValidateUpdate`: `ValidateNode` on the new object, then `ValidateNodeUpdate`,
/// whose other rules (name, `podCIDR`, `providerID` and `configSource` are immutable)
/// concern fields no node operation changes. The message is the field errors as
/// `field.ErrorList.ToAggregate().Error()` renders them: one error as it is, several as
/// `[e1, e2]`, each distinct message once.
pub(crate) fn node_write_refusal(node: &Node) -> Option<String> {
    aggregate(&validate_node(node))
}

/// `ErrorList.ToAggregate().Error()`.
fn aggregate(errs: &[FieldError]) -> Option<String> {
    let mut seen = std::collections::BTreeSet::new();
    let messages: Vec<String> = errs
        .iter()
        .map(ToString::to_string)
        .filter(|m| seen.insert(m.clone()))
        .collect();
    match messages.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        many => Some(format!("[{}]", many.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{NodeSpec, Taint};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    fn node(name: &str, labels: &[(&str, &str)], taints: &[(&str, &str, &str)]) -> Node {
        Node {
            metadata: ObjectMeta {
                name: Some(name.to_string()),
                labels: Some(
                    labels
                        .iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                ),
                ..ObjectMeta::default()
            },
            spec: Some(NodeSpec {
                taints: Some(
                    taints
                        .iter()
                        .map(|(k, v, e)| Taint {
                            key: k.to_string(),
                            value: (!v.is_empty()).then(|| v.to_string()),
                            effect: e.to_string(),
                            time_added: None,
                        })
                        .collect(),
                ),
                ..NodeSpec::default()
            }),
            status: None,
        }
    }

    #[test]
    fn a_valid_node_is_stored() {
        let n = node(
            "worker-1",
            &[("disktype", "ssd")],
            &[("dedicated", "gpu", "NoSchedule")],
        );
        assert_eq!(node_write_refusal(&n), None);
    }

    #[test]
    fn one_error_is_the_message() {
        let n = node("worker-1", &[("bad key", "v")], &[]);
        let m = node_write_refusal(&n).unwrap_or_default();
        assert!(
            m.starts_with("metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters"),
            "{m}"
        );
    }

    #[test]
    fn several_errors_are_an_aggregate() {
        let n = node("w", &[], &[("a/b/c", "v=w", "NoSchedule")]);
        let m = node_write_refusal(&n).unwrap_or_default();
        assert!(
            m.starts_with("[spec.taints[0].key: Invalid value: \"a/b/c\": "),
            "{m}"
        );
        assert!(
            m.contains(", spec.taints[0].value: Invalid value: \"v=w\": "),
            "{m}"
        );
        assert!(m.ends_with(']'), "{m}");
    }

    #[test]
    fn identical_messages_once() {
        let errs = vec![
            FieldError::required("spec.x", ""),
            FieldError::required("spec.x", ""),
        ];
        assert_eq!(aggregate(&errs).as_deref(), Some("spec.x: Required value"));
    }
}
