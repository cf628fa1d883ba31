//! The scheduler's filters and FitError: in the style of pkg/scheduler/framework/plugins/
//! noderesources/fit_test.go (`TestEnoughRequests`), nodeports/node_ports_test.go
//! (`TestNodePorts`), nodeunschedulable_test.go and framework/types_test.go (`TestFitError_Error`).

mod predicates_support;

use dsplay_core::predicates::{
    all_fit_failures, daemon_pod_tolerations, fit_error_message, node_allocatable, pod_fits_node,
    pod_host_ports, pod_requests, FitFailure, NodeUsage,
};
use k8s_openapi::api::core::v1::{Container, ContainerPort, Node, PodSpec, ResourceRequirements};
use predicates_support::*;

fn insufficient(r: &str) -> FitFailure {
    FitFailure::Insufficient(r.to_string())
}

/// A node with allocatable cpu 10 (milli 10), memory 20 bytes, 32 pods, 5 `example.com/aaa`
/// — `makeAllocatableResources(10, 20, 32, 5, ...)` of fit_test.go.
fn fit_node() -> Node {
    with_allocatable(
        new_node("machine1", None),
        &[
            ("cpu", "10m"),
            ("memory", "20"),
            ("pods", "32"),
            ("example.com/aaa", "5"),
            ("ephemeral-storage", "20"),
        ],
    )
}

fn res(pairs: &[(&str, &str)]) -> Option<ResourceRequirements> {
    Some(ResourceRequirements {
        requests: Some(quantities(pairs)),
        ..Default::default()
    })
}

fn pod(containers: &[&[(&str, &str)]], init: &[&[(&str, &str)]]) -> PodSpec {
    let mk = |i: usize, r: &&[(&str, &str)]| Container {
        resources: res(r),
        ..container(&format!("c{i}"))
    };
    PodSpec {
        containers: containers
            .iter()
            .enumerate()
            .map(|(i, r)| mk(i, r))
            .collect(),
        init_containers: if init.is_empty() {
            None
        } else {
            Some(init.iter().enumerate().map(|(i, r)| mk(i, r)).collect())
        },
        ..Default::default()
    }
}

/// Usage from pods already on the node.
fn usage(pods: &[PodSpec]) -> NodeUsage {
    let mut u = NodeUsage::default();
    for p in pods {
        u.add_pod(p);
    }
    u
}

