//! Kubernetes: `manage`, `podsShouldBeOnNode`, `syncNodes` (daemon_controller.go).

use super::super::cluster::{DaemonSetId, NodeIdx, NodeStore, PodEntry, PodId, PodPhase, PodStore};
use super::super::events::{EventType, Message};
use super::super::{names, Simulation, SyncCounts};
use super::plan::PodPlan;
use super::state::{BackoffEntry, NodeState, StatusTotals};
use super::status::{node_status_bits, pod_order};
use super::sync::BURST_REPLICAS;
use super::util::allows_surge;
use crate::clock::{SimDuration, SimTime};
use crate::predicates::{node_should_run_daemon_pod, CONTROLLER_REVISION_HASH_LABEL};
use k8s_openapi::api::apps::v1::DaemonSet;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Failed-pod back-off: initial delay (`cmd/kube-controller-manager/app/apps.go`).
pub(crate) const FAILED_POD_BACKOFF_INITIAL_MS: u64 = 1_000;
/// Failed-pod back-off: maximum delay.
pub(crate) const FAILED_POD_BACKOFF_MAX_MS: u64 = 15 * 60 * 1_000;

/// What `manage` decided, and what it learnt on the way.
pub(in crate::sim) struct ManageOutcome {
    /// The pods to create and delete, with the events and re-checks that go with them.
    pub plan: PodPlan,
    /// Nodes the plan has work for (a later sync must look at them again if this one
    /// acted, e.g. because `BurstReplicas` cut the creations short).
    pub touched: Vec<NodeIdx>,
    /// The waiting nodes found still waiting (looked at without a full pass), in order.
    pub waited: Vec<NodeIdx>,
    /// In a pass over every node: the status totals and `minReadySeconds` re-checks
    /// computed from the state `manage` saw (valid for the status update when the plan
    /// neither creates nor deletes pods).
    pub status: Option<(StatusTotals, Vec<(String, SimTime)>)>,
}

/// `flowcontrol.Backoff.IsInBackOffSinceUpdate`.
fn in_backoff(entry: Option<&BackoffEntry>, now: SimTime) -> bool {
    entry.is_some_and(|e| now.since(e.last_update).as_millis() < e.backoff_ms)
}

/// `flowcontrol.Backoff.Next` (no jitter).
fn backoff_next(map: &mut BTreeMap<(i64, String), BackoffEntry>, key: (i64, String), now: SimTime) {
    let e = map.entry(key).or_insert(BackoffEntry {
        backoff_ms: 0,
        last_update: now,
    });
    let expired = now.since(e.last_update).as_millis() > FAILED_POD_BACKOFF_MAX_MS * 2;
    e.backoff_ms = if e.backoff_ms == 0 || expired {
        FAILED_POD_BACKOFF_INITIAL_MS
    } else {
        e.backoff_ms
            .saturating_mul(2)
            .min(FAILED_POD_BACKOFF_MAX_MS)
    };
    e.last_update = now;
}

/// What `podsShouldBeOnNode` reads besides the node: the DaemonSet, the stores, the current
/// revision's hash, `AllowsSurge`, and the time.
struct NodeCheck<'a> {
    ds: &'a DaemonSet,
    nodes: &'a NodeStore,
    pods: &'a PodStore,
    hash: &'a str,
    surge: bool,
    now: SimTime,
}

