//! The simulated cluster: API objects, the DaemonSet controller, the default
//! scheduler, a kubelet, the node lifecycle controller's taints, and the pod
//! garbage collector, over simulated time.
//!
//! The public signatures here are the contract with the CLI and the app.
//!
//! # How it runs
//!
//! A discrete-event simulation over [`SimTime`] (milliseconds). Inputs
//! ([`Input`]) change API objects; each change queues work for the controllers
//! that watch it (the DaemonSet controller, the default scheduler, the kubelet,
//! the taint manager, the pod garbage collector). Queued work runs at the same
//! simulated instant, in a fixed order, until nothing is left; delays (container
//! start, readiness, termination grace, back-off, `tolerationSeconds`,
//! `minReadySeconds`) are timers. A run is a seed plus the list of inputs:
//! [`Simulation::replay`] rebuilds the same cluster, names and uids included.
//!
//! # Simulated delays (§15.1)
//!
//! * container start (image pull + start) after binding: 1 s;
//! * Ready: 1 s after the containers start, or the largest readiness probe
//!   `initialDelaySeconds` if that is longer;
//! * termination: `min(terminationGracePeriodSeconds, 2 s)`; unscheduled and terminal
//!   pods are deleted at once, as the API server does;
//! * a NotReady node starts no pods and finishes no terminations; its pods turn
//!   `Ready=False` at once and Ready again 1 s after the node is Ready;
//! * the taint manager counts `tolerationSeconds` from when it sees the pod under the taint,
//!   and gives a pod at least 1 s on its node.
//!
//! # Bounds
//!
//! Time ends at [`SimTime::END`] (9999-12-30T22:00:00Z). One input fires at most
//! [`DEFAULT_TIMER_BUDGET`] timers; a cluster that never settles (pods evicted and re-created
//! forever) then stops where it got to, deterministically, and the input log records the time
//! that really passed, so a replay reaches the same state.

mod apiserver;
mod cluster;
mod controller;
mod events;
mod explain;
mod informers;
mod kubelet;
mod names;
mod node_lifecycle;
pub(crate) mod project;
pub(crate) mod render;
mod revision;
pub(crate) mod rng;
mod run;
mod scheduler;
mod selector;
mod status_log;
mod stored;
mod template;
mod timers;
mod view_delta;
mod watch;

pub use events::EVENT_CAP;
pub(crate) use node_lifecycle::NameStarts;
pub(crate) use node_lifecycle::CONTROL_PLANE_LABEL;
pub use node_lifecycle::{free_node_name, NODE_MONITOR_GRACE_PERIOD};
pub use render::{ListKind, ListObject, RenderedDaemonSet, RenderedPod, RenderedRevision};
pub use stored::{EventRef, PodRef};

use crate::clock::{SimDuration, SimTime};
use crate::location::{LocatedError, ObjectRef};
use crate::view::{ClusterView, EventView, PairExplanation, ViewDelta};
use cluster::{DaemonSetEntry, DaemonSetId, PodStore, RevisionStore};
use events::EventStore;
use rng::SplitMix64;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;
use timers::TimerQueue;

/// Kinds of node the playground offers as templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum NodeTemplate {
    /// A Linux worker: 4 cpu, 16Gi, 110 pods.
    Worker,
    /// A control-plane node with `node-role.kubernetes.io/control-plane:NoSchedule`.
    ControlPlane,
    /// A worker with `nvidia.com/gpu` capacity and the label `nvidia.com/gpu.present=true`.
    GpuWorker,
    /// A Windows worker (`kubernetes.io/os=windows`).
    WindowsWorker,
    /// A small node: 500m cpu, 512Mi memory, 10 pods.
    Small,
}

impl NodeTemplate {
    /// Every template, in the order the CLI's help and the page list them.
    pub const ALL: [NodeTemplate; 5] = [
        NodeTemplate::Worker,
        NodeTemplate::ControlPlane,
        NodeTemplate::GpuWorker,
        NodeTemplate::WindowsWorker,
        NodeTemplate::Small,
    ];

    /// The name the CLI (`add-node:NAME`) and the embed (`nodes="control-plane,worker"`)
    /// take: `worker`, `control-plane`, `gpu-worker`, `windows-worker`, `small`.
    pub fn name(self) -> &'static str {
        match self {
            NodeTemplate::Worker => "worker",
            NodeTemplate::ControlPlane => "control-plane",
            NodeTemplate::GpuWorker => "gpu-worker",
            NodeTemplate::WindowsWorker => "windows-worker",
            NodeTemplate::Small => "small",
        }
    }

    /// The template named `name` ([`NodeTemplate::name`]), or a message that lists the names.
    pub fn parse(name: &str) -> Result<NodeTemplate, String> {
        NodeTemplate::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| {
                format!(
                    "unknown node template {name:?} (worker, control-plane, gpu-worker, windows-worker, small)"
                )
            })
    }
}

/// A taint as `kubectl taint nodes NODE KEY[=VALUE]:EFFECT` takes it: key, value (empty when
/// absent) and effect, or kubectl's message. Only the form is checked here: what the key and
/// value may hold is the API server's to say (the simulation validates the Node update).
pub fn parse_taint(spec: &str) -> Result<(String, String, TaintEffect), String> {
    let (kv, effect) = spec
        .rsplit_once(':')
        .ok_or_else(|| format!("taint {spec:?}: expected KEY[=VALUE]:EFFECT"))?;
    let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
    if key.is_empty() {
        return Err("missing taint key".to_string());
    }
    Ok((
        key.to_string(),
        value.to_string(),
        TaintEffect::parse_kubectl(effect)?,
    ))
}

