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

    /// A copy of the cluster as a checkpoint: the same objects, timers, random state and
    /// input log, so that carrying on with the same inputs gives the same cluster as the
    /// original, without what observers kept (the view changes since the last look, watch and
    /// status recording: all off and empty). [`crate::timeline::Checkpoints`] keeps a lighter
    /// one still (no input log, no name indexes).
    pub fn checkpoint(&self) -> Simulation {
        let mut copy = self.clone();
        copy.view_tracker = Default::default();
        copy.watch = Default::default();
        copy.status_log = StatusLog::default();
        copy
    }

    /// A checkpoint as [`crate::timeline::Checkpoints`] keeps it: [`Simulation::checkpoint`]
    /// without what it can have again: its input log (the live run's log starts with it) and
    /// the name indexes of its pods and nodes (rebuilt from them). It shares every pod, node
    /// and per-node state with `self` until one side changes it, and owns little else, so
    /// what it costs is what changes after it ([`Simulation::unshared_bytes`]).
    /// [`Simulation::from_bare_checkpoint`] makes a simulation of it again.
    pub(crate) fn bare_checkpoint(&self) -> Simulation {
        // Every field named: a new one must be placed here too.
        let Simulation {
            seed,
            now,
            rng,
            rv,
            next_id,
            nodes,
            node_ordinal,
            daemon_sets,
            ds_by_name,
            ds_counter,
            pods,
            pod_by_name: _,
            revisions,
            timers,
            controller,
            sched_queue,
            events,
            inputs: _,
            watch: _,
            view_tracker: _,
            status_log: _,
            fired,
            pod_totals,
            input_fired_start,
            timer_budget,
            scratch: _,
            allocatable_memo: _,
            merge_fired,
        } = self;
        Simulation {
            seed: *seed,
            now: *now,
            rng: rng.clone(),
            rv: *rv,
            next_id: *next_id,
            nodes: nodes.without_index(),
            node_ordinal: *node_ordinal,
            daemon_sets: daemon_sets.clone(),
            ds_by_name: ds_by_name.clone(),
            ds_counter: *ds_counter,
            pods: pods.clone(),
            pod_by_name: Default::default(),
            revisions: revisions.clone(),
            timers: timers.clone(),
            controller: controller.clone(),
            sched_queue: sched_queue.clone(),
            events: events.clone(),
            inputs: Vec::new(),
            watch: Default::default(),
            view_tracker: Default::default(),
            status_log: StatusLog::default(),
            fired: *fired,
            pod_totals: *pod_totals,
            input_fired_start: *input_fired_start,
            timer_budget: *timer_budget,
            scratch: String::new(),
            allocatable_memo: None,
            merge_fired: *merge_fired,
        }
    }

    /// The simulation a [`Simulation::bare_checkpoint`] was taken of, with `inputs` (the
    /// input log it had: the start of the live run's): the same cluster, name indexes
    /// rebuilt.
    pub(crate) fn from_bare_checkpoint(
        bare: &Simulation,
        inputs: Vec<(crate::clock::SimTime, super::Input)>,
    ) -> Simulation {
        let mut sim = bare.bare_checkpoint();
        sim.nodes.reindex();
        sim.pod_by_name = super::cluster::PodNames::of(&sim.pods);
        sim.inputs = inputs;
        sim
    }

    /// The size of the pods, nodes and per-node controller states of `self` that `other`
    /// (another copy of the same run: a later checkpoint, or the live simulation) does not
    /// share: what `self` keeps for itself, in bytes of the records themselves (not counting
    /// what they point to, mostly strings and templates shared with the other copies).
    /// Without the `shared-stores` feature nothing is shared: every record.
    pub(crate) fn unshared_bytes(&self, other: &Simulation) -> usize {
        self.pods.unshared_with(&other.pods) * std::mem::size_of::<super::cluster::PodEntry>()
            + self.nodes.unshared_with(&other.nodes)
                * std::mem::size_of::<super::cluster::NodeEntry>()
            + self.controller.unshared_states(&other.controller) * STATE_BYTES
    }

    /// The size of every pod, node and per-node controller state stored, as
    /// [`Simulation::unshared_bytes`] counts them.
    pub(crate) fn record_bytes(&self) -> usize {
        self.pods.len() * std::mem::size_of::<super::cluster::PodEntry>()
            + self.nodes.len() * std::mem::size_of::<super::cluster::NodeEntry>()
            + self.controller.state_slots() * STATE_BYTES
    }
}

/// Bytes of one per-node controller state slot.
const STATE_BYTES: usize = super::controller::STATE_SLOT_BYTES;
