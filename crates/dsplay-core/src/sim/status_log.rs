//! The DaemonSets' status over time, as [`crate::timeline::History`] reads it: every write
//! of a DaemonSet (its `.status` by the controller, its spec by an apply, its creation and
//! deletion) noted with the numbers it left, at the instant it happened. Off by default.

use super::cluster::DaemonSetId;
use super::Simulation;
use crate::timeline::{StatusChange, StatusSample};

/// The notes taken since the last [`Simulation::take_status_changes`], and the function that
/// takes one while recording.
#[derive(Clone, Debug, Default)]
pub(crate) struct StatusLog {
    /// [`note`] while recording, else `None` (a program that never records does not link it).
    note: Option<Note>,
    buf: Vec<StatusChange>,
}

type Note = fn(&Simulation, DaemonSetId, bool) -> Option<StatusChange>;

/// The change one DaemonSet's write made (`deleted`: it is going away: its numbers are 0).
fn note(sim: &Simulation, id: DaemonSetId, deleted: bool) -> Option<StatusChange> {
    let d = sim.daemon_sets.get(&id)?;
    let v = sim.daemon_set_view(d);
    let sample = if deleted {
        StatusSample::zero(sim.now)
    } else {
        StatusSample {
            at: sim.now,
            desired: v.desired,
            current: v.current,
            ready: v.ready,
            up_to_date: v.up_to_date,
            available: v.available,
            unavailable: v.unavailable,
        }
    };
    Some(StatusChange {
        namespace: v.namespace,
        name: v.name,
        color_index: v.color_index,
        generation: v.generation,
        observed_generation: v.observed_generation,
        deleted,
        sample,
    })
}

impl Simulation {
    /// Notes a DaemonSet's write, while recording.
    pub(super) fn note_status(&mut self, id: DaemonSetId, deleted: bool) {
        if let Some(note) = self.status_log.note {
            if let Some(change) = note(self, id, deleted) {
                self.status_log.buf.push(change);
            }
        }
    }

    /// Starts (`true`) or stops recording the DaemonSets' status changes for
    /// [`Simulation::take_status_changes`] (off by default). Starting notes every DaemonSet
    /// as it is now, so that a history begins with the cluster as it stands.
    pub fn record_statuses(&mut self, on: bool) {
        if !on {
            self.status_log = StatusLog::default();
            return;
        }
        if self.status_log.note.is_some() {
            return;
        }
        self.status_log.note = Some(note);
        let ids: Vec<DaemonSetId> = self.ds_by_name.values().copied().collect();
        for id in ids {
            self.note_status(id, false);
        }
    }

    /// The DaemonSets' status changes noted since the last call, oldest first (several at
    /// one instant are all there; the last one is the status the instant ended with). Empty
    /// unless [`Simulation::record_statuses`] is on.
    pub fn take_status_changes(&mut self) -> Vec<StatusChange> {
        std::mem::take(&mut self.status_log.buf)
    }

    /// A copy of the cluster for a checkpoint ([`crate::timeline::Checkpoints`]): the same
    /// objects, timers, random state and input log, so that carrying on with the same inputs
    /// gives the same cluster as the original, without what observers kept (the view
    /// changes since the last look, watch and status recording: all off and empty).
    pub fn checkpoint(&self) -> Simulation {
        let mut copy = self.clone();
        copy.view_tracker = Default::default();
        copy.watch = Default::default();
        copy.status_log = StatusLog::default();
        copy
    }
}
