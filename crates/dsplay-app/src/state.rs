//! The page's state: the simulation, the input log that replays it, and the view the
//! components render. `reduce` only forwards to [`Simulation::step`] and brings the view
//! up to date with what changed ([`Simulation::view_changes_within`]: a change of thousands
//! of node cards in parts, a task each, [`CARDS_PER_TASK`]).

#[cfg(feature = "full")]
use crate::player::Playing;
use dsplay_core::clock::{SimDuration, SimTime};
#[cfg(feature = "full")]
use dsplay_core::field_docs::FieldDocs;
use dsplay_core::kubectl::Outcome as KubectlOutcome;
#[cfg(feature = "full")]
use dsplay_core::kubectl::{run_in, Context, Files};
#[cfg(feature = "full")]
use dsplay_core::scenario::Scenario;
use dsplay_core::sim::{ApplyReport, Input, Simulation};
use dsplay_core::view::{self, DaemonSetView, NodeView, PodView, ViewDelta};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ops::Deref;
use std::rc::Rc;
use yew::Reducible;

/// The file name the editor's text is applied as (error locations name it).
pub const EDITOR_FILE: &str = "daemonset.yaml";

/// The seed a first visit starts with.
pub const DEFAULT_SEED: u64 = 1;

/// Node cards the view takes in at most per task: a change of more (an eleventh DaemonSet on
/// 5,000 nodes changes every card) shows in parts, one task each ([`Action::ShowMore`]), so
/// that the next frame comes soon and no task is long. The simulation has run whole: only
/// its picture lags, and the parts end as the whole view
/// ([`Simulation::view_changes_within`]). About 30 µs a card in the page (projecting it,
/// the page's view and drawing its cell), so 500 cards are ~15 ms.
pub const CARDS_PER_TASK: usize = 500;

/// A shared value whose equality is identity: props holding it compare in O(1).
///
/// [`ViewModel::from_delta`] keeps the previous `Rc` when a value did not change, so
/// identity equality is also value equality for the components.
#[derive(Debug, Default)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Read access to the simulation for a component; equal when it is the same simulation.
#[derive(Clone, Debug)]
pub struct SimHandle(Rc<RefCell<Simulation>>);

impl SimHandle {
    /// Runs `f` with the simulation.
    pub fn with<R>(&self, f: impl FnOnce(&Simulation) -> R) -> R {
        f(&self.0.borrow())
    }
}

impl PartialEq for SimHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What the page renders: the core's `ClusterView` (events apart), split into shared pieces.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewModel {
    /// Simulated time.
    pub now: SimTime,
    /// Node cards, by name.
    pub nodes: Shared<Vec<Shared<NodeView>>>,
    /// `kubectl get ds` rows.
    pub daemon_sets: Shared<Vec<DaemonSetView>>,
    /// DaemonSet name → colour index.
    pub colors: Shared<BTreeMap<String, u32>>,
    /// Pods on no existing node.
    pub unplaced_pods: Shared<Vec<PodView>>,
    /// `Simulation::events_version`: events are read from the simulation as they are shown.
    pub events_version: u64,
}

impl ViewModel {
    /// Brings `previous` up to date with `delta` (from [`Simulation::view_changes`] or
    /// [`Simulation::view_changes_within`]),
    /// reusing every piece that did not change (the first delta, with no `previous`, holds
    /// everything).
    pub fn from_delta(delta: ViewDelta, events_version: u64, previous: Option<&ViewModel>) -> Self {
        let ViewDelta {
            now,
            all_nodes,
            nodes,
            daemon_sets,
            unplaced_pods,
        } = delta;
        let nodes = match previous {
            Some(p) if !all_nodes => patch_nodes(&p.nodes, nodes),
            _ => all_nodes_of(nodes.into_values().flatten(), previous),
        };
        fn keep<T: PartialEq>(old: Option<&Shared<T>>, new: T) -> Shared<T> {
            match old {
                Some(o) if **o == new => o.clone(),
                _ => Shared::new(new),
            }
        }
        // Filled with `insert`, not `collect`: `BTreeMap::from_iter` compiles a stable sort
        // for each key/value type (the web bundle's size); same map either way.
        let mut colors: BTreeMap<String, u32> = BTreeMap::new();
        for d in daemon_sets.iter() {
            colors.insert(d.name.clone(), d.color_index);
        }
        ViewModel {
            now,
            nodes,
            colors: keep(previous.map(|p| &p.colors), colors),
            daemon_sets: keep(previous.map(|p| &p.daemon_sets), daemon_sets),
            unplaced_pods: match (previous, unplaced_pods) {
                (Some(p), None) => p.unplaced_pods.clone(),
                (p, unplaced) => keep(p.map(|p| &p.unplaced_pods), unplaced.unwrap_or_default()),
            },
            events_version,
        }
    }
}

