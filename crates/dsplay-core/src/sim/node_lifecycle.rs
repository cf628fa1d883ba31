//! Node operations, playing the controllers around a real cluster's nodes (§15.1):
//! node templates, cordon, NotReady and Lost nodes (the node lifecycle controller's
//! conditions and taints), the taint manager (NoExecute eviction) and the pod garbage
//! collector (pods of deleted nodes).

use super::cluster::PodId;
use super::events::EventType;
use super::timers::Timer;
use super::{NodeOp, NodeTemplate, ObjectKind, SimError, Simulation};
use crate::clock::{SimDuration, SimTime};
use crate::load::validate::node_write_refusal;
use crate::predicates::tolerates_taint;
use k8s_openapi::api::core::v1::{
    Node, NodeAddress, NodeCondition, NodeSpec, NodeStatus, NodeSystemInfo, Taint, Toleration,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

const UNSCHEDULABLE_TAINT: &str = "node.kubernetes.io/unschedulable";
const NOT_READY_TAINT: &str = crate::predicates::TAINT_NODE_NOT_READY;
const UNREACHABLE_TAINT: &str = crate::predicates::TAINT_NODE_UNREACHABLE;

/// The node lifecycle controller's `--node-monitor-grace-period`: how long a node's kubelet
/// may go without posting status before its conditions turn `Unknown`. 50 s since
/// Kubernetes 1.32 (40 s before; `RecommendedDefaultNodeLifecycleControllerConfiguration`),
/// the version the playground's nodes run (kubelet v1.33.1).
pub const NODE_MONITOR_GRACE_PERIOD: SimDuration = SimDuration::from_secs(50);

/// The conditions the node lifecycle controller turns `Unknown` when a kubelet stops posting
/// (`tryUpdateNodeHealth`; `NetworkUnavailable` is left alone), in its order.
const MONITORED_CONDITIONS: [&str; 4] = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];
/// The label kubeadm puts on control-plane nodes (and the key of their NoSchedule taint).
pub(crate) const CONTROL_PLANE_LABEL: &str = "node-role.kubernetes.io/control-plane";

/// The node's `InternalIP`, made up from its creation ordinal.
pub(crate) fn node_ip(ordinal: u32) -> String {
    format!("192.168.{}.{}", (ordinal / 250) % 256, ordinal % 250 + 10)
}

fn q(s: &str) -> Quantity {
    Quantity(s.to_string())
}

fn condition(
    type_: &str,
    status: &str,
    reason: &str,
    message: &str,
    now: SimTime,
) -> NodeCondition {
    NodeCondition {
        type_: type_.to_string(),
        status: status.to_string(),
        reason: Some(reason.to_string()),
        message: Some(message.to_string()),
        last_heartbeat_time: Some(super::render::time(now)),
        last_transition_time: Some(super::render::time(now)),
    }
}

fn healthy_conditions(now: SimTime) -> Vec<NodeCondition> {
    vec![
        condition(
            "MemoryPressure",
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
            now,
        ),
        condition(
            "DiskPressure",
            "False",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
            now,
        ),
        condition(
            "PIDPressure",
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
            now,
        ),
        condition(
            "Ready",
            "True",
            "KubeletReady",
            "kubelet is posting ready status",
            now,
        ),
    ]
}

fn resources(
    cpu: &str,
    memory: &str,
    pods: &str,
    extra: &[(&str, &str)],
) -> BTreeMap<String, Quantity> {
    let mut m = BTreeMap::new();
    m.insert("cpu".to_string(), q(cpu));
    m.insert("memory".to_string(), q(memory));
    m.insert("pods".to_string(), q(pods));
    m.insert("ephemeral-storage".to_string(), q("100Gi"));
    for (k, v) in extra {
        m.insert((*k).to_string(), q(v));
    }
    m
}

