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
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, Simulation, DEFAULT_CLUSTER};
use std::time::Instant;

fn ds(name: &str, extra: &str) -> String {
    format!("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n{extra}      containers:\n      - name: c\n        image: example.com/{name}:1\n        resources:\n          requests: {{cpu: 10m, memory: 16Mi}}\n")
}

fn main() {
    let arg = |i: usize, d: usize| {
        std::env::args()
            .nth(i)
            .and_then(|a| a.parse().ok())
            .unwrap_or(d)
    };
    let (nodes, dss, runs) = (arg(1, 5000), arg(2, 10), arg(3, 3));
    let mut inputs: Vec<Input> = DEFAULT_CLUSTER
        .iter()
        .map(|(n, t)| {
            Input::Node(NodeOp::Add {
                name: Some(n.to_string()),
                template: *t,
            })
        })
        .collect();
    for i in 0..dss {
        let extra = if i == 2 {
            "      tolerations:\n      - operator: Exists\n"
        } else {
            ""
        };
        inputs.push(Input::Apply {
            file: "daemonset.yaml".into(),
            text: ds(&format!("agent-{i}"), extra),
        });
    }
    for _ in 4..nodes {
        inputs.push(Input::Node(NodeOp::Add {
            name: None,
            template: NodeTemplate::Worker,
        }));
    }
    inputs.push(Input::Advance(SimDuration::from_secs(120)));
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
