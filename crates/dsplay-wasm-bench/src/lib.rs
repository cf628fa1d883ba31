//! The core's `settle_from_no_pods` benchmark (the same clusters as
//! `cargo bench -p dsplay-core --bench sim`), split so that a caller can time
//! only the settle, natively ([`Bench`]) or from JavaScript in a browser
//! (`prepare` / `run` / `finish`, exported with wasm-bindgen).
//!
//! Run both and compare: `scripts/bench-wasm.sh` (see `docs/performance.md`).

#[path = "../../dsplay-core/benches/common/mod.rs"]
mod common;

use dsplay_core::clock::SimDuration;
use dsplay_core::load::ApiObject;
use dsplay_core::sim::Simulation;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

/// One settle of `nodes` nodes × `daemon_sets` DaemonSets from no pods, in three steps
/// so that only [`Bench::run`] need be timed (as criterion's `iter_batched` does).
pub struct Bench {
    base: Simulation,
    objects: Vec<ApiObject>,
    ready: Option<(Simulation, Vec<ApiObject>)>,
    done: Option<Simulation>,
}

impl Bench {
    /// A cluster of `nodes` nodes and no pods, and `daemon_sets` DaemonSets to apply.
    pub fn new(nodes: usize, daemon_sets: usize) -> Self {
        Bench {
            base: common::nodes_only(nodes),
            objects: (0..daemon_sets).map(common::daemon_set).collect(),
            ready: None,
            done: None,
        }
    }

    /// Untimed: a fresh copy of the cluster and the DaemonSets (and drops the last run's result).
    pub fn prepare(&mut self) {
        self.done = None;
        self.ready = Some((self.base.clone(), self.objects.clone()));
    }

    /// Timed: applies the DaemonSets and settles; returns the number of pods, or 0 when
    /// [`Bench::prepare`] was not called first or the cluster did not settle.
    pub fn run(&mut self) -> usize {
        let Some((mut sim, objects)) = self.ready.take() else {
            return 0;
        };
        sim.apply_objects(objects);
        let settled = sim.settle(SimDuration::from_secs(3600));
        let pods = if settled { sim.pod_count() } else { 0 };
        // Kept, so that dropping the cluster is not timed.
        self.done = Some(sim);
        pods
    }
}

thread_local! {
    static BENCH: RefCell<Option<Bench>> = const { RefCell::new(None) };
}

/// JavaScript: builds the cluster for [`run`] (untimed).
#[wasm_bindgen]
pub fn setup(nodes: usize, daemon_sets: usize) {
    BENCH.with(|b| *b.borrow_mut() = Some(Bench::new(nodes, daemon_sets)));
}

/// JavaScript: [`Bench::prepare`] (untimed).
#[wasm_bindgen]
pub fn prepare() {
    BENCH.with(|b| b.borrow_mut().as_mut().map(Bench::prepare));
}

/// JavaScript: [`Bench::run`] (the part to time).
#[wasm_bindgen]
pub fn run() -> usize {
    BENCH.with(|b| b.borrow_mut().as_mut().map_or(0, Bench::run))
}
