//! Kubernetes: the DaemonSet controller's informer event handlers (daemon_controller.go
//! `addPod`, `updatePod`, `deletePod`, `addNode`, `updateNode`, `addDaemonset`,
//! `updateDaemonset`, `deleteDaemonset`, `addHistory`, `deleteHistory`), plus `deleteNode`,
//! which upstream does not need (it recomputes from its caches at every sync).
//!
//! The simulation calls them after each API write (`informers.rs`). They keep the
//! controller's state ([`Controller`]) in step with the stores, mark the nodes whose
//! decision may change, and queue the DaemonSets to sync, as upstream's handlers queue keys.

use super::super::cluster::{DaemonSetId, NodeIdx, NodeStore, PodEntry, PodId, RevisionEntry};
use super::state::{Controller, CurrentRevision, DaemonSetCache, Listers};
use super::util::{is_pod_updated, labels_are_updated};
use crate::predicates::{node_should_run_daemon_pod, CONTROLLER_REVISION_HASH_LABEL};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::Node;
use std::collections::BTreeMap;
use std::rc::Rc;

/// What `updatePod(old, cur)` reads of the pod as it was before a write (what the
/// controller's pod index depends on), taken without copying the pod.
pub(crate) struct OldPod {
    /// The DaemonSet holding its controller reference.
    owner: Option<DaemonSetId>,
    /// It had a controller reference (to anything).
    has_controller_ref: bool,
    /// It was being deleted.
    deleting: bool,
    /// Its labels.
    labels: Rc<BTreeMap<String, String>>,
    /// The node it mapped to (`spec.nodeName`, else the affinity target).
    mapped_node: Option<Rc<str>>,
    /// Its node slot hint.
    node_slot: NodeIdx,
}

impl OldPod {
    /// `p` as it is now, before a write.
    pub(crate) fn of(p: &PodEntry) -> Self {
        OldPod {
            owner: p.owner,
            has_controller_ref: p.controller_ref.is_some(),
            deleting: p.deletion.is_some(),
            labels: p.labels.clone(),
            mapped_node: p.node_name.clone().or_else(|| p.target.clone()),
            node_slot: p.node_slot,
        }
    }

    fn mapped_node(&self) -> Option<&str> {
        self.mapped_node.as_deref()
    }
}

/// Inserts `pid` into an id-ordered list of pods (once).
fn insert_sorted(pods: &mut Vec<PodId>, pid: PodId) {
    if let Err(at) = pods.binary_search(&pid) {
        pods.insert(at, pid);
    }
}

impl Controller {
    /// Marks node `node` of DaemonSet `id` for its next sync and queues the DaemonSet
    /// (upstream: `enqueueDaemonSet`, or `enqueueDaemonSetAfter` when a timer set by a sync
    /// fires).
    pub(in crate::sim) fn enqueue_daemon_set_node(
        &mut self,
        nodes: &NodeStore,
        id: DaemonSetId,
        node: &str,
    ) {
        if let Some(cache) = self.caches.get_mut(&id) {
            cache.mark_node_dirty(nodes, node, NodeIdx::MAX);
            self.queue.insert(id);
        }
    }

    /// Queues every DaemonSet of namespace `ns` (the ones that may adopt an orphan pod; the
    /// sync's `ClaimPods` checks their selectors).
    fn enqueue_namespace(&mut self, listers: Listers<'_>, ns: &str) {
        let ids = listers
            .daemon_sets_by_name
            .range((ns.to_string(), String::new())..)
            .take_while(|((n, _), _)| n == ns)
            .map(|(_, id)| *id);
        self.queue.extend(ids);
    }

    /// Adds pod `pid` to the controller's pod index: its owner's pods per node (or per
    /// missing node), per revision hash and not updated; or the orphans.
    fn index_pod(&mut self, nodes: &NodeStore, pid: PodId, p: &PodEntry) {
        let Some(d) = p.owner else {
            if p.controller_ref.is_none() && p.deletion.is_none() {
                self.orphans.insert(pid);
            }
            return;
        };
        let Some(cache) = self.caches.get_mut(&d) else {
            return;
        };
        if p.deletion.is_none() && !is_pod_updated(p, cache.current.as_ref()) {
            cache.not_updated_pods += 1;
        }
        // A pod of the current revision shares its labels: its hash is the current one.
        let hash = match &cache.current {
            Some(CurrentRevision { labels, hash, .. })
                if Rc::ptr_eq(labels, &p.labels) && !hash.is_empty() =>
            {
                Some(&**hash)
            }
            _ => p.label(CONTROLLER_REVISION_HASH_LABEL),
        };
        if let Some(h) = hash {
            match cache.pods_by_hash.get_mut(h) {
                Some(c) => *c += 1,
                None => {
                    cache.pods_by_hash.insert(h.to_string(), 1);
                }
            }
        }
        if let Some(n) = p.mapped_node() {
            let pods = match nodes.idx_hint(n, p.node_slot) {
                Some(i) => &mut cache.per_node.entry(i).pods,
                None => cache
                    .pods_on_missing_nodes
                    .entry(n.to_string())
                    .or_default(),
            };
            insert_sorted(pods, pid);
        }
    }

