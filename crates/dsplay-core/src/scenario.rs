//! Scenarios: one YAML file (`kind: Scenario`) that replays the same in the page and the CLI.
//!
//! A scenario is a seed, a starting cluster, timed steps and what the cluster should look like
//! at the end (`expect:`). Steps are manifests to apply (inline or in a file next to the
//! scenario) or any step the CLI knows ([`crate::steps`]), at a simulated time from the start.
//! See `docs/scenarios.md` and `docs/scenario.schema.json`.
//!
//! [`Scenario::parse`] reads the file with the manifests' YAML loader, so its errors are located
//! the same way (`scenario.yaml:12:5: steps[3].at: ...`); it also follows the nodes through the
//! steps, so a step that names a node that will not exist at its time is refused with the
//! reason. [`ScenarioRun`] plays it on a [`Simulation`] (the CLI all at once, the page step by
//! step), [`Check::check`] compares the end with `expect:` (a [`crate::check`] check), and [`Scenario::to_kubectl`]
//! writes the shell script of `kubectl` commands a real cluster would need.
//!
//! A scenario with `compare:` is played side by side: two clusters with the same nodes and
//! the same steps, each running its own manifests ([`Variant`]). [`Scenario::variant`] is the
//! plain scenario one side plays, and [`Lockstep`] plays both at once, step for step.

use crate::check::Check;
use crate::clock::{format_duration, parse_duration, SimDuration, SimTime};
use crate::load::{self, ApiObject};
use crate::location::{ErrorKind, ErrorType, LocatedError, Location};
use crate::sim::Simulation;
use crate::sim::{ApplyReport, Input, NameStarts, NodeOp, NodeTemplate, ObjectKind, SimError};
use crate::steps::{Source, Step, StepSpec};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// The `kind` of a scenario file.
pub const SCENARIO_KIND: &str = "Scenario";
/// The `apiVersion` a scenario may give (it may be left out).
pub const SCENARIO_API_VERSION: &str = "dsplay/v1";

/// A parsed scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The file name it was read from (for messages).
    pub file: String,
    /// `metadata.name`, or empty.
    pub name: String,
    /// `title`: one line for a menu.
    pub title: String,
    /// `description`, or empty.
    pub description: String,
    /// The seed of the random parts (pod names).
    pub seed: u64,
    /// The starting cluster.
    pub cluster: StartCluster,
    /// The steps, in time order.
    pub steps: Vec<ScenarioStep>,
    /// The end state to check, if any (in each variant's cluster, for `compare:`).
    pub expect: Option<Expect>,
    /// `compare:`: the two variants played side by side, or empty for one cluster.
    pub compare: Vec<Variant>,
}

/// One side of a side-by-side scenario (`compare:`): its name and the manifests its cluster
/// runs, applied at the start (after `cluster.nodes`, before `steps[0]`); the nodes and the
/// steps are the scenario's, the same for both sides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// `name`: a DNS label naming the side (above its cluster, in the CLI's output).
    pub name: String,
    /// `title`: one line saying what this side does differently, or empty.
    pub title: String,
    /// The manifests (`apply:` or `file:`).
    pub manifest: Manifest,
    /// `expect`: this side's own end state (the scenario's `expect:` is checked too).
    pub expect: Option<Expect>,
    /// Where the variant is in the scenario file.
    pub location: Location,
}

impl Variant {
    /// How the side is labelled: `name: title`, or the name alone.
    pub fn label(&self) -> String {
        if self.title.is_empty() {
            self.name.clone()
        } else {
            format!("{}: {}", self.name, self.title)
        }
    }
}

/// The cluster a scenario starts from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StartCluster {
    /// Start from the playground's default cluster (`cluster: default`).
    pub default: bool,
    /// Nodes added at time 0 (after the default ones).
    pub nodes: Vec<StartNode>,
}

/// One entry of `cluster.nodes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartNode {
    /// A node from a template, with a name or the next free one.
    Template {
        /// The template.
        template: NodeTemplate,
        /// The name; `None` for the next free one.
        name: Option<String>,
    },
    /// Manifests applied at time 0: Node manifests (and, in [`Scenario::variant`], the
    /// variant's own manifests).
    Apply(Manifest),
}

/// A manifest to apply, inline or from a file next to the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// The file name errors are located in (the scenario's for inline text).
    pub file: String,
    /// The text, as `kubectl apply -f` reads it (inline text is padded with empty lines so
    /// that its lines are the scenario file's).
    pub text: String,
    /// The file as the scenario names it, for an export (`None`: inline).
    pub path: Option<String>,
}

/// What a step does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// `kubectl apply -f`.
    Apply(Manifest),
    /// A step as the CLI writes it (`cordon:worker-1`, `wait:30s`, ...).
    Step(StepSpec),
    /// Nothing: a caption (or a pause) at a moment worth pointing out.
    Caption,
}

/// One timed step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioStep {
    /// Simulated time from the start at which it runs.
    pub at: SimDuration,
    /// What it does.
    pub action: Action,
    /// One or two sentences shown while it plays.
    pub caption: String,
    /// The player waits for the presenter before this step.
    pub pause: bool,
    /// Where the step is in the scenario file.
    pub location: Location,
}

/// The end state a scenario states (`expect:`): a check ([`crate::check`]).
pub type Expect = Check;

/// The status fields `expect.daemonSets` may name (a DaemonSet's `.status`).
pub use crate::check::STATUS_FIELDS;

/// The node names a scenario's default cluster has.
const DEFAULT_NODES: [&str; 4] = ["control-plane", "worker-1", "worker-2", "worker-3"];

/// Reads the text of a file a scenario names (relative to the scenario): `Err` with the
/// reason it cannot be read.
pub type ReadFile<'a> = dyn FnMut(&str) -> Result<String, String> + 'a;

/// Whether `text` is a scenario file: its first document's top-level `kind` is `Scenario`.
pub fn is_scenario(text: &str) -> bool {
    // Cheap first: a manifest file is not read twice.
    text.contains(SCENARIO_KIND)
        && matches!(load::read_document("", text), Ok(Some(doc)) if doc.value.get("kind").and_then(Value::as_str) == Some(SCENARIO_KIND))
}

/// Reads a scenario file's fields (and a lesson's front matter), locating errors by field
/// path.
pub(crate) struct Reader<'a> {
    pub(crate) file: &'a str,
    pub(crate) doc: load::Document,
    pub(crate) errors: Vec<LocatedError>,
}

impl<'a> Reader<'a> {
    /// Reads the first document of `text` (a file's, or the part of it given, padded so its
    /// lines are the file's) as a mapping: the reader and the mapping; otherwise the located
    /// errors (`empty()` for a text with no document; `what`: what the document should be).
    pub(crate) fn open(
        file: &'a str,
        text: &str,
        what: &str,
        empty: impl FnOnce() -> LocatedError,
    ) -> Result<(Reader<'a>, serde_json::Map<String, Value>), Vec<LocatedError>> {
        let doc = match load::read_document(file, text) {
            Ok(Some(doc)) => doc,
            Ok(None) => return Err(vec![empty()]),
            Err(e) => return Err(vec![*e]),
        };
        let mut r = Reader {
            file,
            doc,
            errors: Vec::new(),
        };
        match r.doc.value.as_object().cloned() {
            Some(top) => Ok((r, top)),
            None => {
                let got = r.doc.value.clone();
                r.wrong_type("", what, &got);
                Err(r.errors)
            }
        }
    }
}

impl Reader<'_> {
    pub(crate) fn at(&self, path: &str) -> Location {
        self.doc
            .positions
            .locate(path)
            .unwrap_or_else(|| self.doc.location.clone())
    }

    pub(crate) fn error(&mut self, kind: ErrorKind, path: &str, message: impl std::fmt::Display) {
        let location = self.at(path);
        let shown = if path.is_empty() {
            message.to_string()
        } else {
            format!("{path}: {message}")
        };
        self.errors
            .push(LocatedError::new(kind, location, shown).with_field(path));
    }

    pub(crate) fn invalid(&mut self, path: &str, message: impl std::fmt::Display) {
        self.error(ErrorKind::Field(ErrorType::Invalid), path, message);
    }

    pub(crate) fn required(&mut self, path: &str) {
        self.error(
            ErrorKind::Field(ErrorType::Required),
            path,
            "Required value",
        );
    }

    /// Refuses fields of `object` (at `path`) other than `known`, as strict decoding does.
    pub(crate) fn known_fields(
        &mut self,
        object: &serde_json::Map<String, Value>,
        path: &str,
        known: &[&str],
    ) {
        for key in object.keys() {
            if !known.contains(&key.as_str()) {
                let p = load::child_path(path, key);
                self.error(
                    ErrorKind::UnknownField,
                    &p,
                    format!("unknown field {key:?} (known: {})", known.join(", ")),
                );
            }
        }
    }

    pub(crate) fn string(&mut self, value: Option<&Value>, path: &str) -> Option<String> {
        match value? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong_type(path, "a string", other);
                None
            }
        }
    }

    pub(crate) fn wrong_type(&mut self, path: &str, want: &str, got: &Value) {
        let got = match got {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "a mapping",
        };
        self.error(
            ErrorKind::WrongType,
            path,
            format!("expected {want}, got {got}"),
        );
    }

    pub(crate) fn count(&mut self, value: &Value, path: &str) -> Option<i64> {
        match value.as_i64() {
            Some(n) if n >= 0 => Some(n),
            _ => {
                self.wrong_type(path, "a whole number, 0 or more", value);
                None
            }
        }
    }

    /// `text`, the value of `key` at `path`, padded with empty lines so that its lines are
    /// the file's (errors in it are then located in the file): a block scalar (`key: |`)
    /// starts on the next line. (Positions are the keys'.)
    pub(crate) fn in_place(&self, path: &str, key: &str, source: &str, text: &str) -> String {
        let at = self.at(path);
        let block = source
            .lines()
            .nth(at.line.saturating_sub(1) as usize)
            .and_then(|l| l.split_once(&format!("{key}:")))
            .is_some_and(|(_, rest)| rest.trim_start().starts_with(['|', '>']));
        let pad = if block {
            at.line
        } else {
            at.line.saturating_sub(1)
        };
        let mut padded = "\n".repeat(pad as usize);
        padded.push_str(text);
        padded
    }

    /// A manifest: `apply:` (inline text) or `file:` (a file next to the scenario).
    pub(crate) fn manifest(
        &mut self,
        object: &serde_json::Map<String, Value>,
        path: &str,
        source: &str,
        read: &mut ReadFile<'_>,
    ) -> Option<Manifest> {
        if let Some(v) = object.get("apply") {
            let p = load::child_path(path, "apply");
            let text = self.string(Some(v), &p)?;
            return Some(Manifest {
                file: self.file.to_string(),
                text: self.in_place(&p, "apply", source, &text),
                path: None,
            });
        }
        let p = load::child_path(path, "file");
        let name = self.string(object.get("file"), &p)?;
        if name.is_empty() {
            self.required(&p);
            return None;
        }
        match read(&name) {
            Ok(text) => Some(Manifest {
                file: name.clone(),
                text,
                path: Some(name),
            }),
            Err(e) => {
                self.error(
                    ErrorKind::Field(ErrorType::NotFound),
                    &p,
                    format!("cannot read {name}: {e}"),
                );
                None
            }
        }
    }
}

