//! Checks: statements about the cluster, written as data (a scenario's `expect:`, a lesson
//! task's `check:`), evaluated against a [`Simulation`] and its view.
//!
//! A check is a mapping; each key is a rule and all of them must hold:
//!
//! * `pods:` node → owner → how many pods of it are on the node (any phase);
//! * `daemonSets:` DaemonSet → `.status` fields, `rolloutComplete`, `image`, `strategy`, `exists`;
//! * `podsOn:` / `noPodOn:` a DaemonSet's pods on nodes (`all` or names), in a phase;
//! * `nodes:` node → `taints`, `labels`, `ready`, `cordoned`, `exists`;
//! * `event:` an event with a reason (and object, type, words of its message);
//! * `all:`, `any:` (lists of checks) and `not:` (a check).
//!
//! Every rule says what it sees, holding or not ("monitoring-agent has 3 of 4 pods Ready; none
//! on control-plane"), so a failing check explains itself. Evaluating reads the views the page
//! already keeps (node cards, DaemonSet rows): cheap enough to run on every change. See
//! `docs/lessons.md`.

use crate::location::{ErrorKind, ErrorType, Location};
use crate::scenario::Reader;
use crate::sim::{Simulation, TaintEffect};
use crate::view::{DaemonSetView, NodeView, PodDisplayPhase, PodView};
use serde_json::Value;

/// The `.status` fields a check may compare (a DaemonSet's `.status`).
pub const STATUS_FIELDS: &[&str] = &[
    "currentNumberScheduled",
    "desiredNumberScheduled",
    "numberAvailable",
    "numberMisscheduled",
    "numberReady",
    "numberUnavailable",
    "observedGeneration",
    "updatedNumberScheduled",
];

/// The rules a check mapping may hold.
const RULES: &[&str] = &[
    "pods",
    "daemonSets",
    "podsOn",
    "noPodOn",
    "nodes",
    "event",
    "all",
    "any",
    "not",
];

/// The phases `podsOn.phase` takes: what the page shows on a pod chip.
const PHASES: &[&str] = &[
    "Pending",
    "ContainerCreating",
    "Running",
    "Ready",
    "Terminating",
    "Failed",
    "Succeeded",
];

/// How many node names a message lists before "and N more".
const LIST_AT_MOST: usize = 3;

/// A parsed check: a tree of rules, each with the field path it was written at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Where the check is in its file (`expect`, `tasks[0].check`).
    pub path: String,
    /// Its position.
    pub location: Location,
    rule: Rule,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Rule {
    All(Vec<Check>),
    Any(Vec<Check>),
    Not(Box<Check>),
    /// `pods.NODE.OWNER: N`.
    PodCount {
        node: String,
        owner: String,
        count: i64,
    },
    /// `daemonSets.DS.FIELD: N`.
    Status {
        ds: DsRef,
        field: &'static str,
        want: i64,
    },
    RolloutComplete {
        ds: DsRef,
        want: bool,
    },
    Image {
        ds: DsRef,
        image: String,
    },
    Strategy {
        ds: DsRef,
        strategy: String,
    },
    DsExists {
        ds: DsRef,
        want: bool,
    },
    /// `podsOn`: each node has a pod of the DaemonSet (in the phase).
    PodsOn {
        ds: DsRef,
        nodes: Nodes,
        phase: Option<&'static str>,
    },
    /// `noPodOn`: no node has a pod of the DaemonSet (any phase).
    NoPodOn {
        ds: DsRef,
        nodes: Nodes,
    },
    Taint {
        node: String,
        taint: TaintMatch,
    },
    Label {
        node: String,
        key: String,
        value: String,
    },
    NodeReady {
        node: String,
        want: bool,
    },
    Cordoned {
        node: String,
        want: bool,
    },
    NodeExists {
        node: String,
        want: bool,
    },
    Event(EventMatch),
}

/// A DaemonSet as a check names it: `NAME` (namespace `default`) or `NAMESPACE/NAME`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct DsRef {
    namespace: String,
    name: String,
    /// As written.
    shown: String,
}

