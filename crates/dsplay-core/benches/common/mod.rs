//! Shared cluster builders for the simulation benchmarks.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use dsplay_core::clock::SimDuration;
use dsplay_core::load::ApiObject;
use dsplay_core::sim::Simulation;
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