/// The node list from every node, keeping the previous `Rc` of each unchanged card.
fn all_nodes_of(
    nodes: impl Iterator<Item = NodeView>,
    previous: Option<&ViewModel>,
) -> Shared<Vec<Shared<NodeView>>> {
    // The previous cards are in name order (as the view lists nodes): found by binary search
    // (a map type here would cost the bundle its own tree code).
    let old_nodes: &[Shared<NodeView>] = previous.map_or(&[], |p| &p.nodes);
    let mut changed = previous.is_none();
    let mut new_nodes = Vec::with_capacity(old_nodes.len());
    for node in nodes {
        let old = old_nodes
            .binary_search_by(|o| o.name.as_str().cmp(node.name.as_str()))
            .ok()
            .and_then(|i| old_nodes.get(i));
        match old {
            Some(old) if **old == node => new_nodes.push(old.clone()),
            _ => {
                changed = true;
                new_nodes.push(Shared::new(node));
            }
        }
    }
    match previous {
        Some(p) if !changed && p.nodes.len() == new_nodes.len() => p.nodes.clone(),
        _ => Shared::new(new_nodes),
    }
}

/// The previous node list with the cards named in `changes` replaced, added or removed
/// (`None`); the same `Rc` when nothing really changed.
fn patch_nodes(
    old: &Shared<Vec<Shared<NodeView>>>,
    changes: BTreeMap<String, Option<NodeView>>,
) -> Shared<Vec<Shared<NodeView>>> {
    if changes.is_empty() {
        return old.clone();
    }
    let mut nodes = old.to_vec();
    let changed = view::patch_nodes(
        &mut nodes,
        changes,
        |n| n.name.as_str(),
        |o, n| **o == *n,
        Shared::new,
    );
    if changed {
        Shared::new(nodes)
    } else {
        old.clone()
    }
}

/// A seed and every input since it (the default cluster's nodes included): replaying them
/// with [`Simulation::replay`] rebuilds the cluster. This is what `localStorage` keeps.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunLog {
    /// The seed.
    pub seed: u64,
    /// Every input, as [`Simulation::inputs`] lists them.
    pub inputs: Vec<Input>,
}

impl RunLog {
    /// The run so far of `sim`.
    pub fn of(sim: &Simulation) -> Self {
        RunLog {
            seed: sim.seed(),
            inputs: sim.inputs().iter().map(|(_, i)| i.clone()).collect(),
        }
    }
}

