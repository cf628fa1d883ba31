//! The simulated cluster: API objects, the DaemonSet controller, the default
//! scheduler, a kubelet, the node lifecycle controller's taints, and the pod
//! garbage collector, over simulated time.
//!
//! OWNER: simulation work. The public signatures here are the contract with the
//! CLI and the app; the bodies are placeholders to be replaced.

use crate::clock::{SimDuration, SimTime};
use crate::location::{LocatedError, ObjectRef};
use crate::view::{ClusterView, PairExplanation};
use serde::{Deserialize, Serialize};

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
    /// Mark the node Ready or NotReady (with the node lifecycle controller's `not-ready` taints).
    SetReady {
        /// Node name.
        name: String,
        /// Ready or not.
        ready: bool,
    },
    /// `kubectl taint nodes NAME key=value:Effect`.
    AddTaint {
        /// Node name.
        name: String,
        /// Taint key.
        key: String,
        /// Taint value (may be empty).
        value: String,
        /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
        effect: String,
    },
    /// `kubectl taint nodes NAME key:Effect-`.
    RemoveTaint {
        /// Node name.
        name: String,
        /// Taint key.
        key: String,
        /// Effect.
        effect: String,
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
    /// `kubectl delete KIND NAME` (kind: `node`, `daemonset`/`ds`, `pod`).
    Delete {
        /// Kind as typed.
        kind: String,
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
    /// Rejected objects and syntax errors, located.
    pub errors: Vec<LocatedError>,
}

/// A refused operation (unknown node, unknown kind, ...), in kubectl's words
/// (`nodes "worker-9" not found`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimError(pub String);

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SimError {}

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

/// The simulated cluster.
#[derive(Clone, Debug, Default)]
pub struct Simulation {
    seed: u64,
    now: SimTime,
}

impl Simulation {
    /// An empty cluster (no nodes) whose random choices (pod names) come from `seed`.
    pub fn new(seed: u64) -> Self {
        Simulation {
            seed,
            now: SimTime::ZERO,
        }
    }

    /// The playground's default cluster: `control-plane` (tainted
    /// `node-role.kubernetes.io/control-plane:NoSchedule`) and `worker-1` … `worker-3`.
    pub fn with_default_cluster(seed: u64) -> Self {
        Self::new(seed)
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
    pub fn step(&mut self, input: Input) -> Result<ApplyReport, SimError> {
        let _ = input;
        Ok(ApplyReport::default())
    }

    /// `kubectl apply -f FILE`: loads `text`, creates or updates each object.
    pub fn apply(&mut self, file: &str, text: &str) -> ApplyReport {
        let _ = (file, text);
        ApplyReport::default()
    }

    /// Carries out a node operation.
    pub fn node_op(&mut self, op: NodeOp) -> Result<(), SimError> {
        let _ = op;
        Ok(())
    }

    /// Advances simulated time by `d`, running everything that falls due, in order.
    pub fn advance(&mut self, d: SimDuration) {
        self.now = self.now.plus(d);
    }

    /// Runs until nothing is left to change, or until `limit` of simulated time has passed.
    /// Returns whether the cluster settled.
    pub fn settle(&mut self, limit: SimDuration) -> bool {
        let _ = limit;
        true
    }

    /// The cluster as the CLI and the page show it.
    pub fn view(&self) -> ClusterView {
        ClusterView {
            now: self.now,
            ..ClusterView::default()
        }
    }

    /// Why each DaemonSet has, or has no, pod on each node.
    pub fn explain_all(&self) -> Vec<PairExplanation> {
        Vec::new()
    }

    /// Everything in the cluster as one `v1 List` (Nodes, DaemonSets, ControllerRevisions,
    /// Pods, Events), shaped as the Kubernetes API shapes them.
    pub fn object_list(&self) -> serde_json::Value {
        serde_json::json!({"apiVersion": "v1", "kind": "List", "items": [], "metadata": {"resourceVersion": ""}})
    }

    /// One pod as the API shapes it (for "show YAML").
    pub fn pod_object(&self, namespace: &str, name: &str) -> Option<serde_json::Value> {
        let _ = (namespace, name);
        None
    }

    /// Starts recording watch events (off by default: it costs memory).
    pub fn record_watch(&mut self, on: bool) {
        let _ = on;
    }

    /// The watch events recorded since the last call.
    pub fn take_watch_events(&mut self) -> Vec<WatchEvent> {
        Vec::new()
    }
}