/// The nodes a scenario has at each point, followed statically through its steps.
struct NodeTracker {
    /// Name → what removed it (`steps[i] (STEP at T)`), for nodes that existed and went.
    removed: BTreeMap<String, String>,
    present: BTreeSet<String>,
    /// An autopilot step ran: which nodes exist after it is known only when it runs (a step
    /// naming a node is then checked as it runs).
    churned: bool,
    /// Where the next free-name search starts, per template, as the simulation keeps them:
    /// a cluster of N template nodes looks up N names, not N²/2. Forgotten when a step
    /// removes a node.
    name_starts: NameStarts,
}

impl NodeTracker {
    fn add(&mut self, name: &str) {
        self.present.insert(name.to_string());
        self.removed.remove(name);
    }

    fn add_template(&mut self, template: NodeTemplate, name: Option<&str>) {
        let name = match name {
            Some(n) => n.to_string(),
            None => self
                .name_starts
                .free_name(template, |n| self.present.contains(n)),
        };
        self.add(&name);
    }

    /// `name` goes (`by`: the step that removes it); its number is free again.
    fn remove(&mut self, name: &str, by: String) {
        self.present.remove(name);
        self.removed.insert(name.to_string(), by);
        self.name_starts.clear();
    }

    fn add_manifest_nodes(&mut self, m: &Manifest) {
        for o in load::load(&m.file, &m.text).objects {
            if let ApiObject::Node(n) = &o.object {
                if let Some(name) = &n.metadata.name {
                    self.add(name);
                }
            }
        }
    }

    /// Why `name` does not exist now, or `None` if it does.
    fn missing(&self, name: &str, at: SimDuration) -> Option<String> {
        if self.present.contains(name) || self.churned {
            return None;
        }
        let at = format_duration(at);
        Some(match self.removed.get(name) {
            Some(by) => format!("node {name:?} will not exist at {at}: {by} removes it"),
            None => format!(
                "node {name:?} will not exist at {at}: neither the cluster nor an earlier step adds it (nodes then: {})",
                self.present.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        })
    }
}

/// The node a step acts on, and whether the step removes it.
fn node_named(step: &Step) -> Option<(&str, bool)> {
    match step {
        Step::Input(Input::Node(op)) => match op {
            NodeOp::Add { .. } => None,
            NodeOp::Remove { name } => Some((name, true)),
            NodeOp::Cordon { name }
            | NodeOp::Uncordon { name }
            | NodeOp::SetReady { name, .. }
            | NodeOp::Lose { name }
            | NodeOp::AddTaint { name, .. }
            | NodeOp::RemoveTaint { name, .. }
            | NodeOp::SetLabel { name, .. }
            | NodeOp::RemoveLabel { name, .. } => Some((name, false)),
        },
        Step::Input(Input::Delete {
            kind: ObjectKind::Node,
            name,
            ..
        }) => Some((name, true)),
        Step::UntaintKey { node, .. } => Some((node, false)),
        _ => None,
    }
}

impl Scenario {
    /// Parses a scenario file. `read` gives the text of the files its steps name (relative to
    /// the scenario). Every problem is a located error.
    ///
    /// # Errors
    ///
    /// The file's YAML errors, fields of the wrong type or unknown, bad durations or steps,
    /// steps out of time order, and steps naming a node that will not exist at their time.
    pub fn parse(
        file: &str,
        text: &str,
        read: &mut ReadFile<'_>,
    ) -> Result<Scenario, Vec<LocatedError>> {
        let (mut r, top) = Reader::open(file, text, "a mapping with kind: Scenario", || {
            LocatedError::new(
                ErrorKind::MissingKind,
                Location {
                    file: file.to_string(),
                    line: 1,
                    column: 1,
                },
                "empty file: expected a document with kind: Scenario",
            )
        })?;
        r.known_fields(
            &top,
            "",
            &[
                "apiVersion",
                "kind",
                "metadata",
                "title",
                "description",
                "seed",
                "cluster",
                "steps",
                "expect",
                "compare",
            ],
        );
        match r.string(top.get("kind"), "kind") {
            Some(k) if k == SCENARIO_KIND => {}
            Some(k) => r.invalid("kind", format!("{k:?}: expected {SCENARIO_KIND:?}")),
            None => r.required("kind"),
        }
        if let Some(v) = r.string(top.get("apiVersion"), "apiVersion") {
            if v != SCENARIO_API_VERSION {
                r.invalid(
                    "apiVersion",
                    format!("{v:?}: expected {SCENARIO_API_VERSION:?}"),
                );
            }
        }
        let mut name = String::new();
        if let Some(meta) = top.get("metadata") {
            match meta.as_object() {
                Some(m) => {
                    r.known_fields(m, "metadata", &["name"]);
                    name = r.string(m.get("name"), "metadata.name").unwrap_or_default();
                }
                None => r.wrong_type("metadata", "a mapping", meta),
            }
        }
        let title = r.string(top.get("title"), "title").unwrap_or_default();
        let description = r
            .string(top.get("description"), "description")
            .unwrap_or_default();
        let seed = match top.get("seed") {
            None => 0,
            Some(v) => v.as_u64().unwrap_or_else(|| {
                r.wrong_type("seed", "a whole number from 0", v);
                0
            }),
        };
        let mut nodes = NodeTracker {
            removed: BTreeMap::new(),
            present: BTreeSet::new(),
            churned: false,
            name_starts: NameStarts::default(),
        };
        let cluster = r.cluster(top.get("cluster"), text, read, &mut nodes);
        let steps = r.steps(top.get("steps"), text, read, &mut nodes);
        let expect = top.get("expect").and_then(|e| r.expect(e));
        let compare = r.compare(top.get("compare"), text, read);
        if !r.errors.is_empty() {
            return Err(r.errors);
        }
        Ok(Scenario {
            file: file.to_string(),
            name,
            title,
            description,
            seed,
            cluster,
            steps,
            expect,
            compare,
        })
    }

    /// The plain scenario side `index` of `compare:` plays: the variant's manifests applied
    /// at the start (after `cluster.nodes`), the same steps, and both the scenario's and the
    /// variant's `expect:`. Its title says which side it is. `None` past the last variant.
    pub fn variant(&self, index: usize) -> Option<Scenario> {
        let v = self.compare.get(index)?;
        let mut cluster = self.cluster.clone();
        cluster.nodes.push(StartNode::Apply(v.manifest.clone()));
        let expect = match (self.expect.clone(), v.expect.clone()) {
            (Some(a), Some(b)) => Some(a.and(b)),
            (a, b) => a.or(b),
        };
        let title = if self.title.is_empty() {
            v.label()
        } else {
            format!("{} ({})", self.title, v.label())
        };
        Some(Scenario {
            title,
            cluster,
            expect,
            compare: Vec::new(),
            ..self.clone()
        })
    }

    /// What each cluster plays: the scenario itself, or one plain scenario per variant of
    /// `compare:` ([`Scenario::variant`]).
    pub fn clusters(&self) -> Vec<Scenario> {
        if self.compare.is_empty() {
            return vec![self.clone()];
        }
        (0..self.compare.len())
            .filter_map(|i| self.variant(i))
            .collect()
    }

    /// The caption once the first `ran` steps ran: the last of them that has one, or the
    /// description before any (the player shows it under its timeline).
    pub fn caption_after(&self, ran: usize) -> &str {
        self.steps
            .get(..ran.min(self.steps.len()))
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|s| !s.caption.is_empty())
            .map_or(self.description.as_str(), |s| s.caption.as_str())
    }

    /// The step times as marks for a timeline: each step's `at`.
    pub fn marks(&self) -> Vec<SimDuration> {
        self.steps.iter().map(|s| s.at).collect()
    }

