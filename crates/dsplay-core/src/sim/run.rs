//! The event loop: inputs, the work queues, and the timer queue.

use super::timers::Timer;
use super::{ApplyReport, Input, SimError, Simulation};
use crate::clock::{SimDuration, SimTime};

/// Most work items one instant may run before the loop gives up (a guard against a
/// controller bug turning into a hang; never reached by a correct model).
const MAX_WORK_PER_DRAIN: u64 = 50_000_000;

impl Simulation {
    /// Appends an input other than a time advance to the input log.
    pub(super) fn log_input(&mut self, input: &Input) {
        self.merge_fired = None;
        self.inputs.push((self.now, input.clone()));
    }

    /// Starts an input: its timer budget counts from here.
    pub(super) fn begin_input(&mut self) {
        self.input_fired_start = self.fired;
        self.watch.begin_input();
    }

    fn timer_budget(&self) -> u64 {
        if self.timer_budget == 0 {
            super::DEFAULT_TIMER_BUDGET
        } else {
            self.timer_budget
        }
    }

    /// Whether the current input has fired all the timers, or recorded all the watch
    /// notifications, it may.
    pub(super) fn budget_spent(&self) -> bool {
        self.bound_reached().is_some()
    }

    /// Which bound of the current input has been reached, if any.
    pub(super) fn bound_reached(&self) -> Option<super::InputBound> {
        let budget = self.timer_budget();
        if self.fired.saturating_sub(self.input_fired_start) >= budget {
            Some(super::InputBound::Timers(budget))
        } else {
            let objects = self.nodes.len().saturating_add(self.pods.len());
            self.watch
                .input_budget_spent(objects)
                .map(super::InputBound::WatchEvents)
        }
    }

    /// Logs a time advance of `requested` that started at `start`, after it ran. An advance the
    /// timer budget cut short is logged as the time that really passed, so that a replay
    /// reaches the same instant. Consecutive advances are merged while their timers together
    /// stay within one budget (so that the merged advance replays the same).
    pub(super) fn log_advance(&mut self, start: SimTime, requested: SimDuration) {
        let fired = self.fired.saturating_sub(self.input_fired_start);
        let target = start.plus(requested).min(SimTime::END);
        if self.now < target {
            self.merge_fired = None;
            self.inputs
                .push((start, Input::Advance(self.now.since(start))));
            return;
        }
        let budget = self.timer_budget();
        if let (Some(prev_fired), Some((_, Input::Advance(prev)))) =
            (self.merge_fired, self.inputs.last_mut())
        {
            if prev_fired.saturating_add(fired) <= budget {
                *prev = SimDuration(prev.0.saturating_add(requested.0));
                self.merge_fired = Some(prev_fired.saturating_add(fired));
                return;
            }
        }
        self.merge_fired = Some(fired);
        self.inputs.push((start, Input::Advance(requested)));
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
                crate::sort::sort_by(&mut errors, |a, b| a.location.cmp(&b.location));
                let mut omitted = out.omitted_errors;
                omitted.bound(&mut errors);
                errors.extend(omitted.stand_in(&file, "errors"));
                report.errors = errors;
                let mut warnings = out.warnings;
                warnings.extend(out.omitted_warnings.stand_in(&file, "warnings"));
                report.warnings = warnings;
                Ok(report)
            }
            Input::Delete {
                kind,
                namespace,
                name,
            } => self.delete_object(kind, &namespace, &name),
            Input::Node(op) => self.do_node_op(op).map(|_| ApplyReport::default()),
            Input::FailPod { namespace, name } => self
                .fail_pod(&namespace, &name)
                .map(|_| ApplyReport::default()),
            Input::Rollback {
                namespace,
                name,
                to_revision,
            } => self.rollback(&namespace, &name, to_revision),
            Input::ApplyObjects { objects } => {
                let mut report = ApplyReport::default();
                let mut loaded = Vec::new();
                for (i, v) in objects.into_iter().enumerate() {
                    let location = crate::location::Location {
                        file: "<objects>".to_string(),
                        line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                        column: 1,
                    };
                    match super::render::api_object_from_json(v) {
                        Ok(object) => loaded.push(crate::load::LoadedObject {
                            object,
                            location,
                            positions: crate::load::PositionIndex::default(),
                        }),
                        Err((kind, message)) => report
                            .errors
                            .push(crate::location::LocatedError::new(kind, location, message)),
                    }
                }
                let mut applied = self.apply_loaded(loaded);
                report.errors.append(&mut applied.errors);
                report.applied = applied.applied;
                Ok(report)
            }
            Input::SetPodReady {
                namespace,
                name,
                ready,
            } => self
                .set_pod_probe(&namespace, &name, ready)
                .map(|_| ApplyReport::default()),
            Input::Advance(d) => {
                self.run_until(self.now.plus(d));
                Ok(ApplyReport::default())
            }
        };
        // Everything due at this instant happens now (zero delays, the controllers).
        self.run_until(self.now);
        result
    }

    /// Runs queued work at the current instant until nothing is left: DaemonSet syncs
    /// first, then the scheduler through its whole queue, repeatedly (the controller sees
    /// the bindings of one round together, as its work queue folds repeated keys).
    pub(super) fn drain(&mut self) {
        let mut work: u64 = 0;
        while work < MAX_WORK_PER_DRAIN {
            work += 1;
            if !self.controller.manual_sync {
                if let Some(id) = self.controller.queue.pop_first() {
                    self.sync_daemon_set(id);
                    continue;
                }
            }
            if let Some(pid) = self.sched_queue.pop_first() {
                self.schedule_one(pid);
                // The scheduler works through its queue before the controllers look again.
                while work < MAX_WORK_PER_DRAIN {
                    let Some(pid) = self.sched_queue.pop_first() else {
                        break;
                    };
                    work += 1;
                    self.schedule_one(pid);
                }
                continue;
            }
            break;
        }
    }

    /// Fires every timer due up to `t`, in order, then sets the clock to `t`.
    ///
    /// Timers due at the same instant fire together, then the controllers run once for all of
    /// them (as a work queue folds repeated keys).
    ///
    /// Time ends at [`SimTime::END`]. When the input's timer budget is spent, the clock stops
    /// at the instant reached (timers still due there stay queued).
    pub(super) fn run_until(&mut self, t: SimTime) {
        let t = t.min(SimTime::END);
        self.drain();
        while let Some(at) = self.timers.next_due().filter(|at| *at <= t) {
            if self.budget_spent() {
                return;
            }
            if at > self.now {
                self.now = at;
            }
            while let Some((_, timer)) = self.timers.pop_due(at) {
                self.fired = self.fired.saturating_add(1);
                self.fire(timer);
                if self.budget_spent() {
                    break;
                }
            }
            self.drain();
        }
        let cut = self.budget_spent() && self.timers.next_due().is_some_and(|at| at <= t);
        if t > self.now && !cut {
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
            Timer::SyncDaemonSetNode(id, node) => {
                self.controller
                    .enqueue_daemon_set_node(&self.nodes, id, &node);
            }
            Timer::TaintEviction(pid, epoch) => self.taint_eviction_due(pid, epoch),
            Timer::NodeMonitorGrace(node, since) => self.node_monitor_grace_over(&node, since),
        }
    }
}
