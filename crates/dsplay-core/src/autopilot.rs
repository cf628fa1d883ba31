//! The churn autopilot: a seeded generator that keeps changing the cluster on its own, as a
//! trainer demonstrating node churn would by hand (issue 13, item 4).
//!
//! At a chosen rate (operations per minute of simulated time) it adds and removes nodes and
//! takes them out of service for a while, with a chosen mix of operations ([`Op`]) and node
//! templates, keeping the cluster between a minimum and a maximum size. Each operation is an
//! ordinary [`Input`] ([`NodeOp`]) carried out with [`Simulation::step`], so a run with the
//! autopilot replays, shares and records like one clicked by hand: the run log holds the
//! operations, not the autopilot. Its choices depend only on its seed and on the cluster it
//! sees (no clock, no other randomness), so the same seed on the same cluster gives the same
//! inputs.
//!
//! The CLI's step is `autopilot:rate=60,for=10m,...` ([`Config::parse`]); a scenario's step
//! may carry an `autopilot:` mapping with the same keys. See `docs/autopilot.md`.

use crate::clock::{format_duration, parse_duration, SimDuration, SimTime};
use crate::sim::rng::SplitMix64;
use crate::sim::{
    Input, NodeOp, NodeTemplate, PodTotals, SimError, Simulation, TaintEffect, CONTROL_PLANE_LABEL,
};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// The kinds of operation the autopilot mixes, in the order the CLI, the docs and the page list
/// them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Op {
    /// Add a node (`add-node:TEMPLATE:NAME`), while the cluster is below its maximum.
    Add,
    /// Remove a node (`remove-node:NODE`), while the cluster is above its minimum.
    Remove,
    /// Mark a node NotReady (`notready:NODE`), and Ready again after [`Config::back`].
    NotReady,
    /// Lose a node (`lose:NODE`), and bring it back (`ready:NODE`) after [`Config::back`].
    Lose,
    /// Cordon a node (`cordon:NODE`), and uncordon it after [`Config::back`].
    Cordon,
    /// Taint a node with [`TAINT_KEY`]`=churn:NoExecute`, and remove the taint after
    /// [`Config::back`].
    Taint,
}

impl Op {
    /// Every operation, in order.
    pub const ALL: [Op; 6] = [
        Op::Add,
        Op::Remove,
        Op::NotReady,
        Op::Lose,
        Op::Cordon,
        Op::Taint,
    ];

    /// Its name in `mix`: `add`, `remove`, `notready`, `lose`, `cordon`, `taint` (the CLI's
    /// step verbs).
    pub fn name(self) -> &'static str {
        match self {
            Op::Add => "add",
            Op::Remove => "remove",
            Op::NotReady => "notready",
            Op::Lose => "lose",
            Op::Cordon => "cordon",
            Op::Taint => "taint",
        }
    }

    /// The operation named `name`, or a message that lists the names.
    pub fn parse(name: &str) -> Result<Op, String> {
        Op::ALL
            .into_iter()
            .find(|o| o.name() == name)
            .ok_or_else(|| {
                format!("unknown operation {name:?} (add, remove, notready, lose, cordon, taint)")
            })
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The key of the taint the autopilot's `taint` operation adds (value `churn`, effect
/// `NoExecute`): pods that do not tolerate it are evicted, DaemonSet pods included unless
/// their template tolerates it.
pub const TAINT_KEY: &str = "dsplay.dev/autopilot";
const TAINT_VALUE: &str = "churn";

/// The most nodes `max` may ask for: the largest cluster Kubernetes supports.
pub const MAX_NODES: u32 = 5000;
/// The highest rate, in operations per minute (1,000 per second: one every millisecond).
pub const MAX_RATE: u32 = 60_000;

/// The keys of the step (`autopilot:KEY=VALUE,...`) and of a scenario's `autopilot:` mapping.
pub const KEYS: [&str; 8] = [
    "rate",
    "for",
    "min",
    "max",
    "mix",
    "templates",
    "back",
    "seed",
];

/// The autopilot's settings. [`Config::default`] is what a key left out means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Operations per minute of simulated time (1 to [`MAX_RATE`]); they are evenly spaced.
    pub rate: u32,
    /// How long it runs (`for`); `None`: until stopped (the page's Stop).
    pub duration: Option<SimDuration>,
    /// The fewest nodes it leaves (it removes none at or below this size).
    pub min: u32,
    /// The most nodes it makes (it adds none at or above this size).
    pub max: u32,
    /// Relative weight of each operation, indexed as [`Op::ALL`].
    pub mix: [u32; 6],
    /// The templates of the nodes it adds, picked at random (at least one).
    pub templates: Vec<NodeTemplate>,
    /// How long a node stays NotReady, lost, cordoned or tainted before the autopilot brings
    /// it back.
    pub back: SimDuration,
    /// The seed of its choices; `None`: the simulation's seed.
    pub seed: Option<u64>,
}

