//! The default scheduler's filter plugins that a daemon pod meets.
//!
//! Kubernetes: `pkg/scheduler/framework/plugins/{nodeunschedulable,nodename,tainttoleration,
//! nodeaffinity,nodeports,noderesources}` and the order of the default profile
//! (`pkg/scheduler/apis/config/v1/default_plugins.go`).

use super::node_affinity::{node_name, required_node_affinity_matches};
use super::resources::{
    host_port_conflicts, node_allocatable, pod_host_ports, pod_requests, HostPort, NodeUsage,
    Resources,
};
use super::taints::{find_matching_untolerated_taint, is_do_not_schedule_taint};
use super::tolerations::{tolerations_tolerate_taint, NO_SCHEDULE, TAINT_NODE_UNSCHEDULABLE};
use k8s_openapi::api::core::v1::{Node, PodSpec, Taint};

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
    /// TaintToleration: `node(s) had untolerated taint(s)` (the first untolerated
    /// NoSchedule/NoExecute taint; older releases printed `{key: value}`).
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
    /// NodeName: `node(s) didn't match the requested node name`.
    NodeName,
}

impl FitFailure {
    /// The reason string the plugin reports (one entry of the FitError histogram).
    pub fn reason(&self) -> String {
        match self {
            FitFailure::Insufficient(resource) => format!("Insufficient {resource}"),
            FitFailure::TooManyPods => "Too many pods".to_string(),
            FitFailure::HostPortConflict => {
                "node(s) didn't have free ports for the requested pod ports".to_string()
            }
            FitFailure::UntoleratedTaint { .. } => "node(s) had untolerated taint(s)".to_string(),
            FitFailure::NodeAffinity => {
                "node(s) didn't match Pod's node affinity/selector".to_string()
            }
            FitFailure::Unschedulable => "node(s) were unschedulable".to_string(),
            FitFailure::NodeName => "node(s) didn't match the requested node name".to_string(),
        }
    }

    /// Whether the plugin's status is `UnschedulableAndUnresolvable`: preemption cannot help.
    /// Resource and port failures are plain `Unschedulable` (evicting pods could help).
    pub fn is_unresolvable(&self) -> bool {
        !matches!(
            self,
            FitFailure::Insufficient(_) | FitFailure::TooManyPods | FitFailure::HostPortConflict
        )
    }

    /// The scheduler plugin that reports this failure.
    pub fn plugin(&self) -> &'static str {
        match self {
            FitFailure::Insufficient(_) | FitFailure::TooManyPods => "NodeResourcesFit",
            FitFailure::HostPortConflict => "NodePorts",
            FitFailure::UntoleratedTaint { .. } => "TaintToleration",
            FitFailure::NodeAffinity => "NodeAffinity",
            FitFailure::Unschedulable => "NodeUnschedulable",
            FitFailure::NodeName => "NodeName",
        }
    }
}

/// NodeUnschedulable: `spec.unschedulable` and the pod does not tolerate
/// `node.kubernetes.io/unschedulable:NoSchedule`.
fn node_unschedulable(pod: &PodSpec, node: &Node) -> Vec<FitFailure> {
    let unschedulable = node
        .spec
        .as_ref()
        .and_then(|s| s.unschedulable)
        .unwrap_or(false);
    if !unschedulable {
        return Vec::new();
    }
    let taint = Taint {
        key: TAINT_NODE_UNSCHEDULABLE.to_string(),
        effect: NO_SCHEDULE.to_string(),
        value: None,
        time_added: None,
    };
    if unschedulable
        && !tolerations_tolerate_taint(pod.tolerations.as_deref().unwrap_or(&[]), &taint)
    {
        vec![FitFailure::Unschedulable]
    } else {
        Vec::new()
    }
}

fn node_name_filter(pod: &PodSpec, node: &Node) -> Vec<FitFailure> {
    match pod.node_name.as_deref() {
        Some(n) if !n.is_empty() && n != node_name(node) => vec![FitFailure::NodeName],
        _ => Vec::new(),
    }
}

fn taint_toleration(pod: &PodSpec, node: &Node) -> Vec<FitFailure> {
    let taints = node
        .spec
        .as_ref()
        .and_then(|s| s.taints.as_deref())
        .unwrap_or(&[]);
    let tolerations = pod.tolerations.as_deref().unwrap_or(&[]);
    match find_matching_untolerated_taint(taints, tolerations, is_do_not_schedule_taint) {
        Some(t) => vec![FitFailure::UntoleratedTaint {
            key: t.key.clone(),
            value: t.value.clone().unwrap_or_default(),
        }],
        None => Vec::new(),
    }
}

fn node_affinity(pod: &PodSpec, node: &Node) -> Vec<FitFailure> {
    if required_node_affinity_matches(pod, node) {
        Vec::new()
    } else {
        vec![FitFailure::NodeAffinity]
    }
}

fn node_ports(pod: &PodSpec, usage: &NodeUsage) -> Vec<FitFailure> {
    node_ports_with(&pod_host_ports(pod), usage)
}

