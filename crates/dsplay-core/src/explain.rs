//! Why a daemon pod is, or is not, on a node: in words a learner understands,
//! matched to the Kubernetes reason.
//!
//! OWNER: predicates work.

use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::Node;
use serde::{Deserialize, Serialize};

/// The controller's view of one (DaemonSet, node) pair, explained.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// `NodeShouldRunDaemonPod`'s shouldRun.
    pub should_run: bool,
    /// `NodeShouldRunDaemonPod`'s shouldContinueRunning.
    pub should_continue_running: bool,
    /// One sentence: "runs here: every taint is tolerated" / "no pod: node has taint
    /// `node-role.kubernetes.io/control-plane:NoSchedule` that the pod does not tolerate".
    pub summary: String,
    /// Each check in order (nodeName, nodeSelector, node affinity, each taint), with its outcome.
    pub checks: Vec<Check>,
}

/// One check of `NodeShouldRunDaemonPod` and how it went.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// What was checked, e.g. "nodeSelector", "taint dedicated=x:NoSchedule".
    pub name: String,
    /// Whether the pod passes it.
    pub passed: bool,
    /// The explanation in plain words.
    pub detail: String,
}

/// Explains `NodeShouldRunDaemonPod` for one pair.
pub fn explain(node: &Node, ds: &DaemonSet) -> Explanation {
    let _ = (node, ds);
    Explanation::default()
}
