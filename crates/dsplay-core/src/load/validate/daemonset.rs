//! `ValidateDaemonSet`, `ValidateDaemonSetSpec`, `ValidateDaemonSetUpdateStrategy`,
//! `ValidateRollingUpdateDaemonSet` (`pkg/apis/apps/validation/validation.go`).

use super::field::{json_value, quote, FieldError};
use super::meta::{
    selector_matches, validate_annotations, validate_label_selector, validate_labels,
    validate_object_meta,
};
use super::pod::validate_pod_spec;
use crate::load::names::is_valid_percent;
use k8s_openapi::api::apps::v1::{DaemonSet, DaemonSetUpdateStrategy, RollingUpdateDaemonSet};
use k8s_openapi::api::core::v1::PodSpec;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::str::FromStr;

/// `ValidateDaemonSet`. `selector_present` is false when the manifest had no `spec.selector`
/// (Go's nil selector, which matches nothing).
pub(crate) fn validate_daemon_set(ds: &DaemonSet, selector_present: bool) -> Vec<FieldError> {
    let mut errs = Vec::new();
    validate_object_meta(&ds.metadata, true, &mut errs);
    let spec = &ds.spec;
    let selector = &spec.selector;
    validate_label_selector(selector, "spec.selector", &mut errs);
    let template_labels = spec
        .template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.clone())
        .unwrap_or_default();
    let matches = if selector_present {
        selector_matches(selector, &template_labels)
    } else {
        Some(false)
    };
    if matches == Some(false) {
        errs.push(FieldError::invalid(
            "spec.template.metadata.labels",
            json_value(&template_labels),
            "`selector` does not match template `labels`",
        ));
    }
    let empty = selector.match_labels.as_ref().is_none_or(|m| m.is_empty())
        && selector
            .match_expressions
            .as_ref()
            .is_none_or(|m| m.is_empty());
    if selector_present && empty {
        errs.push(FieldError::invalid(
            "spec.selector",
            json_value(selector),
            "empty selector is invalid for daemonset",
        ));
    }
    // ValidatePodTemplateSpec.
    if let Some(m) = &spec.template.metadata {
        if let Some(l) = &m.labels {
            validate_labels(l, "spec.template.metadata.labels", &mut errs);
        }
        if let Some(a) = &m.annotations {
            validate_annotations(a, "spec.template.metadata.annotations", &mut errs);
        }
    }
    // Read where it is (a template of 3 MiB is not copied to be validated).
    let no_spec = PodSpec::default();
    let pod_spec = spec.template.spec.as_ref().unwrap_or(&no_spec);
    validate_pod_spec(pod_spec, "spec.template.spec", false, &mut errs);
    let restart = pod_spec.restart_policy.as_deref().unwrap_or_default();
    if restart != "Always" {
        errs.push(FieldError::not_supported(
            "spec.template.spec.restartPolicy",
            quote(restart),
            &["Always"],
        ));
    }
    if pod_spec.active_deadline_seconds.is_some() {
        errs.push(FieldError::forbidden(
            "spec.template.spec.activeDeadlineSeconds",
            "activeDeadlineSeconds in DaemonSet is not Supported",
        ));
    }
    nonnegative(
        spec.min_ready_seconds.unwrap_or(0).into(),
        "spec.minReadySeconds",
        &mut errs,
    );
    validate_update_strategy(
        spec.update_strategy.as_ref().unwrap_or(&Default::default()),
        "spec.updateStrategy",
        &mut errs,
    );
    if let Some(r) = spec.revision_history_limit {
        nonnegative(r.into(), "spec.revisionHistoryLimit", &mut errs);
    }
    errs
}

/// `ValidateNonnegativeField`.
fn nonnegative(v: i64, path: &str, errs: &mut Vec<FieldError>) {
    if v < 0 {
        errs.push(FieldError::invalid(
            path,
            v.to_string(),
            "must be greater than or equal to 0",
        ));
    }
}

fn render_int_or_string(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => quote(s),
    }
}

