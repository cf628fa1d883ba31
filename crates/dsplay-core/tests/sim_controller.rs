//! Ports of Kubernetes' DaemonSet controller tests
//! (pkg/controller/daemon/daemon_controller_test.go), each named after the upstream test.
//! The simulation runs in manual-sync mode so that creates and deletes can be counted per
//! sync, as `expectSyncDaemonSets` does. Upstream stores pods directly; here pods are created
//! through the simulated API server (orphans the controller adopts), and time passes to
//! make them Ready (`markPodsReady`).

#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::expect_used)]

mod sim_support;
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{Input, NodeOp, ObjectKind, TaintEffect};
use dsplay_core::view::PodDisplayPhase;
use k8s_openapi::api::core::v1::Toleration;
use sim_support::*;

fn label2() -> std::collections::BTreeMap<String, String> {
    labels(&[("name", "simple-daemon"), ("type", "test")])
}

/// DaemonSets without node selectors should launch pods on every node.
#[test]
fn test_simple_daemon_set_launches_pods() {
    for strategy in update_strategies() {
        let mut sim = manual_sim();
        add_nodes(&mut sim, 0, 5, None);
        create_ds(&mut sim, strategy(new_daemon_set("foo")));
        expect_sync(&mut sim, 5, 0);
        expect_sync(&mut sim, 0, 0);
        assert_eq!(events_of(&sim, "SuccessfulCreate").len(), 5);
    }
}

/// `TestSimpleDaemonSetScheduleDaemonSetPodsLaunchesPods`: pods carry no nodeName when
/// created, and the single `metadata.name In [node]` affinity term; the owner reference is
/// the DaemonSet's controller reference.
#[test]
fn test_simple_daemon_set_schedule_daemon_set_pods_launches_pods() {
    let mut sim = manual_sim();
    add_nodes(&mut sim, 0, 2, None);
    create_ds(&mut sim, new_daemon_set("foo"));
    expect_sync(&mut sim, 2, 0);
    let pods = pods_on(&sim, "foo", "node-1");
    assert_eq!(pods.len(), 1);
    let pod = sim.pod_object("default", &pods[0].name).unwrap();
    let term = &pod["spec"]["affinity"]["nodeAffinity"]
        ["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"];
    assert_eq!(term.as_array().unwrap().len(), 1);
    assert_eq!(term[0]["matchFields"][0]["key"], "metadata.name");
    assert_eq!(term[0]["matchFields"][0]["values"][0], "node-1");
    let owner = &pod["metadata"]["ownerReferences"][0];
    assert_eq!(owner["apiVersion"], "apps/v1");
    assert_eq!(owner["kind"], "DaemonSet");
    assert_eq!(owner["controller"], true);
    assert_eq!(owner["blockOwnerDeletion"], true);
    assert_eq!(pod["metadata"]["generateName"], "foo-");
    assert!(pod["metadata"]["labels"]["controller-revision-hash"].is_string());
    assert_eq!(pod["metadata"]["labels"]["pod-template-generation"], "1");
    // The scheduler bound it at once (nodeName appears only after binding).
    assert_eq!(pod["spec"]["nodeName"], "node-1");
    let tolerations = pod["spec"]["tolerations"].as_array().unwrap();
    assert!(tolerations
        .iter()
        .any(|t| t["key"] == "node.kubernetes.io/not-ready" && t["effect"] == "NoExecute"));
}

/// DaemonSets should not place pods on nodes that already have one, and remove extras.
#[test]
fn test_deals_with_existing_pods() {
    for strategy in update_strategies() {
        let mut sim = manual_sim();
        add_nodes(&mut sim, 0, 5, None);
        create_ds(&mut sim, strategy(new_daemon_set("foo")));
        add_pods(
            &mut sim,
            "foo",
            "node-1",
            simple_daemon_set_label(),
            1,
            true,
        );
        add_pods(
            &mut sim,
            "foo",
            "node-2",
            simple_daemon_set_label(),
            2,
            true,
        );
        add_pods(
            &mut sim,
            "foo",
            "node-3",
            simple_daemon_set_label(),
            5,
            true,
        );
        add_pods(&mut sim, "foo", "node-4", label2(), 2, true);
        expect_sync(&mut sim, 2, 5);
    }
}

