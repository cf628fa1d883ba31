//! Kubernetes: `syncDaemonSet` (daemon_controller.go).

use super::super::cluster::{DaemonSetId, NodeIdx, NodeStore};
use super::super::events::EventType;
use super::super::{selector, Simulation};
use super::handlers::OldPod;
use super::state::DaemonSetCache;
use crate::predicates::node_should_run_daemon_pod;
use crate::predicates::CONTROLLER_REVISION_HASH_LABEL;

/// Merges the (name-ordered) dirty nodes with the nodes waiting for a pod: the nodes in name
/// order, and for each whether it is only waiting (not dirty).
fn merge_waiting(
    nodes: &NodeStore,
    dirty: Vec<NodeIdx>,
    waiting: Vec<NodeIdx>,
) -> (Vec<NodeIdx>, Vec<bool>) {
    let rank = |i: &NodeIdx| nodes.rank_of(*i);
    let mut waiting: Vec<NodeIdx> = waiting
        .into_iter()
        .filter(|&i| nodes.at(i).is_some())
        .collect();
    if !waiting.is_sorted_by_key(rank) {
        crate::sort::sort_by_rank(&mut waiting, |i| nodes.rank_of(i));
    }
    waiting.dedup();
    let mut out = Vec::with_capacity(dirty.len() + waiting.len());
    let mut only = Vec::with_capacity(dirty.len() + waiting.len());
    let mut d = dirty.into_iter().peekable();
    let mut w = waiting.into_iter().peekable();
    loop {
        match (d.peek(), w.peek()) {
            (Some(a), Some(b)) if a == b => {
                out.push(*a);
                only.push(false);
                d.next();
                w.next();
            }
            (Some(a), Some(b)) if rank(a) < rank(b) => {
                out.push(*a);
                only.push(false);
                d.next();
            }
            (_, Some(b)) => {
                out.push(*b);
                only.push(true);
                w.next();
            }
            (Some(a), None) => {
                out.push(*a);
                only.push(false);
                d.next();
            }
            (None, None) => break,
        }
    }
    (out, only)
}

/// `BurstReplicas`: most creations (and, separately, deletions) per sync.
pub(crate) const BURST_REPLICAS: usize = 250;