    /// Removes pod `pid`, as it was (`p`), from the controller's pod index: the exact reverse
    /// of [`Self::index_pod`].
    fn unindex_pod(&mut self, nodes: &NodeStore, pid: PodId, p: &OldPod) {
        self.orphans.remove(&pid);
        let Some(cache) = p.owner.and_then(|d| self.caches.get_mut(&d)) else {
            return;
        };
        if !p.deleting && !labels_are_updated(&p.labels, cache.current.as_ref()) {
            cache.not_updated_pods = cache.not_updated_pods.saturating_sub(1);
        }
        if let Some(h) = p.labels.get(CONTROLLER_REVISION_HASH_LABEL) {
            if let Some(c) = cache.pods_by_hash.get_mut(h) {
                *c = c.saturating_sub(1);
                if *c == 0 {
                    cache.pods_by_hash.remove(h);
                }
            }
        }
        if let Some(n) = p.mapped_node() {
            if let Some(node_state) = nodes
                .idx_hint(n, p.node_slot)
                .and_then(|i| cache.per_node.get_mut(i))
            {
                node_state.pods.retain(|x| *x != pid);
            } else if let Some(v) = cache.pods_on_missing_nodes.get_mut(n) {
                v.retain(|x| *x != pid);
                if v.is_empty() {
                    cache.pods_on_missing_nodes.remove(n);
                }
            }
        }
    }

    /// Kubernetes: `addPod`. An orphan queues the DaemonSets of its namespace (one may adopt
    /// it). A DaemonSet hears of its own new pods when they are bound (the sync that created
    /// them queues another sync anyway).
    pub(in crate::sim) fn add_pod(&mut self, listers: Listers<'_>, pid: PodId) {
        let Some(p) = listers.pods.get(&pid) else {
            return;
        };
        self.index_pod(listers.nodes, pid, p);
        if p.owner.is_none() {
            self.enqueue_namespace(listers, &p.namespace);
        }
    }

    /// Kubernetes: `updatePod(old, cur)`: the owner looks at the pod's node again; a pod it
    /// released (labels no longer selected) makes its old owner look at its node too, and an
    /// orphan whose labels changed queues the DaemonSets of its namespace.
    pub(in crate::sim) fn update_pod(&mut self, listers: Listers<'_>, pid: PodId, old: &OldPod) {
        let Some(cur) = listers.pods.get(&pid) else {
            return;
        };
        let nodes = listers.nodes;
        let relabelled = !Rc::ptr_eq(&old.labels, &cur.labels);
        let reindex = relabelled
            || old.owner != cur.owner
            || old.has_controller_ref != cur.controller_ref.is_some()
            || old.deleting != cur.deletion.is_some()
            || old.mapped_node() != cur.mapped_node();
        if reindex {
            self.unindex_pod(nodes, pid, old);
            self.index_pod(nodes, pid, cur);
        }
        if let (Some(d), Some(n)) = (cur.owner, cur.mapped_node()) {
            if let Some(cache) = self.caches.get_mut(&d) {
                cache.mark_node_dirty(nodes, n, cur.node_slot);
                self.queue.insert(d);
            }
        }
        if let Some(d) = old.owner.filter(|d| cur.owner != Some(*d)) {
            if let Some(n) = old.mapped_node() {
                self.enqueue_daemon_set_node(nodes, d, n);
            }
        }
        if cur.owner.is_none() && (relabelled || old.owner.is_some()) {
            self.enqueue_namespace(listers, &cur.namespace);
        }
    }

    /// Kubernetes: `deletePod`: pod `pid` (as it was) is gone; its owner looks at its node
    /// again.
    pub(in crate::sim) fn delete_pod(&mut self, nodes: &NodeStore, pid: PodId, pod: &PodEntry) {
        self.unindex_pod(nodes, pid, &OldPod::of(pod));
        if let (Some(d), Some(n)) = (pod.owner, pod.mapped_node()) {
            self.enqueue_daemon_set_node(nodes, d, n);
        }
    }

    /// Kubernetes: `addNode`: each DaemonSet's `NodeShouldRunDaemonPod` for the new node;
    /// those that should run there, or have pods that targeted a missing node of this name,
    /// look at it. Returns those pods (they map to the node again).
    pub(in crate::sim) fn add_node(&mut self, listers: Listers<'_>, name: &str) -> Vec<PodId> {
        let nodes = listers.nodes;
        let Some((idx, node)) = nodes.idx(name).and_then(|i| Some((i, nodes.at(i)?))) else {
            return Vec::new();
        };
        let mut remapped = Vec::new();
        let Controller { caches, queue, .. } = self;
        for (&id, cache) in caches.iter_mut() {
            let pods = cache.pods_on_missing_nodes.remove(name).unwrap_or_default();
            let node_state = cache.per_node.entry(idx);
            for &pid in &pods {
                insert_sorted(&mut node_state.pods, pid);
            }
            let should_run = match listers.daemon_sets.get(&id) {
                Some(ds) => {
                    let placement = node_should_run_daemon_pod(&node.obj, &ds.obj);
                    node_state.placement = Some(placement);
                    placement.should_run
                }
                None => false,
            };
            if should_run || !pods.is_empty() {
                cache.mark_node_dirty(nodes, name, idx);
                queue.insert(id);
            }
            remapped.extend(pods);
        }
        remapped
    }

