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
mod fit;
mod fit_error;
mod node_affinity;
mod node_should_run;
mod resources;
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
    add_default_toleration_seconds, add_or_update_daemon_pod_tolerations,
    add_or_update_daemon_pod_tolerations_in_spec, add_or_update_toleration,
    automatic_toleration_for, daemon_pod_tolerations, match_toleration, tolerates_taint,
    tolerations_tolerate_taint, AutomaticToleration, AUTOMATIC_DAEMON_POD_TOLERATIONS,
    DEFAULT_TOLERATION_SECONDS, NO_EXECUTE, NO_SCHEDULE, PREFER_NO_SCHEDULE,
    TAINT_NODE_DISK_PRESSURE, TAINT_NODE_MEMORY_PRESSURE, TAINT_NODE_NETWORK_UNAVAILABLE,
    TAINT_NODE_NOT_READY, TAINT_NODE_PID_PRESSURE, TAINT_NODE_UNREACHABLE,
    TAINT_NODE_UNSCHEDULABLE,
};

pub use fit::{
    all_fit_failures, node_resources_fit, node_resources_fit_with, pod_fits_node,
    pod_fits_node_with, FitFailure,
};
pub use fit_error::{
    fit_error_message, DRA_NO_CLAIMS_MSG, NO_PREEMPTION_VICTIMS, PREEMPTION_NOT_HELPFUL,
    PREFILTER_REJECTED_REASON,
};
pub use resources::{
    host_port_conflicts, is_scalar_resource_name, node_allocatable, pod_host_ports, pod_requests,
    HostPort, NodeUsage, Resources, DEFAULT_BIND_ALL_HOST_IP, RESOURCE_CPU,
    RESOURCE_EPHEMERAL_STORAGE, RESOURCE_MEMORY, RESOURCE_PODS,
};
