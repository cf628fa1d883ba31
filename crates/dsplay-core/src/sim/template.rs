//! Pod templates as pods carry them: the DaemonSet template with the automatic
//! tolerations (`CreatePodTemplate`), the API server's pod defaults, and what the
//! scheduler and the kubelet read from it, computed once per revision and shared.

use crate::quantity::parse_milli;
use k8s_openapi::api::core::v1::{
    Affinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodSpec, PodTemplateSpec,
    Toleration,
};
use std::collections::BTreeMap;

/// A pod spec and what the simulation derives from it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PodTemplateData {
    /// Template annotations (copied to pods).
    pub annotations: Option<BTreeMap<String, String>>,
    /// The pod spec as a created pod carries it, before its node affinity term is set.
    pub spec: PodSpec,
    /// The spec the scheduler filters with: required node affinity dropped (a daemon pod's only
    /// required term names its target node, which is the only node the scheduler evaluates).
    pub sched_spec: PodSpec,
    /// Sum of cpu requests, millicores.
    pub cpu_milli: i128,
    /// Sum of memory requests, millibytes.
    pub memory_milli: i128,
    /// Host ports: (hostIP, protocol, port).
    pub host_ports: Vec<(String, String, i32)>,
    /// Delay between containers starting and the Ready condition (readiness probe), ms.
    pub ready_delay_ms: u64,
    /// Simulated termination time, ms: `min(terminationGracePeriodSeconds, 2 s)`.
    pub grace_ms: u64,
    /// `spec.hostNetwork`.
    pub host_network: bool,
}

/// Simulated time from binding to containers running ("image pull + start").
pub(crate) const CONTAINER_START_MS: u64 = 1_000;
/// Simulated time from containers running to Ready when no readiness probe is set.
pub(crate) const DEFAULT_READY_DELAY_MS: u64 = 1_000;
/// Longest simulated termination (the grace period is honoured up to this).
pub(crate) const MAX_TERMINATION_MS: u64 = 2_000;

/// Kubernetes: `util.AddOrUpdateDaemonPodTolerations` (pkg/controller/daemon/util).
///
/// Differs: kept here until the predicates module offers it.
pub(crate) fn add_or_update_daemon_pod_tolerations(spec: &mut PodSpec) {
    let mut add = |key: &str, effect: &str| {
        let t = Toleration {
            key: Some(key.to_string()),
            operator: Some("Exists".to_string()),
            effect: Some(effect.to_string()),
            ..Toleration::default()
        };
        let tols = spec.tolerations.get_or_insert_with(Vec::new);
        // V1H AddOrUpdateTolerationInPodSpec: same (key, effect, operator, value) → replace.
        if let Some(slot) = tols.iter_mut().find(|x| {
            x.key == t.key
                && x.effect == t.effect
                && x.operator.as_deref().unwrap_or("Equal") == "Exists"
                && x.value.as_deref().unwrap_or("").is_empty()
        }) {
            *slot = t;
        } else {
            tols.push(t);
        }
    };
    add("node.kubernetes.io/not-ready", "NoExecute");
    add("node.kubernetes.io/unreachable", "NoExecute");
    add("node.kubernetes.io/disk-pressure", "NoSchedule");
    add("node.kubernetes.io/memory-pressure", "NoSchedule");
    add("node.kubernetes.io/pid-pressure", "NoSchedule");
    add("node.kubernetes.io/unschedulable", "NoSchedule");
    if spec.host_network == Some(true) {
        add("node.kubernetes.io/network-unavailable", "NoSchedule");
    }
}

/// Kubernetes: `util.ReplaceDaemonSetPodNodeNameNodeAffinity`: the required node
/// affinity becomes the single term `metadata.name In [node]`; preferred terms stay.
pub(crate) fn replace_daemon_set_pod_node_name_node_affinity(
    affinity: Option<Affinity>,
    node: &str,
) -> Affinity {
    let term = NodeSelectorTerm {
        match_fields: Some(vec![NodeSelectorRequirement {
            key: "metadata.name".to_string(),
            operator: "In".to_string(),
            values: Some(vec![node.to_string()]),
        }]),
        match_expressions: None,
    };
    let mut a = affinity.unwrap_or_default();
    let mut na = a.node_affinity.take().unwrap_or_default();
    na.required_during_scheduling_ignored_during_execution = Some(NodeSelector {
        node_selector_terms: vec![term],
    });
    a.node_affinity = Some(na);
    a
}

/// Kubernetes: `util.GetTargetNodeName`: the node of a `metadata.name In [x]` term
/// (exactly one value), else `spec.nodeName`.
pub(crate) fn target_node_name(spec: &PodSpec) -> Option<String> {
    if let Some(n) = spec.node_name.as_ref().filter(|n| !n.is_empty()) {
        return Some(n.clone());
    }
    let terms = &spec
        .affinity
        .as_ref()?
        .node_affinity
        .as_ref()?
        .required_during_scheduling_ignored_during_execution
        .as_ref()?
        .node_selector_terms;
    for t in terms {
        for f in t.match_fields.iter().flatten() {
            if f.key == "metadata.name" && f.operator == "In" {
                if let Some([v]) = f.values.as_deref() {
                    return Some(v.clone());
                }
            }
        }
    }
    None
}