/// §15.1: a Node written without status is a healthy, empty node (Ready=True,
/// capacity = allocatable = 4 cpu, 16Gi memory, 110 pods) whose kubelet reports the same
/// `nodeInfo` as the template nodes' (kubelet v1.33.1; OS and architecture from the
/// `kubernetes.io/os` and `kubernetes.io/arch` labels, else linux/amd64). A written status is
/// kept as is.
pub(crate) fn default_node_status(node: &mut Node, ordinal: u32, now: SimTime) {
    if node.status.is_some() {
        return;
    }
    let name = node.metadata.name.clone().unwrap_or_default();
    let res = resources("4", "16Gi", "110", &[]);
    node.status = Some(NodeStatus {
        capacity: Some(res.clone()),
        allocatable: Some(res),
        conditions: Some(healthy_conditions(now)),
        addresses: Some(vec![
            NodeAddress {
                type_: "InternalIP".into(),
                address: node_ip(ordinal),
            },
            NodeAddress {
                type_: "Hostname".into(),
                address: name,
            },
        ]),
        node_info: Some(default_node_info(
            label(node, "kubernetes.io/os").unwrap_or("linux"),
            label(node, "kubernetes.io/arch").unwrap_or("amd64"),
        )),
        ..NodeStatus::default()
    });
}

fn label<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    node.metadata
        .labels
        .as_ref()
        .and_then(|l| l.get(key))
        .map(String::as_str)
}

/// The kubelet's `status.nodeInfo` of the playground's nodes (what `kubectl get nodes -o wide`
/// shows as VERSION, OS-IMAGE, KERNEL-VERSION, CONTAINER-RUNTIME), for an operating system.
fn default_node_info(os: &str, architecture: &str) -> NodeSystemInfo {
    let (os_image, kernel, runtime) = if os == "windows" {
        (
            "Windows Server 2022 Datacenter",
            "10.0.20348.2527",
            "containerd://1.7.20",
        )
    } else {
        (
            "Ubuntu 24.04.1 LTS",
            "6.8.0-45-generic",
            "containerd://1.7.20",
        )
    };
    NodeSystemInfo {
        architecture: architecture.into(),
        boot_id: String::new(),
        container_runtime_version: runtime.into(),
        kernel_version: kernel.into(),
        kube_proxy_version: String::new(),
        kubelet_version: "v1.33.1".into(),
        machine_id: String::new(),
        operating_system: os.into(),
        os_image: os_image.into(),
        system_uuid: String::new(),
        ..NodeSystemInfo::default()
    }
}

/// The name `add-node:TEMPLATE` gives a node: `control-plane` for the first control plane,
/// else the template's prefix and the first number not `taken` (`worker-4`).
pub fn free_node_name(template: NodeTemplate, taken: impl Fn(&str) -> bool) -> String {
    free_node_name_from(template, 1, taken).0
}

/// [`free_node_name`], knowing that the template's numbers below `from` are all taken (the
/// search starts there), and that number (0 for `control-plane` itself): what a caller keeps to
/// start its next search from, while no node is removed.
pub(crate) fn free_node_name_from(
    template: NodeTemplate,
    from: u64,
    taken: impl Fn(&str) -> bool,
) -> (String, u64) {
    let prefix = match template {
        NodeTemplate::ControlPlane => "control-plane",
        NodeTemplate::GpuWorker => "gpu-worker",
        NodeTemplate::WindowsWorker => "windows-worker",
        NodeTemplate::Small => "small-worker",
        _ => "worker",
    };
    if template == NodeTemplate::ControlPlane && !taken(prefix) {
        return (prefix.to_string(), 0);
    }
    (from.max(1)..)
        .map(|i| (format!("{prefix}-{i}"), i))
        .find(|(n, _)| !taken(n))
        .unwrap_or_else(|| (prefix.to_string(), 0))
}

/// Per node template, the number its last search for a free generated name found: every
/// lower number is taken while no node is removed, so the next search starts there and N
/// nodes added one by one (a replayed run, a scenario's `cluster.nodes`) look up N names,
/// not N²/2. Whoever removes a node clears it.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameStarts(Vec<(NodeTemplate, u64)>);

impl NameStarts {
    /// Where a search for `template` starts: 1 unless one found a number since the last
    /// [`NameStarts::clear`].
    pub(crate) fn get(&self, template: NodeTemplate) -> u64 {
        self.0
            .iter()
            .find(|(t, _)| *t == template)
            .map_or(1, |(_, n)| *n)
    }

    /// Records that a search for `template` found the number `found` free.
    pub(crate) fn set(&mut self, template: NodeTemplate, found: u64) {
        match self.0.iter_mut().find(|(t, _)| *t == template) {
            Some(entry) => entry.1 = found,
            None => self.0.push((template, found)),
        }
    }

