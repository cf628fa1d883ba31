//! The parts of the default scheduler a daemon pod meets: filter the target node,
//! bind or report `FailedScheduling`, retry when the node or its pods change.

use super::cluster::PodId;
use super::controller::OldPod;
use super::events::{EventType, Message};
use super::Simulation;
use crate::predicates::{fit_error_message, pod_fits_node_with, FitFailure};
use std::rc::Rc;

impl Simulation {
    /// Schedules one pending pod (`scheduleOne`).
    ///
    /// A pod pinned to one node (a daemon pod's `metadata.name` term, §6) is filtered on
    /// that node only; a pod without a target goes to the feasible node with the fewest
    /// pods (ties: name order).
    pub(super) fn schedule_one(&mut self, pid: PodId) {
        let Some(p) = self.pods.get(&pid) else {
            return;
        };
        if p.node_name.is_some() || p.deletion.is_some() || p.phase.is_terminal() {
            return;
        }
        let total = self.nodes.len();
        let t = p.template.clone();
        let fits = |node: &super::cluster::NodeEntry| {
            pod_fits_node_with(
                t.sched_spec(),
                &t.requests,
                &t.host_ports,
                &node.obj,
                &node.allocatable,
                &node.usage,
            )
        };
        match p.target.clone() {
            Some(target) => {
                let Some(node) = self.nodes.get_hint(&target, p.node_slot) else {
                    let msg = if total == 0 {
                        "no nodes available to schedule pods".to_string()
                    } else {
                        fit_error_message(total, &[FitFailure::NodeAffinity])
                    };
                    self.mark_unschedulable(pid, None, msg);
                    return;
                };
                let failures = fits(node);
                if failures.is_empty() {
                    self.bind_pod(pid, &target, true);
                } else {
                    let msg = fit_error_message(total, &failures);
                    self.mark_unschedulable(pid, Some(&target), msg);
                }
            }
            None => {
                let mut best: Option<(i64, String)> = None;
                let mut first_failures: Option<Vec<FitFailure>> = None;
                for (name, node) in self.nodes.iter() {
                    let f = fits(node);
                    if f.is_empty() {
                        if best.as_ref().is_none_or(|(c, _)| node.usage.pods < *c) {
                            best = Some((node.usage.pods, name.to_string()));
                        }
                    } else if first_failures.is_none() {
                        first_failures = Some(f);
                    }
                }
                match best {
                    Some((_, name)) => self.bind_pod(pid, &name, true),
                    None => {
                        let msg = if total == 0 {
                            "no nodes available to schedule pods".to_string()
                        } else {
                            fit_error_message(total, &first_failures.unwrap_or_default())
                        };
                        self.mark_unschedulable(pid, None, msg);
                    }
                }
            }
        }
    }

    /// Records a failed scheduling attempt: `PodScheduled=False` (Unschedulable), a
    /// `FailedScheduling` event, and parks the pod until its node changes.
    fn mark_unschedulable(&mut self, pid: PodId, node: Option<&str>, msg: String) {
        let now = self.now;
        let Some(p) = self.pods.get_mut(&pid) else {
            return;
        };
        let changed = p.unschedulable.as_ref().is_none_or(|(_, m)| **m != *msg);
        if changed {
            let since = p.unschedulable.as_ref().map_or(now, |(t, _)| *t);
            p.unschedulable = Some((since, Rc::from(msg.as_str())));
        }
        if let Some(n) = node {
            if let Some(node) = self.nodes.get_mut(n) {
                node.unschedulable.insert(pid);
            }
        }
        self.pod_event(
            pid,
            EventType::Warning,
            "FailedScheduling",
            msg,
            "default-scheduler",
        );
        if changed {
            // A status write the DaemonSet controller is not told of: nothing it decides
            // reads the PodScheduled=False message (upstream's `updatePod` would queue a sync
            // that finds nothing to do).
            let rv = self.next_rv();
            if let Some(p) = self.pods.get_mut(&pid) {
                p.rv = rv;
            }
            self.watch_pod(pid, "MODIFIED");
        }
    }

    /// Binds a pod to a node (`spec.nodeName`), accounts its requests, and hands it to the kubelet.
    pub(super) fn bind_pod(&mut self, pid: PodId, node: &str, by_scheduler: bool) {
        let now = self.now;
        let Some(p) = self.pods.get_mut(&pid) else {
            return;
        };
        let slot = self.nodes.idx_hint(node, p.node_slot);
        let old = OldPod::of(p);
        let old_node = p.node_name.clone().map(|n| (n, p.node_slot));
        let bound = match &p.target {
            Some(t) if **t == *node => t.clone(),
            _ => match slot.and_then(|i| self.nodes.at(i)) {
                Some(n) => n.name.clone(),
                None => Rc::from(node),
            },
        };
        if let Some(i) = slot {
            p.node_slot = i;
        }
        if p.target.is_none() {
            p.target = Some(bound.clone());
        }
        p.node_name = Some(bound);
        p.scheduled_at = Some(now);
        p.unschedulable = None;
        let node_shared = p.node_name.clone();
        let t = p.template.clone();
        if let Some((n, hint)) = &old_node {
            if let Some(was) = self.nodes.get_mut_hint(n, *hint) {
                was.bound.remove(&pid);
            }
        }
        if let Some(n) = slot.and_then(|i| self.nodes.at_mut(i)) {
            n.bound.insert(pid);
            n.unschedulable.remove(&pid);
            super::template::account(&mut n.usage, &t, 1);
        }
        if let (true, Some(node)) = (by_scheduler, node_shared) {
            // `Successfully assigned <ns>/<name> to <node>`, about the pod.
            self.pod_event(
                pid,
                EventType::Normal,
                "Scheduled",
                Message::Assigned(node),
                "default-scheduler",
            );
        }
        self.pod_changed(pid, &old);
        self.kubelet_pod_bound(pid);
        self.check_pod_taints(pid);
    }

    /// Gives back a bound, non-terminal pod's requests to its node.
    pub(super) fn release_usage(&mut self, pid: PodId) {
        let Some(p) = self.pods.get(&pid) else {
            return;
        };
        if p.phase.is_terminal() {
            return;
        }
        let Some(node) = p.node_name.clone() else {
            return;
        };
        let t = p.template.clone();
        if let Some(n) = self.nodes.get_mut_hint(&node, p.node_slot) {
            super::template::account(&mut n.usage, &t, -1);
        }
        self.retry_unschedulable_on(&node);
    }

    /// Moves the pods that did not fit on `node` back to the scheduling queue.
    pub(super) fn retry_unschedulable_on(&mut self, node: &str) {
        if let Some(n) = self.nodes.get_mut(node) {
            if !n.unschedulable.is_empty() {
                let waiting = std::mem::take(&mut n.unschedulable);
                self.sched_queue.extend(waiting);
            }
        }
    }
}
