//! What `manage` and `rollingUpdate` decide, and how the simulation carries it out: as
//! upstream's `syncNodes` through its pod control (`podControl.CreatePods` /
//! `DeletePod`, each recording `SuccessfulCreate` / `SuccessfulDelete`).

use super::super::cluster::{DaemonSetId, NodeIdx, PodId};
use super::super::events::{EventType, Message, NewEvent};
use super::super::timers::Timer;
use super::super::{Simulation, SyncCounts};
use super::sync::BURST_REPLICAS;
use crate::clock::{SimDuration, SimTime};

/// The pods to create and delete for one DaemonSet, and the events and re-checks that go with
/// the decision.
#[derive(Debug, Default)]
pub(in crate::sim) struct PodPlan {
    /// Nodes that need a daemon pod, in node-name order (`nodesNeedingDaemonPods`).
    pub nodes_needing_daemon_pods: Vec<NodeIdx>,
    /// Pods to delete (`podsToDelete`).
    pub pods_to_delete: Vec<PodId>,
    /// Events about the DaemonSet, recorded before any pod is touched (`FailedDaemonPod`,
    /// `SucceededDaemonPod`).
    pub events: Vec<(EventType, &'static str, String)>,
    /// Nodes to look at again after a delay in milliseconds (failed-pod back-off, a pod that
    /// becomes available).
    pub requeue: Vec<(String, u64)>,
    /// Nodes left alone while a failed pod's back-off runs, with when it ends.
    pub backoff_ends: Vec<(SimTime, String)>,
}

impl PodPlan {
    /// The length of each list (a change tells that a node added work).
    pub(in crate::sim) fn size(&self) -> (usize, usize, usize, usize) {
        (
            self.nodes_needing_daemon_pods.len(),
            self.pods_to_delete.len(),
            self.events.len(),
            self.requeue.len(),
        )
    }
}

impl Simulation {
    /// An event about a DaemonSet from the DaemonSet controller (its `eventRecorder`).
    pub(super) fn ds_event(
        &mut self,
        id: DaemonSetId,
        type_: EventType,
        reason: &'static str,
        message: impl Into<Message>,
    ) {
        let Some(ds) = self.daemon_sets.get(&id) else {
            return;
        };
        let involved = ds.involved.clone();
        self.record_event(NewEvent {
            involved,
            type_,
            reason,
            message: message.into(),
            source: "daemonset-controller",
            host: None,
        });
    }

    /// Carries out a plan: its events, its re-checks, then `syncNodes` (at most
    /// [`BURST_REPLICAS`] creations and deletions). Returns the creations and deletions made.
    pub(in crate::sim) fn carry_out_plan(&mut self, id: DaemonSetId, plan: PodPlan) -> SyncCounts {
        let now = self.now;
        for (t, reason, msg) in plan.events {
            self.ds_event(id, t, reason, msg);
        }
        if !plan.backoff_ends.is_empty() {
            if let Some(cache) = self.controller.caches.get_mut(&id) {
                cache.backoff_ends.extend(plan.backoff_ends);
            }
        }
        for (node, delay) in plan.requeue {
            let at = now.plus(SimDuration::from_millis(delay));
            let timer = Timer::SyncDaemonSetNode(id, node);
            if !self.timers.has_at_or_before(at, &timer) {
                self.timers.schedule(at, timer);
            }
        }
        // syncNodes creates on the first `BurstReplicas` nodes only.
        let mut create_on = plan.nodes_needing_daemon_pods;
        create_on.truncate(BURST_REPLICAS);
        self.sync_nodes(id, plan.pods_to_delete, create_on)
    }
}
