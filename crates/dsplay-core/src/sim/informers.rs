//! What each API write tells the components that watch it: the simulation's informers.
//!
//! The API server (`apiserver.rs`, `node_lifecycle.rs`, the controller's own writes) changes
//! the stores and then calls one `notify_*` function here; it hands the change to the
//! DaemonSet controller's event handlers (`controller/handlers.rs`, named after upstream's
//! `addPod`, `updatePod`, ...) and to the scheduler when it cares. The stores know nothing
//! of what the controllers keep.

use super::cluster::{DaemonSetId, NodeIdx, PodEntry, PodId, RevisionEntry};
use super::controller::{Controller, Listers, OldPod};
use super::Simulation;
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::Node;

impl Simulation {
    /// The DaemonSet controller, with the stores it reads.
    fn controller_and_listers(&mut self) -> (&mut Controller, Listers<'_>) {
        let Simulation {
            controller,
            nodes,
            pods,
            daemon_sets,
            ds_by_name,
            ..
        } = self;
        let listers = Listers {
            nodes,
            pods,
            daemon_sets,
            daemon_sets_by_name: ds_by_name,
        };
        (controller, listers)
    }

    /// Pod `pid` was created.
    pub(super) fn notify_pod_added(&mut self, pid: PodId) {
        let (controller, listers) = self.controller_and_listers();
        controller.add_pod(listers, pid);
    }

    /// Pod `pid` was written; `old` is what it was before.
    pub(super) fn notify_pod_updated(&mut self, pid: PodId, old: &OldPod) {
        let (controller, listers) = self.controller_and_listers();
        controller.update_pod(listers, pid, old);
    }

    /// Pod `pid` (`pod`, as it was) was removed from the store.
    pub(super) fn notify_pod_deleted(&mut self, pid: PodId, pod: &PodEntry) {
        self.controller.delete_pod(&self.nodes, pid, pod);
    }

    /// Node `name` was created. Pods that targeted a missing node of this name and wait for
    /// the scheduler (the DaemonSet controller's, and orphans) are scheduled again.
    pub(super) fn notify_node_added(&mut self, name: &str) {
        let (controller, listers) = self.controller_and_listers();
        let remapped = controller.add_node(listers, name);
        let unbound = |pid: &PodId| self.pods.get(pid).is_some_and(|p| p.node_name.is_none());
        let waiting: Vec<PodId> = remapped.into_iter().filter(unbound).collect();
        self.sched_queue.extend(waiting);
        let waiting: Vec<PodId> = self
            .controller
            .orphans
            .iter()
            .filter(|pid| {
                self.pods
                    .get(pid)
                    .is_some_and(|p| p.node_name.is_none() && p.target.as_deref() == Some(name))
            })
            .copied()
            .collect();
        self.sched_queue.extend(waiting);
    }

    /// Node `name` was written; `old` is what it was before.
    pub(super) fn notify_node_updated(&mut self, name: &str, old: &Node) {
        let (controller, listers) = self.controller_and_listers();
        controller.update_node(listers, name, old);
    }

    /// Node `name`, which was in slot `idx`, was removed from the store.
    pub(super) fn notify_node_deleted(&mut self, name: &str, idx: NodeIdx) {
        self.controller.delete_node(name, idx);
    }

    /// DaemonSet `id` was created. Its first revision is made at once: what its first sync
    /// would make at this same instant.
    pub(super) fn notify_daemon_set_added(&mut self, id: DaemonSetId) {
        let (controller, listers) = self.controller_and_listers();
        controller.add_daemonset(listers, id);
        self.construct_history(id);
    }

    /// DaemonSet `id`'s spec or metadata was written; `old` is what it was before. (The
    /// controller's own status writes are not passed on: it would only queue a sync that
    /// finds nothing to do.)
    pub(super) fn notify_daemon_set_updated(&mut self, id: DaemonSetId, old: &DaemonSet) {
        let (controller, listers) = self.controller_and_listers();
        controller.update_daemonset(listers, id, old);
    }

    /// DaemonSet `id` was removed from the store.
    pub(super) fn notify_daemon_set_deleted(&mut self, id: DaemonSetId) {
        self.controller.delete_daemonset(id);
    }

    /// ControllerRevision `rev` was created.
    pub(super) fn notify_revision_added(&mut self, rev: &RevisionEntry) {
        self.controller.add_history(rev);
    }

    /// ControllerRevision `rev` was removed from the store.
    pub(super) fn notify_revision_deleted(&mut self, rev: &RevisionEntry) {
        self.controller.delete_history(rev);
    }
}