/// Mirrors `TestEnoughRequests` (noderesources/fit_test.go): cpu in millicores, memory in bytes.
#[test]
fn test_enough_requests() {
    let used_5_19 = pod(&[&[("cpu", "5m"), ("memory", "19")]], &[]);
    let used_10_20 = pod(&[&[("cpu", "10m"), ("memory", "20")]], &[]);
    let used_8_19 = pod(&[&[("cpu", "8m"), ("memory", "19")]], &[]);
    let used_9_19 = pod(&[&[("cpu", "9m"), ("memory", "19")]], &[]);
    let used_5_5 = pod(&[&[("cpu", "5m"), ("memory", "5")]], &[]);
    let cases: Vec<(&str, PodSpec, Vec<PodSpec>, Vec<FitFailure>)> = vec![
        ("no resources requested always fits", pod(&[&[]], &[]), vec![used_10_20.clone()], vec![]),
        (
            "too many resources fails",
            pod(&[&[("cpu", "1m"), ("memory", "1")]], &[]),
            vec![used_10_20.clone()],
            vec![insufficient("cpu"), insufficient("memory")],
        ),
        (
            "too many resources fails due to init container cpu",
            pod(&[&[("cpu", "1m"), ("memory", "1")]], &[&[("cpu", "3m"), ("memory", "1")]]),
            vec![used_8_19.clone()],
            vec![insufficient("cpu")],
        ),
        (
            "too many resources fails due to highest init container cpu",
            pod(&[&[("cpu", "1m"), ("memory", "1")]], &[&[("cpu", "3m"), ("memory", "1")], &[("cpu", "2m"), ("memory", "1")]]),
            vec![used_8_19.clone()],
            vec![insufficient("cpu")],
        ),
        (
            "too many resources fails due to init container memory",
            pod(&[&[("cpu", "1m"), ("memory", "1")]], &[&[("cpu", "1m"), ("memory", "3")]]),
            vec![pod(&[&[("cpu", "9m"), ("memory", "19")]], &[])],
            vec![insufficient("memory")],
        ),
        (
            "init container fits because it's the max, not sum, of containers and init containers",
            pod(&[&[("cpu", "1m"), ("memory", "1")]], &[&[("cpu", "1m"), ("memory", "1")]]),
            vec![used_9_19.clone()],
            vec![],
        ),
        (
            "multiple init containers fit because it's the max, not sum, of containers and init containers",
            pod(&[&[("cpu", "1m"), ("memory", "1")]], &[&[("cpu", "1m"), ("memory", "1")], &[("cpu", "1m"), ("memory", "1")]]),
            vec![used_9_19.clone()],
            vec![],
        ),
        ("both resources fit", pod(&[&[("cpu", "1m"), ("memory", "1")]], &[]), vec![used_5_5.clone()], vec![]),
        (
            "one resource memory fits",
            pod(&[&[("cpu", "2m"), ("memory", "1")]], &[]),
            vec![used_9_19.clone()],
            vec![insufficient("cpu")],
        ),
        (
            "one resource cpu fits",
            pod(&[&[("cpu", "1m"), ("memory", "2")]], &[]),
            vec![used_5_19.clone()],
            vec![insufficient("memory")],
        ),
        ("equal edge case", pod(&[&[("cpu", "5m"), ("memory", "1")]], &[]), vec![used_5_19.clone()], vec![]),
        (
            "equal edge case for init container",
            pod(&[&[("cpu", "4m"), ("memory", "1")]], &[&[("cpu", "5m"), ("memory", "1")]]),
            vec![used_5_19.clone()],
            vec![],
        ),
        ("extended resource fits", pod(&[&[("example.com/aaa", "1")]], &[]), vec![], vec![]),
        (
            "extended resource capacity enforced",
            pod(&[&[("example.com/aaa", "10")]], &[]),
            vec![],
            vec![insufficient("example.com/aaa")],
        ),
        (
            "extended resource capacity enforced for init container",
            pod(&[&[]], &[&[("example.com/aaa", "10")]]),
            vec![],
            vec![insufficient("example.com/aaa")],
        ),
        (
            "extended resource allocatable enforced",
            pod(&[&[("example.com/aaa", "1")]], &[]),
            vec![pod(&[&[("example.com/aaa", "5")]], &[])],
            vec![insufficient("example.com/aaa")],
        ),
        (
            "extended resource allocatable enforced for unknown resource",
            pod(&[&[("nvidia.com/gpu", "1")]], &[]),
            vec![],
            vec![insufficient("nvidia.com/gpu")],
        ),
        (
            "ephemeral storage",
            pod(&[&[("ephemeral-storage", "25")]], &[]),
            vec![],
            vec![insufficient("ephemeral-storage")],
        ),
    ];
    for (name, p, on_node, want) in cases {
        assert_eq!(
            pod_fits_node(&p, &fit_node(), &usage(&on_node)),
            want,
            "{name}"
        );
    }
}

/// `TestPredicateWithPodCount`-like: "even without specified resources, predicate fails when
/// there's no space for additional pod", and pods first in the list.
#[test]
fn too_many_pods() {
    let node = with_allocatable(
        new_node("n", None),
        &[("cpu", "1"), ("memory", "1Gi"), ("pods", "1")],
    );
    let full = usage(&[pod(&[&[]], &[])]);
    assert_eq!(
        pod_fits_node(&pod(&[&[]], &[]), &node, &full),
        vec![FitFailure::TooManyPods]
    );
    assert_eq!(
        pod_fits_node(&pod(&[&[("cpu", "2")]], &[]), &node, &full),
        vec![FitFailure::TooManyPods, insufficient("cpu")]
    );
    assert_eq!(
        pod_fits_node(&pod(&[&[]], &[]), &node, &NodeUsage::default()),
        vec![]
    );
}

