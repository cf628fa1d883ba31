//! Memory and wall-time probe for large clusters (no harness):
//! `cargo bench -p dsplay-core --bench memory`.
//!
//! Reads the process's resident set size from `/proc/self/status` (Linux) before and after
//! building and settling clusters, so no allocator hooks (and no `unsafe`) are needed.

#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::expect_used)]

mod common;
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{NodeOp, NodeTemplate};
use std::time::Instant;

fn rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

fn main() {
    for (nodes, dss) in [(1000, 10), (5000, 1), (5000, 10)] {
        let before = rss_kib().unwrap_or(0);
        let t = Instant::now();
        let mut sim = common::unsettled(nodes, dss);
        let applied = t.elapsed();
        let t = Instant::now();
        let settled = sim.settle(SimDuration::from_secs(3600));
        let settle = t.elapsed();
        let after = rss_kib().unwrap_or(0);
        let t = Instant::now();
        let counts = sim.sync_all_once();
        let full_sync = t.elapsed();
        let t = Instant::now();
        sim.node_op(NodeOp::Add {
            name: Some("extra".into()),
            template: NodeTemplate::Worker,
        })
        .unwrap();
        let add = t.elapsed();
        let t = Instant::now();
        sim.node_op(NodeOp::Remove {
            name: "node-00007".into(),
        })
        .unwrap();
        let remove = t.elapsed();
        println!(
            "{nodes} nodes x {dss} DaemonSets: {} pods, settled={settled}; apply {:?}, settle {:?}, full sync {:?} ({counts:?}), add node {:?}, remove node {:?}; RSS +{} MiB (total {} MiB)",
            sim.pod_count(),
            applied,
            settle,
            full_sync,
            add,
            remove,
            after.saturating_sub(before) / 1024,
            after / 1024,
        );
        drop(sim);
    }
}
