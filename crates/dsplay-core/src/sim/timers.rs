//! The timer queue: what falls due at which simulated instant.

use super::cluster::{DsId, PodId};
use crate::clock::SimTime;
use std::collections::BinaryHeap;

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
    SyncDaemonSetNode(DsId, String),
    /// The taint manager evicts a pod whose `tolerationSeconds` ran out.
    TaintEviction(PodId, u32),
}

/// One queued timer.
#[derive(Clone, Debug)]
struct Entry {
    at: SimTime,
    seq: u64,
    timer: Timer,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    /// Reversed (time, sequence): the heap's top is the earliest timer.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

/// A queue ordered by (time, insertion sequence): equal times run in insertion order.
/// A binary heap: scheduling and popping touch one contiguous vector.
#[derive(Clone, Debug, Default)]
pub(crate) struct TimerQueue {
    queue: BinaryHeap<Entry>,
    seq: u64,
}

impl TimerQueue {
    /// Schedules `timer` at `at`.
    pub(crate) fn schedule(&mut self, at: SimTime, timer: Timer) {
        self.seq = self.seq.wrapping_add(1);
        self.queue.push(Entry {
            at,
            seq: self.seq,
            timer,
        });
    }

    /// The instant of the earliest timer.
    pub(crate) fn next_due(&self) -> Option<SimTime> {
        self.queue.peek().map(|e| e.at)
    }

    /// Removes and returns the earliest timer if it is due at or before `now`.
    pub(crate) fn pop_due(&mut self, now: SimTime) -> Option<(SimTime, Timer)> {
        if self.queue.peek()?.at > now {
            return None;
        }
        self.queue.pop().map(|e| (e.at, e.timer))
    }

    /// Number of pending timers.
    pub(crate) fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether `timer` is already scheduled at or before `at` (avoids piling up duplicates).
    pub(crate) fn has_at_or_before(&self, at: SimTime, timer: &Timer) -> bool {
        self.queue.iter().any(|e| e.at <= at && e.timer == *timer)
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
}