fn node_ports_with(host_ports: &[HostPort], usage: &NodeUsage) -> Vec<FitFailure> {
    if host_ports
        .iter()
        .any(|p| host_port_conflicts(&usage.host_ports, p))
    {
        vec![FitFailure::HostPortConflict]
    } else {
        Vec::new()
    }
}

/// NodeResourcesFit's `fitsRequest`: pods first, then cpu, memory, ephemeral storage and the
/// extended resources (in name order), each only when the pod requests some of it.
pub fn node_resources_fit(pod: &PodSpec, node: &Node, usage: &NodeUsage) -> Vec<FitFailure> {
    node_resources_fit_with(&pod_requests(pod), &node_allocatable(node), usage)
}

/// [`node_resources_fit`] with the pod's requests ([`pod_requests`]) and the node's
/// allocatable resources ([`node_allocatable`]) already computed.
pub fn node_resources_fit_with(
    req: &Resources,
    alloc: &Resources,
    usage: &NodeUsage,
) -> Vec<FitFailure> {
    let mut out = Vec::new();
    if usage.pods.saturating_add(1) > alloc.pods {
        out.push(FitFailure::TooManyPods);
    }
    if req.is_zero() && req.extended.is_empty() {
        return out;
    }
    let short = |want: i128, have: i128, used: i128| want > 0 && want > have.saturating_sub(used);
    if short(req.cpu_milli, alloc.cpu_milli, usage.cpu_milli) {
        out.push(FitFailure::Insufficient("cpu".to_string()));
    }
    if short(req.memory_milli, alloc.memory_milli, usage.memory_milli) {
        out.push(FitFailure::Insufficient("memory".to_string()));
    }
    if short(
        req.ephemeral_storage_milli,
        alloc.ephemeral_storage_milli,
        usage.ephemeral_storage_milli,
    ) {
        out.push(FitFailure::Insufficient("ephemeral-storage".to_string()));
    }
    for (name, want) in &req.extended {
        let have = alloc.extended.get(name).copied().unwrap_or(0);
        let used = usage.extended.get(name).copied().unwrap_or(0);
        if short(*want, have, used) {
            out.push(FitFailure::Insufficient(name.clone()));
        }
    }
    out
}

/// Every filter's failures, plugin by plugin in the default profile's order (NodeUnschedulable,
/// NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit), without stopping at
/// the first failing plugin. For explanations; the scheduler itself reports
/// [`pod_fits_node`].
pub fn all_fit_failures(pod: &PodSpec, node: &Node, usage: &NodeUsage) -> Vec<FitFailure> {
    let mut out = node_unschedulable(pod, node);
    out.extend(node_name_filter(pod, node));
    out.extend(taint_toleration(pod, node));
    out.extend(node_affinity(pod, node));
    out.extend(node_ports(pod, usage));
    out.extend(node_resources_fit(pod, node, usage));
    out
}

/// The default scheduler's filter plugins for one pod on one node.
/// An empty vector means the pod fits.
///
/// Kubernetes: `RunFilterPlugins` in the default profile's order — NodeUnschedulable,
/// NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit — stopping at the
/// first plugin that fails, with all of that plugin's reasons (NodeResourcesFit can give
/// several: `Too many pods`, `Insufficient cpu`, `Insufficient memory`, ...). `pod` is the
/// daemon pod as created (with the automatic tolerations and the node-name affinity).
pub fn pod_fits_node(pod: &PodSpec, node: &Node, usage: &NodeUsage) -> Vec<FitFailure> {
    let filters: [&dyn Fn() -> Vec<FitFailure>; 6] = [
        &|| node_unschedulable(pod, node),
        &|| node_name_filter(pod, node),
        &|| taint_toleration(pod, node),
        &|| node_affinity(pod, node),
        &|| node_ports(pod, usage),
        &|| node_resources_fit(pod, node, usage),
    ];
    for f in filters {
        let failures = f();
        if !failures.is_empty() {
            return failures;
        }
    }
    Vec::new()
}

/// [`pod_fits_node`] with what it derives from the pod and the node already computed: the
/// pod's requests ([`pod_requests`]) and host ports ([`pod_host_ports`]), and the node's
/// allocatable resources ([`node_allocatable`]). Same answer, no parsing.
pub fn pod_fits_node_with(
    pod: &PodSpec,
    requests: &Resources,
    host_ports: &[HostPort],
    node: &Node,
    allocatable: &Resources,
    usage: &NodeUsage,
) -> Vec<FitFailure> {
    let filters: [&dyn Fn() -> Vec<FitFailure>; 6] = [
        &|| node_unschedulable(pod, node),
        &|| node_name_filter(pod, node),
        &|| taint_toleration(pod, node),
        &|| node_affinity(pod, node),
        &|| node_ports_with(host_ports, usage),
        &|| node_resources_fit_with(requests, allocatable, usage),
    ];
    for f in filters {
        let failures = f();
        if !failures.is_empty() {
            return failures;
        }
    }
    Vec::new()
}
