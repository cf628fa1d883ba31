//! Finding the taint a pod does not tolerate.
//!
//! Kubernetes: `staging/src/k8s.io/component-helpers/scheduling/corev1/helpers.go`.

use super::tolerations::{tolerations_tolerate_taint, NO_EXECUTE, NO_SCHEDULE};
use k8s_openapi::api::core::v1::{Taint, Toleration};

/// Kubernetes: `FindMatchingUntoleratedTaint` (CH).
///
/// The first taint that passes `filter` and that no toleration tolerates.
pub fn find_matching_untolerated_taint<'a>(
    taints: &'a [Taint],
    tolerations: &[Toleration],
    filter: impl Fn(&Taint) -> bool,
) -> Option<&'a Taint> {
    taints
        .iter()
        .filter(|t| filter(t))
        .find(|t| !tolerations_tolerate_taint(tolerations, t))
}

/// Kubernetes: `DoNotScheduleTaintsFilterFunc` (scheduler helper): `NoSchedule` or `NoExecute`.
pub fn is_do_not_schedule_taint(taint: &Taint) -> bool {
    taint.effect == NO_SCHEDULE || taint.effect == NO_EXECUTE
}

/// Renders a taint as kubectl does: `key=value:Effect`, or `key:Effect` without a value.
pub fn taint_to_string(taint: &Taint) -> String {
    match taint.value.as_deref() {
        Some(v) if !v.is_empty() => format!("{}={}:{}", taint.key, v, taint.effect),
        _ => format!("{}:{}", taint.key, taint.effect),
    }
}
