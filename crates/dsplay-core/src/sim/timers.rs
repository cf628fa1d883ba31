//! The timer queue: what falls due at which simulated instant.

use super::cluster::{DsId, PodId};
use crate::clock::SimTime;
use std::collections::BTreeMap;

/// Something that happens at a later simulated instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Timer {
    /// Kubelet: the pod's containers have been created and started (`epoch` guards stale timers).
    KubeletStart(PodId, u32),
    /// Kubelet: the pod's readiness probe passes.
    KubeletReady(PodId, u32),
    /// Kubelet: the pod's grace period is over; the pod object goes away.
    PodGone(PodId, u32),
    /// The DaemonSet controller re-queues a DaemonSet (failed-pod back-off).
    SyncDaemonSet(DsId),
    /// The DaemonSet controller re-checks one node (a pod's `minReadySeconds` elapsed).
    SyncDaemonSetNode(DsId, String),
    /// The taint manager evicts a pod whose `tolerationSeconds` ran out.
    TaintEviction(PodId, u32),
}

/// A queue ordered by (time, insertion sequence): equal times run in insertion order.
#[derive(Clone, Debug, Default)]
pub(crate) struct TimerQueue {
    queue: BTreeMap<(SimTime, u64), Timer>,
    seq: u64,
}

impl TimerQueue {
    /// Schedules `timer` at `at`.
    pub(crate) fn schedule(&mut self, at: SimTime, timer: Timer) {
        self.seq = self.seq.wrapping_add(1);
        self.queue.insert((at, self.seq), timer);
    }

    /// The instant of the earliest timer.
    pub(crate) fn next_due(&self) -> Option<SimTime> {
        self.queue.keys().next().map(|(t, _)| *t)
    }

    /// Removes and returns the earliest timer if it is due at or before `now`.
    pub(crate) fn pop_due(&mut self, now: SimTime) -> Option<(SimTime, Timer)> {
        let (&(t, s), _) = self.queue.iter().next()?;
        if t > now {
            return None;
        }
        self.queue.remove(&(t, s)).map(|timer| (t, timer))
    }

    /// Number of pending timers.
    pub(crate) fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether `timer` is already scheduled at or before `at` (avoids piling up duplicates).
    pub(crate) fn has_at_or_before(&self, at: SimTime, timer: &Timer) -> bool {
        self.queue.range(..=(at, u64::MAX)).any(|(_, t)| t == timer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_insertion_order() {
        let mut q = TimerQueue::default();
        q.schedule(SimTime(20), Timer::SyncDaemonSet(1));
        q.schedule(SimTime(10), Timer::SyncDaemonSet(2));
        q.schedule(SimTime(10), Timer::SyncDaemonSet(3));
        assert_eq!(q.next_due(), Some(SimTime(10)));
        assert_eq!(q.pop_due(SimTime(5)), None);
        assert_eq!(
            q.pop_due(SimTime(30)).map(|x| x.1),
            Some(Timer::SyncDaemonSet(2))
        );
        assert_eq!(
            q.pop_due(SimTime(30)).map(|x| x.1),
            Some(Timer::SyncDaemonSet(3))
        );
        assert_eq!(
            q.pop_due(SimTime(30)).map(|x| x.1),
            Some(Timer::SyncDaemonSet(1))
        );
        assert_eq!(q.len(), 0);
    }
}