/// What the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// One input to the simulation.
    Step(Input),
    /// Several inputs, rendered once (e.g. "Add 10 nodes").
    StepMany(Vec<Input>),
    /// Let simulated time pass (the clock's tick, or "Step").
    Tick(SimDuration),
    /// Show the next part of a large change (the view is behind: [`AppState::view_behind`]).
    ShowMore,
    /// A fresh default cluster with this seed, then apply `text` (if not empty).
    Reset {
        /// The seed.
        seed: u64,
        /// Manifest to apply.
        text: String,
    },
    /// Replace the run with a shared or saved one (replayed).
    Replay(RunLog),
    /// Forget the last apply result and refusal.
    DismissMessages,
    /// Play a scenario: its cluster replaces the run, after its first `count` steps (0: its
    /// start; the scenario bar's previous step and timeline marks).
    #[cfg(feature = "full")]
    ScenarioGo(Shared<Scenario>, usize),
    /// Run the scenario's next step now.
    #[cfg(feature = "full")]
    ScenarioNext,
    /// Stop playing the scenario (the cluster stays).
    #[cfg(feature = "full")]
    ScenarioClose,
    /// Show the run as it was at this moment (the Timeline's scrubber; now or later: the
    /// live run). See [`crate::time_travel`].
    #[cfg(feature = "full")]
    Scrub(SimTime),
    /// Show the live run again.
    #[cfg(feature = "full")]
    BackToNow,
    /// Go on from the moment shown: the later inputs are dropped.
    #[cfg(feature = "full")]
    ResumeHere,
    /// A console line ([`dsplay_core::kubectl::run_in`]) with the folder it reads and the
    /// field descriptions, if loaded (full build).
    #[cfg(feature = "full")]
    Kubectl {
        /// The line as typed.
        line: String,
        /// The folder.
        files: Rc<Files>,
        /// `explain`'s descriptions.
        docs: Option<Rc<FieldDocs>>,
    },
    /// Start or stop the churn autopilot (its operations are inputs at their times).
    #[cfg(feature = "full")]
    Autopilot(crate::components::autopilot::Command),
}

impl KubectlLog {
    /// How many answers are kept.
    pub const KEPT: usize = 64;
}

/// The console's latest answers, and every command typed (the events' history shows them).
///
/// `Eq`, so that `Rc<KubectlLog>` (the console's and the events' props, the console's effect)
/// compares by pointer first: without it every render with the same log compared the kept
/// answers' text, megabytes after a few `-o json` (docs/performance.md, "The console").
#[derive(Debug, Default, PartialEq, Eq)]
pub struct KubectlLog {
    /// How many lines ran.
    pub seq: u64,
    /// The latest answers (at most [`KubectlLog::KEPT`]), each with its number: several
    /// lines pasted at once run before the console draws.
    pub recent: Vec<Rc<(u64, String, KubectlOutcome)>>,
    /// Every command line, with the simulated time it ran at.
    pub typed: Vec<(SimTime, String)>,
}

/// The outcome of the last user input, for the message area.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// `kubectl apply` output.
    Applied(Rc<ApplyReport>),
    /// A refused operation, in kubectl's words.
    Refused(String),
}

/// The page's state.
#[derive(Clone, Debug)]
pub struct AppState {
    pub(crate) sim: Rc<RefCell<Simulation>>,
    /// What the components render.
    pub view: ViewModel,
    /// The last apply report or refusal.
    pub outcome: Option<Outcome>,
    /// Changes whenever the log changes other than by time passing (persist then).
    pub log_generation: u64,
    /// Milliseconds the last action spent in the simulation, and building the view
    /// (shown as `data-sim-ms` / `data-view-ms` for the performance script; the first part's
    /// when a change shows in parts).
    pub timings: (f64, f64),
    /// Some changed node cards are not in `view` yet ([`CARDS_PER_TASK`]): the page asks for
    /// the next part in a task of its own ([`Action::ShowMore`]) while it is.
    pub view_behind: bool,
    /// The scenario being played, if any: the clock's ticks run its steps (full build).
    #[cfg(feature = "full")]
    pub playing: Option<Shared<Playing>>,
    /// The run's timeline, and the earlier moment shown, if any (full build).
    #[cfg(feature = "full")]
    pub travel: crate::time_travel::TimeTravel,
    /// The console's answers (empty in the light build).
    pub kubectl: Rc<KubectlLog>,
    /// The churn autopilot, once started: the clock's ticks run it (full build).
    #[cfg(feature = "full")]
    pub autopilot: Option<crate::components::autopilot::Running>,
}

