//! The cluster over simulated time: each DaemonSet's status as a series (what the charts
//! draw, [`crate::print::chart`]), marks (rollout start and end, the run's steps), and
//! checkpoints to go back to any moment.
//!
//! * [`History`] follows a simulation ([`History::observe`]): every status write of every
//!   DaemonSet, as the controller made it (`desired`, `current`, `ready`, `up-to-date`,
//!   `available`, `unavailable`), at its instant; a rollout's start (a spec change the
//!   status does not yet show done) and end (`kubectl rollout status` would say
//!   "successfully rolled out"); and each input of the run as a step mark.
//! * [`Checkpoints`] keeps copies of the simulation every so often (sharing its records); [`Checkpoints::state_at`] gives the cluster at any earlier moment: the nearest
//!   checkpoint at or before it, then the run's inputs replayed up to that moment. The
//!   simulation is deterministic, so that is the cluster as it was then, byte for byte.
//! * [`Timeline`] is both, as the page's Timeline panel uses them.
//!
//! # Bounds
//!
//! Memory does not grow with the length of a run:
//!
//! * a DaemonSet's series holds at most [`MAX_SAMPLES`] samples: past that, the older half is
//!   thinned to every other sample (old times get coarser, recent ones stay exact);
//! * at most [`MAX_MARKS`] step marks and [`MAX_MARKS`] rollout marks per DaemonSet are kept
//!   (the oldest go first);
//! * at most [`MAX_CHECKPOINTS`] checkpoints, taken every [`FIRST_INTERVAL`] of simulated time
//!   at first; when they are all used, every other one goes (the first and the newest stay)
//!   and the interval doubles. Going back replays at most one interval of the run. The
//!   thinned ones are freed one at each [`Checkpoints::observe`] (so at most
//!   `MAX_CHECKPOINTS / 2` more for the next few calls), not all in one call;
//! * a checkpoint shares the cluster's records (pods, nodes, the controller's per-node
//!   states: with the `shared-stores` feature) with the live run and the other checkpoints,
//!   and keeps for itself the records changed after it, as they were
//!   ([`Checkpoints::pinned`]), plus little else (no input log, no name indexes: it takes
//!   them again from the live run and its own records when it is used). Those records stay
//!   within [`Checkpoints::pinned_bound`], a quarter of the size of the cluster's records (at
//!   least [`MIN_PINNED_BOUND`]): past it the checkpoints are thinned the same way, and when
//!   only two are left and still keep more, the first goes (going back before the oldest
//!   then replays from the run's start). With the records the live run changed since the
//!   newest checkpoint (at most one copy of the cluster's), the checkpoints cost at most
//!   about one and a quarter copies of the cluster's records, however long the run.

use crate::clock::{SimDuration, SimTime};
use crate::sim::{Input, Simulation};
use serde::{Deserialize, Serialize};

/// Samples one DaemonSet's series keeps at most (see [the bounds](self#bounds)).
pub const MAX_SAMPLES: usize = 1024;

/// Step marks, and rollout marks per DaemonSet, kept at most (the oldest go first).
pub const MAX_MARKS: usize = 512;

/// Checkpoints kept at most (see [the bounds](self#bounds)).
pub const MAX_CHECKPOINTS: usize = 32;

/// The least [`Checkpoints::pinned_bound`]: bytes of records the checkpoints may keep for
/// themselves however small the cluster (see [the bounds](self#bounds)).
pub const MIN_PINNED_BOUND: usize = 8 << 20;

/// [`Checkpoints::pinned_bound`] is the cluster's records divided by this (at least
/// [`MIN_PINNED_BOUND`]): a quarter, so that a run that changes the cluster all the time
/// reaches the bound early (memory stays flat from then on: issue 13's autopilot goal).
pub const PINNED_SHARE: usize = 4;

/// The simulated time between checkpoints until [`MAX_CHECKPOINTS`] are used (then it doubles).
pub const FIRST_INTERVAL: SimDuration = SimDuration::from_secs(5);

/// A DaemonSet's status numbers at one moment (its `.status`, as `kubectl get ds` shows it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusSample {
    /// When.
    pub at: SimTime,
    /// `status.desiredNumberScheduled`.
    pub desired: i32,
    /// `status.currentNumberScheduled`.
    pub current: i32,
    /// `status.numberReady`.
    pub ready: i32,
    /// `status.updatedNumberScheduled`.
    pub up_to_date: i32,
    /// `status.numberAvailable`.
    pub available: i32,
    /// `status.numberUnavailable`.
    pub unavailable: i32,
}

