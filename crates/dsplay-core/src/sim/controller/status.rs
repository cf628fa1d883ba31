//! Kubernetes: `updateDaemonSetStatus` / `storeDaemonSetStatus` (daemon_controller.go).

use super::super::apiserver::created_secs;
use super::super::cluster::{DaemonSetId, NodeIdx, PodEntry, PodStore};
use super::super::timers::Timer;
use super::super::Simulation;
use super::state::{status_bits, CurrentRevision, NodeState, StatusTotals};
use super::util::is_pod_updated;
use crate::clock::SimTime;
use k8s_openapi::api::apps::v1::DaemonSetStatus;
use std::cmp::Ordering;

/// Kubernetes: `podByCreationTimestampAndPhase`: scheduled pods first, then older
/// `creationTimestamp` (second resolution), then name.
pub(crate) fn pod_order(a: &PodEntry, b: &PodEntry) -> Ordering {
    let sa = a.node_name.is_some();
    let sb = b.node_name.is_some();
    sb.cmp(&sa)
        .then_with(|| created_secs(a.created).cmp(&created_secs(b.created)))
        .then_with(|| a.name.cmp(&b.name))
}

/// The first pod of a node, as `updateDaemonSetStatus` picks it.
pub(crate) fn first_pod<'a>(node_state: &NodeState, pods: &'a PodStore) -> Option<&'a PodEntry> {
    node_state
        .pods
        .iter()
        .filter_map(|id| pods.get(id))
        .filter(|p| !(p.phase.is_terminal() && p.deletion.is_some()))
        .min_by(|a, b| pod_order(a, b))
}

/// The status bits one node contributes to a DaemonSet with this `minReadySeconds` and current
/// revision, and when its first pod becomes available (if it is Ready but not yet available
/// because of `minReadySeconds`).
pub(crate) fn node_status_bits(
    node_state: &NodeState,
    pods: &PodStore,
    min_ready: i32,
    current: Option<&CurrentRevision>,
    now: SimTime,
) -> (u8, Option<SimTime>) {
    let should_run = node_state.placement.is_some_and(|p| p.should_run);
    let first = first_pod(node_state, pods);
    let mut bits = 0u8;
    let mut available_at = None;
    if should_run {
        bits |= status_bits::DESIRED;
        if let Some(p) = first {
            bits |= status_bits::CURRENT;
            if p.is_ready() {
                bits |= status_bits::READY;
                if p.is_available(min_ready, now) {
                    bits |= status_bits::AVAILABLE;
                } else {
                    available_at = p.available_at(min_ready);
                }
            }
            if is_pod_updated(p, current) {
                bits |= status_bits::UPDATED;
            }
        }
    } else if first.is_some() {
        bits |= status_bits::MISSCHEDULED;
    }
    (bits, available_at)
}

fn non_zero(v: i32) -> Option<i32> {
    (v != 0).then_some(v)
}

impl Simulation {
    /// Kubernetes: `updateDaemonSetStatus(ds, nodeList, hash, updateObservedGen=true)`.
    pub(in crate::sim) fn update_daemon_set_status(
        &mut self,
        id: DaemonSetId,
        full: bool,
        dirty: &[NodeIdx],
    ) {
        let now = self.now;
        let (Some(ds), Some(cache)) = (
            self.daemon_sets.get(&id),
            self.controller.caches.get_mut(&id),
        ) else {
            return;
        };
        let min_ready = ds.obj.spec.min_ready_seconds.unwrap_or(0);
        let current = cache.current.as_ref();
        let mut later: Vec<(String, SimTime)> = Vec::new();
        let pods = &self.pods;
        let nodes = &self.nodes;
        let per_node = &mut cache.per_node;
        let view_tracker = &mut self.view_tracker;
        let name = |idx: NodeIdx| nodes.at(idx).map(|n| n.name.to_string());
        if full {
            let mut totals = StatusTotals::default();
            for &idx in nodes.order() {
                // Read first, written only where it changed: a state shared with a copy of
                // the simulation (a checkpoint) is copied only then.
                if let Some(node_state) = per_node.get(idx) {
                    let (bits, at) = node_status_bits(node_state, pods, min_ready, current, now);
                    let old = node_state.status_bits;
                    if bits != old {
                        if let Some(node) = nodes.at(idx) {
                            view_tracker.note_status(&node.name, old, bits);
                        }
                        if let Some(node_state) = per_node.get_mut(idx) {
                            node_state.status_bits = bits;
                        }
                    }
                    totals.apply(bits, 1);
                    if let Some((at, n)) = at.and_then(|at| Some((at, name(idx)?))) {
                        later.push((n, at));
                    }
                }
            }
            cache.totals = totals;
        } else {
            for &idx in dirty {
                if nodes.at(idx).is_none() {
                    continue;
                }
                if let Some(node_state) = per_node.get_mut(idx) {
                    let (bits, at) = node_status_bits(node_state, pods, min_ready, current, now);
                    if bits != node_state.status_bits {
                        if let Some(node) = nodes.at(idx) {
                            view_tracker.note_status(&node.name, node_state.status_bits, bits);
                        }
                        cache.totals.apply(node_state.status_bits, -1);
                        cache.totals.apply(bits, 1);
                        node_state.status_bits = bits;
                    }
                    if let Some((at, n)) = at.and_then(|at| Some((at, name(idx)?))) {
                        later.push((n, at));
                    }
                }
            }
        }
        self.finish_daemon_set_status(id, later);
    }

