//! The simulation's time handling: churn that never settles, advances to the
//! end of time, and the taint manager's `tolerationSeconds` clock
//! (`pkg/controller/tainteviction/taint_eviction.go` `processPodOnNode`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dsplay_core::clock::{SimDuration, SimTime};
use dsplay_core::sim::{Input, InputBound, NodeOp, Simulation, TaintEffect, WATCH_CAP};

/// A DaemonSet that tolerates `dedicated:NoExecute` for `secs` seconds.
fn tolerating(secs: i64, grace: i64) -> String {
    format!(
        "apiVersion: apps/v1
kind: DaemonSet
metadata: {{name: churn}}
spec:
  selector: {{matchLabels: {{app: churn}}}}
  template:
    metadata: {{labels: {{app: churn}}}}
    spec:
      terminationGracePeriodSeconds: {grace}
      tolerations: [{{key: dedicated, operator: Exists, effect: NoExecute, tolerationSeconds: {secs}}}]
      containers: [{{name: c, image: c}}]
"
    )
}

fn taint_worker_1(sim: &mut Simulation) {
    sim.node_op(NodeOp::AddTaint {
        name: "worker-1".into(),
        key: "dedicated".into(),
        value: "x".into(),
        effect: TaintEffect::NoExecute,
    })
    .unwrap();
}

fn evictions(sim: &Simulation) -> u32 {
    sim.view()
        .events
        .iter()
        .filter(|e| e.reason == "TaintManagerEviction")
        .map(|e| e.count)
        .sum()
}

/// Found by `fuzz_controller`-style exploration: `tolerationSeconds: 0` with
/// `terminationGracePeriodSeconds: 0` on a NoExecute-tainted node made the taint manager
/// evict each new pod at the instant it was bound, the pod vanish at once and the
/// DaemonSet controller re-create it, forever, without simulated time passing:
/// `apply` never returned.
#[test]
fn regression_zero_toleration_seconds_churn_takes_time() {
    let mut sim = Simulation::with_default_cluster(1);
    taint_worker_1(&mut sim);
    let r = sim.apply("ds.yaml", &tolerating(0, 0));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let fired = sim.timers_fired();
    sim.advance(SimDuration::from_secs(10));
    assert_eq!(sim.now(), SimTime(10_000));
    // One eviction per simulated second on worker-1, and a bounded amount of work.
    let n = evictions(&sim);
    assert!((9..=11).contains(&n), "{n} evictions in 10 s");
    assert!(
        sim.timers_fired() - fired < 200,
        "{}",
        sim.timers_fired() - fired
    );
    // The other workers keep their pod.
    let v = sim.view();
    for w in ["worker-2", "worker-3"] {
        let node = v.nodes.iter().find(|n| n.name == w).unwrap();
        assert_eq!(node.pods.len(), 1, "{w}");
    }
}

/// `Advance(u64::MAX)` in a cluster that never settles stops after the input's timer budget,
/// deterministically, and replays to the same cluster.
#[test]
fn regression_advance_u64_max_in_churning_cluster_is_bounded() {
    let run = || {
        let mut sim = Simulation::with_default_cluster(7);
        sim.set_timer_budget(3_000);
        taint_worker_1(&mut sim);
        sim.apply("ds.yaml", &tolerating(5, 1));
        let fired = sim.timers_fired();
        sim.advance(SimDuration(u64::MAX));
        assert_eq!(sim.timers_fired() - fired, 3_000);
        assert!(sim.now() < SimTime::END);
        assert!(sim.now() > SimTime(1_000_000), "{:?}", sim.now());
        assert!(!sim.is_settled());
        // A settle is an input with its own budget, and is not settled either.
        assert!(!sim.settle(SimDuration(u64::MAX)));
        sim.advance(SimDuration::from_secs(1));
        sim
    };
    let a = run();
    let b = run();
    assert_eq!(a.object_list(), b.object_list());
    let inputs: Vec<Input> = a.inputs().iter().map(|(_, i)| i.clone()).collect();
    let mut c = Simulation::new(7);
    c.set_timer_budget(3_000);
    for i in inputs {
        let _ = c.step(i);
    }
    assert_eq!(a.now(), c.now());
    assert_eq!(a.object_list(), c.object_list());
}

/// Consecutive advances are merged in the input log only while they replay the same.
#[test]
fn merged_advances_replay_the_same() {
    let mut sim = Simulation::with_default_cluster(3);
    sim.set_timer_budget(100);
    taint_worker_1(&mut sim);
    sim.apply("ds.yaml", &tolerating(2, 1));
    for _ in 0..40 {
        sim.advance(SimDuration::from_secs(7));
    }
    let inputs: Vec<Input> = sim.inputs().iter().map(|(_, i)| i.clone()).collect();
    let advances = inputs
        .iter()
        .filter(|i| matches!(i, Input::Advance(_)))
        .count();
    assert!((2..40).contains(&advances), "{advances} advances logged");
    let mut c = Simulation::new(3);
    c.set_timer_budget(100);
    for i in inputs {
        let _ = c.step(i);
    }
    assert_eq!(sim.now(), c.now());
    assert_eq!(sim.object_list(), c.object_list());
}