/// A node operation: what a user or a real cluster's other controllers do to nodes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum NodeOp {
    /// Add a node from a template (`name: None` picks the next free name, e.g. `worker-4`).
    Add {
        /// Node name, or `None` for the next free one.
        name: Option<String>,
        /// Template.
        template: NodeTemplate,
    },
    /// Delete the Node; the pod garbage collector removes its pods.
    Remove {
        /// Node name.
        name: String,
    },
    /// `kubectl cordon`: `spec.unschedulable` plus the `node.kubernetes.io/unschedulable:NoSchedule` taint.
    Cordon {
        /// Node name.
        name: String,
    },
    /// `kubectl uncordon`.
    Uncordon {
        /// Node name.
        name: String,
    },
    /// Mark the node Ready or NotReady (with the node lifecycle controller's `not-ready`
    /// taints). NotReady: the kubelet runs and reports `Ready=False`, so it still finishes
    /// terminations. Either brings a [`NodeOp::Lose`]t node back (its kubelet posts again).
    SetReady {
        /// Node name.
        name: String,
        /// Ready or not.
        ready: bool,
    },
    /// The node is lost (power off, network cut): its kubelet stops posting status and stops
    /// acting. After the node monitor grace period
    /// ([`NODE_MONITOR_GRACE_PERIOD`]) the node lifecycle controller sets every condition
    /// `Unknown` (`NodeStatusUnknown`) and adds the `unreachable` taints; pods there that are
    /// deleted stay Terminating until the node comes back ([`NodeOp::SetReady`]) or is
    /// removed.
    Lose {
        /// Node name.
        name: String,
    },
    /// `kubectl taint nodes NAME key=value:Effect`.
    AddTaint {
        /// Node name.
        name: String,
        /// Taint key.
        key: String,
        /// Taint value (may be empty).
        value: String,
        /// The taint's effect.
        effect: TaintEffect,
    },
    /// `kubectl taint nodes NAME key:Effect-`.
    RemoveTaint {
        /// Node name.
        name: String,
        /// Taint key.
        key: String,
        /// The effect of the taint to remove; `None` removes the key's taints whatever their
        /// effect (`kubectl taint nodes NAME key-`). Saved as `""` for `None`.
        #[serde(with = "any_effect")]
        effect: Option<TaintEffect>,
    },
    /// `kubectl label nodes NAME key=value --overwrite`.
    SetLabel {
        /// Node name.
        name: String,
        /// Label key.
        key: String,
        /// Label value.
        value: String,
    },
    /// `kubectl label nodes NAME key-`.
    RemoveLabel {
        /// Node name.
        name: String,
        /// Label key.
        key: String,
    },
}

/// Every input the simulation takes. A run is a seed plus a list of inputs; replaying
/// them gives the same cluster (this is what a share link and localStorage hold).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Input {
    /// `kubectl apply -f FILE` with this text.
    Apply {
        /// File name for error locations.
        file: String,
        /// Manifest text.
        text: String,
    },
    /// `kubectl delete KIND NAME`.
    Delete {
        /// What kind of object.
        kind: ObjectKind,
        /// Namespace (`default` if empty, ignored for nodes).
        namespace: String,
        /// Name.
        name: String,
    },
    /// A node operation.
    Node(NodeOp),
    /// The pod's containers crash: phase Failed (the controller then replaces it, with back-off).
    FailPod {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// `kubectl rollout undo daemonset NAME [--to-revision=N]`.
    Rollback {
        /// Namespace.
        namespace: String,
        /// DaemonSet name.
        name: String,
        /// Revision to go back to; `None` is the previous one.
        to_revision: Option<i64>,
    },
    /// Let simulated time pass.
    Advance(SimDuration),
    /// The pod's readiness probe starts failing (`ready: false`: Ready=False until set back)
    /// or passes again (`ready: true`).
    SetPodReady {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
        /// Whether the probe passes.
        ready: bool,
    },
    /// Objects created or updated directly ([`Simulation::apply_objects`]), as JSON
    /// (`DaemonSet`, `Node` or `Pod` by their `kind`), taken as given (no loader defaults).
    ApplyObjects {
        /// The objects.
        objects: Vec<serde_json::Value>,
    },
}

/// What `kubectl apply` did with one object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// The object.
    pub object: ObjectRef,
    /// `created`, `configured` or `unchanged`.
    pub action: String,
    /// kubectl's line: `daemonset.apps/fluentd created`.
    pub line: String,
}

/// The result of one [`Simulation::apply`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyReport {
    /// Objects created, configured or unchanged, in file order.
    pub applied: Vec<Applied>,
    /// Objects accepted but not simulated (`ServiceAccount/fluentd (v1): not simulated`).
    pub not_simulated: Vec<String>,
    /// Rejected objects and syntax errors, located: at most
    /// [`crate::load::MAX_ERRORS_PER_FILE`], then one of kind
    /// [`crate::location::ErrorKind::TooManyErrors`] standing for the others (`… and N more
    /// errors in FILE`). Warnings likewise.
    pub errors: Vec<LocatedError>,
    /// Things kubectl accepts without a word that the playground points out (a key repeated in
    /// one mapping, whose last value wins: [`crate::load::LoadOutput::warnings`]), located.
    #[serde(default)]
    pub warnings: Vec<LocatedError>,
}

/// A taint's effect (`v1.TaintEffect`): the closed set Kubernetes has.
///
/// Serialized under its Kubernetes name (`"NoSchedule"`), as saved runs hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TaintEffect {
    /// `NoSchedule`: no new pods that do not tolerate the taint.
    NoSchedule,
    /// `PreferNoSchedule`: the scheduler avoids the node (the DaemonSet controller ignores it).
    PreferNoSchedule,
    /// `NoExecute`: pods that do not tolerate the taint are evicted too.
    NoExecute,
}

