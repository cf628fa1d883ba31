//! Property tests over a seed plus a random list of operations (quinn's `Pair::seeded` +
//! `Vec<TestOp>` pattern): invariants of the controller under churn, convergence once churn
//! stops, and determinism. Case counts are bounded to keep the run short; a shrunk failure is
//! kept below as a `regression_*` test with its literal seed and operations.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sim_support;
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, Simulation, TaintEffect};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use proptest::prelude::*;
use sim_support::*;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
enum Op {
    AddNode(u8),
    RemoveNode(u8),
    Taint(u8, bool),
    Untaint(u8),
    Label(u8, bool),
    Cordon(u8, bool),
    Ready(u8, bool),
    UpdateTemplate(u8, u8),
    FailPod(u8),
    Advance(u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..5).prop_map(Op::AddNode),
        any::<u8>().prop_map(Op::RemoveNode),
        (any::<u8>(), any::<bool>()).prop_map(|(n, e)| Op::Taint(n, e)),
        any::<u8>().prop_map(Op::Untaint),
        (any::<u8>(), any::<bool>()).prop_map(|(n, on)| Op::Label(n, on)),
        (any::<u8>(), any::<bool>()).prop_map(|(n, on)| Op::Cordon(n, on)),
        (any::<u8>(), any::<bool>()).prop_map(|(n, on)| Op::Ready(n, on)),
        (0u8..2, 0u8..4).prop_map(|(d, i)| Op::UpdateTemplate(d, i)),
        any::<u8>().prop_map(Op::FailPod),
        (1u16..8000).prop_map(Op::Advance),
    ]
}

const TEMPLATES: [NodeTemplate; 5] = [
    NodeTemplate::Worker,
    NodeTemplate::ControlPlane,
    NodeTemplate::GpuWorker,
    NodeTemplate::WindowsWorker,
    NodeTemplate::Small,
];

/// Two DaemonSets: `plain` (maxUnavailable 1, no surge) and `surge` (maxSurge 1), the latter
/// only on nodes labelled `tier=edge`... or everywhere when `tier` is unset (NotIn).
fn daemon_sets(image: u8) -> Vec<dsplay_core::load::ApiObject> {
    let plain = with_image(new_daemon_set("plain"), &format!("plain:{image}"));
    let mut surge = new_update_surge(
        with_image(new_daemon_set("surge"), &format!("surge:{image}")),
        1,
    );
    surge.spec.selector.match_labels = Some(labels(&[("app", "surge")]));
    surge.spec.template.metadata.as_mut().unwrap().labels = Some(labels(&[("app", "surge")]));
    let surge = with_node_selector(surge, labels(&[("kubernetes.io/os", "linux")]));
    vec![ds_obj(plain), ds_obj(surge)]
}

fn node_names(sim: &Simulation) -> Vec<String> {
    sim.view().nodes.into_iter().map(|n| n.name).collect()
}

fn pick(names: &[String], i: u8) -> Option<String> {
    if names.is_empty() {
        None
    } else {
        names.get(usize::from(i) % names.len()).cloned()
    }
}

