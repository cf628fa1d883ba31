//! Settles an empty cluster of N nodes × D DaemonSets once (N, D from the arguments,
//! default 5,000 × 10), as the `settle_from_no_pods` benchmark does: a program to run under
//! `valgrind --tool=callgrind` or `perf`. Prints the wall time and a digest of the result.
#![allow(
    clippy::disallowed_methods,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]

#[path = "../benches/common/mod.rs"]
mod common;

use dsplay_core::clock::SimDuration;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let nodes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let dss: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let repeat: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    if args.next().as_deref() == Some("digest") {
        return digest(nodes, dss);
    }
    let base = common::nodes_only(nodes);
    let objs: Vec<_> = (0..dss).map(common::daemon_set).collect();
    let mut best = f64::MAX;
    for _ in 0..repeat {
        let mut sim = base.clone();
        let objs = objs.clone();
        let t = Instant::now();
        sim.apply_objects(objs);
        let settled = sim.settle(SimDuration::from_secs(3600));
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        best = best.min(ms);
        let view = sim.view();
        println!(
            "{nodes}x{dss}: settled={settled} {ms:.1} ms, pods={}, events={}, now={:?}",
            sim.pod_count(),
            view.events.len(),
            sim.now()
        );
        std::hint::black_box(&view);
    }
    println!("best {best:.1} ms");
}

/// FNV-1a of `bytes`, continuing from `h`.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// Prints digests of everything a settle produces (objects, events, watch stream, view), to
/// compare two builds.
fn digest(nodes: usize, dss: usize) {
    let mut sim = common::nodes_only(nodes);
    sim.record_watch(true);
    let _ = sim.take_watch_events();
    sim.apply_objects((0..dss).map(common::daemon_set).collect());
    let settled = sim.settle(SimDuration::from_secs(3600));
    let basis = 0xcbf2_9ce4_8422_2325;
    let objects = fnv(basis, sim.object_list().to_string().as_bytes());
    let events: Vec<_> = sim.events_newest_first().collect();
    let events = fnv(basis, serde_json::to_string(&events).unwrap().as_bytes());
    let watch = sim.take_watch_events();
    let n_watch = watch.len();
    let watch = fnv(basis, serde_json::to_string(&watch).unwrap().as_bytes());
    let view = fnv(
        basis,
        serde_json::to_string(&sim.view()).unwrap().as_bytes(),
    );
    println!(
        "{nodes}x{dss}: settled={settled} now={:?} objects={objects:016x} events={events:016x} watch={watch:016x} ({n_watch}) view={view:016x} counts={:?}",
        sim.now(),
        sim.sync_counts()
    );
}