    /// The manifests the scenario applies, each as a file of the console's folder
    /// (`kubectl apply -f NAME`, `cat NAME`): name and text, in the file's order.
    ///
    /// Scenario files do not name their manifests: they are inline (`apply: |`) in
    /// `cluster.nodes[I]`, `steps[I]` and `compare[I]`, or a `file:` next to the scenario. An
    /// inline one is named after the scenario file and its place in it, `STEM-nodes-I.yaml`,
    /// `STEM-steps-I.yaml` or `STEM-compare-I.yaml` (`05-rolling-update-steps-1.yaml`: `steps[1]` of
    /// `05-rolling-update.yaml`, the index error messages and [`Scenario::to_kubectl`] give);
    /// a `file:` one keeps the name the scenario gives it.
    pub fn manifest_files(&self) -> Vec<(String, String)> {
        let base = self.file.rsplit(['/', '\\']).next().unwrap_or_default();
        let stem = base
            .strip_suffix(".yaml")
            .or_else(|| base.strip_suffix(".yml"))
            .unwrap_or(base);
        let named = |m: &Manifest, place: String| {
            let name = m
                .path
                .clone()
                .unwrap_or_else(|| format!("{stem}-{place}.yaml"));
            // Inline text is padded to the scenario's line numbers; the file starts at its first line.
            (name, m.text.trim_start_matches('\n').to_string())
        };
        let nodes = self
            .cluster
            .nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| match n {
                StartNode::Apply(m) => Some(named(m, format!("nodes-{i}"))),
                StartNode::Template { .. } => None,
            });
        let steps = self
            .steps
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match &s.action {
                Action::Apply(m) => Some(named(m, format!("steps-{i}"))),
                _ => None,
            });
        let sides = self
            .compare
            .iter()
            .enumerate()
            .map(|(i, v)| named(&v.manifest, format!("compare-{i}")));
        nodes.chain(steps).chain(sides).collect()
    }

    /// The scenario as a shell script of `kubectl` commands for a real cluster (kind, KWOK):
    /// `kubectl apply -f` for manifests (inline ones as here-documents), `kubectl cordon`,
    /// `taint`, `label`, `delete`, `rollout undo`, with `sleep` between timed steps, and a
    /// comment for each step kubectl cannot do (a node going NotReady or lost, a container
    /// failing, template nodes).
    pub fn to_kubectl(&self) -> String {
        let mut out = String::from("#!/usr/bin/env bash\n");
        let title = if self.title.is_empty() {
            &self.name
        } else {
            &self.title
        };
        out.push_str(&format!("# {}\n", comment_text(title)));
        out.push_str(&format!(
            "# Exported from the DaemonSet Playground scenario {} (seed {}).\n",
            comment_text(&self.file),
            self.seed
        ));
        out.push_str("set -euo pipefail\n\n");
        if self.cluster.default {
            out.push_str("# The playground's default cluster: a control plane (tainted NoSchedule) and three\n# workers, e.g. `kind create cluster --config` with one control-plane and three worker nodes.\n");
        }
        for n in &self.cluster.nodes {
            match n {
                StartNode::Template { template, name } => out.push_str(&format!(
                    "# simulation only: a {} node{} (add one to the cluster by hand)\n",
                    template.name(),
                    name.as_deref()
                        .map(|n| format!(" named {n}"))
                        .unwrap_or_default()
                )),
                StartNode::Apply(m) => push_apply(&mut out, m),
            }
        }
        if let Some(first) = self.compare.first() {
            // One script for both sides: each cluster runs it with its side's name.
            let names: Vec<&str> = self.compare.iter().map(|v| v.name.as_str()).collect();
            out.push_str(
                "\n# Side by side: run this script once per cluster, with the side's name as its argument:\n",
            );
            for v in &self.compare {
                let title = if v.title.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", comment_text(&v.title))
                };
                out.push_str(&format!("#   {}{title}\n", v.name));
            }
            out.push_str(&format!(
                "side=\"${{1:-{}}}\"\ncase \"$side\" in\n",
                first.name
            ));
            for v in &self.compare {
                out.push_str(&format!("{})\n", v.name));
                push_apply(&mut out, &v.manifest);
                out.push_str(";;\n");
            }
            out.push_str(&format!(
                "*)\necho \"usage: $0 [{}]\" >&2\nexit 2\n;;\nesac\n",
                names.join("|")
            ));
        }
        let mut now = SimDuration::from_millis(0);
        for (i, s) in self.steps.iter().enumerate() {
            out.push('\n');
            if s.at > now {
                let secs = (s.at.as_millis() - now.as_millis()).div_ceil(1000);
                out.push_str(&format!("sleep {secs}\n"));
                now = s.at;
            }
            out.push_str(&format!("# steps[{i}] at {}", format_duration(s.at)));
            if !s.caption.is_empty() {
                out.push_str(&format!(": {}", comment_text(&s.caption)));
            }
            out.push('\n');
            if s.pause {
                out.push_str("read -r -p 'Press Enter to go on ' _\n");
            }
            match &s.action {
                Action::Apply(m) => push_apply(&mut out, m),
                Action::Step(spec) => out.push_str(&kubectl_line(&spec.step)),
                Action::Caption => {}
            }
        }
        out
    }
}

fn comment_text(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Single-quotes a shell word.
fn sh(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,".contains(c))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn push_apply(out: &mut String, m: &Manifest) {
    match &m.path {
        Some(p) => out.push_str(&format!("kubectl apply -f {}\n", sh(p))),
        None => out.push_str(&here_document(
            "kubectl apply -f -",
            m.text.trim_start_matches('\n'),
        )),
    }
}

/// `command <<'EOF'`, then `text` and the end line (`EOF`, or `EOF_`... when a line of
/// `text` is `EOF`): the shell hands `text` to the command's standard input as it is.
fn here_document(command: &str, text: &str) -> String {
    let mut end = String::from("EOF");
    while text.lines().any(|l| l == end) {
        end.push('_');
    }
    let mut out = format!("{command} <<'{end}'\n{text}");
    if !text.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&end);
    out.push('\n');
    out
}

/// The kubectl command for a step, or a comment when kubectl has none.
fn kubectl_line(step: &Step) -> String {
    let ns = |n: &str| {
        if n.is_empty() || n == "default" {
            String::new()
        } else {
            format!(" -n {}", sh(n))
        }
    };
    match step {
        Step::Input(Input::Node(op)) => match op {
            NodeOp::Add { template, name } => format!(
                "# simulation only: add a {} node{} (join one to the cluster)\n",
                template.name(),
                name.as_deref().map(|n| format!(" named {n}")).unwrap_or_default()
            ),
            NodeOp::Remove { name } => format!("kubectl delete node {}\n", sh(name)),
            NodeOp::Cordon { name } => format!("kubectl cordon {}\n", sh(name)),
            NodeOp::Uncordon { name } => format!("kubectl uncordon {}\n", sh(name)),
            NodeOp::SetReady { name, ready: false } => format!(
                "# simulation only: mark {name} NotReady (its kubelet reports Ready=False; e.g. stop its container runtime)\n"
            ),
            NodeOp::SetReady { name, ready: true } => {
                format!("# simulation only: mark {name} Ready again (restart its kubelet)\n")
            }
            NodeOp::Lose { name } => format!(
                "# simulation only: lose {name} (power off or cut its network, e.g. `docker stop {name}` with kind)\n"
            ),
            NodeOp::AddTaint {
                name,
                key,
                value,
                effect,
            } => {
                let kv = if value.is_empty() {
                    key.clone()
                } else {
                    format!("{key}={value}")
                };
                format!("kubectl taint nodes {} {}\n", sh(name), sh(&format!("{kv}:{effect}")))
            }
            NodeOp::RemoveTaint { name, key, effect } => {
                let spec = match effect {
                    Some(e) => format!("{key}:{e}-"),
                    None => format!("{key}-"),
                };
                format!("kubectl taint nodes {} {}\n", sh(name), sh(&spec))
            }
            NodeOp::SetLabel { name, key, value } => format!(
                "kubectl label nodes {} {} --overwrite\n",
                sh(name),
                sh(&format!("{key}={value}"))
            ),
            NodeOp::RemoveLabel { name, key } => {
                format!("kubectl label nodes {} {}\n", sh(name), sh(&format!("{key}-")))
            }
        },
        Step::UntaintKey { node, key } => {
            format!("kubectl taint nodes {} {}\n", sh(node), sh(&format!("{key}-")))
        }
        Step::Input(Input::Delete {
            kind,
            namespace,
            name,
        }) => format!(
            "kubectl delete {} {}{}\n",
            kind.singular(),
            sh(name),
            if *kind == ObjectKind::Node {
                String::new()
            } else {
                ns(namespace)
            }
        ),
        Step::Input(Input::Rollback {
            namespace,
            name,
            to_revision,
        }) => format!(
            "kubectl rollout undo daemonset {}{}{}\n",
            sh(name),
            ns(namespace),
            to_revision
                .map(|r| format!(" --to-revision={r}"))
                .unwrap_or_default()
        ),
        Step::Input(Input::FailPod { namespace, name }) => format!(
            "# simulation only: the containers of pod {name}{} fail (phase Failed)\n",
            if namespace.is_empty() || namespace == "default" {
                String::new()
            } else {
                format!(" in {namespace}")
            }
        ),
        Step::Wait(d) => format!("sleep {}\n", d.as_millis().div_ceil(1000)),
        Step::Kubectl { line, .. } => format!("kubectl {}\n", line.trim()),
        Step::Autopilot(config) => format!(
            "# simulation only: the churn autopilot ({}): nodes join, leave, go NotReady or lost, are cordoned and tainted; do these by hand\nsleep {}\n",
            config.to_text(),
            config.duration.map_or(0, |d| d.as_millis().div_ceil(1000))
        ),
        _ => "# simulation only: a step kubectl has no command for\n".to_string(),
    }
}

