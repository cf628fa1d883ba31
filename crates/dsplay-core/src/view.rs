//! Plain projections of the cluster that the CLI and the web page render.
//!
//! OWNER: simulation work. These types are the contract with the CLI and the app.

use crate::clock::SimTime;
use crate::explain::Explanation;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole cluster at one instant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClusterView {
    /// Simulated time of this view.
    pub now: SimTime,
    /// Nodes, by name.
    pub nodes: Vec<NodeView>,
    /// DaemonSets, by namespace then name.
    pub daemon_sets: Vec<DaemonSetView>,
    /// Pods not mapped to any existing node (unscheduled, or their node was removed).
    pub unplaced_pods: Vec<PodView>,
    /// Events, newest first.
    pub events: Vec<EventView>,
}

/// What changed in the [`ClusterView`] since the previous
/// [`crate::sim::Simulation::view_changes`], events apart: apply it with
/// [`ClusterView::apply_delta`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ViewDelta {
    /// Simulated time of the view.
    pub now: SimTime,
    /// `nodes` holds every node: replace the whole list.
    pub all_nodes: bool,
    /// Nodes whose card may have changed, by name; `None`: the node is gone.
    pub nodes: BTreeMap<String, Option<NodeView>>,
    /// Every DaemonSet row (a handful: always complete).
    pub daemon_sets: Vec<DaemonSetView>,
    /// Every pod on no existing node (usually none); `None`: unchanged.
    pub unplaced_pods: Option<Vec<PodView>>,
}

impl ClusterView {
    /// Brings this view up to date with `delta` (see [`ViewDelta`]); `events` is left as it
    /// is.
    pub fn apply_delta(&mut self, delta: ViewDelta) {
        self.now = delta.now;
        if delta.all_nodes {
            self.nodes = delta.nodes.into_values().flatten().collect();
        } else {
            patch_nodes(
                &mut self.nodes,
                delta.nodes,
                |n| &n.name,
                |_, _| false,
                |n| n,
            );
        }
        self.daemon_sets = delta.daemon_sets;
        if let Some(unplaced) = delta.unplaced_pods {
            self.unplaced_pods = unplaced;
        }
    }
}

/// Applies node changes (as [`ViewDelta::nodes`] holds them) to `list`, kept in name order:
/// a card replaces the element of its name or is inserted in order, `None` removes the element.
/// `name` reads an element's node name, `same` tells an element that already shows the card
/// (left as it is), `wrap` makes an element of a card. Returns whether `list` changed.
pub fn patch_nodes<T>(
    list: &mut Vec<T>,
    changes: BTreeMap<String, Option<NodeView>>,
    name: impl Fn(&T) -> &str,
    same: impl Fn(&T, &NodeView) -> bool,
    wrap: impl Fn(NodeView) -> T,
) -> bool {
    let mut changed = false;
    for (node, card) in changes {
        match (list.binary_search_by(|e| name(e).cmp(node.as_str())), card) {
            (Ok(i), Some(card)) => {
                if let Some(slot) = list.get_mut(i).filter(|e| !same(e, &card)) {
                    *slot = wrap(card);
                    changed = true;
                }
            }
            (Ok(i), None) => {
                list.remove(i);
                changed = true;
            }
            (Err(i), Some(card)) => {
                list.insert(i, wrap(card));
                changed = true;
            }
            (Err(_), None) => {}
        }
    }
    changed
}

/// One node card.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NodeView {
    /// `metadata.name`.
    pub name: String,
    /// `control-plane`, `worker`, or the `node-role.kubernetes.io/*` label's role.
    pub role: String,
    /// All labels.
    pub labels: BTreeMap<String, String>,
    /// Taints as `key=value:Effect` (or `key:Effect`).
    pub taints: Vec<TaintView>,
    /// `spec.unschedulable` (cordoned).
    pub unschedulable: bool,
    /// `Ready` condition is True.
    pub ready: bool,
    /// Lost: the node's kubelet stopped posting status (`lose:`); its `Ready` condition turns
    /// `Unknown` after the node monitor grace period. `ready` and `lost` tell NotReady (the
    /// kubelet runs and says not ready) from Lost.
    #[serde(default)]
    pub lost: bool,
    /// Requested / allocatable cpu in millicores.
    pub cpu_requested_milli: i64,
    /// Allocatable cpu in millicores.
    pub cpu_allocatable_milli: i64,
    /// Requested memory in bytes.
    pub memory_requested_bytes: i64,
    /// Allocatable memory in bytes.
    pub memory_allocatable_bytes: i64,
    /// Non-terminal pods bound to the node.
    pub pod_count: i64,
    /// Allocatable pods.
    pub pod_allocatable: i64,
    /// Pods mapped to this node (bound, or pending with this node as target), by DaemonSet then name.
    pub pods: Vec<PodView>,
    /// The DaemonSets that should run a pod on this node and have none here (the node counts
    /// in their `desiredNumberScheduled` and not in their `currentNumberScheduled`), by
    /// namespace then name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// Simulated creation time.
    pub created: SimTime,
}

/// One taint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaintView {
    /// Key.
    pub key: String,
    /// Value (may be empty).
    pub value: String,
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    pub effect: String,
}

impl std::fmt::Display for TaintView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.value.is_empty() {
            write!(f, "{}:{}", self.key, self.effect)
        } else {
            write!(f, "{}={}:{}", self.key, self.value, self.effect)
        }
    }
}

