//! `ValidatePodSpec` (`pkg/apis/core/validation/validation.go`), the rules a DaemonSet
//! manifest meets: volumes, containers (see `container`), host network, restart and DNS
//! policies, node selector, tolerations, node affinity.

use super::container::validate_containers;
use super::field::{json_value, quote, FieldError};
use super::meta::{validate_labels, validate_selector_operator};
use super::volume::validate_volumes;
use crate::load::names::{is_qualified_name, is_valid_label_value};
use k8s_openapi::api::core::v1::{
    NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Toleration,
};

/// `ValidatePodSpec`. `is_pod` is Go's `opts.ResourceIsPod` (false for a template).
pub(crate) fn validate_pod_spec(
    spec: &PodSpec,
    path: &str,
    is_pod: bool,
    errs: &mut Vec<FieldError>,
) {
    let volumes = validate_volumes(
        spec.volumes.as_deref().unwrap_or_default(),
        &format!("{path}.volumes"),
        errs,
    );
    validate_containers(
        &spec.containers,
        spec.init_containers.as_deref().unwrap_or_default(),
        &volumes,
        path,
        errs,
    );
    validate_host_network_deps(spec, path, is_pod, errs);
    // restartPolicy, dnsPolicy.
    if let Some(rp) = spec.restart_policy.as_deref() {
        if !matches!(rp, "Always" | "OnFailure" | "Never") {
            errs.push(FieldError::not_supported(
                format!("{path}.restartPolicy"),
                quote(rp),
                &["Always", "OnFailure", "Never"],
            ));
        }
    }
    if let Some(dp) = spec.dns_policy.as_deref() {
        if !matches!(
            dp,
            "ClusterFirstWithHostNet" | "ClusterFirst" | "Default" | "None"
        ) {
            errs.push(FieldError::not_supported(
                format!("{path}.dnsPolicy"),
                quote(dp),
                &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
            ));
        }
    }
    if let Some(ads) = spec.active_deadline_seconds {
        if !(1..=i64::from(i32::MAX)).contains(&ads) {
            errs.push(FieldError::invalid(
                format!("{path}.activeDeadlineSeconds"),
                ads.to_string(),
                "must be between 1 and 2147483647, inclusive",
            ));
        }
    }
    if let Some(ns) = &spec.node_selector {
        validate_labels(ns, &format!("{path}.nodeSelector"), errs);
    }
    for (i, t) in spec.tolerations.iter().flatten().enumerate() {
        validate_toleration(t, &format!("{path}.tolerations[{i}]"), errs);
    }
    if let Some(na) = spec
        .affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
    {
        let p = format!("{path}.affinity.nodeAffinity");
        if let Some(req) = &na.required_during_scheduling_ignored_during_execution {
            validate_node_selector(
                req,
                &format!("{p}.requiredDuringSchedulingIgnoredDuringExecution"),
                errs,
            );
        }
        for (i, term) in na
            .preferred_during_scheduling_ignored_during_execution
            .iter()
            .flatten()
            .enumerate()
        {
            let tp = format!("{p}.preferredDuringSchedulingIgnoredDuringExecution[{i}]");
            if !(1..=100).contains(&term.weight) {
                errs.push(FieldError::invalid(
                    format!("{tp}.weight"),
                    term.weight.to_string(),
                    "must be in the range 1-100",
                ));
            }
            validate_node_selector_term(&term.preference, &format!("{tp}.preference"), errs);
        }
    }
}

/// `validatePodHostNetworkDeps`: with `hostNetwork: true`, a container port's `hostPort` must
/// equal its `containerPort` (a template may leave it 0: the pod gets it defaulted).
fn validate_host_network_deps(
    spec: &PodSpec,
    path: &str,
    is_pod: bool,
    errs: &mut Vec<FieldError>,
) {
    if spec.host_network != Some(true) {
        return;
    }
    for (i, c) in spec.containers.iter().enumerate() {
        for (j, port) in c.ports.iter().flatten().enumerate() {
            let hp = port.host_port.unwrap_or(0);
            if (is_pod || hp != 0) && hp != port.container_port {
                errs.push(FieldError::invalid(
                    format!("{path}.containers[{i}].ports[{j}].hostPort"),
                    hp.to_string(),
                    "must match `containerPort` when `hostNetwork` is true",
                ));
            }
        }
    }
}

