//! Shared cluster builders for the simulation benchmarks (and the examples' arguments and
//! clocks).
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use dsplay_core::clock::SimDuration;
use dsplay_core::load::ApiObject;
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, Simulation, DEFAULT_CLUSTER};
use k8s_openapi::api::apps::v1::{DaemonSet, DaemonSetSpec};
use k8s_openapi::api::core::v1::{Container, Node, PodSpec, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use std::collections::BTreeMap;

/// Node `node-<i>` (Linux, defaults).
pub fn node(i: usize) -> ApiObject {
    ApiObject::Node(Box::new(Node {
        metadata: ObjectMeta {
            name: Some(format!("node-{i:05}")),
            labels: Some(BTreeMap::from([
                ("kubernetes.io/os".to_string(), "linux".to_string()),
                ("kubernetes.io/hostname".to_string(), format!("node-{i:05}")),
            ])),
            ..ObjectMeta::default()
        },
        spec: None,
        status: None,
    }))
}

/// DaemonSet `ds-<d>` on Linux nodes.
pub fn daemon_set(d: usize) -> ApiObject {
    let labels = BTreeMap::from([("app".to_string(), format!("ds-{d}"))]);
    ApiObject::DaemonSet(Box::new(DaemonSet {
        metadata: ObjectMeta {
            name: Some(format!("ds-{d}")),
            namespace: Some("default".into()),
            ..ObjectMeta::default()
        },
        spec: DaemonSetSpec {
            selector: LabelSelector {
                match_labels: Some(labels.clone()),
                match_expressions: None,
            },
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(labels),
                    ..ObjectMeta::default()
                }),
                spec: Some(PodSpec {
                    containers: vec![Container {
                        name: "agent".into(),
                        image: Some(format!("agent:{d}")),
                        ..Container::default()
                    }],
                    node_selector: Some(BTreeMap::from([(
                        "kubernetes.io/os".to_string(),
                        "linux".to_string(),
                    )])),
                    ..PodSpec::default()
                }),
            },
            ..DaemonSetSpec::default()
        },
        status: None,
    }))
}

/// `nodes` nodes and `daemon_sets` DaemonSets, applied but not yet synced beyond the
/// apply instant's first syncs.
pub fn unsettled(nodes: usize, daemon_sets: usize) -> Simulation {
    let mut sim = Simulation::new(1);
    sim.apply_objects((0..nodes).map(node).collect());
    sim.apply_objects((0..daemon_sets).map(daemon_set).collect());
    sim
}

/// `nodes` nodes without DaemonSets.
pub fn nodes_only(nodes: usize) -> Simulation {
    let mut sim = Simulation::new(1);
    sim.apply_objects((0..nodes).map(node).collect());
    sim
}

/// A settled cluster: one Ready pod per (node, DaemonSet).
pub fn settled(nodes: usize, daemon_sets: usize) -> Simulation {
    let mut sim = unsettled(nodes, daemon_sets);
    assert!(sim.settle(SimDuration::from_secs(3600)));
    sim
}

/// The page's saved run (`tests/e2e/harness.mjs`'s `sampleRunLog`, which the performance
/// scripts open): the default cluster, DaemonSets `agent-0` … (`agent-2` tolerating every
/// taint), `worker` template nodes added up to `nodes`, then two minutes.
pub fn sample_run(nodes: usize, daemon_sets: usize) -> Vec<Input> {
    let mut inputs: Vec<Input> = DEFAULT_CLUSTER
        .iter()
        .map(|(n, t)| {
            Input::Node(NodeOp::Add {
                name: Some(n.to_string()),
                template: *t,
            })
        })
        .collect();
    for i in 0..daemon_sets {
        let name = format!("agent-{i}");
        let extra = if i == 2 {
            "      tolerations:\n      - operator: Exists\n"
        } else {
            ""
        };
        inputs.push(Input::Apply {
            file: "daemonset.yaml".into(),
            text: format!("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n{extra}      containers:\n      - name: c\n        image: example.com/{name}:1\n        resources:\n          requests: {{cpu: 10m, memory: 16Mi}}\n"),
        });
    }
    for _ in DEFAULT_CLUSTER.len()..nodes {
        inputs.push(Input::Node(NodeOp::Add {
            name: None,
            template: NodeTemplate::Worker,
        }));
    }
    inputs.push(Input::Advance(SimDuration::from_secs(120)));
    inputs
}

/// The `i`th command-line argument as a number, else `default` (the examples' arguments).
pub fn arg<T: std::str::FromStr>(i: usize, default: T) -> T {
    std::env::args()
        .nth(i)
        .and_then(|a| T::from_str(&a).ok())
        .unwrap_or(default)
}

/// Milliseconds since `t`, in wall time.
pub fn ms(t: std::time::Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