impl TaintEffect {
    /// Every effect, in the order kubectl lists them.
    pub const ALL: [TaintEffect; 3] = [
        TaintEffect::NoSchedule,
        TaintEffect::PreferNoSchedule,
        TaintEffect::NoExecute,
    ];

    /// The Kubernetes name: `NoSchedule`, `PreferNoSchedule`, `NoExecute`.
    pub fn as_str(self) -> &'static str {
        match self {
            TaintEffect::NoSchedule => "NoSchedule",
            TaintEffect::PreferNoSchedule => "PreferNoSchedule",
            TaintEffect::NoExecute => "NoExecute",
        }
    }

    /// The effect named `name` (exactly, as the API spells it), if any.
    pub fn parse(name: &str) -> Option<TaintEffect> {
        TaintEffect::ALL.into_iter().find(|e| e.as_str() == name)
    }

    /// The effect named `name`, or kubectl's message (`invalid taint effect: X, unsupported
    /// taint effect`) naming the effects there are.
    pub fn parse_kubectl(name: &str) -> Result<TaintEffect, String> {
        TaintEffect::parse(name).ok_or_else(|| {
            format!(
                "invalid taint effect: {name}, unsupported taint effect (NoSchedule, PreferNoSchedule, NoExecute)"
            )
        })
    }
}

impl std::fmt::Display for TaintEffect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `NodeOp::RemoveTaint`'s effect as saved runs hold it: the effect's name, or `""` for any.
mod any_effect {
    use super::TaintEffect;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        effect: &Option<TaintEffect>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.serialize_str(effect.map_or("", TaintEffect::as_str))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<TaintEffect>, D::Error> {
        let name = String::deserialize(d)?;
        if name.is_empty() {
            return Ok(None);
        }
        TaintEffect::parse(&name)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("unknown taint effect {name:?}")))
    }
}

/// The kinds of object [`Input::Delete`] takes: the closed set the simulation stores.
///
/// Serialized as `"node"`, `"daemonset"`, `"pod"` (what saved runs hold); read from any name
/// kubectl takes for them ([`ObjectKind::from_kubectl`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ObjectKind {
    /// A `v1` Node.
    Node,
    /// An `apps/v1` DaemonSet.
    DaemonSet,
    /// A `v1` Pod.
    Pod,
}

impl ObjectKind {
    /// The kind named as kubectl takes it on its command line (`node`, `nodes`, `no`, `ds`,
    /// `daemonset`, `daemonsets.apps`, `pod`, `po`, ...; any case), if it is one of these.
    pub fn from_kubectl(name: &str) -> Option<ObjectKind> {
        match name.to_ascii_lowercase().as_str() {
            "node" | "nodes" | "no" => Some(ObjectKind::Node),
            "daemonset" | "daemonsets" | "ds" | "daemonset.apps" | "daemonsets.apps" => {
                Some(ObjectKind::DaemonSet)
            }
            "pod" | "pods" | "po" => Some(ObjectKind::Pod),
            _ => None,
        }
    }

    /// The `kind` field's value: `Node`, `DaemonSet`, `Pod`.
    pub fn kind(self) -> &'static str {
        match self {
            ObjectKind::Node => "Node",
            ObjectKind::DaemonSet => "DaemonSet",
            ObjectKind::Pod => "Pod",
        }
    }

    /// The singular resource as kubectl prints it in `… deleted` lines: `node`,
    /// `daemonset.apps`, `pod`.
    pub fn singular(self) -> &'static str {
        match self {
            ObjectKind::Node => "node",
            ObjectKind::DaemonSet => "daemonset.apps",
            ObjectKind::Pod => "pod",
        }
    }

    /// The resource as the API server names it in errors (`nodes "x" not found`): `nodes`,
    /// `daemonsets.apps`, `pods`.
    pub fn resource(self) -> &'static str {
        match self {
            ObjectKind::Node => "nodes",
            ObjectKind::DaemonSet => "daemonsets.apps",
            ObjectKind::Pod => "pods",
        }
    }
}

/// `node`, `daemonset`, `pod`: kubectl's short name, as saved runs hold it.
impl std::fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ObjectKind::Node => "node",
            ObjectKind::DaemonSet => "daemonset",
            ObjectKind::Pod => "pod",
        })
    }
}

impl Serialize for ObjectKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ObjectKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        ObjectKind::from_kubectl(&name).ok_or_else(|| {
            serde::de::Error::custom(format!("the server doesn't have a resource type {name:?}"))
        })
    }
}