impl Simulation {
    /// Kubernetes: `syncDaemonSet(key)`.
    ///
    /// Differs on purpose: pod creations and deletions are observed at once (expectations
    /// are always satisfied, as with upstream's fake pod control); a sync that created or
    /// deleted pods queues another sync, as the pod events would.
    ///
    /// Upstream recomputes everything from its informers' stores on every sync. This sync
    /// looks only at the nodes that may decide differently since the last one, and keeps
    /// status counters per node. It gives the same objects and events as a full recompute
    /// (`Simulation::set_full_resync`, the oracle of tests/controller_matches_full_resync.rs)
    /// because of these invariants, which hold between syncs:
    ///
    /// * Pod index: a DaemonSet's `per_node[n].pods` ([`DaemonSetCache`]) holds exactly the
    ///   ids of the pods it controls that map to node `n` (`spec.nodeName`, else the affinity
    ///   target), in id order; `pods_on_missing_nodes` those that map to a node that does not
    ///   exist; `pods_by_hash` counts its pods per `controller-revision-hash`;
    ///   `not_updated_pods` counts its non-terminating pods that are not updated; `orphans`
    ///   holds the live pods without a controller reference. The handlers
    ///   (`controller/handlers.rs`) keep them so after every pod write.
    /// * Placements: a cached `per_node[n].placement` is `NodeShouldRunDaemonPod` for the
    ///   node and the DaemonSet as stored now: a DaemonSet spec change clears them all
    ///   (`update_daemonset`), a node change or creation recomputes that node's
    ///   (`update_node`, `add_node`).
    /// * Dirty nodes: what `podsShouldBeOnNode` decides for a node, and the status it
    ///   contributes, can differ from what the last sync that looked at it found only if the
    ///   node is dirty (`dirty_nodes`, `dirty_all`) or waiting (`waiting`). Whatever can change
    ///   them marks the node: a write to a pod mapped to it, a change of its placement, a new
    ///   current revision or spec (every node), and time, through timers set when the node was
    ///   looked at (a pod becoming available after `minReadySeconds`), and the end of a
    ///   failed pod's back-off (`backoff_ends`: the first sync after it looks at the node).
    /// * Status: `totals` is the sum of every node's `status_bits`, and a node's `status_bits` is what
    ///   it contributed when last looked at (still right, by the previous invariant).
    /// * Waiting: `waiting` holds the nodes that still needed a pod when `BurstReplicas` cut a
    ///   sync's creations short; until something marks them dirty, each needs one again.
    /// * History: `current` is the revision `constructHistory` chose for the stored template;
    ///   `history_clean` records the (revision store, DaemonSet) versions at which it last had
    ///   nothing to do (the controller's own status writes carry it over: they change nothing
    ///   it reads).
    ///
    /// `rollingUpdate` walks every node whenever it runs, and it runs whenever a pod is not
    /// updated (`not_updated_pods > 0`): with none, it has nothing to do.
    pub(in crate::sim) fn sync_daemon_set(&mut self, id: DaemonSetId) {
        let Some(ds) = self.daemon_sets.get(&id) else {
            return;
        };
        if selector::is_empty(&ds.obj.spec.selector) {
            self.ds_event(
                id,
                EventType::Warning,
                "SelectingAll",
                "This daemon set is selecting all pods. A non-empty selector is required."
                    .to_string(),
            );
            if let Some(cache) = self.controller.caches.get_mut(&id) {
                cache.dirty_all = false;
                cache.dirty_nodes.clear();
                cache.waiting.clear();
            }
            return;
        }
        if ds.obj.metadata.deletion_timestamp.is_some() {
            return;
        }
        if self.controller.full_resync {
            self.resync_from_store(id);
        }
        // constructHistory: a new current revision makes every node dirty.
        if self.construct_history(id) {
            if let Some(cache) = self.controller.caches.get_mut(&id) {
                cache.dirty_all = true;
            }
            self.recount_not_updated_pods(id);
        }
        self.claim_orphans(id);
        let (all, dirty, waiting) = match self.controller.caches.get_mut(&id) {
            Some(cache) => {
                if !cache.backoff_ends.is_empty() {
                    let now = self.now;
                    let nodes = &self.nodes;
                    let DaemonSetCache {
                        backoff_ends,
                        dirty_nodes,
                        ..
                    } = cache;
                    backoff_ends.retain(|(ends, node)| {
                        let ended = *ends <= now;
                        if ended {
                            dirty_nodes.insert_name(nodes, node);
                        }
                        !ended
                    });
                }
                let all = std::mem::take(&mut cache.dirty_all);
                if all {
                    cache.dirty_nodes.clear();
                    cache.waiting.clear();
                    (all, Vec::new(), Vec::new())
                } else {
                    let dirty = cache.dirty_nodes.take_sorted(&self.nodes);
                    (all, dirty, std::mem::take(&mut cache.waiting))
                }
            }
            None => return,
        };
        // The nodes to look at: the dirty ones and those waiting for a pod, in name order
        // (`waiting_only[k]`: `dirty[k]` is only waiting).
        let (dirty, waiting_only) = if waiting.is_empty() {
            (dirty, Vec::new())
        } else {
            merge_waiting(&self.nodes, dirty, waiting)
        };
        // Manage refreshes the placements of the nodes it looks at in its own pass.
        let mut outcome = self.manage(id, all, &dirty, &waiting_only);
        let manage_counts = self.carry_out_plan(id, std::mem::take(&mut outcome.plan));
        let mut acted = manage_counts;
        let mut full_status = all;
        let mut ran_rolling_update = false;
        // Creations and deletions are observed at once (expectations satisfied), so
        // rollingUpdate runs in the same sync, as in upstream's unit tests.
        if self.rolling_update_needed(id) {
            if !all {
                self.refresh_placements(id, true, &[]);
            }
            let plan = self.rolling_update(id);
            let ru = self.carry_out_plan(id, plan);
            acted.creates += ru.creates;
            acted.deletes += ru.deletes;
            full_status = true;
            ran_rolling_update = true;
        }
        let manage_acted = manage_counts.creates + manage_counts.deletes > 0;
        if acted.creates + acted.deletes > 0 {
            // The controller syncs again when it observes its own pod events.
            if let Some(cache) = self.controller.caches.get_mut(&id) {
                if !ran_rolling_update {
                    // Every node to look at was looked at: only those with work left
                    // (creations cut short by BurstReplicas, deletions) can decide
                    // differently next time; any other node that changes meanwhile is
                    // marked dirty by its change. A node still without a pod that should
                    // run one waits (it needs one again until something changes, and a
                    // change marks it dirty).
                    cache.waiting.reserve(outcome.touched.len());
                    for i in outcome.touched {
                        let waits = self.nodes.at(i).is_some()
                            && cache.per_node.get(i).is_some_and(|node_state| {
                                node_state.pods.is_empty()
                                    && node_state.placement.is_some_and(|p| p.should_run)
                            });
                        if waits {
                            cache.waiting.push(i);
                        } else {
                            cache.dirty_nodes.insert(i);
                        }
                    }
                } else {
                    cache.dirty_all |= all;
                    if !all {
                        for &i in &dirty {
                            cache.dirty_nodes.insert(i);
                        }
                    }
                }
            }
            self.controller.queue.insert(id);
        }
        self.cleanup_history(id);
        match outcome.status {
            // Nothing changed since manage's pass: its status contributions stand.
            Some((totals, later)) if full_status && !manage_acted && !ran_rolling_update => {
                if let Some(cache) = self.controller.caches.get_mut(&id) {
                    cache.totals = totals;
                }
                self.finish_daemon_set_status(id, later);
            }
            _ => {
                let nodes = if full_status || outcome.waited.is_empty() {
                    dirty
                } else {
                    // A waiting node still without a pod contributes what it did.
                    let mut waited = outcome.waited.iter().peekable();
                    let per_node = self.controller.caches.get(&id).map(|c| &c.per_node);
                    dirty
                        .into_iter()
                        .filter(|&i| {
                            if waited.next_if_eq(&&i).is_none() {
                                return true;
                            }
                            per_node
                                .and_then(|p| p.get(i))
                                .is_none_or(|node_state| !node_state.pods.is_empty())
                        })
                        .collect()
                };
                self.update_daemon_set_status(id, full_status, &nodes);
                if let Some(cache) = self.controller.caches.get_mut(&id) {
                    cache.dirty_nodes.give_back(nodes);
                }
            }
        }
    }

