//! Times `Simulation::view` at 100 and 1,000 nodes × 3 DaemonSets (the page's sizes), or,
//! given `NODES DAEMONSETS [RUNS]`, each per-input step the page takes on that cluster (the
//! input, then `view_changes`: Add node, cordon and uncordon, an extra DaemonSet):
//! `cargo run --profile bench -p dsplay-core --example view_cost -- 5000 10 5`
//! (docs/performance.md, "5,000 nodes in the page").
#![allow(
    clippy::disallowed_methods,
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs
)]
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, Simulation};
use std::time::Instant;

fn ds(name: &str) -> String {
    format!("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers:\n      - name: c\n        image: example.com/{name}:1\n        resources:\n          requests: {{cpu: 10m, memory: 16Mi}}\n")
}

fn main() {
    let arg = |i: usize| {
        std::env::args()
            .nth(i)
            .and_then(|a| a.parse::<usize>().ok())
    };
    if let (Some(nodes), Some(dss)) = (arg(1), arg(2)) {
        per_input(nodes, dss, arg(3).unwrap_or(5));
        return;
    }
    load_cost();
    for nodes in [100usize, 1000] {
        let mut sim = cluster(nodes, 3);
        let n = 50;
        let t = Instant::now();
        let mut events = 0;
        for _ in 0..n {
            events = sim.view().events.len();
        }
        let view = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(sim.explain_all());
        }
        let explain = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        let _ = sim.view_changes();
        sim.step(Input::Apply {
            file: "d.yaml".into(),
            text: ds("extra0"),
        })
        .unwrap();
        let t = Instant::now();
        let d = sim.view_changes();
        let delta_ms = t.elapsed().as_secs_f64() * 1000.0;
        println!(
            "  view_changes after an apply: {delta_ms:.2} ms ({} nodes)",
            d.nodes.len()
        );
        let t = Instant::now();
        sim.step(Input::Node(NodeOp::Add {
            name: None,
            template: NodeTemplate::Worker,
        }))
        .unwrap();
        let add = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        sim.step(Input::Apply {
            file: "d.yaml".into(),
            text: ds("extra"),
        })
        .unwrap();
        let apply = t.elapsed().as_secs_f64() * 1000.0;
        println!("{nodes} nodes: view {view:.2} ms ({events} events), explain_all {explain:.2} ms, add node {add:.2} ms, apply {apply:.2} ms, pods {}", sim.pod_count());
    }
}

/// Loading a small DaemonSet (what Apply parses).
#[allow(dead_code)]
fn load_cost() {
    let text = ds("extra");
    let n = 2000;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(dsplay_core::load::load("d.yaml", &text));
    }
    println!(
        "load of a small DaemonSet: {:.1} µs",
        t.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}

/// Milliseconds since `t`.
fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// The page's per-input work on NODES × DAEMONSETS: the input, then `view_changes`; medians
/// of `runs`.
fn per_input(nodes: usize, dss: usize, runs: usize) {
    let mut sim = cluster(nodes, dss);
    let t = Instant::now();
    let _ = sim.view_changes();
    println!(
        "{nodes} nodes x {dss} DaemonSets ({} pods): first view_changes {:.1} ms",
        sim.pod_count(),
        ms(t)
    );
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let timed = |label: &str, sim: &mut Simulation, input: &dyn Fn(usize) -> Input| {
        let (mut step, mut view) = (Vec::new(), Vec::new());
        for r in 0..runs {
            let t = Instant::now();
            let _ = sim.step(input(r));
            step.push(ms(t));
            let t = Instant::now();
            let d = std::hint::black_box(sim.view_changes());
            view.push(ms(t));
            drop(d);
        }
        println!(
            "  {label}: input {:.2} ms, view_changes {:.2} ms (medians of {runs})",
            median(step),
            median(view)
        );
    };
    timed("Add node", &mut sim, &|_| {
        Input::Node(NodeOp::Add {
            name: None,
            template: NodeTemplate::Worker,
        })
    });
    timed("Cordon / uncordon worker-2", &mut sim, &|r| {
        let name = "worker-2".to_string();
        Input::Node(if r % 2 == 0 {
            NodeOp::Cordon { name }
        } else {
            NodeOp::Uncordon { name }
        })
    });
    timed("Apply a new DaemonSet", &mut sim, &|r| Input::Apply {
        file: "d.yaml".into(),
        text: ds(&format!("extra-{r}")),
    });
    // The page's way (`CARDS_PER_TASK` in dsplay-app's state.rs): the view in parts of 500
    // cards, one task each.
    let (mut step, mut first, mut longest, mut parts) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for r in 0..runs {
        let t = Instant::now();
        let _ = sim.step(Input::Apply {
            file: "d.yaml".into(),
            text: ds(&format!("parts-{r}")),
        });
        step.push(ms(t));
        let t = Instant::now();
        drop(std::hint::black_box(sim.view_changes_within(500)));
        first.push(ms(t));
        let mut most: f64 = 0.0;
        parts = 1;
        while sim.view_pending() > 0 {
            let t = Instant::now();
            drop(std::hint::black_box(sim.view_changes_within(500)));
            most = most.max(ms(t));
            parts += 1;
        }
        longest.push(most);
    }
    println!(
        "  Apply a new DaemonSet, the view in parts of 500 cards: input {:.2} ms, first part {:.2} ms, longest later part {:.2} ms, {parts} parts (medians of {runs})",
        median(step),
        median(first),
        median(longest)
    );
}

/// The default cluster with `dss` DaemonSets, workers added up to `nodes`, two minutes later.
fn cluster(nodes: usize, dss: usize) -> Simulation {
    let mut sim = Simulation::with_default_cluster(1);
    for i in 0..dss {
        sim.step(Input::Apply {
            file: "d.yaml".into(),
            text: ds(&format!("agent-{i}")),
        })
        .unwrap();
    }
    for _ in 4..nodes {
        sim.step(Input::Node(NodeOp::Add {
            name: None,
            template: NodeTemplate::Worker,
        }))
        .unwrap();
    }
    sim.step(Input::Advance(SimDuration::from_secs(120)))
        .unwrap();
    sim
}