/// Milliseconds since the page started (`performance.now()`; 0 where there is none).
pub(crate) fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Heap bytes a replay takes per input, about (5,000 nodes × 10 DaemonSets: 5,006 inputs, 60
/// MiB), and the most [`reserve_memory`] asks for.
const BYTES_PER_INPUT: usize = 12 << 10;
const MOST_RESERVED: usize = 128 << 20;

/// Grows the wasm memory once, before a run of `inputs` inputs is replayed, by about what the
/// replay will take: one block allocated and freed at once, which the allocator keeps for
/// the allocations that follow. Else the memory grows 64 KiB at a time, about 800 times for
/// 5,000 nodes (each a call into the browser, and a wait for the process's memory map while
/// the browser compiles the wasm on other threads: 9–262 ms of an open at load 6–11, 1–43 ms
/// with the reserve; docs/performance.md). Small runs take nothing. The pages are the
/// browser's only once written to.
fn reserve_memory(inputs: usize) {
    let bytes = inputs.saturating_mul(BYTES_PER_INPUT).min(MOST_RESERVED);
    if bytes >= 8 << 20 {
        // Kept from the optimiser, which would drop an allocation never used.
        drop(std::hint::black_box(Vec::<u8>::with_capacity(bytes)));
    }
}

impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim)
            && self.view == other.view
            && self.outcome == other.outcome
            && self.log_generation == other.log_generation
            && self.timings == other.timings
            && self.view_behind == other.view_behind
            && self.same_playing(other)
            && Rc::ptr_eq(&self.kubectl, &other.kubectl)
    }
}

impl AppState {
    /// A default cluster with `seed`, with `text` applied (unless empty).
    pub fn new(seed: u64, text: &str) -> Self {
        let mut sim = Simulation::with_default_cluster(seed);
        let mut outcome = None;
        if !text.trim().is_empty() {
            let input = Input::Apply {
                file: EDITOR_FILE.to_string(),
                text: text.to_string(),
            };
            outcome = Some(outcome_of(sim.step(input)));
        }
        Self::from_parts(sim, outcome)
    }

    /// Replays a saved run (`timings`: the replay's and the view's milliseconds).
    pub fn replay(log: &RunLog) -> Self {
        let started = now_ms();
        reserve_memory(log.inputs.len());
        // The full build rebuilds the run's timeline as it replays.
        #[cfg(feature = "full")]
        let (sim, travel) = crate::time_travel::TimeTravel::replay(log);
        #[cfg(not(feature = "full"))]
        let sim = Simulation::replay(log.seed, &log.inputs);
        let replayed = now_ms();
        let mut state = Self::from_parts(sim, None);
        #[cfg(feature = "full")]
        {
            state.travel = travel;
        }
        state.timings = (replayed - started, now_ms() - replayed);
        state
    }

    fn from_parts(mut sim: Simulation, outcome: Option<Outcome>) -> Self {
        let view = ViewModel::from_delta(sim.view_changes(), sim.events_version(), None);
        #[cfg(feature = "full")]
        let travel = crate::time_travel::TimeTravel::start(&mut sim);
        AppState {
            sim: Rc::new(RefCell::new(sim)),
            view,
            outcome,
            log_generation: 0,
            timings: (0.0, 0.0),
            view_behind: false,
            #[cfg(feature = "full")]
            playing: None,
            #[cfg(feature = "full")]
            travel,
            kubectl: Rc::default(),
            #[cfg(feature = "full")]
            autopilot: None,
        }
    }

    /// The seed of this run.
    pub fn seed(&self) -> u64 {
        self.sim.borrow().seed()
    }

    /// The run so far (for persistence).
    pub fn run_log(&self) -> RunLog {
        // While the past is shown, the live run (which is what is saved).
        #[cfg(feature = "full")]
        if let Some(log) = self.travel.live_log() {
            return log;
        }
        RunLog::of(&self.sim.borrow())
    }

    /// Read access to the simulation (explanations, pod objects).
    pub fn with_sim<R>(&self, f: impl FnOnce(&Simulation) -> R) -> R {
        f(&self.sim.borrow())
    }

    /// The simulation, for components that read it as they render (events).
    pub fn sim_handle(&self) -> SimHandle {
        SimHandle(Rc::clone(&self.sim))
    }