/// Time ends at 9999-12-30T22:00:00Z (Kubernetes timestamps cannot show later years).
#[test]
fn advance_u64_max_in_a_quiet_cluster_reaches_the_end_of_time() {
    let mut sim = Simulation::with_default_cluster(1);
    sim.apply(
        "ds.yaml",
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c, image: c}]}\n",
    );
    sim.advance(SimDuration(u64::MAX));
    assert_eq!(sim.now(), SimTime::END);
    assert_eq!(sim.now().rfc3339(), "9999-12-30T22:00:00Z");
    sim.advance(SimDuration(u64::MAX));
    assert_eq!(sim.now(), SimTime::END);
    assert!(sim.settle(SimDuration(u64::MAX)));
    // Things still happen at the end of time, within the same instant.
    sim.node_op(NodeOp::Add {
        name: Some("late".into()),
        template: dsplay_core::sim::NodeTemplate::Worker,
    })
    .unwrap();
    assert_eq!(sim.view().daemon_sets[0].desired, 4);
    let v = serde_json::to_string(&sim.object_list()).unwrap();
    assert!(
        v.contains("9999-12-30T22:00:00Z"),
        "{}",
        &v[v.len().saturating_sub(3000)..]
    );
}

/// Upstream counts `tolerationSeconds` from when the taint manager sees the pod under the
/// taint (`startTime := now`), so a daemon pod re-created on a node tainted long ago lives
/// its full `tolerationSeconds` again; it is not evicted at once.
#[test]
fn toleration_seconds_count_from_the_pods_binding() {
    let mut sim = Simulation::with_default_cluster(1);
    taint_worker_1(&mut sim);
    sim.advance(SimDuration::from_secs(100));
    sim.apply("ds.yaml", &tolerating(30, 1));
    sim.advance(SimDuration::from_secs(29));
    assert_eq!(evictions(&sim), 0);
    sim.advance(SimDuration::from_secs(2));
    assert_eq!(evictions(&sim), 1);
    // The replacement (created once the first is gone) also gets 30 s.
    sim.advance(SimDuration::from_secs(25));
    assert_eq!(evictions(&sim), 1);
    sim.advance(SimDuration::from_secs(10));
    assert_eq!(evictions(&sim), 2);
}

/// §15.1: a Node written without status gets the template nodes' `nodeInfo` (so
/// `kubectl get nodes -o wide` shows a VERSION); a written status is taken as written.
#[test]
fn nodes_without_status_report_the_template_node_info() {
    let mut sim = Simulation::new(1);
    let r = sim.apply(
        "n.yaml",
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: bare\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: win\n  labels: {kubernetes.io/os: windows, kubernetes.io/arch: arm64}\n---\napiVersion: v1\nkind: Node\nmetadata:\n  name: written\nstatus:\n  capacity: {cpu: \"2\"}\n",
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    let info = |sim: &Simulation, n: &str| sim.node_object(n).unwrap().status.unwrap().node_info;
    let bare = info(&sim, "bare").unwrap();
    assert_eq!(bare.kubelet_version, "v1.33.1");
    assert_eq!(bare.operating_system, "linux");
    assert_eq!(bare.architecture, "amd64");
    assert_eq!(bare.os_image, "Ubuntu 24.04.1 LTS");
    let win = info(&sim, "win").unwrap();
    assert_eq!(win.kubelet_version, "v1.33.1");
    assert_eq!(win.operating_system, "windows");
    assert_eq!(win.architecture, "arm64");
    assert_eq!(win.os_image, "Windows Server 2022 Datacenter");
    // Same as a template node's.
    sim.node_op(NodeOp::Add {
        name: Some("tpl".into()),
        template: dsplay_core::sim::NodeTemplate::Worker,
    })
    .unwrap();
    assert_eq!(info(&sim, "tpl").unwrap(), bare);
    assert!(info(&sim, "written").is_none());
}

/// `IsPodAvailable` compares `lastTransitionTime + minReadySeconds` with now, and the
/// controller reads `lastTransitionTime` from the API, in whole seconds: a pod Ready at 2.5 s
/// with `minReadySeconds: 10` is available just after 12 s, not after 12.5 s.
#[test]
fn availability_counts_from_the_second_of_the_ready_transition() {
    let mut sim = Simulation::with_default_cluster(1);
    sim.advance(SimDuration::from_millis(500));
    let r = sim.apply(
        "ds.yaml",
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\nspec:\n  minReadySeconds: 10\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c, image: c}]}\n",
    );
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    sim.advance(SimDuration::from_millis(2_100)); // 2.6 s: Ready since 2.5 s
    let ds = &sim.view().daemon_sets[0];
    assert_eq!((ds.ready, ds.available), (3, 0));
    sim.advance(SimDuration::from_millis(9_300)); // 11.9 s
    assert_eq!(sim.view().daemon_sets[0].available, 0);
    sim.advance(SimDuration::from_millis(200)); // 12.1 s
    assert_eq!(sim.view().daemon_sets[0].available, 3);
}