impl Default for Config {
    /// `rate=30,min=1,max=10,mix=add:3+remove:3+notready:1+lose:1+cordon:1+taint:1,
    /// templates=worker,back=1m` (no `for`; the simulation's seed).
    fn default() -> Self {
        Config {
            rate: 30,
            duration: None,
            min: 1,
            max: 10,
            mix: [3, 3, 1, 1, 1, 1],
            templates: vec![NodeTemplate::Worker],
            back: SimDuration::from_secs(60),
            seed: None,
        }
    }
}

fn whole(value: &str, what: &str, low: u64, high: u64) -> Result<u64, String> {
    u64::from_str(value)
        .ok()
        .filter(|n| (low..=high).contains(n))
        .ok_or_else(|| format!("{value:?}: expected {what}, a whole number from {low} to {high}"))
}

impl Config {
    /// Parses the step's text after `autopilot:`: `KEY=VALUE` pairs separated by commas, the
    /// keys of [`KEYS`] (`rate=60,for=10m,min=3,max=20,mix=add:2+remove:2+notready:1,
    /// templates=worker+small,back=30s,seed=7`); keys left out keep their default. `for` is
    /// required (a step runs for that long).
    ///
    /// # Errors
    ///
    /// The first bad pair, key or value, with what it should be.
    pub fn parse(text: &str) -> Result<Config, String> {
        let mut config = Config::default();
        for pair in text.split(',').filter(|p| !p.is_empty()) {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("{pair:?}: expected KEY=VALUE ({})", KEYS.join(", ")))?;
            match key {
                "mix" => {
                    config.mix = [0; 6];
                    for entry in value.split('+') {
                        let (op, weight) = entry
                            .split_once(':')
                            .ok_or_else(|| format!("mix: {entry:?}: expected OPERATION:WEIGHT"))?;
                        config
                            .set_weight(op, weight)
                            .map_err(|e| format!("mix.{op}: {e}"))?;
                    }
                }
                "templates" => {
                    config.templates.clear();
                    for t in value.split('+') {
                        config
                            .add_template(t)
                            .map_err(|e| format!("templates: {e}"))?;
                    }
                }
                _ if KEYS.contains(&key) => {
                    config.set(key, value).map_err(|e| format!("{key}: {e}"))?;
                }
                _ => {
                    return Err(format!(
                        "unknown autopilot key {key:?} ({})",
                        KEYS.join(", ")
                    ))
                }
            }
        }
        if config.duration.is_none() {
            return Err("missing for=DURATION (how long the autopilot runs)".to_string());
        }
        config.check()?;
        Ok(config)
    }

    /// Sets one of the scalar keys (`rate`, `for`, `min`, `max`, `back`, `seed`) from its
    /// text; `mix` and `templates` go through [`Config::set_weight`] and
    /// [`Config::add_template`].
    ///
    /// # Errors
    ///
    /// An unknown key, or a value out of range, with what it should be (the caller names the
    /// key).
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "rate" => {
                let (n, per) = match value.split_once('/') {
                    Some((n, "s")) => (n, 60),
                    Some((n, "m")) => (n, 1),
                    Some(_) => {
                        return Err(format!(
                        "{value:?}: expected operations per minute (N or N/m) or per second (N/s)"
                    ))
                    }
                    None => (value, 1),
                };
                let unit = if per == 60 { "second" } else { "minute" };
                let high = u64::from(MAX_RATE) / per;
                let n = whole(n, &format!("operations per {unit}"), 1, high)?;
                self.rate = u32::try_from(n * per).unwrap_or(MAX_RATE);
            }
            "for" => {
                let d = parse_duration(value)?;
                if d.as_millis() == 0 {
                    return Err(format!("{value:?}: must be more than 0s"));
                }
                self.duration = Some(d);
            }
            "back" => {
                let d = parse_duration(value)?;
                if d.as_millis() == 0 {
                    return Err(format!("{value:?}: must be more than 0s"));
                }
                self.back = d;
            }
            "min" => {
                let n = whole(value, "nodes", 0, u64::from(MAX_NODES))?;
                self.min = u32::try_from(n).unwrap_or(MAX_NODES);
            }
            "max" => {
                let n = whole(value, "nodes", 1, u64::from(MAX_NODES)).map_err(|e| {
                    format!("{e} (Kubernetes supports clusters of up to 5000 nodes)")
                })?;
                self.max = u32::try_from(n).unwrap_or(MAX_NODES);
            }
            "seed" => {
                let n = u64::from_str(value)
                    .map_err(|_| format!("{value:?}: expected a whole number from 0"))?;
                self.seed = Some(n);
            }
            _ => {
                return Err(format!(
                    "unknown autopilot key {key:?} ({})",
                    KEYS.join(", ")
                ))
            }
        }
        Ok(())
    }

    /// Sets the weight of one operation of the mix (`notready`, `3`).
    ///
    /// # Errors
    ///
    /// An unknown operation, or a weight that is not a whole number from 0 to 1000 (the
    /// caller names the key).
    pub fn set_weight(&mut self, op: &str, weight: &str) -> Result<(), String> {
        let op = Op::parse(op)?;
        let w = whole(weight, "a weight", 0, 1000)?;
        self.mix[op.index()] = u32::try_from(w).unwrap_or(0);
        Ok(())
    }

    /// Adds a template to pick added nodes from (`worker`, `small`, ...).
    ///
    /// # Errors
    ///
    /// An unknown template, with the names there are.
    pub fn add_template(&mut self, name: &str) -> Result<(), String> {
        let t = NodeTemplate::parse(name)?;
        if !self.templates.contains(&t) {
            self.templates.push(t);
        }
        Ok(())
    }

    /// Checks the settings together: `min` not above `max`, some operation with a weight,
    /// and a template to add nodes from when `add` has a weight.
    ///
    /// # Errors
    ///
    /// What is wrong, in the keys' words.
    pub fn check(&self) -> Result<(), String> {
        if self.min > self.max {
            return Err(format!(
                "min ({}) is more than max ({})",
                self.min, self.max
            ));
        }
        if self.mix.iter().all(|w| *w == 0) {
            return Err("mix: every weight is 0: give at least one operation a weight".to_string());
        }
        if self.templates.is_empty() && self.mix[Op::Add.index()] > 0 {
            return Err("templates: give at least one template to add nodes from".to_string());
        }
        Ok(())
    }

    /// The settings as the step writes them (every key, `mix` without its zero weights):
    /// `rate=30,for=10m,min=1,max=10,mix=add:3+remove:3,templates=worker,back=1m`.
    pub fn to_text(&self) -> String {
        let mut out = format!("rate={}", self.rate);
        if let Some(d) = self.duration {
            out.push_str(&format!(",for={}", format_duration(d)));
        }
        out.push_str(&format!(",min={},max={},mix=", self.min, self.max));
        let mix: Vec<String> = Op::ALL
            .iter()
            .filter(|o| self.mix[o.index()] > 0)
            .map(|o| format!("{}:{}", o.name(), self.mix[o.index()]))
            .collect();
        out.push_str(&mix.join("+"));
        let templates: Vec<&str> = self.templates.iter().map(|t| t.name()).collect();
        out.push_str(&format!(
            ",templates={},back={}",
            templates.join("+"),
            format_duration(self.back)
        ));
        if let Some(s) = self.seed {
            out.push_str(&format!(",seed={s}"));
        }
        out
    }

    /// Milliseconds from the start to operation `k` (the first is `k = 1`): operations are
    /// evenly spaced, `rate` a minute.
    fn op_offset(&self, k: u64) -> u64 {
        k.saturating_mul(60_000) / u64::from(self.rate.max(1))
    }
}