impl DsRef {
    fn parse(text: &str) -> DsRef {
        let (namespace, name) = text.split_once('/').unwrap_or(("default", text));
        DsRef {
            namespace: namespace.to_string(),
            name: name.to_string(),
            shown: text.to_string(),
        }
    }

    fn find<'a>(&self, c: &Cluster<'a>) -> Option<&'a DaemonSetView> {
        c.daemon_sets
            .iter()
            .find(|d| d.name == self.name && d.namespace == self.namespace)
    }

    fn owns(&self, p: &PodView) -> bool {
        p.daemon_set.as_deref() == Some(self.name.as_str()) && p.namespace == self.namespace
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Nodes {
    All,
    Named(Vec<String>),
}

/// `key`, `key=value`, `key:Effect` or `key=value:Effect`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct TaintMatch {
    key: String,
    value: Option<String>,
    effect: Option<TaintEffect>,
    shown: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct EventMatch {
    reason: String,
    /// `kind/name` as `kubectl get events` prints it; a trailing `*` matches a prefix.
    object: Option<String>,
    type_: Option<String>,
    message: Option<String>,
}

/// What a check sees in the cluster: whether it holds, and one sentence saying what is there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Whether the check holds.
    pub pass: bool,
    /// What it sees ("monitoring-agent has 3 of 4 pods Ready; none on control-plane").
    pub seen: String,
}

/// The cluster a check reads: the node cards and DaemonSet rows (as the page keeps them, or
/// from [`Simulation::view`]) and the simulation, for events.
pub struct Cluster<'a> {
    nodes: Vec<&'a NodeView>,
    daemon_sets: &'a [DaemonSetView],
    sim: &'a Simulation,
}

impl<'a> Cluster<'a> {
    /// The cluster as these views show it (they must be `sim`'s, current).
    pub fn new(
        sim: &'a Simulation,
        nodes: impl IntoIterator<Item = &'a NodeView>,
        daemon_sets: &'a [DaemonSetView],
    ) -> Cluster<'a> {
        Cluster {
            nodes: nodes.into_iter().collect(),
            daemon_sets,
            sim,
        }
    }

    fn node(&self, name: &str) -> Option<&'a NodeView> {
        self.nodes
            .binary_search_by(|n| n.name.as_str().cmp(name))
            .ok()
            .and_then(|i| self.nodes.get(i).copied())
            .or_else(|| self.nodes.iter().copied().find(|n| n.name == name))
    }
}

impl Check {
    /// Parses a file (or text) that is one check mapping, located in `file`.
    ///
    /// # Errors
    ///
    /// YAML errors, unknown rules or fields, values of the wrong type, each located.
    pub fn parse(file: &str, text: &str) -> Result<Check, Vec<crate::location::LocatedError>> {
        let doc = match crate::load::read_document(file, text) {
            Ok(Some(doc)) => doc,
            Ok(None) => crate::load::Document {
                value: Value::Null,
                positions: crate::load::PositionIndex::default(),
                location: Location {
                    file: file.to_string(),
                    line: 1,
                    column: 1,
                },
            },
            Err(e) => return Err(vec![*e]),
        };
        let value = doc.value.clone();
        let mut r = Reader {
            file,
            doc,
            errors: Vec::new(),
        };
        match Check::read(&mut r, &value, "") {
            Some(c) if r.errors.is_empty() => Ok(c),
            _ => Err(r.errors),
        }
    }