/// Requests default to limits (`SetDefaults_Pod`); sidecars add up; overhead is added.
#[test]
fn test_pod_requests() {
    let limits_only = PodSpec {
        containers: vec![Container {
            resources: Some(ResourceRequirements {
                limits: Some(quantities(&[("cpu", "500m"), ("memory", "128Mi")])),
                requests: Some(quantities(&[("cpu", "100m")])),
                ..Default::default()
            }),
            ..container("c")
        }],
        overhead: Some(quantities(&[("cpu", "10m"), ("memory", "1Mi")])),
        ..Default::default()
    };
    let r = pod_requests(&limits_only);
    assert_eq!(r.cpu_milli, 110, "request wins over limit, plus overhead");
    assert_eq!(
        r.memory_milli,
        (128 + 1) * 1024 * 1024 * 1000,
        "limit defaults the request"
    );

    // A sidecar (restartPolicy Always) adds to the containers; a regular init container after
    // it runs alongside it.
    let mut sidecar = pod(
        &[&[("cpu", "100m")]],
        &[&[("cpu", "50m")], &[("cpu", "300m")]],
    );
    sidecar.init_containers.as_mut().unwrap()[0].restart_policy = Some("Always".into());
    assert_eq!(pod_requests(&sidecar).cpu_milli, 350, "max(100+50, 300+50)");

    // Fractional memory rounds up to whole bytes.
    assert_eq!(
        pod_requests(&pod(&[&[("memory", "1500m")]], &[])).memory_milli,
        2000
    );
}

#[test]
fn node_allocatable_falls_back_to_capacity() {
    let mut node = new_node("n", None);
    node.status.as_mut().unwrap().capacity = Some(quantities(&[
        ("cpu", "4"),
        ("memory", "16Gi"),
        ("pods", "110"),
    ]));
    let a = node_allocatable(&node);
    assert_eq!((a.cpu_milli, a.pods), (4000, 110));
    assert_eq!(a.memory_milli, 16 * 1024 * 1024 * 1024 * 1000);
    let with_alloc = with_allocatable(
        node,
        &[("cpu", "3500m"), ("pods", "100"), ("nvidia.com/gpu", "2")],
    );
    let a = node_allocatable(&with_alloc);
    assert_eq!(
        (
            a.cpu_milli,
            a.pods,
            a.extended.get("nvidia.com/gpu").copied()
        ),
        (3500, 100, Some(2000))
    );
    assert_eq!(node_allocatable(&Node::default()), Default::default());
}

