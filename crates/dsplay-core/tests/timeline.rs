//! The timeline (`dsplay_core::timeline`): each DaemonSet's status over time, rollout and
//! step marks, the bounds on what is kept, and going back to a moment through checkpoints,
//! which must give the cluster a straight run has at that moment, byte for byte.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic

use dsplay_core::clock::{SimDuration, SimTime};
use dsplay_core::print::chart;
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, Simulation};
use dsplay_core::timeline::{
    Checkpoints, History, MarkKind, Timeline, MAX_CHECKPOINTS, MAX_MARKS, MAX_SAMPLES,
};

fn ds(name: &str, image: &str, strategy: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels: {{app: {name}}}\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate: {strategy}\n  minReadySeconds: 5\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers:\n      - name: c\n        image: {image}\n"
    )
}

fn apply(name: &str, image: &str, strategy: &str) -> Input {
    Input::Apply {
        file: format!("{name}.yaml"),
        text: ds(name, image, strategy),
    }
}

fn node(op: fn(String) -> NodeOp, name: &str) -> Input {
    Input::Node(op(name.to_string()))
}

/// Everything a run's state is, as text: the API objects, the events, the input log, the
/// clock and the work done. Two simulations with the same fingerprint are the same cluster.
fn fingerprint(sim: &Simulation) -> String {
    let events: Vec<String> = sim
        .events_newest_first()
        .map(|e| format!("{e:?}"))
        .collect();
    format!(
        "now={:?}\nfired={}\ninputs={:?}\nobjects={}\nevents={events:?}\nview={:?}",
        sim.now(),
        sim.timers_fired(),
        sim.inputs(),
        serde_json::to_string(&sim.object_list()).unwrap(),
        sim.view(),
    )
}

/// A run driven as the page drives it: the clock ticks by `TICK`, and inputs come at their
/// times. `until`: stop there (the tick that crosses it is cut), as a straight run to that
/// moment. `observe` sees the simulation after each tick and input.
const TICK: SimDuration = SimDuration::from_millis(250);

fn script() -> Vec<(u64, Input)> {
    let mut v = vec![
        (0, apply("agent", "agent:1", "{maxUnavailable: 1}")),
        (
            0,
            apply("logs", "logs:1", "{maxSurge: 1, maxUnavailable: 0}"),
        ),
        (
            5_000,
            node(
                |n| NodeOp::Add {
                    name: Some(n),
                    template: NodeTemplate::Worker,
                },
                "worker-4",
            ),
        ),
        (20_000, apply("agent", "agent:2", "{maxUnavailable: 1}")),
        (
            20_000,
            apply("logs", "logs:2", "{maxSurge: 1, maxUnavailable: 0}"),
        ),
        (31_500, node(|n| NodeOp::Cordon { name: n }, "worker-2")),
        (
            45_000,
            node(
                |n| NodeOp::SetReady {
                    name: n,
                    ready: false,
                },
                "worker-3",
            ),
        ),
        (
            70_000,
            node(
                |n| NodeOp::SetReady {
                    name: n,
                    ready: true,
                },
                "worker-3",
            ),
        ),
        (90_000, node(|name| NodeOp::Remove { name }, "worker-1")),
        (120_000, apply("agent", "agent:3", "{maxUnavailable: 2}")),
    ];
    // More nodes joining over time, so that the checkpoints are thinned at least once.
    for i in 0..12u64 {
        v.push((
            150_000 + i * 20_000,
            node(
                |n| NodeOp::Add {
                    name: Some(n),
                    template: NodeTemplate::Worker,
                },
                &format!("late-{i}"),
            ),
        ));
    }
    v
}

const RUN_END: u64 = 420_000;