    /// The end of `updateDaemonSetStatus` with the totals already summed: queues the
    /// `minReadySeconds` re-checks and stores the status.
    pub(in crate::sim) fn finish_daemon_set_status(
        &mut self,
        id: DaemonSetId,
        later: Vec<(String, SimTime)>,
    ) {
        for (name, at) in later {
            self.timers.schedule(at, Timer::SyncDaemonSetNode(id, name));
        }
        self.store_daemon_set_status(id);
    }

    /// Kubernetes: `storeDaemonSetStatus`: writes `.status` unless nothing changed.
    pub(in crate::sim) fn store_daemon_set_status(&mut self, id: DaemonSetId) {
        let (Some(ds), Some(cache)) = (self.daemon_sets.get(&id), self.controller.caches.get(&id))
        else {
            return;
        };
        let t = cache.totals;
        let old = ds.obj.status.as_ref();
        let generation = ds.obj.metadata.generation.unwrap_or(0);
        let observed = old
            .and_then(|o| o.observed_generation)
            .unwrap_or(0)
            .max(generation);
        let status = DaemonSetStatus {
            collision_count: old.and_then(|o| o.collision_count),
            conditions: None,
            current_number_scheduled: t.current,
            desired_number_scheduled: t.desired,
            number_available: non_zero(t.available),
            number_misscheduled: t.misscheduled,
            number_ready: t.ready,
            number_unavailable: non_zero(t.desired - t.available),
            observed_generation: (observed != 0).then_some(observed),
            updated_number_scheduled: non_zero(t.updated),
        };
        // (Compared with the stored status, or the empty one if none: no copy of it.)
        let unchanged = match old {
            Some(o) => *o == status,
            None => status == DaemonSetStatus::default(),
        };
        if unchanged {
            return;
        }
        let old_observed = old.and_then(|o| o.observed_generation).unwrap_or(0);
        let rv = self.next_rv();
        let mut old_rv = rv;
        if let Some(ds) = self.daemon_sets.get_mut(&id) {
            old_rv = ds.rv;
            ds.obj.status = Some(status);
            ds.rv = rv;
        }
        if let Some(cache) = self.controller.caches.get_mut(&id) {
            // A status write (its `collisionCount` kept) changes nothing `constructHistory`
            // reads: a history clean at the old resourceVersion is clean at the new one (the
            // next sync skips `history_unchanged`, which compares revisions by name).
            if let Some((version, clean_rv)) = cache.history_clean {
                if clean_rv == old_rv {
                    cache.history_clean = Some((version, rv));
                }
            }
            // The failed-pod back-off is keyed by `observedGeneration`: a node left in the
            // back-off of the old generation is out of it under the new one, so the next
            // sync must look at it again (upstream's looks at every node).
            if observed != old_observed && !cache.dirty_all {
                for (generation, node) in cache.failed_pods_backoff.keys() {
                    if *generation == old_observed {
                        cache.dirty_nodes.insert_name(&self.nodes, node);
                    }
                }
            }
        }
        self.watch_ds(id, "MODIFIED");
    }
}
