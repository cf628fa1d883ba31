//! The churn autopilot (issue 13, item 4): seeded, its actions ordinary inputs, within its
//! bounds and its mix, and a summary checked by hand on small runs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dsplay_core::autopilot::{Autopilot, Config, Op, Summary, TAINT_KEY};
use dsplay_core::clock::{SimDuration, SimTime};
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, Simulation, TaintEffect};

mod sim_support;
use sim_support::{create_ds, new_daemon_set, settle};

/// The default cluster (control plane and three workers) with the agent on every worker.
fn cluster(seed: u64) -> Simulation {
    let mut sim = Simulation::with_default_cluster(seed);
    create_ds(&mut sim, new_daemon_set("agent"));
    settle(&mut sim);
    sim
}

/// When the cluster of [`cluster`] has settled (the autopilot starts then).
const START: SimTime = SimTime(2_000);

fn config(text: &str) -> Config {
    Config::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// The inputs the autopilot gave (time advances left out), from `from` on.
fn node_ops(sim: &Simulation, from: usize) -> Vec<(SimTime, NodeOp)> {
    sim.inputs()[from..]
        .iter()
        .filter_map(|(t, i)| match i {
            Input::Node(op) => Some((*t, op.clone())),
            Input::Advance(_) => None,
            other => panic!("not a node operation: {other:?}"),
        })
        .collect()
}

/// The cluster after the autopilot ran, what it did, and where its inputs start in the log
/// (they start at `START`).
fn run(seed: u64, text: &str) -> (Simulation, Summary, usize) {
    let mut sim = cluster(seed);
    assert_eq!(sim.now(), START);
    let from = sim.inputs().len();
    let (summary, refused) = dsplay_core::autopilot::run_for(&mut sim, &config(text));
    assert!(refused.is_empty(), "{refused:?}");
    (sim, summary, from)
}

#[test]
fn same_seed_same_inputs_and_the_log_replays_to_the_same_cluster() {
    let text = "rate=120,for=5m,min=2,max=12,templates=worker+small+gpu-worker,back=20s,seed=9";
    let (a, sa, from) = run(1, text);
    let (b, sb, _) = run(1, text);
    assert_eq!(a.inputs(), b.inputs());
    assert_eq!(sa, sb);
    assert!(sa.operations > 500, "{sa:?}");
    // Another seed, other choices.
    let (c, _, _) = run(1, &text.replace("seed=9", "seed=10"));
    assert_ne!(node_ops(&a, from), node_ops(&c, from));
    // Without seed=, the simulation's seed is the autopilot's.
    let unseeded = "rate=120,for=1m";
    assert_eq!(run(3, unseeded).0.inputs(), run(3, unseeded).0.inputs());
    assert_ne!(
        node_ops(&run(3, unseeded).0, from),
        node_ops(&run(4, unseeded).0, from)
    );
    // The run log alone (no autopilot) rebuilds the same cluster.
    let inputs: Vec<Input> = a.inputs().iter().map(|(_, i)| i.clone()).collect();
    let replayed = Simulation::replay(a.seed(), &inputs);
    assert_eq!(replayed.view(), a.view());
}

#[test]
fn the_cluster_stays_between_min_and_max() {
    for (text, low, high) in [
        ("rate=600,mix=add:5+remove:1,min=3,max=9", 3, 9),
        ("rate=600,mix=add:1+remove:5,min=2,max=9", 2, 9),
    ] {
        let mut sim = cluster(2);
        let mut a = Autopilot::start(config(&format!("{text},for=2m")), &sim);
        let (mut reached_low, mut reached_high) = (false, false);
        while !a.is_stopped() {
            let until = sim.now().plus(SimDuration::from_millis(100));
            assert!(a.run_until(&mut sim, until).is_empty());
            let n = sim.node_count();
            assert!((low..=high).contains(&n), "{text}: {n} nodes");
            reached_low |= n == low;
            reached_high |= n == high;
        }
        // It pushes against the bound its mix leans to.
        assert!(reached_high || !text.contains("add:5"), "{text}");
        assert!(reached_low || !text.contains("remove:5"), "{text}");
        // The control plane is never touched.
        assert!(sim.has_node("control-plane"));
    }
}

#[test]
fn only_operations_of_the_mix_happen_in_its_proportions() {
    let (sim, s, from) = run(
        5,
        "rate=600,for=2m,mix=notready:3+cordon:1,min=1,max=4,back=500ms,seed=1",
    );
    let mut counts = [0u64; 6];
    for (_, op) in node_ops(&sim, from) {
        match op {
            NodeOp::SetReady { ready: false, .. } => counts[2] += 1,
            NodeOp::Cordon { .. } => counts[4] += 1,
            NodeOp::SetReady { ready: true, .. } | NodeOp::Uncordon { .. } => {}
            other => panic!("not in the mix: {other:?}"),
        }
    }
    assert_eq!(counts, s.by_op);
    assert_eq!(s.operations, counts.iter().sum::<u64>());
    // 3 to 1, within a few percent over the draws it made.
    let share = counts[2] as f64 / s.operations as f64;
    assert!((0.68..0.82).contains(&share), "{share} of {counts:?}");
    assert_eq!((s.nodes_added, s.nodes_removed), (0, 0));
}

#[test]
fn every_node_taken_out_comes_back_at_the_end() {
    let (sim, s, from) = run(
        7,
        "rate=60,for=3m,mix=notready:1+lose:1+cordon:1+taint:1,back=10m,seed=4",
    );
    assert!(s.operations >= 3, "{s:?}");
    let view = sim.view();
    for n in &view.nodes {
        assert!(n.ready && !n.lost && !n.unschedulable, "{}", n.name);
        assert!(n.taints.iter().all(|t| t.key != TAINT_KEY), "{}", n.name);
    }
    // Lost and back: `lose:` then `ready:` on the same node.
    let ops = node_ops(&sim, from);
    if let Some((_, NodeOp::Lose { name })) =
        ops.iter().find(|(_, o)| matches!(o, NodeOp::Lose { .. }))
    {
        assert!(ops.iter().any(|(_, o)| *o
            == NodeOp::SetReady {
                name: name.clone(),
                ready: true
            }));
    }
}

#[test]
fn summary_of_nodes_added_by_hand() {
    // An operation every 10 s for a minute: at 10 s ... 50 s (the one at 60 s is the end).
    let (sim, s, from) = run(1, "rate=6,for=1m,mix=add:1,max=20");
    let start = START;
    let ops = node_ops(&sim, from);
    let want: Vec<(SimTime, NodeOp)> = (4..=8)
        .map(|i| {
            (
                start.plus(SimDuration::from_secs(10 * (i - 3))),
                NodeOp::Add {
                    name: Some(format!("worker-{i}")),
                    template: NodeTemplate::Worker,
                },
            )
        })
        .collect();
    assert_eq!(ops, want);
    // Each new node's agent pod: bound at once, started 1 s later, Ready 1 s after that.
    assert_eq!(
        s,
        Summary {
            operations: 5,
            by_op: [5, 0, 0, 0, 0, 0],
            nodes_added: 5,
            nodes_removed: 0,
            pods_created: 5,
            pods_deleted: 0,
            nodes_ready: 5,
            nodes_waiting: 0,
            ready_p50: Some(SimDuration::from_secs(2)),
            ready_p95: Some(SimDuration::from_secs(2)),
            refused: 0,
        }
    );
    assert_eq!(sim.node_count(), 9);
    assert_eq!(
        s.line(),
        "autopilot: 5 operations (add 5): 5 nodes added, 0 removed; 5 pods created, 0 deleted; time to Ready p50 2s, p95 2s (5 nodes)"
    );
}

#[test]
fn summary_of_nodes_removed_and_tainted_by_hand() {
    // Down to two nodes (the control plane and one worker): two removes, then nothing to do.
    let (sim, s, _) = run(1, "rate=6,for=1m,mix=remove:1,min=2");
    assert_eq!((s.operations, s.nodes_removed), (2, 2));
    // The agent pods of the removed workers are garbage collected.
    assert_eq!((s.pods_created, s.pods_deleted), (0, 2));
    assert_eq!(sim.node_count(), 2);
    // A taint at 10 s (back at 25 s) and one at 20 s (back at the end, 30 s): each evicts the
    // agent pod there (NoExecute, not tolerated), and the agent comes back when it goes.
    let (sim, s, from) = run(1, "rate=6,for=30s,mix=taint:1,back=15s,seed=2");
    assert_eq!(s.by_op, [0, 0, 0, 0, 0, 2]);
    assert_eq!((s.pods_created, s.pods_deleted), (2, 2));
    let ops = node_ops(&sim, from);
    assert_eq!(ops.len(), 4, "{ops:?}");
    let start = START;
    let times: Vec<u64> = ops
        .iter()
        .map(|(t, _)| t.since(start).as_millis())
        .collect();
    assert_eq!(times, [10_000, 20_000, 25_000, 30_000]);
    let NodeOp::AddTaint {
        name, key, effect, ..
    } = &ops[0].1
    else {
        panic!("{ops:?}");
    };
    assert_eq!((key.as_str(), *effect), (TAINT_KEY, TaintEffect::NoExecute));
    assert!(matches!(&ops[2].1, NodeOp::RemoveTaint { name: n, .. } if n == name));
}

#[test]
fn stop_brings_nodes_back_and_nothing_more_happens() {
    let mut sim = cluster(3);
    let mut a = Autopilot::start(config("rate=60,for=1h,mix=cordon:1,back=1h"), &sim);
    let until = sim.now().plus(SimDuration::from_secs(5));
    assert!(a.run_until(&mut sim, until).is_empty());
    assert_eq!(
        a.summary(&sim).by_op[4],
        3,
        "three workers cordoned, then none left"
    );
    assert!(a.stop(&mut sim).is_empty());
    assert!(a.is_stopped());
    assert_eq!(a.next_due(), None);
    assert!(sim.view().nodes.iter().all(|n| !n.unschedulable));
    let n = sim.inputs().len();
    let later = sim.now().plus(SimDuration::from_secs(60));
    a.run_until(&mut sim, later);
    assert_eq!(sim.now(), later);
    assert!(node_ops(&sim, n).is_empty());
    assert_eq!(Op::parse("cordon"), Ok(Op::Cordon));
}

/// The page's way of playing the autopilot: ticks of simulated time, each worked through a
/// piece at a time ([`Autopilot::work_toward`]) with the timeline and the view's changes
/// read between the pieces, and a tick that comes while the last one is not done carrying
/// its target on. The run log and the cluster are those of one [`Autopilot::run_until`].
#[test]
fn played_in_pieces_the_run_is_the_same_as_at_once() {
    let text = "rate=600,for=90s,min=2,max=14,mix=add:3+remove:3+notready:1+lose:1+cordon:1+taint:1,templates=worker+small,back=3s,seed=5";
    let (whole, whole_summary, _) = run(2, text);

    let mut sim = cluster(2);
    let mut timeline = dsplay_core::timeline::Timeline::new();
    timeline.observe(&mut sim);
    let mut a = Autopilot::start(config(text), &sim);
    let end = a.end().unwrap();
    let mut target = sim.now();
    let (mut pieces, mut ticks) = (0, 0);
    let mut refused = Vec::new();
    while !a.is_stopped() || sim.now() < end {
        // A tick of 2 s; then at most 3 pieces before the next tick comes (a slow page).
        target = target.plus(SimDuration::from_secs(2)).min(end);
        ticks += 1;
        for _ in 0..3 {
            pieces += 1;
            let done = a.work_toward(&mut sim, target, &mut refused);
            timeline.observe(&mut sim);
            let _ = sim.view_changes();
            if done {
                break;
            }
        }
    }
    assert!(refused.is_empty(), "{refused:?}");
    // Ticks were left unfinished and carried on by the next (3 pieces, 20 operations a tick).
    assert!(pieces > 2 * ticks, "{pieces} pieces, {ticks} ticks");
    assert_eq!(sim.inputs(), whole.inputs());
    assert_eq!(sim.view(), whole.view());
    assert_eq!(a.summary(&sim), whole_summary);
}