impl StatusSample {
    /// The names of the numbers, in the order of [`StatusSample::values`]: `desired`,
    /// `current`, `ready`, `up-to-date`, `available`, `unavailable` (`kubectl get ds`'s
    /// column names, lower case).
    pub const FIELDS: [&'static str; 6] = [
        "desired",
        "current",
        "ready",
        "up-to-date",
        "available",
        "unavailable",
    ];

    /// All numbers 0 at `at` (a DaemonSet that is gone).
    pub fn zero(at: SimTime) -> StatusSample {
        StatusSample {
            at,
            ..StatusSample::default()
        }
    }

    /// The numbers, in the order of [`StatusSample::FIELDS`].
    pub fn values(&self) -> [i32; 6] {
        [
            self.desired,
            self.current,
            self.ready,
            self.up_to_date,
            self.available,
            self.unavailable,
        ]
    }
}

/// One write of a DaemonSet, as [`Simulation::take_status_changes`] gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// The DaemonSet's colour index (creation order, as [`crate::view::DaemonSetView`]).
    pub color_index: u32,
    /// `metadata.generation`.
    pub generation: i64,
    /// `status.observedGeneration`.
    pub observed_generation: i64,
    /// The DaemonSet is being deleted (its numbers are 0).
    pub deleted: bool,
    /// The numbers it left, and when.
    pub sample: StatusSample,
}

/// What a mark on the time axis stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum MarkKind {
    /// A rollout started: the DaemonSet's spec changed and its pods are not all updated
    /// and available.
    RolloutStart,
    /// The rollout is done: every scheduled pod updated and available (`kubectl rollout
    /// status`: "successfully rolled out").
    RolloutEnd,
    /// A step of the run (an apply, a node operation, a scenario step).
    Step,
}

impl MarkKind {
    /// `rollout-start`, `rollout-end`, `step`: the mark's name in pictures and pages.
    pub fn as_str(self) -> &'static str {
        match self {
            MarkKind::RolloutStart => "rollout-start",
            MarkKind::RolloutEnd => "rollout-end",
            MarkKind::Step => "step",
        }
    }
}

/// A moment worth pointing out on the time axis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// When.
    pub at: SimTime,
    /// What it is.
    pub kind: MarkKind,
    /// What it says (`cordon:worker-1`, `rollout of agent`).
    pub label: String,
}

/// One DaemonSet's status over time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// Colour index (creation order).
    pub color_index: u32,
    /// The status at each change, oldest first (at most [`MAX_SAMPLES`]; one per instant).
    pub samples: Vec<StatusSample>,
    /// Its rollouts' start and end marks, oldest first (at most [`MAX_MARKS`]).
    pub rollouts: Vec<Mark>,
    /// `metadata.generation` at the last change.
    generation: i64,
    /// When the rollout under way started, if one is.
    rolling_since: Option<SimTime>,
}

impl Series {
    /// A series of these samples (oldest first), with no rollout marks: for a chart of
    /// numbers from elsewhere ([`History`] builds its own).
    pub fn new(
        namespace: &str,
        name: &str,
        color_index: u32,
        samples: Vec<StatusSample>,
    ) -> Series {
        Series {
            namespace: namespace.to_string(),
            name: name.to_string(),
            color_index,
            samples,
            ..Series::default()
        }
    }

    /// The status at `at`: the last sample at or before it (`None` before the first).
    pub fn sample_at(&self, at: SimTime) -> Option<&StatusSample> {
        let i = self.samples.partition_point(|s| s.at <= at);
        i.checked_sub(1).and_then(|i| self.samples.get(i))
    }

    /// `namespace/name`, or `name` alone in `default`.
    pub fn title(&self) -> String {
        if self.namespace == "default" || self.namespace.is_empty() {
            self.name.clone()
        } else {
            format!("{}/{}", self.namespace, self.name)
        }
    }

    fn push(&mut self, sample: StatusSample) {
        match self.samples.last_mut() {
            Some(last) if last.at == sample.at => *last = sample,
            Some(last) if last.values() == sample.values() => {}
            _ => self.samples.push(sample),
        }
        // Two samples at one instant are one: the one before may now equal the one before it.
        let n = self.samples.len();
        if n >= 2 && self.samples[n - 1].values() == self.samples[n - 2].values() {
            self.samples.pop();
        }
        if self.samples.len() > MAX_SAMPLES {
            let half = self.samples.len() / 2;
            let mut kept: Vec<StatusSample> =
                self.samples[..half].iter().step_by(2).copied().collect();
            kept.extend_from_slice(&self.samples[half..]);
            self.samples = kept;
        }
    }

