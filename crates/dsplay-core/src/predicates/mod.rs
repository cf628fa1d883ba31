//! The controller's and the scheduler's placement decisions.
//!
//! * [`node_should_run_daemon_pod`]: the DaemonSet controller's `NodeShouldRunDaemonPod`.
//! * [`create_daemon_pod_template`], [`replace_daemon_set_pod_node_name_node_affinity`],
//!   [`add_or_update_daemon_pod_tolerations`]: how the controller builds a daemon pod.
//! * [`pod_fits_node`] and [`fit_error_message`]: the default scheduler's filters and its
//!   `FailedScheduling` message.
//! * [`pod_requests`], [`node_allocatable`], [`NodeUsage`]: resource accounting as the
//!   scheduler does it.

mod daemon_pod;
mod node_affinity;
mod node_should_run;
mod taints;
mod tolerations;

pub use daemon_pod::{
    create_daemon_pod_template, replace_daemon_set_pod_node_name_node_affinity, target_node_name,
    CONTROLLER_REVISION_HASH_LABEL, POD_TEMPLATE_GENERATION_LABEL, TEMPLATE_GENERATION_ANNOTATION,
};
pub use node_affinity::{
    field_requirement_matches, is_empty_node_selector_term, is_valid_label_key,
    is_valid_label_value, label_requirement_matches, node_labels, node_name,
    node_selector_map_matches, node_selector_matches, node_selector_term_matches,
    required_node_affinity, required_node_affinity_matches, validate_label_requirement,
    RequirementError, OBJECT_NAME_FIELD,
};
pub use node_should_run::{
    daemon_pod_tolerates_taint, node_should_run_daemon_pod, pod_spec_should_run_on_node, Placement,
};
pub use taints::{find_matching_untolerated_taint, is_do_not_schedule_taint, taint_to_string};
pub use tolerations::{
    add_or_update_daemon_pod_tolerations, add_or_update_daemon_pod_tolerations_in_spec,
    add_or_update_toleration, automatic_toleration_for, daemon_pod_tolerations, match_toleration,
    tolerates_taint, tolerations_tolerate_taint, AutomaticToleration,
    AUTOMATIC_DAEMON_POD_TOLERATIONS, NO_EXECUTE, NO_SCHEDULE, PREFER_NO_SCHEDULE,
    TAINT_NODE_DISK_PRESSURE, TAINT_NODE_MEMORY_PRESSURE, TAINT_NODE_NETWORK_UNAVAILABLE,
    TAINT_NODE_NOT_READY, TAINT_NODE_PID_PRESSURE, TAINT_NODE_UNREACHABLE,
    TAINT_NODE_UNSCHEDULABLE,
};

use k8s_openapi::api::core::v1::{Node, PodSpec};

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
