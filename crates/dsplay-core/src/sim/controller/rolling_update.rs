//! Kubernetes: `rollingUpdate`, `updatedDesiredNodeCounts`, `findUpdatedPodsOnNode`
//! (update.go).

use super::super::cluster::{DaemonSetId, PodEntry, PodId};
use super::super::Simulation;
use super::plan::PodPlan;
use super::state::CurrentRevision;
use super::util::{is_pod_updated, is_rolling_update, surge_count, unavailable_count};
use k8s_openapi::api::apps::v1::DaemonSet;

/// Kubernetes: `updatedDesiredNodeCounts`: (maxSurge, maxUnavailable, desiredNumberScheduled),
/// with the fallback maxUnavailable = 1 when both are 0.
pub(crate) fn updated_desired_node_counts(ds: &DaemonSet, desired: i64) -> (i64, i64) {
    let mut max_unavailable = unavailable_count(ds, desired);
    let max_surge = surge_count(ds, desired);
    if desired > 0 && max_unavailable == 0 && max_surge == 0 {
        max_unavailable = 1;
    }
    (max_surge, max_unavailable)
}

/// Kubernetes: `findUpdatedPodsOnNode`: (newPod, oldPod), or `None` if the node has more
/// than one of either (excess pods, left to `manage`). Terminating pods are ignored.
type PodRef<'a> = (PodId, &'a PodEntry);

fn find_updated_pods_on_node<'a>(
    current: Option<&CurrentRevision>,
    pods_on_node: &[PodRef<'a>],
) -> Option<(Option<PodRef<'a>>, Option<PodRef<'a>>)> {
    let mut new_pod = None;
    let mut old_pod = None;
    for &(id, p) in pods_on_node {
        if p.deletion.is_some() {
            continue;
        }
        if is_pod_updated(p, current) {
            if new_pod.is_some() {
                return None;
            }
            new_pod = Some((id, p));
        } else {
            if old_pod.is_some() {
                return None;
            }
            old_pod = Some((id, p));
        }
    }
    Some((new_pod, old_pod))
}

/// One entry of `nodeToDaemonPods` after `updatedDesiredNodeCounts` filled in desired nodes.
struct NodePods<'a> {
    name: String,
    /// `Some(shouldRun)` for existing nodes, `None` when the node does not exist.
    should_run: Option<bool>,
    pods: Vec<(PodId, &'a PodEntry)>,
}

impl Simulation {
    /// Whether `rollingUpdate` could do anything: RollingUpdate strategy and some live pod
    /// that is not updated.
    pub(in crate::sim) fn rolling_update_needed(&self, id: DaemonSetId) -> bool {
        let (Some(ds), Some(cache)) = (self.daemon_sets.get(&id), self.controller.caches.get(&id))
        else {
            return false;
        };
        is_rolling_update(&ds.obj) && (self.controller.full_resync || cache.not_updated_pods > 0)
    }

