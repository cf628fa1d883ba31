//! Pair explanations: the controller's decision for each (DaemonSet, node) pair, from
//! [`crate::explain::explain`], plus what the pods there are doing.

use super::Simulation;
use crate::view::{PairExplanation, PodDisplayPhase};

impl Simulation {
    /// Every (DaemonSet, node) pair, DaemonSets in namespace/name order, nodes by name
    /// (only node `only`, when given).
    pub(crate) fn explain_pairs(&self, only: Option<&str>) -> Vec<PairExplanation> {
        let mut out = Vec::new();
        for ((ns, name), id) in &self.ds_by_name {
            let Some(ds) = self.daemon_sets.get(id) else {
                continue;
            };
            let idxs: Vec<u32> = match only {
                Some(name) => self.nodes.idx(name).into_iter().collect(),
                None => self.nodes.order().to_vec(),
            };
            for idx in idxs {
                let Some(node) = self.nodes.at(idx) else {
                    continue;
                };
                let node_name = &node.name;
                let explanation = crate::explain::explain(&node.obj, &ds.obj);
                let pods: Vec<_> = self
                    .controller
                    .caches
                    .get(id)
                    .and_then(|c| c.node_state(idx))
                    .map(|node_state| {
                        node_state
                            .pods
                            .iter()
                            .filter_map(|p| self.pods.get(p))
                            .collect()
                    })
                    .unwrap_or_default();
                let pod_summary = match pods.as_slice() {
                    [] if explanation.should_run => {
                        "no pod yet: the controller will create one at its next sync".to_string()
                    }
                    [] => "no pod".to_string(),
                    ps => ps
                        .iter()
                        .map(|p| {
                            let v = self.pod_view(p);
                            let mut s = format!("pod {} is {}", v.name, v.phase.as_str());
                            if v.phase == PodDisplayPhase::Pending {
                                if let Some(m) = &v.message {
                                    s.push_str(": ");
                                    s.push_str(m);
                                }
                            }
                            if !explanation.should_run && explanation.should_continue_running {
                                s.push_str(" (kept: it may continue running, but no new pod would be placed here)");
                            }
                            s
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                };
                out.push(PairExplanation {
                    namespace: ns.clone(),
                    daemon_set: name.clone(),
                    node: node_name.to_string(),
                    explanation,
                    pods: pods.iter().map(|p| p.name.to_string()).collect(),
                    pod_summary,
                });
            }
        }
        out
    }
}