fn drive(until: u64, mut observe: impl FnMut(&mut Simulation)) -> Simulation {
    let mut sim = Simulation::with_default_cluster(7);
    observe(&mut sim);
    let mut inputs = script().into_iter().peekable();
    loop {
        while let Some((at, _)) = inputs.peek() {
            if *at > sim.now().0 || *at > until {
                break;
            }
            let (_, input) = inputs.next().unwrap();
            let _ = sim.step(input);
            observe(&mut sim);
        }
        if sim.now().0 >= until {
            break;
        }
        let next = (sim.now().0 + TICK.0).min(until);
        sim.advance(SimDuration(next - sim.now().0));
        observe(&mut sim);
    }
    sim
}

#[test]
fn checkpoint_and_replay_give_the_straight_runs_cluster_at_every_moment() {
    let mut timeline = Timeline::new();
    let live = drive(RUN_END, |sim| timeline.observe(sim));
    assert!(timeline.checkpoints.len() <= MAX_CHECKPOINTS);
    assert!(
        timeline.checkpoints.interval() > dsplay_core::timeline::FIRST_INTERVAL,
        "the run is long enough to thin the checkpoints once"
    );
    // Moments on a tick, between ticks, at an input, inside a rollout, at the start and end.
    for at in [
        0, 1, 4_999, 5_000, 20_000, 20_125, 23_333, 31_500, 60_000, 97_777, 121_000, 300_001,
        RUN_END,
    ] {
        let back = timeline.state_at(&live, SimTime(at));
        let straight = drive(at, |_| {});
        assert_eq!(back.now(), SimTime(at));
        assert_eq!(fingerprint(&back), fingerprint(&straight), "at {at} ms");
    }
    // Past the end is the end.
    assert_eq!(
        fingerprint(&timeline.state_at(&live, SimTime(RUN_END + 5_000))),
        fingerprint(&live)
    );
}

#[test]
fn resume_from_a_moment_goes_on_as_a_run_that_never_went_further() {
    let mut timeline = Timeline::new();
    let live = drive(RUN_END, |sim| timeline.observe(sim));
    let at = SimTime(100_000);
    let mut resumed = timeline.state_at(&live, at);
    timeline.truncate(at, &resumed);
    assert!(timeline.checkpoints.times().iter().all(|t| *t <= at));
    assert!(timeline.history.steps().iter().all(|m| m.at <= at));
    for s in timeline.history.series() {
        assert!(s.samples.iter().all(|x| x.at <= at));
    }
    // Carry on differently from there, both ways.
    let more = [
        node(|name| NodeOp::Lose { name }, "worker-4"),
        Input::Advance(SimDuration::from_secs(90)),
    ];
    let mut straight = drive(at.0, |_| {});
    for input in &more {
        let _ = resumed.step(input.clone());
        timeline.observe(&mut resumed);
        let _ = straight.step(input.clone());
    }
    assert_eq!(fingerprint(&resumed), fingerprint(&straight));
    // The history after the resume is the straight run's history.
    let (_, fresh) = Timeline::replay(straight.seed(), straight.inputs().iter().map(|(_, i)| i));
    assert_eq!(timeline.history.series(), fresh.history.series());
    assert_eq!(timeline.history.steps(), fresh.history.steps());
    // And going back within the new run works from the checkpoints kept before the resume.
    let back = timeline.state_at(&resumed, SimTime(150_000));
    assert_eq!(fingerprint(&back), {
        let mut s = drive(at.0, |_| {});
        let _ = s.step(more[0].clone());
        s.advance(SimDuration::from_secs(50));
        fingerprint(&s)
    });
}

#[test]
fn the_history_does_not_depend_on_how_time_was_cut() {
    let mut live = Timeline::new();
    let sim = drive(RUN_END, |sim| live.observe(sim));
    let (replayed, again) = Timeline::replay(sim.seed(), sim.inputs().iter().map(|(_, i)| i));
    assert_eq!(fingerprint(&replayed), fingerprint(&sim));
    assert_eq!(live.history.series(), again.history.series());
    assert_eq!(live.history.steps(), again.history.steps());
    // And one observation at the very end sees every change too (the simulation notes them).
    let mut once = History::new();
    let mut fresh = Simulation::new(sim.seed());
    once.observe(&mut fresh);
    for (_, input) in sim.inputs() {
        let _ = fresh.step(input.clone());
    }
    once.observe(&mut fresh);
    assert_eq!(once.series(), live.history.series());
}