    /// The state after the simulation ran (from `started`): its view brought up to date, at
    /// most [`CARDS_PER_TASK`] cards of it.
    fn next(&self, outcome: Option<Outcome>, log_changed: bool, started: f64) -> Self {
        let sim_done = now_ms();
        let (delta, events_version, view_behind) = {
            let mut sim = self.sim.borrow_mut();
            #[cfg(feature = "full")]
            self.travel.observe(&mut sim);
            (
                sim.view_changes_within(CARDS_PER_TASK),
                sim.events_version(),
                sim.view_pending() > 0,
            )
        };
        let view = ViewModel::from_delta(delta, events_version, Some(&self.view));
        AppState {
            timings: (sim_done - started, now_ms() - sim_done),
            view_behind,
            sim: Rc::clone(&self.sim),
            view,
            outcome,
            log_generation: self.log_generation.wrapping_add(u64::from(log_changed)),
            #[cfg(feature = "full")]
            playing: self.playing.clone(),
            #[cfg(feature = "full")]
            travel: self.travel.clone(),
            kubectl: Rc::clone(&self.kubectl),
            #[cfg(feature = "full")]
            autopilot: self.autopilot.clone(),
        }
    }

    /// Runs `inputs`; returns what the message area shows next: the last apply report or
    /// refusal, else what it showed, except that a refusal is cleared by an input that then
    /// succeeds (a refused node operation's message does not outlive a valid one).
    fn run(&self, inputs: Vec<Input>) -> Option<Outcome> {
        let mut last = self.outcome.clone();
        let mut sim = self.sim.borrow_mut();
        for input in inputs {
            let is_apply = matches!(input, Input::Apply { .. });
            let result = sim.step(input);
            match result {
                Err(e) => last = Some(Outcome::Refused(e.to_string())),
                Ok(report) if is_apply => last = Some(Outcome::Applied(Rc::new(report))),
                Ok(_) if matches!(last, Some(Outcome::Refused(_))) => last = None,
                Ok(_) => {}
            }
        }
        last
    }
}

impl AppState {
    /// The same scenario player and autopilot.
    #[cfg(feature = "full")]
    fn same_playing(&self, other: &Self) -> bool {
        self.playing == other.playing
            && self.autopilot == other.autopilot
            && self.travel == other.travel
    }

    #[cfg(not(feature = "full"))]
    fn same_playing(&self, _: &Self) -> bool {
        true
    }

    /// Lets `d` of simulated time pass: through the scenario being played, if any.
    fn tick(&self, d: SimDuration, started: f64) -> Rc<Self> {
        #[cfg(feature = "full")]
        if let Some(p) = &self.playing {
            let played = p.tick(&mut self.sim.borrow_mut(), d);
            return self.played(Some(played), started);
        }
        #[cfg(feature = "full")]
        if let Some(a) = self.autopilot.as_ref().filter(|a| a.active) {
            let (a, gave) = crate::components::autopilot::tick(a, &mut self.sim.borrow_mut(), d);
            let mut next = self.next(self.outcome.clone(), gave, started);
            next.autopilot = Some(a);
            return Rc::new(next);
        }
        let _ = self.sim.borrow_mut().step(Input::Advance(d));
        Rc::new(self.next(self.outcome.clone(), false, started))
    }

    /// The state after the player ran (`None`: time only passed): a step that ran changes
    /// the log (saved), its report or refusal is shown.
    #[cfg(feature = "full")]
    fn played(&self, played: Option<(Playing, Option<Outcome>)>, started: f64) -> Rc<Self> {
        let Some((playing, outcome)) = played else {
            return Rc::new(self.next(self.outcome.clone(), false, started));
        };
        let ran = self
            .playing
            .as_ref()
            .is_some_and(|p| p.cursor.next != playing.cursor.next);
        let mut next = self.next(outcome.or_else(|| self.outcome.clone()), ran, started);
        next.playing = Some(Shared::new(playing));
        Rc::new(next)
    }
}