fn ports_pod(ports: &[(&str, &str, i32)]) -> PodSpec {
    PodSpec {
        containers: vec![Container {
            ports: Some(
                ports
                    .iter()
                    .map(|(proto, ip, port)| ContainerPort {
                        container_port: *port,
                        host_port: Some(*port),
                        host_ip: if ip.is_empty() {
                            None
                        } else {
                            Some(ip.to_string())
                        },
                        protocol: if proto.is_empty() {
                            None
                        } else {
                            Some(proto.to_string())
                        },
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..container("c")
        }],
        ..Default::default()
    }
}

/// Mirrors `TestNodePorts` (nodeports/node_ports_test.go), case by case.
#[test]
fn test_node_ports() {
    let node = with_allocatable(new_node("n", None), &[("pods", "110")]);
    let conflict = vec![FitFailure::HostPortConflict];
    let cases: Vec<(&str, PodSpec, PodSpec, Vec<FitFailure>)> = vec![
        ("nothing running", ports_pod(&[]), ports_pod(&[]), vec![]),
        (
            "other port",
            ports_pod(&[("UDP", "127.0.0.1", 8080)]),
            ports_pod(&[("UDP", "127.0.0.1", 9090)]),
            vec![],
        ),
        (
            "same udp port",
            ports_pod(&[("UDP", "127.0.0.1", 8080)]),
            ports_pod(&[("UDP", "127.0.0.1", 8080)]),
            conflict.clone(),
        ),
        (
            "same tcp port",
            ports_pod(&[("TCP", "127.0.0.1", 8080)]),
            ports_pod(&[("TCP", "127.0.0.1", 8080)]),
            conflict.clone(),
        ),
        (
            "different host ip",
            ports_pod(&[("TCP", "127.0.0.1", 8080)]),
            ports_pod(&[("TCP", "127.0.0.2", 8080)]),
            vec![],
        ),
        (
            "different protocol",
            ports_pod(&[("UDP", "127.0.0.1", 8080)]),
            ports_pod(&[("TCP", "127.0.0.1", 8080)]),
            vec![],
        ),
        (
            "second udp port conflict",
            ports_pod(&[("UDP", "127.0.0.1", 8000), ("UDP", "127.0.0.1", 8080)]),
            ports_pod(&[("UDP", "127.0.0.1", 8080)]),
            conflict.clone(),
        ),
        (
            "first tcp port conflict",
            ports_pod(&[("TCP", "127.0.0.1", 8001), ("UDP", "127.0.0.1", 8080)]),
            ports_pod(&[("TCP", "127.0.0.1", 8001), ("UDP", "127.0.0.1", 8081)]),
            conflict.clone(),
        ),
        (
            "first tcp port conflict due to 0.0.0.0 hostIP",
            ports_pod(&[("TCP", "0.0.0.0", 8001)]),
            ports_pod(&[("TCP", "127.0.0.1", 8001)]),
            conflict.clone(),
        ),
        (
            "TCP hostPort conflict due to 0.0.0.0 hostIP",
            ports_pod(&[("TCP", "10.0.10.10", 8001), ("TCP", "0.0.0.0", 8001)]),
            ports_pod(&[("TCP", "127.0.0.1", 8001)]),
            conflict.clone(),
        ),
        (
            "second tcp port conflict to 0.0.0.0 hostIP",
            ports_pod(&[("TCP", "127.0.0.1", 8001)]),
            ports_pod(&[("TCP", "0.0.0.0", 8001)]),
            conflict.clone(),
        ),
        (
            "second different protocol",
            ports_pod(&[("UDP", "127.0.0.1", 8001)]),
            ports_pod(&[("TCP", "0.0.0.0", 8001)]),
            vec![],
        ),
        (
            "UDP hostPort conflict due to 0.0.0.0 hostIP",
            ports_pod(&[("UDP", "0.0.0.0", 8001)]),
            ports_pod(&[("TCP", "127.0.0.1", 8001), ("UDP", "127.0.0.1", 8001)]),
            conflict.clone(),
        ),
        (
            "empty hostIP and protocol mean 0.0.0.0 and TCP",
            ports_pod(&[("", "", 666)]),
            ports_pod(&[("TCP", "10.0.0.1", 666)]),
            conflict.clone(),
        ),
    ];
    for (name, pod, existing, want) in cases {
        assert_eq!(
            pod_fits_node(&pod, &node, &usage(&[existing])),
            want,
            "{name}"
        );
    }
}

/// hostNetwork pods get hostPort = containerPort (`SetDefaults_Pod`), so two hostNetwork
/// daemons on the same port conflict.
#[test]
fn host_network_ports_default_to_container_port() {
    let mut p = PodSpec {
        host_network: Some(true),
        containers: vec![Container {
            ports: Some(vec![ContainerPort {
                container_port: 9100,
                ..Default::default()
            }]),
            ..container("c")
        }],
        ..Default::default()
    };
    assert_eq!(
        pod_host_ports(&p),
        vec![("0.0.0.0".to_string(), "TCP".to_string(), 9100)]
    );
    p.host_network = Some(false);
    assert!(pod_host_ports(&p).is_empty());
}

/// NodeUnschedulable: a cordoned node refuses pods that do not tolerate the unschedulable
/// taint; a daemon pod tolerates it automatically (`TestNodeUnschedulable`).
#[test]
fn test_node_unschedulable() {
    let node = unschedulable(with_allocatable(new_node("n", None), &[("pods", "110")]));
    let plain = PodSpec::default();
    assert_eq!(
        pod_fits_node(&plain, &node, &NodeUsage::default()),
        vec![FitFailure::Unschedulable]
    );
    let daemon = PodSpec {
        tolerations: Some(daemon_pod_tolerations(&plain)),
        ..Default::default()
    };
    assert_eq!(pod_fits_node(&daemon, &node, &NodeUsage::default()), vec![]);
}

/// TaintToleration and NodeAffinity filters; plugin order (the first failing plugin wins).
#[test]
fn taint_affinity_and_order() {
    let node = with_taints(
        with_allocatable(
            new_node("n", Some(labels(&[("zone", "a")]))),
            &[("pods", "110"), ("cpu", "1")],
        ),
        vec![
            taint("soft", "x", "PreferNoSchedule"),
            taint("dedicated", "gpu", "NoSchedule"),
        ],
    );
    let big = pod(&[&[("cpu", "2")]], &[]);
    assert_eq!(
        pod_fits_node(&big, &node, &NodeUsage::default()),
        vec![FitFailure::UntoleratedTaint {
            key: "dedicated".into(),
            value: "gpu".into()
        }]
    );
    let mut tolerant = big.clone();
    tolerant.tolerations = Some(vec![toleration("dedicated", "Exists", "", "")]);
    tolerant.node_selector = Some(labels(&[("zone", "b")]));
    assert_eq!(
        pod_fits_node(&tolerant, &node, &NodeUsage::default()),
        vec![FitFailure::NodeAffinity]
    );
    assert_eq!(
        all_fit_failures(&tolerant, &node, &NodeUsage::default()),
        vec![FitFailure::NodeAffinity, insufficient("cpu")]
    );
    tolerant.node_selector = None;
    assert_eq!(
        pod_fits_node(&tolerant, &node, &NodeUsage::default()),
        vec![insufficient("cpu")]
    );
}

#[test]
fn node_usage_add_remove_roundtrip() {
    let a = pod(
        &[&[("cpu", "250m"), ("memory", "64Mi"), ("nvidia.com/gpu", "1")]],
        &[],
    );
    let b = ports_pod(&[("TCP", "", 80)]);
    let mut u = NodeUsage::default();
    u.add_pod(&a);
    u.add_pod(&b);
    assert_eq!((u.cpu_milli, u.pods, u.host_ports.len()), (250, 2, 1));
    assert_eq!(u.extended.get("nvidia.com/gpu"), Some(&1000));
    u.remove_pod(&a);
    u.remove_pod(&b);
    assert_eq!(u, NodeUsage::default());
}

/// FitError.Error for a daemon pod pinned to its node (types_test.go `TestFitError_Error`
/// format, with the PreFilter status of the other nodes and preemption's PostFilter part).
#[test]
fn test_fit_error_message() {
    assert_eq!(
        fit_error_message(4, &[insufficient("cpu")]),
        "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity]. \
         no new claims to deallocate, preemption: 0/4 nodes are available: \
         1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling."
    );
    assert_eq!(
        fit_error_message(1, &[FitFailure::TooManyPods, insufficient("memory")]),
        "0/1 nodes are available: 1 Insufficient memory, 1 Too many pods. \
         no new claims to deallocate, preemption: 0/1 nodes are available: \
         1 No preemption victims found for incoming pod."
    );
    assert_eq!(
        fit_error_message(3, &[FitFailure::HostPortConflict]),
        "0/3 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, \
         2 node(s) didn't satisfy plugin(s) [NodeAffinity]. no new claims to deallocate, preemption: \
         0/3 nodes are available: 1 No preemption victims found for incoming pod, \
         2 Preemption is not helpful for scheduling."
    );
    assert_eq!(
        fit_error_message(
            2,
            &[FitFailure::UntoleratedTaint {
                key: "k".into(),
                value: "v".into()
            }]
        ),
        "0/2 nodes are available: 1 node(s) didn't satisfy plugin(s) [NodeAffinity], \
         1 node(s) had untolerated taint(s). no new claims to deallocate, preemption: \
         0/2 nodes are available: 2 Preemption is not helpful for scheduling."
    );
    // Go's sort.Strings: "1 ..." sorts before "11 ...", "11 ..." before "2 ...".
    assert!(fit_error_message(12, &[insufficient("cpu")])
        .starts_with("0/12 nodes are available: 1 Insufficient cpu, 11 node(s) didn't satisfy"));
    assert_eq!(fit_error_message(3, &[]), "");
}