fn run_op(sim: &mut Simulation, op: &Op) {
    let names = node_names(sim);
    let node_op = |o| Input::Node(o);
    let input = match op {
        Op::AddNode(t) => Some(node_op(NodeOp::Add {
            name: None,
            template: TEMPLATES[usize::from(*t) % 5],
        })),
        Op::RemoveNode(i) => pick(&names, *i).map(|name| node_op(NodeOp::Remove { name })),
        Op::Taint(i, no_execute) => pick(&names, *i).map(|name| {
            node_op(NodeOp::AddTaint {
                name,
                key: "dedicated".into(),
                value: "x".into(),
                effect: if *no_execute {
                    TaintEffect::NoExecute
                } else {
                    TaintEffect::NoSchedule
                },
            })
        }),
        Op::Untaint(i) => pick(&names, *i).map(|name| {
            node_op(NodeOp::RemoveTaint {
                name,
                key: "dedicated".into(),
                effect: None,
            })
        }),
        Op::Label(i, on) => pick(&names, *i).map(|name| {
            if *on {
                node_op(NodeOp::SetLabel {
                    name,
                    key: "kubernetes.io/os".into(),
                    value: "linux".into(),
                })
            } else {
                node_op(NodeOp::RemoveLabel {
                    name,
                    key: "kubernetes.io/os".into(),
                })
            }
        }),
        Op::Cordon(i, on) => pick(&names, *i).map(|name| {
            node_op(if *on {
                NodeOp::Cordon { name }
            } else {
                NodeOp::Uncordon { name }
            })
        }),
        Op::Ready(i, ready) => pick(&names, *i).map(|name| {
            node_op(NodeOp::SetReady {
                name,
                ready: *ready,
            })
        }),
        Op::UpdateTemplate(d, image) => {
            let objs = daemon_sets(*image);
            let obj = objs.into_iter().nth(usize::from(*d)).unwrap();
            sim.apply_objects(vec![obj]);
            None
        }
        Op::FailPod(i) => {
            let pods: Vec<String> = sim
                .view()
                .nodes
                .into_iter()
                .flat_map(|n| n.pods)
                .filter(|p| p.node_name.is_some())
                .map(|p| p.name)
                .collect();
            pick(&pods, *i).map(|name| Input::FailPod {
                namespace: "default".into(),
                name,
            })
        }
        Op::Advance(ms) => Some(Input::Advance(SimDuration::from_millis(u64::from(*ms)))),
    };
    if let Some(input) = input {
        let _ = sim.step(input);
    }
}

/// Never more than one live (non-terminating, non-terminal) pod of `plain` per node, never
/// more than two of `surge`. (Failed pods held back by the failed-pod back-off are not live:
/// with surge the controller places a new pod next to them, as upstream does.)
fn check_pods_per_node(sim: &Simulation) -> Result<(), TestCaseError> {
    let v = sim.view();
    let mut count: BTreeMap<(String, String), usize> = BTreeMap::new();
    for p in v
        .nodes
        .iter()
        .flat_map(|n| n.pods.iter())
        .chain(v.unplaced_pods.iter())
    {
        use dsplay_core::view::PodDisplayPhase::{Failed, Succeeded, Terminating};
        if matches!(p.phase, Terminating | Failed | Succeeded) {
            continue;
        }
        if let (Some(ds), Some(node)) = (&p.daemon_set, &p.target_node) {
            *count.entry((ds.clone(), node.clone())).or_default() += 1;
        }
    }
    for ((ds, node), n) in count {
        let max = if ds == "surge" { 2 } else { 1 };
        prop_assert!(n <= max, "{n} live pods of {ds} on {node}");
    }
    Ok(())
}

fn new_sim(seed: u64) -> Simulation {
    let mut sim = Simulation::with_default_cluster(seed);
    sim.apply_objects(daemon_sets(0));
    sim
}

fn converge(sim: &mut Simulation) -> Result<(), TestCaseError> {
    // Churn stops: every node Ready again, then let it settle.
    for n in node_names(sim) {
        let _ = sim.node_op(NodeOp::SetReady {
            name: n,
            ready: true,
        });
    }
    prop_assert!(sim.settle(SimDuration::from_secs(3600)), "settles");
    for d in sim.view().daemon_sets {
        prop_assert_eq!(
            (d.current, d.ready, d.available, d.up_to_date),
            (d.desired, d.desired, d.desired, d.desired),
            "{} not converged: {:?}",
            d.name,
            d
        );
    }
    let mut per_pair: BTreeMap<(String, String), usize> = BTreeMap::new();
    for n in sim.view().nodes {
        for p in n.pods {
            if let Some(ds) = p.daemon_set {
                *per_pair.entry((ds, n.name.clone())).or_default() += 1;
            }
        }
    }
    for e in sim.explain_all() {
        let n = per_pair
            .get(&(e.daemon_set.clone(), e.node.clone()))
            .copied()
            .unwrap_or(0);
        if e.explanation.should_run {
            prop_assert_eq!(n, 1, "{} on {}", e.daemon_set, e.node);
        } else if !e.explanation.should_continue_running {
            prop_assert_eq!(n, 0, "{} on {}", e.daemon_set, e.node);
        } else {
            prop_assert!(n <= 1);
        }
    }
    Ok(())
}