    /// A node was removed: its number may be free again below where the searches start.
    pub(crate) fn clear(&mut self) {
        self.0.clear();
    }

    /// [`free_node_name`], searched from where the last search for `template` ended, which is
    /// recorded.
    pub(crate) fn free_name(
        &mut self,
        template: NodeTemplate,
        taken: impl Fn(&str) -> bool,
    ) -> String {
        let (name, found) = free_node_name_from(template, self.get(template), taken);
        self.set(template, found);
        name
    }
}

/// The `Ready` condition is True.
pub(crate) fn node_is_ready(node: &Node) -> bool {
    node.status
        .as_ref()
        .and_then(|s| s.conditions.as_ref())
        .and_then(|c| c.iter().find(|c| c.type_ == "Ready"))
        .is_some_and(|c| c.status == "True")
}

/// When the taint manager evicts a pod with these tolerations from a node with these
/// taints: `None` never, `Some(None)` now, `Some(Some(t))` at `t`
/// (`getMinTolerationTime` over the NoExecute taints). The time counts from when the taint
/// manager first saw the pod under the taint (`processPodOnNode`: `startTime := now`): the
/// later of the taint's `timeAdded` and the pod's binding (`bound`); a pod is given at least
/// 1 s on its node (the simulated taint manager's reaction time: a pod re-created on a node
/// whose taint it tolerates for 0 s would otherwise churn without time passing).
fn eviction_time(
    tolerations: &[Toleration],
    taints: &[Taint],
    now: SimTime,
    bound: SimTime,
) -> Option<Option<SimTime>> {
    let mut earliest: Option<SimTime> = None;
    for taint in taints.iter().filter(|t| t.effect == "NoExecute") {
        let matching: Vec<&Toleration> = tolerations
            .iter()
            .filter(|t| tolerates_taint(t, taint))
            .collect();
        if matching.is_empty() {
            return Some(None);
        }
        if matching.iter().any(|t| t.toleration_seconds.is_none()) {
            continue;
        }
        let secs = matching
            .iter()
            .filter_map(|t| t.toleration_seconds)
            .min()
            .unwrap_or(0)
            .max(0);
        let added = taint
            .time_added
            .as_ref()
            .map(super::render::sim_time)
            .unwrap_or(now)
            .max(bound);
        let at = added
            .plus(SimDuration::from_secs(u64::try_from(secs).unwrap_or(0)))
            .max(bound.plus(SimDuration::from_secs(1)));
        earliest = Some(earliest.map_or(at, |e| e.min(at)));
    }
    earliest.map(Some)
}

impl Simulation {
    /// A Node from a playground template.
    fn template_node(&self, name: &str, template: NodeTemplate) -> Node {
        let now = self.now;
        let ordinal = self.node_ordinal;
        let os = if template == NodeTemplate::WindowsWorker {
            "windows"
        } else {
            "linux"
        };
        let mut labels = BTreeMap::new();
        labels.insert("kubernetes.io/hostname".to_string(), name.to_string());
        labels.insert("kubernetes.io/os".to_string(), os.to_string());
        labels.insert("kubernetes.io/arch".to_string(), "amd64".to_string());
        labels.insert("beta.kubernetes.io/os".to_string(), os.to_string());
        labels.insert("beta.kubernetes.io/arch".to_string(), "amd64".to_string());
        let mut taints = Vec::new();
        let res = match template {
            NodeTemplate::ControlPlane => {
                labels.insert(CONTROL_PLANE_LABEL.to_string(), String::new());
                labels.insert(
                    "node.kubernetes.io/exclude-from-external-load-balancers".to_string(),
                    String::new(),
                );
                taints.push(Taint {
                    key: CONTROL_PLANE_LABEL.to_string(),
                    effect: "NoSchedule".to_string(),
                    value: None,
                    time_added: None,
                });
                resources("4", "16Gi", "110", &[])
            }
            NodeTemplate::GpuWorker => {
                labels.insert("nvidia.com/gpu.present".to_string(), "true".to_string());
                resources("8", "32Gi", "110", &[("nvidia.com/gpu", "1")])
            }
            NodeTemplate::Small => resources("500m", "512Mi", "10", &[]),
            _ => resources("4", "16Gi", "110", &[]),
        };
        Node {
            metadata: ObjectMeta {
                name: Some(name.to_string()),
                labels: Some(labels),
                annotations: Some(BTreeMap::from([(
                    "node.alpha.kubernetes.io/ttl".to_string(),
                    "0".to_string(),
                )])),
                ..ObjectMeta::default()
            },
            spec: Some(NodeSpec {
                pod_cidr: Some(format!("10.244.{}.0/24", ordinal % 256)),
                pod_cidrs: Some(vec![format!("10.244.{}.0/24", ordinal % 256)]),
                taints: (!taints.is_empty()).then_some(taints),
                ..NodeSpec::default()
            }),
            status: Some(NodeStatus {
                capacity: Some(res.clone()),
                allocatable: Some(res),
                conditions: Some(healthy_conditions(now)),
                addresses: Some(vec![
                    NodeAddress {
                        type_: "InternalIP".into(),
                        address: node_ip(ordinal),
                    },
                    NodeAddress {
                        type_: "Hostname".into(),
                        address: name.to_string(),
                    },
                ]),
                node_info: Some(default_node_info(os, "amd64")),
                ..NodeStatus::default()
            }),
        }
    }

