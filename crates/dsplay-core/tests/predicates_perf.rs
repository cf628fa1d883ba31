//! Cost of `NodeShouldRunDaemonPod` (runs for every node × DaemonSet).
//! Run with `cargo test --release -p dsplay-core --test predicates_perf -- --ignored --nocapture`.

mod predicates_support;

use dsplay_core::predicates::node_should_run_daemon_pod;
use predicates_support::*;
use std::hint::black_box;
use std::time::Instant;

#[test]
#[ignore = "timing; run in release"]
fn node_should_run_daemon_pod_cost() {
    let node = with_taints(
        new_node(
            "worker-17",
            Some(labels(&[
                ("kubernetes.io/os", "linux"),
                ("kubernetes.io/arch", "amd64"),
                ("kubernetes.io/hostname", "worker-17"),
                ("node.kubernetes.io/instance-type", "m5.large"),
                ("topology.kubernetes.io/zone", "eu-west-1a"),
                ("disktype", "ssd"),
            ])),
        ),
        vec![
            taint("node.kubernetes.io/unschedulable", "", "NoSchedule"),
            taint("dedicated", "logging", "NoSchedule"),
            taint("soft", "", "PreferNoSchedule"),
        ],
    );
    let mut ds = with_tolerations(
        new_daemon_set("agent"),
        vec![
            toleration("dedicated", "Equal", "logging", "NoSchedule"),
            toleration(
                "node-role.kubernetes.io/control-plane",
                "Exists",
                "",
                "NoSchedule",
            ),
        ],
    );
    spec_mut(&mut ds).node_selector = Some(labels(&[("kubernetes.io/os", "linux")]));
    spec_mut(&mut ds).affinity = Some(required_affinity(vec![term(
        vec![
            req("kubernetes.io/arch", "In", &["amd64", "arm64"]),
            req("disktype", "Exists", &[]),
        ],
        vec![],
    )]));
    assert!(node_should_run_daemon_pod(&node, &ds).should_run);
    let n = 2_000_000u32;
    let start = Instant::now();
    for _ in 0..n {
        black_box(node_should_run_daemon_pod(black_box(&node), black_box(&ds)));
    }
    let per_call = start.elapsed().as_nanos() / u128::from(n);
    eprintln!("node_should_run_daemon_pod: {per_call} ns/call");
}
