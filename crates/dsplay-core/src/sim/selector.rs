//! Label selectors (`metav1.LabelSelector`) as the controller-ref manager uses them.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use std::collections::BTreeMap;

/// Whether the selector selects nothing special: no `matchLabels` and no `matchExpressions`
/// (Kubernetes: `labels.Selector.Empty()` after `LabelSelectorAsSelector`).
pub(crate) fn is_empty(sel: &LabelSelector) -> bool {
    sel.match_labels.as_ref().is_none_or(|m| m.is_empty())
        && sel.match_expressions.as_ref().is_none_or(|e| e.is_empty())
}

/// Kubernetes: `metav1.LabelSelectorAsSelector(sel).Matches(labels.Set(l))`.
/// An unknown operator matches nothing, as a selector that fails to parse does.
pub(crate) fn matches(sel: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    if let Some(ml) = &sel.match_labels {
        for (k, v) in ml {
            if labels.get(k) != Some(v) {
                return false;
            }
        }
    }
    if let Some(exprs) = &sel.match_expressions {
        for e in exprs {
            let values = e.values.as_deref().unwrap_or(&[]);
            let got = labels.get(&e.key);
            let ok = match e.operator.as_str() {
                "In" => got.is_some_and(|g| values.iter().any(|v| v == g)),
                "NotIn" => got.is_none_or(|g| !values.iter().any(|v| v == g)),
                "Exists" => got.is_some(),
                "DoesNotExist" => got.is_none(),
                _ => false,
            };
            if !ok {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelectorRequirement;

    fn labels(kv: &[(&str, &str)]) -> BTreeMap<String, String> {
        kv.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn match_labels_and_expressions() {
        let sel = LabelSelector {
            match_labels: Some(labels(&[("app", "x")])),
            match_expressions: Some(vec![LabelSelectorRequirement {
                key: "tier".into(),
                operator: "NotIn".into(),
                values: Some(vec!["db".into()]),
            }]),
        };
        assert!(matches(&sel, &labels(&[("app", "x")])));
        assert!(matches(&sel, &labels(&[("app", "x"), ("tier", "web")])));
        assert!(!matches(&sel, &labels(&[("app", "x"), ("tier", "db")])));
        assert!(!matches(&sel, &labels(&[("app", "y")])));
        assert!(!is_empty(&sel));
        assert!(is_empty(&LabelSelector::default()));
    }
}
