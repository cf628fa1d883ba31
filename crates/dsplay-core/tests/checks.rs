//! The check language (`dsplay_core::check`): each rule holding and failing, with what it
//! sees; combinations; located parse errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic

use dsplay_core::check::{Check, Cluster};
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::Simulation;

const AGENT: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: agent:1
";

/// The default cluster (a control plane tainted NoSchedule, three workers) running `agent`.
fn cluster() -> Simulation {
    let mut sim = Simulation::with_default_cluster(1);
    let report = sim.apply("agent.yaml", AGENT);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(sim.settle(SimDuration::from_secs(600)));
    sim
}

/// (holds, what it sees) for the check written as `yaml`.
fn eval(sim: &Simulation, yaml: &str) -> (bool, String) {
    let check = Check::parse("check.yaml", yaml).unwrap_or_else(|e| panic!("{yaml}: {e:?}"));
    let o = check.evaluate_sim(sim);
    (o.pass, o.seen)
}

fn holds(sim: &Simulation, yaml: &str, seen: &str) {
    assert_eq!(eval(sim, yaml), (true, seen.to_string()), "{yaml}");
}

fn fails(sim: &Simulation, yaml: &str, seen: &str) {
    assert_eq!(eval(sim, yaml), (false, seen.to_string()), "{yaml}");
}

#[test]
fn pods_on_nodes_in_a_phase() {
    let sim = cluster();
    fails(
        &sim,
        "podsOn: {daemonSet: agent, nodes: all, phase: Ready}",
        "agent has 3 of 4 pods Ready; none on control-plane",
    );
    holds(
        &sim,
        "podsOn: {daemonSet: agent, nodes: [worker-1, worker-3], phase: Running}",
        "agent has 2 of 2 pods Running",
    );
    holds(
        &sim,
        "podsOn: {daemonSet: default/agent, nodes: worker-2}",
        "default/agent has pods on 1 of 1 nodes",
    );
    fails(
        &sim,
        "podsOn: {daemonSet: agent, nodes: [worker-1, worker-9]}",
        "agent has pods on 1 of 2 nodes; there is no node worker-9",
    );
    fails(
        &sim,
        "podsOn: {daemonSet: other, nodes: worker-1}",
        "other has pods on 0 of 1 nodes; none on worker-1",
    );
}

#[test]
fn a_pod_in_another_phase_is_named() {
    let mut sim = Simulation::with_default_cluster(1);
    sim.apply("agent.yaml", AGENT);
    sim.advance(SimDuration::from_millis(1));
    let (pass, seen) = eval(&sim, "podsOn: {daemonSet: agent, phase: Ready}");
    assert!(!pass);
    assert!(
        seen.starts_with("agent has 0 of 4 pods Ready; none on control-plane; on worker-1 it is "),
        "{seen}"
    );
}

#[test]
fn no_pod_on_a_node() {
    let sim = cluster();
    holds(
        &sim,
        "noPodOn: {daemonSet: agent, nodes: control-plane}",
        "agent has no pod on control-plane",
    );
    fails(
        &sim,
        "noPodOn: {daemonSet: agent, nodes: [control-plane, worker-2]}",
        "agent has a pod on worker-2",
    );
    fails(
        &sim,
        "noPodOn: {daemonSet: agent}",
        "agent has a pod on worker-1, worker-2, worker-3",
    );
}

#[test]
fn pod_counts_per_node() {
    let sim = cluster();
    holds(
        &sim,
        "pods: {worker-1: {agent: 1}}",
        "worker-1 has 1 pod of agent",
    );
    fails(
        &sim,
        "pods: {control-plane: {agent: 1}}",
        "control-plane has 0 pods of agent, expected 1",
    );
    fails(
        &sim,
        "pods: {worker-7: {agent: 0}}",
        "there is no node worker-7",
    );
}

