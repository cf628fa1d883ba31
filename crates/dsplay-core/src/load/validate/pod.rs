//! The pod-spec rules of `pkg/apis/core/validation/validation.go` that a DaemonSet manifest
//! meets: containers, ports, resources, volumes' names, tolerations, node affinity.

use super::field::{json_value, quote, FieldError};
use super::meta::validate_labels;
use crate::load::names::{
    is_dns1123_label, is_qualified_name, is_valid_label_value, is_valid_port_num,
};
use k8s_openapi::api::core::v1::{
    Container, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Toleration,
};
use std::collections::{BTreeMap, BTreeSet};

/// `ValidatePodSpec` (the rules listed in the module doc).
pub(crate) fn validate_pod_spec(
    spec: &PodSpec,
    path: &str,
    is_template: bool,
    errs: &mut Vec<FieldError>,
) {
    let _ = is_template;
    // Volumes: names are DNS labels and unique.
    let mut volume_names = BTreeSet::new();
    for (i, v) in spec.volumes.iter().flatten().enumerate() {
        let p = format!("{path}.volumes[{i}].name");
        if v.name.is_empty() {
            errs.push(FieldError::required(&p, ""));
        } else {
            for m in is_dns1123_label(&v.name) {
                errs.push(FieldError::invalid(&p, quote(&v.name), m));
            }
            if !volume_names.insert(v.name.as_str()) {
                errs.push(FieldError::duplicate(&p, quote(&v.name)));
            }
        }
    }
    // Containers.
    let mut names = BTreeSet::new();
    if spec.containers.is_empty() {
        errs.push(FieldError::required(format!("{path}.containers"), ""));
    }
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        validate_container(
            c,
            &format!("{path}.initContainers[{i}]"),
            spec,
            &mut names,
            errs,
        );
    }
    for (i, c) in spec.containers.iter().enumerate() {
        validate_container(
            c,
            &format!("{path}.containers[{i}]"),
            spec,
            &mut names,
            errs,
        );
    }
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

fn validate_container(
    c: &Container,
    p: &str,
    spec: &PodSpec,
    names: &mut BTreeSet<String>,
    errs: &mut Vec<FieldError>,
) {
    if c.name.is_empty() {
        errs.push(FieldError::required(format!("{p}.name"), ""));
    } else {
        for m in is_dns1123_label(&c.name) {
            errs.push(FieldError::invalid(format!("{p}.name"), quote(&c.name), m));
        }
        if !names.insert(c.name.clone()) {
            errs.push(FieldError::duplicate(format!("{p}.name"), quote(&c.name)));
        }
    }
    if c.image.as_deref().is_none_or(str::is_empty) {
        errs.push(FieldError::required(format!("{p}.image"), ""));
    }
    if let Some(pp) = c.image_pull_policy.as_deref() {
        if !matches!(pp, "Always" | "IfNotPresent" | "Never") {
            errs.push(FieldError::not_supported(
                format!("{p}.imagePullPolicy"),
                quote(pp),
                &["Always", "IfNotPresent", "Never"],
            ));
        }
    }
    let host_network = spec.host_network == Some(true);
    for (j, port) in c.ports.iter().flatten().enumerate() {
        let pp = format!("{p}.ports[{j}]");
        if port.container_port == 0 {
            errs.push(FieldError::required(format!("{pp}.containerPort"), ""));
        } else if !is_valid_port_num(port.container_port) {
            errs.push(FieldError::invalid(
                format!("{pp}.containerPort"),
                port.container_port.to_string(),
                "must be between 1 and 65535, inclusive",
            ));
        }
        let host_port = port.host_port.unwrap_or(0);
        if host_port != 0 && !is_valid_port_num(host_port) {
            errs.push(FieldError::invalid(
                format!("{pp}.hostPort"),
                host_port.to_string(),
                "must be between 1 and 65535, inclusive",
            ));
        }
        match port.protocol.as_deref().unwrap_or_default() {
            "TCP" | "UDP" | "SCTP" => {}
            "" => errs.push(FieldError::required(format!("{pp}.protocol"), "")),
            other => errs.push(FieldError::not_supported(
                format!("{pp}.protocol"),
                quote(other),
                &["SCTP", "TCP", "UDP"],
            )),
        }
        if host_network && host_port != 0 && host_port != port.container_port {
            errs.push(FieldError::invalid(
                format!("{pp}.containerPort"),
                port.container_port.to_string(),
                "must match `hostPort` when `hostNetwork` is true",
            ));
        }
    }
    if let Some(r) = &c.resources {
        let empty = BTreeMap::new();
        let limits = r.limits.as_ref().unwrap_or(&empty);
        let requests = r.requests.as_ref().unwrap_or(&empty);
        let mut parsed_limits = BTreeMap::new();
        for (k, q) in limits {
            if let Some(v) = check_quantity(&q.0, &format!("{p}.resources.limits[{k}]"), errs) {
                parsed_limits.insert(k.as_str(), (v, q.0.as_str()));
            }
        }
        for (k, q) in requests {
            let rp = format!("{p}.resources.requests[{k}]");
            let Some(v) = check_quantity(&q.0, &rp, errs) else {
                continue;
            };
            if let Some((lim, lim_text)) = parsed_limits.get(k.as_str()) {
                if v > *lim {
                    errs.push(FieldError::invalid(
                        rp,
                        quote(&q.0),
                        format!("must be less than or equal to {k} limit of {lim_text}"),
                    ));
                }
            }
        }
    }
}

