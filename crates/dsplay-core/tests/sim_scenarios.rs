//! Whole-cluster scenarios (§12 cheat-sheet): the controller, scheduler, kubelet, taint
//! manager and pod GC together, over simulated time.

mod sim_support;
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, Simulation};
use dsplay_core::view::PodDisplayPhase;
use sim_support::*;

#[test]
fn default_cluster_plain_daemon_set_runs_on_every_worker() {
    let mut sim = Simulation::with_default_cluster(7);
    create_ds(&mut sim, new_daemon_set("agent"));
    settle(&mut sim);
    assert_eq!(status_tuple(&sim, "agent"), (3, 3, 3, 3, 3, 0));
    assert!(pods_on(&sim, "agent", "control-plane").is_empty());
    for w in ["worker-1", "worker-2", "worker-3"] {
        let ps = pods_on(&sim, "agent", w);
        assert_eq!(ps.len(), 1, "{w}");
        assert_eq!(ps[0].phase, PodDisplayPhase::Ready);
        assert!(ps[0].name.starts_with("agent-") && ps[0].name.len() == 11);
        assert!(ps[0].updated);
    }
    assert_eq!(
        sim.rollout_status("default", "agent").unwrap(),
        "daemon set \"agent\" successfully rolled out"
    );
    let ds = ds_view(&sim, "agent");
    assert_eq!((ds.generation, ds.observed_generation), (1, 1));
}

#[test]
fn same_seed_same_object_list() {
    let run = |seed| {
        let mut sim = Simulation::with_default_cluster(seed);
        create_ds(&mut sim, new_daemon_set("agent"));
        sim.settle(SimDuration::from_secs(60));
        serde_json::to_string(&sim.object_list()).unwrap()
    };
    assert_eq!(run(3), run(3));
    assert_ne!(run(3), run(4));
}

#[test]
fn replay_of_inputs_gives_the_same_cluster() {
    let mut sim = Simulation::with_default_cluster(11);
    create_ds(&mut sim, new_daemon_set("agent"));
    sim.advance(SimDuration::from_secs(3));
    sim.node_op(NodeOp::Add {
        name: None,
        template: NodeTemplate::Worker,
    })
    .unwrap();
    sim.settle(SimDuration::from_secs(60));
    let inputs: Vec<Input> = sim.inputs().iter().map(|(_, i)| i.clone()).collect();
    let again = Simulation::replay(11, &inputs);
    assert!(sim.object_list() == again.object_list(), "replay differs");
    assert_eq!(sim.now(), again.now());
}