#[test]
fn samples_follow_the_status_and_rollouts_are_marked() {
    let mut history = History::new();
    let live = drive(RUN_END, |sim| history.observe(sim));
    let names: Vec<&str> = history.series().iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["agent", "logs"]);
    for s in history.series() {
        // One sample per instant, in time order, each a change.
        for w in s.samples.windows(2) {
            assert!(w[0].at < w[1].at);
            assert_ne!(w[0].values(), w[1].values());
        }
        // The last sample is the status now; the one at any moment is the straight run's.
        let row = |sim: &Simulation| {
            let v = sim.view();
            let d = v
                .daemon_sets
                .iter()
                .find(|d| d.name == s.name)
                .unwrap()
                .clone();
            [
                d.desired,
                d.current,
                d.ready,
                d.up_to_date,
                d.available,
                d.unavailable,
            ]
        };
        assert_eq!(s.samples.last().unwrap().values(), row(&live));
        for at in [1_000, 21_000, 33_000, 50_000, 130_000] {
            assert_eq!(
                s.sample_at(SimTime(at)).unwrap().values(),
                row(&drive(at, |_| {})),
                "{} at {at}",
                s.name
            );
        }
    }
    // agent rolls out twice (20 s, 120 s), logs once (20 s); each rollout ends when kubectl
    // rollout status would say so, not before.
    let agent = &history.series()[0];
    let kinds: Vec<(u64, MarkKind)> = agent.rollouts.iter().map(|m| (m.at.0, m.kind)).collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    assert_eq!(kinds[0], (20_000, MarkKind::RolloutStart));
    assert_eq!(kinds[2], (120_000, MarkKind::RolloutStart));
    for end in [kinds[1], kinds[3]] {
        assert_eq!(end.1, MarkKind::RolloutEnd);
        let complete = |at: u64| drive(at, |_| {}).view().daemon_sets[0].rollout_complete();
        assert!(complete(end.0), "done at {}", end.0);
        assert!(!complete(end.0 - 1), "not done before {}", end.0);
    }
    assert_eq!(history.series()[1].rollouts.len(), 2);
    // Steps: every input but time passing, at its time, labelled as the CLI writes it.
    let steps = history.steps();
    assert_eq!(steps.len(), 4 + script().len());
    assert!(steps.iter().all(|m| m.kind == MarkKind::Step));
    assert_eq!(steps[6].label, "add-node:worker:worker-4");
    assert_eq!(steps[6].at, SimTime(5_000));
    assert_eq!(steps[4].label, "apply -f agent.yaml");
    // A chart's marks: its rollouts and the steps, by time.
    let marks = history.marks_for(agent);
    assert_eq!(marks.len(), 4 + steps.len());
    assert!(marks.windows(2).all(|w| w[0].at <= w[1].at));
}

#[test]
fn a_spec_change_with_nothing_to_roll_is_no_rollout() {
    let mut history = History::new();
    let mut sim = Simulation::with_default_cluster(1);
    let _ = sim.step(apply("agent", "agent:1", "{maxUnavailable: 1}"));
    sim.settle(SimDuration::from_secs(600));
    history.observe(&mut sim);
    // Only the strategy changes: the pods stay, nothing rolls.
    let _ = sim.step(apply("agent", "agent:1", "{maxUnavailable: 2}"));
    sim.settle(SimDuration::from_secs(600));
    history.observe(&mut sim);
    assert!(
        history.series()[0].rollouts.is_empty(),
        "{:?}",
        history.series()[0].rollouts
    );
    // Deleted: the series drops to 0 and stays.
    let _ = sim.step(Input::Delete {
        kind: dsplay_core::sim::ObjectKind::DaemonSet,
        namespace: "default".into(),
        name: "agent".into(),
    });
    history.observe(&mut sim);
    assert_eq!(history.series()[0].samples.last().unwrap().values(), [0; 6]);
}