    /// Reads a check mapping at `path` (`expect`, `tasks[0].check`); `None` (with the errors
    /// in `r`) when it is not one.
    pub(crate) fn read(r: &mut Reader<'_>, value: &Value, path: &str) -> Option<Check> {
        let location = r.at(path);
        let Some(m) = value.as_object() else {
            r.wrong_type(
                path,
                "a mapping of rules (pods:, daemonSets:, podsOn:, ...)",
                value,
            );
            return None;
        };
        r.known_fields(m, path, RULES);
        if m.is_empty() {
            r.invalid(
                path,
                format!("give at least one rule ({})", RULES.join(", ")),
            );
            return None;
        }
        let mut all = Vec::new();
        for (key, v) in m {
            let p = crate::load::child_path(path, key);
            match key.as_str() {
                "pods" => r.pod_counts(v, &p, &mut all),
                "daemonSets" => r.daemon_sets(v, &p, &mut all),
                "podsOn" | "noPodOn" => {
                    if let Some(rule) = r.pods_on(v, &p, key == "podsOn") {
                        all.push(r.check(&p, rule));
                    }
                }
                "nodes" => r.nodes(v, &p, &mut all),
                "event" => {
                    if let Some(e) = r.event(v, &p) {
                        all.push(r.check(&p, Rule::Event(e)));
                    }
                }
                "all" | "any" => {
                    let Some(list) = v.as_array().filter(|l| !l.is_empty()) else {
                        r.wrong_type(&p, "a list of checks (at least one)", v);
                        continue;
                    };
                    let checks: Vec<Check> = list
                        .iter()
                        .enumerate()
                        .filter_map(|(i, c)| Check::read(r, c, &crate::load::index_path(&p, i)))
                        .collect();
                    let rule = if key == "all" {
                        Rule::All(checks)
                    } else {
                        Rule::Any(checks)
                    };
                    all.push(r.check(&p, rule));
                }
                "not" => {
                    if let Some(c) = Check::read(r, v, &p) {
                        all.push(r.check(&p, Rule::Not(Box::new(c))));
                    }
                }
                _ => {}
            }
        }
        Some(if all.len() == 1 {
            all.remove(0)
        } else {
            Check {
                path: path.to_string(),
                location,
                rule: Rule::All(all),
            }
        })
    }

    /// Both checks: it holds when both do, and what fails is each one's failures, under its
    /// own path. Located where `self` is.
    pub fn and(self, other: Check) -> Check {
        Check {
            path: self.path.clone(),
            location: self.location.clone(),
            rule: Rule::All(vec![self, other]),
        }
    }

    /// Whether the check holds on `sim` now, and what it sees (builds the view: a page that
    /// keeps one calls [`Check::evaluate`] with it).
    pub fn evaluate_sim(&self, sim: &Simulation) -> Outcome {
        let view = sim.view();
        self.evaluate(&Cluster::new(sim, &view.nodes, &view.daemon_sets))
    }

    /// Whether the check holds, and what it sees.
    pub fn evaluate(&self, c: &Cluster<'_>) -> Outcome {
        match &self.rule {
            Rule::All(list) => {
                let outs: Vec<Outcome> = list.iter().map(|x| x.evaluate(c)).collect();
                let pass = outs.iter().all(|o| o.pass);
                // Failing, it says what fails; holding, everything it saw.
                let seen = outs
                    .into_iter()
                    .filter(|o| pass || !o.pass)
                    .map(|o| o.seen)
                    .collect::<Vec<_>>()
                    .join("; ");
                Outcome { pass, seen }
            }
            Rule::Any(list) => {
                let outs: Vec<Outcome> = list.iter().map(|x| x.evaluate(c)).collect();
                match outs.iter().find(|o| o.pass) {
                    Some(o) => o.clone(),
                    None => Outcome {
                        pass: false,
                        seen: outs
                            .into_iter()
                            .map(|o| o.seen)
                            .collect::<Vec<_>>()
                            .join(" and "),
                    },
                }
            }
            Rule::Not(inner) => {
                let o = inner.evaluate(c);
                Outcome {
                    pass: !o.pass,
                    seen: o.seen,
                }
            }
            rule => leaf(rule, c),
        }
    }

    /// The rules that fail, innermost, each as `(path, what it sees)`. Empty when the
    /// check holds.
    pub fn failures(&self, c: &Cluster<'_>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.collect_failures(c, &mut out);
        out
    }

    /// What fails on `sim` now, one line each (`expect.pods.worker-4.agent: worker-4 has 0
    /// pods of agent, expected 1`): what a scenario's `expect:` reports. Empty when it holds.
    pub fn check(&self, sim: &Simulation) -> Vec<String> {
        let view = sim.view();
        self.failures(&Cluster::new(sim, &view.nodes, &view.daemon_sets))
            .into_iter()
            .map(|(path, seen)| format!("{path}: {seen}"))
            .collect()
    }