/// What the autopilot has done so far ([`Autopilot::summary`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Operations carried out (coming back from NotReady, lost, cordon or taint not counted).
    pub operations: u64,
    /// Operations of each kind, indexed as [`Op::ALL`].
    pub by_op: [u64; 6],
    /// Nodes it added.
    pub nodes_added: u64,
    /// Nodes it removed.
    pub nodes_removed: u64,
    /// Pods created since the autopilot started (by the DaemonSet controller, or anyone).
    pub pods_created: u64,
    /// Pods deleted for good since the autopilot started (garbage collected with their
    /// node, evicted and terminated, deleted by the controller).
    pub pods_deleted: u64,
    /// Added nodes whose DaemonSet pods all turned Ready (the samples of the times below).
    pub nodes_ready: u64,
    /// Added nodes still waiting for their DaemonSet pods to be Ready.
    pub nodes_waiting: u64,
    /// Time to Ready of an added node (from its add to its last DaemonSet pod Ready), median.
    pub ready_p50: Option<SimDuration>,
    /// Time to Ready, 95th percentile.
    pub ready_p95: Option<SimDuration>,
    /// Inputs the simulation refused (none expected: it picks nodes that exist).
    pub refused: u64,
}

/// The `p`th percentile (nearest rank) of sorted samples.
fn percentile(sorted: &[u64], p: u64) -> Option<SimDuration> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len() as u64;
    let rank = (p * n).div_ceil(100).max(1);
    let i = usize::try_from(rank - 1).unwrap_or(0);
    sorted.get(i).copied().map(SimDuration::from_millis)
}

