//! What the DaemonSet controller keeps besides the API objects' stores: its work queue, the
//! orphan pods its informer has seen, how it runs, and what it has done.

use super::super::cluster::{IdQueue, PodId};
use super::super::SyncCounts;
use std::collections::BTreeSet;

/// The DaemonSet controller's own state (upstream: its work queue and what its pod informer's
/// handlers index).
#[derive(Clone, Debug, Default)]
pub(crate) struct Controller {
    /// DaemonSets waiting for a sync (the work queue: a key queued twice is synced once).
    pub queue: IdQueue,
    /// Live pods without a controller reference: candidates for adoption (`ClaimPods`).
    pub orphans: BTreeSet<PodId>,
    /// The controller runs only through `Simulation::sync_all_once`.
    pub manual_sync: bool,
    /// Every sync recomputes everything from the stores, as upstream's `syncDaemonSet` does
    /// (the oracle the incremental controller is tested against).
    pub full_resync: bool,
    /// Pods created and deleted so far.
    pub counts: SyncCounts,
}
