//! `NodeShouldRunDaemonPod`: ports of pkg/controller/daemon/daemon_controller_test.go.

mod predicates_support;

use dsplay_core::predicates::{node_should_run_daemon_pod, Placement};
use k8s_openapi::api::core::v1::PodSpec;
use predicates_support::*;

const TRUE_TRUE: Placement = Placement {
    should_run: true,
    should_continue_running: true,
};
const FALSE_TRUE: Placement = Placement {
    should_run: false,
    should_continue_running: true,
};
const FALSE_FALSE: Placement = Placement {
    should_run: false,
    should_continue_running: false,
};

/// The node of `TestNodeShouldRunDaemonPod`: `newNode("test-node", simpleDaemonSetLabel)` with
/// allocatable 100M memory and 1 cpu.
fn test_node() -> k8s_openapi::api::core::v1::Node {
    with_allocatable(
        new_node("test-node", Some(simple_daemon_set_label())),
        &[("memory", "100M"), ("cpu", "1")],
    )
}

/// Mirrors `TestNodeShouldRunDaemonPod` (daemon_controller_test.go), every case, in order.
/// `podsOnNode` does not matter to the controller, which is the point of several cases.
#[test]
fn test_node_should_run_daemon_pod() {
    let affinity_spec = |value: &str| PodSpec {
        affinity: Some(required_affinity(vec![term(
            vec![req("type", "In", &[value])],
            vec![],
        )])),
        ..Default::default()
    };
    let cases: Vec<(&str, k8s_openapi::api::core::v1::Node, PodSpec, Placement)> = vec![
        (
            "ShouldRunDaemonPod",
            test_node(),
            resource_pod_spec("", "50M", "0.5"),
            TRUE_TRUE,
        ),
        (
            "InsufficientResourceError",
            test_node(),
            resource_pod_spec("", "200M", "0.5"),
            TRUE_TRUE,
        ),
        (
            "ErrPodNotMatchHostName",
            test_node(),
            resource_pod_spec("other-node", "50M", "0.5"),
            FALSE_FALSE,
        ),
        // podsOnNode holds a pod with hostPort 666: the controller ignores host ports.
        (
            "ErrPodNotFitsHostPorts",
            test_node(),
            host_port_spec(666),
            TRUE_TRUE,
        ),
        // podsOnNode uses 50M of the 100M; the daemon asks 100M: still (true, true).
        (
            "InsufficientResourceError (pods on node)",
            test_node(),
            resource_pod_spec("", "100M", "0.5"),
            TRUE_TRUE,
        ),
        (
            "ShouldRunDaemonPod (pods on node)",
            test_node(),
            resource_pod_spec("", "50M", "0.5"),
            TRUE_TRUE,
        ),
        (
            "ErrNodeSelectorNotMatch",
            test_node(),
            PodSpec {
                node_selector: Some(simple_daemon_set_label2()),
                ..Default::default()
            },
            FALSE_FALSE,
        ),
        (
            "ShouldRunDaemonPod (nodeSelector)",
            test_node(),
            PodSpec {
                node_selector: Some(simple_daemon_set_label()),
                ..Default::default()
            },
            TRUE_TRUE,
        ),
        (
            "ErrPodAffinityNotMatch",
            test_node(),
            affinity_spec("test"),
            FALSE_FALSE,
        ),
        (
            "ShouldRunDaemonPod (affinity)",
            test_node(),
            affinity_spec("production"),
            TRUE_TRUE,
        ),
        (
            "ShouldRunDaemonPodOnUnschedulableNode",
            unschedulable(test_node()),
            resource_pod_spec("", "50M", "0.5"),
            TRUE_TRUE,
        ),
    ];
    for (name, node, spec, want) in cases {
        let ds = ds_with_spec(spec);
        assert_eq!(
            node_should_run_daemon_pod(&node, &ds),
            want,
            "predicateName: {name}"
        );
    }
}

/// A template `nodeName` equal to the node's name is fine (`predicates`: `fitsNodeName`).
#[test]
fn template_node_name_matching_node_runs() {
    let ds = ds_with_spec(resource_pod_spec("test-node", "50M", "0.5"));
    assert_eq!(node_should_run_daemon_pod(&test_node(), &ds), TRUE_TRUE);
}

/// Mirrors `TestNodeAffinityDaemonLaunchesPods`: a DaemonSet whose required node affinity
/// (matchExpressions and matchFields) matches the node launches a pod there and not elsewhere.
#[test]
fn test_node_affinity_daemon_launches_pods() {
    let mut ds = new_daemon_set("foo");
    spec_mut(&mut ds).affinity = Some(required_affinity(vec![term(
        vec![req("color", "In", &["blue"])],
        vec![req("metadata.name", "In", &["node-0"])],
    )]));
    let matching = new_node("node-0", Some(simple_node_label()));
    let other_name = new_node("node-1", Some(simple_node_label()));
    let other_label = new_node("node-0", Some(labels(&[("color", "red")])));
    assert_eq!(node_should_run_daemon_pod(&matching, &ds), TRUE_TRUE);
    assert_eq!(node_should_run_daemon_pod(&other_name, &ds), FALSE_FALSE);
    assert_eq!(node_should_run_daemon_pod(&other_label, &ds), FALSE_FALSE);
}