/// DaemonSets with node selectors delete pods on nodes that do not match.
#[test]
fn test_selector_daemon_deletes_unselected_pods() {
    for strategy in update_strategies() {
        let mut sim = manual_sim();
        add_nodes(&mut sim, 0, 5, None);
        add_nodes(&mut sim, 5, 5, Some(simple_node_label()));
        create_ds(
            &mut sim,
            strategy(with_node_selector(
                new_daemon_set("foo"),
                simple_node_label(),
            )),
        );
        add_pods(&mut sim, "foo", "node-0", label2(), 2, true);
        add_pods(
            &mut sim,
            "foo",
            "node-1",
            simple_daemon_set_label(),
            3,
            true,
        );
        add_pods(&mut sim, "foo", "node-1", label2(), 1, true);
        add_pods(
            &mut sim,
            "foo",
            "node-4",
            simple_daemon_set_label(),
            1,
            true,
        );
        expect_sync(&mut sim, 5, 4);
    }
}

/// `TestSelectorDaemonLaunchesPods`: only nodes with the selected labels get pods.
#[test]
fn test_selector_daemon_launches_pods() {
    let mut sim = manual_sim();
    add_nodes(&mut sim, 0, 4, None);
    add_nodes(&mut sim, 4, 3, Some(simple_node_label()));
    create_ds(
        &mut sim,
        with_node_selector(new_daemon_set("foo"), simple_node_label()),
    );
    expect_sync(&mut sim, 3, 0);
}

/// `TestDaemonKillFailedPods`.
#[test]
fn test_daemon_kill_failed_pods() {
    struct Case {
        failed: usize,
        normal: usize,
        creates: u32,
        deletes: u32,
        events: usize,
        test: &'static str,
    }
    let cases = [
        Case {
            failed: 0,
            normal: 1,
            creates: 0,
            deletes: 0,
            events: 0,
            test: "normal (do nothing)",
        },
        Case {
            failed: 0,
            normal: 0,
            creates: 1,
            deletes: 0,
            events: 0,
            test: "no pods (create 1)",
        },
        Case {
            failed: 1,
            normal: 0,
            creates: 0,
            deletes: 1,
            events: 1,
            test: "1 failed pod (kill 1), 0 normal pod (create 0; will create in the next sync)",
        },
        Case {
            failed: 1,
            normal: 3,
            creates: 0,
            deletes: 3,
            events: 1,
            test: "1 failed pod (kill 1), 3 normal pods (kill 2)",
        },
    ];
    for c in cases {
        for strategy in update_strategies() {
            let mut sim = manual_sim();
            add_nodes(&mut sim, 0, 1, None);
            create_ds(&mut sim, strategy(new_daemon_set("foo")));
            let failed = add_pods(
                &mut sim,
                "foo",
                "node-0",
                simple_daemon_set_label(),
                c.failed,
                true,
            );
            for f in &failed {
                fail_pod(&mut sim, f);
            }
            add_pods(
                &mut sim,
                "foo",
                "node-0",
                simple_daemon_set_label(),
                c.normal,
                true,
            );
            let got = sim.sync_all_once();
            assert_eq!(
                (got.creates, got.deletes),
                (c.creates, c.deletes),
                "{}",
                c.test
            );
            let ev = events_of(&sim, "FailedDaemonPod");
            assert_eq!(ev.len(), c.events, "{}", c.test);
            if let Some(e) = ev.first() {
                assert_eq!(
                    e.message,
                    format!(
                        "Found failed daemon pod default/{} on node node-0, will try to kill it",
                        failed[0]
                    )
                );
                assert_eq!(e.type_, "Warning");
                assert_eq!(e.source, "daemonset-controller");
            }
            if c.failed == 1 && c.normal == 0 {
                // The replacement comes in the next sync.
                expect_sync(&mut sim, 1, 0);
            }
        }
    }
}