    /// [`free_node_name`] in this cluster: the search starts at the number the last one for
    /// the template found (every number below it is still taken while no node was removed;
    /// the node store forgets these starts when one is), so adding N nodes one by one (a
    /// replayed run of thousands) looks up N names, not N²/2.
    fn free_node_name(&mut self, template: NodeTemplate) -> String {
        let (name, found) = self.search_node_name(template);
        self.nodes.set_name_search_start(template, found);
        name
    }

    /// The name a [`NodeOp::Add`] without a name gives a node of `template` now, and its
    /// number.
    fn search_node_name(&self, template: NodeTemplate) -> (String, u64) {
        let from = self.nodes.name_search_start(template);
        free_node_name_from(template, from, |n| self.nodes.contains_key(n))
    }

    /// The name the next [`NodeOp::Add`] without a name gives a node of `template` (see
    /// [`free_node_name`]): a runner that prints `node/NAME created` asks this before the
    /// step, rather than listing the cluster's nodes before and after.
    pub fn next_node_name(&self, template: NodeTemplate) -> String {
        self.search_node_name(template).0
    }

    fn node_exists(&self, name: &str) -> Result<(), SimError> {
        if self.nodes.contains_key(name) {
            Ok(())
        } else {
            Err(SimError::node_not_found(name))
        }
    }

