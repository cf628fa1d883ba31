//! Kubernetes: the helpers of pkg/controller/daemon/util/daemonset_util.go the controller
//! uses, under their Go names, and `intstr.GetScaledValueFromIntOrPercent`.

use super::super::cluster::PodEntry;
use super::state::CurrentRevision;
use crate::predicates::{
    CONTROLLER_REVISION_HASH_LABEL, POD_TEMPLATE_GENERATION_LABEL, TEMPLATE_GENERATION_ANNOTATION,
};
use k8s_openapi::api::apps::v1::{DaemonSet, RollingUpdateDaemonSet};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::str::FromStr;

/// Kubernetes: `util.IsPodUpdated(pod, hash, dsTemplateGeneration)`: the pod's
/// `controller-revision-hash` is the current hash, or its `pod-template-generation`
/// is the DaemonSet's template generation (both from its current revision; `None`: not
/// known yet, no pod is updated).
pub(crate) fn is_pod_updated(p: &PodEntry, current: Option<&CurrentRevision>) -> bool {
    labels_are_updated(&p.labels, current)
}

/// [`is_pod_updated`] of a pod with these labels.
pub(crate) fn labels_are_updated(
    labels: &Rc<BTreeMap<String, String>>,
    current: Option<&CurrentRevision>,
) -> bool {
    let Some(cur) = current else {
        return false;
    };
    if Rc::ptr_eq(labels, &cur.labels) {
        // The current revision's own labels carry its hash and template generation.
        return !cur.hash.is_empty() || cur.generation_label.is_some();
    }
    let label = |key: &str| labels.get(key).map(String::as_str);
    let hash_matches =
        !cur.hash.is_empty() && label(CONTROLLER_REVISION_HASH_LABEL) == Some(&*cur.hash);
    let gen_matches = cur
        .generation_label
        .as_deref()
        .is_some_and(|g| label(POD_TEMPLATE_GENERATION_LABEL) == Some(g));
    hash_matches || gen_matches
}

/// Kubernetes: `util.GetTemplateGeneration(ds)`: the `deprecated.daemonset.template.generation`
/// annotation, when it is an integer (as the label value pods carry).
pub(crate) fn get_template_generation(ds: &DaemonSet) -> Option<&str> {
    ds.metadata
        .annotations
        .as_ref()?
        .get(TEMPLATE_GENERATION_ANNOTATION)
        .filter(|g| i64::from_str(g).is_ok())
        .map(String::as_str)
}

/// Kubernetes: `util.AllowsSurge(ds)`: RollingUpdate with a non-zero maxSurge.
pub(crate) fn allows_surge(ds: &DaemonSet) -> bool {
    surge_count(ds, 1) > 0
}

/// `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true)`; `None` if malformed.
pub(crate) fn get_scaled_value_from_int_or_percent(v: &IntOrString, total: i64) -> Option<i64> {
    match v {
        IntOrString::Int(i) => Some(i64::from(*i)),
        IntOrString::String(s) => {
            let digits = s.strip_suffix('%')?;
            let pct = i64::from_str(digits).ok()?;
            let num = pct.checked_mul(total)?;
            Some(if num % 100 == 0 {
                num / 100
            } else {
                num.div_euclid(100) + 1
            })
        }
    }
}

/// Whether the update strategy is RollingUpdate (the default).
pub(crate) fn is_rolling_update(ds: &DaemonSet) -> bool {
    ds.spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.type_.as_deref())
        .unwrap_or("RollingUpdate")
        == "RollingUpdate"
}

/// Kubernetes: `util.SurgeCount(ds, numberToSchedule)`.
pub(crate) fn surge_count(ds: &DaemonSet, number_to_schedule: i64) -> i64 {
    rolling_update_budget(ds, number_to_schedule, |r| r.max_surge.as_ref())
}

/// Kubernetes: `util.UnavailableCount(ds, numberToSchedule)`.
pub(crate) fn unavailable_count(ds: &DaemonSet, number_to_schedule: i64) -> i64 {
    rolling_update_budget(ds, number_to_schedule, |r| r.max_unavailable.as_ref())
}

/// One `rollingUpdate` budget (`maxSurge` or `maxUnavailable`) scaled to `number_to_schedule`
/// (percentages rounded up); 0 unless the strategy is RollingUpdate and the field is set.
fn rolling_update_budget(
    ds: &DaemonSet,
    number_to_schedule: i64,
    field: impl Fn(&RollingUpdateDaemonSet) -> Option<&IntOrString>,
) -> i64 {
    if !is_rolling_update(ds) {
        return 0;
    }
    ds.spec
        .update_strategy
        .as_ref()
        .and_then(|s| s.rolling_update.as_ref())
        .and_then(field)
        .and_then(|v| get_scaled_value_from_int_or_percent(v, number_to_schedule))
        .unwrap_or(0)
        .max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// UPT `TestGetUnavailableNumbers` (percent rounding up).
    #[test]
    fn percentages_round_up() {
        let pct =
            |s: &str, n| get_scaled_value_from_int_or_percent(&IntOrString::String(s.into()), n);
        assert_eq!(pct("50%", 2), Some(1));
        assert_eq!(pct("50%", 3), Some(2));
        assert_eq!(pct("100%", 2), Some(2));
        assert_eq!(pct("30%", 5), Some(2));
        assert_eq!(pct("10%", 5), Some(1));
        assert_eq!(pct("25%", 5), Some(2));
        assert_eq!(pct("1%", 1), Some(1));
        assert_eq!(pct("0%", 7), Some(0));
        assert_eq!(pct("x%", 7), None);
        assert_eq!(
            get_scaled_value_from_int_or_percent(&IntOrString::Int(3), 10),
            Some(3)
        );
    }
}