/// `TestDaemonKillFailedPodsBackoff`: a failed pod is deleted, then deletions of failed pods
/// on that node are limited by a back-off (1 s, doubling).
#[test]
fn test_daemon_kill_failed_pods_backoff() {
    for strategy in update_strategies() {
        let mut sim = manual_sim();
        add_nodes(&mut sim, 0, 1, None);
        create_ds(&mut sim, strategy(new_daemon_set("foo")));
        expect_sync(&mut sim, 1, 0);
        let first = pods_on(&sim, "foo", "node-0")[0].name.clone();
        fail_pod(&mut sim, &first);
        // First sync deletes the pod, initialising the back-off.
        expect_sync(&mut sim, 0, 1);
        expect_sync(&mut sim, 1, 0);
        let replacement = pods_on(&sim, "foo", "node-0")[0].name.clone();
        fail_pod(&mut sim, &replacement);
        // Immediate sync is limited by the back-off.
        expect_sync(&mut sim, 0, 0);
        sim.advance(SimDuration::from_millis(999));
        expect_sync(&mut sim, 0, 0);
        sim.advance(SimDuration::from_millis(1));
        // After the back-off, the failed pod is deleted.
        expect_sync(&mut sim, 0, 1);
        expect_sync(&mut sim, 1, 0);
        // The back-off doubled: 2 s now.
        let again = pods_on(&sim, "foo", "node-0")[0].name.clone();
        fail_pod(&mut sim, &again);
        sim.advance(SimDuration::from_millis(1500));
        expect_sync(&mut sim, 0, 0);
        sim.advance(SimDuration::from_millis(500));
        expect_sync(&mut sim, 0, 1);
    }
}

/// DaemonSet should not create a pod on a node whose only daemon pod is terminating.
#[test]
fn test_daemon_set_respects_termination() {
    for strategy in update_strategies() {
        let mut sim = manual_sim();
        add_nodes(&mut sim, 0, 1, None);
        create_ds(&mut sim, strategy(new_daemon_set("foo")));
        let p = add_pods(
            &mut sim,
            "foo",
            "node-0",
            simple_daemon_set_label(),
            1,
            true,
        );
        expect_sync(&mut sim, 0, 0);
        sim.step(Input::Delete {
            kind: ObjectKind::Pod,
            namespace: "default".into(),
            name: p[0].clone(),
        })
        .unwrap();
        expect_sync(&mut sim, 0, 0);
        // Once it is gone (grace period, capped at 2 s), a new pod is created.
        sim.advance(SimDuration::from_secs(2));
        expect_sync(&mut sim, 1, 0);
    }
}

/// DaemonSet should not remove a running pod from a node that got an untolerated NoSchedule taint.
#[test]
fn test_no_schedule_tainted_doesnt_evicit_running_intolerant_pod() {
    for strategy in update_strategies() {
        let mut sim = manual_sim();
        add_nodes(&mut sim, 0, 1, None);
        create_ds(&mut sim, strategy(new_daemon_set("foo")));
        expect_sync(&mut sim, 1, 0);
        sim.node_op(NodeOp::AddTaint {
            name: "node-0".into(),
            key: "dedicated".into(),
            value: "user1".into(),
            effect: TaintEffect::NoSchedule,
        })
        .unwrap();
        expect_sync(&mut sim, 0, 0);
        assert_eq!(pods_on(&sim, "foo", "node-0").len(), 1);
        let v = ds_view(&sim, "foo");
        assert_eq!((v.desired, v.misscheduled), (0, 1));
    }
}

/// An untolerated NoExecute taint evicts the running pod (here the taint manager acts first,
/// with `TaintManagerEviction`), and the controller creates no new one.
#[test]
fn test_no_execute_tainted_does_evicit_running_intolerant_pod() {
    for strategy in update_strategies() {
        let mut sim = manual_sim();
        add_nodes(&mut sim, 0, 1, None);
        create_ds(&mut sim, strategy(new_daemon_set("foo")));
        expect_sync(&mut sim, 1, 0);
        let name = pods_on(&sim, "foo", "node-0")[0].name.clone();
        sim.node_op(NodeOp::AddTaint {
            name: "node-0".into(),
            key: "dedicated".into(),
            value: "user1".into(),
            effect: TaintEffect::NoExecute,
        })
        .unwrap();
        let ev = events_of(&sim, "TaintManagerEviction");
        assert_eq!(ev.len(), 1);
        assert_eq!(
            ev[0].message,
            format!("Marking for deletion Pod default/{name}")
        );
        assert_eq!(ev[0].source, "taint-eviction-controller");
        expect_sync(&mut sim, 0, 0);
        sim.advance(SimDuration::from_secs(3));
        expect_sync(&mut sim, 0, 0);
        assert!(pods_on(&sim, "foo", "node-0").is_empty());
    }
}

