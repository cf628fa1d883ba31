//! The stores: compact records of every object the simulated API server holds.
//!
//! Nodes and DaemonSets keep their full API object (there are few of them).
//! Pods are compact: a daemon pod shares its spec with every other pod of the same
//! revision through an [`Rc`], and the API shape is rendered on demand
//! (see `render.rs`).
//!
//! The stores know nothing of the controllers that read them: what the DaemonSet controller
//! keeps between syncs (its pods per node, placements, status counts, ...) is its own, in
//! `controller/state.rs`, fed by the handlers the simulation calls after each write
//! (`informers.rs`).

use super::node_lifecycle::NameStarts;
use super::template::PodTemplateData;
use super::NodeTemplate;
use crate::clock::SimTime;
use crate::predicates::{NodeUsage, Resources};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{Node, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// Internal id of a pod (monotonic: also the creation order).
pub(crate) type PodId = u64;
/// Internal id of a DaemonSet (monotonic).
pub(crate) type DaemonSetId = u64;

/// `status.phase` of a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum PodPhase {
    /// Accepted, not running yet.
    Pending,
    /// Bound and containers started.
    Running,
    /// All containers exited 0 (never for `restartPolicy: Always`; kept for the controller's
    /// `SucceededDaemonPod` branch).
    #[allow(dead_code)]
    Succeeded,
    /// Containers failed.
    Failed,
}

impl PodPhase {
    /// The API word.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
        }
    }

    /// Succeeded or Failed.
    pub(crate) fn is_terminal(self) -> bool {
        matches!(self, PodPhase::Succeeded | PodPhase::Failed)
    }
}

/// One Node.
#[derive(Clone, Debug)]
pub(crate) struct NodeEntry {
    /// `metadata.name` (the store's key), shared with the pods that target the node.
    pub name: Rc<str>,
    /// The API object (metadata with uid and creationTimestamp, spec, status).
    pub obj: Node,
    /// Simulated creation time.
    pub created: SimTime,
    /// `metadata.resourceVersion`.
    pub rv: u64,
    /// Creation ordinal: the node's pod CIDR is `10.244.<ordinal>.0/24`.
    pub ordinal: u32,
    /// Next host part handed out for a pod IP.
    pub next_pod_ip: u32,
    /// The `Ready` condition is True.
    pub ready: bool,
    /// Lost (§15.1): the node's kubelet stopped posting status at this instant
    /// ([`super::NodeOp::Lose`]); `None` while it runs.
    pub lost_since: Option<SimTime>,
    /// Requests of non-terminal pods bound here (the scheduler's cache).
    pub usage: NodeUsage,
    /// `node_allocatable(obj)`, kept with `obj`.
    pub allocatable: Resources,
    /// Pods bound here (`spec.nodeName`), not yet removed.
    pub bound: BTreeSet<PodId>,
    /// Pods targeting this node that the scheduler could not place; retried on change.
    pub unschedulable: BTreeSet<PodId>,
}

/// One DaemonSet: the API object and what the API server keeps with it.
#[derive(Clone, Debug)]
pub(crate) struct DaemonSetEntry {
    /// Internal id.
    pub id: DaemonSetId,
    /// The API object, with defaults, server-set metadata and `.status`.
    pub obj: DaemonSet,
    /// Simulated creation time.
    pub created: SimTime,
    /// `metadata.resourceVersion`.
    pub rv: u64,
    /// Creation order (the page's colour).
    pub color_index: u32,
    /// The `involvedObject` of its events (namespace, name and uid never change).
    pub involved: super::events::Involved,
    /// `metav1.NewControllerRef(ds)`: the ownerReference naming it as controller, shared by
    /// the pods and revisions it controls.
    pub controller_ref: Rc<OwnerReference>,
}