/// What the page shows as a pod's phase: the pod phase refined as `kubectl get pods` STATUS does.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum PodDisplayPhase {
    /// Not yet bound, or bound and not started (FailedScheduling shows here).
    #[default]
    Pending,
    /// Bound; containers being created.
    ContainerCreating,
    /// Running, not Ready.
    Running,
    /// Running and Ready.
    Ready,
    /// Deletion requested; within its grace period.
    Terminating,
    /// Phase Failed.
    Failed,
    /// Phase Succeeded.
    Succeeded,
}

impl PodDisplayPhase {
    /// The word used in `data-phase` and on screen.
    pub fn as_str(self) -> &'static str {
        match self {
            PodDisplayPhase::Pending => "Pending",
            PodDisplayPhase::ContainerCreating => "ContainerCreating",
            PodDisplayPhase::Running => "Running",
            PodDisplayPhase::Ready => "Ready",
            PodDisplayPhase::Terminating => "Terminating",
            PodDisplayPhase::Failed => "Failed",
            PodDisplayPhase::Succeeded => "Succeeded",
        }
    }
}

/// One pod chip.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PodView {
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`.
    pub namespace: String,
    /// The owning DaemonSet's name, if a DaemonSet controls it.
    pub daemon_set: Option<String>,
    /// `spec.nodeName` once bound.
    pub node_name: Option<String>,
    /// The node it is mapped to (bound node, or its affinity target while pending).
    pub target_node: Option<String>,
    /// Phase as shown.
    pub phase: PodDisplayPhase,
    /// The `status.phase` (`Pending`, `Running`, `Succeeded`, `Failed`).
    pub pod_phase: String,
    /// Ready condition is True.
    pub ready: bool,
    /// Latest scheduling message (`0/4 nodes are available: ...`) while unschedulable.
    pub message: Option<String>,
    /// `controller-revision-hash` label.
    pub revision_hash: Option<String>,
    /// Matches the DaemonSet's current revision (`IsPodUpdated`).
    pub updated: bool,
    /// Simulated creation time.
    pub created: SimTime,
    /// Container restarts.
    pub restarts: u32,
    /// Pod IP, once running (deterministic, simulated).
    pub pod_ip: Option<String>,
}

/// One row of `kubectl get ds`, plus what the page needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DaemonSetView {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// `status.desiredNumberScheduled`.
    pub desired: i32,
    /// `status.currentNumberScheduled`.
    pub current: i32,
    /// `status.numberReady`.
    pub ready: i32,
    /// `status.updatedNumberScheduled`.
    pub up_to_date: i32,
    /// `status.numberAvailable`.
    pub available: i32,
    /// `status.numberMisscheduled`.
    pub misscheduled: i32,
    /// `status.numberUnavailable`.
    pub unavailable: i32,
    /// The NODE SELECTOR column (`key=value,...` or `<none>`).
    pub node_selector: String,
    /// Simulated creation time.
    pub created: SimTime,
    /// `RollingUpdate` or `OnDelete`.
    pub strategy: String,
    /// `kubectl rollout status` words for it now.
    pub rollout_status: String,
    /// `metadata.generation` and `status.observedGeneration`.
    pub generation: i64,
    /// `status.observedGeneration`.
    pub observed_generation: i64,
    /// Container images of the template, in order.
    pub images: Vec<String>,
    /// Index of this DaemonSet in creation order (the page picks a colour from it).
    pub color_index: u32,
}

impl DaemonSetView {
    /// Whether its rollout is complete, as `kubectl rollout status` decides it (the spec
    /// observed, every scheduled pod updated and available), whatever its update strategy.
    pub fn rollout_complete(&self) -> bool {
        crate::sim::project::rollout_progress(
            &self.name,
            self.generation,
            self.observed_generation,
            self.desired,
            self.up_to_date,
            self.available,
        )
        .is_none()
    }
}

/// One event line, as `kubectl get events` prints it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    /// A number unique to this event in the run, kept when a repeat updates it (pages key
    /// their rows by it).
    pub serial: u64,
    /// When it was last seen.
    pub last_seen: SimTime,
    /// When it was first seen.
    pub first_seen: SimTime,
    /// `Normal` or `Warning`.
    pub type_: String,
    /// Reason, e.g. `SuccessfulCreate`.
    pub reason: String,
    /// `kind/name` of the object, lower-case kind as kubectl prints it (`daemonset/fluentd`, `pod/fluentd-x7k2q`).
    pub object: String,
    /// Namespace of the object (empty for nodes).
    pub namespace: String,
    /// Message.
    pub message: String,
    /// Reporting component (`daemonset-controller`, `default-scheduler`, `kubelet`, `node-controller`).
    pub source: String,
    /// How many times it was seen (kubectl aggregates repeats).
    pub count: u32,
}

/// A (DaemonSet, node) pair explained, with the state of the pod there, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairExplanation {
    /// DaemonSet namespace.
    pub namespace: String,
    /// DaemonSet name.
    pub daemon_set: String,
    /// Node name.
    pub node: String,
    /// The controller's decision, explained.
    pub explanation: Explanation,
    /// Names of the DaemonSet's pods on that node.
    pub pods: Vec<String>,
    /// One line for the pod situation (e.g. "pod agent-x7k2q is Pending: 0/4 nodes are available: 1 Insufficient cpu.").
    pub pod_summary: String,
}