#[test]
fn daemon_set_status_rollout_image_strategy() {
    let mut sim = cluster();
    holds(
        &sim,
        "daemonSets: {agent: {numberReady: 3}}",
        "agent has numberReady 3",
    );
    fails(
        &sim,
        "daemonSets: {agent: {desiredNumberScheduled: 4}}",
        "agent has desiredNumberScheduled 3, expected 4",
    );
    holds(
        &sim,
        "daemonSets: {agent: {rolloutComplete: true}}",
        "agent's rollout is complete: 3 of 3 pods updated and available",
    );
    holds(
        &sim,
        "daemonSets: {agent: {image: \"agent:1\"}}",
        "agent's pod template runs agent:1",
    );
    fails(
        &sim,
        "daemonSets: {agent: {image: \"agent:2\"}}",
        "agent's pod template runs agent:1",
    );
    holds(
        &sim,
        "daemonSets: {agent: {strategy: RollingUpdate}}",
        "agent's update strategy is RollingUpdate",
    );
    fails(
        &sim,
        "daemonSets: {agent: {exists: false}}",
        "DaemonSet agent exists",
    );
    fails(
        &sim,
        "daemonSets: {kube-system/agent: {numberReady: 0}}",
        "there is no DaemonSet kube-system/agent",
    );
    // A new image: the rollout is under way until the cluster settles.
    sim.apply("agent.yaml", &AGENT.replace("agent:1", "agent:2"));
    fails(
        &sim,
        "daemonSets: {agent: {rolloutComplete: true}}",
        "agent's rollout is not complete: 0 of 3 pods updated, 3 available",
    );
    sim.settle(SimDuration::from_secs(600));
    holds(&sim, "daemonSets: {agent: {rolloutComplete: true, image: \"agent:2\"}}",
        "agent's pod template runs agent:2; agent's rollout is complete: 3 of 3 pods updated and available");
}

#[test]
fn node_taints_labels_readiness() {
    let sim = cluster();
    holds(
        &sim,
        "nodes: {control-plane: {taints: [\"node-role.kubernetes.io/control-plane:NoSchedule\"]}}",
        "control-plane has the taint node-role.kubernetes.io/control-plane:NoSchedule",
    );
    holds(
        &sim,
        "nodes: {control-plane: {taints: [node-role.kubernetes.io/control-plane]}}",
        "control-plane has the taint node-role.kubernetes.io/control-plane",
    );
    fails(
        &sim,
        "nodes: {worker-1: {taints: [\"dedicated=db:NoExecute\"]}}",
        "worker-1 has no taint dedicated=db:NoExecute (no taints)",
    );
    fails(
        &sim,
        "nodes: {control-plane: {taints: [\"node-role.kubernetes.io/control-plane:NoExecute\"]}}",
        "control-plane has no taint node-role.kubernetes.io/control-plane:NoExecute (taints node-role.kubernetes.io/control-plane:NoSchedule)",
    );
    holds(
        &sim,
        "nodes: {worker-1: {labels: {kubernetes.io/os: linux}}}",
        "worker-1 has the label kubernetes.io/os=linux",
    );
    fails(
        &sim,
        "nodes: {worker-1: {labels: {disktype: ssd}}}",
        "worker-1 has no label disktype",
    );
    holds(
        &sim,
        "nodes: {worker-2: {ready: true}}",
        "worker-2 is Ready",
    );
    fails(
        &sim,
        "nodes: {worker-2: {cordoned: true}}",
        "worker-2 is schedulable",
    );
    fails(
        &sim,
        "nodes: {worker-4: {exists: true}}",
        "there is no node worker-4",
    );
    holds(
        &sim,
        "nodes: {worker-4: {exists: false}}",
        "there is no node worker-4",
    );
}

#[test]
fn events_with_a_reason() {
    let sim = cluster();
    let (pass, seen) = eval(
        &sim,
        "event: {reason: SuccessfulCreate, object: daemonset/agent, type: Normal}",
    );
    assert!(pass);
    assert!(
        seen.starts_with("Normal SuccessfulCreate daemonset/agent: Created pod: agent-"),
        "{seen}"
    );
    let (pass, _) = eval(
        &sim,
        "event: {reason: Scheduled, object: pod/agent-*, message: worker-3}",
    );
    assert!(pass);
    fails(
        &sim,
        "event: {reason: FailedScheduling, object: pod/agent-*}",
        "no FailedScheduling event about pod/agent-* yet",
    );
}