/// One pod, compact.
#[derive(Clone, Debug)]
pub(crate) struct PodEntry {
    /// Namespace (shared with the pod's events).
    pub namespace: Rc<str>,
    /// Name (shared with the pod's events).
    pub name: Rc<str>,
    /// `metadata.generateName` (daemon pods: shared with the DaemonSet's other pods).
    pub generate_name: Option<Rc<str>>,
    /// `metadata.uid` (shared with the pod's events).
    pub uid: Rc<str>,
    /// `metadata.resourceVersion`.
    pub rv: u64,
    /// `metadata.creationTimestamp`.
    pub created: SimTime,
    /// The DaemonSet holding its controller reference.
    pub owner: Option<DaemonSetId>,
    /// The controller reference as the API shows it (to the owning DaemonSet, or to
    /// something not simulated, in which case the pod is never adopted).
    pub controller_ref: Option<Rc<OwnerReference>>,
    /// Labels (shared among a revision's pods).
    pub labels: Rc<BTreeMap<String, String>>,
    /// The spec and what is derived from it (shared among a revision's pods).
    pub template: Rc<PodTemplateData>,
    /// The node named by its `metadata.name` matchFields affinity term (`GetTargetNodeName`).
    pub target: Option<Rc<str>>,
    /// `spec.nodeName` (usually the same string as `target`).
    pub node_name: Option<Rc<str>>,
    /// The slot of the node it is mapped to, when last known: a hint, checked against the
    /// node's name before use ([`NodeStore::idx_hint`]); `NodeIdx::MAX` when unknown.
    pub node_slot: NodeIdx,
    /// `status.phase`.
    pub phase: PodPhase,
    /// PodScheduled=True since.
    pub scheduled_at: Option<SimTime>,
    /// PodScheduled=False (Unschedulable) since, with the scheduler's message.
    pub unschedulable: Option<(SimTime, Rc<str>)>,
    /// Containers started (Running) at.
    pub started_at: Option<SimTime>,
    /// The Ready condition.
    pub ready: bool,
    /// Last transition of the Ready condition.
    pub ready_changed: SimTime,
    /// Containers terminated at (terminal phases).
    pub finished_at: Option<SimTime>,
    /// `metadata.deletionTimestamp`.
    pub deletion: Option<SimTime>,
    /// Host part of the pod IP within the node's /24 (0: none yet).
    pub pod_ip: u32,
    /// Container restarts.
    pub restarts: u32,
    /// Guards stale kubelet timers: bumped on every kubelet-relevant change.
    pub epoch: u32,
    /// Created by the DaemonSet controller: the spec carries the `metadata.name In [target]`
    /// node affinity term (added when rendering).
    pub pinned: bool,
    /// The readiness probe fails (set by [`crate::sim::Input::SetPodReady`]).
    pub probe_failing: bool,
}

impl PodEntry {
    /// The node it is mapped to (`spec.nodeName`, else the affinity target).
    pub(crate) fn mapped_node(&self) -> Option<&str> {
        self.node_name.as_deref().or(self.target.as_deref())
    }

    /// `podutil.IsPodReady`.
    pub(crate) fn is_ready(&self) -> bool {
        self.ready
    }

    /// `podutil.IsPodAvailable(pod, minReadySeconds, now)`: Ready, and `lastTransitionTime +
    /// minReadySeconds` before `now`, with the API's second-resolution `lastTransitionTime`.
    pub(crate) fn is_available(&self, min_ready_seconds: i32, now: SimTime) -> bool {
        if !self.ready {
            return false;
        }
        if min_ready_seconds <= 0 {
            return true;
        }
        let min_ready_ms = u64::try_from(min_ready_seconds)
            .unwrap_or(0)
            .saturating_mul(1000);
        // The Ready condition's lastTransitionTime as the controller reads it: whole seconds.
        (self.ready_changed.as_millis() / 1000 * 1000).saturating_add(min_ready_ms)
            < now.as_millis()
    }

    /// When a Ready pod that is not available yet becomes available: the first instant after
    /// `lastTransitionTime` (whole seconds) + `minReadySeconds` (`None` if it is not Ready or
    /// `minReadySeconds` is not positive).
    pub(crate) fn available_at(&self, min_ready_seconds: i32) -> Option<SimTime> {
        if !self.ready || min_ready_seconds <= 0 {
            return None;
        }
        let ms = u64::try_from(min_ready_seconds)
            .unwrap_or(0)
            .saturating_mul(1000);
        let since = self.ready_changed.as_millis() / 1000 * 1000;
        Some(SimTime(since.saturating_add(ms).saturating_add(1)))
    }

    /// A label value.
    pub(crate) fn label(&self, key: &str) -> Option<&str> {
        self.labels.get(key).map(String::as_str)
    }
}

/// One ControllerRevision.
#[derive(Clone, Debug)]
pub(crate) struct RevisionEntry {
    /// Namespace.
    pub namespace: String,
    /// Name (`<ds>-<hash>`).
    pub name: String,
    /// `metadata.uid`.
    pub uid: String,
    /// `metadata.resourceVersion`.
    pub rv: u64,
    /// `metadata.creationTimestamp`.
    pub created: SimTime,
    /// Owning DaemonSet.
    pub owner: Option<DaemonSetId>,
    /// `revision`.
    pub revision: i64,
    /// `controller-revision-hash`.
    pub hash: String,
    /// Canonical JSON of `spec.template` (equality = `Match`).
    pub template_json: Rc<str>,
    /// The stored template; `None` while it is its owner's `spec.template` (a DaemonSet's
    /// current revision: a large template is kept once). Set from the DaemonSet before its
    /// template changes or it goes ([`Simulation::keep_revision_templates`]); read with
    /// [`Simulation::revision_template`].
    ///
    /// [`Simulation::keep_revision_templates`]: super::Simulation::keep_revision_templates
    /// [`Simulation::revision_template`]: super::Simulation::revision_template
    pub template: Option<Rc<PodTemplateSpec>>,
    /// Labels (template labels + hash).
    pub labels: BTreeMap<String, String>,
    /// Annotations (the DaemonSet's, at snapshot time).
    pub annotations: BTreeMap<String, String>,
}