impl Summary {
    /// The summary as the CLI prints it, one line: `autopilot: 20 operations (add 8, remove 6,
    /// ...): 8 nodes added, 6 removed; 24 pods created, 18 deleted; time to Ready p50 2s, p95
    /// 3s (8 nodes)`.
    pub fn line(&self) -> String {
        let ops: Vec<String> = Op::ALL
            .iter()
            .filter(|o| self.by_op[o.index()] > 0)
            .map(|o| format!("{} {}", o.name(), self.by_op[o.index()]))
            .collect();
        let ops = if ops.is_empty() {
            String::new()
        } else {
            format!(" ({})", ops.join(", "))
        };
        let time = |d: Option<SimDuration>| d.map_or_else(|| "-".to_string(), format_duration);
        let mut out = format!(
            "autopilot: {} operations{ops}: {} nodes added, {} removed; {} pods created, {} deleted; time to Ready p50 {}, p95 {} ({} nodes",
            self.operations,
            self.nodes_added,
            self.nodes_removed,
            self.pods_created,
            self.pods_deleted,
            time(self.ready_p50),
            time(self.ready_p95),
            self.nodes_ready,
        );
        if self.nodes_waiting > 0 {
            out.push_str(&format!(", {} not Ready yet", self.nodes_waiting));
        }
        out.push(')');
        if self.refused > 0 {
            out.push_str(&format!("; {} refused", self.refused));
        }
        out
    }
}