impl Reader<'_> {
    fn cluster(
        &mut self,
        value: Option<&Value>,
        source: &str,
        read: &mut ReadFile<'_>,
        nodes: &mut NodeTracker,
    ) -> StartCluster {
        let mut cluster = StartCluster::default();
        let Some(value) = value else {
            return cluster;
        };
        let list = match value {
            Value::String(s) if s == "default" => {
                cluster.default = true;
                for n in DEFAULT_NODES {
                    nodes.add(n);
                }
                return cluster;
            }
            Value::String(s) if s == "empty" => return cluster,
            Value::String(s) => {
                self.invalid(
                    "cluster",
                    format!("{s:?}: expected default, empty, or {{nodes: [...]}}"),
                );
                return cluster;
            }
            Value::Object(m) => {
                self.known_fields(m, "cluster", &["default", "nodes"]);
                if let Some(d) = m.get("default") {
                    match d.as_bool() {
                        Some(b) => cluster.default = b,
                        None => self.wrong_type("cluster.default", "true or false", d),
                    }
                }
                if cluster.default {
                    for n in DEFAULT_NODES {
                        nodes.add(n);
                    }
                }
                match m.get("nodes") {
                    None => return cluster,
                    Some(Value::Array(a)) => a.clone(),
                    Some(other) => {
                        self.wrong_type("cluster.nodes", "a list", other);
                        return cluster;
                    }
                }
            }
            other => {
                self.wrong_type("cluster", "default, empty, or a mapping", other);
                return cluster;
            }
        };
        // The default cluster and the template nodes so far, to add each template node to as
        // the run will: a name the API server refuses, or one already taken, is an error here
        // (the run would otherwise go on without the node). Nodes from manifests are checked
        // when they are applied, as any manifest.
        let mut start: Option<Simulation> = None;
        for (i, entry) in list.iter().enumerate() {
            let path = load::index_path("cluster.nodes", i);
            let Some(m) = entry.as_object() else {
                self.wrong_type(&path, "a mapping (template:, apply: or file:)", entry);
                continue;
            };
            self.known_fields(m, &path, &["template", "name", "apply", "file"]);
            let forms = ["template", "apply", "file"]
                .iter()
                .filter(|k| m.contains_key(**k))
                .count();
            if forms != 1 {
                self.invalid(&path, "give exactly one of template:, apply: or file:");
                continue;
            }
            if let Some(t) = m.get("template") {
                let tp = load::child_path(&path, "template");
                let Some(t) = self.string(Some(t), &tp) else {
                    continue;
                };
                let template = match NodeTemplate::parse(&t) {
                    Ok(t) => t,
                    Err(e) => {
                        self.error(ErrorKind::Field(ErrorType::NotSupported), &tp, e);
                        continue;
                    }
                };
                let name_path = load::child_path(&path, "name");
                let name = self.string(m.get("name"), &name_path);
                let sim = start.get_or_insert_with(|| {
                    if cluster.default {
                        Simulation::with_default_cluster(0)
                    } else {
                        Simulation::new(0)
                    }
                });
                if let Err(e) = sim.node_op(NodeOp::Add {
                    name: name.clone(),
                    template,
                }) {
                    let at = if name.is_some() { &name_path } else { &path };
                    self.invalid(at, e);
                    continue;
                }
                nodes.add_template(template, name.as_deref());
                cluster.nodes.push(StartNode::Template { template, name });
            } else if let Some(man) = self.manifest(m, &path, source, read) {
                nodes.add_manifest_nodes(&man);
                cluster.nodes.push(StartNode::Apply(man));
            }
        }
        cluster
    }

    fn steps(
        &mut self,
        value: Option<&Value>,
        source: &str,
        read: &mut ReadFile<'_>,
        nodes: &mut NodeTracker,
    ) -> Vec<ScenarioStep> {
        let list = match value {
            None => {
                self.required("steps");
                return Vec::new();
            }
            Some(Value::Array(a)) => a.clone(),
            Some(other) => {
                self.wrong_type("steps", "a list", other);
                return Vec::new();
            }
        };
        let mut steps = Vec::with_capacity(list.len());
        let mut previous: Option<(usize, SimDuration)> = None;
        // The last autopilot step and when it ends.
        let mut busy: Option<(usize, SimDuration)> = None;
        for (i, entry) in list.iter().enumerate() {
            let path = load::index_path("steps", i);
            let Some(m) = entry.as_object() else {
                self.wrong_type(&path, "a mapping (at: and apply:, file: or step:)", entry);
                continue;
            };
            self.known_fields(
                m,
                &path,
                &[
                    "at",
                    "apply",
                    "file",
                    "step",
                    "autopilot",
                    "caption",
                    "pause",
                ],
            );
            let at_path = load::child_path(&path, "at");
            let at = match m.get("at") {
                None => {
                    self.required(&at_path);
                    continue;
                }
                Some(v) => {
                    // `at: 30` is a duration without its unit.
                    let t = match v {
                        Value::Number(n) => n.to_string(),
                        _ => match self.string(Some(v), &at_path) {
                            Some(t) => t,
                            None => continue,
                        },
                    };
                    match parse_duration(&t) {
                        Ok(d) => d,
                        Err(e) => {
                            self.invalid(&at_path, e);
                            continue;
                        }
                    }
                }
            };
            // What the step may not come before: the previous step, the end of an autopilot.
            let earliest = [
                previous.map(|(j, t)| {
                    (
                        t,
                        format!("steps[{j}].at ({})", format_duration(t)),
                        "steps run in time order",
                    )
                }),
                busy.map(|(j, t)| {
                    (
                        t,
                        format!("the end of steps[{j}]'s autopilot ({})", format_duration(t)),
                        "a step runs after it",
                    )
                }),
            ];
            for (until, what, why) in earliest.into_iter().flatten() {
                if at < until {
                    self.invalid(
                        &at_path,
                        format!("{} is before {what}: {why}", format_duration(at)),
                    );
                }
            }
            previous = Some((i, at));
            let caption = self
                .string(m.get("caption"), &load::child_path(&path, "caption"))
                .unwrap_or_default();
            let pause = match m.get("pause") {
                None => false,
                Some(v) => v.as_bool().unwrap_or_else(|| {
                    self.wrong_type(&load::child_path(&path, "pause"), "true or false", v);
                    false
                }),
            };
            let forms = ["apply", "file", "step", "autopilot"]
                .iter()
                .filter(|k| m.contains_key(**k))
                .count();
            if forms > 1 {
                self.invalid(
                    &path,
                    "give at most one of apply:, file:, step: or autopilot:",
                );
                continue;
            }
            let location = self.at(&path);
            let action = if forms == 0 {
                if caption.is_empty() && !pause {
                    self.invalid(
                        &path,
                        "give one of apply:, file:, step: or autopilot: (or a caption:)",
                    );
                    continue;
                }
                Action::Caption
            } else if let Some(v) = m.get("autopilot") {
                let ap = load::child_path(&path, "autopilot");
                let Some(config) = self.autopilot(v, &ap) else {
                    continue;
                };
                Action::Step(StepSpec {
                    text: format!("autopilot:{}", config.to_text()),
                    step: Step::Autopilot(config),
                })
            } else if let Some(v) = m.get("step") {
                let sp = load::child_path(&path, "step");
                let Some(text) = self.string(Some(v), &sp) else {
                    continue;
                };
                let spec = match StepSpec::parse(&text, "default") {
                    Ok(s) => s,
                    Err(e) => {
                        self.invalid(&sp, e);
                        continue;
                    }
                };
                match &spec.step {
                    Step::DefaultCluster | Step::Link(_) | Step::Apply(Source::Stdin) => {
                        self.invalid(
                            &sp,
                            format!(
                                "{}: not a scenario step (write cluster: default, or apply:/file:)",
                                spec.shown()
                            ),
                        );
                        continue;
                    }
                    Step::Apply(Source::File(f)) => {
                        let mut fm = serde_json::Map::new();
                        fm.insert("file".into(), Value::String(f.clone()));
                        let Some(man) = self.manifest(&fm, &sp, source, read) else {
                            continue;
                        };
                        nodes.add_manifest_nodes(&man);
                        Action::Apply(man)
                    }
                    Step::Autopilot(_) => Action::Step(spec),
                    step => {
                        if let Some((name, removes)) = node_named(step) {
                            if let Some(why) = nodes.missing(name, at) {
                                self.error(ErrorKind::Field(ErrorType::NotFound), &sp, why);
                                continue;
                            }
                            if removes {
                                let by = format!(
                                    "steps[{i}] ({} at {})",
                                    spec.shown(),
                                    format_duration(at)
                                );
                                nodes.remove(name, by);
                            }
                        }
                        if let Step::Input(Input::Node(NodeOp::Add { template, name })) = step {
                            nodes.add_template(*template, name.as_deref());
                        }
                        Action::Step(spec)
                    }
                }
            } else {
                let Some(man) = self.manifest(m, &path, source, read) else {
                    continue;
                };
                nodes.add_manifest_nodes(&man);
                Action::Apply(man)
            };
            if let Action::Step(StepSpec {
                step: Step::Autopilot(config),
                ..
            }) = &action
            {
                // Which nodes exist after it is known only as it runs.
                nodes.churned = true;
                let d = config.duration.map_or(0, |d| d.as_millis());
                busy = Some((
                    i,
                    SimDuration::from_millis(at.as_millis().saturating_add(d)),
                ));
            }
            steps.push(ScenarioStep {
                at,
                action,
                caption,
                pause,
                location,
            });
        }
        steps
    }

    fn expect(&mut self, value: &Value) -> Option<Expect> {
        Check::read(self, value, "expect")
    }

    /// A step's `autopilot:` mapping (the keys of [`crate::autopilot::KEYS`]; `for` is
    /// required), each bad value located at its key.
    fn autopilot(&mut self, value: &Value, path: &str) -> Option<crate::autopilot::Config> {
        let Some(m) = value.as_object() else {
            self.wrong_type(
                path,
                "a mapping (rate:, for:, min:, max:, mix:, templates:, back:, seed:)",
                value,
            );
            return None;
        };
        self.known_fields(m, path, &crate::autopilot::KEYS);
        let before = self.errors.len();
        let mut config = crate::autopilot::Config::default();
        for (key, v) in m {
            let p = load::child_path(path, key);
            match (key.as_str(), v) {
                ("mix", Value::Object(mix)) => {
                    config.mix = [0; 6];
                    for (op, w) in mix {
                        let wp = load::child_path(&p, op);
                        let Some(w) = self.scalar(w, &wp, "a whole number") else {
                            continue;
                        };
                        if let Err(e) = config.set_weight(op, &w) {
                            self.invalid(&wp, e);
                        }
                    }
                }
                ("mix", other) => self.wrong_type(&p, "a mapping of operation: weight", other),
                ("templates", Value::Array(list)) => {
                    config.templates.clear();
                    for (j, t) in list.iter().enumerate() {
                        let tp = load::index_path(&p, j);
                        let Some(t) = self.string(Some(t), &tp) else {
                            continue;
                        };
                        if let Err(e) = config.add_template(&t) {
                            self.error(ErrorKind::Field(ErrorType::NotSupported), &tp, e);
                        }
                    }
                }
                ("templates", other) => self.wrong_type(&p, "a list of node templates", other),
                (k, v) if crate::autopilot::KEYS.contains(&k) => {
                    let Some(text) = self.scalar(v, &p, "a number or a duration") else {
                        continue;
                    };
                    if let Err(e) = config.set(k, &text) {
                        self.invalid(&p, e);
                    }
                }
                _ => {}
            }
        }
        if config.duration.is_none() {
            self.required(&load::child_path(path, "for"));
        }
        if self.errors.len() > before {
            return None;
        }
        if let Err(e) = config.check() {
            self.invalid(path, e);
            return None;
        }
        Some(config)
    }

    /// A number or a string as text (`for: 30` is a duration without its unit).
    fn scalar(&mut self, value: &Value, path: &str, want: &str) -> Option<String> {
        match value {
            Value::Number(n) => Some(n.to_string()),
            Value::String(s) => Some(s.clone()),
            other => {
                self.wrong_type(path, want, other);
                None
            }
        }
    }

    /// `compare:`: two variants, each a name (a DNS label, unique), an optional title, its
    /// manifests (`apply:` or `file:`, no Nodes: the sides share the scenario's nodes) and
    /// an optional `expect:`.
    fn compare(
        &mut self,
        value: Option<&Value>,
        source: &str,
        read: &mut ReadFile<'_>,
    ) -> Vec<Variant> {
        const WHAT: &str = "a mapping (name: and apply: or file:)";
        let Some(value) = value else {
            return Vec::new();
        };
        let Some(list) = value.as_array() else {
            self.wrong_type("compare", "a list of two variants", value);
            return Vec::new();
        };
        if list.len() != 2 {
            self.invalid(
                "compare",
                format!("give two variants to play side by side, got {}", list.len()),
            );
        }
        let mut variants = Vec::with_capacity(list.len());
        let mut names: BTreeMap<String, usize> = BTreeMap::new();
        for (i, entry) in list.iter().enumerate() {
            let path = load::index_path("compare", i);
            let Some(m) = entry.as_object() else {
                self.wrong_type(&path, WHAT, entry);
                continue;
            };
            self.known_fields(m, &path, &["name", "title", "apply", "file", "expect"]);
            let np = load::child_path(&path, "name");
            let name = match m.get("name") {
                None => {
                    self.required(&np);
                    None
                }
                Some(v) => self.string(Some(v), &np),
            };
            if let Some(n) = &name {
                for e in load::names::is_dns1123_label(n) {
                    self.invalid(&np, format!("{n:?}: {e}"));
                }
                if let Some(j) = names.insert(n.clone(), i) {
                    self.error(
                        ErrorKind::Field(ErrorType::Duplicate),
                        &np,
                        format!("Duplicate value: {n:?} (compare[{j}].name)"),
                    );
                }
            }
            let title = self
                .string(m.get("title"), &load::child_path(&path, "title"))
                .unwrap_or_default();
            let expect = m
                .get("expect")
                .and_then(|e| Check::read(self, e, &load::child_path(&path, "expect")));
            let forms = ["apply", "file"]
                .iter()
                .filter(|k| m.contains_key(**k))
                .count();
            if forms != 1 {
                self.invalid(
                    &path,
                    "give exactly one of apply: or file: (the variant's manifests)",
                );
                continue;
            }
            let Some(manifest) = self.manifest(m, &path, source, read) else {
                continue;
            };
            let key = if m.contains_key("apply") {
                "apply"
            } else {
                "file"
            };
            for o in load::load(&manifest.file, &manifest.text).objects {
                if let ApiObject::Node(n) = &o.object {
                    let node = n.metadata.name.as_deref().unwrap_or_default();
                    self.invalid(
                        &load::child_path(&path, key),
                        format!(
                            "Node {node:?}: the variants share the scenario's nodes (put Nodes in cluster.nodes)"
                        ),
                    );
                }
            }
            let Some(name) = name else {
                continue;
            };
            variants.push(Variant {
                name,
                title,
                manifest,
                expect,
                location: self.at(&path),
            });
        }
        variants
    }
}

