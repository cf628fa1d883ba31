//! Criterion benchmarks of the simulation at 10 … 5,000 nodes × 1 and 10 DaemonSets:
//! one full sync of every DaemonSet, settling a cluster from no pods, adding one node,
//! removing one node. Run: `cargo bench -p dsplay-core --bench sim`.

mod common;
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{NodeOp, NodeTemplate};
use std::hint::black_box;
use std::time::Duration;

const SIZES: [(usize, usize); 8] = [
    (10, 1),
    (10, 10),
    (100, 1),
    (100, 10),
    (1000, 1),
    (1000, 10),
    (5000, 1),
    (5000, 10),
];

fn id(nodes: usize, dss: usize) -> String {
    format!("{nodes}n_x_{dss}ds")
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("sim");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (nodes, dss) in SIZES {
        let settled = common::settled(nodes, dss);
        g.bench_function(BenchmarkId::new("full_sync", id(nodes, dss)), |b| {
            let mut sim = settled.clone();
            b.iter(|| black_box(sim.sync_all_once()));
        });
        g.bench_function(
            BenchmarkId::new("settle_from_no_pods", id(nodes, dss)),
            |b| {
                let base = common::nodes_only(nodes);
                let objs: Vec<_> = (0..dss).map(common::daemon_set).collect();
                b.iter_batched(
                    || (base.clone(), objs.clone()),
                    |(mut sim, objs)| {
                        sim.apply_objects(objs);
                        black_box(sim.settle(SimDuration::from_secs(3600)));
                        // Returned so that dropping the whole cluster is not timed
                        // (as in the node benchmarks below).
                        sim
                    },
                    BatchSize::LargeInput,
                );
            },
        );
        g.bench_function(BenchmarkId::new("add_node", id(nodes, dss)), |b| {
            b.iter_batched(
                || settled.clone(),
                |mut sim| {
                    sim.node_op(NodeOp::Add {
                        name: Some("extra".into()),
                        template: NodeTemplate::Worker,
                    })
                    .map(|_| sim)
                },
                BatchSize::LargeInput,
            );
        });
        g.bench_function(BenchmarkId::new("remove_node", id(nodes, dss)), |b| {
            b.iter_batched(
                || settled.clone(),
                |mut sim| {
                    sim.node_op(NodeOp::Remove {
                        name: "node-00003".into(),
                    })
                    .map(|_| sim)
                },
                BatchSize::LargeInput,
            );
        });
    }
    g.finish();
}

criterion_group!(sim_benches, benches);
criterion_main!(sim_benches);