/// A disrupted node's way back, due at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Back {
    node: String,
    input: Input,
}

/// The autopilot at work on one simulation: its settings, its random state, the nodes it
/// holds out of service and when they come back, and what it has counted.
#[derive(Clone, Debug)]
pub struct Autopilot {
    config: Config,
    rng: SplitMix64,
    start: SimTime,
    /// Operations done so far (the next is `done + 1`).
    done: u64,
    /// Ways back, by due time then order of the operation.
    backs: BTreeMap<(SimTime, u64), Back>,
    /// The nodes of `backs`.
    held: BTreeSet<String>,
    serial: u64,
    /// Nodes it added that are not Ready yet, with when they were added.
    waiting: Vec<(String, SimTime)>,
    /// Times to Ready (ms), sorted.
    ready_ms: Vec<u64>,
    base: PodTotals,
    summary: Summary,
    stopped: bool,
}

impl Autopilot {
    /// The autopilot starting now on `sim` (its seed is the simulation's unless the settings
    /// give one). Nothing happens until [`Autopilot::run_until`].
    pub fn start(config: Config, sim: &Simulation) -> Autopilot {
        let seed = config.seed.unwrap_or_else(|| sim.seed());
        Autopilot {
            rng: SplitMix64::new(seed),
            start: sim.now(),
            done: 0,
            backs: BTreeMap::new(),
            held: BTreeSet::new(),
            serial: 0,
            waiting: Vec::new(),
            ready_ms: Vec::new(),
            base: sim.pod_totals(),
            summary: Summary::default(),
            stopped: false,
            config,
        }
    }

    /// Its settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// When it started.
    pub fn started(&self) -> SimTime {
        self.start
    }

    /// When it stops by itself (`for`), if it does.
    pub fn end(&self) -> Option<SimTime> {
        self.config.duration.map(|d| self.start.plus(d))
    }

    /// Whether it has stopped (its `for` has passed, or [`Autopilot::stop`]).
    pub fn is_stopped(&self) -> bool {
        self.stopped
    }

    fn next_op_at(&self) -> Option<SimTime> {
        if self.stopped {
            return None;
        }
        let at = self.start.plus(SimDuration::from_millis(
            self.config.op_offset(self.done + 1),
        ));
        match self.end() {
            Some(end) if at >= end => None,
            _ => Some(at),
        }
    }