/// A refused input, in kubectl's and the API server's words (`nodes "worker-9" not found`):
/// what [`Simulation::step`] returns when it does nothing. `Apply` errors are not refusals:
/// they are [`LocatedError`]s in the [`ApplyReport`].
///
/// New kinds of refusal may be added: match with a wildcard arm.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SimError {
    /// Occurs when an input names a node, DaemonSet or pod that does not exist
    /// (`nodes "worker-9" not found`, `daemonsets.apps "x" not found`, `pods "x" not found`).
    NotFound {
        /// The kind of the object looked for.
        kind: ObjectKind,
        /// Its name.
        name: String,
    },
    /// Occurs when a node is added under a name a node already has
    /// (`nodes "worker-1" already exists`).
    AlreadyExists {
        /// The kind of the object.
        kind: ObjectKind,
        /// Its name.
        name: String,
    },
    /// Occurs when a taint to remove is not on the node (`taint "dedicated:NoSchedule" not
    /// found`; `taint "dedicated:" not found` when any effect would do), as kubectl says it.
    TaintNotFound {
        /// The taint's key.
        key: String,
        /// The effect asked for; `None`: any.
        effect: Option<TaintEffect>,
    },
    /// Occurs when a rollback names a revision the DaemonSet's history does not have
    /// (`unable to find specified revision 7 in history`).
    RevisionNotFound {
        /// The revision asked for.
        revision: i64,
    },
    /// Occurs when a rollback to the previous revision finds none
    /// (`no rollout history found for daemonset "agent"`).
    NoRolloutHistory {
        /// The DaemonSet's name.
        name: String,
    },
    /// Occurs when the rollout status of a DaemonSet whose update strategy is not
    /// `RollingUpdate` is asked for
    /// (`rollout status is only available for RollingUpdate strategy type`).
    RolloutStatusUnavailable,
    /// Occurs when a node operation would make the Node invalid: the API server's
    /// validation refuses it, in its words (the field errors as `ErrorList.ToAggregate`
    /// renders them: `metadata.labels: Invalid value: "-x": …`), and nothing changes.
    InvalidNodeOp {
        /// The node's name.
        name: String,
        /// The API server's message.
        message: String,
    },
    /// Occurs when a kubectl command (a `kubectl:` step) fails: what kubectl printed on
    /// standard error, in its words.
    Kubectl(String),
}

/// Names and keys are quoted as Go's `%q` quotes them
/// ([`quote`](crate::load::validate::quote)): a control or bidi character in a name never
/// reaches a terminal raw.
impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::load::validate::quote;
        match self {
            SimError::NotFound { kind, name } => {
                write!(f, "{} {} not found", kind.resource(), quote(name))
            }
            SimError::AlreadyExists { kind, name } => {
                write!(f, "{} {} already exists", kind.resource(), quote(name))
            }
            SimError::TaintNotFound { key, effect } => {
                // kubectl's `taint %q not found` of the taint `KEY:EFFECT` (`KEY:` for any).
                let effect = effect.map_or("", TaintEffect::as_str);
                write!(f, "taint {} not found", quote(&format!("{key}:{effect}")))
            }
            SimError::RevisionNotFound { revision } => {
                write!(f, "unable to find specified revision {revision} in history")
            }
            SimError::NoRolloutHistory { name } => {
                write!(f, "no rollout history found for daemonset {}", quote(name))
            }
            SimError::RolloutStatusUnavailable => {
                f.write_str("rollout status is only available for RollingUpdate strategy type")
            }
            SimError::InvalidNodeOp { message, .. } => f.write_str(message),
            SimError::Kubectl(message) => f.write_str(message.trim_end()),
        }
    }
}

impl std::error::Error for SimError {}

impl SimError {
    /// `NotFound` for a node.
    pub(crate) fn node_not_found(name: &str) -> SimError {
        SimError::NotFound {
            kind: ObjectKind::Node,
            name: name.to_string(),
        }
    }

    /// `NotFound` for a DaemonSet.
    pub(crate) fn daemon_set_not_found(name: &str) -> SimError {
        SimError::NotFound {
            kind: ObjectKind::DaemonSet,
            name: name.to_string(),
        }
    }

    /// `NotFound` for a pod.
    pub(crate) fn pod_not_found(name: &str) -> SimError {
        SimError::NotFound {
            kind: ObjectKind::Pod,
            name: name.to_string(),
        }
    }
}

/// One change, as a Kubernetes watch reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WatchEvent {
    /// `ADDED`, `MODIFIED` or `DELETED`.
    #[serde(rename = "type")]
    pub type_: String,
    /// The object after the change (before it, for DELETED), as the API shapes it.
    pub object: serde_json::Value,
    /// Simulated time of the change.
    pub time: SimTime,
}

/// One change as [`Simulation::take_watch_json`] gives it: the object as compact JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchEventJson {
    /// `ADDED`, `MODIFIED` or `DELETED`.
    pub type_: &'static str,
    /// The object after the change (before it, for DELETED), as the API shapes it, as
    /// compact JSON (object keys sorted, as a [`serde_json::Value`] writes them).
    pub object: String,
    /// Simulated time of the change.
    pub time: SimTime,
}

/// Pod creations and deletions the DaemonSet controller issued (what upstream tests
/// count with `expectSyncDaemonSets(creates, deletes)`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncCounts {
    /// Pods created.
    pub creates: u32,
    /// Pods deleted.
    pub deletes: u32,
}

/// Pod objects created, and deleted for good (removed from the API server: terminated, garbage
/// collected, deleted unscheduled), by anyone, since the simulation started
/// ([`Simulation::pod_totals`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PodTotals {
    /// Pods created.
    pub created: u64,
    /// Pods deleted for good.
    pub deleted: u64,
}