/// What one step did.
#[derive(Debug)]
pub struct StepOutcome {
    /// The step's index.
    pub index: usize,
    /// The apply report (empty for other steps), or the refusal.
    pub result: Result<ApplyReport, SimError>,
    /// What an autopilot step did.
    pub autopilot: Option<crate::autopilot::Summary>,
}

/// Where a simulation is in a scenario: the next step to run and the simulated time the
/// scenario started at. The page keeps one next to its own simulation; [`ScenarioRun`] is a
/// simulation with its cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// The next step to run.
    pub next: usize,
    /// When the scenario started.
    pub start: SimTime,
}

impl Cursor {
    /// The time of the scenario (since its start) on `sim`.
    pub fn elapsed(&self, sim: &Simulation) -> SimDuration {
        sim.now().since(self.start)
    }

    /// Whether the player stands before a `pause: true` step that is due: it waits for the
    /// presenter (time does not run on until a call with `through_pause`).
    pub fn waiting(&self, sim: &Simulation, scenario: &Scenario) -> bool {
        scenario
            .steps
            .get(self.next)
            .is_some_and(|s| s.pause && s.at <= self.elapsed(sim))
    }

    /// Lets simulated time run up to `until` (since the start), running each step that falls
    /// due at its time; stops before a step with `pause: true` unless `through_pause`
    /// (the presenter pressed play or next: the first pause is passed). Returns what the
    /// steps did.
    pub fn advance_to(
        &mut self,
        sim: &mut Simulation,
        scenario: &Scenario,
        until: SimDuration,
        through_pause: bool,
    ) -> Vec<StepOutcome> {
        let mut out = Vec::new();
        let mut may_pass_pause = through_pause;
        while let Some(step) = scenario.steps.get(self.next) {
            if step.at > until {
                break;
            }
            if step.pause && !may_pass_pause {
                self.advance_sim_to(sim, step.at);
                return out;
            }
            may_pass_pause = false;
            self.advance_sim_to(sim, step.at);
            let index = self.next;
            self.next += 1;
            let (result, autopilot) = run_action(sim, &step.action);
            out.push(StepOutcome {
                index,
                result,
                autopilot,
            });
        }
        self.advance_sim_to(sim, until);
        out
    }

    fn advance_sim_to(&self, sim: &mut Simulation, at: SimDuration) {
        let now = self.elapsed(sim);
        if at > now {
            let _ = sim.step(Input::Advance(SimDuration::from_millis(
                at.as_millis() - now.as_millis(),
            )));
        }
    }
}

/// A scenario being played on a simulation: the page advances it as its clock runs, the CLI
/// all at once ([`ScenarioRun::run_to_end`]). The same scenario gives the same cluster either
/// way (the steps are inputs at their times; the time between is `Advance`).
#[derive(Debug)]
pub struct ScenarioRun {
    /// The simulation.
    pub sim: Simulation,
    /// The next step to run.
    pub next: usize,
    start: SimTime,
}

impl ScenarioRun {
    /// The scenario's starting cluster (its seed, the default cluster and `cluster.nodes`),
    /// with what applying its node manifests reported.
    pub fn start(scenario: &Scenario) -> (ScenarioRun, Vec<ApplyReport>) {
        let mut sim = if scenario.cluster.default {
            Simulation::with_default_cluster(scenario.seed)
        } else {
            Simulation::new(scenario.seed)
        };
        let mut reports = Vec::new();
        for n in &scenario.cluster.nodes {
            match n {
                StartNode::Template { template, name } => {
                    let _ = sim.node_op(NodeOp::Add {
                        name: name.clone(),
                        template: *template,
                    });
                }
                StartNode::Apply(m) => reports.push(sim.apply(&m.file, &m.text)),
            }
        }
        let start = sim.now();
        (
            ScenarioRun {
                sim,
                next: 0,
                start,
            },
            reports,
        )
    }

    /// The scenario played from its start through its first `count` steps, each at its time
    /// (pauses do not wait): where the player is after step `count - 1` (at its time), or at
    /// the start for 0. The page goes back a step, or to a mark on its timeline, with it.
    pub fn played_through(scenario: &Scenario, count: usize) -> ScenarioRun {
        let (mut run, _) = ScenarioRun::start(scenario);
        let count = count.min(scenario.steps.len());
        while run.next < count {
            let at = scenario.steps[run.next].at;
            run.advance_to(scenario, at, true);
        }
        run
    }

    /// Where the run is in the scenario.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            next: self.next,
            start: self.start,
        }
    }

    /// The time of the scenario (since its start).
    pub fn elapsed(&self) -> SimDuration {
        self.cursor().elapsed(&self.sim)
    }

    /// [`Cursor::advance_to`] on this run's simulation.
    pub fn advance_to(
        &mut self,
        scenario: &Scenario,
        until: SimDuration,
        through_pause: bool,
    ) -> Vec<StepOutcome> {
        let mut cursor = self.cursor();
        let out = cursor.advance_to(&mut self.sim, scenario, until, through_pause);
        self.next = cursor.next;
        out
    }

    /// Plays every step at its time (pauses do not wait), then lets the cluster settle
    /// (at most `settle_limit` of simulated time). Returns the outcomes and whether it settled.
    pub fn run_to_end(
        scenario: &Scenario,
        settle_limit: SimDuration,
    ) -> (ScenarioRun, Vec<ApplyReport>, Vec<StepOutcome>, bool) {
        let (mut run, reports) = ScenarioRun::start(scenario);
        let mut outcomes = Vec::new();
        while run.next < scenario.steps.len() {
            let at = scenario.steps[run.next].at;
            outcomes.extend(run.advance_to(scenario, at, true));
        }
        let settled = run.sim.settle(settle_limit);
        (run, reports, outcomes, settled)
    }
}

/// A side-by-side scenario (`compare:`) played in lockstep: one run per cluster
/// ([`Scenario::clusters`]), every step run on every side at the same simulated time, and
/// the same pauses. The page's side-by-side panel plays one as its clock runs; a plain
/// scenario is one side.
#[derive(Debug)]
pub struct Lockstep {
    /// Each side: the plain scenario it plays and its run.
    pub sides: Vec<(Scenario, ScenarioRun)>,
}

impl Lockstep {
    /// Every side at the scenario's start.
    pub fn start(scenario: &Scenario) -> Lockstep {
        Lockstep::played_through(scenario, 0)
    }

    /// Every side played through the first `count` steps ([`ScenarioRun::played_through`]).
    pub fn played_through(scenario: &Scenario, count: usize) -> Lockstep {
        Lockstep {
            sides: scenario
                .clusters()
                .into_iter()
                .map(|s| {
                    let run = ScenarioRun::played_through(&s, count);
                    (s, run)
                })
                .collect(),
        }
    }

    /// [`ScenarioRun::advance_to`] on every side: what the steps did, side by side.
    pub fn advance_to(&mut self, until: SimDuration, through_pause: bool) -> Vec<Vec<StepOutcome>> {
        self.sides
            .iter_mut()
            .map(|(s, run)| run.advance_to(s, until, through_pause))
            .collect()
    }

    /// Runs the next step now (simulated time jumps to its `at`), passing its pause.
    pub fn next_step(&mut self) -> Vec<Vec<StepOutcome>> {
        let Some((s, run)) = self.sides.first() else {
            return Vec::new();
        };
        match s.steps.get(run.next) {
            Some(step) => {
                let at = step.at.max(run.elapsed());
                self.advance_to(at, true)
            }
            None => Vec::new(),
        }
    }

