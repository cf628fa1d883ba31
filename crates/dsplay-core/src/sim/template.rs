//! Pod templates as pods carry them: the DaemonSet template with the automatic
//! tolerations (`CreatePodTemplate`), the API server's pod defaults, and what the
//! scheduler and the kubelet read from it, computed once per revision and shared.

use crate::predicates::{self, NodeUsage, Resources};
use k8s_openapi::api::core::v1::{Affinity, Pod, PodSpec, PodTemplateSpec};
use std::collections::BTreeMap;

/// A pod spec and what the simulation derives from it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PodTemplateData {
    /// Template annotations (copied to pods).
    pub annotations: Option<BTreeMap<String, String>>,
    /// The pod spec as a created pod carries it, before its node affinity term is set.
    pub spec: PodSpec,
    /// The spec the scheduler filters with when it differs from `spec`: required node affinity
    /// dropped (a daemon pod's only required term names its target node, which is the only
    /// node the scheduler evaluates). `None` when `spec` has no required node affinity: one
    /// copy of a large spec, not two ([`PodTemplateData::sched_spec`]).
    pub sched_spec: Option<PodSpec>,
    /// `resourcehelper.PodRequests` (what the scheduler accounts).
    pub requests: Resources,
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

/// Kubernetes: `util.GetTargetNodeName`: the node of a `metadata.name In [x]` term
/// (exactly one value), else `spec.nodeName`.
pub(crate) fn target_node_name(spec: &PodSpec) -> Option<String> {
    predicates::target_node_name(spec).map(str::to_string)
}

/// What the API server does to a pod it creates: the pod defaults (`SetObjectDefaults_Pod`,
/// the loader's one path, [`crate::load::defaults::set_defaults_pod`]), then the admission
/// defaults that show on real pods (`Priority`, `ServiceAccount`).
fn default_pod_spec(spec: &mut PodSpec) {
    let mut pod = Pod {
        spec: Some(std::mem::take(spec)),
        ..Pod::default()
    };
    crate::load::defaults::set_defaults_pod(&mut pod);
    *spec = pod.spec.unwrap_or_default();
    spec.priority.get_or_insert(0);
    spec.preemption_policy
        .get_or_insert_with(|| "PreemptLowerPriority".to_string());
    spec.service_account_name
        .get_or_insert_with(|| "default".to_string());
}

impl PodTemplateData {
    /// Derives everything from a (defaulted) pod spec.
    pub(crate) fn from_spec(
        annotations: Option<BTreeMap<String, String>>,
        mut spec: PodSpec,
    ) -> PodTemplateData {
        default_pod_spec(&mut spec);
        let requests = predicates::pod_requests(&spec);
        let host_ports = predicates::pod_host_ports(&spec);
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
        let required = |s: &PodSpec| {
            s.affinity
                .as_ref()
                .and_then(|a| a.node_affinity.as_ref())
                .is_some_and(|na| {
                    na.required_during_scheduling_ignored_during_execution
                        .is_some()
                })
        };
        let sched_spec = required(&spec).then(|| {
            let mut s = spec.clone();
            if let Some(na) = s.affinity.as_mut().and_then(|a| a.node_affinity.as_mut()) {
                na.required_during_scheduling_ignored_during_execution = None;
            }
            s
        });
        PodTemplateData {
            annotations,
            spec,
            sched_spec,
            requests,
            host_ports,
            ready_delay_ms,
            grace_ms,
            host_network,
        }
    }

    /// The spec the scheduler filters with (required node affinity dropped).
    pub(crate) fn sched_spec(&self) -> &PodSpec {
        self.sched_spec.as_ref().unwrap_or(&self.spec)
    }

    /// Kubernetes: `util.CreatePodTemplate` minus the labels: the DaemonSet template
    /// with the automatic daemon tolerations.
    pub(crate) fn for_daemon_set(template: &PodTemplateSpec) -> PodTemplateData {
        let t = predicates::create_daemon_pod_template(template, None, None);
        let annotations = t.metadata.and_then(|m| m.annotations);
        PodTemplateData::from_spec(annotations, t.spec.unwrap_or_default())
    }

    /// The `spec.affinity` of a pod of this template targeting `node`
    /// (`ReplaceDaemonSetPodNodeNameNodeAffinity`): the rest of its spec is the template's.
    pub(crate) fn affinity_for_node(&self, node: &str) -> Affinity {
        predicates::replace_daemon_set_pod_node_name_node_affinity(self.spec.affinity.clone(), node)
    }
}

/// Adds (`sign` = 1) or removes (`sign` = -1) a pod's requests to a node's usage
/// (`NodeInfo.AddPod` / `RemovePod` with the requests computed once per template).
pub(crate) fn account(usage: &mut NodeUsage, t: &PodTemplateData, sign: i128) {
    let r = &t.requests;
    usage.cpu_milli = usage.cpu_milli.saturating_add(sign * r.cpu_milli);
    usage.memory_milli = usage.memory_milli.saturating_add(sign * r.memory_milli);
    usage.ephemeral_storage_milli = usage
        .ephemeral_storage_milli
        .saturating_add(sign * r.ephemeral_storage_milli);
    for (k, v) in &r.extended {
        let e = usage.extended.entry(k.clone()).or_insert(0);
        *e = e.saturating_add(sign * v);
        if *e == 0 {
            usage.extended.remove(k);
        }
    }
    if sign > 0 {
        usage.pods = usage.pods.saturating_add(1);
        usage.host_ports.extend(t.host_ports.iter().cloned());
    } else {
        usage.pods = usage.pods.saturating_sub(1).max(0);
        for hp in &t.host_ports {
            if let Some(i) = usage.host_ports.iter().position(|x| x == hp) {
                usage.host_ports.remove(i);
            }
        }
    }
}