/// ControllerRevisions by namespace, then name (looked up with borrowed names; walked in
/// (namespace, name) order).
#[derive(Clone, Debug, Default)]
pub(crate) struct RevisionStore {
    by_ns: BTreeMap<String, BTreeMap<String, RevisionEntry>>,
    /// Bumped on every change (or chance of one: each mutable borrow).
    version: u64,
}

impl RevisionStore {
    /// A number that changes whenever a revision may have changed.
    pub(crate) fn version(&self) -> u64 {
        self.version
    }

    /// The revision `name` in `ns`.
    pub(crate) fn get(&self, ns: &str, name: &str) -> Option<&RevisionEntry> {
        self.by_ns.get(ns)?.get(name)
    }

    /// The revision `name` in `ns`, mutably.
    pub(crate) fn get_mut(&mut self, ns: &str, name: &str) -> Option<&mut RevisionEntry> {
        self.version += 1;
        self.by_ns.get_mut(ns)?.get_mut(name)
    }

    /// Stores a revision (replacing one of the same namespace and name).
    pub(crate) fn insert(&mut self, ns: &str, name: &str, entry: RevisionEntry) {
        self.version += 1;
        match self.by_ns.get_mut(ns) {
            Some(m) => {
                m.insert(name.to_string(), entry);
            }
            None => {
                self.by_ns
                    .insert(ns.to_string(), BTreeMap::from([(name.to_string(), entry)]));
            }
        }
    }

    /// Removes a revision.
    pub(crate) fn remove(&mut self, ns: &str, name: &str) -> Option<RevisionEntry> {
        self.version += 1;
        let m = self.by_ns.get_mut(ns)?;
        let out = m.remove(name);
        if m.is_empty() {
            self.by_ns.remove(ns);
        }
        out
    }

    /// Every revision, in (namespace, name) order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &RevisionEntry> {
        self.by_ns.values().flat_map(|m| m.values())
    }
}

/// The pod store: pods by id in a vector indexed by id (ids are handed out in increasing
/// order), so a lookup is one index instead of a tree walk. Leading empty slots are
/// trimmed, so memory follows the live pods, not every pod ever created.
///
/// Its pods are [`Slot`]s: with the `shared-stores` feature a clone of the store (a timeline
/// checkpoint) shares them, and a pod is copied only when one of the two changes it.
#[derive(Clone, Debug, Default)]
pub(crate) struct PodStore {
    /// Id of `slots[0]`.
    base: u64,
    slots: std::collections::VecDeque<Option<Slot<PodEntry>>>,
    len: usize,
}

impl PodStore {
    fn index(&self, id: PodId) -> Option<usize> {
        usize::try_from(id.checked_sub(self.base)?).ok()
    }

    /// The pod with this id.
    pub(crate) fn get(&self, id: &PodId) -> Option<&PodEntry> {
        self.slots.get(self.index(*id)?)?.as_deref()
    }

    /// The pod with this id, mutably (copied first if a clone of the store shares it).
    pub(crate) fn get_mut(&mut self, id: &PodId) -> Option<&mut PodEntry> {
        let i = self.index(*id)?;
        self.slots.get_mut(i)?.as_mut().map(slot_mut)
    }

    /// Whether the pod exists.
    pub(crate) fn contains_key(&self, id: &PodId) -> bool {
        self.get(id).is_some()
    }

    /// Stores a pod under `id`, which must be larger than every id stored before.
    pub(crate) fn insert(&mut self, id: PodId, entry: PodEntry) {
        if self.slots.is_empty() {
            self.base = id;
        }
        let Some(i) = self.index(id) else {
            return;
        };
        while self.slots.len() <= i {
            self.slots.push_back(None);
        }
        if let Some(slot) = self.slots.get_mut(i) {
            if slot.is_none() {
                self.len += 1;
            }
            *slot = Some(Slot::new(entry));
        }
    }

    /// Removes a pod.
    pub(crate) fn remove(&mut self, id: &PodId) -> Option<PodEntry> {
        let i = self.index(*id)?;
        let out = self.slots.get_mut(i)?.take()?;
        self.len -= 1;
        while matches!(self.slots.front(), Some(None)) {
            self.slots.pop_front();
            self.base += 1;
        }
        if self.slots.is_empty() {
            self.base = 0;
        }
        Some(slot_into(out))
    }

    /// Number of pods.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// (id, pod) in id (creation) order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (PodId, &PodEntry)> {
        let base = self.base;
        self.slots
            .iter()
            .enumerate()
            .filter_map(move |(i, s)| s.as_deref().map(|p| (base + i as u64, p)))
    }

    /// Pods in id (creation) order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &PodEntry> {
        self.slots.iter().filter_map(|s| s.as_deref())
    }

    /// Pods of `self` that `other` (another copy of the store) does not share (compares
    /// pointers only: reads no pod).
    pub(crate) fn unshared_with(&self, other: &PodStore) -> usize {
        // The other copy's slot of the same pod: its slots start at its own `base`.
        unshared(self.slots.iter(), |i| {
            (self.base + i as u64)
                .checked_sub(other.base)
                .and_then(|j| usize::try_from(j).ok())
                .and_then(|j| other.slots.get(j))
                .and_then(Option::as_ref)
        })
    }
}

