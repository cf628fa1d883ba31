//! The controller's and the scheduler's placement decisions.
//!
//! OWNER: predicates work. The signatures here are the contract.

use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{Node, PodSpec};

/// The answer of `NodeShouldRunDaemonPod` (pkg/controller/daemon/daemon_controller.go).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    /// A daemon pod should be created on the node if none is there.
    pub should_run: bool,
    /// A daemon pod already on the node may stay.
    pub should_continue_running: bool,
}

/// Kubernetes: `NodeShouldRunDaemonPod`.
pub fn node_should_run_daemon_pod(node: &Node, ds: &DaemonSet) -> Placement {
    let _ = (node, ds);
    Placement::default()
}

/// What a node already has committed, for the scheduler's fit checks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeUsage {
    /// Sum of cpu requests of non-terminal pods bound to the node, in millicores.
    pub cpu_milli: i128,
    /// Sum of memory requests, in millibytes (quantity milli-value).
    pub memory_milli: i128,
    /// Number of non-terminal pods bound to the node.
    pub pods: i64,
    /// Host ports in use: (hostIP, protocol, port).
    pub host_ports: Vec<(String, String, i32)>,
}

/// One reason a pod does not fit on a node, as a scheduler filter plugin reports it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FitFailure {
    /// NodeResourcesFit: `Insufficient <resource>`.
    Insufficient(String),
    /// NodeResourcesFit: `Too many pods`.
    TooManyPods,
    /// NodePorts: `node(s) didn't have free ports for the requested pod ports`.
    HostPortConflict,
    /// TaintToleration: `node(s) had untolerated taint {key: value}`.
    UntoleratedTaint {
        /// Taint key.
        key: String,
        /// Taint value (may be empty).
        value: String,
    },
    /// NodeAffinity: `node(s) didn't match Pod's node affinity/selector`.
    NodeAffinity,
    /// NodeUnschedulable: `node(s) were unschedulable`.
    Unschedulable,
}

/// The default scheduler's filter plugins for one pod on one node.
/// An empty vector means the pod fits.
pub fn pod_fits_node(pod: &PodSpec, node: &Node, usage: &NodeUsage) -> Vec<FitFailure> {
    let _ = (pod, node, usage);
    Vec::new()
}

/// The `FailedScheduling` message (`FitError.Error`) for a daemon pod pinned to one node
/// that failed there, in a cluster of `total_nodes` nodes.
pub fn fit_error_message(total_nodes: usize, failures: &[FitFailure]) -> String {
    let _ = (total_nodes, failures);
    String::new()
}
