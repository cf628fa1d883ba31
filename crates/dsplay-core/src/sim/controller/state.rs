//! What the DaemonSet controller keeps besides the API objects' stores: its work queue, and
//! per DaemonSet what upstream's controller finds in its informers' caches at every sync
//! (its pods per node, each node's `NodeShouldRunDaemonPod`, the current revision, the
//! status each node counts in), how it runs, and what it has done.
//!
//! Only the controller's handlers (`handlers.rs`, called by the simulation after each API
//! write) and its sync change this state; the API server never does.

use super::super::cluster::{
    DaemonSetEntry, DaemonSetId, IdMap, IdQueue, NodeIdx, NodeSet, NodeStore, PodId, PodStore,
};
use super::super::template::PodTemplateData;
use super::super::SyncCounts;
use crate::clock::SimTime;
use crate::predicates::Placement;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// The DaemonSet controller's own state (upstream: its work queue, the caches its informers'
/// handlers fill, its failed-pod back-off).
#[derive(Clone, Debug, Default)]
pub(crate) struct Controller {
    /// DaemonSets waiting for a sync (the work queue: a key queued twice is synced once).
    pub queue: IdQueue,
    /// Live pods without a controller reference: candidates for adoption (`ClaimPods`).
    pub orphans: BTreeSet<PodId>,
    /// What it keeps about each DaemonSet between syncs.
    pub caches: IdMap<DaemonSetCache>,
    /// The controller runs only through `Simulation::sync_all_once`.
    pub manual_sync: bool,
    /// Every sync recomputes everything from the stores, as upstream's `syncDaemonSet` does
    /// (the oracle the incremental controller is tested against).
    pub full_resync: bool,
    /// Pods created and deleted so far.
    pub counts: SyncCounts,
}

/// The stores the controller reads (upstream: its informers' listers), borrowed while its
/// state is changed.
#[derive(Clone, Copy)]
pub(crate) struct Listers<'a> {
    /// The nodes.
    pub nodes: &'a NodeStore,
    /// The pods.
    pub pods: &'a PodStore,
    /// The DaemonSets.
    pub daemon_sets: &'a IdMap<DaemonSetEntry>,
    /// The DaemonSets by (namespace, name).
    pub daemon_sets_by_name: &'a BTreeMap<(String, String), DaemonSetId>,
}

/// What the controller remembers about one DaemonSet between syncs: what a sync of
/// upstream's would recompute from its informers' caches. The invariants that keep it equal
/// to a recompute are on `sync_daemon_set`.
#[derive(Clone, Debug)]
pub(crate) struct DaemonSetCache {
    /// The current revision (set by `constructHistory`).
    pub current: Option<CurrentRevision>,
    /// Names of the ControllerRevisions it owns.
    pub revisions: BTreeSet<String>,
    /// Canonical JSON of `spec.template` for `metadata.generation` (saves serialising it
    /// every sync).
    pub template_json: Option<(i64, Rc<str>)>,
    /// (revision store version, DaemonSet `resourceVersion`) when `constructHistory` last
    /// found nothing to do: while both stay the same, it still has nothing to do.
    pub history_clean: Option<(u64, u64)>,
    /// `<name>-`: its pods' `generateName`.
    pub pod_name_base: Rc<str>,
    /// Every node must be looked at in the next sync.
    pub dirty_all: bool,
    /// These nodes must be looked at in the next sync.
    pub dirty_nodes: NodeSet,
    /// Nodes, in name order, that still needed a pod when `BurstReplicas` cut the last sync's
    /// creations short, and had no pod then: looked at again in the next sync, where, while
    /// they still have no pod, they need one again (and the status they count in stands).
    pub waiting: Vec<NodeIdx>,
    /// Per-node state ([`NodeState`]), indexed by the node's slot: a sync walks it in one
    /// contiguous pass.
    pub per_node: PerNode,
    /// Its pods mapped to node names that do not exist, by name.
    pub pods_on_missing_nodes: BTreeMap<String, Vec<PodId>>,
    /// Its pods (terminating ones too) carrying each revision hash, for `cleanupHistory`.
    pub pods_by_hash: BTreeMap<String, u32>,
    /// Its non-terminating pods that are not updated (`IsPodUpdated`): a rollout has work
    /// to do while there are some.
    pub not_updated_pods: u32,
    /// Status counters summed over nodes.
    pub totals: StatusTotals,
    /// Upstream's `failedPodsBackoff`, keyed by (observedGeneration, node).
    pub failed_pods_backoff: BTreeMap<(i64, String), BackoffEntry>,
    /// Nodes a sync left alone because a failed pod's back-off ran, with when it ends: every
    /// sync from then on looks at them (they are marked dirty when it starts).
    pub backoff_ends: Vec<(SimTime, String)>,
}