/// `validateTaintEffect`.
pub(crate) fn validate_taint_effect(
    effect: &str,
    allow_empty: bool,
    path: &str,
    errs: &mut Vec<FieldError>,
) {
    if !allow_empty && effect.is_empty() {
        errs.push(FieldError::required(path, ""));
        return;
    }
    if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute" | "") {
        errs.push(FieldError::not_supported(
            path,
            quote(effect),
            &["NoSchedule", "PreferNoSchedule", "NoExecute"],
        ));
    }
}

/// `validateTolerations`, for one toleration.
fn validate_toleration(t: &Toleration, p: &str, errs: &mut Vec<FieldError>) {
    let key = t.key.as_deref().unwrap_or_default();
    let op = t.operator.as_deref().unwrap_or_default();
    let value = t.value.as_deref().unwrap_or_default();
    let effect = t.effect.as_deref().unwrap_or_default();
    if !key.is_empty() {
        for m in is_qualified_name(key) {
            errs.push(FieldError::invalid(format!("{p}.key"), quote(key), m));
        }
    }
    if key.is_empty() && op != "Exists" {
        errs.push(FieldError::invalid(
            format!("{p}.operator"),
            quote(op),
            "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
        ));
    }
    if t.toleration_seconds.is_some() && effect != "NoExecute" {
        errs.push(FieldError::invalid(
            format!("{p}.effect"),
            quote(effect),
            "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ));
    }
    match op {
        "Equal" | "" => {
            let msgs = is_valid_label_value(value);
            if !msgs.is_empty() {
                errs.push(FieldError::invalid(
                    format!("{p}.operator"),
                    quote(value),
                    msgs.join(";"),
                ));
            }
        }
        "Exists" => {
            if !value.is_empty() {
                errs.push(FieldError::invalid(
                    format!("{p}.operator"),
                    json_value(t),
                    "value must be empty when `operator` is 'Exists'",
                ));
            }
        }
        other => errs.push(FieldError::not_supported(
            format!("{p}.operator"),
            quote(other),
            &["Equal", "Exists"],
        )),
    }
    if !effect.is_empty() {
        validate_taint_effect(effect, true, &format!("{p}.effect"), errs);
    }
}

/// `ValidateNodeSelector`.
fn validate_node_selector(ns: &NodeSelector, p: &str, errs: &mut Vec<FieldError>) {
    if ns.node_selector_terms.is_empty() {
        errs.push(FieldError::required(
            format!("{p}.nodeSelectorTerms"),
            "must have at least one node selector term",
        ));
    }
    for (i, term) in ns.node_selector_terms.iter().enumerate() {
        validate_node_selector_term(term, &format!("{p}.nodeSelectorTerms[{i}]"), errs);
    }
}

/// `ValidateNodeSelectorTerm`.
fn validate_node_selector_term(term: &NodeSelectorTerm, p: &str, errs: &mut Vec<FieldError>) {
    for (j, r) in term.match_expressions.iter().flatten().enumerate() {
        validate_node_selector_requirement(r, &format!("{p}.matchExpressions[{j}]"), errs);
    }
    for (j, r) in term.match_fields.iter().flatten().enumerate() {
        let rp = format!("{p}.matchFields[{j}]");
        if r.key != "metadata.name" {
            errs.push(FieldError::invalid(
                format!("{rp}.key"),
                quote(&r.key),
                "not a valid field selector key",
            ));
        }
        match r.operator.as_str() {
            "In" | "NotIn" => {
                if r.values.as_ref().is_none_or(|v| v.len() != 1) {
                    errs.push(FieldError::required(
                        format!("{rp}.values"),
                        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                    ));
                }
            }
            op => errs.push(FieldError::invalid(
                format!("{rp}.operator"),
                quote(op),
                "not a valid selector operator",
            )),
        }
    }
}

/// `ValidateNodeSelectorRequirement`.
fn validate_node_selector_requirement(
    r: &NodeSelectorRequirement,
    p: &str,
    errs: &mut Vec<FieldError>,
) {
    let n = r.values.as_ref().map_or(0, Vec::len);
    validate_selector_operator(&r.operator, n, true, p, errs);
    for m in is_qualified_name(&r.key) {
        errs.push(FieldError::invalid(format!("{p}.key"), quote(&r.key), m));
    }
}