    fn change(&mut self, c: &StatusChange, first: bool) {
        let s = &c.sample;
        let waiting = !c.deleted
            && crate::sim::project::rollout_progress(
                &c.name,
                c.generation,
                c.observed_generation,
                s.desired,
                s.up_to_date,
                s.available,
            )
            .is_some();
        if !first && c.generation > self.generation && waiting && self.rolling_since.is_none() {
            self.rolling_since = Some(s.at);
            push_bounded(
                &mut self.rollouts,
                Mark {
                    at: s.at,
                    kind: MarkKind::RolloutStart,
                    label: format!("rollout of {} started", c.name),
                },
            );
        }
        if c.generation > self.generation {
            self.generation = c.generation;
        }
        if let Some(since) = self.rolling_since {
            if !waiting || c.deleted {
                self.rolling_since = None;
                if since == s.at {
                    // Done at the instant it started (nothing to roll): no rollout to show.
                    self.rollouts.pop();
                } else if !c.deleted {
                    push_bounded(
                        &mut self.rollouts,
                        Mark {
                            at: s.at,
                            kind: MarkKind::RolloutEnd,
                            label: format!("rollout of {} done", c.name),
                        },
                    );
                }
            }
        }
        self.color_index = c.color_index;
        self.push(*s);
    }

    /// Forgets what came after `at`; `sim` is the cluster at `at`.
    fn truncate(&mut self, at: SimTime, sim: &Simulation) {
        self.generation = sim
            .daemon_set_object(&self.namespace, &self.name)
            .and_then(|d| d.metadata.generation)
            .unwrap_or(0);
        self.samples.retain(|s| s.at <= at);
        self.rollouts.retain(|m| m.at <= at);
        // A rollout that had started by then and ended later is under way again.
        self.rolling_since = match self.rollouts.last() {
            Some(m) if m.kind == MarkKind::RolloutStart => Some(m.at),
            _ => None,
        };
    }
}

fn push_bounded(marks: &mut Vec<Mark>, mark: Mark) {
    if marks.len() >= MAX_MARKS {
        marks.remove(0);
    }
    marks.push(mark);
}

/// What a step mark says for an input (`None`: time passing, which is no step).
pub fn step_label(input: &Input) -> Option<String> {
    match input {
        Input::Advance(_) => None,
        Input::Apply { file, .. } => Some(format!("apply -f {file}")),
        Input::ApplyObjects { objects } => Some(format!("apply {} objects", objects.len())),
        other => crate::scenario::step_text(other),
    }
}

/// Each DaemonSet's status over time, the rollouts and the run's steps (see the
/// [module](self)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// By namespace, then name.
    series: Vec<Series>,
    steps: Vec<Mark>,
    /// Inputs of the simulation's log already marked.
    inputs_seen: usize,
}

impl History {
    /// An empty history.
    pub fn new() -> History {
        History::default()
    }

    /// Takes in what happened in `sim` since the last call: every status change and a step
    /// mark for each new input. It turns [`Simulation::record_statuses`] on if it is off
    /// (the first call), which starts from the cluster as it stands.
    pub fn observe(&mut self, sim: &mut Simulation) {
        sim.record_statuses(true);
        for c in sim.take_status_changes() {
            let key = (c.namespace.as_str(), c.name.as_str());
            let i = self
                .series
                .partition_point(|s| (s.namespace.as_str(), s.name.as_str()) < key);
            let first = match self.series.get(i) {
                Some(s) if (s.namespace.as_str(), s.name.as_str()) == key => false,
                _ => {
                    self.series.insert(
                        i,
                        Series {
                            namespace: c.namespace.clone(),
                            name: c.name.clone(),
                            ..Series::default()
                        },
                    );
                    true
                }
            };
            self.series[i].change(&c, first);
        }
        let inputs = sim.inputs();
        for (at, input) in inputs.get(self.inputs_seen..).unwrap_or_default() {
            if let Some(label) = step_label(input) {
                push_bounded(
                    &mut self.steps,
                    Mark {
                        at: *at,
                        kind: MarkKind::Step,
                        label,
                    },
                );
            }
        }
        self.inputs_seen = inputs.len();
    }