    /// Carries out a node operation.
    pub(super) fn do_node_op(&mut self, op: NodeOp) -> Result<(), SimError> {
        let now = self.now;
        match op {
            NodeOp::Add { name, template } => {
                // A generated name (`worker-12`) makes a valid Node of any template (the
                // test `template_nodes_with_generated_names_are_valid` checks it): only a
                // name the user gave is validated (a replay of thousands of `add-node`s
                // skips a validation per node that could not fail).
                let given = name.is_some();
                let name = name.unwrap_or_else(|| self.free_node_name(template));
                if self.nodes.contains_key(&name) {
                    return Err(SimError::AlreadyExists {
                        kind: ObjectKind::Node,
                        name,
                    });
                }
                let node = self.template_node(&name, template);
                if let Some(message) = given.then(|| node_write_refusal(&node)).flatten() {
                    return Err(SimError::InvalidNodeOp { name, message });
                }
                self.create_node(node);
            }
            NodeOp::Remove { name } => {
                self.node_exists(&name)?;
                self.remove_node(&name);
            }
            NodeOp::Cordon { name } => {
                self.update_node_validated(&name, |n| {
                    let spec = n.spec.get_or_insert_with(NodeSpec::default);
                    spec.unschedulable = Some(true);
                    add_taint(spec, UNSCHEDULABLE_TAINT, None, "NoSchedule", now);
                })?;
            }
            NodeOp::Uncordon { name } => {
                self.update_node_validated(&name, |n| {
                    let spec = n.spec.get_or_insert_with(NodeSpec::default);
                    spec.unschedulable = None;
                    remove_taint(spec, UNSCHEDULABLE_TAINT, "NoSchedule");
                })?;
            }
            NodeOp::SetReady { name, ready } => {
                self.node_exists(&name)?;
                // A lost node's kubelet posts again: it comes back first.
                let was_lost = self.nodes.get_mut(&name).and_then(|n| n.lost_since.take());
                let result = self.update_node_validated(&name, |n| {
                    kubelet_posts_status(n, ready, now);
                    let spec = n.spec.get_or_insert_with(NodeSpec::default);
                    remove_taint(spec, UNREACHABLE_TAINT, "NoSchedule");
                    remove_taint(spec, UNREACHABLE_TAINT, "NoExecute");
                    if ready {
                        remove_taint(spec, NOT_READY_TAINT, "NoSchedule");
                        remove_taint(spec, NOT_READY_TAINT, "NoExecute");
                    } else {
                        add_taint(spec, NOT_READY_TAINT, None, "NoSchedule", now);
                        add_taint(spec, NOT_READY_TAINT, None, "NoExecute", now);
                    }
                });
                if let Err(e) = result {
                    if let Some(n) = self.nodes.get_mut(&name) {
                        n.lost_since = was_lost;
                    }
                    return Err(e);
                }
                if was_lost.is_some() {
                    self.kubelet_node_changed(&name, true);
                }
            }
            NodeOp::Lose { name } => {
                self.node_exists(&name)?;
                let Some(entry) = self.nodes.get_mut(&name) else {
                    return Ok(());
                };
                if entry.lost_since.is_none() {
                    entry.lost_since = Some(now);
                    self.timers.schedule(
                        now.plus(NODE_MONITOR_GRACE_PERIOD),
                        Timer::NodeMonitorGrace(name.clone(), now),
                    );
                    self.kubelet_stopped(&name);
                }
            }
            NodeOp::AddTaint {
                name,
                key,
                value,
                effect,
            } => {
                let value = (!value.is_empty()).then_some(value);
                self.update_node_validated(&name, |n| {
                    let spec = n.spec.get_or_insert_with(NodeSpec::default);
                    add_taint(spec, &key, value, effect.as_str(), now);
                })?;
            }
            NodeOp::RemoveTaint { name, key, effect } => {
                self.node_exists(&name)?;
                let has = self.nodes.get(&name).is_some_and(|n| {
                    n.obj
                        .spec
                        .as_ref()
                        .and_then(|s| s.taints.as_ref())
                        .is_some_and(|ts| {
                            ts.iter().any(|t| {
                                t.key == key && effect.is_none_or(|e| t.effect == e.as_str())
                            })
                        })
                });
                if !has {
                    return Err(SimError::TaintNotFound { key, effect });
                }
                self.update_node_validated(&name, |n| {
                    let spec = n.spec.get_or_insert_with(NodeSpec::default);
                    if let Some(ts) = spec.taints.as_mut() {
                        ts.retain(|t| {
                            !(t.key == key && effect.is_none_or(|e| t.effect == e.as_str()))
                        });
                        if ts.is_empty() {
                            spec.taints = None;
                        }
                    }
                })?;
            }
            NodeOp::SetLabel { name, key, value } => {
                self.update_node_validated(&name, |n| {
                    n.metadata
                        .labels
                        .get_or_insert_with(BTreeMap::new)
                        .insert(key, value);
                })?;
            }
            NodeOp::RemoveLabel { name, key } => {
                self.update_node_validated(&name, |n| {
                    if let Some(l) = n.metadata.labels.as_mut() {
                        l.remove(&key);
                    }
                })?;
            }
        }
        Ok(())
    }

    /// The node monitor grace period of a node lost at `since` ran out (the node lifecycle
    /// controller's `tryUpdateNodeHealth` and taint passes): every monitored condition turns
    /// `Unknown`, and the `unreachable` taints replace the `not-ready` ones.
    pub(super) fn node_monitor_grace_over(&mut self, name: &str, since: SimTime) {
        let now = self.now;
        if self.nodes.get(name).and_then(|n| n.lost_since) != Some(since) {
            return;
        }
        self.update_node(name, |n| {
            let created = n.metadata.creation_timestamp.clone();
            let st = n.status.get_or_insert_with(NodeStatus::default);
            let conds = st.conditions.get_or_insert_with(Vec::new);
            for type_ in MONITORED_CONDITIONS {
                match conds.iter_mut().find(|c| c.type_ == type_) {
                    Some(c) if c.status != "Unknown" => {
                        c.status = "Unknown".to_string();
                        c.reason = Some("NodeStatusUnknown".to_string());
                        c.message = Some("Kubelet stopped posting node status.".to_string());
                        c.last_transition_time = Some(super::render::time(now));
                    }
                    Some(_) => {}
                    None => conds.push(NodeCondition {
                        type_: type_.to_string(),
                        status: "Unknown".to_string(),
                        reason: Some("NodeStatusNeverUpdated".to_string()),
                        message: Some("Kubelet never posted node status.".to_string()),
                        last_heartbeat_time: created.clone(),
                        last_transition_time: Some(super::render::time(now)),
                    }),
                }
            }
            let spec = n.spec.get_or_insert_with(NodeSpec::default);
            remove_taint(spec, NOT_READY_TAINT, "NoSchedule");
            remove_taint(spec, NOT_READY_TAINT, "NoExecute");
            add_taint(spec, UNREACHABLE_TAINT, None, "NoSchedule", now);
            add_taint(spec, UNREACHABLE_TAINT, None, "NoExecute", now);
        });
    }