    /// Kubernetes: `rollingUpdate(ds, nodeList, hash)` up to its call of `syncNodes`: returns
    /// the plan ([`Simulation::carry_out_plan`] carries it out).
    pub(in crate::sim) fn rolling_update(&mut self, id: DaemonSetId) -> PodPlan {
        let now = self.now;
        let (Some(ds), Some(cache)) = (self.daemon_sets.get(&id), self.controller.caches.get(&id))
        else {
            return PodPlan::default();
        };
        let ds = &ds.obj;
        let current = cache.current.as_ref();
        let pods = &self.pods;
        let live = |ids: &[PodId]| -> Vec<(PodId, &PodEntry)> {
            ids.iter()
                .filter_map(|i| pods.get(i).map(|p| (*i, p)))
                .filter(|(_, p)| !(p.phase.is_terminal() && p.deletion.is_some()))
                .collect()
        };
        let mut map: Vec<NodePods> = Vec::new();
        let mut desired: i64 = 0;
        for &idx in self.nodes.order() {
            let Some(name) = self.nodes.at(idx).map(|n| &n.name) else {
                continue;
            };
            let node_state = cache.node_state(idx);
            let should_run = node_state
                .and_then(|n| n.placement)
                .is_some_and(|p| p.should_run);
            let node_pods = node_state.map(|n| live(&n.pods)).unwrap_or_default();
            if should_run {
                desired += 1;
            }
            if should_run || !node_pods.is_empty() {
                map.push(NodePods {
                    name: name.to_string(),
                    should_run: Some(should_run),
                    pods: node_pods,
                });
            }
        }
        for (name, ids) in &cache.pods_on_missing_nodes {
            let node_pods = live(ids);
            if !node_pods.is_empty() {
                map.push(NodePods {
                    name: name.clone(),
                    should_run: None,
                    pods: node_pods,
                });
            }
        }
        let (max_surge, max_unavailable) = updated_desired_node_counts(ds, desired);
        let min_ready = ds.spec.min_ready_seconds.unwrap_or(0);
        let available = |p: &PodEntry| p.is_available(min_ready, now);

        let mut to_delete: Vec<PodId> = Vec::new();
        let mut to_create: Vec<String> = Vec::new();
        if max_surge == 0 {
            // When not surging, we delete just enough pods to stay under the maxUnavailable
            // limit, if any are necessary, and let the core loop create new instances on
            // those nodes.
            //
            // Assumptions:
            // * Expect manage loop to allow no more than one pod per node
            // * Expect manage loop will create new pods
            // * Expect manage loop will handle failed pods
            // * Deleted pods do not count as unavailable so that updates make progress when nodes are down
            // Invariants:
            // * The number of new pods that are unavailable must be less than maxUnavailable
            // * A node with an available old pod is a candidate for deletion if it does not violate other invariants
            let mut num_unavailable: i64 = 0;
            let mut allowed_replacement: Vec<PodId> = Vec::new();
            let mut candidates: Vec<PodId> = Vec::new();
            for np in &map {
                let Some((new_pod, old_pod)) = find_updated_pods_on_node(current, &np.pods) else {
                    num_unavailable += 1;
                    continue;
                };
                match (new_pod, old_pod) {
                    (None, None) | (Some(_), Some(_)) => num_unavailable += 1,
                    (Some((_, n)), None) => {
                        if !available(n) {
                            num_unavailable += 1;
                        }
                    }
                    (None, Some((oid, o))) => {
                        if !available(o) {
                            allowed_replacement.push(oid);
                            num_unavailable += 1;
                        } else if num_unavailable >= max_unavailable {
                            continue;
                        } else {
                            candidates.push(oid);
                        }
                    }
                }
            }
            let remaining = (max_unavailable - num_unavailable)
                .max(0)
                .min(i64::try_from(candidates.len()).unwrap_or(i64::MAX));
            to_delete = allowed_replacement;
            to_delete.extend(
                candidates
                    .into_iter()
                    .take(usize::try_from(remaining).unwrap_or(0)),
            );
        } else {
            // When surging, we create new pods whenever an old pod is unavailable, and we can
            // create up to maxSurge extra pods
            //
            // Assumptions:
            // * Expect manage loop to allow no more than two pods per node, one old, one new
            // * Expect manage loop will create new pods if there are no pods on node
            // * Expect manage loop will handle failed pods
            // * Deleted pods do not count as unavailable so that updates make progress when nodes are down
            // Invariants:
            // * A node with an unavailable old pod is a candidate for immediate new pod creation
            // * An old available pod is deleted if a new pod is available
            // * No more than maxSurge new pods are created for old available pods at any one time
            let mut should_not_run_to_delete: Vec<PodId> = Vec::new();
            let mut candidate_new_nodes: Vec<String> = Vec::new();
            let mut allowed_new_nodes: Vec<String> = Vec::new();
            let mut num_surge: i64 = 0;
            let mut num_available: i64 = 0;
            for np in &map {
                let Some((new_pod, old_pod)) = find_updated_pods_on_node(current, &np.pods) else {
                    num_surge += 1;
                    continue;
                };
                match (old_pod, new_pod) {
                    (Some((_, o)), _) if available(o) => num_available += 1,
                    // `else if newPod != nil && IsPodAvailable(newPod)`: also when the old pod
                    // is there but unavailable.
                    (_, Some((_, n))) if available(n) => num_available += 1,
                    _ => {}
                }
                match (old_pod, new_pod) {
                    (None, _) => {}
                    (Some((oid, o)), None) => {
                        // The node lookup fails for a node that does not exist.
                        let Some(should_run) = np.should_run else {
                            continue;
                        };
                        if !available(o) {
                            if !should_run {
                                to_delete.push(oid);
                                continue;
                            }
                            allowed_new_nodes.push(np.name.clone());
                        } else {
                            if !should_run {
                                should_not_run_to_delete.push(oid);
                                continue;
                            }
                            if num_surge >= max_surge {
                                continue;
                            }
                            candidate_new_nodes.push(np.name.clone());
                        }
                    }
                    (Some((oid, _)), Some((_, n))) => {
                        if !available(n) {
                            num_surge += 1;
                            continue;
                        }
                        to_delete.push(oid);
                    }
                }
            }
            let remaining = (max_surge - num_surge)
                .max(0)
                .min(i64::try_from(candidate_new_nodes.len()).unwrap_or(i64::MAX));
            to_create = allowed_new_nodes;
            to_create.extend(
                candidate_new_nodes
                    .into_iter()
                    .take(usize::try_from(remaining).unwrap_or(0)),
            );
            // Pods on nodes that should no longer run one go only while there is spare availability.
            let spare = usize::try_from((num_available - desired).max(0)).unwrap_or(0);
            to_delete.extend(should_not_run_to_delete.into_iter().take(spare));
        }
        if to_delete.is_empty() && to_create.is_empty() {
            return PodPlan::default();
        }
        let nodes_needing_daemon_pods =
            to_create.iter().filter_map(|n| self.nodes.idx(n)).collect();
        if let Some(cache) = self.controller.caches.get_mut(&id) {
            cache.dirty_all = true;
        }
        PodPlan {
            nodes_needing_daemon_pods,
            pods_to_delete: to_delete,
            ..PodPlan::default()
        }
    }
}