/// The simulated cluster.
#[derive(Clone, Debug, Default)]
pub struct Simulation {
    seed: u64,
    now: SimTime,
    rng: SplitMix64,
    /// Last `resourceVersion` handed out.
    rv: u64,
    /// Last internal id handed out (pods, DaemonSets).
    next_id: u64,
    nodes: cluster::NodeStore,
    /// Nodes ever created (ordinal for pod CIDRs and node IPs).
    node_ordinal: u32,
    daemon_sets: cluster::IdMap<DaemonSetEntry>,
    ds_by_name: BTreeMap<(String, String), DaemonSetId>,
    /// DaemonSets ever created (colour index).
    ds_counter: u32,
    pods: PodStore,
    pod_by_name: cluster::PodNames,
    revisions: RevisionStore,
    timers: TimerQueue,
    /// The DaemonSet controller's own state: its work queue, orphan pods, counters.
    controller: controller::Controller,
    /// Pods waiting for the scheduler.
    sched_queue: cluster::IdQueue,
    events: EventStore,
    inputs: Vec<(SimTime, Input)>,
    watch: watch::WatchRecorder,
    /// What changed since the last [`Simulation::view_changes`].
    view_tracker: view_delta::ViewTracker,
    /// The DaemonSets' status changes, while recorded ([`Simulation::record_statuses`]).
    status_log: status_log::StatusLog,
    /// Timers fired since the simulation started.
    fired: u64,
    /// Pod objects created and deleted for good since the simulation started.
    pod_totals: PodTotals,
    /// `fired` when the current input started (the budget counts from here).
    input_fired_start: u64,
    /// Timers one input may fire (0: [`DEFAULT_TIMER_BUDGET`]).
    timer_budget: u64,
    /// A buffer for text built once per pod (names, uids, messages) before it is shared.
    scratch: String,
    /// The last new Node's `status.allocatable` and `status.capacity`, and the allocatable
    /// resources the scheduler reads from them (`Simulation::allocatable_of`).
    allocatable_memo: Option<Rc<AllocatableMemo>>,
    /// Timers fired by the logged advance at the end of the input log, if a following
    /// advance may still be merged into it.
    merge_fired: Option<u64>,
}

/// A Node's `status.allocatable` and `status.capacity`, and its allocatable resources.
type AllocatableMemo = (
    Option<BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>>,
    Option<BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>>,
    crate::predicates::Resources,
);

/// The bound that stops an input before it is done ([`Simulation::input_bound_reached`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum InputBound {
    /// The input fired this many timers: its timer budget ([`DEFAULT_TIMER_BUDGET`], or
    /// [`Simulation::set_timer_budget`]).
    Timers(u64),
    /// While recording a watch, the input recorded this many notifications: [`WATCH_CAP`],
    /// or [`WATCH_PER_OBJECT`] per node and pod when that is more.
    WatchEvents(usize),
}

pub use watch::{WATCH_CAP, WATCH_PER_OBJECT};

/// The nodes of [`Simulation::with_default_cluster`], added in this order.
pub const DEFAULT_CLUSTER: [(&str, NodeTemplate); 4] = [
    ("control-plane", NodeTemplate::ControlPlane),
    ("worker-1", NodeTemplate::Worker),
    ("worker-2", NodeTemplate::Worker),
    ("worker-3", NodeTemplate::Worker),
];

/// Timers one input (one [`Simulation::step`] or [`Simulation::settle`]) may fire before
/// simulated time stops where it got to: a bound on the work of `Advance(u64::MAX)` in a
/// cluster that never settles (a pod evicted after its `tolerationSeconds`, re-created, ...).
pub const DEFAULT_TIMER_BUDGET: u64 = 250_000;

impl Simulation {
    /// An empty cluster (no nodes) whose random choices (pod names) come from `seed`.
    pub fn new(seed: u64) -> Self {
        Simulation {
            seed,
            rng: SplitMix64::new(seed),
            ..Simulation::default()
        }
    }

    /// The playground's default cluster: `control-plane` (tainted
    /// `node-role.kubernetes.io/control-plane:NoSchedule`) and `worker-1` … `worker-3`.
    ///
    /// The nodes are added as [`NodeOp::Add`] inputs, so [`Simulation::inputs`] replays them.
    pub fn with_default_cluster(seed: u64) -> Self {
        let mut sim = Self::new(seed);
        for (name, template) in DEFAULT_CLUSTER {
            let _ = sim.node_op(NodeOp::Add {
                name: Some(name.to_string()),
                template,
            });
        }
        sim
    }

