//! The built-in side-by-side scenarios (`web/scenarios/*side-by-side*`, `compare:`) played in
//! lockstep, second by second, show what their captions say: the two clusters differ the
//! way the captions claim while they play, not only at the end.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic

use dsplay_core::clock::SimDuration;
use dsplay_core::scenario::{Lockstep, Scenario};
use dsplay_core::sim::Simulation;

fn scenario(name: &str) -> Scenario {
    let path = format!("{}/../../web/scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    Scenario::parse(&path, &text, &mut |f: &str| Err(format!("no file {f}")))
        .unwrap_or_else(|e| panic!("{e:?}"))
}

/// `agent`'s available count and the most agent pods on one node.
fn available_and_most_on_a_node(sim: &Simulation) -> (i32, usize) {
    let view = sim.view();
    let available = view
        .daemon_sets
        .iter()
        .find(|d| d.name == "agent")
        .map_or(-1, |d| d.available);
    let most = view.nodes.iter().map(|n| n.pods.len()).max().unwrap_or(0);
    (available, most)
}

/// Plays `scenario` in lockstep a second at a time for `secs`, calling `see` with the time,
/// and each side's index and simulation, after each second.
fn play(scenario: &Scenario, secs: u64, mut see: impl FnMut(u64, usize, &Simulation)) -> Lockstep {
    let mut both = Lockstep::start(scenario);
    for t in 1..=secs {
        let outcomes = both.advance_to(SimDuration::from_secs(t), true);
        for side in &outcomes {
            assert!(side.iter().all(|o| o.result.is_ok()), "{side:?}");
        }
        // Lockstep: every side at the same time and step.
        let (next, elapsed) = (both.next(), both.elapsed());
        for (i, (_, run)) in both.sides.iter().enumerate() {
            assert_eq!((run.next, run.elapsed()), (next, elapsed));
            see(t, i, &run.sim);
        }
    }
    both
}

#[test]
fn max_unavailable_leaves_a_node_without_an_agent_max_surge_runs_two() {
    let s = scenario("09-side-by-side-rolling-update.yaml");
    assert_eq!(
        s.compare
            .iter()
            .map(|v| v.name.as_str())
            .collect::<Vec<_>>(),
        ["max-unavailable", "max-surge"]
    );
    let mut least_available = [i32::MAX; 2];
    let mut most_pods = [0; 2];
    let both = play(&s, 240, |t, i, sim| {
        if t < 60 {
            // Version 1 starting.
            return;
        }
        let (available, most) = available_and_most_on_a_node(sim);
        least_available[i] = least_available[i].min(available);
        most_pods[i] = most_pods[i].max(most);
    });
    assert!(both.ended());
    // maxUnavailable: 1 lets one node go without an available agent and never runs two;
    // maxSurge: 1 keeps all three available and runs two on a node for a while.
    assert_eq!(least_available, [2, 3]);
    assert_eq!(most_pods, [1, 2]);
    for (side, run) in &both.sides {
        assert_eq!(
            side.expect.as_ref().unwrap().check(&run.sim),
            Vec::<String>::new()
        );
    }
}

#[test]
fn a_toleration_covers_only_its_effect() {
    let s = scenario("10-side-by-side-taint-effects.yaml");
    let both = play(&s, 120, |_, _, _| {});
    let status = |i: usize| {
        let v = both.sides[i].1.sim.view();
        let d = v.daemon_sets.iter().find(|d| d.name == "agent").unwrap();
        (d.desired, d.current, d.misscheduled)
    };
    // Tolerates NoSchedule: worker-1 still desired, worker-2's pod evicted.
    assert_eq!(status(0), (2, 2, 0));
    // Tolerates NoExecute: worker-1's pod stays, misscheduled; worker-2's stays.
    assert_eq!(status(1), (2, 2, 1));
    for (side, run) in &both.sides {
        assert_eq!(
            side.expect.as_ref().unwrap().check(&run.sim),
            Vec::<String>::new()
        );
    }
}