#[test]
fn memory_is_bounded_however_long_the_run() {
    let mut timeline = Timeline::new();
    let mut sim = Simulation::with_default_cluster(3);
    let _ = sim.step(apply("agent", "agent:1", "{maxUnavailable: 1}"));
    timeline.observe(&mut sim);
    // A node that comes and goes, 1500 times: each time the status changes 4 times or so.
    for i in 0..1500 {
        let name = format!("flaky-{}", i % 2);
        let _ = sim.node_op(NodeOp::Add {
            name: Some(name.clone()),
            template: NodeTemplate::Worker,
        });
        sim.advance(SimDuration::from_secs(3));
        timeline.observe(&mut sim);
        let _ = sim.node_op(NodeOp::Remove { name });
        sim.advance(SimDuration::from_secs(3));
        timeline.observe(&mut sim);
    }
    let series = &timeline.history.series()[0];
    assert!(
        series.samples.len() <= MAX_SAMPLES,
        "{}",
        series.samples.len()
    );
    assert!(series.samples.len() > MAX_SAMPLES / 2);
    // The start is kept, the recent past is exact, older times are coarser.
    assert_eq!(series.samples[0].at, SimTime::ZERO);
    let recent: Vec<_> = series.samples.iter().rev().take(40).collect();
    for w in recent.windows(2) {
        assert!(
            w[0].at.0 - w[1].at.0 <= 3_000,
            "recent samples are every change"
        );
    }
    assert!(timeline.history.steps().len() <= MAX_MARKS);
    assert_eq!(
        timeline.history.steps().last().unwrap().label,
        "remove-node:flaky-1"
    );
    assert!(timeline.checkpoints.len() <= MAX_CHECKPOINTS);
    assert_eq!(timeline.checkpoints.times()[0], SimTime::ZERO);
    // Still exact, from the thinned checkpoints.
    let at = SimTime(4_321_000);
    let back = timeline.state_at(&sim, at);
    let straight = Checkpoints::new().state_at(&sim, at);
    assert_eq!(fingerprint(&back), fingerprint(&straight));
}

#[test]
fn checkpoints_keep_at_most_their_bound_under_churn_and_going_back_stays_exact() {
    // 40 workers and two DaemonSets; the autopilot changes nodes all over the cluster, 5 a
    // second, for 4 minutes, and the page's timeline looks every second.
    let mut sim = Simulation::with_default_cluster(11);
    let _ = sim.step(apply("agent", "agent:1", "{maxUnavailable: 1}"));
    let _ = sim.step(apply("logs", "logs:1", "{maxSurge: 1, maxUnavailable: 0}"));
    for _ in 0..40 {
        let _ = sim.node_op(NodeOp::Add {
            name: None,
            template: NodeTemplate::Worker,
        });
    }
    sim.advance(SimDuration::from_secs(30));
    // A small least bound, so that this small cluster reaches it (the page's is 8 MiB).
    let mut checkpoints = Checkpoints::with_min_bound(64 << 10);
    checkpoints.observe(&sim);
    // The same without a bound in practice: thinned by their count only.
    let mut counted = Checkpoints::with_min_bound(usize::MAX);
    counted.observe(&sim);
    let config =
        dsplay_core::autopilot::Config::parse("rate=5/s,for=10m,min=30,max=44,seed=3").unwrap();
    let mut pilot = dsplay_core::autopilot::Autopilot::start(config, &sim);
    let mut most = 0;
    for second in 1..=240u64 {
        let until = sim.now().plus(SimDuration::from_secs(1));
        let _ = pilot.run_until(&mut sim, until);
        checkpoints.observe(&sim);
        counted.observe(&sim);
        assert!(
            checkpoints.pinned() <= checkpoints.pinned_bound(),
            "at {second} s: {} bytes kept apart, bound {}",
            checkpoints.pinned(),
            checkpoints.pinned_bound()
        );
        most = most.max(checkpoints.pinned());
    }
    // Thinned by their count only, they would keep more than the bound; the bound thinned
    // them further, and they kept close to it.
    assert!(pilot.summary(&sim).operations >= 1_000);
    assert!(
        counted.pinned() > checkpoints.pinned_bound(),
        "{} of {}",
        counted.pinned(),
        checkpoints.pinned_bound()
    );
    assert!(checkpoints.len() < counted.len());
    assert!(
        most > checkpoints.pinned_bound() / 2,
        "{most} of {}",
        checkpoints.pinned_bound()
    );
    // Going back anywhere is still the straight run's cluster (the checkpoints kept, and the
    // run's start replayed when it is before the oldest).
    let end = sim.now().0;
    let straight = Checkpoints::new();
    let oldest = checkpoints.times()[0].0;
    for at in [0, 30_000, 31_234, oldest, end / 2, end - 4_321, end] {
        let at = SimTime(at);
        assert_eq!(
            fingerprint(&checkpoints.state_at(&sim, at)),
            fingerprint(&straight.state_at(&sim, at)),
            "at {at:?}"
        );
    }
    assert_eq!(
        fingerprint(&checkpoints.state_at(&sim, SimTime(end))),
        fingerprint(&sim)
    );
}

