//! The page's autopilot tick, natively: NODES × DAEMONSETS (default 5,000 × 10), the
//! autopilot at RATE operations a minute (default 600: issue 13's 10 a second) for MINUTES
//! of simulated time (default 1), in ticks of 2 s of simulated time (the page's clock at ×10);
//! each tick's autopilot work, the timeline's (status history and checkpoints) and the view's
//! changes are timed apart, and the run's inputs are replayed without the autopilot (the
//! simulation's own part):
//! `cargo run --profile bench -p dsplay-core --example autopilot_cost -- 5000 10 600 1`
//! (docs/performance.md, "Autopilot").
#![allow(
    clippy::disallowed_methods,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    missing_docs
)]
use dsplay_core::autopilot::{Autopilot, Config};
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::Input;
use dsplay_core::timeline::Timeline;
use std::time::Instant;

// The benchmarks' clusters (`node-00000` …, DaemonSets `ds-0` …, settled).
#[path = "../benches/common/mod.rs"]
mod common;
use common::ms;

fn stats(name: &str, mut xs: Vec<f64>) {
    xs.sort_by(f64::total_cmp);
    let sum: f64 = xs.iter().sum();
    println!(
        "  {name}: total {sum:.0} ms, per tick median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        xs[xs.len() / 2],
        xs[xs.len() * 95 / 100],
        xs[xs.len() - 1]
    );
}

fn main() {
    let arg = |i: usize, d: u64| common::arg(i, d);
    let (nodes, dss, rate, minutes) = (arg(1, 5000), arg(2, 10), arg(3, 600), arg(4, 1));
    let t = Instant::now();
    let mut sim = common::settled(nodes as usize, dss as usize);
    println!(
        "{nodes} nodes × {dss} DaemonSets settled in {:.0} ms",
        ms(t)
    );
    let base = sim.clone();
    let from = sim.inputs().len();
    let mut timeline = Timeline::new();
    timeline.observe(&mut sim);
    let _ = sim.view_changes();
    // The page's settings: the defaults, then the form's fields.
    let mut config = Config::default();
    config.set("rate", &rate.to_string()).unwrap();
    config
        .set("min", &nodes.saturating_sub(100).to_string())
        .unwrap();
    config.set("max", &nodes.to_string()).unwrap();
    let mut pilot = Autopilot::start(config, &sim);
    let tick = SimDuration::from_secs(2);
    let ticks = minutes * 30;
    let (mut pilot_ms, mut timeline_ms, mut view_ms) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ticks {
        let until = sim.now().plus(tick);
        let t = Instant::now();
        let _ = pilot.run_until(&mut sim, until);
        pilot_ms.push(ms(t));
        let t = Instant::now();
        timeline.observe(&mut sim);
        timeline_ms.push(ms(t));
        let t = Instant::now();
        std::hint::black_box(sim.view_changes());
        view_ms.push(ms(t));
    }
    let summary = pilot.summary(&sim);
    println!("{} ticks of 2 s: {}", ticks, summary.line());
    stats("autopilot (operations and the simulation)", pilot_ms);
    stats("timeline (statuses, checkpoints)", timeline_ms);
    stats("view changes", view_ms);
    // The same inputs without the autopilot: the simulation's own part.
    let inputs: Vec<Input> = sim.inputs()[from..]
        .iter()
        .map(|(_, i)| i.clone())
        .collect();
    let mut replay = base;
    let t = Instant::now();
    for input in inputs {
        let _ = replay.step(input);
    }
    println!(
        "  the same inputs replayed without the autopilot: {:.0} ms",
        ms(t)
    );
    let same = replay.inputs() == sim.inputs();
    println!("  (the replay's log is the run's: {same})");
    if !same {
        let (a, b) = (replay.inputs(), sim.inputs());
        let i = a
            .iter()
            .zip(b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        println!(
            "  lengths {} {}; first difference at {i}: {:?} / {:?}",
            a.len(),
            b.len(),
            a.get(i),
            b.get(i)
        );
    }
    let t = Instant::now();
    let copy = sim.checkpoint();
    println!("  one checkpoint: {:.1} ms", ms(t));
    let t = Instant::now();
    drop(copy);
    println!("  dropping it: {:.1} ms", ms(t));
}
