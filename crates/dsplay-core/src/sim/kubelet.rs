//! A kubelet per node (§15.1): starts bound pods after fixed simulated delays,
//! reports readiness, finishes terminations. On a NotReady node it starts nothing but still
//! finishes terminations; on a Lost node it does nothing at all.

use super::cluster::{PodId, PodPhase};
use super::controller::OldPod;
use super::template::CONTAINER_START_MS;
use super::timers::Timer;
use super::{SimError, Simulation};
use crate::clock::SimDuration;

/// Time for a pod to turn Ready again after its node comes back.
const READY_AGAIN_MS: u64 = 1_000;

impl Simulation {
    /// The pod's node is Ready and its kubelet runs (the node is not lost).
    fn node_ready_for(&self, pid: PodId) -> bool {
        self.node_of(pid)
            .is_some_and(|n| n.ready && n.lost_since.is_none())
    }

    /// The pod's node exists and its kubelet runs (Ready or NotReady, not lost).
    fn kubelet_running_for(&self, pid: PodId) -> bool {
        self.node_of(pid).is_some_and(|n| n.lost_since.is_none())
    }

    fn node_of(&self, pid: PodId) -> Option<&super::cluster::NodeEntry> {
        self.pods
            .get(&pid)
            .and_then(|p| Some((p.node_name.as_ref()?, p.node_slot)))
            .and_then(|(n, hint)| self.nodes.get_hint(n, hint))
    }

    /// A pod was bound: the kubelet of a Ready node starts it.
    pub(super) fn kubelet_pod_bound(&mut self, pid: PodId) {
        if !self.node_ready_for(pid) {
            return;
        }
        if let Some(p) = self.pods.get(&pid) {
            let at = self.now.plus(SimDuration::from_millis(CONTAINER_START_MS));
            self.timers.schedule(at, Timer::KubeletStart(pid, p.epoch));
        }
    }

    /// Containers created and started: phase Running, pod IP assigned.
    pub(super) fn kubelet_start(&mut self, pid: PodId, epoch: u32) {
        let now = self.now;
        let Simulation {
            pods,
            nodes,
            timers,
            ..
        } = self;
        let Some(p) = pods.get_mut(&pid) else {
            return;
        };
        // The node's kubelet runs (the node exists and is Ready).
        let hint = p.node_slot;
        let Some(n) = p
            .node_name
            .as_deref()
            .and_then(|n| nodes.get_mut_hint(n, hint))
        else {
            return;
        };
        if !n.ready
            || n.lost_since.is_some()
            || p.epoch != epoch
            || p.deletion.is_some()
            || p.phase != PodPhase::Pending
        {
            return;
        }
        let old = OldPod::of(p);
        let ip = if p.template.host_network {
            0
        } else {
            n.next_pod_ip = if n.next_pod_ip >= 254 {
                1
            } else {
                n.next_pod_ip + 1
            };
            n.next_pod_ip
        };
        p.phase = PodPhase::Running;
        p.started_at = Some(now);
        p.pod_ip = ip;
        let delay = p.template.ready_delay_ms;
        timers.schedule(
            now.plus(SimDuration::from_millis(delay)),
            Timer::KubeletReady(pid, epoch),
        );
        self.pod_changed(pid, &old);
    }

    /// The readiness probe passes: Ready=True.
    pub(super) fn kubelet_ready(&mut self, pid: PodId, epoch: u32) {
        if !self.node_ready_for(pid) {
            return;
        }
        let now = self.now;
        let Some(p) = self.pods.get_mut(&pid) else {
            return;
        };
        if p.epoch != epoch || p.phase != PodPhase::Running || p.ready || p.probe_failing {
            return;
        }
        let old = OldPod::of(p);
        p.ready = true;
        p.ready_changed = now;
        self.pod_changed(pid, &old);
    }

    /// The pod's readiness probe starts failing or passes again.
    pub(super) fn set_pod_probe(
        &mut self,
        namespace: &str,
        name: &str,
        ready: bool,
    ) -> Result<(), SimError> {
        let ns = if namespace.is_empty() {
            "default"
        } else {
            namespace
        };
        let pid = *self
            .pod_by_name
            .get(ns, name)
            .ok_or_else(|| SimError::pod_not_found(name))?;
        let node_ready = self.node_ready_for(pid);
        let now = self.now;
        let Some(p) = self.pods.get_mut(&pid) else {
            return Ok(());
        };
        let old = OldPod::of(p);
        p.probe_failing = !ready;
        let want = ready && node_ready && p.phase == PodPhase::Running && p.deletion.is_none();
        if p.ready != want {
            p.ready = want;
            p.ready_changed = now;
            self.pod_changed(pid, &old);
        }
        Ok(())
    }

    /// A deletion was requested: the kubelet finishes it after the (capped) grace period.
    /// A stopped kubelet (a lost node) finishes nothing: the pod stays Terminating until the
    /// node comes back or is deleted.
    pub(super) fn schedule_termination(&mut self, pid: PodId, grace_ms: u64) {
        if !self.kubelet_running_for(pid) {
            return;
        }
        if let Some(p) = self.pods.get(&pid) {
            self.timers.schedule(
                self.now.plus(SimDuration::from_millis(grace_ms)),
                Timer::PodGone(pid, p.epoch),
            );
        }
    }

    /// The node's kubelet stopped (the node is lost): its pending work is dropped.
    pub(super) fn kubelet_stopped(&mut self, node: &str) {
        let pids = self.bound_pods(node);
        for pid in pids {
            if let Some(p) = self.pods.get_mut(&pid) {
                p.epoch = p.epoch.wrapping_add(1);
            }
        }
    }

    /// The node's Ready condition changed, or (`resumed`) its kubelet runs again after the
    /// node was lost. A NotReady node's pods are marked not Ready (the node lifecycle
    /// controller's `MarkPodsNotReady`); a running kubelet on a Ready node starts pending pods
    /// and reports running ones Ready again. Terminations already under way on a running
    /// kubelet go on; a resumed kubelet finishes those it missed.
    pub(super) fn kubelet_node_changed(&mut self, node: &str, resumed: bool) {
        let now = self.now;
        let (ready, running) = self
            .nodes
            .get(node)
            .map_or((false, false), |n| (n.ready, n.lost_since.is_none()));
        let pids = self.bound_pods(node);
        for pid in pids {
            let Some(p) = self.pods.get_mut(&pid) else {
                continue;
            };
            if p.deletion.is_some() {
                if resumed && running {
                    p.epoch = p.epoch.wrapping_add(1);
                    let (grace, epoch) = (p.template.grace_ms, p.epoch);
                    self.timers.schedule(
                        now.plus(SimDuration::from_millis(grace)),
                        Timer::PodGone(pid, epoch),
                    );
                }
                continue;
            }
            p.epoch = p.epoch.wrapping_add(1);
            let epoch = p.epoch;
            if !ready {
                if p.ready {
                    let old = OldPod::of(p);
                    p.ready = false;
                    p.ready_changed = now;
                    self.pod_changed(pid, &old);
                }
                continue;
            }
            if !running {
                continue;
            }
            if p.phase == PodPhase::Pending {
                self.timers.schedule(
                    now.plus(SimDuration::from_millis(CONTAINER_START_MS)),
                    Timer::KubeletStart(pid, epoch),
                );
            } else if p.phase == PodPhase::Running && !p.ready {
                self.timers.schedule(
                    now.plus(SimDuration::from_millis(READY_AGAIN_MS)),
                    Timer::KubeletReady(pid, epoch),
                );
            }
        }
    }
}