impl DaemonSetCache {
    /// The state of a new DaemonSet named `name`: nothing known, every node to look at.
    pub(crate) fn new(name: &str) -> Self {
        DaemonSetCache {
            current: None,
            revisions: BTreeSet::new(),
            template_json: None,
            history_clean: None,
            pod_name_base: Rc::from(format!("{name}-")),
            dirty_all: true,
            dirty_nodes: NodeSet::default(),
            waiting: Vec::new(),
            per_node: PerNode::default(),
            pods_on_missing_nodes: BTreeMap::new(),
            pods_by_hash: BTreeMap::new(),
            not_updated_pods: 0,
            totals: StatusTotals::default(),
            failed_pods_backoff: BTreeMap::new(),
            backoff_ends: Vec::new(),
        }
    }

    /// The state for the node in slot `i`.
    pub(crate) fn node_state(&self, i: NodeIdx) -> Option<&NodeState> {
        self.per_node.get(i)
    }

    /// Marks the node named `name` (tried first at slot `hint`) for the next sync.
    pub(crate) fn mark_node_dirty(&mut self, nodes: &NodeStore, name: &str, hint: NodeIdx) {
        if !self.dirty_all {
            self.dirty_nodes.insert_name_hint(nodes, name, hint);
        }
    }
}

/// Status bits one node contributes to a DaemonSet's status.
pub(crate) mod status_bits {
    /// Counts in `desiredNumberScheduled`.
    pub const DESIRED: u8 = 1;
    /// Counts in `currentNumberScheduled`.
    pub const CURRENT: u8 = 2;
    /// Counts in `numberMisscheduled`.
    pub const MISSCHEDULED: u8 = 4;
    /// Counts in `numberReady`.
    pub const READY: u8 = 8;
    /// Counts in `numberAvailable`.
    pub const AVAILABLE: u8 = 16;
    /// Counts in `updatedNumberScheduled`.
    pub const UPDATED: u8 = 32;

    /// The node should run a daemon pod and has none (desired, not current): the page's
    /// overview shows it as missing ([`crate::view::NodeView::missing`]).
    pub fn is_missing(bits: u8) -> bool {
        bits & (DESIRED | CURRENT) == DESIRED
    }
}

/// One (DaemonSet, node) pair.
#[derive(Clone, Debug, Default)]
pub(crate) struct NodeState {
    /// Cached `NodeShouldRunDaemonPod`; `None` when it must be computed again.
    pub placement: Option<Placement>,
    /// The DaemonSet's pods mapped to this node (`getNodesToDaemonPods`), by id (creation order).
    pub pods: Vec<PodId>,
    /// The status bits this node contributed at the last sync.
    pub status_bits: u8,
}

/// Per-(generation, node) failed-pod back-off (a `flowcontrol.Backoff` entry).
#[derive(Clone, Copy, Debug)]
pub(crate) struct BackoffEntry {
    /// Current back-off.
    pub backoff_ms: u64,
    /// Last `Next` call.
    pub last_update: SimTime,
}

/// The status counters a DaemonSet's nodes add up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct StatusTotals {
    pub desired: i32,
    pub current: i32,
    pub misscheduled: i32,
    pub ready: i32,
    pub available: i32,
    pub updated: i32,
}

impl StatusTotals {
    /// Adds (`sign` = 1) or removes (`sign` = -1) one node's bits.
    pub(crate) fn apply(&mut self, bits: u8, sign: i32) {
        use status_bits::*;
        let f = |b: u8| if bits & b != 0 { sign } else { 0 };
        self.desired += f(DESIRED);
        self.current += f(CURRENT);
        self.misscheduled += f(MISSCHEDULED);
        self.ready += f(READY);
        self.available += f(AVAILABLE);
        self.updated += f(UPDATED);
    }
}

/// The DaemonSet's current revision, as the controller uses it to make pods.
#[derive(Clone, Debug)]
pub(crate) struct CurrentRevision {
    /// `controller-revision-hash` (shared: every sync reads it).
    pub hash: Rc<str>,
    /// The pod template, with automatic tolerations, shared by every pod of it.
    pub template: Rc<PodTemplateData>,
    /// Pod labels: template labels + hash + `pod-template-generation`.
    pub labels: Rc<BTreeMap<String, String>>,
    /// The template generation those labels carry, as the label value.
    pub generation_label: Option<String>,
}

/// Slots per chunk of [`PerNode`]: small, because a timeline checkpoint keeps a whole chunk
/// as it was when one of its states changes after it (autopilot's operations change nodes
/// all over the cluster: with chunks of 256, every checkpoint kept nearly all of them).
const PER_NODE_CHUNK: usize = 8;

/// Bytes of one slot of [`PerNode`] (not counting its pod list's own few bytes).
pub(crate) const STATE_SLOT_BYTES: usize = std::mem::size_of::<Option<NodeState>>();