    /// Kubernetes: `updateNode(old, cur)`: when the node's labels or spec changed, the
    /// DaemonSets whose `NodeShouldRunDaemonPod` for it changed look at it again.
    pub(in crate::sim) fn update_node(&mut self, listers: Listers<'_>, name: &str, old: &Node) {
        let nodes = listers.nodes;
        let Some((idx, node)) = nodes.idx(name).and_then(|i| Some((i, nodes.at(i)?))) else {
            return;
        };
        if old.spec == node.obj.spec && old.metadata.labels == node.obj.metadata.labels {
            return;
        }
        let Controller { caches, queue, .. } = self;
        for (&id, cache) in caches.iter_mut() {
            let Some(ds) = listers.daemon_sets.get(&id) else {
                continue;
            };
            let placement = node_should_run_daemon_pod(&node.obj, &ds.obj);
            let node_state = cache.per_node.entry(idx);
            if node_state.placement != Some(placement) {
                node_state.placement = Some(placement);
                cache.mark_node_dirty(nodes, name, idx);
                queue.insert(id);
            }
        }
    }

    /// Node `name`, which was in slot `idx`, is gone from the store: its state goes with it,
    /// the pods that still map to it (unbound ones) map to a missing node, and every
    /// DaemonSet that had it syncs again.
    pub(in crate::sim) fn delete_node(&mut self, name: &str, idx: NodeIdx) {
        let Controller { caches, queue, .. } = self;
        for (&id, cache) in caches.iter_mut() {
            // The slot may be reused: no dirty set may keep it. A DaemonSet without state
            // for this node keeps the name (it is looked up again at its sync).
            let node_state = cache.per_node.take(idx);
            cache.waiting.retain(|&i| i != idx);
            if cache.dirty_nodes.contains(idx) {
                cache.dirty_nodes.remove(idx);
                if node_state.is_none() {
                    cache.dirty_nodes.insert_missing(name);
                }
            }
            let Some(node_state) = node_state else {
                continue;
            };
            if !node_state.pods.is_empty() {
                let missing = cache
                    .pods_on_missing_nodes
                    .entry(name.to_string())
                    .or_default();
                for pid in node_state.pods {
                    insert_sorted(missing, pid);
                }
            }
            cache.totals.apply(node_state.status_bits, -1);
            cache.dirty_nodes.remove_name(name);
            queue.insert(id);
        }
    }

    /// Kubernetes: `addDaemonset`: a new DaemonSet, nothing known yet; queued.
    pub(in crate::sim) fn add_daemonset(&mut self, listers: Listers<'_>, id: DaemonSetId) {
        let Some(ds) = listers.daemon_sets.get(&id) else {
            return;
        };
        let name = ds.obj.metadata.name.as_deref().unwrap_or_default();
        self.caches.insert(id, DaemonSetCache::new(name));
        self.queue.insert(id);
    }

    /// Kubernetes: `updateDaemonset(old, cur)`: a spec change (template tolerations or
    /// affinity, strategy, ...) makes every cached placement stale and every node one to
    /// look at. Metadata changes, and the controller's own status writes, queue nothing.
    pub(in crate::sim) fn update_daemonset(
        &mut self,
        listers: Listers<'_>,
        id: DaemonSetId,
        old: &DaemonSet,
    ) {
        let (Some(ds), Some(cache)) = (listers.daemon_sets.get(&id), self.caches.get_mut(&id))
        else {
            return;
        };
        if ds.obj.spec == old.spec {
            return;
        }
        cache.dirty_all = true;
        for node_state in cache.per_node.values_mut() {
            node_state.placement = None;
        }
        self.queue.insert(id);
    }

    /// Kubernetes: `deleteDaemonset`: what the controller knew about it goes.
    pub(in crate::sim) fn delete_daemonset(&mut self, id: DaemonSetId) {
        self.caches.remove(&id);
        self.queue.remove(&id);
    }

    /// Kubernetes: `addHistory`: a ControllerRevision its owner will read.
    pub(in crate::sim) fn add_history(&mut self, rev: &RevisionEntry) {
        if let Some(cache) = rev.owner.and_then(|d| self.caches.get_mut(&d)) {
            cache.revisions.insert(rev.name.clone());
        }
    }

    /// Kubernetes: `deleteHistory`.
    pub(in crate::sim) fn delete_history(&mut self, rev: &RevisionEntry) {
        if let Some(cache) = rev.owner.and_then(|d| self.caches.get_mut(&d)) {
            cache.revisions.remove(&rev.name);
        }
    }
}