    /// The next step to run (the same on every side).
    pub fn next(&self) -> usize {
        self.sides.first().map_or(0, |(_, run)| run.next)
    }

    /// The time of the scenario since its start (the same on every side).
    pub fn elapsed(&self) -> SimDuration {
        self.sides
            .first()
            .map_or(SimDuration::from_millis(0), |(_, run)| run.elapsed())
    }

    /// Whether the sides stand before a due `pause: true` step ([`Cursor::waiting`]).
    pub fn waiting(&self) -> bool {
        self.sides
            .first()
            .is_some_and(|(s, run)| run.cursor().waiting(&run.sim, s))
    }

    /// Every step ran.
    pub fn ended(&self) -> bool {
        self.sides
            .first()
            .is_none_or(|(s, run)| run.next >= s.steps.len())
    }
}

impl Action {
    /// The input that carries out this action (`None`: a caption, or a step that is no input).
    /// The page dispatches it; [`ScenarioRun`] and a lesson's solution step with it.
    pub fn input(&self) -> Option<Input> {
        Some(match self {
            Action::Apply(m) => Input::Apply {
                file: m.file.clone(),
                text: m.text.clone(),
            },
            Action::Step(spec) => match &spec.step {
                Step::Input(i) => i.clone(),
                Step::UntaintKey { node, key } => Input::Node(NodeOp::RemoveTaint {
                    name: node.clone(),
                    key: key.clone(),
                    effect: None,
                }),
                Step::Wait(d) => Input::Advance(*d),
                _ => return None,
            },
            Action::Caption => return None,
        })
    }
}

/// Carries out one step's action; an autopilot step says what it did.
pub(crate) fn run_action(
    sim: &mut Simulation,
    action: &Action,
) -> (
    Result<ApplyReport, SimError>,
    Option<crate::autopilot::Summary>,
) {
    if let Action::Step(spec) = action {
        match &spec.step {
            // A kubectl command is carried out as the console carries it out (it may give
            // several inputs, or none).
            Step::Kubectl { command, .. } => return (run_kubectl(sim, command), None),
            Step::Autopilot(config) => {
                let (summary, refused) = crate::autopilot::run_for(sim, config);
                let result = match refused.into_iter().next() {
                    Some(e) => Err(e),
                    None => Ok(ApplyReport::default()),
                };
                return (result, Some(summary));
            }
            _ => {}
        }
    }
    let result = match action.input() {
        Some(input) => sim.step(input),
        None => Ok(ApplyReport::default()),
    };
    (result, None)
}

/// Carries out a `kubectl:` step as the console does.
#[cfg(feature = "kubectl-exec")]
fn run_kubectl(
    sim: &mut Simulation,
    command: &crate::kubectl::Command,
) -> Result<ApplyReport, SimError> {
    let out = crate::kubectl::execute(sim, command, &crate::kubectl::Files::new());
    if out.exit_code == 0 {
        Ok(ApplyReport::default())
    } else {
        Err(SimError::Kubectl(out.stderr()))
    }
}

/// Without the `kubectl-exec` feature (the page, for now) a `kubectl:` step is refused and
/// changes nothing.
#[cfg(not(feature = "kubectl-exec"))]
fn run_kubectl(
    _sim: &mut Simulation,
    _command: &crate::kubectl::Command,
) -> Result<ApplyReport, SimError> {
    Err(SimError::Kubectl(
        "error: kubectl: steps are not carried out in this page yet; run the scenario with dsplay simulate".to_string(),
    ))
}

/// A scenario file recorded from a run's inputs (what the page's user did): the seed, the
/// cluster (`default` when the run started from it) and each input at its time. Applies
/// become inline manifests; time advances become the steps' `at`.
pub fn record(seed: u64, default_cluster: bool, inputs: &[(SimTime, Input)]) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "apiVersion: {SCENARIO_API_VERSION}\nkind: {SCENARIO_KIND}\nmetadata:\n  name: recorded\ntitle: Recorded in the playground\nseed: {seed}\n"
    ));
    out.push_str(if default_cluster {
        "cluster: default\n"
    } else {
        "cluster: empty\n"
    });
    out.push_str("steps:\n");
    let mut skip_default = if default_cluster {
        DEFAULT_NODES.len()
    } else {
        0
    };
    let mut any = false;
    for (at, input) in inputs {
        if skip_default > 0 && matches!(input, Input::Node(NodeOp::Add { .. })) {
            skip_default -= 1;
            continue;
        }
        skip_default = 0;
        let at = format_duration(SimDuration::from_millis(at.as_millis()));
        let line = match input {
            Input::Advance(_) => continue,
            Input::Apply { text, .. } => {
                let mut s = format!("- at: {at}\n  apply: |\n");
                for l in text.lines() {
                    if l.is_empty() {
                        s.push('\n');
                    } else {
                        s.push_str(&format!("    {l}\n"));
                    }
                }
                s
            }
            other => match step_text(other) {
                Some(t) => format!("- at: {at}\n  step: {}\n", yaml_string(&t)),
                None => continue,
            },
        };
        any = true;
        out.push_str(&line);
    }
    if !any {
        out.push_str("- at: 0s\n  step: wait:0s\n");
    }
    out
}

/// [`record`] of a whole run: its seed and inputs, `cluster: default` when they start with
/// the default cluster's nodes (as the page's runs do).
pub fn record_run(sim: &Simulation) -> String {
    let inputs = sim.inputs();
    let default = Simulation::with_default_cluster(sim.seed());
    let defaults = default.inputs();
    let starts_default = inputs.len() >= defaults.len()
        && inputs.iter().zip(defaults).all(|((_, a), (_, b))| a == b);
    record(sim.seed(), starts_default, inputs)
}