    /// A user's change to a stored Node (`kubectl label`, `taint`, `cordon`, ...): refused,
    /// with the API server's message and nothing changed, when the changed Node would not
    /// pass the API server's update validation; otherwise [`Simulation::update_node`].
    fn update_node_validated(
        &mut self,
        name: &str,
        f: impl FnOnce(&mut Node),
    ) -> Result<(), SimError> {
        self.node_exists(name)?;
        let Some(mut next) = self.nodes.get(name).map(|entry| entry.obj.clone()) else {
            return Ok(());
        };
        f(&mut next);
        if let Some(message) = node_write_refusal(&next) {
            return Err(SimError::InvalidNodeOp {
                name: name.to_string(),
                message,
            });
        }
        self.update_node(name, |n| *n = next);
        Ok(())
    }

    /// Changes a stored Node and tells every component that watches Nodes.
    pub(super) fn update_node(&mut self, name: &str, f: impl FnOnce(&mut Node)) {
        let rv = self.next_rv();
        let Some(entry) = self.nodes.get_mut(name) else {
            return;
        };
        let before = entry.obj.clone();
        f(&mut entry.obj);
        if entry.obj == before {
            return;
        }
        entry.rv = rv;
        entry.allocatable = crate::predicates::node_allocatable(&entry.obj);
        let was_ready = entry.ready;
        entry.ready = node_is_ready(&entry.obj);
        let now_ready = entry.ready;
        self.watch_node(name, "MODIFIED");
        if was_ready != now_ready {
            self.kubelet_node_changed(name, false);
        }
        self.notify_node_updated(name, &before);
        // The scheduler retries pods that did not fit here; the taint manager re-checks.
        self.retry_unschedulable_on(name);
        self.check_node_taints(name);
    }

    /// Deletes a Node: the pod garbage collector removes the pods bound to it; unscheduled
    /// daemon pods that targeted it are left to the DaemonSet controller.
    pub(super) fn remove_node(&mut self, name: &str) {
        let bound = self.bound_pods(name);
        for pid in bound {
            self.remove_pod(pid);
        }
        self.watch_node(name, "DELETED");
        let node_idx = self.nodes.idx(name);
        self.nodes.remove(name);
        if let Some(idx) = node_idx {
            self.notify_node_deleted(name, idx);
        }
    }

    /// The pods bound to `node` (`spec.nodeName`), not yet removed.
    pub(super) fn bound_pods(&self, node: &str) -> Vec<PodId> {
        self.nodes
            .get(node)
            .map(|n| n.bound.iter().copied().collect())
            .unwrap_or_default()
    }

    /// The taint manager looks at every pod bound to `node`.
    pub(super) fn check_node_taints(&mut self, node: &str) {
        let pids = self.bound_pods(node);
        for pid in pids {
            self.check_pod_taints(pid);
        }
    }