    fn collect_failures(&self, c: &Cluster<'_>, out: &mut Vec<(String, String)>) {
        match &self.rule {
            Rule::All(list) => list.iter().for_each(|x| x.collect_failures(c, out)),
            _ => {
                let o = self.evaluate(c);
                if !o.pass {
                    let seen = match self.rule {
                        Rule::Not(_) => format!("expected not: {}", o.seen),
                        _ => o.seen,
                    };
                    out.push((self.path.clone(), seen));
                }
            }
        }
    }
}

fn outcome(pass: bool, seen: String) -> Outcome {
    Outcome { pass, seen }
}

/// "a, b, c and 2 more".
fn names(list: &[&str]) -> String {
    let mut s = list
        .iter()
        .take(LIST_AT_MOST)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if list.len() > LIST_AT_MOST {
        s.push_str(&format!(" and {} more", list.len() - LIST_AT_MOST));
    }
    s
}

fn phase_matches(phase: PodDisplayPhase, want: &str) -> bool {
    phase.as_str() == want || (want == "Running" && phase == PodDisplayPhase::Ready)
}

fn status_value(d: &DaemonSetView, field: &str) -> i64 {
    i64::from(match field {
        "currentNumberScheduled" => d.current,
        "desiredNumberScheduled" => d.desired,
        "numberAvailable" => d.available,
        "numberMisscheduled" => d.misscheduled,
        "numberReady" => d.ready,
        "numberUnavailable" => d.unavailable,
        "updatedNumberScheduled" => d.up_to_date,
        _ => return d.observed_generation,
    })
}

