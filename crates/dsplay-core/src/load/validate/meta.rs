//! `ValidateObjectMeta`, `ValidateLabels`, `ValidateAnnotations`, label selectors, and the
//! Node and Pod entry points.

use super::field::{json_value, quote, FieldError};
use super::pod::validate_pod_spec;
use crate::load::names::{
    go_lower_key, is_dns1123_label, is_dns1123_subdomain, is_qualified_name, is_valid_label_value,
};
use k8s_openapi::api::core::v1::{Node, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use std::collections::BTreeMap;

/// `TotalAnnotationSizeLimitB`.
const TOTAL_ANNOTATION_SIZE_LIMIT: usize = 256 * 1024;

/// `ValidateObjectMeta(meta, namespaced, NameIsDNSSubdomain, "metadata")`.
pub(crate) fn validate_object_meta(
    meta: &ObjectMeta,
    namespaced: bool,
    errs: &mut Vec<FieldError>,
) {
    let name = meta.name.as_deref().unwrap_or_default();
    let generate = meta.generate_name.as_deref().unwrap_or_default();
    if name.is_empty() && generate.is_empty() {
        errs.push(FieldError::required(
            "metadata.name",
            "name or generateName is required",
        ));
    } else if !name.is_empty() {
        for m in is_dns1123_subdomain(name) {
            errs.push(FieldError::invalid("metadata.name", quote(name), m));
        }
    }
    if namespaced {
        if let Some(ns) = meta.namespace.as_deref().filter(|n| !n.is_empty()) {
            for m in is_dns1123_label(ns) {
                errs.push(FieldError::invalid("metadata.namespace", quote(ns), m));
            }
        }
    } else if meta.namespace.as_deref().is_some_and(|n| !n.is_empty()) {
        errs.push(FieldError::forbidden(
            "metadata.namespace",
            "not allowed on this type",
        ));
    }
    if let Some(labels) = &meta.labels {
        validate_labels(labels, "metadata.labels", errs);
    }
    if let Some(a) = &meta.annotations {
        validate_annotations(a, "metadata.annotations", errs);
    }
}

/// `ValidateLabels`: keys are qualified names, values label values; errors on the map's path.
pub(crate) fn validate_labels(
    labels: &BTreeMap<String, String>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    for (k, v) in labels {
        for m in is_qualified_name(k) {
            errs.push(FieldError::invalid(path, quote(k), m));
        }
        for m in is_valid_label_value(v) {
            errs.push(FieldError::invalid(path, quote(v), m));
        }
    }
}

/// `ValidateAnnotations`: lower-cased keys are qualified names; total size ≤ 256 KiB.
pub(crate) fn validate_annotations(
    annotations: &BTreeMap<String, String>,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    let mut total = 0usize;
    for (k, v) in annotations {
        for m in is_qualified_name(&go_lower_key(k)) {
            errs.push(FieldError::invalid(path, quote(k), m));
        }
        total = total.saturating_add(k.len()).saturating_add(v.len());
    }
    if total > TOTAL_ANNOTATION_SIZE_LIMIT {
        errs.push(FieldError::too_long(
            path,
            format!("may not be more than {TOTAL_ANNOTATION_SIZE_LIMIT} bytes"),
        ));
    }
}

/// `ValidateLabelSelector` (with `AllowInvalidLabelValueInSelector: false`).
pub(crate) fn validate_label_selector(sel: &LabelSelector, path: &str, errs: &mut Vec<FieldError>) {
    for (i, r) in sel.match_expressions.iter().flatten().enumerate() {
        let p = format!("{path}.matchExpressions[{i}]");
        let values = r.values.as_deref().unwrap_or_default();
        validate_selector_operator(&r.operator, values.len(), false, &p, errs);
        for m in is_qualified_name(&r.key) {
            errs.push(FieldError::invalid(format!("{p}.key"), quote(&r.key), m));
        }
        for (j, v) in values.iter().enumerate() {
            for m in is_valid_label_value(v) {
                errs.push(FieldError::invalid(format!("{p}.values[{j}]"), quote(v), m));
            }
        }
    }
    if let Some(ml) = &sel.match_labels {
        validate_labels(ml, &format!("{path}.matchLabels"), errs);
    }
}

/// The operator/values rules shared by `ValidateLabelSelectorRequirement` and
/// `ValidateNodeSelectorRequirement` (`gt_lt`: the node form, which also has `Gt`/`Lt`).
pub(crate) fn validate_selector_operator(
    op: &str,
    n_values: usize,
    gt_lt: bool,
    p: &str,
    errs: &mut Vec<FieldError>,
) {
    match op {
        "In" | "NotIn" if n_values == 0 => errs.push(FieldError::required(
            format!("{p}.values"),
            "must be specified when `operator` is 'In' or 'NotIn'",
        )),
        "Exists" | "DoesNotExist" if n_values > 0 => errs.push(FieldError::forbidden(
            format!("{p}.values"),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        )),
        "Gt" | "Lt" if gt_lt && n_values != 1 => errs.push(FieldError::required(
            format!("{p}.values"),
            "must be specified single value when `operator` is 'Lt' or 'Gt'",
        )),
        "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
        "Gt" | "Lt" if gt_lt => {}
        _ => errs.push(FieldError::invalid(
            format!("{p}.operator"),
            quote(op),
            "not a valid selector operator",
        )),
    }
}

/// `LabelSelectorAsSelector(sel).Matches(labels)`; `None` when the selector does not convert.
pub(crate) fn selector_matches(
    sel: &LabelSelector,
    labels: &BTreeMap<String, String>,
) -> Option<bool> {
    for (k, v) in sel.match_labels.iter().flatten() {
        if labels.get(k) != Some(v) {
            return Some(false);
        }
    }
    for r in sel.match_expressions.iter().flatten() {
        let values = r.values.as_deref().unwrap_or_default();
        let got = labels.get(&r.key);
        let ok = match r.operator.as_str() {
            "In" if !values.is_empty() => got.is_some_and(|g| values.contains(g)),
            "NotIn" if !values.is_empty() => got.is_none_or(|g| !values.contains(g)),
            "Exists" if values.is_empty() => got.is_some(),
            "DoesNotExist" if values.is_empty() => got.is_none(),
            _ => return None,
        };
        if !ok {
            return Some(false);
        }
    }
    Some(true)
}

/// `ValidateNode` (the parts a manifest can get wrong): name, labels, taints.
pub(crate) fn validate_node(node: &Node) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&node.metadata, false, &mut errs);
    if let Some(spec) = &node.spec {
        let mut seen = std::collections::BTreeSet::new();
        for (i, t) in spec.taints.iter().flatten().enumerate() {
            let p = format!("spec.taints[{i}]");
            for m in is_qualified_name(&t.key) {
                errs.push(FieldError::invalid(format!("{p}.key"), quote(&t.key), m));
            }
            if let Some(v) = &t.value {
                for m in is_valid_label_value(v) {
                    errs.push(FieldError::invalid(format!("{p}.value"), quote(v), m));
                }
            }
            super::pod::validate_taint_effect(&t.effect, false, &format!("{p}.effect"), &mut errs);
            if !seen.insert((t.key.clone(), t.effect.clone())) {
                errs.push(
                    FieldError::duplicate(
                        &p,
                        json_value(&serde_json::json!({"key": t.key, "effect": t.effect})),
                    )
                    .with_detail("taints must be unique by key and effect pair"),
                );
            }
        }
    }
    errs
}

/// `ValidatePodCreate` (the parts a manifest can get wrong).
pub(crate) fn validate_pod(pod: &Pod) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&pod.metadata, true, &mut errs);
    match &pod.spec {
        Some(spec) => validate_pod_spec(spec, "spec", true, &mut errs),
        None => errs.push(FieldError::required("spec.containers", "")),
    }
    errs
}

impl FieldError {
    fn with_detail(mut self, detail: &str) -> Self {
        self.detail = detail.to_string();
        self
    }
}