    /// Each DaemonSet's series, by namespace then name (a deleted DaemonSet's stays, at 0).
    pub fn series(&self) -> &[Series] {
        &self.series
    }

    /// The step marks, oldest first.
    pub fn steps(&self) -> &[Mark] {
        &self.steps
    }

    /// The marks a chart of `series` shows: its rollouts and the steps, by time (rollout
    /// marks first at one instant).
    pub fn marks_for(&self, series: &Series) -> Vec<Mark> {
        let mut marks: Vec<Mark> = series.rollouts.iter().chain(&self.steps).cloned().collect();
        crate::sort::sort_by(&mut marks, |a, b| {
            a.at.cmp(&b.at)
                .then_with(|| (a.kind == MarkKind::Step).cmp(&(b.kind == MarkKind::Step)))
        });
        marks
    }

    /// The time of the first sample or mark (`None`: nothing yet).
    pub fn start(&self) -> Option<SimTime> {
        self.series
            .iter()
            .filter_map(|s| s.samples.first().map(|x| x.at))
            .chain(self.steps.first().map(|m| m.at))
            .min()
    }

    /// Forgets everything after `at` (the run goes on from there: **Resume from here**);
    /// `sim` is the simulation the history follows from now on, whose input log ends at `at`.
    pub fn truncate(&mut self, at: SimTime, sim: &Simulation) {
        for s in &mut self.series {
            s.truncate(at, sim);
        }
        self.series.retain(|s| !s.samples.is_empty());
        self.steps.retain(|m| m.at <= at);
        self.inputs_seen = sim.inputs().len();
    }
}

/// Copies of a simulation every so often, to go back to any moment of its run (see the
/// [module](self)).
#[derive(Clone, Debug)]
pub struct Checkpoints {
    snaps: Vec<Snap>,
    interval: SimDuration,
    /// Checkpoints thinned out and not yet freed: one is freed at each
    /// [`Checkpoints::observe`], so that thinning does not free half of them at once.
    dropped: Vec<Simulation>,
    /// [`Checkpoints::pinned_bound`].
    bound: usize,
    /// Its least value.
    min_bound: usize,
}

/// One checkpoint: the simulation as it was ([`Simulation::bare_checkpoint`]: sharing its
/// records with the live one, without its input log and name indexes), and what it needs
/// of the log.
#[derive(Clone, Debug)]
struct Snap {
    sim: Simulation,
    /// The length of its input log (the start of the live run's).
    log_len: usize,
    /// Its last input: a time advance that the live run may have carried on since.
    last: Option<(SimTime, Input)>,
    /// Bytes of records it keeps that the next checkpoint does not share (0 for the newest).
    pinned: usize,
}

impl Snap {
    fn of(sim: &Simulation) -> Snap {
        Snap {
            sim: sim.bare_checkpoint(),
            log_len: sim.inputs().len(),
            last: sim.inputs().last().cloned(),
            pinned: 0,
        }
    }

    /// Whether `log` (the live run's) goes on from this checkpoint's: the same last input
    /// at the same place, a time advance possibly carried on (the live run merged later
    /// advances into it). The earlier inputs are not compared: the live run's log only
    /// grows, **Resume from here** drops the checkpoints after its moment, and another run
    /// starts the checkpoints again ([`Checkpoints::observe`]).
    fn starts(&self, log: &[(SimTime, Input)]) -> bool {
        let Some((t, last)) = &self.last else {
            return true;
        };
        match (log.get(self.log_len - 1), last) {
            (Some((lt, Input::Advance(ld))), Input::Advance(d)) => lt == t && ld.0 >= d.0,
            (Some((lt, l)), s) => lt == t && l == s,
            (None, _) => false,
        }
    }
}

impl Default for Checkpoints {
    fn default() -> Self {
        Checkpoints::new()
    }
}

impl Checkpoints {
    /// No checkpoint yet (the run's start, its seed alone, always serves).
    pub fn new() -> Checkpoints {
        Checkpoints {
            snaps: Vec::new(),
            interval: FIRST_INTERVAL,
            dropped: Vec::new(),
            bound: MIN_PINNED_BOUND,
            min_bound: MIN_PINNED_BOUND,
        }
    }