/// The shell command that runs a scenario text with the CLI, the text inline:
/// `dsplay simulate - <<'EOF'` … `EOF` (a recorded run, copied from the page).
pub fn simulate_command(scenario_text: &str) -> String {
    here_document("dsplay simulate -", scenario_text)
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The CLI step for an input, when there is one.
pub fn step_text(input: &Input) -> Option<String> {
    Some(match input {
        Input::Node(op) => match op {
            NodeOp::Add { template, name } => match name {
                Some(n) => format!("add-node:{}:{n}", template.name()),
                None => format!("add-node:{}", template.name()),
            },
            NodeOp::Remove { name } => format!("remove-node:{name}"),
            NodeOp::Cordon { name } => format!("cordon:{name}"),
            NodeOp::Uncordon { name } => format!("uncordon:{name}"),
            NodeOp::SetReady { name, ready: true } => format!("ready:{name}"),
            NodeOp::SetReady { name, ready: false } => format!("notready:{name}"),
            NodeOp::Lose { name } => format!("lose:{name}"),
            NodeOp::AddTaint {
                name,
                key,
                value,
                effect,
            } => {
                if value.is_empty() {
                    format!("taint:{name}:{key}:{effect}")
                } else {
                    format!("taint:{name}:{key}={value}:{effect}")
                }
            }
            NodeOp::RemoveTaint { name, key, effect } => match effect {
                Some(e) => format!("untaint:{name}:{key}:{e}"),
                None => format!("untaint:{name}:{key}"),
            },
            NodeOp::SetLabel { name, key, value } => format!("label:{name}:{key}={value}"),
            NodeOp::RemoveLabel { name, key } => format!("unlabel:{name}:{key}"),
        },
        Input::Delete {
            kind,
            namespace,
            name,
        } => {
            let k = match kind {
                ObjectKind::Node => "node",
                ObjectKind::DaemonSet => "ds",
                _ => "pod",
            };
            if *kind == ObjectKind::Node || namespace.is_empty() {
                format!("delete:{k}/{name}")
            } else {
                format!("delete:{k}/{namespace}/{name}")
            }
        }
        Input::FailPod { namespace, name } => {
            format!("fail:pod/{}/{name}", ns_or_default(namespace))
        }
        Input::Rollback {
            namespace,
            name,
            to_revision,
        } => match to_revision {
            Some(r) => format!("undo:ds/{}/{name}:{r}", ns_or_default(namespace)),
            None => format!("undo:ds/{}/{name}", ns_or_default(namespace)),
        },
        _ => return None,
    })
}

fn ns_or_default(ns: &str) -> &str {
    if ns.is_empty() {
        "default"
    } else {
        ns
    }
}

impl FromStr for Scenario {
    type Err = Vec<LocatedError>;
    /// Parses a scenario with no files next to it, named `scenario.yaml` in messages.
    fn from_str(text: &str) -> Result<Scenario, Self::Err> {
        Scenario::parse("scenario.yaml", text, &mut |name: &str| {
            Err(format!("no file {name:?} next to an inline scenario"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = "kind: Scenario
seed: 3
cluster: default
steps:
- at: 0s
  caption: An agent.
  apply: |
    apiVersion: apps/v1
    kind: DaemonSet
    metadata:
      name: agent
    spec:
      selector:
        matchLabels: {app: agent}
      template:
        metadata:
          labels: {app: agent}
        spec:
          containers:
          - name: agent
            image: agent:1
- at: 30s
  step: add-node:worker
- at: 1m
  step: lose:worker-4
  pause: true
- at: 2m
  step: ready:worker-4
expect:
  pods:
    worker-4: {agent: 1}
  daemonSets:
    agent: {desiredNumberScheduled: 4, numberReady: 4}
";

    /// The names a scenario's template nodes get (checked when the file is read, kept from one
    /// search to the next) are the simulation's: a removed node's number is taken again by
    /// the next node added, and a step naming a node sees the names the simulation gives.
    #[test]
    fn template_node_names_follow_removals_as_the_simulation_gives_them() {
        let text = "kind: Scenario
cluster:
  nodes:
  - {template: worker}
  - {template: worker}
  - {template: worker}
  - {template: small}
steps:
- at: 1s
  step: remove-node:worker-2
- at: 2s
  step: add-node:worker
- at: 3s
  step: cordon:worker-2
- at: 4s
  step: add-node:worker
- at: 5s
  step: cordon:worker-4
- at: 6s
  step: cordon:small-worker-1
";
        let s = Scenario::from_str(text).unwrap();
        let (run, _, outcomes, _) = ScenarioRun::run_to_end(&s, SimDuration::from_secs(60));
        assert!(outcomes.iter().all(|o| o.result.is_ok()));
        let names: Vec<String> = run
            .sim
            .view()
            .nodes
            .iter()
            .map(|n| n.name.to_string())
            .collect();
        assert_eq!(
            names,
            [
                "small-worker-1",
                "worker-1",
                "worker-2",
                "worker-3",
                "worker-4"
            ]
        );
        // A step naming the number the removal freed, before a node takes it again.
        let early = text.replace(
            "at: 3s\n  step: cordon:worker-2",
            "at: 1s\n  step: cordon:worker-2",
        );
        let early = early.replace("- at: 2s\n  step: add-node:worker\n", "");
        let errors = Scenario::from_str(&early).unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("node \"worker-2\" will not exist")),
            "{errors:?}"
        );
    }

    #[test]
    fn parses_and_plays_to_its_expect() {
        let s: Scenario = Scenario::from_str(SCENARIO).unwrap();
        assert_eq!(s.seed, 3);
        assert!(s.cluster.default);
        assert_eq!(
            s.marks(),
            [0, 30, 60, 120].map(SimDuration::from_secs).to_vec()
        );
        assert!(s.steps[2].pause);
        let (run, _, outcomes, settled) = ScenarioRun::run_to_end(&s, SimDuration::from_secs(3600));
        assert!(settled);
        assert_eq!(outcomes.len(), 4);
        assert!(outcomes.iter().all(|o| o.result.is_ok()));
        assert_eq!(
            s.expect.as_ref().unwrap().check(&run.sim),
            Vec::<String>::new()
        );
    }

    #[test]
    fn manifests_are_files_named_after_the_scenario_and_their_place() {
        let s = Scenario::parse("web/05-demo.yaml", SCENARIO, &mut |_: &str| {
            Err(String::new())
        })
        .unwrap();
        let files = s.manifest_files();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["05-demo-steps-0.yaml"]);
        assert!(files[0]
            .1
            .starts_with("apiVersion: apps/v1\nkind: DaemonSet\n"));
        // The file applies as the step does.
        let mut sim = Simulation::with_default_cluster(1);
        let report = sim.apply(&files[0].0, &files[0].1);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert!(sim.daemon_set_object("default", "agent").is_some());

        // Node manifests in cluster.nodes, and a file: step keeps its own name.
        let text = "kind: Scenario\ncluster:\n  nodes:\n  - template: worker\n  - apply: |\n      apiVersion: v1\n      kind: Node\n      metadata: {name: n1}\nsteps:\n- at: 0s\n  file: agent.yaml\n";
        let s = Scenario::parse("x.yml", text, &mut |_: &str| {
            Ok("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\n".to_string())
        })
        .unwrap();
        let names: Vec<String> = s.manifest_files().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["x-nodes-1.yaml", "agent.yaml"]);
    }

    #[test]
    fn inline_manifests_keep_the_scenario_line_numbers() {
        let s: Scenario =
            Scenario::from_str(&SCENARIO.replace("image: agent:1", "image: \"\"")).unwrap();
        let (run, _, outcomes, _) = ScenarioRun::run_to_end(&s, SimDuration::from_secs(60));
        let report = outcomes[0].result.as_ref().unwrap();
        let e = &report.errors[0];
        assert_eq!(
            (e.location.file.as_str(), e.location.line),
            ("scenario.yaml", 21)
        );
        assert!(run.sim.view().daemon_sets.is_empty());
    }

    #[test]
    fn a_paused_step_waits_for_the_presenter() {
        let s: Scenario = Scenario::from_str(SCENARIO).unwrap();
        let (mut run, _) = ScenarioRun::start(&s);
        let done = run.advance_to(&s, SimDuration::from_secs(90), false);
        assert_eq!(done.len(), 2);
        assert_eq!(run.next, 2);
        assert_eq!(run.elapsed(), SimDuration::from_secs(60));
        let done = run.advance_to(&s, SimDuration::from_secs(90), true);
        assert_eq!(done.len(), 1);
        assert_eq!(run.elapsed(), SimDuration::from_secs(90));
    }

    #[test]
    fn a_cursor_waits_at_a_pause_and_goes_back_by_replay() {
        let s: Scenario = Scenario::from_str(SCENARIO).unwrap();
        let (run, _) = ScenarioRun::start(&s);
        let mut cursor = run.cursor();
        let mut sim = run.sim;
        assert!(!cursor.waiting(&sim, &s));
        cursor.advance_to(&mut sim, &s, SimDuration::from_secs(75), false);
        assert_eq!(cursor.next, 2);
        assert!(cursor.waiting(&sim, &s));
        assert_eq!(cursor.elapsed(&sim), SimDuration::from_secs(60));
        // Time does not run on while the player waits.
        cursor.advance_to(&mut sim, &s, SimDuration::from_secs(90), false);
        assert_eq!(cursor.elapsed(&sim), SimDuration::from_secs(60));
        cursor.advance_to(&mut sim, &s, SimDuration::from_secs(90), true);
        assert_eq!((cursor.next, cursor.waiting(&sim, &s)), (3, false));
        // Back to just after steps[1] ran: the same cluster as playing there.
        let back = ScenarioRun::played_through(&s, 2);
        assert_eq!(back.next, 2);
        assert_eq!(back.elapsed(), SimDuration::from_secs(30));
        let (mut there, _) = ScenarioRun::start(&s);
        there.advance_to(&s, SimDuration::from_secs(30), true);
        assert_eq!(
            serde_json::to_string(&back.sim.view()).unwrap(),
            serde_json::to_string(&there.sim.view()).unwrap()
        );
        assert_eq!(ScenarioRun::played_through(&s, 99).next, 4);
    }

    #[test]
    fn a_page_run_records_with_its_cluster_and_runs_as_a_command() {
        let mut sim = Simulation::with_default_cluster(4);
        sim.advance(SimDuration::from_secs(5));
        sim.node_op(NodeOp::Cordon {
            name: "worker-2".into(),
        })
        .unwrap();
        let text = record_run(&sim);
        assert!(
            text.contains(
                "seed: 4\ncluster: default\nsteps:\n- at: 5s\n  step: \"cordon:worker-2\"\n"
            ),
            "{text}"
        );
        let empty = record_run(&Simulation::new(5));
        assert!(empty.contains("cluster: empty\n"), "{empty}");
        assert_eq!(
            simulate_command("kind: Scenario\nEOF\n"),
            "dsplay simulate - <<'EOF_'\nkind: Scenario\nEOF\nEOF_\n"
        );
    }

    #[test]
    fn the_page_and_the_cli_reach_the_same_cluster() {
        // The CLI plays it at once; the page in small ticks of its clock.
        let s: Scenario = Scenario::from_str(SCENARIO).unwrap();
        let (cli, _, _, _) = ScenarioRun::run_to_end(&s, SimDuration::from_secs(3600));
        let (mut page, _) = ScenarioRun::start(&s);
        let mut t = 0;
        while page.next < s.steps.len() {
            t += 700;
            page.advance_to(&s, SimDuration::from_millis(t), true);
        }
        page.sim.settle(SimDuration::from_secs(3600));
        let names = |sim: &Simulation| -> Vec<String> {
            sim.view()
                .nodes
                .into_iter()
                .flat_map(|n| n.pods)
                .map(|p| p.name)
                .collect()
        };
        assert_eq!(names(&cli.sim), names(&page.sim));
    }

    #[test]
    fn a_recorded_run_replays_as_a_scenario() {
        let mut sim = Simulation::with_default_cluster(9);
        let s: Scenario = Scenario::from_str(SCENARIO).unwrap();
        if let Action::Apply(m) = &s.steps[0].action {
            sim.apply("ds.yaml", m.text.trim_start());
        }
        sim.advance(SimDuration::from_secs(20));
        sim.node_op(NodeOp::Cordon {
            name: "worker-1".into(),
        })
        .unwrap();
        sim.advance(SimDuration::from_secs(20));
        sim.node_op(NodeOp::Lose {
            name: "worker-2".into(),
        })
        .unwrap();
        sim.settle(SimDuration::from_secs(600));
        let text = record(9, true, sim.inputs());
        let again: Scenario = Scenario::from_str(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        assert_eq!(again.steps.len(), 3);
        let (run, _, _, _) = ScenarioRun::run_to_end(&again, SimDuration::from_secs(600));
        let view = |sim: &Simulation| {
            let mut v = sim.view();
            v.events.clear();
            serde_json::to_string(&v.nodes).unwrap()
        };
        assert_eq!(view(&run.sim), view(&sim));
    }

    #[test]
    fn exports_kubectl_commands_and_comments() {
        let s: Scenario = Scenario::from_str(SCENARIO).unwrap();
        let script = s.to_kubectl();
        assert!(script.contains("kubectl apply -f - <<'EOF'\napiVersion: apps/v1\n"));
        assert!(
            script.contains("\nsleep 30\n# steps[1] at 30s\n# simulation only: add a worker node")
        );
        assert!(script.contains("# simulation only: lose worker-4"));
        assert!(script.contains("read -r -p"));
        assert_eq!(
            kubectl_line(
                &StepSpec::parse("taint:w:k=v:NoExecute", "default")
                    .unwrap()
                    .step
            ),
            "kubectl taint nodes w k=v:NoExecute\n"
        );
        assert_eq!(
            kubectl_line(
                &StepSpec::parse("undo:ds/kube-system/a:2", "default")
                    .unwrap()
                    .step
            ),
            "kubectl rollout undo daemonset a -n kube-system --to-revision=2\n"
        );
        assert_eq!(sh("it's"), "'it'\\''s'");
    }

    const COMPARE: &str = "kind: Scenario
seed: 4
cluster: default
compare:
- name: tolerates-noschedule
  title: NoSchedule
  apply: |
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: agent}
    spec:
      selector: {matchLabels: {app: agent}}
      template:
        metadata: {labels: {app: agent}}
        spec:
          tolerations: [{key: dedicated, operator: Exists, effect: NoSchedule}]
          containers: [{name: agent, image: agent:1}]
  expect:
    pods: {worker-2: {agent: 0}}
- name: tolerates-noexecute
  apply: |
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: agent}
    spec:
      selector: {matchLabels: {app: agent}}
      template:
        metadata: {labels: {app: agent}}
        spec:
          tolerations: [{key: dedicated, operator: Exists, effect: NoExecute}]
          containers: [{name: agent, image: agent:1}]
  expect:
    pods: {worker-2: {agent: 1}}
steps:
- at: 30s
  step: taint:worker-1:dedicated=db:NoSchedule
- at: 1m
  step: taint:worker-2:dedicated=db:NoExecute
  pause: true
expect:
  pods: {worker-1: {agent: 1}, worker-3: {agent: 1}}
";

    fn pods_on(sim: &Simulation, node: &str) -> Vec<String> {
        sim.view()
            .nodes
            .into_iter()
            .filter(|n| n.name == node)
            .flat_map(|n| n.pods)
            .map(|p| p.name)
            .collect()
    }

    #[test]
    fn a_compare_scenario_plays_two_clusters_in_lockstep() {
        let s = Scenario::from_str(COMPARE).unwrap();
        let names: Vec<String> = s.compare.iter().map(Variant::label).collect();
        assert_eq!(
            names,
            ["tolerates-noschedule: NoSchedule", "tolerates-noexecute"]
        );
        let sides = s.clusters();
        assert_eq!(sides.len(), 2);
        // Each side: the same nodes and steps, its own DaemonSet applied at the start.
        assert!(sides
            .iter()
            .all(|v| v.compare.is_empty() && v.steps == s.steps));
        assert_eq!(
            sides[1].cluster.nodes,
            [StartNode::Apply(s.compare[1].manifest.clone())]
        );
        assert_eq!(sides[0].title, "tolerates-noschedule: NoSchedule");
        let mut both = Lockstep::start(&s);
        assert_eq!(
            (both.next(), both.waiting(), both.ended()),
            (0, false, false)
        );
        both.advance_to(SimDuration::from_secs(75), false);
        // Held before the paused step, on both sides.
        assert_eq!((both.next(), both.waiting()), (1, true));
        assert_eq!(both.elapsed(), SimDuration::from_secs(60));
        for (_, run) in &both.sides {
            assert_eq!(run.elapsed(), SimDuration::from_secs(60));
            assert_eq!(pods_on(&run.sim, "worker-2").len(), 1);
        }
        let outcomes = both.next_step();
        assert_eq!(outcomes.iter().map(Vec::len).collect::<Vec<_>>(), [1, 1]);
        assert!(both.ended());
        for (_, run) in &mut both.sides {
            run.sim.settle(SimDuration::from_secs(600));
        }
        // NoExecute evicts the pod that does not tolerate it; the pod names are the same
        // on both sides (the same seed and the same steps).
        assert_eq!(
            pods_on(&both.sides[0].1.sim, "worker-2"),
            Vec::<String>::new()
        );
        assert_eq!(pods_on(&both.sides[1].1.sim, "worker-2").len(), 1);
        assert_eq!(
            pods_on(&both.sides[0].1.sim, "worker-1"),
            pods_on(&both.sides[1].1.sim, "worker-1")
        );
        for (side, run) in &both.sides {
            assert_eq!(
                side.expect.as_ref().unwrap().check(&run.sim),
                Vec::<String>::new()
            );
        }
        // Each side's expect: is its own and the scenario's, each failure under its path.
        let (noschedule, _) = &both.sides[0];
        let other = &both.sides[1].1.sim;
        assert_eq!(
            noschedule.expect.as_ref().unwrap().check(other),
            ["compare[0].expect.pods.worker-2.agent: worker-2 has 1 pod of agent, expected 0"]
        );
        // Played through again: the same clusters.
        let again = Lockstep::played_through(&s, 2);
        for ((_, a), (_, b)) in again.sides.iter().zip(&both.sides) {
            let mut a = a.sim.clone();
            a.settle(SimDuration::from_secs(600));
            assert_eq!(
                serde_json::to_string(&a.view()).unwrap(),
                serde_json::to_string(&b.sim.view()).unwrap()
            );
        }
    }

    #[test]
    fn a_compare_scenario_exports_one_script_for_both_clusters() {
        let script = Scenario::from_str(COMPARE).unwrap().to_kubectl();
        assert!(script.contains(
            "#   tolerates-noschedule (NoSchedule)\n#   tolerates-noexecute\nside=\"${1:-tolerates-noschedule}\"\ncase \"$side\" in\ntolerates-noschedule)\nkubectl apply -f - <<'EOF'\n"
        ), "{script}");
        assert!(script.contains("effect: NoExecute}]\n      containers: [{name: agent, image: agent:1}]\nEOF\n;;\n*)\necho \"usage: $0 [tolerates-noschedule|tolerates-noexecute]\" >&2\nexit 2\n;;\nesac\n"), "{script}");
    }

    /// The located errors of `compare:` (the scenario is [`COMPARE`] with `from` replaced).
    fn compare_errors(from: &str, to: &str) -> Vec<String> {
        assert!(COMPARE.contains(from), "{from}");
        Scenario::from_str(&COMPARE.replacen(from, to, 1))
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn compare_errors_are_located() {
        assert_eq!(
            compare_errors("- name: tolerates-noexecute", "- name: tolerates-noschedule"),
            ["scenario.yaml:20:3: compare[1].name: Duplicate value: \"tolerates-noschedule\" (compare[0].name)"]
        );
        assert_eq!(
            compare_errors("- name: tolerates-noexecute", "- name: Tolerates_NoExecute"),
            ["scenario.yaml:20:3: compare[1].name: \"Tolerates_NoExecute\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]
        );
        assert_eq!(
            compare_errors("- name: tolerates-noexecute\n  apply: |", "- title: x\n  colour: red\n  file: b.yaml\n  apply: |"),
            [
                "scenario.yaml:21:3: compare[1].colour: unknown field \"colour\" (known: name, title, apply, file, expect)",
                "scenario.yaml:20:3: compare[1].name: Required value",
                "scenario.yaml:20:3: compare[1]: give exactly one of apply: or file: (the variant's manifests)",
            ]
        );
        assert_eq!(
            compare_errors("    metadata: {name: agent}\n    spec:\n      selector: {matchLabels: {app: agent}}\n      template:\n        metadata: {labels: {app: agent}}\n        spec:\n          tolerations: [{key: dedicated, operator: Exists, effect: NoExecute}]",
                "    metadata: {name: agent}\n    ---\n    {apiVersion: v1, kind: Node, metadata: {name: db-1}}\n    ---\n    {apiVersion: apps/v1, kind: DaemonSet, metadata: {name: agent},\n     spec: {selector: {matchLabels: {app: agent}}, template: {metadata: {labels: {app: agent}},\n        spec: {tolerations: [{key: dedicated, operator: Exists, effect: NoExecute}]"),
            ["scenario.yaml:21:3: compare[1].apply: Node \"db-1\": the variants share the scenario's nodes (put Nodes in cluster.nodes)"]
        );
        let one = COMPARE
            .split("- name: tolerates-noexecute")
            .next()
            .unwrap()
            .to_string()
            + "steps:\n- at: 0s\n  step: wait:1s\n";
        let errs: Vec<String> = Scenario::from_str(&one)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errs,
            ["scenario.yaml:4:1: compare: give two variants to play side by side, got 1"]
        );
        let errs: Vec<String> = Scenario::from_str("kind: Scenario\nsteps: []\ncompare: {a: 1}\n")
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            errs,
            ["scenario.yaml:3:1: compare: expected a list of two variants, got a mapping"]
        );
        let errs: Vec<String> = Scenario::from_str(
            "kind: Scenario\nsteps: []\ncompare: [a, {name: b, file: b.yaml, expect: {pods: 3}}]\n",
        )
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(errs[0].starts_with("scenario.yaml:3:11: compare[0]: expected a mapping (name: and apply: or file:), got a string"), "{errs:?}");
        assert!(
            errs[1].contains("compare[1].expect.pods: expected"),
            "{errs:?}"
        );
        assert!(
            errs[2].contains("compare[1].file: cannot read b.yaml"),
            "{errs:?}"
        );
    }

    #[test]
    fn errors_are_located_by_field() {
        let errs = Scenario::from_str(
            "kind: Scenario\nseed: -1\nsteps: {}\nexpect: {daemonSets: {a: {ready: 1}}}\n",
        )
        .unwrap_err();
        let shown: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "scenario.yaml:2:1: seed: expected a whole number from 0, got a number",
                "scenario.yaml:3:1: steps: expected a list, got a mapping",
                "scenario.yaml:4:27: expect.daemonSets.a.ready: unknown status field \"ready\" (known: currentNumberScheduled, desiredNumberScheduled, numberAvailable, numberMisscheduled, numberReady, numberUnavailable, observedGeneration, updatedNumberScheduled, and rolloutComplete, image, strategy, exists)",
            ]
        );
        let errs = Scenario::from_str("kind: Pod\nsteps:\n- at: 0s\n  file: x.yaml\n").unwrap_err();
        assert_eq!(
            errs[0].to_string(),
            "scenario.yaml:1:1: kind: \"Pod\": expected \"Scenario\""
        );
        assert!(errs[1]
            .to_string()
            .starts_with("scenario.yaml:4:3: steps[0].file: cannot read x.yaml"));
        assert!(!is_scenario("kind: DaemonSet\n"));
        assert!(is_scenario(SCENARIO));
    }

    /// A template node of `cluster.nodes` whose name the API server refuses, or that is
    /// taken, is a located error (issue 11: never left out of the run without a word).
    #[test]
    fn cluster_node_names_are_validated_as_the_api_server_validates_them() {
        let errs = Scenario::from_str(
            "kind: Scenario\ncluster:\n  default: true\n  nodes:\n  - {template: worker, name: UPPER_bad}\n  - {template: worker, name: worker-1}\n  - {template: small, name: ok}\n  - {template: small, name: ok}\n  - {template: worker}\nsteps: []\n",
        )
        .unwrap_err();
        let shown: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "scenario.yaml:5:24: cluster.nodes[0].name: metadata.name: Invalid value: \"UPPER_bad\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
                "scenario.yaml:6:24: cluster.nodes[1].name: nodes \"worker-1\" already exists",
                "scenario.yaml:8:23: cluster.nodes[3].name: nodes \"ok\" already exists",
            ]
        );
        let ok = Scenario::from_str(
            "kind: Scenario\ncluster: {nodes: [{template: worker, name: worker-1}, {template: worker}]}\nsteps: []\n",
        )
        .unwrap();
        assert_eq!(ok.cluster.nodes.len(), 2);
    }
}