#[test]
fn combinations() {
    let sim = cluster();
    // Several rules in one mapping: all must hold; failing, it says what fails.
    fails(
        &sim,
        "daemonSets: {agent: {numberReady: 3}}\npodsOn: {daemonSet: agent, phase: Ready}",
        "agent has 3 of 4 pods Ready; none on control-plane",
    );
    holds(
        &sim,
        "all:\n- noPodOn: {daemonSet: agent, nodes: control-plane}\n- pods: {worker-3: {agent: 1}}",
        "agent has no pod on control-plane; worker-3 has 1 pod of agent",
    );
    holds(
        &sim,
        "any:\n- nodes: {worker-1: {cordoned: true}}\n- nodes: {worker-1: {ready: true}}",
        "worker-1 is Ready",
    );
    fails(
        &sim,
        "any:\n- nodes: {worker-1: {cordoned: true}}\n- daemonSets: {agent: {numberReady: 4}}",
        "worker-1 is schedulable and agent has numberReady 3, expected 4",
    );
    holds(
        &sim,
        "not: {nodes: {worker-1: {cordoned: true}}}",
        "worker-1 is schedulable",
    );
    fails(
        &sim,
        "not: {nodes: {worker-1: {ready: true}}}",
        "worker-1 is Ready",
    );
    // The failures list reports the innermost failing rules by path.
    let check = Check::parse(
        "c.yaml",
        "all:\n- pods: {worker-1: {agent: 2}}\n- not: {nodes: {worker-1: {ready: true}}}\n",
    )
    .unwrap();
    let view = sim.view();
    let failures = check.failures(&Cluster::new(&sim, &view.nodes, &view.daemon_sets));
    assert_eq!(
        failures,
        [
            (
                "all[0].pods.worker-1.agent".to_string(),
                "worker-1 has 1 pod of agent, expected 2".to_string()
            ),
            (
                "all[1].not".to_string(),
                "expected not: worker-1 is Ready".to_string()
            ),
        ]
    );
}

#[test]
fn errors_are_located() {
    let errs = Check::parse(
        "c.yaml",
        "podsOn: {daemonSet: agent, phase: Done}\nnodes: {w: {taints: [\"k:Sometimes\"], color: red}}\nevent: {type: Odd}\nfoo: 1\n",
    )
    .unwrap_err();
    let shown: Vec<String> = errs.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "c.yaml:4:1: foo: unknown field \"foo\" (known: pods, daemonSets, podsOn, noPodOn, nodes, event, all, any, not)",
            "c.yaml:3:9: event.type: Unsupported value: \"Odd\": supported values: \"Normal\", \"Warning\"",
            "c.yaml:3:1: event.reason: Required value",
            "c.yaml:2:38: nodes.w.color: unknown field \"color\" (known: taints, labels, ready, cordoned, exists)",
            "c.yaml:2:22: nodes.w.taints[0]: invalid taint effect: Sometimes, unsupported taint effect (NoSchedule, PreferNoSchedule, NoExecute)",
            "c.yaml:1:28: podsOn.phase: Unsupported value: \"Done\": supported values: \"Pending\", \"ContainerCreating\", \"Running\", \"Ready\", \"Terminating\", \"Failed\", \"Succeeded\"",
        ]
    );
    assert!(Check::parse("c.yaml", "{}").unwrap_err()[0]
        .to_string()
        .contains("give at least one rule"));
}

/// The cost of re-evaluating a lesson's checks on every change, at 100 nodes × 3 DaemonSets
/// (a report, not a timed test: `cargo test --release -p dsplay-core --test checks --
/// --ignored --nocapture`). It prints the time per evaluation on the views the page keeps,
/// and with the view built first ([`Check::evaluate_sim`]).
#[test]
#[ignore = "a measurement; run it with --release --ignored --nocapture"]
fn cost_at_100_nodes() {
    use dsplay_core::sim::{NodeOp, NodeTemplate};
    let mut sim = Simulation::with_default_cluster(1);
    for _ in 0..96 {
        sim.node_op(NodeOp::Add {
            name: None,
            template: NodeTemplate::Worker,
        })
        .unwrap();
    }
    for name in ["agent", "logs", "metrics"] {
        sim.apply("ds.yaml", &AGENT.replace("agent", name));
    }
    assert!(sim.settle(SimDuration::from_secs(3600)));
    let check = Check::parse(
        "c.yaml",
        "podsOn: {daemonSet: agent, nodes: all, phase: Ready}\nnoPodOn: {daemonSet: logs, nodes: control-plane}\ndaemonSets: {metrics: {rolloutComplete: true, numberReady: 99}}\nnodes: {worker-50: {taints: [\"dedicated=db:NoExecute\"]}}\nevent: {reason: FailedScheduling, object: \"pod/agent-*\"}\n",
    )
    .unwrap();
    let view = sim.view();
    assert_eq!(view.nodes.len(), 100);
    let runs = 200;
    let start = std::time::Instant::now();
    let mut failing = 0;
    for _ in 0..runs {
        let c = Cluster::new(&sim, &view.nodes, &view.daemon_sets);
        failing += usize::from(!check.evaluate(&c).pass);
    }
    let on_views = start.elapsed() / runs;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        failing += usize::from(!check.evaluate_sim(&sim).pass);
    }
    let with_view = start.elapsed() / runs;
    assert_eq!(failing, 2 * runs as usize);
    println!(
        "100 nodes x 3 DaemonSets, {} events: a 5-rule check costs {on_views:?} on the page's views, {with_view:?} building the view first",
        sim.events_len()
    );
}
