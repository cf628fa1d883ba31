//! The page's autopilot run, natively: the saved run the performance scripts open
//! (`tests/e2e/harness.mjs`'s `sampleRunLog`: the default cluster, DaemonSets `agent-0` …,
//! `worker` template nodes up to NODES, 120 s) replayed with its timeline as the full build
//! opens it (`Timeline::replay`), then the autopilot at RATE operations a minute for MINUTES
//! of simulated time in the page's ticks (200 ms of simulated time at ×10), each tick's work
//! in pieces (`Autopilot::work_toward`), then the timeline and the view's changes (500 nodes
//! at most per look, as the page's `CARDS_PER_TASK`).
//! Prints each minute the process's resident memory, the checkpoints and what they keep for
//! themselves (`Checkpoints::pinned`, bytes), and at the end the slowest pieces, timeline
//! looks and view looks in CPU time (with their tick): what the page's longest tasks are made
//! of.
//! `cargo run --profile bench -p dsplay-core --example autopilot_page -- 5000 10 600 10`
//! (`0` as a fifth argument: no timeline, the baseline of memory). docs/performance.md,
//! "Autopilot".
#![allow(
    clippy::disallowed_methods,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    missing_docs
)]
use dsplay_core::autopilot::{Autopilot, Config};
use dsplay_core::clock::{SimDuration, SimTime};
use dsplay_core::sim::Simulation;
use dsplay_core::timeline::Timeline;
use std::time::Instant;

// The page's saved run (`sample_run`).
#[path = "../benches/common/mod.rs"]
mod common;
use common::ms;

/// This thread's CPU time so far in ms (`/proc/thread-self/schedstat`, Linux): what a piece
/// costs, whatever else the machine runs.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1e6
}

/// (VmRSS, VmHWM) in MiB.
fn rss_mib() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |k: &str| {
        s.lines()
            .find(|l| l.starts_with(k))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The slowest `n` of `(ms, tick)`.
fn slowest(name: &str, mut xs: Vec<(f64, u64)>, n: usize) {
    xs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let list: Vec<String> = xs
        .iter()
        .take(n)
        .map(|(ms, tick)| format!("{ms:.1} (tick {tick})"))
        .collect();
    let total: f64 = xs.iter().map(|x| x.0).sum();
    println!("  {name}: total {total:.0} ms; slowest {}", list.join(", "));
}

fn main() {
    let arg = |i: usize, d: u64| common::arg(i, d);
    let (nodes, dss, rate, minutes) = (arg(1, 5000), arg(2, 10), arg(3, 600), arg(4, 10));
    let with_timeline = arg(5, 1) != 0;
    let t = Instant::now();
    let inputs = common::sample_run(nodes as usize, dss as usize);
    let (mut sim, mut timeline) = if with_timeline {
        Timeline::replay(1, &inputs)
    } else {
        (Simulation::replay(1, &inputs), Timeline::new())
    };
    let _ = sim.view_changes();
    println!(
        "{nodes} nodes × {dss} DaemonSets opened in {:.0} ms ({} pods, {} checkpoints); RSS {:.1} MiB",
        ms(t),
        sim.pod_count(),
        timeline.checkpoints.len(),
        rss_mib().0
    );
    let mut config = Config::default();
    config.set("rate", &rate.to_string()).unwrap();
    config
        .set("min", &nodes.saturating_sub(100).to_string())
        .unwrap();
    config.set("max", &nodes.to_string()).unwrap();
    let mut pilot = Autopilot::start(config, &sim);
    let tick = SimDuration::from_millis(200);
    let ticks_per_minute = 300;
    let (mut pieces, mut looks, mut views) = (Vec::new(), Vec::new(), Vec::new());
    let start = sim.now();
    let mut refused = Vec::new();
    for n in 0..minutes * ticks_per_minute {
        let until = SimTime(start.0 + (n + 1) * tick.0);
        loop {
            let t = cpu_ms();
            let done = pilot.work_toward(&mut sim, until, &mut refused);
            pieces.push((cpu_ms() - t, n));
            if done {
                break;
            }
        }
        if with_timeline {
            let t = cpu_ms();
            timeline.observe(&mut sim);
            looks.push((cpu_ms() - t, n));
        }
        loop {
            let t = cpu_ms();
            std::hint::black_box(sim.view_changes_within(500));
            views.push((cpu_ms() - t, n));
            if sim.view_pending() == 0 {
                break;
            }
        }
        if (n + 1) % ticks_per_minute == 0 {
            let (rss, hwm) = rss_mib();
            println!(
                "minute {}: {} operations, {} nodes, {} pods, {} inputs; {} checkpoints every {} s keeping {} bytes for themselves (bound {}); RSS {rss:.1} MiB (peak {hwm:.1})",
                (n + 1) / ticks_per_minute,
                pilot.summary(&sim).operations,
                sim.node_count(),
                sim.pod_count(),
                sim.inputs().len(),
                timeline.checkpoints.len(),
                timeline.checkpoints.interval().as_millis() / 1000,
                timeline.checkpoints.pinned(),
                timeline.checkpoints.pinned_bound(),
            );
        }
    }
    println!("refused: {}", refused.len());
    slowest("autopilot pieces", pieces, 8);
    slowest("timeline looks", looks, 8);
    slowest("view looks", views, 8);
}