/// A stored pod or node. With the `shared-stores` feature it is shared between copies of the
/// store (a clone copies a pointer per record: a timeline checkpoint of 50,000 pods costs
/// their pointers, not the pods), and copied when one of the copies changes it
/// ([`slot_mut`]); without it (the light page, which never copies its simulation) a box of
/// its own, and no copying code.
#[cfg(feature = "shared-stores")]
type Slot<T> = Rc<T>;
/// See the `shared-stores` version.
#[cfg(not(feature = "shared-stores"))]
type Slot<T> = Box<T>;

/// Whether two slots are one record shared (with the `shared-stores` feature).
#[cfg(feature = "shared-stores")]
pub(crate) fn same_slot<T>(a: &Slot<T>, b: &Slot<T>) -> bool {
    Rc::ptr_eq(a, b)
}

/// Whether two slots are one record shared: never without the `shared-stores` feature.
#[cfg(not(feature = "shared-stores"))]
pub(crate) fn same_slot<T>(_: &Slot<T>, _: &Slot<T>) -> bool {
    false
}

/// How many records of `mine` (a store's slots, in order) the other copy of the store does not
/// share: `theirs(i)` is its slot of the record in the `i`th of `mine`. Compares pointers only
/// (reads no record).
fn unshared<'a, 'b, T: 'a + 'b>(
    mine: impl Iterator<Item = &'b Option<Slot<T>>>,
    theirs: impl Fn(usize) -> Option<&'a Slot<T>>,
) -> usize {
    mine.enumerate()
        .filter(|(i, s)| {
            let Some(mine) = s else { return false };
            !theirs(*i).is_some_and(|t| same_slot(mine, t))
        })
        .count()
}

/// The record in `slot`, to change: copied first when another copy of the store shares it.
#[cfg(feature = "shared-stores")]
fn slot_mut<T: Clone>(slot: &mut Slot<T>) -> &mut T {
    Rc::make_mut(slot)
}

/// The record in `slot`, to change.
#[cfg(not(feature = "shared-stores"))]
fn slot_mut<T>(slot: &mut Slot<T>) -> &mut T {
    slot
}

/// The record taken out of the store (a copy when another copy of the store shares it).
#[cfg(feature = "shared-stores")]
fn slot_into<T: Clone>(slot: Slot<T>) -> T {
    Rc::unwrap_or_clone(slot)
}

/// The record taken out of the store.
#[cfg(not(feature = "shared-stores"))]
#[allow(clippy::boxed_local)] // The store's box, taken out of it: unboxing is the point.
fn slot_into<T>(slot: Slot<T>) -> T {
    *slot
}

/// Pods by namespace and name (looked up without building owned keys).
///
/// A timeline checkpoint keeps none: it is rebuilt from the pods ([`PodNames::of`]) when the
/// checkpoint is made a simulation again, so the live simulation's never has to be copied.
#[derive(Clone, Debug, Default)]
pub(crate) struct PodNames {
    /// Only looked up, never iterated.
    by_ns: BTreeMap<String, FxHashMap<Rc<str>, PodId>>,
}

/// A hash map for indexes that are only looked up, never iterated.
pub(crate) type FxHashMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<super::events::FxHasher>>;

impl PodNames {
    /// The names of `pods`.
    pub(crate) fn of(pods: &PodStore) -> PodNames {
        let mut names = PodNames::default();
        for (id, p) in pods.iter() {
            names.insert(&p.namespace, &p.name, id);
        }
        names
    }

    /// The pod named `name` in `ns`.
    pub(crate) fn get(&self, ns: &str, name: &str) -> Option<&PodId> {
        self.by_ns.get(ns)?.get(name)
    }

    /// Whether a pod named `name` exists in `ns`.
    pub(crate) fn contains_key(&self, ns: &str, name: &str) -> bool {
        self.get(ns, name).is_some()
    }

    /// Records a pod's name (sharing the pod's string).
    pub(crate) fn insert(&mut self, ns: &str, name: &Rc<str>, id: PodId) {
        match self.by_ns.get_mut(ns) {
            Some(m) => {
                m.insert(name.clone(), id);
            }
            None => {
                let mut m = FxHashMap::default();
                m.insert(name.clone(), id);
                self.by_ns.insert(ns.to_string(), m);
            }
        }
    }

    /// Makes room for `more` names in `ns` (if it has pods already).
    pub(crate) fn reserve(&mut self, ns: &str, more: usize) {
        if let Some(m) = self.by_ns.get_mut(ns) {
            m.reserve(more);
        }
    }

    /// Forgets a pod's name.
    pub(crate) fn remove(&mut self, ns: &str, name: &str) {
        if let Some(m) = self.by_ns.get_mut(ns) {
            m.remove(name);
            if m.is_empty() {
                self.by_ns.remove(ns);
            }
        }
    }
}

