//! Incremental views: what changed in [`crate::view::ClusterView`] since the last look.
//!
//! The watch hooks (`watch.rs`) note every node a changed pod or node object maps to, and keep
//! an index of the pods mapped to each node name ([`PodIndex`]), so that a look projects the
//! noted nodes from their own pods, without walking every pod; the DaemonSets' current
//! revisions (which decide each pod's `updated`) are compared at each look, and a change
//! there (not a new DaemonSet's first one) re-projects every node. Events are not part of it:
//! there can be thousands, and a page shows a few (see `Simulation::events_newest_first`).

use super::cluster::{FxHashMap, PodId};
use super::Simulation;
use crate::view::ViewDelta;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// The pods mapped to each node name (`spec.nodeName`, else the affinity target), kept by
/// the watch hooks while tracking is on: the page's projection of a changed node reads that
/// node's pods here (work proportional to the change), and the pods on no existing node are
/// the unmapped ones and those of the names noted as having no node.
#[derive(Debug, Default)]
pub(crate) struct PodIndex {
    /// Each pod's node name (`None`: mapped to no node).
    node_of: FxHashMap<PodId, Option<Rc<str>>>,
    /// Node name → its pods, in id (creation) order, as a walk of every pod meets them.
    by_node: FxHashMap<Rc<str>, Vec<PodId>>,
    /// Pods mapped to no node, in id order.
    unmapped: Vec<PodId>,
    /// Names that have pods in `by_node` and no node, as of the last look.
    orphans: BTreeSet<Rc<str>>,
}

/// Inserts `id` into an id-ordered list (no-op if there).
fn insert_sorted(list: &mut Vec<PodId>, id: PodId) {
    if let Err(at) = list.binary_search(&id) {
        list.insert(at, id);
    }
}

/// Removes `id` from an id-ordered list.
fn remove_sorted(list: &mut Vec<PodId>, id: PodId) {
    if let Ok(at) = list.binary_search(&id) {
        list.remove(at);
    }
}

impl PodIndex {
    /// Records where pod `id` is now: `None` when it is gone, `Some(None)` when it maps to no
    /// node. Returns the node name it was mapped to before, if that was another one.
    pub(crate) fn place(&mut self, id: PodId, now: Option<Option<&Rc<str>>>) -> Option<Rc<str>> {
        let before = match now {
            None => self.node_of.remove(&id),
            Some(n) => {
                if let Some(Some(old)) = self.node_of.get(&id) {
                    if n.is_some_and(|n| **n == **old) {
                        return None;
                    }
                }
                self.node_of.insert(id, n.cloned())
            }
        };
        match &before {
            Some(Some(old)) => {
                if let Some(list) = self.by_node.get_mut(&**old) {
                    remove_sorted(list, id);
                    if list.is_empty() {
                        self.by_node.remove(&**old);
                    }
                }
            }
            Some(None) => remove_sorted(&mut self.unmapped, id),
            None => {}
        }
        match now {
            Some(Some(n)) => insert_sorted(self.by_node.entry(Rc::clone(n)).or_default(), id),
            Some(None) => insert_sorted(&mut self.unmapped, id),
            None => {}
        }
        before.flatten()
    }

    /// The pods mapped to the node named `name`, in id order.
    pub(crate) fn pods_on(&self, name: &str) -> &[PodId] {
        self.by_node.get(name).map_or(&[], Vec::as_slice)
    }

    /// Notes whether the name `name` has a node (`exists`): a name with pods and no node has
    /// its pods among those on no node.
    fn note_node(&mut self, name: &str, exists: bool) {
        match self.by_node.get_key_value(name) {
            Some((key, _)) if !exists => {
                self.orphans.insert(Rc::clone(key));
            }
            _ => {
                self.orphans.remove(name);
            }
        }
    }

    /// The pods on no existing node (unmapped, or mapped to a name noted as having no node),
    /// in id order.
    pub(crate) fn unplaced(&self) -> Vec<PodId> {
        let mut ids = self.unmapped.clone();
        for name in &self.orphans {
            ids.extend_from_slice(self.pods_on(name));
        }
        ids.sort_unstable();
        ids
    }
}

/// Change tracking for [`Simulation::view_changes`]; off until its first call.
///
/// A clone is off (a copy of the simulation, e.g. a timeline checkpoint, starts its own
/// tracking at its first look, with the whole view): the pod index is not copied.
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
    /// The pods mapped to each node name (kept while tracking is on).
    pub pods: PodIndex,
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
        self.controller
            .caches
            .iter()
            .filter_map(|(id, d)| {
                let c = d.current.as_ref()?;
                Some((*id, (c.hash.to_string(), c.generation_label.clone())))
            })
            .collect()
    }

    /// [`Simulation::view_changes`].
    pub(crate) fn project_delta(&mut self) -> ViewDelta {
        let revisions = self.current_revisions();
        // A DaemonSet's current revision that changed (or went) can change `updated` on any of
        // its pods; a new DaemonSet's pods are new (or adopted: written), so their nodes are
        // already noted.
        let all_nodes = !self.view_tracker.on
            || self
                .view_tracker
                .revisions
                .iter()
                .any(|(id, old)| revisions.get(id) != Some(old));
        if !self.view_tracker.on {
            // The first look: index every pod by its node from now on.
            let mut index = PodIndex::default();
            for (id, p) in self.pods.iter() {
                index.place(id, Some(p.mapped_node_rc()));
            }
            let names: Vec<Rc<str>> = index.by_node.keys().cloned().collect();
            for name in names {
                let exists = self.nodes.contains_key(&name);
                index.note_node(&name, exists);
            }
            self.view_tracker.pods = index;
        }
        let dirty = std::mem::take(&mut self.view_tracker.nodes);
        let changed = std::mem::take(&mut self.view_tracker.changed);
        for name in &dirty {
            let exists = self.nodes.contains_key(name);
            self.view_tracker.pods.note_node(name, exists);
        }
        let (nodes, unplaced_pods) = if all_nodes {
            let (nodes, unplaced) = self.project_nodes(None);
            (nodes, Some(unplaced))
        } else if changed {
            let (nodes, unplaced) = self.project_indexed(&dirty, &self.view_tracker.pods);
            (nodes, Some(unplaced))
        } else {
            // No pod or node changed: no card, and not the pods on no node.
            (Vec::new(), None)
        };
        let mut by_name: BTreeMap<String, Option<_>> = nodes
            .into_iter()
            .map(|n| (n.name.clone(), Some(n)))
            .collect();
        if !all_nodes {
            // Named but not projected: gone.
            for name in dirty {
                by_name.entry(name).or_insert(None);
            }
        }
        self.view_tracker.on = true;
        self.view_tracker.revisions = revisions;
        ViewDelta {
            now: self.now,
            all_nodes,
            nodes: by_name,
            daemon_sets: self.project_daemon_sets(),
            unplaced_pods,
        }
    }
}