/// `TestTaintedNodeDaemonLaunchesToleratePod`: a toleration lets the pod onto a tainted node.
#[test]
fn test_tainted_node_daemon_launches_tolerate_pod() {
    let mut sim = manual_sim();
    sim.apply_objects(vec![node_obj(tainted_node(
        "tainted",
        vec![taint("dedicated", "user1", "NoSchedule")],
    ))]);
    let tol = Toleration {
        key: Some("dedicated".into()),
        value: Some("user1".into()),
        effect: Some("NoSchedule".into()),
        ..Toleration::default()
    };
    create_ds(&mut sim, with_toleration(new_daemon_set("foo"), tol));
    expect_sync(&mut sim, 1, 0);
}

/// `TestTaintedNodeDaemonDoesNotLaunchIntolerantPod`.
#[test]
fn test_tainted_node_daemon_does_not_launch_intolerant_pod() {
    let mut sim = manual_sim();
    sim.apply_objects(vec![node_obj(tainted_node(
        "tainted",
        vec![taint("dedicated", "user1", "NoSchedule")],
    ))]);
    create_ds(&mut sim, new_daemon_set("foo"));
    expect_sync(&mut sim, 0, 0);
}

/// `TestNotReadyNodeDaemonLaunchesPod`: only the `not-ready:NoExecute` taint, which daemon
/// pods tolerate.
#[test]
fn test_not_ready_node_daemon_launches_pod() {
    let mut sim = manual_sim();
    sim.apply_objects(vec![node_obj(tainted_node(
        "tainted",
        vec![taint("node.kubernetes.io/not-ready", "", "NoExecute")],
    ))]);
    create_ds(&mut sim, new_daemon_set("foo"));
    expect_sync(&mut sim, 1, 0);
}

/// `TestInsufficientCapacityNodeDaemonDoesNotUnscheduleRunningPod` and
/// `TestInsufficientCapacityNodeSufficientCapacityWithNodeLabelDaemonLaunchPod`: the controller
/// ignores resources: the pod is created, stays Pending with `FailedScheduling`, and counts as
/// desired, current and updated, not ready.
#[test]
fn test_insufficient_capacity_node_daemon_launches_pending_pod() {
    let mut sim = manual_sim();
    sim.apply_objects(vec![
        node_obj(node_with_allocatable(
            "not-enough-resource",
            None,
            "20m",
            "10M",
            "100",
        )),
        node_obj(node_with_allocatable(
            "enough-resource",
            Some(simple_node_label()),
            "200m",
            "100M",
            "100",
        )),
    ]);
    create_ds(
        &mut sim,
        with_node_selector(
            with_requests(new_daemon_set("foo"), "75m", "50M"),
            simple_node_label(),
        ),
    );
    expect_sync(&mut sim, 1, 0);

    let mut sim = manual_sim();
    sim.apply_objects(vec![node_obj(node_with_allocatable(
        "too-much-mem",
        None,
        "200m",
        "100M",
        "100",
    ))]);
    create_ds(
        &mut sim,
        with_requests(new_daemon_set("foo"), "75m", "175M"),
    );
    expect_sync(&mut sim, 1, 0);
    sim.advance(SimDuration::from_secs(5));
    expect_sync(&mut sim, 0, 0);
    let pods = pods_on(&sim, "foo", "too-much-mem");
    assert_eq!(pods.len(), 1);
    assert_eq!(pods[0].phase, PodDisplayPhase::Pending);
    let msg = pods[0].message.clone().unwrap();
    assert!(
        msg.starts_with("0/1 nodes are available: 1 Insufficient memory."),
        "{msg}"
    );
    assert_eq!(status_tuple(&sim, "foo"), (1, 1, 0, 1, 0, 0));
    let ev = events_of(&sim, "FailedScheduling");
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].source, "default-scheduler");
    let pod = sim.pod_object("default", &pods[0].name).unwrap();
    assert_eq!(pod["status"]["conditions"][0]["type"], "PodScheduled");
    assert_eq!(pod["status"]["conditions"][0]["status"], "False");
    assert_eq!(pod["status"]["conditions"][0]["reason"], "Unschedulable");
}