/// Measurement (release): the wall-clock cost of one input that spends the whole default
/// timer budget. `cargo test --release -p dsplay-core --test sim_time_bounds -- --ignored --nocapture`
#[test]
#[ignore]
fn measure_default_timer_budget() {
    let mut sim = Simulation::with_default_cluster(7);
    taint_worker_1(&mut sim);
    sim.apply("ds.yaml", &tolerating(5, 1));
    let fired = sim.timers_fired();
    let start = std::time::Instant::now();
    sim.advance(SimDuration(u64::MAX));
    eprintln!(
        "Advance(u64::MAX) in a churning cluster: {} timers, simulated {}, {:?}",
        sim.timers_fired() - fired,
        sim.now().rfc3339(),
        start.elapsed()
    );
    assert_eq!(
        sim.timers_fired() - fired,
        dsplay_core::sim::DEFAULT_TIMER_BUDGET
    );
}

/// The default cluster with a DaemonSet whose pod on worker-1 is evicted after 1 s,
/// re-created, evicted again... forever.
fn never_settling() -> Simulation {
    let mut sim = Simulation::with_default_cluster(1);
    taint_worker_1(&mut sim);
    let r = sim.apply("ds.yaml", &tolerating(1, 0));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    sim
}

#[test]
fn the_timer_budget_is_named_when_it_stops_an_input() {
    let mut sim = never_settling();
    sim.set_timer_budget(2_000);
    assert!(!sim.settle(SimDuration::from_secs(100 * 3600)));
    assert_eq!(sim.input_bound_reached(), Some(InputBound::Timers(2_000)));
    // A settle that stops at its time limit reached no bound.
    let mut sim = never_settling();
    assert!(!sim.settle(SimDuration::from_secs(60)));
    assert_eq!(sim.input_bound_reached(), None);
}

#[test]
fn a_recorded_input_stops_at_the_watch_bound_and_drops_nothing() {
    let mut sim = never_settling();
    sim.record_watch(true);
    let start = sim.now();
    sim.step(Input::Advance(SimDuration::from_secs(1_000_000 * 3600)))
        .unwrap();
    assert_eq!(
        sim.input_bound_reached(),
        Some(InputBound::WatchEvents(WATCH_CAP))
    );
    assert!(sim.now() > start);
    let events = sim.take_watch_json();
    // Every notification of the input, up to the instant it stopped (that instant's own
    // changes may overshoot the bound a little).
    assert!(events.len() >= WATCH_CAP, "{}", events.len());
    assert!(events.len() < WATCH_CAP + 100, "{}", events.len());
    assert!(events.windows(2).all(|w| w[0].time <= w[1].time));
    for e in events.iter().take(50) {
        let v: serde_json::Value = serde_json::from_str(&e.object).unwrap();
        assert!(v["kind"].is_string(), "{}", e.object);
    }
    // Without a watch, the same advance runs on to its timer budget.
    let mut sim = never_settling();
    sim.step(Input::Advance(SimDuration::from_secs(1_000_000 * 3600)))
        .unwrap();
    assert!(matches!(
        sim.input_bound_reached(),
        Some(InputBound::Timers(_))
    ));
}

#[test]
fn watch_events_and_their_json_text_agree() {
    let run = |json: bool| {
        let mut sim = Simulation::with_default_cluster(4);
        sim.record_watch(true);
        sim.node_op(NodeOp::Cordon {
            name: "worker-2".into(),
        })
        .unwrap();
        if json {
            sim.take_watch_json()
                .into_iter()
                .map(|e| {
                    (
                        e.type_.to_string(),
                        serde_json::from_str::<serde_json::Value>(&e.object).unwrap(),
                        e.time,
                    )
                })
                .collect::<Vec<_>>()
        } else {
            sim.take_watch_events()
                .into_iter()
                .map(|e| (e.type_, e.object, e.time))
                .collect()
        }
    };
    let (a, b) = (run(true), run(false));
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

/// The watch bound grows with the cluster: a rollout over many nodes, with more
/// notifications than [`WATCH_CAP`], settles under a recorded watch and loses nothing.
#[test]
fn a_big_rollout_under_watch_is_not_cut_short() {
    let mut sim = Simulation::new(5);
    for _ in 0..2_000 {
        sim.node_op(NodeOp::Add {
            name: None,
            template: dsplay_core::sim::NodeTemplate::Worker,
        })
        .unwrap();
    }
    sim.record_watch(true);
    let two = format!(
        "{}---\n{}",
        tolerating(1, 0),
        tolerating(1, 0).replace("churn", "other")
    );
    let r = sim.apply("ds.yaml", &two);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert!(sim.settle(SimDuration::from_secs(3600)));
    assert_eq!(sim.input_bound_reached(), None);
    let events = sim.take_watch_json();
    assert!(events.len() > WATCH_CAP, "{}", events.len());
    let running = events
        .iter()
        .filter(|e| e.type_ == "MODIFIED" && e.object.contains("\"phase\":\"Running\""))
        .count();
    assert!(running >= 4_000, "{running}");
}
