//! The controller's question: should a daemon pod run on this node?
//!
//! Kubernetes: `NodeShouldRunDaemonPod` and `predicates` in
//! `pkg/controller/daemon/daemon_controller.go`.

use super::node_affinity::{node_name, required_node_affinity_matches};
use super::tolerations::{
    automatic_toleration_for, tolerations_tolerate_taint, NO_EXECUTE, NO_SCHEDULE,
};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{Node, PodSpec, Taint, Toleration};

/// The answer of `NodeShouldRunDaemonPod` (pkg/controller/daemon/daemon_controller.go).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    /// A daemon pod should be created on the node if none is there.
    pub should_run: bool,
    /// A daemon pod already on the node may stay.
    pub should_continue_running: bool,
}

/// Whether a daemon pod built from `spec` tolerates `taint`: by one of the template's
/// tolerations or by an automatic one (`AddOrUpdateDaemonPodTolerations`), without building
/// the toleration list.
///
/// Replacing a template toleration in place by an automatic one never changes what is
/// tolerated (they match the same taints), so checking both lists is the same as checking
/// the pod's final list.
pub fn daemon_pod_tolerates_taint(spec: &PodSpec, taint: &Taint) -> bool {
    tolerations_tolerate_taint(spec.tolerations.as_deref().unwrap_or(&[]), taint)
        || automatic_toleration_for(taint, spec.host_network.unwrap_or(false)).is_some()
}

/// Kubernetes: `NodeShouldRunDaemonPod`.
///
/// 1. A template `nodeName` naming another node → `(false, false)`.
/// 2. The template's `nodeSelector` and required node affinity must match the node
///    (`GetRequiredNodeAffinity(pod).Match`, parse errors ignored) → else `(false, false)`.
/// 3. Every `NoSchedule`/`NoExecute` taint tolerated by the template's tolerations or the
///    automatic daemon-pod tolerations → `(true, true)`.
/// 4. Otherwise `(false, every NoExecute taint tolerated)`.
///
/// Resources, host ports, `spec.unschedulable`, conditions and `PreferNoSchedule` taints play
/// no part. Allocation-free.
pub fn node_should_run_daemon_pod(node: &Node, ds: &DaemonSet) -> Placement {
    match ds.spec.template.spec.as_ref() {
        Some(spec) => pod_spec_should_run_on_node(node, spec),
        // No template spec: no nodeName, selector, affinity or tolerations of its own.
        None => taint_placement(node, &[], false),
    }
}

/// [`node_should_run_daemon_pod`] for a DaemonSet's pod template spec.
pub fn pod_spec_should_run_on_node(node: &Node, spec: &PodSpec) -> Placement {
    const NO: Placement = Placement {
        should_run: false,
        should_continue_running: false,
    };
    if let Some(name) = spec.node_name.as_deref() {
        if !name.is_empty() && name != node_name(node) {
            return NO;
        }
    }
    if !required_node_affinity_matches(spec, node) {
        return NO;
    }
    taint_placement(
        node,
        spec.tolerations.as_deref().unwrap_or(&[]),
        spec.host_network.unwrap_or(false),
    )
}

/// Steps 3 and 4 of `NodeShouldRunDaemonPod`: the node's taints against a daemon pod's
/// tolerations (template ones plus the automatic ones).
fn taint_placement(node: &Node, tolerations: &[Toleration], host_network: bool) -> Placement {
    let taints = node
        .spec
        .as_ref()
        .and_then(|s| s.taints.as_deref())
        .unwrap_or(&[]);
    let mut fits_taints = true;
    let mut no_execute_tolerated = true;
    for taint in taints {
        let no_execute = taint.effect == NO_EXECUTE;
        if !(no_execute || taint.effect == NO_SCHEDULE) {
            continue;
        }
        if !(tolerations_tolerate_taint(tolerations, taint)
            || automatic_toleration_for(taint, host_network).is_some())
        {
            fits_taints = false;
            if no_execute {
                no_execute_tolerated = false;
                break;
            }
        }
    }
    if fits_taints {
        Placement {
            should_run: true,
            should_continue_running: true,
        }
    } else {
        Placement {
            should_run: false,
            should_continue_running: no_execute_tolerated,
        }
    }
}