/// `ValidateDaemonSetUpdateStrategy`.
fn validate_update_strategy(s: &DaemonSetUpdateStrategy, path: &str, errs: &mut Vec<FieldError>) {
    match s.type_.as_deref().unwrap_or_default() {
        "OnDelete" => {}
        "RollingUpdate" => match &s.rolling_update {
            None => errs.push(FieldError::required(format!("{path}.rollingUpdate"), "")),
            Some(ru) => validate_rolling_update(ru, &format!("{path}.rollingUpdate"), errs),
        },
        _ => errs.push(FieldError::not_supported(
            path,
            json_value(s),
            &["RollingUpdate", "OnDelete"],
        )),
    }
}

/// `ValidateRollingUpdateDaemonSet`.
fn validate_rolling_update(ru: &RollingUpdateDaemonSet, path: &str, errs: &mut Vec<FieldError>) {
    let zero = IntOrString::Int(0);
    let mu = ru.max_unavailable.as_ref().unwrap_or(&zero);
    let ms = ru.max_surge.as_ref().unwrap_or(&zero);
    let mu_path = format!("{path}.maxUnavailable");
    let ms_path = format!("{path}.maxSurge");
    positive_int_or_percent(mu, &mu_path, errs);
    positive_int_or_percent(ms, &ms_path, errs);
    not_more_than_100_percent(mu, &mu_path, errs);
    not_more_than_100_percent(ms, &ms_path, errs);
    let has_unavailable = int_or_percent_value(mu) != 0;
    let has_surge = int_or_percent_value(ms) != 0;
    if has_unavailable && has_surge {
        errs.push(FieldError::invalid(
            ms_path,
            render_int_or_string(ms),
            "may not be set when maxUnavailable is non-zero",
        ));
    } else if !has_unavailable && !has_surge {
        errs.push(FieldError::required(
            mu_path,
            "cannot be 0 when maxSurge is 0",
        ));
    }
}

/// `ValidatePositiveIntOrPercent`.
fn positive_int_or_percent(v: &IntOrString, path: &str, errs: &mut Vec<FieldError>) {
    match v {
        IntOrString::String(s) => {
            for m in is_valid_percent(s) {
                errs.push(FieldError::invalid(path, quote(s), m));
            }
        }
        IntOrString::Int(i) => nonnegative((*i).into(), path, errs),
    }
}

fn percent_value(v: &IntOrString) -> Option<i64> {
    match v {
        IntOrString::String(s) if is_valid_percent(s).is_empty() => {
            // Go: strconv.Atoi, which fails (→ 0) on overflow.
            Some(i64::from_str(s.trim_end_matches('%')).unwrap_or(0))
        }
        _ => None,
    }
}

/// `getIntOrPercentValue`: the percent number, or `IntValue()` (a string that does not parse
/// as an int is 0).
fn int_or_percent_value(v: &IntOrString) -> i64 {
    if let Some(p) = percent_value(v) {
        return p;
    }
    match v {
        IntOrString::Int(i) => (*i).into(),
        IntOrString::String(s) => i64::from_str(s).unwrap_or(0),
    }
}

/// `IsNotMoreThan100Percent`.
fn not_more_than_100_percent(v: &IntOrString, path: &str, errs: &mut Vec<FieldError>) {
    if percent_value(v).is_some_and(|p| p > 100) {
        errs.push(FieldError::invalid(
            path,
            render_int_or_string(v),
            "must not be greater than 100%",
        ));
    }
}

/// `ValidateDaemonSetUpdate`'s selector rule (RS `ValidateUpdate`): the selector is immutable.
pub(crate) fn validate_daemon_set_spec_update(old: &DaemonSet, new: &DaemonSet) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if normalized(&old.spec.selector) != normalized(&new.spec.selector) {
        errs.push(FieldError::invalid(
            "spec.selector",
            json_value(&new.spec.selector),
            "field is immutable",
        ));
    }
    errs
}

/// Semantic equality for selectors: absent and empty lists/maps are the same.
fn normalized(
    s: &k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector,
) -> k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector {
    let mut s = s.clone();
    if s.match_labels.as_ref().is_some_and(|m| m.is_empty()) {
        s.match_labels = None;
    }
    if s.match_expressions.as_ref().is_some_and(|m| m.is_empty()) {
        s.match_expressions = None;
    }
    s
}