    /// The taint manager (`NoExecuteTaintManager`): evicts a bound pod that does not
    /// tolerate a NoExecute taint of its node, at once or after its `tolerationSeconds`.
    pub(super) fn check_pod_taints(&mut self, pid: PodId) {
        let now = self.now;
        let Some(p) = self.pods.get(&pid) else {
            return;
        };
        if p.deletion.is_some() || p.phase.is_terminal() {
            return;
        }
        let Some(node) = p
            .node_name
            .as_ref()
            .and_then(|n| self.nodes.get_hint(n, p.node_slot))
        else {
            return;
        };
        let taints = node
            .obj
            .spec
            .as_ref()
            .and_then(|s| s.taints.as_deref())
            .unwrap_or(&[]);
        let tolerations = p.template.spec.tolerations.as_deref().unwrap_or(&[]);
        let bound = p.scheduled_at.unwrap_or(p.created);
        match eviction_time(tolerations, taints, now, bound) {
            None => {}
            Some(Some(at)) if at > now => {
                self.timers.schedule(at, Timer::TaintEviction(pid, 0));
            }
            Some(_) => {
                let msg = format!("Marking for deletion Pod {}/{}", p.namespace, p.name);
                self.pod_event(
                    pid,
                    EventType::Normal,
                    "TaintManagerEviction",
                    msg,
                    "taint-eviction-controller",
                );
                self.delete_pod(pid);
            }
        }
    }

    /// A `tolerationSeconds` ran out: check again.
    pub(super) fn taint_eviction_due(&mut self, pid: PodId, _epoch: u32) {
        self.check_pod_taints(pid);
    }
}

fn add_taint(spec: &mut NodeSpec, key: &str, value: Option<String>, effect: &str, now: SimTime) {
    let ts = spec.taints.get_or_insert_with(Vec::new);
    let time_added = (effect == "NoExecute").then(|| super::render::time(now));
    if let Some(t) = ts.iter_mut().find(|t| t.key == key && t.effect == effect) {
        if t.value != value {
            t.value = value;
            t.time_added = time_added;
        }
        return;
    }
    ts.push(Taint {
        key: key.to_string(),
        value,
        effect: effect.to_string(),
        time_added,
    });
}

fn remove_taint(spec: &mut NodeSpec, key: &str, effect: &str) {
    if let Some(ts) = spec.taints.as_mut() {
        ts.retain(|t| !(t.key == key && t.effect == effect));
        if ts.is_empty() {
            spec.taints = None;
        }
    }
}

/// A running kubelet posts the node's status: `Ready` as asked (`KubeletReady` or
/// `KubeletNotReady`), and the pressure conditions the node lifecycle controller had turned
/// `Unknown` back to their healthy values; other conditions are left as they are.
fn kubelet_posts_status(n: &mut Node, ready: bool, now: SimTime) {
    let st = n.status.get_or_insert_with(NodeStatus::default);
    let conds = st.conditions.get_or_insert_with(Vec::new);
    let (status, reason, message) = if ready {
        ("True", "KubeletReady", "kubelet is posting ready status")
    } else {
        (
            "False",
            "KubeletNotReady",
            "container runtime network not ready: NetworkReady=false",
        )
    };
    for healthy in healthy_conditions(now) {
        let want = if healthy.type_ == "Ready" {
            condition("Ready", status, reason, message, now)
        } else {
            healthy
        };
        match conds.iter_mut().find(|c| c.type_ == want.type_) {
            Some(c) if want.type_ == "Ready" || c.status == "Unknown" => {
                if c.status != want.status {
                    c.last_transition_time = want.last_transition_time;
                }
                c.status = want.status;
                c.reason = want.reason;
                c.message = want.message;
                c.last_heartbeat_time = want.last_heartbeat_time;
            }
            Some(_) => {}
            None if want.type_ == "Ready" => conds.push(want),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `NodeOp::Add` without a name skips the API server's validation: every template's node
    /// under any name `free_node_name_from` gives, at any creation ordinal, must pass it.
    #[test]
    fn template_nodes_with_generated_names_are_valid() {
        let mut sim = Simulation::new(1);
        for template in NodeTemplate::ALL {
            for from in [0, 1, 9, 10, 4_999, 123_456_789, u64::MAX - 1] {
                let (name, _) = free_node_name_from(template, from, |_| false);
                // The search's fallback, when every number is taken: the bare prefix.
                let fallback = name.rsplit_once('-').map_or("", |(p, _)| p).to_string();
                for name in [name, fallback] {
                    for ordinal in [0, 255, 256, 62_500, u32::MAX] {
                        sim.node_ordinal = ordinal;
                        let node = sim.template_node(&name, template);
                        assert_eq!(node_write_refusal(&node), None, "{name} ({ordinal})");
                    }
                }
            }
        }
    }
}
