//! The event loop: inputs, the work queues, and the timer queue.

use super::timers::Timer;
use super::{ApplyReport, Input, SimError, Simulation};
use crate::clock::{SimDuration, SimTime};

/// Most work items one instant may run before the loop gives up (a guard against a
/// controller bug turning into a hang; never reached by a correct model).
const MAX_WORK_PER_DRAIN: u64 = 50_000_000;

impl Simulation {
    /// Appends to the input log, merging consecutive time advances.
    pub(super) fn log_input(&mut self, input: &Input) {
        if let Input::Advance(d) = input {
            if let Some((_, Input::Advance(prev))) = self.inputs.last_mut() {
                *prev = SimDuration(prev.0.saturating_add(d.0));
                return;
            }
        }
        self.inputs.push((self.now, input.clone()));
    }

    /// Carries out one input (already logged), then lets every component react.
    pub(super) fn carry_out(&mut self, input: Input) -> Result<ApplyReport, SimError> {
        let result = match input {
            Input::Apply { file, text } => {
                let out = crate::load::load(&file, &text);
                let mut report = self.apply_loaded(out.objects);
                report.not_simulated = out
                    .not_simulated
                    .iter()
                    .map(|n| format!("{}/{} ({}): not simulated", n.kind, n.name, n.api_version))
                    .collect();
                let mut errors = out.errors;
                errors.append(&mut report.errors);
                errors.sort_by(|a, b| a.location.cmp(&b.location));
                report.errors = errors;
                Ok(report)
            }
            Input::Delete {
                kind,
                namespace,
                name,
            } => self.delete_object(&kind, &namespace, &name),
            Input::Node(op) => self.do_node_op(op).map(|_| ApplyReport::default()),
            Input::FailPod { namespace, name } => self
                .fail_pod(&namespace, &name)
                .map(|_| ApplyReport::default()),
            Input::Rollback {
                namespace,
                name,
                to_revision,
            } => self.rollback(&namespace, &name, to_revision),
            Input::Advance(d) => {
                self.run_until(self.now.plus(d));
                Ok(ApplyReport::default())
            }
        };
        self.drain();
        result
    }

    /// Runs queued work at the current instant until nothing is left: DaemonSet syncs
    /// first, then the scheduler, repeatedly.
    pub(super) fn drain(&mut self) {
        let mut work: u64 = 0;
        while work < MAX_WORK_PER_DRAIN {
            work += 1;
            if !self.manual_sync {
                if let Some(id) = self.ds_queue.pop_first() {
                    self.sync_daemon_set(id);
                    continue;
                }
            }
            if let Some(pid) = self.sched_queue.pop_first() {
                self.schedule_one(pid);
                continue;
            }
            break;
        }
    }

    /// Fires every timer due up to `t`, in order, then sets the clock to `t`.
    pub(super) fn run_until(&mut self, t: SimTime) {
        self.drain();
        while let Some((at, timer)) = self.timers.pop_due(t) {
            if at > self.now {
                self.now = at;
            }
            self.fire(timer);
            self.drain();
        }
        if t > self.now {
            self.now = t;
        }
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::KubeletStart(pid, epoch) => self.kubelet_start(pid, epoch),
            Timer::KubeletReady(pid, epoch) => self.kubelet_ready(pid, epoch),
            Timer::PodGone(pid, epoch) => {
                if self.pods.get(&pid).is_some_and(|p| p.epoch == epoch) {
                    self.remove_pod(pid);
                }
            }
            Timer::SyncDaemonSet(id) => {
                if let Some(ds) = self.daemon_sets.get_mut(&id) {
                    ds.dirty_all = true;
                    self.ds_queue.insert(id);
                }
            }
            Timer::SyncDaemonSetNode(id, node) => self.enqueue_ds_node(id, &node),
            Timer::TaintEviction(pid, epoch) => self.taint_eviction_due(pid, epoch),
        }
    }
}
