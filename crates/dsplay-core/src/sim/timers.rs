//! The timer queue: what falls due at which simulated instant.

use super::cluster::{DaemonSetId, PodId};
use crate::clock::SimTime;
use std::collections::{BTreeMap, VecDeque};

/// Something that happens at a later simulated instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Timer {
    /// Kubelet: the pod's containers have been created and started (`epoch` guards stale timers).
    KubeletStart(PodId, u32),
    /// Kubelet: the pod's readiness probe passes.
    KubeletReady(PodId, u32),
    /// Kubelet: the pod's grace period is over; the pod object goes away.
    PodGone(PodId, u32),
    /// The DaemonSet controller re-checks one node (a pod's `minReadySeconds` elapsed).
    SyncDaemonSetNode(DaemonSetId, String),
    /// The taint manager evicts a pod whose `tolerationSeconds` ran out.
    TaintEviction(PodId, u32),
    /// The node lifecycle controller's node monitor grace period ran out for a node lost at
    /// this instant (ignored if the node came back, or was lost again, since).
    NodeMonitorGrace(String, SimTime),
}

/// A queue ordered by (time, insertion order): equal times run in insertion order.
/// One first-in first-out list per instant (timers cluster on few instants: every pod bound
/// at one instant starts one container-start delay later), so scheduling and popping are
/// cheap appends and removals at the ends.
#[derive(Clone, Debug, Default)]
pub(crate) struct TimerQueue {
    by_time: BTreeMap<SimTime, VecDeque<Timer>>,
    len: usize,
}

impl TimerQueue {
    /// Schedules `timer` at `at`.
    pub(crate) fn schedule(&mut self, at: SimTime, timer: Timer) {
        self.by_time.entry(at).or_default().push_back(timer);
        self.len += 1;
    }

    /// The instant of the earliest timer.
    pub(crate) fn next_due(&self) -> Option<SimTime> {
        self.by_time.first_key_value().map(|(at, _)| *at)
    }

    /// Removes and returns the earliest timer if it is due at or before `now`.
    pub(crate) fn pop_due(&mut self, now: SimTime) -> Option<(SimTime, Timer)> {
        let mut first = self.by_time.first_entry()?;
        let at = *first.key();
        if at > now {
            return None;
        }
        let timer = first.get_mut().pop_front();
        if first.get().is_empty() {
            first.remove();
        }
        if timer.is_some() {
            self.len -= 1;
        }
        timer.map(|t| (at, t))
    }

    /// Number of pending timers.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether `timer` is already scheduled at or before `at` (avoids piling up duplicates).
    pub(crate) fn has_at_or_before(&self, at: SimTime, timer: &Timer) -> bool {
        self.by_time
            .range(..=at)
            .any(|(_, timers)| timers.iter().any(|t| t == timer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_insertion_order() {
        let mut q = TimerQueue::default();
        q.schedule(SimTime(20), Timer::PodGone(1, 0));
        q.schedule(SimTime(10), Timer::PodGone(2, 0));
        q.schedule(SimTime(10), Timer::PodGone(3, 0));
        assert_eq!(q.next_due(), Some(SimTime(10)));
        assert_eq!(q.pop_due(SimTime(5)), None);
        assert_eq!(
            q.pop_due(SimTime(30)).map(|x| x.1),
            Some(Timer::PodGone(2, 0))
        );
        assert_eq!(
            q.pop_due(SimTime(30)).map(|x| x.1),
            Some(Timer::PodGone(3, 0))
        );
        assert_eq!(
            q.pop_due(SimTime(30)).map(|x| x.1),
            Some(Timer::PodGone(1, 0))
        );
        assert_eq!(q.len(), 0);
    }

    #[test]
    fn equal_instants_keep_insertion_order_across_pops() {
        let mut q = TimerQueue::default();
        q.schedule(SimTime(10), Timer::PodGone(1, 0));
        q.schedule(SimTime(5), Timer::PodGone(2, 0));
        q.schedule(SimTime(10), Timer::PodGone(3, 0));
        assert!(q.has_at_or_before(SimTime(10), &Timer::PodGone(3, 0)));
        assert!(!q.has_at_or_before(SimTime(9), &Timer::PodGone(3, 0)));
        assert_eq!(
            q.pop_due(SimTime(10)).map(|x| x.1),
            Some(Timer::PodGone(2, 0))
        );
        assert_eq!(
            q.pop_due(SimTime(10)).map(|x| x.1),
            Some(Timer::PodGone(1, 0))
        );
        // Scheduled while the instant is being popped: after those already queued.
        q.schedule(SimTime(10), Timer::PodGone(4, 0));
        assert_eq!(
            q.pop_due(SimTime(10)).map(|x| x.1),
            Some(Timer::PodGone(3, 0))
        );
        assert_eq!(q.len(), 1);
        assert_eq!(
            q.pop_due(SimTime(10)).map(|x| x.1),
            Some(Timer::PodGone(4, 0))
        );
        assert_eq!(q.next_due(), None);
    }
}