/// The API server's `SetDefaults_Pod` plus admission defaults that show on real pods.
fn default_pod_spec(spec: &mut PodSpec) {
    if spec.enable_service_links.is_none() {
        spec.enable_service_links = Some(true);
    }
    if spec.priority.is_none() {
        spec.priority = Some(0);
    }
    if spec.preemption_policy.is_none() {
        spec.preemption_policy = Some("PreemptLowerPriority".to_string());
    }
    if spec.service_account_name.is_none() {
        spec.service_account_name = Some("default".to_string());
    }
    let host_network = spec.host_network == Some(true);
    for c in spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut().flatten())
    {
        if let Some(res) = c.resources.as_mut() {
            if let Some(limits) = res.limits.clone() {
                let req = res.requests.get_or_insert_with(BTreeMap::new);
                for (k, v) in limits {
                    req.entry(k).or_insert(v);
                }
            }
        }
        if host_network {
            for p in c.ports.iter_mut().flatten() {
                if p.host_port.is_none() {
                    p.host_port = Some(p.container_port);
                }
            }
        }
    }
}

fn request(c: &k8s_openapi::api::core::v1::Container, name: &str) -> i128 {
    c.resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|m| m.get(name))
        .and_then(|q| parse_milli(&q.0))
        .unwrap_or(0)
}

impl PodTemplateData {
    /// Derives everything from a (defaulted) pod spec.
    pub(crate) fn from_spec(
        annotations: Option<BTreeMap<String, String>>,
        mut spec: PodSpec,
    ) -> PodTemplateData {
        default_pod_spec(&mut spec);
        let sum = |name: &str| -> i128 {
            let main: i128 = spec.containers.iter().map(|c| request(c, name)).sum();
            let init = spec
                .init_containers
                .iter()
                .flatten()
                .map(|c| request(c, name))
                .max()
                .unwrap_or(0);
            let overhead = spec
                .overhead
                .as_ref()
                .and_then(|o| o.get(name))
                .and_then(|q| parse_milli(&q.0))
                .unwrap_or(0);
            main.max(init).saturating_add(overhead)
        };
        let cpu_milli = sum("cpu");
        let memory_milli = sum("memory");
        let mut host_ports = Vec::new();
        for c in &spec.containers {
            for p in c.ports.iter().flatten() {
                if let Some(hp) = p.host_port.filter(|hp| *hp > 0) {
                    host_ports.push((
                        p.host_ip.clone().unwrap_or_else(|| "0.0.0.0".to_string()),
                        p.protocol.clone().unwrap_or_else(|| "TCP".to_string()),
                        hp,
                    ));
                }
            }
        }
        let probe_delay = spec
            .containers
            .iter()
            .filter_map(|c| c.readiness_probe.as_ref())
            .map(|p| u64::try_from(p.initial_delay_seconds.unwrap_or(0)).unwrap_or(0))
            .max();
        let ready_delay_ms = match probe_delay {
            Some(s) => s.saturating_mul(1000).max(DEFAULT_READY_DELAY_MS),
            None => DEFAULT_READY_DELAY_MS,
        };
        let grace_ms = u64::try_from(spec.termination_grace_period_seconds.unwrap_or(30))
            .unwrap_or(0)
            .saturating_mul(1000)
            .min(MAX_TERMINATION_MS);
        let host_network = spec.host_network == Some(true);
        let mut sched_spec = spec.clone();
        if let Some(na) = sched_spec
            .affinity
            .as_mut()
            .and_then(|a| a.node_affinity.as_mut())
        {
            na.required_during_scheduling_ignored_during_execution = None;
        }
        PodTemplateData {
            annotations,
            spec,
            sched_spec,
            cpu_milli,
            memory_milli,
            host_ports,
            ready_delay_ms,
            grace_ms,
            host_network,
        }
    }

    /// Kubernetes: `util.CreatePodTemplate` minus the labels: the DaemonSet template
    /// with the automatic daemon tolerations.
    pub(crate) fn for_daemon_set(template: &PodTemplateSpec) -> PodTemplateData {
        let mut spec = template.spec.clone().unwrap_or_default();
        add_or_update_daemon_pod_tolerations(&mut spec);
        let annotations = template
            .metadata
            .as_ref()
            .and_then(|m| m.annotations.clone());
        PodTemplateData::from_spec(annotations, spec)
    }

    /// The spec of a pod of this template targeting `node` (`ReplaceDaemonSetPodNodeNameNodeAffinity`).
    pub(crate) fn spec_for_node(&self, node: &str) -> PodSpec {
        let mut spec = self.spec.clone();
        spec.affinity = Some(replace_daemon_set_pod_node_name_node_affinity(
            spec.affinity.take(),
            node,
        ));
        spec
    }
}