/// Kubernetes: `podsShouldBeOnNode(node, nodeToDaemonPods, ds, hash)`: adds what the node
/// in slot `idx` needs to `plan` (and a failed pod's back-off to `failed_pods_backoff`).
fn pods_should_be_on_node(
    check: &NodeCheck<'_>,
    idx: NodeIdx,
    node_state: &NodeState,
    failed_pods_backoff: &mut BTreeMap<(i64, String), BackoffEntry>,
    plan: &mut PodPlan,
) {
    let NodeCheck {
        ds,
        nodes,
        pods,
        hash,
        surge,
        now,
    } = *check;
    let placement = node_state.placement.unwrap_or_default();
    // Fast paths (no allocation) for the common cases: no pod, or one live running pod.
    match node_state.pods.as_slice() {
        [] => {
            if placement.should_run {
                plan.nodes_needing_daemon_pods.push(idx);
            }
            return;
        }
        [only]
            if placement.should_continue_running
                && pods
                    .get(only)
                    .is_some_and(|p| p.deletion.is_none() && !p.phase.is_terminal()) =>
        {
            return;
        }
        _ => {}
    }
    let node = nodes.at(idx).map_or("", |n| &*n.name);
    // getNodesToDaemonPods(includeDeletedTerminal=false).
    let daemon_pods: Vec<(PodId, &PodEntry)> = node_state
        .pods
        .iter()
        .filter_map(|id| pods.get(id).map(|p| (*id, p)))
        .filter(|(_, p)| !(p.phase.is_terminal() && p.deletion.is_some()))
        .collect();
    let exists = !daemon_pods.is_empty();
    if placement.should_run && !exists {
        plan.nodes_needing_daemon_pods.push(idx);
    } else if placement.should_continue_running {
        let ns = ds.metadata.namespace.as_deref().unwrap_or_default();
        let mut running: Vec<(PodId, &PodEntry)> = Vec::new();
        for (pid, p) in daemon_pods {
            if p.deletion.is_some() {
                continue;
            }
            match p.phase {
                PodPhase::Failed => {
                    // Avoid hot-looping against a kubelet that rejects pods: back off.
                    let generation = ds
                        .status
                        .as_ref()
                        .and_then(|s| s.observed_generation)
                        .unwrap_or(0);
                    let key = (generation, node.to_string());
                    if let Some(entry) = failed_pods_backoff
                        .get(&key)
                        .filter(|e| in_backoff(Some(e), now))
                    {
                        // Upstream re-queues after the whole back-off; any sync once it has
                        // ended must look at the node again (upstream's looks at every node).
                        plan.requeue.push((node.to_string(), entry.backoff_ms));
                        let ends = entry
                            .last_update
                            .plus(SimDuration::from_millis(entry.backoff_ms));
                        plan.backoff_ends.push((ends, node.to_string()));
                        continue;
                    }
                    backoff_next(failed_pods_backoff, key, now);
                    plan.events.push((
                        EventType::Warning,
                        "FailedDaemonPod",
                        format!(
                            "Found failed daemon pod {ns}/{} on node {node}, will try to kill it",
                            p.name
                        ),
                    ));
                    plan.pods_to_delete.push(pid);
                }
                PodPhase::Succeeded => {
                    plan.events.push((
                        EventType::Normal,
                        "SucceededDaemonPod",
                        format!(
                            "Found succeeded daemon pod {ns}/{} on node {node}, will try to delete it",
                            p.name
                        ),
                    ));
                    plan.pods_to_delete.push(pid);
                }
                _ => running.push((pid, p)),
            }
        }
        crate::sort::sort_by(&mut running, |a, b| pod_order(a.1, b.1));
        if !surge {
            // Not surging: more than one running pod → keep the oldest.
            plan.pods_to_delete
                .extend(running.iter().skip(1).map(|(pid, _)| *pid));
            return;
        }
        if running.len() <= 1 {
            if running.is_empty() && placement.should_run {
                // Surging: at least one non-deleted pod on the node.
                plan.nodes_needing_daemon_pods.push(idx);
            }
            return;
        }
        // Keep the oldest pod of the current hash and the oldest other one; delete the rest.
        let mut oldest_new: Option<&PodEntry> = None;
        let mut oldest_old: Option<(PodId, &PodEntry)> = None;
        for (pid, p) in running {
            if p.label(CONTROLLER_REVISION_HASH_LABEL) == Some(hash) {
                if oldest_new.is_none() {
                    oldest_new = Some(p);
                    continue;
                }
            } else if oldest_old.is_none() {
                oldest_old = Some((pid, p));
                continue;
            }
            plan.pods_to_delete.push(pid);
        }
        if let (Some(new), Some((old_id, old))) = (oldest_new, oldest_old) {
            let min_ready = ds.spec.min_ready_seconds.unwrap_or(0);
            if !old.is_ready() || new.is_available(min_ready, now) {
                plan.pods_to_delete.push(old_id);
            } else if let Some(at) = new.available_at(min_ready) {
                // This decision changes when the new pod becomes available: look again then
                // (upstream's `updatePod` re-queues a DaemonSet whose pod turned Ready after
                // `minReadySeconds`, and each of its syncs looks at every node).
                plan.requeue
                    .push((node.to_string(), at.since(now).as_millis()));
            }
        }
    } else if exists {
        // Not supposed to run here: delete every daemon pod on the node.
        for (pid, p) in daemon_pods {
            if p.deletion.is_none() {
                plan.pods_to_delete.push(pid);
            }
        }
    }
}