/// Mirrors `TestSelectorDaemonLaunchesPods` / `TestSelectorDaemonDeletesUnselectedPods`:
/// nodeSelector and required affinity must both hold.
#[test]
fn node_selector_and_affinity_are_anded() {
    let mut ds = new_daemon_set("foo");
    spec_mut(&mut ds).node_selector = Some(simple_node_label());
    spec_mut(&mut ds).affinity = Some(required_affinity(vec![term(
        vec![req("zone", "Exists", &[])],
        vec![],
    )]));
    let both = new_node(
        "a",
        Some(labels(&[
            ("color", "blue"),
            ("speed", "fast"),
            ("zone", "z1"),
        ])),
    );
    let selector_only = new_node("b", Some(simple_node_label()));
    let affinity_only = new_node("c", Some(labels(&[("zone", "z1")])));
    assert_eq!(node_should_run_daemon_pod(&both, &ds), TRUE_TRUE);
    assert_eq!(node_should_run_daemon_pod(&selector_only, &ds), FALSE_FALSE);
    assert_eq!(node_should_run_daemon_pod(&affinity_only, &ds), FALSE_FALSE);
}

/// Mirrors `TestTaintedNodeDaemonDoesNotLaunchIntolerantPod` (`noScheduleTaints`) and
/// `TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod`: no new pod, the existing one stays.
#[test]
fn test_tainted_node_daemon_does_not_launch_intolerant_pod() {
    let node = with_taints(
        new_node("tainted", None),
        vec![taint("dedicated", "user1", "NoSchedule")],
    );
    assert_eq!(
        node_should_run_daemon_pod(&node, &new_daemon_set("intolerant")),
        FALSE_TRUE
    );
}

/// Mirrors `TestNoExecuteTaintedDoesEvicitRunningIntolerantPod` (`noExecuteTaints`).
#[test]
fn test_no_execute_tainted_does_evict_running_intolerant_pod() {
    let node = with_taints(
        new_node("tainted", None),
        vec![taint("dedicated", "user1", "NoExecute")],
    );
    assert_eq!(
        node_should_run_daemon_pod(&node, &new_daemon_set("intolerant")),
        FALSE_FALSE
    );
}

/// Mirrors `TestTaintedNodeDaemonLaunchesToleratePod` (`noScheduleTolerations`).
#[test]
fn test_tainted_node_daemon_launches_tolerate_pod() {
    let node = with_taints(
        new_node("tainted", None),
        vec![taint("dedicated", "user1", "NoSchedule")],
    );
    let ds = with_tolerations(
        new_daemon_set("tolerate"),
        vec![toleration("dedicated", "", "user1", "NoSchedule")],
    );
    assert_eq!(node_should_run_daemon_pod(&node, &ds), TRUE_TRUE);
}

/// Mirrors `TestNodeDaemonLaunchesToleratePod`: tolerations on an untainted node are harmless.
#[test]
fn test_node_daemon_launches_tolerate_pod() {
    let ds = with_tolerations(
        new_daemon_set("tolerate"),
        vec![toleration("dedicated", "", "user1", "NoSchedule")],
    );
    assert_eq!(
        node_should_run_daemon_pod(&new_node("n", None), &ds),
        TRUE_TRUE
    );
}

/// Mirrors `TestTaintPressureNodeDaemonLaunchesPod`: disk/memory/pid pressure NoSchedule taints
/// are tolerated automatically.
#[test]
fn test_taint_pressure_node_daemon_launches_pod() {
    let node = with_taints(
        new_node("resources-pressure", None),
        vec![
            taint("node.kubernetes.io/disk-pressure", "", "NoSchedule"),
            taint("node.kubernetes.io/memory-pressure", "", "NoSchedule"),
            taint("node.kubernetes.io/pid-pressure", "", "NoSchedule"),
        ],
    );
    assert_eq!(
        node_should_run_daemon_pod(&node, &new_daemon_set("critical")),
        TRUE_TRUE
    );
}

/// Mirrors `TestNotReadyNodeDaemonLaunchesPod` and `TestUnreachableNodeDaemonLaunchesPod`.
#[test]
fn test_not_ready_and_unreachable_node_daemon_launches_pod() {
    for key in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        let node = with_taints(new_node("tainted", None), vec![taint(key, "", "NoExecute")]);
        assert_eq!(
            node_should_run_daemon_pod(&node, &new_daemon_set("simple")),
            TRUE_TRUE,
            "{key}"
        );
    }
}