/// Unscheduled daemon pods that target a node that does not exist are deleted.
#[test]
fn test_delete_unscheduled_pod_for_not_existing_node() {
    use k8s_openapi::api::core::v1::{
        Affinity, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm,
    };
    for strategy in update_strategies() {
        let mut sim = manual_sim();
        add_nodes(&mut sim, 0, 1, None);
        create_ds(&mut sim, strategy(new_daemon_set("foo")));
        add_pods(
            &mut sim,
            "foo",
            "node-0",
            simple_daemon_set_label(),
            1,
            true,
        );
        let mut l = simple_daemon_set_label();
        l.insert(
            "controller-revision-hash".into(),
            sim.current_revision_hash("default", "foo").unwrap(),
        );
        let mut pod = new_orphan_pod("pod1-node-3", "", l);
        let spec = pod.spec.as_mut().unwrap();
        spec.node_name = None;
        spec.affinity = Some(Affinity {
            node_affinity: Some(NodeAffinity {
                preferred_during_scheduling_ignored_during_execution: None,
                required_during_scheduling_ignored_during_execution: Some(NodeSelector {
                    node_selector_terms: vec![NodeSelectorTerm {
                        match_fields: Some(vec![NodeSelectorRequirement {
                            key: "metadata.name".into(),
                            operator: "In".into(),
                            values: Some(vec!["node-2".into()]),
                        }]),
                        match_expressions: None,
                    }],
                }),
            }),
            ..Affinity::default()
        });
        sim.apply_objects(vec![pod_obj(pod)]);
        expect_sync(&mut sim, 0, 1);
        assert!(sim.pod_object("default", "pod1-node-3").is_none());
    }
}

/// `TestGetNodesToDaemonPods`: owned pods and matching orphans map to their nodes; pods with
/// other labels and pods controlled by someone else are left out.
#[test]
fn test_get_nodes_to_daemon_pods() {
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;
    let mut sim = manual_sim();
    add_nodes(&mut sim, 0, 2, None);
    create_ds(&mut sim, new_daemon_set("foo"));
    let mut other = new_orphan_pod(
        "matching-owned-by-other-0",
        "node-0",
        simple_daemon_set_label(),
    );
    other.metadata.owner_references = Some(vec![OwnerReference {
        api_version: "apps/v1".into(),
        kind: "ReplicaSet".into(),
        name: "rs".into(),
        uid: "rs-uid".into(),
        controller: Some(true),
        block_owner_deletion: None,
    }]);
    sim.apply_objects(vec![
        pod_obj(new_orphan_pod(
            "matching-orphan-0",
            "node-0",
            simple_daemon_set_label(),
        )),
        pod_obj(new_orphan_pod(
            "matching-orphan-1",
            "node-1",
            simple_daemon_set_label(),
        )),
        pod_obj(new_orphan_pod("non-matching-orphan-1", "node-1", label2())),
        pod_obj(other),
    ]);
    let map = sim.nodes_to_daemon_pods("default", "foo");
    assert_eq!(map.len(), 2);
    assert_eq!(map["node-0"], vec!["matching-orphan-0".to_string()]);
    assert_eq!(map["node-1"], vec!["matching-orphan-1".to_string()]);
    // Adopted: the owner reference is patched in.
    let p = sim.pod_object("default", "matching-orphan-0").unwrap();
    assert_eq!(p["metadata"]["ownerReferences"][0]["name"], "foo");
    let p = sim
        .pod_object("default", "matching-owned-by-other-0")
        .unwrap();
    assert_eq!(p["metadata"]["ownerReferences"][0]["kind"], "ReplicaSet");
}

/// `TestPodIsNotDeletedByDaemonsetWithEmptyLabelSelector`: an empty selector is refused with
/// `SelectingAll`.
#[test]
fn test_pod_is_not_deleted_by_daemonset_with_empty_label_selector() {
    let mut sim = manual_sim();
    add_nodes(&mut sim, 0, 1, None);
    let mut ds = new_daemon_set("foo");
    ds.spec.selector = Default::default();
    create_ds(&mut sim, ds);
    add_pods(
        &mut sim,
        "foo",
        "node-0",
        labels(&[("bang", "boom")]),
        1,
        false,
    );
    expect_sync(&mut sim, 0, 0);
    let ev = events_of(&sim, "SelectingAll");
    assert_eq!(ev.len(), 1);
    assert_eq!(
        ev[0].message,
        "This daemon set is selecting all pods. A non-empty selector is required."
    );
    assert_eq!(ev[0].type_, "Warning");
}