impl Simulation {
    /// Kubernetes: `manage(ds, nodeList, hash)` up to its call of `syncNodes`: returns the
    /// plan ([`Simulation::carry_out_plan`] carries it out).
    ///
    /// The pass over the nodes looked at also refreshes their cached placements; when every
    /// node is looked at (`all`), it computes each node's status contribution too, so a sync
    /// that changes nothing walks the nodes once.
    pub(in crate::sim) fn manage(
        &mut self,
        id: DaemonSetId,
        all: bool,
        dirty: &[NodeIdx],
        waiting_only: &[bool],
    ) -> ManageOutcome {
        let now = self.now;
        let (Some(ds), Some(cache)) = (
            self.daemon_sets.get(&id),
            self.controller.caches.get_mut(&id),
        ) else {
            return ManageOutcome {
                plan: PodPlan::default(),
                touched: Vec::new(),
                waited: Vec::new(),
                status: None,
            };
        };
        let ds = &ds.obj;
        let current = cache.current.as_ref();
        let hash = current.map(|c| c.hash.clone()).unwrap_or_default();
        let surge = allows_surge(ds);
        let min_ready = ds.spec.min_ready_seconds.unwrap_or(0);
        let mut plan = PodPlan::default();
        let mut touched: Vec<NodeIdx> = Vec::new();
        // Sized for a pass over many nodes (most of which may need a pod); a sync of a few
        // nodes usually has no work, and allocates nothing.
        let looked_at = if all { self.nodes.len() } else { dirty.len() };
        if looked_at > 64 {
            plan.nodes_needing_daemon_pods.reserve(looked_at);
            touched.reserve(looked_at);
        }
        let pods = &self.pods;
        let nodes = &self.nodes;
        let check = NodeCheck {
            ds,
            nodes,
            pods,
            hash: &hash,
            surge,
            now,
        };
        let per_node = &mut cache.per_node;
        let view_tracker = &mut self.view_tracker;
        let failed_pods_backoff = &mut cache.failed_pods_backoff;
        let mut status = None;
        let mut waited = Vec::new();
        if !all && dirty.len() > 64 {
            waited.reserve(waiting_only.iter().filter(|w| **w).count());
        }
        if all {
            let mut totals = StatusTotals::default();
            let mut later: Vec<(String, SimTime)> = Vec::new();
            for &idx in nodes.order() {
                let node_state = per_node.entry(idx);
                if node_state.placement.is_none() {
                    if let Some(node) = nodes.at(idx) {
                        node_state.placement = Some(node_should_run_daemon_pod(&node.obj, ds));
                    }
                }
                let before = plan.size();
                pods_should_be_on_node(&check, idx, node_state, failed_pods_backoff, &mut plan);
                if plan.size() != before {
                    touched.push(idx);
                }
                let (bits, at) = node_status_bits(node_state, pods, min_ready, current, now);
                if let Some(node) = nodes.at(idx) {
                    view_tracker.note_status(&node.name, node_state.status_bits, bits);
                }
                node_state.status_bits = bits;
                totals.apply(bits, 1);
                if let Some(at) = at {
                    if let Some(node) = nodes.at(idx) {
                        later.push((node.name.to_string(), at));
                    }
                }
            }
            status = Some((totals, later));
        } else {
            // The dirty nodes' placements are refreshed in the same pass.
            for (k, &idx) in dirty.iter().enumerate() {
                let Some(node) = nodes.at(idx) else {
                    continue;
                };
                if waiting_only.get(k).copied().unwrap_or(false) {
                    // Still no pod and a placement that wants one: what the full look below
                    // decides, without it.
                    let still = per_node.get(idx).is_some_and(|node_state| {
                        node_state.pods.is_empty()
                            && node_state.placement.is_some_and(|p| p.should_run)
                    });
                    if still {
                        plan.nodes_needing_daemon_pods.push(idx);
                        touched.push(idx);
                        waited.push(idx);
                        continue;
                    }
                }
                let node_state = per_node.entry(idx);
                if node_state.placement.is_none() {
                    node_state.placement = Some(node_should_run_daemon_pod(&node.obj, ds));
                }
                let before = plan.size();
                pods_should_be_on_node(&check, idx, node_state, failed_pods_backoff, &mut plan);
                if plan.size() != before {
                    touched.push(idx);
                }
            }
        }
        // getUnscheduledPodsWithoutNode: unscheduled pods targeting nodes that do not exist.
        for pids in cache.pods_on_missing_nodes.values() {
            for pid in pids {
                if pods.get(pid).is_some_and(|p| p.node_name.is_none()) {
                    plan.pods_to_delete.push(*pid);
                }
            }
        }
        ManageOutcome {
            plan,
            touched,
            waited,
            status,
        }
    }