fn leaf(rule: &Rule, c: &Cluster<'_>) -> Outcome {
    let no_ds = |ds: &DsRef| outcome(false, format!("there is no DaemonSet {}", ds.shown));
    let no_node = |node: &str| outcome(false, format!("there is no node {node}"));
    match rule {
        Rule::PodCount { node, owner, count } => {
            let Some(n) = c.node(node) else {
                return no_node(node);
            };
            let got = n
                .pods
                .iter()
                .filter(|p| p.daemon_set.as_deref().unwrap_or(&p.name) == owner)
                .count() as i64;
            let plural = if got == 1 { "" } else { "s" };
            outcome(
                got == *count,
                if got == *count {
                    format!("{node} has {got} pod{plural} of {owner}")
                } else {
                    format!("{node} has {got} pod{plural} of {owner}, expected {count}")
                },
            )
        }
        Rule::Status { ds, field, want } => match ds.find(c) {
            None => no_ds(ds),
            Some(d) => {
                let got = status_value(d, field);
                outcome(
                    got == *want,
                    if got == *want {
                        format!("{} has {field} {got}", ds.shown)
                    } else {
                        format!("{} has {field} {got}, expected {want}", ds.shown)
                    },
                )
            }
        },
        Rule::RolloutComplete { ds, want } => match ds.find(c) {
            None => no_ds(ds),
            Some(d) => {
                let done = d.rollout_complete();
                let seen = if done {
                    format!(
                        "{}'s rollout is complete: {} of {} pods updated and available",
                        ds.shown, d.available, d.desired
                    )
                } else {
                    format!(
                        "{}'s rollout is not complete: {} of {} pods updated, {} available",
                        ds.shown, d.up_to_date, d.desired, d.available
                    )
                };
                outcome(done == *want, seen)
            }
        },
        Rule::Image { ds, image } => match ds.find(c) {
            None => no_ds(ds),
            Some(d) => {
                let pass = d.images.iter().any(|i| i == image);
                outcome(
                    pass,
                    format!("{}'s pod template runs {}", ds.shown, d.images.join(", ")),
                )
            }
        },
        Rule::Strategy { ds, strategy } => match ds.find(c) {
            None => no_ds(ds),
            Some(d) => outcome(
                d.strategy == *strategy,
                format!("{}'s update strategy is {}", ds.shown, d.strategy),
            ),
        },
        Rule::DsExists { ds, want } => {
            let there = ds.find(c).is_some();
            outcome(
                there == *want,
                if there {
                    format!("DaemonSet {} exists", ds.shown)
                } else {
                    format!("there is no DaemonSet {}", ds.shown)
                },
            )
        }
        Rule::PodsOn { ds, nodes, phase } => pods_on(ds, nodes, *phase, c),
        Rule::NoPodOn { ds, nodes } => {
            let mut with: Vec<&str> = Vec::new();
            for n in selected(nodes, c).into_iter().flatten() {
                if n.pods.iter().any(|p| ds.owns(p)) {
                    with.push(&n.name);
                }
            }
            if with.is_empty() {
                let place = match nodes {
                    Nodes::All => "any node".to_string(),
                    Nodes::Named(list) => {
                        names(&list.iter().map(String::as_str).collect::<Vec<_>>())
                    }
                };
                outcome(true, format!("{} has no pod on {place}", ds.shown))
            } else {
                outcome(false, format!("{} has a pod on {}", ds.shown, names(&with)))
            }
        }
        Rule::Taint { node, taint } => {
            let Some(n) = c.node(node) else {
                return no_node(node);
            };
            let pass = n.taints.iter().any(|t| {
                t.key == taint.key
                    && taint.value.as_ref().is_none_or(|v| *v == t.value)
                    && taint.effect.is_none_or(|e| e.as_str() == t.effect)
            });
            let all: Vec<String> = n.taints.iter().map(ToString::to_string).collect();
            let list = if all.is_empty() {
                "no taints".to_string()
            } else {
                format!("taints {}", all.join(", "))
            };
            outcome(
                pass,
                if pass {
                    format!("{node} has the taint {}", taint.shown)
                } else {
                    format!("{node} has no taint {} ({list})", taint.shown)
                },
            )
        }
        Rule::Label { node, key, value } => {
            let Some(n) = c.node(node) else {
                return no_node(node);
            };
            match n.labels.get(key) {
                Some(v) if v == value => outcome(true, format!("{node} has the label {key}={v}")),
                Some(v) => outcome(
                    false,
                    format!("{node} has the label {key}={v}, expected {key}={value}"),
                ),
                None => outcome(false, format!("{node} has no label {key}")),
            }
        }
        Rule::NodeReady { node, want } => {
            let Some(n) = c.node(node) else {
                return no_node(node);
            };
            let state = if n.ready {
                "Ready"
            } else if n.lost {
                "lost (Unknown)"
            } else {
                "NotReady"
            };
            outcome(n.ready == *want, format!("{node} is {state}"))
        }
        Rule::Cordoned { node, want } => {
            let Some(n) = c.node(node) else {
                return no_node(node);
            };
            let state = if n.unschedulable {
                "cordoned (SchedulingDisabled)"
            } else {
                "schedulable"
            };
            outcome(n.unschedulable == *want, format!("{node} is {state}"))
        }
        Rule::NodeExists { node, want } => {
            let there = c.node(node).is_some();
            outcome(
                there == *want,
                if there {
                    format!("node {node} exists")
                } else {
                    format!("there is no node {node}")
                },
            )
        }
        Rule::Event(m) => event(m, c),
        Rule::All(_) | Rule::Any(_) | Rule::Not(_) => outcome(false, String::new()),
    }
}

/// The nodes a rule names: each, or why it is not there.
fn selected<'a, 'n>(nodes: &'n Nodes, c: &Cluster<'a>) -> Vec<Result<&'a NodeView, &'n str>> {
    match nodes {
        Nodes::All => c.nodes.iter().map(|n| Ok(*n)).collect(),
        Nodes::Named(list) => list.iter().map(|n| c.node(n).ok_or(n.as_str())).collect(),
    }
}