/// `TestSurgeDealsWithExistingPods`: with surge, current-hash duplicates are pruned to one.
#[test]
fn test_surge_deals_with_existing_pods() {
    let mut sim = manual_sim();
    create_ds(&mut sim, new_update_surge(new_daemon_set("foo"), 1));
    expect_sync(&mut sim, 0, 0);
    add_nodes(&mut sim, 0, 5, None);
    add_pods(
        &mut sim,
        "foo",
        "node-1",
        simple_daemon_set_label(),
        1,
        true,
    );
    add_pods(
        &mut sim,
        "foo",
        "node-2",
        simple_daemon_set_label(),
        2,
        true,
    );
    add_pods(
        &mut sim,
        "foo",
        "node-3",
        simple_daemon_set_label(),
        5,
        true,
    );
    add_pods(&mut sim, "foo", "node-4", label2(), 2, true);
    expect_sync(&mut sim, 2, 5);
}

/// Builds the upstream surge fixture: node-1 has a current pod (newest), an older Ready old
/// pod, and a Ready old pod in between; node-2 has a current pod.
fn surge_fixture(min_ready: i32) -> (dsplay_core::sim::Simulation, String, String, String) {
    let mut sim = manual_sim();
    let mut ds = new_update_surge(new_daemon_set("foo"), 1);
    ds.spec.min_ready_seconds = Some(min_ready);
    create_ds(&mut sim, ds);
    expect_sync(&mut sim, 0, 0);
    add_nodes(&mut sim, 0, 5, None);
    // Old pods first (older creation times), then the current one.
    let old = add_pods(
        &mut sim,
        "foo",
        "node-1",
        simple_daemon_set_label(),
        1,
        false,
    )
    .remove(0);
    sim.advance(SimDuration::from_secs(10));
    let excess = add_pods(
        &mut sim,
        "foo",
        "node-1",
        simple_daemon_set_label(),
        1,
        false,
    )
    .remove(0);
    sim.advance(SimDuration::from_secs(10));
    let new = add_pods(
        &mut sim,
        "foo",
        "node-1",
        simple_daemon_set_label(),
        1,
        true,
    )
    .remove(0);
    add_pods(
        &mut sim,
        "foo",
        "node-2",
        simple_daemon_set_label(),
        1,
        true,
    );
    (sim, old, excess, new)
}

fn deleted(sim: &dsplay_core::sim::Simulation, names: &[&str]) -> Vec<String> {
    names
        .iter()
        .filter(|n| {
            sim.pod_object("default", n)
                .is_none_or(|p| p["metadata"]["deletionTimestamp"].is_string())
        })
        .map(|n| n.to_string())
        .collect()
}

/// `TestSurgePreservesReadyOldPods`: the oldest Ready old pod is kept next to the unready new
/// one; the other old pod is deleted; nodes 0, 3, 4 get pods.
#[test]
fn test_surge_preserves_ready_old_pods() {
    let (mut sim, old, excess, new) = surge_fixture(0);
    set_ready(&mut sim, &new, false);
    expect_sync(&mut sim, 3, 1);
    assert_eq!(deleted(&sim, &[&old, &excess, &new]), vec![excess]);
}

/// `TestSurgeDeletesUnreadyOldPods`: an unready oldest old pod is deleted too.
#[test]
fn test_surge_deletes_unready_old_pods() {
    let (mut sim, old, excess, new) = surge_fixture(0);
    set_ready(&mut sim, &new, false);
    set_ready(&mut sim, &old, false);
    expect_sync(&mut sim, 3, 2);
    let mut want = vec![old, excess];
    want.sort();
    let mut got = deleted(&sim, &want.iter().map(String::as_str).collect::<Vec<_>>());
    got.sort();
    assert_eq!(got, want);
    assert!(sim.pod_object("default", &new).is_some());
}

/// `TestSurgePreservesOldReadyWithUnsatisfiedMinReady`: the new pod has been Ready 10 s of
/// the 15 s minReadySeconds: the old Ready pod stays.
#[test]
fn test_surge_preserves_old_ready_with_unsatisfied_min_ready() {
    let (mut sim, old, excess, new) = surge_fixture(15);
    sim.advance(SimDuration::from_secs(10));
    expect_sync(&mut sim, 3, 1);
    assert_eq!(deleted(&sim, &[&old, &excess, &new]), vec![excess]);
}

