//! Times opening a saved run natively, as the page does (`Simulation::replay`, then the first
//! `view_changes`): the default cluster, DAEMONSETS DaemonSets, workers added one by one up to
//! NODES, two minutes (the run of `tests/e2e/harness.mjs` `sampleRunLog`, which
//! `tests/e2e/share-perf.mjs` opens in the page). A program to run under `perf`:
//! `cargo run --profile bench -p dsplay-core --example open_cost -- [NODES] [DAEMONSETS] [RUNS]`
//! (default 5,000 × 10, 3 runs; docs/performance.md).
#![allow(
    clippy::disallowed_methods,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]
use dsplay_core::sim::Simulation;
use std::time::Instant;

// The page's saved run (`sample_run`).
#[path = "../benches/common/mod.rs"]
mod common;

fn main() {
    let arg = |i: usize, d: usize| common::arg(i, d);
    let (nodes, dss, runs) = (arg(1, 5000), arg(2, 10), arg(3, 3));
    let inputs = common::sample_run(nodes, dss);
    for _ in 0..runs {
        let t = Instant::now();
        let mut sim = Simulation::replay(1, &inputs);
        let replay = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let delta = sim.view_changes();
        let view = t.elapsed().as_secs_f64() * 1000.0;
        println!(
            "{nodes} nodes x {dss} DaemonSets: replay {replay:.1} ms ({} pods, {} timers), first view_changes {view:.1} ms ({} nodes)",
            sim.pod_count(),
            sim.timers_fired(),
            delta.nodes.len()
        );
    }
}