    /// No checkpoint yet, and at least `min_pinned` bytes for [`Checkpoints::pinned_bound`]
    /// instead of [`MIN_PINNED_BOUND`] (a small cluster reaches a small bound soon: tests).
    pub fn with_min_bound(min_pinned: usize) -> Checkpoints {
        Checkpoints {
            min_bound: min_pinned,
            bound: min_pinned,
            ..Checkpoints::new()
        }
    }

    /// Takes a checkpoint of `sim` if one is due (the interval has passed since the last),
    /// and thins them if they are more than [`MAX_CHECKPOINTS`] or keep more than
    /// [`Checkpoints::pinned_bound`].
    pub fn observe(&mut self, sim: &Simulation) {
        drop(self.dropped.pop());
        if let Some(last) = self.snaps.last() {
            if sim.seed() != last.sim.seed()
                || sim.now() < last.sim.now()
                || sim.inputs().len() < last.log_len
            {
                // Another run (the page replaced its simulation): start again.
                *self = Checkpoints::with_min_bound(self.min_bound);
            }
        }
        let due = match self.snaps.last() {
            None => true,
            Some(last) => sim.now() >= last.sim.now().plus(self.interval),
        };
        if !due {
            return;
        }
        let snap = Snap::of(sim);
        if let Some(prev) = self.snaps.last_mut() {
            prev.pinned = prev.sim.unshared_bytes(&snap.sim);
        }
        self.snaps.push(snap);
        self.bound = (sim.record_bytes() / PINNED_SHARE).max(self.min_bound);
        self.thin();
    }

    /// Every other checkpoint goes (the first and the newest stay) and the interval doubles,
    /// while they are more than [`MAX_CHECKPOINTS`] or keep more than the bound; when two
    /// are left and they still keep more (the cluster was much larger at the first), the
    /// first goes too.
    fn thin(&mut self) {
        loop {
            let over_bound = self.pinned() > self.bound;
            if self.snaps.len() <= MAX_CHECKPOINTS && !over_bound {
                return;
            }
            let n = self.snaps.len();
            if n <= 2 {
                if over_bound && n == 2 {
                    let first = self.snaps.remove(0);
                    self.dropped.push(first.sim);
                }
                return;
            }
            let mut kept = Vec::with_capacity(n / 2 + 1);
            for (i, snap) in std::mem::take(&mut self.snaps).into_iter().enumerate() {
                if i % 2 == 0 || i == n - 1 {
                    kept.push(snap);
                } else {
                    self.dropped.push(snap.sim);
                }
            }
            // What each keeps apart from its new next one.
            for i in 1..kept.len() {
                let (before, after) = kept.split_at_mut(i);
                if let (Some(prev), Some(next)) = (before.last_mut(), after.first()) {
                    prev.pinned = prev.sim.unshared_bytes(&next.sim);
                }
            }
            self.snaps = kept;
            self.interval = SimDuration(self.interval.0.saturating_mul(2));
        }
    }

    /// How many checkpoints are kept (at most [`MAX_CHECKPOINTS`]).
    pub fn len(&self) -> usize {
        self.snaps.len()
    }

    /// Whether none is kept yet.
    pub fn is_empty(&self) -> bool {
        self.snaps.is_empty()
    }

    /// The simulated time between checkpoints now.
    pub fn interval(&self) -> SimDuration {
        self.interval
    }

    /// The times of the checkpoints kept, oldest first.
    pub fn times(&self) -> Vec<SimTime> {
        self.snaps.iter().map(|s| s.sim.now()).collect()
    }

    /// Bytes of records (pods, nodes and the DaemonSet controller's per-node states, by
    /// their own size: what they point to is mostly shared) that the checkpoints keep for
    /// themselves, up to the newest: a record changed after a checkpoint is kept, as it was,
    /// until the last checkpoint that has it goes. At most [`Checkpoints::pinned_bound`]
    /// after each [`Checkpoints::observe`]; the newest checkpoint keeps besides what the live
    /// run changed since it (at most one interval).
    pub fn pinned(&self) -> usize {
        self.snaps.iter().map(|s| s.pinned).sum()
    }

    /// The most [`Checkpoints::pinned`] may be: a quarter ([`PINNED_SHARE`]) of the size of
    /// the cluster's records when the newest checkpoint was taken, at least
    /// [`MIN_PINNED_BOUND`] (see [the bounds](self#bounds)).
    pub fn pinned_bound(&self) -> usize {
        self.bound
    }