fn run(seed: u64, ops: &[Op]) -> Result<Simulation, TestCaseError> {
    let mut sim = new_sim(seed);
    for op in ops {
        run_op(&mut sim, op);
        check_pods_per_node(&sim)?;
    }
    converge(&mut sim)?;
    Ok(sim)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn churn_keeps_invariants_and_converges(seed in any::<u64>(), ops in prop::collection::vec(op(), 0..30)) {
        run(seed, &ops)?;
    }

    #[test]
    fn same_seed_same_trace(seed in any::<u64>(), ops in prop::collection::vec(op(), 0..15)) {
        let a = run(seed, &ops)?;
        let b = run(seed, &ops)?;
        prop_assert!(serde_json::to_string(&a.object_list()).unwrap() == serde_json::to_string(&b.object_list()).unwrap());
        let inputs: Vec<Input> = a.inputs().iter().map(|(_, i)| i.clone()).collect();
        let c = Simulation::replay(seed, &inputs);
        prop_assert!(a.object_list() == c.object_list(), "replay differs");
    }

    #[test]
    fn rollout_never_exceeds_max_unavailable(
        seed in any::<u64>(),
        extra_nodes in 0usize..6,
        max_unavailable in 1i32..4,
        updates in prop::collection::vec((0u8..4, 100u16..5000), 1..4),
    ) {
        let mut sim = Simulation::with_default_cluster(seed);
        for _ in 0..extra_nodes {
            sim.node_op(NodeOp::Add { name: None, template: NodeTemplate::Worker }).unwrap();
        }
        let ds = rolling(new_daemon_set("plain"), IntOrString::Int(max_unavailable), IntOrString::Int(0));
        sim.apply_objects(vec![ds_obj(ds.clone())]);
        prop_assert!(sim.settle(SimDuration::from_secs(600)));
        for (image, wait) in updates {
            sim.apply_objects(vec![ds_obj(with_image(ds.clone(), &format!("img:{image}")))]);
            let end = sim.now().plus(SimDuration::from_millis(u64::from(wait)));
            while sim.now() < end {
                sim.advance(SimDuration::from_millis(100));
                let v = ds_view(&sim, "plain");
                prop_assert!(v.desired - v.available <= max_unavailable, "unavailable {} > {}", v.desired - v.available, max_unavailable);
            }
        }
        prop_assert!(sim.settle(SimDuration::from_secs(600)));
        let v = ds_view(&sim, "plain");
        prop_assert_eq!((v.current, v.ready, v.available, v.up_to_date), (v.desired, v.desired, v.desired, v.desired));
    }
}

/// Shrunk from `churn_keeps_invariants_and_converges`.
#[test]
fn regression_failed_pod_during_two_rollouts() {
    run(
        0,
        &[
            Op::UpdateTemplate(1, 1),
            Op::UpdateTemplate(0, 1),
            Op::FailPod(2),
        ],
    )
    .unwrap();
}

/// Shrunk from `churn_keeps_invariants_and_converges` (failed surge pods in back-off).
#[test]
fn regression_failed_surge_pods_in_backoff() {
    run(
        8856465753440717106,
        &[
            Op::FailPod(187),
            Op::FailPod(103),
            Op::RemoveNode(62),
            Op::FailPod(71),
        ],
    )
    .unwrap();
}