    /// When it next does something (an operation, or bringing a node back), if ever.
    pub fn next_due(&self) -> Option<SimTime> {
        let back = self.backs.keys().next().map(|(t, _)| *t);
        match (self.next_op_at(), back) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Lets simulated time run on `sim` up to `until`, carrying out each operation (and each
    /// way back) at its time as an ordinary input. At its end (`for`) it brings back every node
    /// it still holds out of service and stops. Returns the refusals (none expected).
    pub fn run_until(&mut self, sim: &mut Simulation, until: SimTime) -> Vec<SimError> {
        let mut refused = Vec::new();
        while !self.work_toward(sim, until, &mut refused) {}
        refused
    }

    /// [`Autopilot::run_until`] one piece at a time, for a caller that spreads the work over
    /// several turns (the page keeps each of its tasks short): the next moment something is
    /// due at or before `until` (its ways back and its operation), or, when nothing is, the
    /// end of the run up to `until`. Returns whether the work up to `until` is done (time is
    /// at `until`, or stopped short at an input's bound); the refusals are added to
    /// `refused`. Calling it until it returns `true` gives the same inputs, in the same order
    /// at the same times, as one [`Autopilot::run_until`].
    pub fn work_toward(
        &mut self,
        sim: &mut Simulation,
        until: SimTime,
        refused: &mut Vec<SimError>,
    ) -> bool {
        let end = self.end().filter(|e| *e <= until && !self.stopped);
        let due = self
            .next_due()
            .filter(|t| *t <= until && end.is_none_or(|e| *t < e));
        if let Some(due) = due {
            if !advance_to(sim, due) {
                // The advance stopped short (a bound): go no further.
                self.observe(sim);
                return true;
            }
            refused.extend(self.act(sim));
            return false;
        }
        if let Some(end) = end {
            if !advance_to(sim, end) {
                self.observe(sim);
                return true;
            }
            refused.extend(self.stop(sim));
        }
        advance_to(sim, until);
        self.observe(sim);
        true
    }

    /// Stops now: no more operations; every node it holds NotReady, lost, cordoned or tainted
    /// comes back now (as inputs). Returns the refusals (none expected).
    pub fn stop(&mut self, sim: &mut Simulation) -> Vec<SimError> {
        self.stopped = true;
        let mut refused = Vec::new();
        self.held.clear();
        for (_, back) in std::mem::take(&mut self.backs) {
            if let Err(e) = self.carry_out(sim, back.input) {
                refused.push(e);
            }
        }
        self.observe(sim);
        refused
    }

    /// What it has done so far, with the pods created and deleted on `sim` since it started.
    pub fn summary(&self, sim: &Simulation) -> Summary {
        let totals = sim.pod_totals();
        let mut s = self.summary.clone();
        s.pods_created = totals.created.saturating_sub(self.base.created);
        s.pods_deleted = totals.deleted.saturating_sub(self.base.deleted);
        s.nodes_ready = self.ready_ms.len() as u64;
        s.nodes_waiting = self.waiting.len() as u64;
        s.ready_p50 = percentile(&self.ready_ms, 50);
        s.ready_p95 = percentile(&self.ready_ms, 95);
        s
    }

    /// Records the added nodes that are Ready now (or gone).
    fn observe(&mut self, sim: &Simulation) {
        let mut i = 0;
        while let Some((name, added)) = self.waiting.get(i) {
            if sim.has_node(name) {
                if let Some(at) = sim.daemon_pods_ready_at(name) {
                    let ms = at.since(*added).as_millis();
                    let pos = self.ready_ms.partition_point(|x| *x <= ms);
                    self.ready_ms.insert(pos, ms);
                    self.waiting.remove(i);
                    continue;
                }
                i += 1;
            } else {
                // Removed before it was Ready: no sample.
                self.waiting.remove(i);
            }
        }
    }

    fn carry_out(&mut self, sim: &mut Simulation, input: Input) -> Result<(), SimError> {
        let r = sim.step(input).map(|_| ());
        if r.is_err() {
            self.summary.refused += 1;
        }
        r
    }

    /// Does what is due now: the ways back first, then the operation.
    fn act(&mut self, sim: &mut Simulation) -> Vec<SimError> {
        self.observe(sim);
        let now = sim.now();
        let mut refused = Vec::new();
        while let Some(entry) = self.backs.first_entry() {
            if entry.key().0 > now {
                break;
            }
            let back = entry.remove();
            self.held.remove(&back.node);
            if let Err(e) = self.carry_out(sim, back.input) {
                refused.push(e);
            }
        }
        if self.next_op_at().is_some_and(|t| t <= now) {
            self.done += 1;
            if let Some((op, input)) = self.choose(sim) {
                match self.carry_out(sim, input) {
                    Ok(()) => {
                        self.summary.operations += 1;
                        self.summary.by_op[op.index()] += 1;
                        match op {
                            Op::Add => self.summary.nodes_added += 1,
                            Op::Remove => self.summary.nodes_removed += 1,
                            _ => {}
                        }
                    }
                    Err(e) => refused.push(e),
                }
            }
        }
        self.observe(sim);
        refused
    }

    /// Picks the operation and its node from the cluster as it is now (operations that cannot
    /// be done now, such as adding at the maximum, are left out of the draw), and notes what it
    /// will have to undo. `None` when nothing can be done.
    fn choose(&mut self, sim: &Simulation) -> Option<(Op, Input)> {
        let size = u32::try_from(sim.node_count()).unwrap_or(u32::MAX);
        // Nodes it may remove or take out of service: not control-plane nodes.
        let mut removable: Vec<&str> = Vec::with_capacity(sim.node_count());
        let mut healthy: Vec<&str> = Vec::with_capacity(sim.node_count());
        // The nodes come in name order, as `held` iterates: walked side by side, one compare
        // per node rather than a tree lookup (5,000 nodes at every operation).
        let mut held = self.held.iter().peekable();
        for n in sim.node_briefs() {
            let is_held = loop {
                match held.peek() {
                    Some(h) if h.as_str() < n.name => {
                        held.next();
                    }
                    Some(h) => break h.as_str() == n.name,
                    None => break false,
                }
            };
            if n.has_label(CONTROL_PLANE_LABEL) {
                continue;
            }
            removable.push(n.name);
            if !is_held && n.ready && !n.lost && !n.unschedulable() && !n.has_taint(TAINT_KEY) {
                healthy.push(n.name);
            }
        }
        let possible = |op: Op| match op {
            Op::Add => size < self.config.max && !self.config.templates.is_empty(),
            Op::Remove => size > self.config.min && !removable.is_empty(),
            _ => !healthy.is_empty(),
        };
        let weights: Vec<(Op, u64)> = Op::ALL
            .iter()
            .filter(|o| possible(**o))
            .map(|o| (*o, u64::from(self.config.mix[o.index()])))
            .filter(|(_, w)| *w > 0)
            .collect();
        let total: u64 = weights.iter().map(|(_, w)| w).sum();
        if total == 0 {
            return None;
        }
        let mut r = self.rng.below(total);
        let mut op = Op::Add;
        for (o, w) in &weights {
            if r < *w {
                op = *o;
                break;
            }
            r -= w;
        }
        let pick = |rng: &mut SplitMix64, list: &[&str]| -> String {
            let i = usize::try_from(rng.below(list.len() as u64)).unwrap_or(0);
            list.get(i).copied().unwrap_or_default().to_string()
        };
        let now = sim.now();
        let input = match op {
            Op::Add => {
                let i = usize::try_from(self.rng.below(self.config.templates.len() as u64))
                    .unwrap_or(0);
                let template = self
                    .config
                    .templates
                    .get(i)
                    .copied()
                    .unwrap_or(NodeTemplate::Worker);
                let name = sim.next_node_name(template);
                self.waiting.push((name.clone(), now));
                NodeOp::Add {
                    name: Some(name),
                    template,
                }
            }
            Op::Remove => {
                let name = pick(&mut self.rng, &removable);
                if self.held.remove(&name) {
                    self.backs.retain(|_, b| b.node != name);
                }
                NodeOp::Remove { name }
            }
            Op::NotReady | Op::Lose | Op::Cordon | Op::Taint => {
                let name = pick(&mut self.rng, &healthy);
                let (now_op, back_op) = match op {
                    Op::NotReady => (
                        NodeOp::SetReady {
                            name: name.clone(),
                            ready: false,
                        },
                        NodeOp::SetReady {
                            name: name.clone(),
                            ready: true,
                        },
                    ),
                    Op::Lose => (
                        NodeOp::Lose { name: name.clone() },
                        NodeOp::SetReady {
                            name: name.clone(),
                            ready: true,
                        },
                    ),
                    Op::Cordon => (
                        NodeOp::Cordon { name: name.clone() },
                        NodeOp::Uncordon { name: name.clone() },
                    ),
                    _ => (
                        NodeOp::AddTaint {
                            name: name.clone(),
                            key: TAINT_KEY.to_string(),
                            value: TAINT_VALUE.to_string(),
                            effect: TaintEffect::NoExecute,
                        },
                        NodeOp::RemoveTaint {
                            name: name.clone(),
                            key: TAINT_KEY.to_string(),
                            effect: Some(TaintEffect::NoExecute),
                        },
                    ),
                };
                self.serial += 1;
                self.held.insert(name.clone());
                self.backs.insert(
                    (now.plus(self.config.back), self.serial),
                    Back {
                        node: name,
                        input: Input::Node(back_op),
                    },
                );
                now_op
            }
        };
        Some((op, Input::Node(input)))
    }
}

/// Runs the autopilot of a step (`autopilot:` in the CLI or a scenario) on `sim` from now
/// for its `for`: what it did and the refusals (none expected).
pub fn run_for(sim: &mut Simulation, config: &Config) -> (Summary, Vec<SimError>) {
    let mut a = Autopilot::start(config.clone(), sim);
    let end = a.end().unwrap_or_else(|| sim.now());
    let refused = a.run_until(sim, end);
    (a.summary(sim), refused)
}

/// Advances `sim` to `at` (if it is later); whether it got there (an advance may stop short
/// at an input's bound).
fn advance_to(sim: &mut Simulation, at: SimTime) -> bool {
    if at > sim.now() {
        let _ = sim.step(Input::Advance(at.since(sim.now())));
    }
    sim.now() >= at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_reads_every_key_and_writes_it_back() {
        let c = Config::parse(
            "rate=10/s,for=10m,min=3,max=20,mix=add:2+remove:2+notready:1,templates=worker+small,back=30s,seed=7",
        )
        .unwrap_or_default();
        assert_eq!(c.rate, 600);
        assert_eq!(c.duration, Some(SimDuration::from_secs(600)));
        assert_eq!((c.min, c.max), (3, 20));
        assert_eq!(c.mix, [2, 2, 1, 0, 0, 0]);
        assert_eq!(c.templates, vec![NodeTemplate::Worker, NodeTemplate::Small]);
        assert_eq!(c.back, SimDuration::from_secs(30));
        assert_eq!(c.seed, Some(7));
        assert_eq!(
            c.to_text(),
            "rate=600,for=10m,min=3,max=20,mix=add:2+remove:2+notready:1,templates=worker+small,back=30s,seed=7"
        );
        assert_eq!(Config::parse(&c.to_text()), Ok(c));
    }

    #[test]
    fn parse_says_what_is_wrong() {
        let err = |t: &str| Config::parse(t).err().unwrap_or_default();
        assert_eq!(
            err("rate=5"),
            "missing for=DURATION (how long the autopilot runs)"
        );
        assert_eq!(
            err("for=1m,rate=0"),
            "rate: \"0\": expected operations per minute, a whole number from 1 to 60000"
        );
        assert!(err("for=1m,rate=2000/s").contains("from 1 to 1000"));
        assert!(err("for=1m,rate=5/h").contains("per second (N/s)"));
        assert!(err("for=1m,max=5001").contains("up to 5000 nodes"));
        assert_eq!(err("for=1m,min=5,max=4"), "min (5) is more than max (4)");
        assert!(err("for=1m,mix=add:0").contains("every weight is 0"));
        assert!(err("for=1m,mix=jump:1").starts_with("mix.jump: unknown operation \"jump\""));
        assert_eq!(
            err("for=1m,mix=add:x"),
            "mix.add: \"x\": expected a weight, a whole number from 0 to 1000"
        );
        assert!(err("for=1m,mix=add").contains("expected OPERATION:WEIGHT"));
        assert!(err("for=1m,templates=big").contains("unknown node template \"big\""));
        assert!(err("for=1m,speed=3").contains("unknown autopilot key \"speed\""));
        assert!(err("for=1m,rate").contains("expected KEY=VALUE"));
        assert!(err("for=0s").contains("must be more than 0s"));
        assert!(err("for=1m,back=x").starts_with("back: "));
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let ms = |v: u64| Some(SimDuration::from_millis(v));
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 95), ms(7));
        let s: Vec<u64> = (1..=20).collect();
        assert_eq!(percentile(&s, 50), ms(10));
        assert_eq!(percentile(&s, 95), ms(19));
    }
}
