//! Incremental views: what changed in [`crate::view::ClusterView`] since the last look.
//!
//! The watch hooks (`watch.rs`) note every node a changed pod or node object maps to; the
//! DaemonSets' current revisions (which decide each pod's `updated`) are compared at each
//! look, and a change there (not a new DaemonSet's first one) re-projects every node. Events are not part of it: there can be
//! thousands, and a page shows a few (see `Simulation::events_newest_first`).

use super::project::PodsBySlot;
use super::Simulation;
use crate::view::ViewDelta;
use std::collections::{BTreeMap, BTreeSet};

/// Change tracking for [`Simulation::view_changes`]; off until its first call.
///
/// A clone is off: a copy of the simulation (e.g. a timeline checkpoint) starts its own
/// tracking at its first look, with the whole view.
#[derive(Debug, Default)]
pub(crate) struct ViewTracker {
    /// Tracking has started (the first look was taken).
    pub on: bool,
    /// Nodes whose card may have changed.
    pub nodes: BTreeSet<String>,
    /// Some pod or node changed (pods on no node included).
    pub changed: bool,
    /// Each DaemonSet's current revision (hash, template-generation label) at the last look.
    pub revisions: BTreeMap<u64, (String, Option<String>)>,
    /// The ids of the pods of the nodes left for the next look (`nodes`), by node slot, as
    /// the look that left them found them; `None` once a pod or node changed (the watch
    /// hooks): a change shown in parts walks every pod once, not once a part.
    pub left: Option<PodsBySlot>,
}

impl Clone for ViewTracker {
    fn clone(&self) -> Self {
        ViewTracker::default()
    }
}

impl ViewTracker {
    /// Notes the node named `name` when a DaemonSet's status bits for it changed from `old`
    /// to `new` in a way its card shows ([`crate::view::NodeView::missing`]).
    pub(crate) fn note_status(&mut self, name: &str, old: u8, new: u8) {
        use super::controller::status_bits::is_missing;
        if self.on && is_missing(old) != is_missing(new) {
            self.changed = true;
            self.nodes.insert(name.to_string());
        }
    }
}

impl Simulation {
    /// Each DaemonSet's current revision, as `is_pod_updated` reads it.
    fn current_revisions(&self) -> BTreeMap<u64, (String, Option<String>)> {
        // Inserted one by one (a DaemonSet each): `collect` into a map would compile its own
        // copy of the standard library's stable sort for this entry type.
        let mut out = BTreeMap::new();
        for (id, d) in &self.controller.caches {
            if let Some(c) = d.current.as_ref() {
                out.insert(*id, (c.hash.to_string(), c.generation_label.clone()));
            }
        }
        out
    }

    /// [`Simulation::view_changes`] (`limit`: `None`) and [`Simulation::view_changes_within`]
    /// (at most `limit` node cards, but at the first look).
    pub(crate) fn project_delta(&mut self, limit: Option<usize>) -> ViewDelta {
        let revisions = self.current_revisions();
        // A DaemonSet's current revision that changed (or went) can change `updated` on any of
        // its pods; a new DaemonSet's pods are new (or adopted: written), so their nodes are
        // already noted.
        let revised = self
            .view_tracker
            .revisions
            .iter()
            .any(|(id, old)| revisions.get(id) != Some(old));
        let mut all_nodes = !self.view_tracker.on || revised;
        let mut dirty = std::mem::take(&mut self.view_tracker.nodes);
        let mut changed = std::mem::take(&mut self.view_tracker.changed);
        let mut rest = BTreeSet::new();
        if let Some(limit) = limit.filter(|_| self.view_tracker.on) {
            if all_nodes {
                // Every card may have changed: each is noted, and they come in parts as any
                // other changes do.
                dirty.extend(self.nodes.iter().map(|(name, _)| name.to_string()));
                all_nodes = false;
                changed = true;
            }
            // The first `limit` in name order now, the others at the next look.
            while dirty.len() > limit.max(1) {
                if let Some(last) = dirty.pop_last() {
                    rest.insert(last);
                }
            }
        }
        let left = self.view_tracker.left.take().filter(|_| !all_nodes);
        let (nodes, unplaced_pods) = if all_nodes || changed {
            let (nodes, unplaced, left) = self.project_nodes_known(
                (!all_nodes).then_some(&dirty),
                left,
                (!rest.is_empty()).then_some(&rest),
            );
            self.view_tracker.left = (!rest.is_empty()).then_some(left);
            (nodes, unplaced)
        } else {
            // No pod or node changed: no card, and not the pods on no node.
            (Vec::new(), None)
        };
        // Inserted one by one: `collect` into a map would compile its own copy of the standard
        // library's stable sort for this entry type (as in `current_revisions`).
        let mut by_name: BTreeMap<String, Option<_>> = BTreeMap::new();
        for n in nodes {
            by_name.insert(n.name.clone(), Some(n));
        }
        if !all_nodes {
            // Named but not projected: gone.
            for name in dirty {
                by_name.entry(name).or_insert(None);
            }
        }
        self.view_tracker.on = true;
        self.view_tracker.revisions = revisions;
        self.view_tracker.changed = !rest.is_empty();
        self.view_tracker.nodes = rest;
        ViewDelta {
            now: self.now,
            all_nodes,
            nodes: by_name,
            daemon_sets: self.project_daemon_sets(),
            unplaced_pods,
        }
    }
}