    /// Kubernetes: `syncNodes(ds, podsToDelete, nodesNeedingDaemonPods, hash)`: at most
    /// [`BURST_REPLICAS`] creations, in slow-start batches (1, 2, 4, …; every creation
    /// succeeds in the simulation), and at most [`BURST_REPLICAS`] deletions.
    pub(in crate::sim) fn sync_nodes(
        &mut self,
        id: DaemonSetId,
        pods_to_delete: Vec<PodId>,
        nodes_needing_daemon_pods: Vec<NodeIdx>,
    ) -> SyncCounts {
        let create_diff = nodes_needing_daemon_pods.len().min(BURST_REPLICAS);
        let delete_diff = pods_to_delete.len().min(BURST_REPLICAS);
        let mut counts = SyncCounts::default();
        if create_diff > 1 {
            if let Some(ds) = self.daemon_sets.get(&id) {
                let ns = ds.obj.metadata.namespace.as_deref().unwrap_or("default");
                self.pod_by_name.reserve(ns, create_diff);
            }
        }
        let mut batch = create_diff.min(1);
        let mut pos = 0usize;
        while pos < create_diff {
            for &node in nodes_needing_daemon_pods.iter().skip(pos).take(batch) {
                if self.create_daemon_pod(id, node) {
                    counts.creates += 1;
                }
            }
            pos += batch;
            batch = (2 * batch).min(create_diff - pos);
        }
        for pid in pods_to_delete.into_iter().take(delete_diff) {
            let Some(name) = self.pods.get(&pid).map(|p| p.name.clone()) else {
                continue;
            };
            self.delete_pod(pid);
            self.ds_event(
                id,
                EventType::Normal,
                "SuccessfulDelete",
                format!("Deleted pod: {name}"),
            );
            counts.deletes += 1;
        }
        self.controller.counts.creates += counts.creates;
        self.controller.counts.deletes += counts.deletes;
        counts
    }

    /// `podControl.CreatePods` with `CreatePodTemplate` and the node affinity term for `node`.
    fn create_daemon_pod(&mut self, id: DaemonSetId, node: NodeIdx) -> bool {
        let (Some(ds), Some(cache)) = (self.daemon_sets.get(&id), self.controller.caches.get(&id))
        else {
            return false;
        };
        let Some(node_entry) = self.nodes.at(node) else {
            return false;
        };
        let Some((labels, template)) = cache
            .current
            .as_ref()
            .map(|c| (c.labels.clone(), c.template.clone()))
        else {
            return false;
        };
        // The DaemonSet's events name the same namespace: share it.
        let ns: Rc<str> = match ds.obj.metadata.namespace {
            Some(_) => ds.involved.namespace.clone(),
            None => Rc::from("default"),
        };
        let base = cache.pod_name_base.clone();
        let cref = ds.controller_ref.clone();
        names::generate_name_into(&mut self.rng, &base, &mut self.scratch);
        while self.pod_by_name.contains_key(&ns, &self.scratch) {
            names::generate_name_into(&mut self.rng, &base, &mut self.scratch);
        }
        let name: Rc<str> = Rc::from(self.scratch.as_str());
        let node_name = template.spec.node_name.clone().filter(|n| !n.is_empty());
        // The pod targets the node: share its name (and remember its slot).
        let (target, node_slot) = match node_name.as_deref() {
            Some(n) => (Rc::from(n), NodeIdx::MAX),
            None => (node_entry.name.clone(), node),
        };
        let uid = self.new_uid_shared();
        let entry = PodEntry {
            namespace: ns,
            name: name.clone(),
            generate_name: Some(base),
            uid,
            rv: 0,
            created: self.now,
            owner: Some(id),
            controller_ref: Some(cref),
            labels,
            template,
            target: Some(target),
            node_name: None,
            node_slot,
            phase: PodPhase::Pending,
            scheduled_at: None,
            unschedulable: None,
            started_at: None,
            ready: false,
            ready_changed: self.now,
            finished_at: None,
            deletion: None,
            pod_ip: 0,
            restarts: 0,
            epoch: 0,
            pinned: true,
            probe_failing: false,
        };
        let pid = self.insert_pod(entry);
        self.ds_event(
            id,
            EventType::Normal,
            "SuccessfulCreate",
            Message::CreatedPod(name),
        );
        match node_name {
            Some(n) => self.bind_pod(pid, &n, false),
            None => {
                self.sched_queue.insert(pid);
            }
        }
        true
    }
}