fn outcome_of(result: Result<ApplyReport, dsplay_core::sim::SimError>) -> Outcome {
    match result {
        Ok(report) => Outcome::Applied(Rc::new(report)),
        Err(e) => Outcome::Refused(e.to_string()),
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        #[cfg(feature = "full")]
        if let Some(next) = crate::time_travel::refuse(&self, &action) {
            return next;
        }
        match action {
            Action::Step(input) => {
                let started = now_ms();
                let outcome = self.run(vec![input]);
                Rc::new(self.next(outcome, true, started))
            }
            Action::StepMany(inputs) => {
                let started = now_ms();
                let outcome = self.run(inputs);
                Rc::new(self.next(outcome, true, started))
            }
            Action::Tick(d) => {
                if d.0 == 0 {
                    return self;
                }
                self.tick(d, now_ms())
            }
            Action::ShowMore => {
                if !self.view_behind {
                    return self;
                }
                let mut next = self.next(self.outcome.clone(), false, now_ms());
                // The numbers of the action the change came from.
                next.timings = self.timings;
                Rc::new(next)
            }
            #[cfg(feature = "full")]
            Action::ScenarioGo(scenario, count) => {
                let (sim, playing) = Playing::go(scenario, count);
                let mut next = AppState::from_parts(sim, None);
                next.log_generation = self.log_generation.wrapping_add(1);
                next.playing = Some(Shared::new(playing));
                Rc::new(next)
            }
            #[cfg(feature = "full")]
            Action::ScenarioNext => {
                let started = now_ms();
                let played = self
                    .playing
                    .as_ref()
                    .map(|p| p.next(&mut self.sim.borrow_mut()));
                self.played(played, started)
            }
            #[cfg(feature = "full")]
            Action::Scrub(at) => crate::time_travel::scrub(&self, at),
            #[cfg(feature = "full")]
            Action::BackToNow => crate::time_travel::back_to_now(&self),
            #[cfg(feature = "full")]
            Action::ResumeHere => crate::time_travel::resume(&self),
            #[cfg(feature = "full")]
            Action::Autopilot(command) => {
                let started = now_ms();
                let (a, gave) = crate::components::autopilot::command(
                    self.autopilot.as_ref(),
                    command,
                    &mut self.sim.borrow_mut(),
                );
                let mut next = self.next(self.outcome.clone(), gave, started);
                next.autopilot = a;
                Rc::new(next)
            }
            #[cfg(feature = "full")]
            Action::ScenarioClose => {
                let mut next = (*self).clone();
                next.playing = None;
                Rc::new(next)
            }
            Action::Reset { seed, text } => {
                let mut fresh = AppState::new(seed, &text);
                fresh.log_generation = self.log_generation.wrapping_add(1);
                Rc::new(fresh)
            }
            Action::Replay(log) => {
                let mut next = AppState::replay(&log);
                next.log_generation = self.log_generation.wrapping_add(1);
                Rc::new(next)
            }
            #[cfg(feature = "full")]
            Action::Kubectl { line, files, docs } => {
                let started = now_ms();
                let (at, answer) = {
                    let mut sim = self.sim.borrow_mut();
                    let cx = Context {
                        files: Some(&files),
                        field_docs: docs.as_deref(),
                        // The console shows no more: long Lists print only these.
                        keep_lines: Some(crate::components::console::MAX_LINES),
                    };
                    (sim.now(), run_in(&mut sim, &line, &cx))
                };
                let changed = !answer.inputs.is_empty();
                let mut next = self.next(self.outcome.clone(), changed, started);
                let mut typed = self.kubectl.typed.clone();
                if !line.trim().is_empty() && !answer.clear {
                    typed.push((at, line.trim().to_string()));
                }
                let seq = self.kubectl.seq.wrapping_add(1);
                let mut recent = self.kubectl.recent.clone();
                if recent.len() >= KubectlLog::KEPT {
                    recent.remove(0);
                }
                recent.push(Rc::new((seq, line, answer)));
                next.kubectl = Rc::new(KubectlLog { seq, recent, typed });
                Rc::new(next)
            }
            Action::DismissMessages => {
                if self.outcome.is_none() {
                    return self;
                }
                let mut next = (*self).clone();
                next.outcome = None;
                Rc::new(next)
            }
        }
    }
}

/// What the details panel shows (handed over to the full build: `upgrade::Handover`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Selection {
    /// A node, by name.
    Node(String),
    /// A pod.
    Pod {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
}