fn pods_on(ds: &DsRef, nodes: &Nodes, phase: Option<&str>, c: &Cluster<'_>) -> Outcome {
    let mut good = 0usize;
    let mut total = 0usize;
    let mut none: Vec<&str> = Vec::new();
    let mut missing: Vec<&str> = Vec::new();
    let mut other: Vec<String> = Vec::new();
    for n in selected(nodes, c) {
        total += 1;
        let n = match n {
            Ok(n) => n,
            Err(name) => {
                missing.push(name);
                continue;
            }
        };
        let theirs: Vec<&PodView> = n.pods.iter().filter(|p| ds.owns(p)).collect();
        let Some(first) = theirs.first() else {
            none.push(&n.name);
            continue;
        };
        if theirs
            .iter()
            .any(|p| phase.is_none_or(|ph| phase_matches(p.phase, ph)))
        {
            good += 1;
        } else if other.len() < LIST_AT_MOST {
            other.push(format!("on {} it is {}", n.name, first.phase.as_str()));
        }
    }
    let pass = good == total && total > 0;
    let mut seen = match phase {
        Some(ph) => format!("{} has {good} of {total} pods {ph}", ds.shown),
        None => format!("{} has pods on {good} of {total} nodes", ds.shown),
    };
    if !none.is_empty() {
        seen.push_str(&format!("; none on {}", names(&none)));
    }
    seen.extend(other.iter().map(|o| format!("; {o}")));
    if !missing.is_empty() {
        seen.push_str(&format!("; there is no node {}", names(&missing)));
    }
    if total == 0 {
        seen.push_str(" (there are no nodes)");
    }
    outcome(pass, seen)
}

fn event(m: &EventMatch, c: &Cluster<'_>) -> Outcome {
    let about = m
        .object
        .as_deref()
        .map(|o| format!(" about {o}"))
        .unwrap_or_default();
    let object_matches = |object: &str| match m.object.as_deref() {
        None => true,
        Some(o) => match o.strip_suffix('*') {
            Some(prefix) => object.starts_with(prefix),
            None => object == o,
        },
    };
    let found = c.sim.events_newest_first().find(|e| {
        e.reason == m.reason
            && object_matches(&e.object)
            && m.type_.as_ref().is_none_or(|t| *t == e.type_)
            && m.message
                .as_ref()
                .is_none_or(|w| e.message.contains(w.as_str()))
    });
    match found {
        Some(e) => outcome(
            true,
            format!("{} {} {}: {}", e.type_, e.reason, e.object, e.message),
        ),
        None => outcome(false, format!("no {} event{about} yet", m.reason)),
    }
}

