//! Builders for the predicates tests, in the spirit of Kubernetes' `newNode`, `newDaemonSet`.
#![allow(dead_code)]

use k8s_openapi::api::apps::v1::{DaemonSet, DaemonSetSpec};
use k8s_openapi::api::core::v1::{
    Affinity, Container, ContainerPort, Node, NodeAffinity, NodeSelector, NodeSelectorRequirement,
    NodeSelectorTerm, NodeSpec, NodeStatus, PodSpec, PodTemplateSpec, ResourceRequirements, Taint,
    Toleration,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use std::collections::BTreeMap;

pub fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// `simpleDaemonSetLabel` of daemon_controller_test.go.
pub fn simple_daemon_set_label() -> BTreeMap<String, String> {
    labels(&[("name", "simple-daemon"), ("type", "production")])
}

/// `simpleDaemonSetLabel2`.
pub fn simple_daemon_set_label2() -> BTreeMap<String, String> {
    labels(&[("name", "simple-daemon"), ("type", "test")])
}

/// `simpleNodeLabel`.
pub fn simple_node_label() -> BTreeMap<String, String> {
    labels(&[("color", "blue"), ("speed", "fast")])
}

/// `newNode(name, labels)`.
pub fn new_node(name: &str, node_labels: Option<BTreeMap<String, String>>) -> Node {
    Node {
        metadata: ObjectMeta {
            name: Some(name.to_string()),
            labels: node_labels,
            ..Default::default()
        },
        spec: Some(NodeSpec::default()),
        status: Some(NodeStatus::default()),
    }
}

pub fn taint(key: &str, value: &str, effect: &str) -> Taint {
    Taint {
        key: key.to_string(),
        value: if value.is_empty() {
            None
        } else {
            Some(value.to_string())
        },
        effect: effect.to_string(),
        time_added: None,
    }
}

pub fn toleration(key: &str, operator: &str, value: &str, effect: &str) -> Toleration {
    fn opt(s: &str) -> Option<String> {
        if s.is_empty() {
            None
        } else {
            Some(s.to_string())
        }
    }
    Toleration {
        key: opt(key),
        operator: opt(operator),
        value: opt(value),
        effect: opt(effect),
        toleration_seconds: None,
    }
}

/// `setNodeTaint`.
pub fn with_taints(mut node: Node, taints: Vec<Taint>) -> Node {
    node.spec.get_or_insert_with(Default::default).taints = Some(taints);
    node
}

pub fn unschedulable(mut node: Node) -> Node {
    node.spec.get_or_insert_with(Default::default).unschedulable = Some(true);
    node
}

pub fn with_allocatable(mut node: Node, pairs: &[(&str, &str)]) -> Node {
    let alloc = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Quantity(v.to_string())))
        .collect();
    node.status.get_or_insert_with(Default::default).allocatable = Some(alloc);
    node
}

pub fn container(name: &str) -> Container {
    Container {
        name: name.to_string(),
        image: Some("foo/bar".to_string()),
        ..Default::default()
    }
}

/// `newDaemonSet(name)`: selector and template labels `simpleDaemonSetLabel`, one container.
pub fn new_daemon_set(name: &str) -> DaemonSet {
    DaemonSet {
        metadata: ObjectMeta {
            name: Some(name.to_string()),
            namespace: Some("default".into()),
            ..Default::default()
        },
        spec: DaemonSetSpec {
            selector: LabelSelector {
                match_labels: Some(simple_daemon_set_label()),
                ..Default::default()
            },
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(simple_daemon_set_label()),
                    ..Default::default()
                }),
                spec: Some(PodSpec {
                    containers: vec![container("foo")],
                    ..Default::default()
                }),
            },
            ..Default::default()
        },
        status: None,
    }
}

pub fn ds_with_spec(spec: PodSpec) -> DaemonSet {
    let mut ds = new_daemon_set("ds");
    ds.spec.template.spec = Some(spec);
    ds
}

pub fn spec_mut(ds: &mut DaemonSet) -> &mut PodSpec {
    ds.spec.template.spec.get_or_insert_with(Default::default)
}

/// `setDaemonSetToleration`.
pub fn with_tolerations(mut ds: DaemonSet, tolerations: Vec<Toleration>) -> DaemonSet {
    spec_mut(&mut ds).tolerations = Some(tolerations);
    ds
}

pub fn quantities(pairs: &[(&str, &str)]) -> BTreeMap<String, Quantity> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Quantity(v.to_string())))
        .collect()
}

/// `resourceContainerSpec(memory, cpu)`.
pub fn resource_container_spec(memory: &str, cpu: &str) -> ResourceRequirements {
    ResourceRequirements {
        requests: Some(quantities(&[("memory", memory), ("cpu", cpu)])),
        ..Default::default()
    }
}

/// `resourcePodSpec(nodeName, memory, cpu)`.
pub fn resource_pod_spec(node_name: &str, memory: &str, cpu: &str) -> PodSpec {
    PodSpec {
        node_name: if node_name.is_empty() {
            None
        } else {
            Some(node_name.to_string())
        },
        containers: vec![Container {
            resources: Some(resource_container_spec(memory, cpu)),
            ..container("c")
        }],
        ..Default::default()
    }
}

pub fn host_port_spec(port: i32) -> PodSpec {
    PodSpec {
        containers: vec![Container {
            ports: Some(vec![ContainerPort {
                container_port: port,
                host_port: Some(port),
                ..Default::default()
            }]),
            ..container("c")
        }],
        ..Default::default()
    }
}

pub fn req(key: &str, op: &str, values: &[&str]) -> NodeSelectorRequirement {
    NodeSelectorRequirement {
        key: key.to_string(),
        operator: op.to_string(),
        values: if values.is_empty() {
            None
        } else {
            Some(values.iter().map(|v| v.to_string()).collect())
        },
    }
}

pub fn term(
    exprs: Vec<NodeSelectorRequirement>,
    fields: Vec<NodeSelectorRequirement>,
) -> NodeSelectorTerm {
    NodeSelectorTerm {
        match_expressions: if exprs.is_empty() { None } else { Some(exprs) },
        match_fields: if fields.is_empty() {
            None
        } else {
            Some(fields)
        },
    }
}

pub fn required_affinity(terms: Vec<NodeSelectorTerm>) -> Affinity {
    Affinity {
        node_affinity: Some(NodeAffinity {
            required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                node_selector_terms: terms,
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}