/// A set of ids taken out smallest first (the DaemonSet and scheduling work queues): a
/// sorted deque, since ids are mostly queued in increasing order (appends) and taken from the
/// front.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdQueue {
    ids: std::collections::VecDeque<u64>,
}

impl IdQueue {
    /// Adds `id` (no-op if queued already).
    pub(crate) fn insert(&mut self, id: u64) {
        match self.ids.back() {
            None => self.ids.push_back(id),
            Some(&last) if last < id => self.ids.push_back(id),
            Some(&last) if last == id => {}
            Some(_) => {
                if let Err(at) = self.ids.binary_search(&id) {
                    self.ids.insert(at, id);
                }
            }
        }
    }

    /// Removes and returns the smallest id.
    pub(crate) fn pop_first(&mut self) -> Option<u64> {
        self.ids.pop_front()
    }

    /// Removes `id` if queued.
    pub(crate) fn remove(&mut self, id: &u64) {
        if let Ok(at) = self.ids.binary_search(id) {
            self.ids.remove(at);
        }
    }

    /// Whether nothing is queued.
    pub(crate) fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

impl Extend<u64> for IdQueue {
    fn extend<I: IntoIterator<Item = u64>>(&mut self, iter: I) {
        for id in iter {
            self.insert(id);
        }
    }
}

/// A map by internal id: the DaemonSets, and what the controller keeps per DaemonSet. Few
/// entries, looked up many times a sync (a 5,000-node replay looks them up millions of
/// times): the ids in one sorted vector, searched by bisection (a `BTreeMap` compares a node's
/// keys one by one), the values beside them. Walked in id order, as a `BTreeMap` is.
#[derive(Clone, Debug)]
pub(crate) struct IdMap<T> {
    keys: Vec<u64>,
    values: Vec<T>,
}

impl<T> Default for IdMap<T> {
    fn default() -> Self {
        IdMap {
            keys: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T> IdMap<T> {
    /// The value under `id`.
    pub(crate) fn get(&self, id: &u64) -> Option<&T> {
        self.values.get(self.keys.binary_search(id).ok()?)
    }

    /// The value under `id`, mutably.
    pub(crate) fn get_mut(&mut self, id: &u64) -> Option<&mut T> {
        self.values.get_mut(self.keys.binary_search(id).ok()?)
    }

    /// Stores `value` under `id`; returns the value it replaces.
    pub(crate) fn insert(&mut self, id: u64, value: T) -> Option<T> {
        match self.keys.binary_search(&id) {
            Ok(i) => self.values.get_mut(i).map(|v| std::mem::replace(v, value)),
            Err(i) => {
                self.keys.insert(i, id);
                self.values.insert(i, value);
                None
            }
        }
    }

    /// Removes the value under `id`.
    pub(crate) fn remove(&mut self, id: &u64) -> Option<T> {
        let i = self.keys.binary_search(id).ok()?;
        self.keys.remove(i);
        Some(self.values.remove(i))
    }

    /// (id, value) in id order.
    pub(crate) fn iter(
        &self,
    ) -> std::iter::Zip<std::slice::Iter<'_, u64>, std::slice::Iter<'_, T>> {
        self.keys.iter().zip(self.values.iter())
    }

    /// (id, value) in id order, values mutably.
    pub(crate) fn iter_mut(
        &mut self,
    ) -> std::iter::Zip<std::slice::Iter<'_, u64>, std::slice::IterMut<'_, T>> {
        self.keys.iter().zip(self.values.iter_mut())
    }

    /// Values in id order.
    pub(crate) fn values(&self) -> std::slice::Iter<'_, T> {
        self.values.iter()
    }
}

impl<'a, T> IntoIterator for &'a IdMap<T> {
    type Item = (&'a u64, &'a T);
    type IntoIter = std::iter::Zip<std::slice::Iter<'a, u64>, std::slice::Iter<'a, T>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Index of a node's slot in the [`NodeStore`] (stable while the node exists; a slot is
/// reused only after its node is removed).
pub(crate) type NodeIdx = u32;

/// The nodes: entries in slots addressed by [`NodeIdx`], a name index, and the slots in
/// name order, so that controllers walk nodes by name without comparing strings.
///
/// Its nodes are [`Slot`]s, as the [`PodStore`]'s pods are.
#[derive(Clone, Debug, Default)]
pub(crate) struct NodeStore {
    /// Pointers: growing the vector moves pointers, not node objects.
    slots: Vec<Option<Slot<NodeEntry>>>,
    free: Vec<NodeIdx>,
    /// Name → slot (only looked up, never iterated: `order` keeps the name order).
    by_name: FxHashMap<String, NodeIdx>,
    /// Live slots in name order.
    order: Vec<NodeIdx>,
    /// Per slot: its position in `order` (meaningless for free slots), up to date for the
    /// slots at `order[..ranked]`. An insert moves every later position, so positions are
    /// brought up to date when one is asked for ([`NodeStore::rank_of`]), not at each insert:
    /// a List of 122,000 Nodes whose names do not come in name order spent 15 % of its run
    /// renumbering (`perf`, nodes300k.yaml).
    rank: Vec<Cell<u32>>,
    /// How far `rank` is up to date, in `order`.
    ranked: Cell<usize>,
    /// Where a search for a free generated name (`worker-N`) starts, per template. Forgotten
    /// when a node is removed.
    name_starts: NameStarts,
}

impl NodeStore {
    /// Number of nodes.
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    /// Position of slot `i` in name order (`u32::MAX` for a free slot never ranked).
    pub(crate) fn rank_of(&self, i: NodeIdx) -> u32 {
        let from = self.ranked.get();
        if from < self.order.len() {
            // (Positions fit in a `u32`: slots are `u32`s.)
            let mut pos = u32::try_from(from).unwrap_or(u32::MAX);
            for &j in self.order.get(from..).unwrap_or_default() {
                if let Some(r) = self.rank.get(j as usize) {
                    r.set(pos);
                }
                pos = pos.wrapping_add(1);
            }
            self.ranked.set(self.order.len());
        }
        self.rank.get(i as usize).map_or(u32::MAX, Cell::get)
    }

    /// The slot of the node with this name.
    pub(crate) fn idx(&self, name: &str) -> Option<NodeIdx> {
        self.by_name.get(name).copied()
    }

    /// The slot of the node with this name, tried first at `hint` (a slot that held it once).
    pub(crate) fn idx_hint(&self, name: &str, hint: NodeIdx) -> Option<NodeIdx> {
        match self.at(hint) {
            // Usually `name` is the node's own shared name: no need to compare the bytes.
            Some(n)
                if (std::ptr::eq(n.name.as_ptr(), name.as_ptr()) && n.name.len() == name.len())
                    || *n.name == *name =>
            {
                Some(hint)
            }
            _ => self.idx(name),
        }
    }

    /// The node with this name, tried first at slot `hint`.
    pub(crate) fn get_hint(&self, name: &str, hint: NodeIdx) -> Option<&NodeEntry> {
        self.at(self.idx_hint(name, hint)?)
    }

    /// The node with this name, mutably, tried first at slot `hint`.
    pub(crate) fn get_mut_hint(&mut self, name: &str, hint: NodeIdx) -> Option<&mut NodeEntry> {
        let i = self.idx_hint(name, hint)?;
        self.at_mut(i)
    }

    /// The node with this name.
    pub(crate) fn get(&self, name: &str) -> Option<&NodeEntry> {
        self.at(self.idx(name)?)
    }

    /// The node with this name, mutably.
    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut NodeEntry> {
        let i = self.idx(name)?;
        self.at_mut(i)
    }

    /// Whether a node of this name exists.
    pub(crate) fn contains_key(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// The node in slot `i`.
    pub(crate) fn at(&self, i: NodeIdx) -> Option<&NodeEntry> {
        self.slots.get(i as usize)?.as_deref()
    }

    /// The node in slot `i`, mutably (copied first if a clone of the store shares it).
    pub(crate) fn at_mut(&mut self, i: NodeIdx) -> Option<&mut NodeEntry> {
        self.slots.get_mut(i as usize)?.as_mut().map(slot_mut)
    }

    /// One past the highest slot (live or free).
    pub(crate) fn slot_count(&self) -> usize {
        self.slots.len()
    }

    /// Live slots in name order.
    pub(crate) fn order(&self) -> &[NodeIdx] {
        &self.order
    }

    /// A copy sharing the nodes, without the name index (a timeline checkpoint's:
    /// [`NodeStore::reindex`] rebuilds it).
    pub(crate) fn without_index(&self) -> NodeStore {
        NodeStore {
            slots: self.slots.clone(),
            free: self.free.clone(),
            by_name: FxHashMap::default(),
            order: self.order.clone(),
            rank: self.rank.clone(),
            ranked: self.ranked.clone(),
            name_starts: self.name_starts.clone(),
        }
    }

    /// Rebuilds the name index from the nodes.
    pub(crate) fn reindex(&mut self) {
        let mut by_name = FxHashMap::default();
        by_name.reserve(self.order.len());
        for &i in &self.order {
            if let Some(n) = self.at(i) {
                by_name.insert(n.name.to_string(), i);
            }
        }
        self.by_name = by_name;
    }

    /// Nodes of `self` that `other` (another copy of the store) does not share (compares
    /// pointers only).
    pub(crate) fn unshared_with(&self, other: &NodeStore) -> usize {
        unshared(self.slots.iter(), |i| {
            other.slots.get(i).and_then(Option::as_ref)
        })
    }

    /// Stores a node under its name (replacing one of the same name); returns its slot.
    pub(crate) fn insert(&mut self, entry: NodeEntry) -> NodeIdx {
        if let Some(i) = self.idx(&entry.name) {
            if let Some(slot) = self.slots.get_mut(i as usize) {
                *slot = Some(Slot::new(entry));
            }
            return i;
        }
        let i = match self.free.pop() {
            Some(i) => i,
            None => {
                self.slots.push(None);
                NodeIdx::try_from(self.slots.len() - 1).unwrap_or(NodeIdx::MAX)
            }
        };
        self.by_name.insert(entry.name.to_string(), i);
        let pos = self.order.partition_point(|&j| {
            self.slots
                .get(j as usize)
                .and_then(|s| s.as_deref())
                .is_some_and(|n| n.name < entry.name)
        });
        if let Some(slot) = self.slots.get_mut(i as usize) {
            *slot = Some(Slot::new(entry));
        }
        self.order.insert(pos, i);
        self.rerank(pos);
        i
    }

    /// Removes the node with this name.
    pub(crate) fn remove(&mut self, name: &str) -> Option<NodeEntry> {
        let i = self.by_name.remove(name)?;
        // A generated name may be free again below where the searches start.
        self.name_starts.clear();
        let out = self.slots.get_mut(i as usize)?.take();
        self.free.push(i);
        if let Some(pos) = self.order.iter().position(|&j| j == i) {
            self.order.remove(pos);
            self.rerank(pos);
        }
        out.map(slot_into)
    }

    /// Where a search for a free generated name of `template` starts (see
    /// [`super::node_lifecycle::free_node_name_from`]): 1 unless a search found a number since
    /// the last removal.
    pub(crate) fn name_search_start(&self, template: NodeTemplate) -> u64 {
        self.name_starts.get(template)
    }

    /// Records that a search for `template` found the number `found` free (every lower one
    /// taken): the next search starts there.
    pub(crate) fn set_name_search_start(&mut self, template: NodeTemplate, found: u64) {
        self.name_starts.set(template, found);
    }

    /// Marks `rank` out of date for the slots at `order[from..]`.
    fn rerank(&mut self, from: usize) {
        self.rank.resize(self.slots.len(), Cell::new(u32::MAX));
        self.ranked.set(self.ranked.get().min(from));
    }

    /// (name, node) in name order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &NodeEntry)> {
        self.values().map(|n| (&*n.name, n))
    }

    /// Nodes in name order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &NodeEntry> {
        self.order.iter().filter_map(|&i| self.at(i))
    }
}

/// A set of nodes (the DaemonSet controller's dirty nodes): membership bits per slot, plus names of
/// nodes that did not exist when they were added (looked up again when taken).
#[derive(Clone, Debug, Default)]
pub(crate) struct NodeSet {
    bits: Vec<u64>,
    members: Vec<NodeIdx>,
    missing: BTreeSet<String>,
    /// A vector [`NodeSet::take_sorted`] returned, given back ([`NodeSet::give_back`]) to be
    /// filled by the next one: a sync of a few nodes allocates nothing.
    spare: Vec<NodeIdx>,
}

impl NodeSet {
    /// Whether slot `i` is in the set.
    pub(crate) fn contains(&self, i: NodeIdx) -> bool {
        self.bits
            .get((i / 64) as usize)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }

    /// Adds slot `i`.
    pub(crate) fn insert(&mut self, i: NodeIdx) {
        let w = (i / 64) as usize;
        if self.bits.len() <= w {
            self.bits.resize(w + 1, 0);
        }
        if let Some(word) = self.bits.get_mut(w) {
            let b = 1u64 << (i % 64);
            if *word & b == 0 {
                *word |= b;
                self.members.push(i);
            }
        }
    }

    /// Adds the node named `name` (by slot when it exists), tried first at slot `hint`.
    pub(crate) fn insert_name_hint(&mut self, nodes: &NodeStore, name: &str, hint: NodeIdx) {
        match nodes.idx_hint(name, hint) {
            Some(i) => self.insert(i),
            None => self.insert_missing(name),
        }
    }

    /// Adds the node named `name` (by slot when it exists).
    pub(crate) fn insert_name(&mut self, nodes: &NodeStore, name: &str) {
        match nodes.idx(name) {
            Some(i) => self.insert(i),
            None => self.insert_missing(name),
        }
    }

    /// Adds the name of a node that does not exist (now).
    pub(crate) fn insert_missing(&mut self, name: &str) {
        if !self.missing.contains(name) {
            self.missing.insert(name.to_string());
        }
    }

    /// Forgets the name of a node that does not exist.
    pub(crate) fn remove_name(&mut self, name: &str) {
        self.missing.remove(name);
    }

    /// Removes slot `i`.
    pub(crate) fn remove(&mut self, i: NodeIdx) {
        if !self.contains(i) {
            return;
        }
        if let Some(word) = self.bits.get_mut((i / 64) as usize) {
            *word &= !(1u64 << (i % 64));
        }
        self.members.retain(|&m| m != i);
    }

    /// Empties the set.
    pub(crate) fn clear(&mut self) {
        for &m in &self.members {
            if let Some(word) = self.bits.get_mut((m / 64) as usize) {
                *word = 0;
            }
        }
        self.members.clear();
        self.missing.clear();
    }

    /// Empties the set, returning the slots of the nodes in it that exist, in name order.
    pub(crate) fn take_sorted(&mut self, nodes: &NodeStore) -> Vec<NodeIdx> {
        if !self.missing.is_empty() {
            for name in std::mem::take(&mut self.missing) {
                if let Some(i) = nodes.idx(&name) {
                    self.insert(i);
                }
            }
        }
        let mut out = std::mem::take(&mut self.spare);
        out.clear();
        if self.members.len().saturating_mul(16) >= nodes.len() {
            out.extend(nodes.order().iter().copied().filter(|&i| self.contains(i)));
        } else {
            out.extend(
                self.members
                    .iter()
                    .copied()
                    .filter(|&i| nodes.at(i).is_some()),
            );
            crate::sort::sort_by_rank(&mut out, |i| nodes.rank_of(i));
        }
        self.clear();
        out
    }

    /// Gives back a vector [`NodeSet::take_sorted`] returned (its contents are dropped), for
    /// the next one to fill.
    pub(crate) fn give_back(&mut self, mut v: Vec<NodeIdx>) {
        if v.capacity() > self.spare.capacity() {
            v.clear();
            self.spare = v;
        }
    }
}

// Tests may sort and parse as they like: they never reach the page (clippy.toml).
#[cfg(test)]
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    fn entry(name: &str) -> NodeEntry {
        NodeEntry {
            name: Rc::from(name),
            obj: Node::default(),
            created: SimTime(0),
            rv: 0,
            ordinal: 0,
            next_pod_ip: 0,
            ready: true,
            lost_since: None,
            usage: NodeUsage::default(),
            allocatable: Resources::default(),
            bound: BTreeSet::new(),
            unschedulable: BTreeSet::new(),
        }
    }

    fn names(nodes: &NodeStore) -> Vec<String> {
        nodes.iter().map(|(n, _)| n.to_string()).collect()
    }

    #[test]
    fn nodes_walk_in_name_order_and_slots_are_reused() {
        let mut nodes = NodeStore::default();
        for n in ["c", "a", "d", "b"] {
            nodes.insert(entry(n));
        }
        assert_eq!(names(&nodes), ["a", "b", "c", "d"]);
        let c = nodes.idx("c");
        assert!(nodes.remove("c").is_some());
        assert!(nodes.remove("c").is_none());
        assert_eq!(names(&nodes), ["a", "b", "d"]);
        // The freed slot goes to the next node, placed by its name.
        let aa = nodes.insert(entry("aa"));
        assert_eq!(Some(aa), c);
        assert_eq!(names(&nodes), ["a", "aa", "b", "d"]);
        assert_eq!(nodes.get("aa").map(|n| &*n.name), Some("aa"));
        assert_eq!(nodes.len(), 4);
    }

    /// Ranks are brought up to date when asked for: after inserts in any order, reads between
    /// them and removes, each live slot's rank is its position in name order.
    #[test]
    fn ranks_are_positions_in_name_order() {
        let mut nodes = NodeStore::default();
        let check = |nodes: &NodeStore| {
            for (pos, &i) in nodes.order().iter().enumerate() {
                assert_eq!(nodes.rank_of(i) as usize, pos);
            }
        };
        for i in [5, 50, 1, 500, 10, 0, 100, 7] {
            nodes.insert(entry(&format!("n{i}")));
            if i % 2 == 0 {
                check(&nodes);
            }
        }
        check(&nodes);
        assert!(nodes.remove("n10").is_some());
        nodes.insert(entry("n2"));
        assert!(nodes.remove("n0").is_some());
        check(&nodes);
        assert_eq!(nodes.rank_of(nodes.idx("n1").unwrap_or(0)), 0);
        assert_eq!(names(&nodes)[..3], ["n1", "n100", "n2"]);
    }

    #[test]
    fn node_sets_come_out_in_name_order() {
        let mut nodes = NodeStore::default();
        for i in (0..40).rev() {
            nodes.insert(entry(&format!("n{i:02}")));
        }
        for dense in [false, true] {
            let mut set = NodeSet::default();
            let picked: Vec<String> = (0..40)
                .rev()
                .filter(|i| dense || i % 13 == 0)
                .map(|i| format!("n{i:02}"))
                .collect();
            for n in &picked {
                set.insert_name(&nodes, n);
                set.insert_name(&nodes, n);
            }
            set.insert_name(&nodes, "zz");
            let got: Vec<String> = set
                .take_sorted(&nodes)
                .into_iter()
                .filter_map(|i| nodes.at(i).map(|n| n.name.to_string()))
                .collect();
            let mut want = picked.clone();
            want.sort();
            assert_eq!(got, want);
            assert!(set.take_sorted(&nodes).is_empty());
        }
        // A name added while missing is found once the node exists.
        let mut set = NodeSet::default();
        set.insert_name(&nodes, "zz");
        nodes.insert(entry("zz"));
        assert_eq!(set.take_sorted(&nodes), vec![nodes.idx("zz").unwrap_or(0)]);
    }
}