/// A quantity's value in nano-units (rounded up), or an error pushed for an invalid or
/// negative one (`ValidateResourceQuantityValue`).
fn check_quantity(text: &str, path: &str, errs: &mut Vec<FieldError>) -> Option<i128> {
    match parse_quantity_nanos(text) {
        Some(v) if v < 0 => {
            errs.push(FieldError::invalid(
                path,
                quote(text),
                "must be greater than or equal to 0",
            ));
            None
        }
        Some(v) => Some(v),
        None => {
            errs.push(FieldError::invalid(
                path,
                quote(text),
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            ));
            None
        }
    }
}

/// Parses a Kubernetes quantity (`500m`, `1.5Gi`, `1e3`) to nano-units, rounding up.
/// Saturates far beyond any real value rather than overflowing.
pub(crate) fn parse_quantity_nanos(s: &str) -> Option<i128> {
    let s = s.trim();
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, s.get(1..)?),
        b'+' => (false, s.get(1..)?),
        _ => (false, s),
    };
    let num_end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let (num, suffix) = body.split_at(num_end);
    if num.is_empty() || num == "." || num.matches('.').count() > 1 {
        return None;
    }
    let (int_part, frac_part) = num.split_once('.').unwrap_or((num, ""));
    // (multiplier as base^exp)
    let (base, exp): (i128, i32) = match suffix {
        "" => (10, 0),
        "n" => (10, -9),
        "u" => (10, -6),
        "m" => (10, -3),
        "k" => (10, 3),
        "M" => (10, 6),
        "G" => (10, 9),
        "T" => (10, 12),
        "P" => (10, 15),
        "E" => (10, 18),
        "Ki" => (2, 10),
        "Mi" => (2, 20),
        "Gi" => (2, 30),
        "Ti" => (2, 40),
        "Pi" => (2, 50),
        "Ei" => (2, 60),
        other => {
            let rest = other.strip_prefix(['e', 'E'])?;
            let e: i32 = rest.parse().ok()?;
            if !(-40..=40).contains(&e) {
                return None;
            }
            (10, e)
        }
    };
    // digits as an integer with a decimal exponent.
    let mut digits: i128 = 0;
    let mut dec_exp: i32 = 0;
    for c in int_part.chars().chain(frac_part.chars()) {
        let d = i128::from(c.to_digit(10)?);
        if digits > 10i128.pow(30) {
            // Keep magnitude, drop precision.
            dec_exp += 1;
            continue;
        }
        digits = digits * 10 + d;
    }
    dec_exp -= i32::try_from(frac_part.len()).ok()?;
    // value = digits * 10^dec_exp * base^exp, in nanos: * 10^9.
    let mut num: i128 = digits;
    let mut den: i128 = 1;
    let scale = |e: i32, b: i128, num: &mut i128, den: &mut i128| {
        for _ in 0..e.unsigned_abs() {
            if e > 0 {
                *num = num.saturating_mul(b);
            } else {
                *den = den.saturating_mul(b);
            }
        }
    };
    scale(dec_exp.saturating_add(9), 10, &mut num, &mut den);
    scale(exp, base, &mut num, &mut den);
    let v = if den == 0 { 0 } else { (num + den - 1) / den };
    Some(if neg { -v } else { v })
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
    match r.operator.as_str() {
        "In" | "NotIn" => {
            if n == 0 {
                errs.push(FieldError::required(
                    format!("{p}.values"),
                    "must be specified when `operator` is 'In' or 'NotIn'",
                ));
            }
        }
        "Exists" | "DoesNotExist" => {
            if n > 0 {
                errs.push(FieldError::forbidden(
                    format!("{p}.values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                ));
            }
        }
        "Gt" | "Lt" => {
            if n != 1 {
                errs.push(FieldError::required(
                    format!("{p}.values"),
                    "must be specified single value when `operator` is 'Lt' or 'Gt'",
                ));
            }
        }
        op => errs.push(FieldError::invalid(
            format!("{p}.operator"),
            quote(op),
            "not a valid selector operator",
        )),
    }
    for m in is_qualified_name(&r.key) {
        errs.push(FieldError::invalid(format!("{p}.key"), quote(&r.key), m));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(parse_quantity_nanos("1"), Some(1_000_000_000));
        assert_eq!(parse_quantity_nanos("500m"), Some(500_000_000));
        assert_eq!(parse_quantity_nanos("1Ki"), Some(1024 * 1_000_000_000));
        assert_eq!(parse_quantity_nanos("1e3"), Some(1000 * 1_000_000_000));
        assert_eq!(parse_quantity_nanos("0.5"), Some(500_000_000));
        assert_eq!(parse_quantity_nanos("-1"), Some(-1_000_000_000));
        assert_eq!(parse_quantity_nanos("abc"), None);
        assert_eq!(parse_quantity_nanos("1Qi"), None);
        assert_eq!(parse_quantity_nanos(""), None);
    }
}