/// `TestSurgeDeletesOldReadyWithUnsatisfiedMinReady` (upstream's name; the new pod has been
/// Ready 20 s of 15 s, so it is available): the old Ready pod is deleted.
#[test]
fn test_surge_deletes_old_ready_with_unsatisfied_min_ready() {
    let (mut sim, old, excess, new) = surge_fixture(15);
    sim.advance(SimDuration::from_secs(20));
    expect_sync(&mut sim, 3, 2);
    let mut want = vec![old, excess];
    want.sort();
    let mut got = deleted(&sim, &want.iter().map(String::as_str).collect::<Vec<_>>());
    got.sort();
    assert_eq!(got, want);
    assert!(sim.pod_object("default", &new).is_some());
}

/// `TestSurgeCreatesNewPodWhenAtMaxSurgeAndOldPodDeleted`: a node whose only pod is
/// terminating gets a new pod at once when surging.
#[test]
fn test_surge_creates_new_pod_when_at_max_surge_and_old_pod_deleted() {
    let mut sim = manual_sim();
    create_ds(&mut sim, new_update_surge(new_daemon_set("foo"), 1));
    expect_sync(&mut sim, 0, 0);
    add_nodes(&mut sim, 0, 5, None);
    let mut old = Vec::new();
    for i in 0..5 {
        old.push(
            add_pods(
                &mut sim,
                "foo",
                &format!("node-{i}"),
                simple_daemon_set_label(),
                1,
                false,
            )
            .remove(0),
        );
    }
    sim.advance(SimDuration::from_secs(5));
    let new0 = add_pods(
        &mut sim,
        "foo",
        "node-0",
        simple_daemon_set_label(),
        1,
        true,
    )
    .remove(0);
    set_ready(&mut sim, &new0, false);
    expect_sync(&mut sim, 0, 0);
    sim.step(Input::Delete {
        kind: ObjectKind::Pod,
        namespace: "default".into(),
        name: old[4].clone(),
    })
    .unwrap();
    expect_sync(&mut sim, 1, 0);
    assert_eq!(pods_on(&sim, "foo", "node-4").len(), 2);
}

/// `TestUpdateDaemonSetStatus...`-style counting (§10): desired, current, ready, available,
/// updated and misscheduled over a mixed cluster.
#[test]
fn test_update_daemon_set_status_counts() {
    let mut sim = manual_sim();
    add_nodes(&mut sim, 0, 4, None);
    sim.apply_objects(vec![node_obj(node_with_allocatable(
        "small", None, "10m", "10M", "100",
    ))]);
    let mut ds = with_requests(new_daemon_set("foo"), "50m", "1M");
    ds.spec.min_ready_seconds = Some(10);
    create_ds(&mut sim, ds);
    expect_sync(&mut sim, 5, 0);
    // Pods on node-0..3 run; the one on "small" stays Pending.
    sim.advance(SimDuration::from_secs(3));
    expect_sync(&mut sim, 0, 0);
    assert_eq!(status_tuple(&sim, "foo"), (5, 5, 4, 5, 0, 0));
    sim.advance(SimDuration::from_secs(10));
    expect_sync(&mut sim, 0, 0);
    assert_eq!(status_tuple(&sim, "foo"), (5, 5, 4, 5, 4, 0));
    let v = ds_view(&sim, "foo");
    assert_eq!(v.unavailable, 1);
    // An untolerated NoSchedule taint: the pod stays, misscheduled.
    sim.node_op(NodeOp::AddTaint {
        name: "node-0".into(),
        key: "k".into(),
        value: String::new(),
        effect: TaintEffect::NoSchedule,
    })
    .unwrap();
    expect_sync(&mut sim, 0, 0);
    assert_eq!(status_tuple(&sim, "foo"), (4, 4, 3, 4, 3, 1));
    let ds = sim.daemon_set_object("default", "foo").unwrap();
    let st = serde_json::to_value(ds.status.unwrap()).unwrap();
    assert_eq!(st["numberMisscheduled"], 1);
    assert_eq!(st["observedGeneration"], 1);
    assert!(st.get("conditions").is_none());
}