/// The automatic tolerations are effect-specific: `not-ready:NoSchedule` (what the node
/// lifecycle controller adds to a NotReady node) is not tolerated (spec §4.4).
#[test]
fn not_ready_no_schedule_is_not_tolerated() {
    for key in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        let node = with_taints(
            new_node("tainted", None),
            vec![taint(key, "", "NoSchedule")],
        );
        assert_eq!(
            node_should_run_daemon_pod(&node, &new_daemon_set("simple")),
            FALSE_TRUE,
            "{key}"
        );
    }
    let node = with_taints(
        new_node("t", None),
        vec![taint("node.kubernetes.io/disk-pressure", "", "NoExecute")],
    );
    assert_eq!(
        node_should_run_daemon_pod(&node, &new_daemon_set("simple")),
        FALSE_FALSE
    );
}

/// Mirrors `TestNetworkUnavailableNodeDaemonLaunchesPod`, with the taint the node lifecycle
/// controller adds: tolerated only by hostNetwork daemons.
#[test]
fn test_network_unavailable_node_daemon_launches_pod() {
    let node = with_taints(
        new_node("network-unavailable", None),
        vec![taint(
            "node.kubernetes.io/network-unavailable",
            "",
            "NoSchedule",
        )],
    );
    let mut host_network = new_daemon_set("simple");
    spec_mut(&mut host_network).host_network = Some(true);
    assert_eq!(node_should_run_daemon_pod(&node, &host_network), TRUE_TRUE);
    assert_eq!(
        node_should_run_daemon_pod(&node, &new_daemon_set("simple")),
        FALSE_TRUE
    );
}

/// The unschedulable taint of a cordoned node is tolerated automatically
/// (`ShouldRunDaemonPodOnUnschedulableNode`, with the taint `kubectl cordon` leads to).
#[test]
fn cordoned_node_with_unschedulable_taint_runs() {
    let node = unschedulable(with_taints(
        new_node("c", None),
        vec![taint("node.kubernetes.io/unschedulable", "", "NoSchedule")],
    ));
    assert_eq!(
        node_should_run_daemon_pod(&node, &new_daemon_set("simple")),
        TRUE_TRUE
    );
}

/// `predicates` filters taints to NoSchedule and NoExecute: PreferNoSchedule is ignored.
#[test]
fn prefer_no_schedule_is_ignored() {
    let node = with_taints(
        new_node("p", None),
        vec![taint("dedicated", "x", "PreferNoSchedule")],
    );
    assert_eq!(
        node_should_run_daemon_pod(&node, &new_daemon_set("simple")),
        TRUE_TRUE
    );
}

/// Control-plane nodes are skipped unless the template tolerates their taint
/// (update_test.go `TestDaemonSetUpdatesPodsNotMatchTainstWithMaxSurge` adds it).
#[test]
fn control_plane_taint_needs_a_toleration() {
    let node = with_taints(
        new_node("cp", None),
        vec![taint(
            "node-role.kubernetes.io/control-plane",
            "",
            "NoSchedule",
        )],
    );
    assert_eq!(
        node_should_run_daemon_pod(&node, &new_daemon_set("simple")),
        FALSE_TRUE
    );
    let ds = with_tolerations(
        new_daemon_set("simple"),
        vec![toleration(
            "node-role.kubernetes.io/control-plane",
            "Exists",
            "",
            "NoSchedule",
        )],
    );
    assert_eq!(node_should_run_daemon_pod(&node, &ds), TRUE_TRUE);
    let everything = with_tolerations(
        new_daemon_set("simple"),
        vec![toleration("", "Exists", "", "")],
    );
    assert_eq!(node_should_run_daemon_pod(&node, &everything), TRUE_TRUE);
}

/// shouldContinueRunning is false as soon as one NoExecute taint is untolerated, whatever
/// the order of taints.
#[test]
fn mixed_taints() {
    let ns = taint("a", "1", "NoSchedule");
    let ne = taint("b", "2", "NoExecute");
    let tol_b = toleration("b", "Exists", "", "NoExecute");
    let node = with_taints(new_node("m", None), vec![ns.clone(), ne.clone()]);
    assert_eq!(
        node_should_run_daemon_pod(&node, &new_daemon_set("d")),
        FALSE_FALSE
    );
    let node_rev = with_taints(new_node("m", None), vec![ne, ns]);
    assert_eq!(
        node_should_run_daemon_pod(&node_rev, &new_daemon_set("d")),
        FALSE_FALSE
    );
    assert_eq!(
        node_should_run_daemon_pod(&node, &with_tolerations(new_daemon_set("d"), vec![tol_b])),
        FALSE_TRUE
    );
}

/// Nodes and templates with nothing set at all.
#[test]
fn bare_objects() {
    let node = k8s_openapi::api::core::v1::Node::default();
    assert_eq!(
        node_should_run_daemon_pod(&node, &new_daemon_set("d")),
        TRUE_TRUE
    );
    let ds = k8s_openapi::api::apps::v1::DaemonSet::default();
    assert_eq!(
        node_should_run_daemon_pod(&new_node("n", None), &ds),
        TRUE_TRUE
    );
    let tainted = with_taints(new_node("n", None), vec![taint("x", "", "NoExecute")]);
    assert_eq!(node_should_run_daemon_pod(&tainted, &ds), FALSE_FALSE);
}
