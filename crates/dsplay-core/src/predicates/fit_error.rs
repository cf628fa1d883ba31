//! The scheduler's `FailedScheduling` message.
//!
//! Kubernetes: `pkg/scheduler/framework/types.go` (`FitError.Error`),
//! `pkg/scheduler/schedule_one.go` (nodes left out by a PreFilter result),
//! `pkg/scheduler/framework/preemption/preemption.go` and the DynamicResources plugin's
//! PostFilter.

use super::fit::FitFailure;

/// The status the scheduler gives nodes a PreFilter result left out: a daemon pod's
/// `metadata.name In [node]` term makes NodeAffinity's PreFilter keep only its node.
pub const PREFILTER_REJECTED_REASON: &str = "node(s) didn't satisfy plugin(s) [NodeAffinity]";
/// Preemption's reason for a node where evicting pods could help but no victims were found.
pub const NO_PREEMPTION_VICTIMS: &str = "No preemption victims found for incoming pod";
/// Preemption's reason for a node whose failure is `UnschedulableAndUnresolvable`.
pub const PREEMPTION_NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
/// The DynamicResources plugin's PostFilter message for a pod without resource claims
/// (DRA is on by default since 1.34); it comes before the preemption message.
pub const DRA_NO_CLAIMS_MSG: &str = "no new claims to deallocate";

/// `sortReasonsHistogram`: "`<count> <reason>`" strings, sorted as Go's `sort.Strings`.
fn histogram(reasons: &[(String, u64)]) -> String {
    let mut counts: std::collections::BTreeMap<&str, u64> = std::collections::BTreeMap::new();
    for (reason, n) in reasons {
        if *n > 0 {
            *counts.entry(reason.as_str()).or_insert(0) += n;
        }
    }
    let mut items: Vec<String> = counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
    crate::sort::sort(&mut items);
    items.join(", ")
}

/// The `FailedScheduling` message (`FitError.Error`) for a daemon pod pinned to one node
/// that failed there, in a cluster of `total_nodes` nodes.
///
/// Current releases (≥ 1.34, DRA enabled by default):
///
/// ```text
/// 0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. no new claims to deallocate, preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.
/// ```
///
/// The target node contributes each of `failures`' reasons once; the other
/// `total_nodes - 1` nodes were left out by NodeAffinity's PreFilter. Preemption counts the
/// target node as "No preemption victims found" when its failures are resolvable (resources,
/// ports: the simulation has no lower-priority pods to evict), otherwise as "not helpful".
/// Empty `failures` (the pod fits) gives an empty string.
pub fn fit_error_message(total_nodes: usize, failures: &[FitFailure]) -> String {
    if failures.is_empty() {
        return String::new();
    }
    let total = total_nodes.max(1) as u64;
    let others = total - 1;
    let mut reasons: Vec<(String, u64)> = failures.iter().map(|f| (f.reason(), 1)).collect();
    reasons.push((PREFILTER_REJECTED_REASON.to_string(), others));
    let target_preemption = if failures.iter().any(FitFailure::is_unresolvable) {
        PREEMPTION_NOT_HELPFUL
    } else {
        NO_PREEMPTION_VICTIMS
    };
    let preemption = [
        (target_preemption.to_string(), 1),
        (PREEMPTION_NOT_HELPFUL.to_string(), others),
    ];
    format!(
        "0/{total} nodes are available: {}. {DRA_NO_CLAIMS_MSG}, preemption: 0/{total} nodes are available: {}.",
        histogram(&reasons),
        histogram(&preemption)
    )
}