#[test]
fn another_run_starts_the_checkpoints_again() {
    let mut cps = Checkpoints::new();
    let mut a = Simulation::with_default_cluster(1);
    a.advance(SimDuration::from_secs(60));
    cps.observe(&a);
    let b = Simulation::with_default_cluster(2);
    cps.observe(&b);
    assert_eq!(cps.times(), [SimTime::ZERO]);
    assert_eq!(
        fingerprint(&cps.state_at(&b, SimTime::ZERO)),
        fingerprint(&b)
    );
}

#[test]
fn the_chart_draws_each_status_number_and_the_marks() {
    let mut history = History::new();
    let live = drive(150_000, |sim| history.observe(sim));
    let agent = &history.series()[0];
    let marks = history.marks_for(agent);
    let span = chart::Span::new(SimTime::ZERO, live.now());
    let svg = chart::to_string(agent, &marks, span);
    assert_eq!(
        svg,
        chart::to_string(agent, &marks, span),
        "same input, same bytes"
    );
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.ends_with("</svg>\n"));
    for f in [
        "desired",
        "current",
        "ready",
        "up-to-date",
        "available",
        "unavailable",
    ] {
        assert_eq!(
            svg.matches(&format!("data-field=\"{f}\"")).count(),
            1,
            "{f}"
        );
    }
    assert_eq!(svg.matches("data-mark=\"rollout-start\"").count(), 2);
    assert_eq!(svg.matches("data-mark=\"rollout-end\"").count(), 2);
    assert_eq!(
        svg.matches("data-mark=\"step\"").count(),
        history.steps().len()
    );
    assert!(svg.contains("<title>rollout of agent started at 20s</title>"));
    assert!(svg.contains("<title>cordon:worker-2 at 31s</title>"));
    // The rollout's start is drawn where the time axis puts 20 s.
    let x = chart::x_of(SimTime(20_000), span);
    assert!(svg.contains(&format!("<path d=\"M{x} ")));
    // A window of the run: only what is in it.
    let late = chart::Span::new(SimTime(100_000), live.now());
    let svg = chart::to_string(agent, &marks, late);
    assert_eq!(svg.matches("data-mark=\"rollout-start\"").count(), 1);
    // Two charts stacked on one axis.
    let logs = &history.series()[1];
    let logs_marks = history.marks_for(logs);
    let both = chart::stacked(&[(agent, &marks), (logs, &logs_marks)], span);
    assert!(both.contains(&format!("height=\"{}\"", 2 * chart::HEIGHT)));
    assert!(both.contains("data-daemonset=\"agent\"") && both.contains("data-daemonset=\"logs\""));
}