    /// The cluster of `live`'s run as it was at `at` (at most `live.now()`): the nearest
    /// checkpoint at or before `at` (or the run's seed alone), then `live`'s inputs up to
    /// `at` (those at `at` included), the last time advance cut at `at`. Its input log is
    /// `live`'s up to that moment: carrying on from it is **Resume from here**.
    pub fn state_at(&self, live: &Simulation, at: SimTime) -> Simulation {
        let at = at.min(live.now());
        let log = live.inputs();
        let base = self
            .snaps
            .iter()
            .rev()
            .find(|s| s.sim.now() <= at && s.sim.seed() == live.seed() && s.starts(log));
        let mut sim = match base {
            Some(s) => {
                let mut inputs = log
                    .get(..s.log_len.saturating_sub(1))
                    .unwrap_or_default()
                    .to_vec();
                inputs.extend(s.last.clone());
                Simulation::from_bare_checkpoint(&s.sim, inputs)
            }
            None => Simulation::new(live.seed()),
        };
        let k = sim.inputs().len();
        // The checkpoint may stand inside a time advance the live run went on with.
        if let Some((start, Input::Advance(d))) = k.checked_sub(1).and_then(|i| log.get(i)) {
            advance_to(&mut sim, start.plus(*d).min(at));
        }
        for (start, input) in log.get(k..).unwrap_or_default() {
            if *start > at {
                break;
            }
            match input {
                Input::Advance(d) => advance_to(&mut sim, start.plus(*d).min(at)),
                other => {
                    let _ = sim.step(other.clone());
                }
            }
        }
        sim
    }

    /// Forgets the checkpoints after `at` (**Resume from here**).
    pub fn truncate(&mut self, at: SimTime) {
        self.snaps.retain(|s| s.sim.now() <= at);
        if let Some(last) = self.snaps.last_mut() {
            last.pinned = 0;
        }
    }
}

/// Lets `sim`'s time pass up to `until` (nothing when it is there already).
fn advance_to(sim: &mut Simulation, until: SimTime) {
    if until > sim.now() {
        let _ = sim.step(Input::Advance(until.since(sim.now())));
    }
}

/// A [`History`] and [`Checkpoints`] following one simulation: what the page's Timeline
/// panel keeps.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    /// The statuses and marks.
    pub history: History,
    /// The checkpoints.
    pub checkpoints: Checkpoints,
}

impl Timeline {
    /// Nothing followed yet.
    pub fn new() -> Timeline {
        Timeline {
            history: History::new(),
            checkpoints: Checkpoints::new(),
        }
    }

    /// Takes in what happened in `sim` since the last call ([`History::observe`],
    /// [`Checkpoints::observe`]).
    pub fn observe(&mut self, sim: &mut Simulation) {
        self.history.observe(sim);
        self.checkpoints.observe(sim);
    }

    /// A run rebuilt from its seed and inputs ([`Simulation::replay`]) with its timeline:
    /// the statuses from the start, a checkpoint at every interval (long time advances
    /// are replayed in steps of the checkpoint interval, which gives the same cluster).
    pub fn replay<'a>(
        seed: u64,
        inputs: impl IntoIterator<Item = &'a Input>,
    ) -> (Simulation, Timeline) {
        let mut sim = Simulation::new(seed);
        let mut timeline = Timeline::new();
        timeline.observe(&mut sim);
        for input in inputs {
            match input {
                Input::Advance(d) => {
                    let end = sim.now().plus(*d).min(SimTime::END);
                    while sim.now() < end {
                        let step = timeline.checkpoints.interval().0.max(1);
                        let next = SimTime(sim.now().0.saturating_add(step)).min(end);
                        let before = sim.now();
                        advance_to(&mut sim, next);
                        timeline.observe(&mut sim);
                        if sim.now() == before || sim.now() < next {
                            // A bound stopped it: time is where the original run stopped.
                            break;
                        }
                    }
                }
                other => {
                    let _ = sim.step(other.clone());
                    timeline.observe(&mut sim);
                }
            }
        }
        (sim, timeline)
    }

    /// The cluster as it was at `at` ([`Checkpoints::state_at`]).
    pub fn state_at(&self, live: &Simulation, at: SimTime) -> Simulation {
        self.checkpoints.state_at(live, at)
    }

    /// Forgets everything after `at`: `sim` (the state at `at`) is the run from now on.
    pub fn truncate(&mut self, at: SimTime, sim: &Simulation) {
        self.history.truncate(at, sim);
        self.checkpoints.truncate(at);
    }
}