/// A DaemonSet's per-node state indexed by node slot, in fixed-size chunks: dense to walk,
/// and growing it never moves what is stored. With the `shared-stores` feature the chunks
/// are shared between copies (a timeline checkpoint copies a pointer per chunk, not the
/// states and their pod lists), and a chunk is copied when one of the copies changes it.
#[derive(Clone, Debug, Default)]
pub(crate) struct PerNode {
    chunks: Vec<Chunk>,
}

/// [`PER_NODE_CHUNK`] states (see [`PerNode`]).
#[cfg(feature = "shared-stores")]
type Chunk = Rc<[Option<NodeState>]>;
/// [`PER_NODE_CHUNK`] states (see [`PerNode`]).
#[cfg(not(feature = "shared-stores"))]
type Chunk = Box<[Option<NodeState>]>;

/// A chunk's states, to change (the chunk copied first if another copy shares it).
#[cfg(feature = "shared-stores")]
fn chunk_mut(chunk: &mut Chunk) -> &mut [Option<NodeState>] {
    Rc::make_mut(chunk)
}

/// A chunk's states, to change.
#[cfg(not(feature = "shared-stores"))]
fn chunk_mut(chunk: &mut Chunk) -> &mut [Option<NodeState>] {
    chunk
}

impl PerNode {
    fn split(i: NodeIdx) -> (usize, usize) {
        let i = i as usize;
        (i / PER_NODE_CHUNK, i % PER_NODE_CHUNK)
    }

    /// The state for slot `i`.
    pub(crate) fn get(&self, i: NodeIdx) -> Option<&NodeState> {
        let (c, o) = Self::split(i);
        self.chunks.get(c)?.get(o)?.as_ref()
    }

    /// The state for slot `i`, mutably.
    pub(crate) fn get_mut(&mut self, i: NodeIdx) -> Option<&mut NodeState> {
        let (c, o) = Self::split(i);
        chunk_mut(self.chunks.get_mut(c)?).get_mut(o)?.as_mut()
    }

    /// The state for slot `i`, created empty if missing.
    pub(crate) fn entry(&mut self, i: NodeIdx) -> &mut NodeState {
        let (c, o) = Self::split(i);
        while self.chunks.len() <= c {
            self.chunks
                .push((0..PER_NODE_CHUNK).map(|_| None).collect::<Vec<_>>().into());
        }
        // In bounds: chunks were added up to `c`, and `o < PER_NODE_CHUNK`.
        chunk_mut(&mut self.chunks[c])[o].get_or_insert_with(NodeState::default)
    }

    /// Takes out the state for slot `i` (its node is gone).
    pub(crate) fn take(&mut self, i: NodeIdx) -> Option<NodeState> {
        let (c, o) = Self::split(i);
        chunk_mut(self.chunks.get_mut(c)?).get_mut(o)?.take()
    }

    /// Every stored state, mutably.
    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut NodeState> {
        self.chunks
            .iter_mut()
            .flat_map(|c| chunk_mut(c).iter_mut().flatten())
    }

    /// Slots stored (in whole chunks).
    pub(crate) fn slot_count(&self) -> usize {
        self.chunks.len() * PER_NODE_CHUNK
    }

    /// Slots of `self` in chunks that `other` (another copy) does not share.
    pub(crate) fn unshared_with(&self, other: &PerNode) -> usize {
        let shared = |i: usize, c: &Chunk| other.chunks.get(i).is_some_and(|o| same_chunk(c, o));
        self.chunks
            .iter()
            .enumerate()
            .filter(|(i, c)| !shared(*i, c))
            .count()
            * PER_NODE_CHUNK
    }
}

/// Whether two chunks are one, shared.
#[cfg(feature = "shared-stores")]
fn same_chunk(a: &Chunk, b: &Chunk) -> bool {
    Rc::ptr_eq(a, b)
}

/// Whether two chunks are one, shared: never without the `shared-stores` feature.
#[cfg(not(feature = "shared-stores"))]
fn same_chunk(_: &Chunk, _: &Chunk) -> bool {
    false
}

impl Controller {
    /// Per-node state slots of every DaemonSet (see [`PerNode::slot_count`]).
    pub(crate) fn state_slots(&self) -> usize {
        self.caches.values().map(|c| c.per_node.slot_count()).sum()
    }

    /// Per-node state slots of `self` that `other` (another copy) does not share.
    pub(crate) fn unshared_states(&self, other: &Controller) -> usize {
        self.caches
            .iter()
            .map(|(id, c)| match other.caches.get(id) {
                Some(o) => c.per_node.unshared_with(&o.per_node),
                None => c.per_node.slot_count(),
            })
            .sum()
    }
}