    /// Full-resync mode: forgets what the controller remembers between syncs about the
    /// DaemonSet (placements, its pods per node, the current revision, status contributions,
    /// the orphan list) and rebuilds it from the stores, so that the sync that follows
    /// looks at every node as upstream's `syncDaemonSet` does.
    fn resync_from_store(&mut self, id: DaemonSetId) {
        let Simulation {
            pods,
            nodes,
            controller,
            ..
        } = self;
        // Inserted one by one: `collect` into a set would compile its own copy of the standard
        // library's stable sort for `PodId`s.
        controller.orphans.clear();
        for (pid, p) in pods.iter() {
            if p.owner.is_none() && p.controller_ref.is_none() && p.deletion.is_none() {
                controller.orphans.insert(pid);
            }
        }
        let Some(cache) = controller.caches.get_mut(&id) else {
            return;
        };
        for node_state in cache.per_node.values_mut() {
            *node_state = Default::default();
        }
        cache.pods_on_missing_nodes.clear();
        cache.pods_by_hash.clear();
        cache.current = None;
        cache.history_clean = None;
        cache.template_json = None;
        cache.dirty_all = true;
        cache.dirty_nodes.clear();
        cache.waiting.clear();
        cache.totals = Default::default();
        cache.not_updated_pods = 0;
        for (pid, p) in pods.iter().filter(|(_, p)| p.owner == Some(id)) {
            if let Some(h) = p.label(CONTROLLER_REVISION_HASH_LABEL) {
                *cache.pods_by_hash.entry(h.to_string()).or_insert(0) += 1;
            }
            if let Some(n) = p.mapped_node() {
                match nodes.idx_hint(n, p.node_slot) {
                    Some(i) => cache.per_node.entry(i).pods.push(pid),
                    None => cache
                        .pods_on_missing_nodes
                        .entry(n.to_string())
                        .or_default()
                        .push(pid),
                }
            }
        }
    }

    /// Recomputes the cached `NodeShouldRunDaemonPod` of every node to look at.
    pub(in crate::sim) fn refresh_placements(
        &mut self,
        id: DaemonSetId,
        all: bool,
        dirty: &[NodeIdx],
    ) {
        let (Some(ds), Some(cache)) = (
            self.daemon_sets.get(&id),
            self.controller.caches.get_mut(&id),
        ) else {
            return;
        };
        let nodes = &self.nodes;
        let idxs = if all { nodes.order() } else { dirty };
        for &idx in idxs {
            let Some(node) = nodes.at(idx) else {
                continue;
            };
            let node_state = cache.per_node.entry(idx);
            if node_state.placement.is_none() {
                node_state.placement = Some(node_should_run_daemon_pod(&node.obj, &ds.obj));
            }
        }
    }

    /// Kubernetes: the controller-ref manager's `ClaimPods`: adopts orphan pods in the
    /// namespace whose labels match the selector (not pods being deleted).
    pub(in crate::sim) fn claim_orphans(&mut self, id: DaemonSetId) {
        if self.controller.orphans.is_empty() {
            return;
        }
        let Some(ds) = self.daemon_sets.get(&id) else {
            return;
        };
        let ns = ds.obj.metadata.namespace.clone().unwrap_or_default();
        let adopt: Vec<_> = self
            .controller
            .orphans
            .iter()
            .filter(|pid| {
                self.pods.get(pid).is_some_and(|p| {
                    *p.namespace == *ns
                        && p.deletion.is_none()
                        && selector::matches(&ds.obj.spec.selector, &p.labels)
                })
            })
            .copied()
            .collect();
        let cref = ds.controller_ref.clone();
        for pid in adopt {
            let Some(p) = self.pods.get_mut(&pid) else {
                continue;
            };
            let old = OldPod::of(p);
            p.owner = Some(id);
            p.controller_ref = Some(cref.clone());
            self.pod_changed(pid, &old);
        }
    }

    /// Recounts the DaemonSet's live pods that are not updated, after its current revision
    /// changed.
    fn recount_not_updated_pods(&mut self, id: DaemonSetId) {
        let Some(cache) = self.controller.caches.get_mut(&id) else {
            return;
        };
        let current = cache.current.as_ref();
        let count = self
            .pods
            .values()
            .filter(|p| {
                p.owner == Some(id)
                    && p.deletion.is_none()
                    && !super::util::is_pod_updated(p, current)
            })
            .count();
        cache.not_updated_pods = u32::try_from(count).unwrap_or(u32::MAX);
    }
}
