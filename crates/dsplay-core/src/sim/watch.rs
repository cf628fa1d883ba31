//! Watch recording: ADDED / MODIFIED / DELETED notifications with the full object,
//! as a Kubernetes watch delivers them. Off by default; at most [`WATCH_CAP`]
//! notifications are buffered between two takes (the oldest are dropped).

use super::cluster::{DsId, PodId};
use super::{Simulation, WatchEvent};
use std::collections::VecDeque;

/// Most buffered watch notifications.
pub const WATCH_CAP: usize = 20_000;

/// The buffer.
#[derive(Clone, Debug, Default)]
pub(crate) struct WatchRecorder {
    on: bool,
    buf: VecDeque<WatchEvent>,
}

impl WatchRecorder {
    pub(crate) fn set_on(&mut self, on: bool) {
        self.on = on;
        if !on {
            self.buf.clear();
        }
    }

    pub(crate) fn take(&mut self) -> Vec<WatchEvent> {
        self.buf.drain(..).collect()
    }

    fn push(&mut self, e: WatchEvent) {
        if self.buf.len() >= WATCH_CAP {
            self.buf.pop_front();
        }
        self.buf.push_back(e);
    }
}

impl Simulation {
    fn push_watch(&mut self, type_: &str, object: Result<serde_json::Value, serde_json::Error>) {
        if let Ok(object) = object {
            let time = self.now;
            self.watch.push(WatchEvent {
                type_: type_.to_string(),
                object,
                time,
            });
        }
    }

    pub(super) fn watch_pod(&mut self, pid: PodId, type_: &str) {
        if self.view_tracker.on {
            self.view_tracker.changed = true;
            if let Some(n) = self.pods.get(&pid).and_then(|p| p.mapped_node()) {
                self.view_tracker.nodes.insert(n.to_string());
            }
        }
        if !self.watch.on {
            return;
        }
        let v = self
            .pods
            .get(&pid)
            .map(|p| serde_json::to_value(self.render_pod(p)));
        if let Some(v) = v {
            self.push_watch(type_, v);
        }
    }

    pub(super) fn watch_node(&mut self, name: &str, type_: &str) {
        if self.view_tracker.on {
            self.view_tracker.changed = true;
            self.view_tracker.nodes.insert(name.to_string());
        }
        if !self.watch.on {
            return;
        }
        let v = self
            .nodes
            .get(name)
            .map(|n| serde_json::to_value(self.render_node(n)));
        if let Some(v) = v {
            self.push_watch(type_, v);
        }
    }

    pub(super) fn watch_ds(&mut self, id: DsId, type_: &str) {
        if !self.watch.on {
            return;
        }
        let v = self
            .daemon_sets
            .get(&id)
            .map(|d| serde_json::to_value(self.render_daemon_set(d)));
        if let Some(v) = v {
            self.push_watch(type_, v);
        }
    }

    pub(super) fn watch_rev(&mut self, ns: &str, name: &str, type_: &str) {
        if !self.watch.on {
            return;
        }
        let v = self
            .revisions
            .get(&(ns.to_string(), name.to_string()))
            .map(|r| serde_json::to_value(self.render_revision(r)));
        if let Some(v) = v {
            self.push_watch(type_, v);
        }
    }

    pub(super) fn watch_event(&mut self, serial: u64) {
        if !self.watch.on {
            return;
        }
        let v = self.events.get(serial).map(|e| {
            let ty = if e.count > 1 { "MODIFIED" } else { "ADDED" };
            (ty, serde_json::to_value(self.render_event(e)))
        });
        if let Some((ty, v)) = v {
            self.push_watch(ty, v);
        }
    }
}
