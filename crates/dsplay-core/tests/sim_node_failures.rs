//! The two ways a node fails (§15.1): NotReady (the kubelet runs and says not ready) and
//! Lost (the kubelet stops posting status), with the node lifecycle controller's conditions
//! and taints, the taint manager's evictions and the kubelet's terminations.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sim_support;
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{Input, NodeOp, Simulation, NODE_MONITOR_GRACE_PERIOD};
use dsplay_core::view::{NodeView, PodDisplayPhase, PodView};
use k8s_openapi::api::core::v1::NodeCondition;
use sim_support::*;

/// A plain Pod bound to `worker-2` (it gets the DefaultTolerationSeconds tolerations).
const PLAIN_POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  nodeName: worker-2
  terminationGracePeriodSeconds: 10
  containers:
  - name: web
    image: nginx:1.27
";

fn cluster() -> Simulation {
    let mut sim = Simulation::with_default_cluster(5);
    create_ds(&mut sim, new_daemon_set("agent"));
    let report = sim.apply("web.yaml", PLAIN_POD);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    settle(&mut sim);
    sim
}

fn pod(sim: &Simulation, name: &str) -> Option<PodView> {
    sim.view()
        .nodes
        .into_iter()
        .flat_map(|n| n.pods)
        .find(|p| p.name == name)
}

fn conditions(sim: &Simulation, node: &str) -> Vec<NodeCondition> {
    sim.node_object(node)
        .unwrap()
        .status
        .unwrap()
        .conditions
        .unwrap()
}

fn node_view(sim: &Simulation, node: &str) -> Option<NodeView> {
    sim.view().nodes.into_iter().find(|n| n.name == node)
}

fn taints(sim: &Simulation, node: &str) -> Vec<String> {
    node_view(sim, node)
        .map(|n| n.taints.iter().map(ToString::to_string).collect())
        .unwrap_or_else(|| panic!("no node {node}"))
}

fn op(sim: &mut Simulation, o: NodeOp) {
    sim.node_op(o).unwrap();
}

fn lose(name: &str) -> NodeOp {
    NodeOp::Lose { name: name.into() }
}

fn ready(name: &str, ready: bool) -> NodeOp {
    NodeOp::SetReady {
        name: name.into(),
        ready,
    }
}

#[test]
fn a_plain_pod_gets_the_default_toleration_seconds() {
    let sim = cluster();
    let pod = sim.pod_object("default", "web").unwrap();
    let tolerations = &pod["spec"]["tolerations"];
    assert_eq!(
        tolerations,
        &serde_json::json!([
            {"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300},
            {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300},
        ])
    );
}

#[test]
fn not_ready_keeps_the_kubelet_running_so_terminations_finish() {
    let mut sim = cluster();
    op(&mut sim, ready("worker-2", false));
    sim.advance(SimDuration::from_secs(1));
    let agent = &pods_on(&sim, "agent", "worker-2")[0];
    assert!(!agent.ready);
    assert_eq!(pod(&sim, "web").unwrap().phase, PodDisplayPhase::Running);
    let c = conditions(&sim, "worker-2");
    let r = c.iter().find(|c| c.type_ == "Ready").unwrap();
    assert_eq!(
        (r.status.as_str(), r.reason.as_deref()),
        ("False", Some("KubeletNotReady"))
    );
    assert_eq!(
        taints(&sim, "worker-2"),
        [
            "node.kubernetes.io/not-ready:NoSchedule",
            "node.kubernetes.io/not-ready:NoExecute"
        ]
    );
    // The plain pod's 300 s toleration runs out: evicted, and (the kubelet runs) gone after
    // its 10 s grace period. The daemon pod tolerates the taint forever.
    sim.advance(SimDuration::from_secs(298));
    assert_eq!(pod(&sim, "web").unwrap().phase, PodDisplayPhase::Running);
    sim.advance(SimDuration::from_secs(2));
    assert_eq!(
        pod(&sim, "web").unwrap().phase,
        PodDisplayPhase::Terminating
    );
    sim.advance(SimDuration::from_secs(10));
    assert!(pod(&sim, "web").is_none(), "the termination finished");
    assert_eq!(pods_on(&sim, "agent", "worker-2").len(), 1);
    // A daemon pod deleted by hand on the NotReady node finishes terminating too.
    let name = pods_on(&sim, "agent", "worker-2")[0].name.clone();
    sim.step(Input::Delete {
        kind: dsplay_core::sim::ObjectKind::Pod,
        namespace: "default".into(),
        name: name.clone(),
    })
    .unwrap();
    sim.advance(SimDuration::from_secs(31));
    assert!(pod(&sim, &name).is_none());
}

#[test]
fn a_lost_node_turns_unknown_after_the_grace_period_and_keeps_its_pods_terminating() {
    let mut sim = cluster();
    assert_eq!(NODE_MONITOR_GRACE_PERIOD, SimDuration::from_secs(50));
    op(&mut sim, lose("worker-2"));
    // Within the grace period nothing shows yet.
    sim.advance(SimDuration::from_secs(49));
    assert!(conditions(&sim, "worker-2")
        .iter()
        .all(|c| c.status != "Unknown"));
    let view = node_view(&sim, "worker-2").unwrap();
    assert!(view.ready && view.lost);
    assert!(pods_on(&sim, "agent", "worker-2")[0].ready);
    sim.advance(SimDuration::from_secs(1));
    let c = conditions(&sim, "worker-2");
    for type_ in ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"] {
        let c = c.iter().find(|c| c.type_ == type_).unwrap();
        assert_eq!(c.status, "Unknown", "{type_}");
        assert_eq!(c.reason.as_deref(), Some("NodeStatusUnknown"));
        assert_eq!(
            c.message.as_deref(),
            Some("Kubelet stopped posting node status.")
        );
    }
    assert_eq!(
        taints(&sim, "worker-2"),
        [
            "node.kubernetes.io/unreachable:NoSchedule",
            "node.kubernetes.io/unreachable:NoExecute"
        ]
    );
    let view = node_view(&sim, "worker-2").unwrap();
    assert!(!view.ready && view.lost);
    // The daemon pod stays (it tolerates unreachable:NoExecute forever), marked not Ready.
    let agent = &pods_on(&sim, "agent", "worker-2")[0];
    assert!(!agent.ready);
    assert_eq!(agent.phase, PodDisplayPhase::Running);
    // The plain pod is evicted 300 s after the taint, and stays Terminating: no kubelet.
    sim.advance(SimDuration::from_secs(300));
    assert_eq!(
        pod(&sim, "web").unwrap().phase,
        PodDisplayPhase::Terminating
    );
    sim.advance(SimDuration::from_secs(3600));
    assert_eq!(
        pod(&sim, "web").unwrap().phase,
        PodDisplayPhase::Terminating
    );
    // The node comes back: the kubelet finishes the termination, the daemon pod is Ready.
    op(&mut sim, ready("worker-2", true));
    settle(&mut sim);
    assert!(pod(&sim, "web").is_none());
    assert!(pods_on(&sim, "agent", "worker-2")[0].ready);
    assert!(taints(&sim, "worker-2").is_empty());
    assert!(conditions(&sim, "worker-2")
        .iter()
        .all(|c| c.status == if c.type_ == "Ready" { "True" } else { "False" }));
    let view = node_view(&sim, "worker-2").unwrap();
    assert!(view.ready && !view.lost);
    assert_eq!(status_tuple(&sim, "agent"), (3, 3, 3, 3, 3, 0));
}