    /// Rebuilds a run: a new cluster from `seed`, then every input in order.
    /// Same seed and inputs give the same cluster (names, uids and times included).
    pub fn replay<'a>(seed: u64, inputs: impl IntoIterator<Item = &'a Input>) -> Self {
        let mut sim = Self::new(seed);
        for input in inputs {
            let _ = sim.step(input.clone());
        }
        sim
    }

    /// The inputs carried out so far, with the simulated time each was carried out at.
    /// Consecutive time advances are merged.
    pub fn inputs(&self) -> &[(SimTime, Input)] {
        &self.inputs
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Current simulated time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Carries out one input. Errors of `Apply` are in the report; other refusals are `Err`.
    ///
    /// # Errors
    ///
    /// A refused operation (unknown node, pod, DaemonSet or kind; no revision to roll back to),
    /// in kubectl's words.
    pub fn step(&mut self, input: Input) -> Result<ApplyReport, SimError> {
        self.begin_input();
        if let Input::Advance(d) = input {
            let start = self.now;
            let result = self.carry_out(input);
            self.log_advance(start, d);
            return result;
        }
        if matches!(&input, Input::Apply { text, .. } if text.len() > crate::load::MAX_FILE_BYTES) {
            // Refused before anything is read (`file is too large`): nothing happens, so the
            // input log (what a page saves and shares) does not keep the text.
            self.merge_fired = None;
        } else {
            self.log_input(&input);
        }
        self.carry_out(input)
    }

    /// `kubectl apply -f FILE`: loads `text`, creates or updates each object.
    pub fn apply(&mut self, file: &str, text: &str) -> ApplyReport {
        let input = Input::Apply {
            file: file.to_string(),
            text: text.to_string(),
        };
        self.step(input).unwrap_or_default()
    }

    /// Creates or updates API objects directly (what [`Simulation::apply`] does after loading),
    /// taken as given: no loader defaults or create validation (the API server's update rules
    /// still apply). Recorded as [`Input::ApplyObjects`], so a run stays replayable.
    pub fn apply_objects(&mut self, objects: Vec<crate::load::ApiObject>) -> ApplyReport {
        let objects = objects.iter().map(render::api_object_json).collect();
        self.step(Input::ApplyObjects { objects })
            .unwrap_or_default()
    }

    /// Carries out a node operation.
    ///
    /// # Errors
    ///
    /// [`SimError::NotFound`] for an unknown node, [`SimError::AlreadyExists`] for a duplicate
    /// add, [`SimError::TaintNotFound`] for a taint to remove that the node does not have.
    pub fn node_op(&mut self, op: NodeOp) -> Result<(), SimError> {
        self.step(Input::Node(op)).map(|_| ())
    }

    /// Advances simulated time by `d`, running everything that falls due, in order.
    pub fn advance(&mut self, d: SimDuration) {
        let _ = self.step(Input::Advance(d));
    }

    /// Runs until nothing is left to change, or until `limit` of simulated time has passed.
    /// Returns whether the cluster settled.
    ///
    /// Like every input, a settle fires at most [`DEFAULT_TIMER_BUDGET`] timers; a cluster
    /// that is still changing then is not settled, and time stops where it got to.
    pub fn settle(&mut self, limit: SimDuration) -> bool {
        self.begin_input();
        let start = self.now;
        let deadline = start.plus(limit).min(SimTime::END);
        self.drain();
        let settled = loop {
            match self.timers.next_due() {
                None => break true,
                Some(t) if t > deadline => {
                    self.run_until(deadline);
                    break false;
                }
                Some(_) if self.budget_spent() => break false,
                Some(t) => self.run_until(t),
            }
        };
        let elapsed = self.now.since(start);
        if elapsed.as_millis() > 0 {
            self.log_advance(start, elapsed);
        }
        settled
    }

    /// The bound the current input (the last [`Simulation::step`] or [`Simulation::settle`])
    /// has reached, if any: when a settle returns `false` or an advance stops short of its
    /// time, this says whether its timer budget or its watch notifications stopped it
    /// (`None`: the settle's time limit did).
    pub fn input_bound_reached(&self) -> Option<InputBound> {
        self.bound_reached()
    }

    /// Testing aid: the number of timers one input may fire (0 restores
    /// [`DEFAULT_TIMER_BUDGET`]). A replay must use the same budget to give the same cluster.
    pub fn set_timer_budget(&mut self, timers: u64) {
        self.timer_budget = timers;
    }

    /// Timers fired since the simulation started (container starts, readiness, terminations,
    /// re-syncs, evictions): a measure of the work done, independent of wall-clock time.
    pub fn timers_fired(&self) -> u64 {
        self.fired
    }

    /// Whether nothing is queued: no pending timer and no pending controller work.
    pub fn is_settled(&self) -> bool {
        self.timers.len() == 0 && self.controller.queue.is_empty() && self.sched_queue.is_empty()
    }

    /// The cluster as the CLI and the page show it.
    pub fn view(&self) -> ClusterView {
        self.project_view()
    }

    /// What changed in [`Simulation::view`] since the previous call (the first call: all
    /// of it), events apart: `ClusterView::apply_delta` of each result onto the first call's
    /// view gives [`Simulation::view`] but for its events, which a page reads as it shows
    /// them ([`Simulation::events_newest_first`], [`Simulation::events_about`], with
    /// [`Simulation::events_version`] telling when they changed).
    pub fn view_changes(&mut self) -> ViewDelta {
        self.project_delta(None)
    }

    /// [`Simulation::view_changes`] with at most `max_nodes` node cards (the first in name
    /// order; at least one), but at the first look, which holds every node: the other
    /// changed nodes stay noted for the next look ([`Simulation::view_pending`] counts them).
    /// A page can so show a change of thousands of cards over several tasks: the deltas of
    /// successive looks, applied in turn, give the same view as one look would (a node's
    /// card is always its state at the look that carries it). A change of a DaemonSet's
    /// revision, which may change every card, comes in parts too (no `all_nodes`).
    pub fn view_changes_within(&mut self, max_nodes: usize) -> ViewDelta {
        self.project_delta(Some(max_nodes))
    }

    /// Node cards changed since the last look and not given yet
    /// ([`Simulation::view_changes_within`]).
    pub fn view_pending(&self) -> usize {
        self.view_tracker.nodes.len()
    }

    /// Why each DaemonSet has, or has no, pod on each node.
    pub fn explain_all(&self) -> Vec<PairExplanation> {
        self.explain_pairs(None)
    }

    /// Why each DaemonSet has, or has no, pod on node `name` (DaemonSets in namespace/name
    /// order): the pairs of [`Simulation::explain_all`] for that node.
    pub fn explain_node(&self, name: &str) -> Vec<PairExplanation> {
        self.explain_pairs(Some(name))
    }

    /// Everything in the cluster as one `v1 List` (Nodes, DaemonSets, ControllerRevisions,
    /// Pods, Events), shaped as the Kubernetes API shapes them.
    pub fn object_list(&self) -> serde_json::Value {
        self.render_object_list()
    }

    /// The items of [`Simulation::object_list`], in the same order, each built when the
    /// iterator reaches it: a writer that prints them one by one (as kubectl prints a List)
    /// holds one object at a time, not the whole list.
    pub fn list_items(&self) -> impl Iterator<Item = serde_json::Value> + '_ {
        self.render_items()
    }

    /// The items of [`Simulation::list_items`] as typed objects, each built when the
    /// iterator reaches it (a printer reads them through [`crate::json::JsonTree`], without
    /// a `serde_json::Value` per object).
    pub fn list_objects(&self) -> impl Iterator<Item = ListObject<'_>> + '_ {
        self.render_objects()
    }

    /// The items of [`Simulation::list_objects`] of one kind, in the same order (the others
    /// are not built): what `kubectl get pods` reads.
    pub fn list_objects_of(&self, kind: ListKind) -> impl Iterator<Item = ListObject<'_>> + '_ {
        self.render_objects_of(Some(kind))
    }

    /// One pod as the API shapes it (for "show YAML").
    pub fn pod_object(&self, namespace: &str, name: &str) -> Option<serde_json::Value> {
        let id = self.pod_by_name.get(namespace, name)?;
        self.pods
            .get(id)
            .and_then(|p| crate::json::to_value(self.render_pod(p)).ok())
    }

    /// One DaemonSet as the API shapes it (spec with defaults, server metadata, `.status`).
    pub fn daemon_set_object(
        &self,
        namespace: &str,
        name: &str,
    ) -> Option<k8s_openapi::api::apps::v1::DaemonSet> {
        self.daemon_set_rendered(namespace, name)
            .map(|d| d.to_daemon_set())
    }

    /// One DaemonSet as the API shapes it, read where it is stored.
    pub(crate) fn daemon_set_rendered(
        &self,
        namespace: &str,
        name: &str,
    ) -> Option<RenderedDaemonSet<'_>> {
        let id = self
            .ds_by_name
            .get(&(namespace.to_string(), name.to_string()))?;
        self.daemon_sets.get(id).map(|d| self.render_daemon_set(d))
    }

    /// One Node as the API shapes it.
    pub fn node_object(&self, name: &str) -> Option<k8s_openapi::api::core::v1::Node> {
        self.nodes.get(name).map(|n| self.render_node(n))
    }

    /// `kubectl rollout status daemonset NAME` right now (one check, no waiting).
    ///
    /// # Errors
    ///
    /// `daemonsets.apps "NAME" not found`, or `rollout status is only available for RollingUpdate strategy type`.
    pub fn rollout_status(&self, namespace: &str, name: &str) -> Result<String, SimError> {
        let id = self
            .ds_by_name
            .get(&(namespace.to_string(), name.to_string()))
            .ok_or_else(|| SimError::daemon_set_not_found(name))?;
        let ds = self
            .daemon_sets
            .get(id)
            .ok_or_else(|| SimError::daemon_set_not_found(name))?;
        project::rollout_status_words(ds)
    }

    /// Every event line, newest first, each built when the iterator reaches it (a page
    /// showing the newest few builds only those).
    pub fn events_newest_first(&self) -> impl Iterator<Item = EventView> + '_ {
        self.events.newest_first().map(project::event_view)
    }

    /// How many events are kept (at most [`EVENT_CAP`]).
    pub fn events_len(&self) -> usize {
        self.events.len()
    }

    /// A number that changes whenever an event is recorded or updated (0: none yet).
    pub fn events_version(&self) -> u64 {
        self.events.last_seq()
    }

    /// Events about any of `objects` (`kind` as kubectl prints it: `DaemonSet`, `Pod`,
    /// `Node`; namespace, ignored for nodes; name), newest first, at most `limit`.
    pub fn events_about(&self, objects: &[(&str, &str, &str)], limit: usize) -> Vec<EventView> {
        self.events
            .newest_first()
            .filter(|e| {
                objects.iter().any(|(kind, namespace, name)| {
                    e.involved.kind.eq_ignore_ascii_case(kind)
                        && *e.involved.name == **name
                        && (*e.involved.namespace == **namespace || e.involved.kind == "Node")
                })
            })
            .take(limit)
            .map(project::event_view)
            .collect()
    }

    /// Events about one object (`kind` as kubectl prints it: `DaemonSet`, `Pod`, `Node`), newest first.
    pub fn events_for(&self, kind: &str, namespace: &str, name: &str) -> Vec<EventView> {
        self.events_about(&[(kind, namespace, name)], usize::MAX)
    }

    /// Starts recording watch events (off by default: it costs memory).
    pub fn record_watch(&mut self, on: bool) {
        self.watch.set_on(on);
    }

    /// The watch events recorded since the last call.
    pub fn take_watch_events(&mut self) -> Vec<WatchEvent> {
        self.watch.take()
    }

    /// The watch events recorded since the last call, each object as the JSON text it is
    /// kept as (a tenth of the memory of a [`serde_json::Value`]): what a program writing
    /// them out wants, with nothing to parse or serialize again.
    pub fn take_watch_json(&mut self) -> Vec<WatchEventJson> {
        self.watch.take_json()
    }

    /// Testing aid: when `manual` is true the DaemonSet controller runs only through
    /// [`Simulation::sync_all_once`] (the scheduler, kubelet and others still run), so a test
    /// can count creates and deletes per sync as upstream's `expectSyncDaemonSets` does.
    pub fn set_manual_sync(&mut self, manual: bool) {
        self.controller.manual_sync = manual;
    }

    /// Testing aid: when `on` is true every sync recomputes everything from the store, as
    /// upstream's `syncDaemonSet` does (the pods of each node, every node's
    /// `NodeShouldRunDaemonPod`, the current revision, the whole status) instead of looking
    /// only at what changed since the last sync. The objects and events are the same either
    /// way, resourceVersions apart (tests/controller_matches_full_resync.rs checks it); this
    /// mode is the oracle for that test, and slower.
    #[doc(hidden)]
    pub fn set_full_resync(&mut self, on: bool) {
        self.controller.full_resync = on;
    }

    /// Syncs every DaemonSet once (`syncDaemonSet` for each key, in namespace/name order),
    /// then lets the other components react at the same instant; returns the creates and
    /// deletes the controller issued.
    pub fn sync_all_once(&mut self) -> SyncCounts {
        self.begin_input();
        let before = self.controller.counts;
        let ids: Vec<DaemonSetId> = self.ds_by_name.values().copied().collect();
        for id in ids {
            self.controller.queue.remove(&id);
            if let Some(cache) = self.controller.caches.get_mut(&id) {
                cache.dirty_all = true;
            }
            self.sync_daemon_set(id);
        }
        // Let what is due at this instant happen (zero grace periods, the scheduler).
        self.run_until(self.now);
        SyncCounts {
            creates: self.controller.counts.creates - before.creates,
            deletes: self.controller.counts.deletes - before.deletes,
        }
    }

    /// Creates and deletes the DaemonSet controller issued since the simulation started.
    pub fn sync_counts(&self) -> SyncCounts {
        self.controller.counts
    }

    /// The current revision hash (`controller-revision-hash`) of a DaemonSet, once synced.
    pub fn current_revision_hash(&self, namespace: &str, name: &str) -> Option<String> {
        let id = self
            .ds_by_name
            .get(&(namespace.to_string(), name.to_string()))?;
        self.controller
            .caches
            .get(id)?
            .current
            .as_ref()
            .map(|c| c.hash.to_string())
    }

    /// Kubernetes: `getNodesToDaemonPods(ds, includeDeletedTerminal=false)`: claims the
    /// DaemonSet's pods (adopting matching orphans, as upstream's `ClaimPods` does) and maps
    /// them to node names (bound node, else the affinity target). Pod names per node, oldest first.
    pub fn nodes_to_daemon_pods(
        &mut self,
        namespace: &str,
        name: &str,
    ) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let Some(&id) = self
            .ds_by_name
            .get(&(namespace.to_string(), name.to_string()))
        else {
            return out;
        };
        self.claim_orphans(id);
        for p in self.pods.values() {
            if p.owner == Some(id) && !(p.phase.is_terminal() && p.deletion.is_some()) {
                if let Some(n) = p.mapped_node() {
                    out.entry(n.to_string())
                        .or_default()
                        .push(p.name.to_string());
                }
            }
        }
        out
    }

    /// Number of pod objects (including terminating ones).
    pub fn pod_count(&self) -> usize {
        self.pods.len()
    }

    /// Pods created and deleted for good since the simulation started.
    pub fn pod_totals(&self) -> PodTotals {
        self.pod_totals
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Whether a node of this name exists.
    pub fn has_node(&self, name: &str) -> bool {
        self.nodes.contains_key(name)
    }

    /// Every node's state in brief, in name order, without building its API object (what
    /// the churn autopilot reads before each operation: [`crate::autopilot`]).
    pub fn node_briefs(&self) -> impl Iterator<Item = NodeBrief<'_>> + '_ {
        self.nodes.values().map(|n| NodeBrief {
            name: &n.name,
            ready: n.ready,
            lost: n.lost_since.is_some(),
            node: &n.obj,
        })
    }

    /// When every DaemonSet pod the node `name` should run was Ready: for each DaemonSet
    /// whose controller wants a pod there (it counts the node in `desiredNumberScheduled`),
    /// the pod it counts is Ready; the answer is the latest of their Ready transitions (the
    /// node's creation when no DaemonSet wants a pod there). `None` while one is missing or
    /// not Ready, while the node is not Ready, or when there is no such node.
    pub fn daemon_pods_ready_at(&self, name: &str) -> Option<SimTime> {
        let i = self.nodes.idx(name)?;
        let node = self.nodes.at(i)?;
        if !node.ready || node.lost_since.is_some() {
            return None;
        }
        let mut at = node.created;
        for cache in self.controller.caches.values() {
            let Some(state) = cache.node_state(i) else {
                continue;
            };
            if state.status_bits & controller::status_bits::DESIRED == 0 {
                continue;
            }
            if state.status_bits & controller::status_bits::READY == 0 {
                return None;
            }
            let pod = controller::first_pod(state, &self.pods)?;
            at = at.max(pod.ready_changed);
        }
        Some(at)
    }
}

/// One node in brief ([`Simulation::node_briefs`]).
#[derive(Clone, Copy, Debug)]
pub struct NodeBrief<'a> {
    /// `metadata.name`.
    pub name: &'a str,
    /// The `Ready` condition is True.
    pub ready: bool,
    /// Lost: its kubelet stopped posting status ([`NodeOp::Lose`]).
    pub lost: bool,
    node: &'a k8s_openapi::api::core::v1::Node,
}

impl NodeBrief<'_> {
    /// `spec.unschedulable` (cordoned).
    pub fn unschedulable(&self) -> bool {
        self.node
            .spec
            .as_ref()
            .and_then(|s| s.unschedulable)
            .unwrap_or(false)
    }

    /// Whether the node has a taint with this key (any effect).
    pub fn has_taint(&self, key: &str) -> bool {
        self.node
            .spec
            .as_ref()
            .and_then(|s| s.taints.as_ref())
            .is_some_and(|t| t.iter().any(|t| t.key == key))
    }

    /// Whether the node has this label (any value).
    pub fn has_label(&self, key: &str) -> bool {
        self.node
            .metadata
            .labels
            .as_ref()
            .is_some_and(|l| l.contains_key(key))
    }
}