impl Reader<'_> {
    fn check(&self, path: &str, rule: Rule) -> Check {
        Check {
            path: path.to_string(),
            location: self.at(path),
            rule,
        }
    }

    fn mapping<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        what: &str,
    ) -> Option<&'v serde_json::Map<String, Value>> {
        let m = value.as_object();
        if m.is_none() {
            self.wrong_type(path, what, value);
        }
        m
    }

    fn boolean(&mut self, value: &Value, path: &str) -> Option<bool> {
        let b = value.as_bool();
        if b.is_none() {
            self.wrong_type(path, "true or false", value);
        }
        b
    }

    /// `pods: {NODE: {OWNER: N}}`.
    fn pod_counts(&mut self, value: &Value, path: &str, out: &mut Vec<Check>) {
        let Some(outer) = self.mapping(value, path, "a mapping (node: {owner: count})") else {
            return;
        };
        for (node, inner) in outer {
            let np = crate::load::child_path(path, node);
            let Some(inner) = self.mapping(inner, &np, "a mapping (owner: count)") else {
                continue;
            };
            for (owner, v) in inner {
                let vp = crate::load::child_path(&np, owner);
                if let Some(count) = self.count(v, &vp) {
                    let rule = Rule::PodCount {
                        node: node.clone(),
                        owner: owner.clone(),
                        count,
                    };
                    out.push(self.check(&vp, rule));
                }
            }
        }
    }

    /// `daemonSets: {DS: {FIELD: N, rolloutComplete: true, image: I, strategy: S, exists: B}}`.
    fn daemon_sets(&mut self, value: &Value, path: &str, out: &mut Vec<Check>) {
        let Some(outer) = self.mapping(value, path, "a mapping (DaemonSet: {field: value})") else {
            return;
        };
        for (name, inner) in outer {
            let dp = crate::load::child_path(path, name);
            let Some(inner) = self.mapping(inner, &dp, "a mapping (field: value)") else {
                continue;
            };
            let ds = DsRef::parse(name);
            for (k, v) in inner {
                let vp = crate::load::child_path(&dp, k);
                let rule = match k.as_str() {
                    "rolloutComplete" => self.boolean(v, &vp).map(|want| Rule::RolloutComplete {
                        ds: ds.clone(),
                        want,
                    }),
                    "exists" => self.boolean(v, &vp).map(|want| Rule::DsExists {
                        ds: ds.clone(),
                        want,
                    }),
                    "image" => self.string(Some(v), &vp).map(|image| Rule::Image {
                        ds: ds.clone(),
                        image,
                    }),
                    "strategy" => match self.string(Some(v), &vp) {
                        Some(s) if s == "RollingUpdate" || s == "OnDelete" => {
                            Some(Rule::Strategy {
                                ds: ds.clone(),
                                strategy: s,
                            })
                        }
                        Some(s) => {
                            self.error(
                                ErrorKind::Field(ErrorType::NotSupported),
                                &vp,
                                format!("Unsupported value: {s:?}: supported values: \"OnDelete\", \"RollingUpdate\""),
                            );
                            None
                        }
                        None => None,
                    },
                    field => match STATUS_FIELDS.iter().find(|f| **f == field) {
                        Some(f) => self.count(v, &vp).map(|want| Rule::Status {
                            ds: ds.clone(),
                            field: f,
                            want,
                        }),
                        None => {
                            self.error(
                                ErrorKind::UnknownField,
                                &vp,
                                format!(
                                    "unknown status field {k:?} (known: {}, and rolloutComplete, image, strategy, exists)",
                                    STATUS_FIELDS.join(", ")
                                ),
                            );
                            None
                        }
                    },
                };
                if let Some(rule) = rule {
                    out.push(self.check(&vp, rule));
                }
            }
        }
    }

    /// `podsOn: {daemonSet: DS, nodes: all | NODE | [NODE...], phase: P}` (`noPodOn` takes
    /// no phase).
    fn pods_on(&mut self, value: &Value, path: &str, on: bool) -> Option<Rule> {
        let m = self.mapping(value, path, "a mapping (daemonSet:, nodes:, phase:)")?;
        let known: &[&str] = if on {
            &["daemonSet", "nodes", "phase"]
        } else {
            &["daemonSet", "nodes"]
        };
        self.known_fields(m, path, known);
        let dp = crate::load::child_path(path, "daemonSet");
        let Some(ds) = self.string(m.get("daemonSet"), &dp) else {
            if !m.contains_key("daemonSet") {
                self.required(&dp);
            }
            return None;
        };
        let np = crate::load::child_path(path, "nodes");
        let nodes = match m.get("nodes") {
            None => Nodes::All,
            Some(Value::String(s)) if s == "all" => Nodes::All,
            Some(Value::String(s)) => Nodes::Named(vec![s.clone()]),
            Some(Value::Array(a)) => {
                let mut list = Vec::new();
                for (i, v) in a.iter().enumerate() {
                    list.extend(self.string(Some(v), &crate::load::index_path(&np, i)));
                }
                Nodes::Named(list)
            }
            Some(other) => {
                self.wrong_type(&np, "all, a node name or a list of node names", other);
                return None;
            }
        };
        let ds = DsRef::parse(&ds);
        if !on {
            return Some(Rule::NoPodOn { ds, nodes });
        }
        let pp = crate::load::child_path(path, "phase");
        let phase = match self.string(m.get("phase"), &pp) {
            None => None,
            Some(p) => match PHASES.iter().find(|x| **x == p) {
                Some(x) => Some(*x),
                None => {
                    self.error(
                        ErrorKind::Field(ErrorType::NotSupported),
                        &pp,
                        format!(
                            "Unsupported value: {p:?}: supported values: {}",
                            PHASES
                                .iter()
                                .map(|x| format!("{x:?}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                    return None;
                }
            },
        };
        Some(Rule::PodsOn { ds, nodes, phase })
    }

    /// `nodes: {NODE: {taints: [...], labels: {...}, ready: B, cordoned: B, exists: B}}`.
    fn nodes(&mut self, value: &Value, path: &str, out: &mut Vec<Check>) {
        let Some(outer) = self.mapping(value, path, "a mapping (node: {taints:, labels:, ...})")
        else {
            return;
        };
        for (node, inner) in outer {
            let np = crate::load::child_path(path, node);
            let Some(inner) = self.mapping(
                inner,
                &np,
                "a mapping (taints:, labels:, ready:, cordoned:, exists:)",
            ) else {
                continue;
            };
            self.known_fields(
                inner,
                &np,
                &["taints", "labels", "ready", "cordoned", "exists"],
            );
            for (k, v) in inner {
                let vp = crate::load::child_path(&np, k);
                let node = node.clone();
                match k.as_str() {
                    "taints" => {
                        let Some(list) = v.as_array() else {
                            self.wrong_type(&vp, "a list of taints (KEY[=VALUE][:EFFECT])", v);
                            continue;
                        };
                        for (i, t) in list.iter().enumerate() {
                            let tp = crate::load::index_path(&vp, i);
                            let Some(text) = self.string(Some(t), &tp) else {
                                continue;
                            };
                            match taint_match(&text) {
                                Ok(taint) => out.push(self.check(
                                    &tp,
                                    Rule::Taint {
                                        node: node.clone(),
                                        taint,
                                    },
                                )),
                                Err(e) => self.invalid(&tp, e),
                            }
                        }
                    }
                    "labels" => {
                        let Some(labels) = self.mapping(v, &vp, "a mapping (key: value)") else {
                            continue;
                        };
                        for (key, value) in labels {
                            let lp = crate::load::child_path(&vp, key);
                            if let Some(value) = self.string(Some(value), &lp) {
                                out.push(self.check(
                                    &lp,
                                    Rule::Label {
                                        node: node.clone(),
                                        key: key.clone(),
                                        value,
                                    },
                                ));
                            }
                        }
                    }
                    field @ ("ready" | "cordoned" | "exists") => {
                        let Some(want) = self.boolean(v, &vp) else {
                            continue;
                        };
                        let rule = match field {
                            "ready" => Rule::NodeReady { node, want },
                            "cordoned" => Rule::Cordoned { node, want },
                            _ => Rule::NodeExists { node, want },
                        };
                        out.push(self.check(&vp, rule));
                    }
                    _ => {}
                }
            }
        }
    }

    /// `event: {reason: R, object: KIND/NAME, type: Normal|Warning, message: WORDS}`.
    fn event(&mut self, value: &Value, path: &str) -> Option<EventMatch> {
        let m = self.mapping(value, path, "a mapping (reason:, object:, type:, message:)")?;
        self.known_fields(m, path, &["reason", "object", "type", "message"]);
        let tp = crate::load::child_path(path, "type");
        let type_ = self.string(m.get("type"), &tp);
        if let Some(t) = type_
            .as_deref()
            .filter(|t| *t != "Normal" && *t != "Warning")
        {
            self.error(
                ErrorKind::Field(ErrorType::NotSupported),
                &tp,
                format!("Unsupported value: {t:?}: supported values: \"Normal\", \"Warning\""),
            );
        }
        let rp = crate::load::child_path(path, "reason");
        let Some(reason) = self.string(m.get("reason"), &rp) else {
            if !m.contains_key("reason") {
                self.required(&rp);
            }
            return None;
        };
        Some(EventMatch {
            reason,
            object: self.string(m.get("object"), &crate::load::child_path(path, "object")),
            type_,
            message: self.string(m.get("message"), &crate::load::child_path(path, "message")),
        })
    }
}

/// `key`, `key=value`, `key:Effect` or `key=value:Effect` (the effect as kubectl takes it).
fn taint_match(text: &str) -> Result<TaintMatch, String> {
    let (kv, effect) = match text.rsplit_once(':') {
        Some((kv, e)) => (kv, Some(TaintEffect::parse_kubectl(e)?)),
        None => (text, None),
    };
    let (key, value) = match kv.split_once('=') {
        Some((k, v)) => (k, Some(v.to_string())),
        None => (kv, None),
    };
    if key.is_empty() {
        return Err(format!("taint {text:?}: missing taint key"));
    }
    Ok(TaintMatch {
        key: key.to_string(),
        value,
        effect,
        shown: text.to_string(),
    })
}