#[test]
fn pods_of_a_lost_node_go_when_the_node_is_deleted() {
    let mut sim = cluster();
    op(&mut sim, lose("worker-2"));
    sim.advance(SimDuration::from_secs(400));
    assert_eq!(
        pod(&sim, "web").unwrap().phase,
        PodDisplayPhase::Terminating
    );
    op(
        &mut sim,
        NodeOp::Remove {
            name: "worker-2".into(),
        },
    );
    settle(&mut sim);
    assert!(pod(&sim, "web").is_none());
    assert!(pods_on(&sim, "agent", "worker-2").is_empty());
    assert_eq!(status_tuple(&sim, "agent"), (2, 2, 2, 2, 2, 0));
}

#[test]
fn a_node_back_within_the_grace_period_never_turns_unknown() {
    let mut sim = cluster();
    op(&mut sim, lose("worker-2"));
    sim.advance(SimDuration::from_secs(20));
    op(&mut sim, ready("worker-2", true));
    sim.advance(SimDuration::from_secs(120));
    assert!(conditions(&sim, "worker-2")
        .iter()
        .all(|c| c.status != "Unknown"));
    assert!(taints(&sim, "worker-2").is_empty());
    assert!(!node_view(&sim, "worker-2").unwrap().lost);
    assert!(pod(&sim, "web").is_some());
}

#[test]
fn a_not_ready_node_that_is_lost_swaps_its_taints_and_comes_back_not_ready() {
    let mut sim = cluster();
    op(&mut sim, ready("worker-2", false));
    op(&mut sim, lose("worker-2"));
    sim.advance(NODE_MONITOR_GRACE_PERIOD);
    assert_eq!(
        taints(&sim, "worker-2"),
        [
            "node.kubernetes.io/unreachable:NoSchedule",
            "node.kubernetes.io/unreachable:NoExecute"
        ]
    );
    op(&mut sim, ready("worker-2", false));
    let c = conditions(&sim, "worker-2");
    assert!(c.iter().all(|c| c.status == "False"));
    assert_eq!(
        taints(&sim, "worker-2"),
        [
            "node.kubernetes.io/not-ready:NoSchedule",
            "node.kubernetes.io/not-ready:NoExecute"
        ]
    );
}

#[test]
fn lost_nodes_replay() {
    let mut sim = cluster();
    op(&mut sim, lose("worker-1"));
    sim.advance(SimDuration::from_secs(500));
    op(&mut sim, ready("worker-1", true));
    settle(&mut sim);
    let inputs: Vec<Input> = sim.inputs().iter().map(|(_, i)| i.clone()).collect();
    let json = serde_json::to_string(&inputs).unwrap();
    let back: Vec<Input> = serde_json::from_str(&json).unwrap();
    let again = Simulation::replay(5, &back);
    assert!(sim.object_list() == again.object_list(), "replay differs");
    assert!(sim.node_op(lose("nope")).is_err());
}
