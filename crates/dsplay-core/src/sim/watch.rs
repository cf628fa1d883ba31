//! Watch recording: ADDED / MODIFIED / DELETED notifications with the full object,
//! as a Kubernetes watch delivers them. Off by default. None is dropped: while recording,
//! an input stops, as its timer budget stops it, once it has recorded its watch bound
//! ([`WATCH_CAP`], or [`WATCH_PER_OBJECT`] per node and pod if that is more; see
//! [`super::InputBound::WatchEvents`]).

use super::cluster::{DaemonSetEntry, DaemonSetId, NodeEntry, PodEntry, PodId, RevisionEntry};
use super::events::EventRecord;
use super::{Simulation, WatchEvent, WatchEventJson};
use std::collections::VecDeque;

/// The watch notifications one input may record in a small cluster: once it has recorded
/// this many (or [`WATCH_PER_OBJECT`] per node and pod, if that is more), it fires no more
/// timers (what is due at the same instant still runs, so it may overshoot by one instant's
/// changes). Rendering a notification costs far more than firing a timer; this bounds the
/// work, and the output, of a step under `--watch` in a cluster that never settles.
pub const WATCH_CAP: usize = 20_000;

/// Watch notifications one input may record per node and pod in the cluster, when that is
/// more than [`WATCH_CAP`]: a rollout over many nodes (a pod's creation, scheduling, start,
/// readiness and their events are about 8) is not cut short.
pub const WATCH_PER_OBJECT: usize = 20;

/// The buffer, and the renderer while recording.
#[derive(Clone, Debug, Default)]
pub(crate) struct WatchRecorder {
    /// [`render`] while recording, else `None`.
    render: Option<Render>,
    buf: VecDeque<WatchEventJson>,
    /// Notifications recorded since the current input started.
    this_input: usize,
}

/// An object a notification carries.
enum Watched<'a> {
    Pod(&'a PodEntry),
    Node(&'a NodeEntry),
    DaemonSet(&'a DaemonSetEntry),
    Revision(&'a RevisionEntry),
    Event(&'a EventRecord),
}

type Render = fn(&Simulation, Watched<'_>) -> Result<String, serde_json::Error>;

/// A watched object as the API shapes it, as compact JSON with sorted keys (what a
/// [`serde_json::Value`] of it writes, as every other output does). Reached only through
/// the pointer [`WatchRecorder::set_on`] stores, so a program that never records a watch
/// (the web page) does not link the API types' encoders for nodes, DaemonSets, revisions
/// and events.
fn render(sim: &Simulation, w: Watched<'_>) -> Result<String, serde_json::Error> {
    let value = match w {
        Watched::Pod(p) => crate::json::to_value(sim.render_pod(p)),
        Watched::Node(n) => crate::json::to_value(sim.render_node(n)),
        Watched::DaemonSet(d) => crate::json::to_value(sim.render_daemon_set(d)),
        Watched::Revision(r) => crate::json::to_value(sim.render_revision(r)),
        Watched::Event(e) => crate::json::to_value(sim.render_event(e)),
    }?;
    serde_json::to_string(&value)
}

impl WatchRecorder {
    pub(crate) fn set_on(&mut self, on: bool) {
        self.render = if on { Some(render) } else { None };
        if !on {
            self.buf.clear();
        }
    }

    pub(crate) fn take(&mut self) -> Vec<WatchEvent> {
        self.buf
            .drain(..)
            .filter_map(|e| {
                Some(WatchEvent {
                    type_: e.type_.to_string(),
                    object: serde_json::from_str(&e.object).ok()?,
                    time: e.time,
                })
            })
            .collect()
    }

    pub(crate) fn take_json(&mut self) -> Vec<WatchEventJson> {
        self.buf.drain(..).collect()
    }

    fn push(&mut self, e: WatchEventJson) {
        self.this_input = self.this_input.saturating_add(1);
        self.buf.push_back(e);
    }

    /// An input starts: its notifications count from here.
    pub(crate) fn begin_input(&mut self) {
        self.this_input = 0;
    }

    /// The current input's watch bound, for a cluster of `objects` nodes and pods, once it
    /// has recorded that many notifications.
    pub(crate) fn input_budget_spent(&self, objects: usize) -> Option<usize> {
        let bound = WATCH_CAP.max(WATCH_PER_OBJECT.saturating_mul(objects));
        (self.render.is_some() && self.this_input >= bound).then_some(bound)
    }
}

impl Simulation {
    fn push_watch(&mut self, type_: &'static str, object: Result<String, serde_json::Error>) {
        if let Ok(object) = object {
            let time = self.now;
            self.watch.push(WatchEventJson {
                type_,
                object,
                time,
            });
        }
    }

    pub(super) fn watch_pod(&mut self, pid: PodId, type_: &'static str) {
        if self.view_tracker.on {
            self.view_tracker.changed = true;
            self.view_tracker.left = None;
            if let Some(n) = self.pods.get(&pid).and_then(|p| p.mapped_node()) {
                self.view_tracker.nodes.insert(n.to_string());
            }
        }
        let Some(render) = self.watch.render else {
            return;
        };
        let v = self.pods.get(&pid).map(|p| render(self, Watched::Pod(p)));
        if let Some(v) = v {
            self.push_watch(type_, v);
        }
    }

    pub(super) fn watch_node(&mut self, name: &str, type_: &'static str) {
        if self.view_tracker.on {
            self.view_tracker.changed = true;
            self.view_tracker.left = None;
            self.view_tracker.nodes.insert(name.to_string());
        }
        let Some(render) = self.watch.render else {
            return;
        };
        let v = self.nodes.get(name).map(|n| render(self, Watched::Node(n)));
        if let Some(v) = v {
            self.push_watch(type_, v);
        }
    }

    pub(super) fn watch_ds(&mut self, id: DaemonSetId, type_: &'static str) {
        self.note_status(id, type_ == "DELETED");
        let Some(render) = self.watch.render else {
            return;
        };
        let v = self
            .daemon_sets
            .get(&id)
            .map(|d| render(self, Watched::DaemonSet(d)));
        if let Some(v) = v {
            self.push_watch(type_, v);
        }
    }

    pub(super) fn watch_rev(&mut self, ns: &str, name: &str, type_: &'static str) {
        let Some(render) = self.watch.render else {
            return;
        };
        let v = self
            .revisions
            .get(ns, name)
            .map(|r| render(self, Watched::Revision(r)));
        if let Some(v) = v {
            self.push_watch(type_, v);
        }
    }

    pub(super) fn watch_event(&mut self, serial: u64) {
        let Some(render) = self.watch.render else {
            return;
        };
        let v = self.events.get(serial).map(|e| {
            let ty = if e.count > 1 { "MODIFIED" } else { "ADDED" };
            (ty, render(self, Watched::Event(e)))
        });
        if let Some((ty, v)) = v {
            self.push_watch(ty, v);
        }
    }
}
