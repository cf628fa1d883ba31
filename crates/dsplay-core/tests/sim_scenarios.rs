//! Whole-cluster scenarios (§12 cheat-sheet): the controller, scheduler, kubelet, taint
//! manager and pod GC together, over simulated time.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sim_support;
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, ObjectKind, Simulation, TaintEffect};
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

/// `list_items` (what the CLI prints item by item) is `object_list`'s items, in order.
#[test]
fn list_items_are_the_object_lists_items() {
    let mut sim = Simulation::with_default_cluster(3);
    create_ds(&mut sim, new_daemon_set("agent"));
    assert!(sim.settle(SimDuration::from_secs(60)));
    let items: Vec<serde_json::Value> = sim.list_items().collect();
    assert!(items.len() > 8);
    assert_eq!(serde_json::Value::Array(items), sim.object_list()["items"]);
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

const FLUENTD: &str = r#"apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd
  namespace: kube-system
spec:
  selector:
    matchLabels:
      name: fluentd
  template:
    metadata:
      labels:
        name: fluentd
    spec:
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      containers:
      - name: fluentd
        image: quay.io/fluentd_elasticsearch/fluentd:v5.0.1
        resources:
          requests:
            cpu: 100m
            memory: 200Mi
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: fluentd
  namespace: kube-system
"#;

#[test]
fn apply_yaml_prints_kubectl_lines_and_runs_everywhere() {
    let mut sim = Simulation::with_default_cluster(1);
    let r = sim.apply("fluentd.yaml", FLUENTD);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    assert_eq!(r.applied[0].line, "daemonset.apps/fluentd created");
    assert_eq!(r.not_simulated.len(), 1);
    assert!(r.not_simulated[0].contains("ServiceAccount/fluentd"));
    settle(&mut sim);
    let v = sim.view();
    let ds = &v.daemon_sets[0];
    assert_eq!(
        (
            ds.desired,
            ds.current,
            ds.ready,
            ds.up_to_date,
            ds.available
        ),
        (4, 4, 4, 4, 4)
    );
    let cp = v.nodes.iter().find(|n| n.name == "control-plane").unwrap();
    assert_eq!(cp.pods.len(), 1);
    assert_eq!(cp.cpu_requested_milli, 100);
    assert_eq!(cp.memory_requested_bytes, 200 * 1024 * 1024);
    assert_eq!(cp.pod_count, 1);
    assert_eq!(cp.role, "control-plane");
    let again = sim.apply("fluentd.yaml", FLUENTD);
    assert_eq!(again.applied[0].line, "daemonset.apps/fluentd unchanged");
    let changed = sim.apply("fluentd.yaml", &FLUENTD.replace("v5.0.1", "v5.0.2"));
    assert_eq!(changed.applied[0].line, "daemonset.apps/fluentd configured");
    let ds = sim.daemon_set_object("kube-system", "fluentd").unwrap();
    assert_eq!(ds.metadata.generation, Some(2));
    assert_eq!(
        ds.metadata.annotations.unwrap()["deprecated.daemonset.template.generation"],
        "2"
    );
    settle(&mut sim);
    assert_eq!(
        sim.rollout_status("kube-system", "fluentd").unwrap(),
        "daemon set \"fluentd\" successfully rolled out"
    );
}

#[test]
fn selector_is_immutable_on_update() {
    let mut sim = Simulation::with_default_cluster(1);
    sim.apply("f.yaml", FLUENTD);
    let bad = FLUENTD
        .replace(
            "      name: fluentd\n  template",
            "      name: fluentd2\n  template",
        )
        .replace(
            "        name: fluentd\n    spec",
            "        name: fluentd2\n    spec",
        );
    let r = sim.apply("f.yaml", &bad);
    assert_eq!(r.errors.len(), 1, "{:?}", r);
    assert!(
        r.errors[0].message.contains("field is immutable"),
        "{}",
        r.errors[0].message
    );
}

#[test]
fn creating_any_object_with_a_resource_version_is_refused() {
    // The API server refuses a create that names a resourceVersion (kubectl apply of a new
    // object): Nodes, DaemonSets and Pods alike; the other objects of the file still apply.
    let mut sim = Simulation::with_default_cluster(1);
    let text = "apiVersion: v1
kind: Node
metadata: {name: n1, resourceVersion: \"7\"}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d1, resourceVersion: \"7\"}
spec:
  selector: {matchLabels: {app: d1}}
  template:
    metadata: {labels: {app: d1}}
    spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: p1, resourceVersion: \"7\"}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: p2}
spec: {containers: [{name: c, image: i}]}
";
    let r = sim.apply("f.yaml", text);
    let refused: Vec<String> = r
        .errors
        .iter()
        .map(|e| {
            format!(
                "{}:{} {}",
                e.location.line,
                e.object.as_ref().map(|o| o.to_string()).unwrap_or_default(),
                e.message
            )
        })
        .collect();
    assert_eq!(
        refused,
        [
            "1:Node/n1 resourceVersion should not be set on objects to be created",
            "5:DaemonSet/d1 resourceVersion should not be set on objects to be created",
            "14:Pod/p1 resourceVersion should not be set on objects to be created",
        ],
        "{r:?}"
    );
    assert!(
        r.applied.iter().any(|a| a.line == "pod/p2 created"),
        "{r:?}"
    );
    assert!(sim.pod_object("default", "p1").is_none());
}

#[test]
fn node_operations_play_the_other_controllers() {
    let mut sim = Simulation::with_default_cluster(2);
    create_ds(&mut sim, new_daemon_set("agent"));
    settle(&mut sim);
    // Add a node: a pod appears there.
    sim.node_op(NodeOp::Add {
        name: None,
        template: NodeTemplate::Worker,
    })
    .unwrap();
    settle(&mut sim);
    assert_eq!(pods_on(&sim, "agent", "worker-4").len(), 1);
    assert_eq!(status_tuple(&sim, "agent"), (4, 4, 4, 4, 4, 0));
    // Cordon: the pod stays, a new one would be placed too.
    sim.node_op(NodeOp::Cordon {
        name: "worker-4".into(),
    })
    .unwrap();
    settle(&mut sim);
    assert_eq!(status_tuple(&sim, "agent"), (4, 4, 4, 4, 4, 0));
    let n = sim.node_object("worker-4").unwrap();
    assert_eq!(n.spec.as_ref().unwrap().unschedulable, Some(true));
    assert!(n
        .spec
        .unwrap()
        .taints
        .unwrap()
        .iter()
        .any(|t| t.key == "node.kubernetes.io/unschedulable"));
    sim.node_op(NodeOp::Uncordon {
        name: "worker-4".into(),
    })
    .unwrap();
    // NotReady: pods keep running but turn Ready=False; the NoSchedule taint keeps desired out.
    sim.node_op(NodeOp::SetReady {
        name: "worker-2".into(),
        ready: false,
    })
    .unwrap();
    settle(&mut sim);
    assert_eq!(status_tuple(&sim, "agent"), (3, 3, 3, 3, 3, 1));
    let p = &pods_on(&sim, "agent", "worker-2")[0];
    assert!(!p.ready);
    sim.node_op(NodeOp::SetReady {
        name: "worker-2".into(),
        ready: true,
    })
    .unwrap();
    settle(&mut sim);
    assert_eq!(status_tuple(&sim, "agent"), (4, 4, 4, 4, 4, 0));
    // Remove a node: the pod GC removes its pod.
    sim.node_op(NodeOp::Remove {
        name: "worker-4".into(),
    })
    .unwrap();
    settle(&mut sim);
    assert_eq!(status_tuple(&sim, "agent"), (3, 3, 3, 3, 3, 0));
    assert!(sim
        .node_op(NodeOp::Remove {
            name: "worker-9".into()
        })
        .is_err());
    assert_eq!(
        sim.node_op(NodeOp::Cordon {
            name: "nope".into()
        })
        .unwrap_err()
        .to_string(),
        "nodes \"nope\" not found"
    );
}

#[test]
fn node_label_changes_add_and_remove_pods() {
    let mut sim = Simulation::with_default_cluster(2);
    create_ds(
        &mut sim,
        with_node_selector(new_daemon_set("agent"), labels(&[("disk", "ssd")])),
    );
    settle(&mut sim);
    assert_eq!(status_tuple(&sim, "agent"), (0, 0, 0, 0, 0, 0));
    sim.node_op(NodeOp::SetLabel {
        name: "worker-1".into(),
        key: "disk".into(),
        value: "ssd".into(),
    })
    .unwrap();
    settle(&mut sim);
    assert_eq!(status_tuple(&sim, "agent"), (1, 1, 1, 1, 1, 0));
    sim.node_op(NodeOp::RemoveLabel {
        name: "worker-1".into(),
        key: "disk".into(),
    })
    .unwrap();
    settle(&mut sim);
    assert_eq!(status_tuple(&sim, "agent"), (0, 0, 0, 0, 0, 0));
    assert!(pods_of(&sim, "agent").is_empty());
}

#[test]
fn toleration_seconds_evicts_and_recreates_forever() {
    use k8s_openapi::api::core::v1::Toleration;
    let mut sim = Simulation::with_default_cluster(2);
    let tol = Toleration {
        key: Some("maintenance".into()),
        operator: Some("Exists".into()),
        effect: Some("NoExecute".into()),
        toleration_seconds: Some(30),
        ..Toleration::default()
    };
    create_ds(&mut sim, with_toleration(new_daemon_set("agent"), tol));
    settle(&mut sim);
    sim.node_op(NodeOp::AddTaint {
        name: "worker-1".into(),
        key: "maintenance".into(),
        value: String::new(),
        effect: TaintEffect::NoExecute,
    })
    .unwrap();
    sim.advance(SimDuration::from_secs(29));
    assert!(events_of(&sim, "TaintManagerEviction").is_empty());
    sim.advance(SimDuration::from_secs(2));
    assert_eq!(events_of(&sim, "TaintManagerEviction").len(), 1);
    // §14.14: created, evicted, re-created, ... the cluster never settles.
    assert!(!sim.settle(SimDuration::from_secs(120)));
    let evictions: u32 = events_of(&sim, "TaintManagerEviction")
        .iter()
        .map(|e| e.count)
        .sum();
    assert!(evictions >= 3, "{evictions}");
    assert!(events_of(&sim, "SuccessfulCreate").len() >= 4);
}

#[test]
fn host_port_conflict_leaves_second_daemon_set_pending() {
    let ds_with_port = |name: &str| {
        let mut ds = new_daemon_set(name);
        ds.spec.selector.match_labels = Some(labels(&[("app", name)]));
        ds.spec.template.metadata.as_mut().unwrap().labels = Some(labels(&[("app", name)]));
        template_spec(&mut ds).containers[0].ports =
            Some(vec![k8s_openapi::api::core::v1::ContainerPort {
                container_port: 9100,
                host_port: Some(9100),
                protocol: Some("TCP".into()),
                ..Default::default()
            }]);
        ds
    };
    let mut sim = Simulation::with_default_cluster(2);
    create_ds(&mut sim, ds_with_port("a"));
    sim.advance(SimDuration::from_secs(1));
    create_ds(&mut sim, ds_with_port("b"));
    settle(&mut sim);
    assert_eq!(status_tuple(&sim, "a"), (3, 3, 3, 3, 3, 0));
    assert_eq!(status_tuple(&sim, "b"), (3, 3, 0, 3, 0, 0));
    let p = &pods_on(&sim, "b", "worker-1")[0];
    assert_eq!(p.phase, PodDisplayPhase::Pending);
    assert!(p
        .message
        .as_deref()
        .unwrap()
        .contains("didn't have free ports"));
    // Deleting the first DaemonSet frees the ports: the second's pods get scheduled.
    sim.step(Input::Delete {
        kind: ObjectKind::DaemonSet,
        namespace: "default".into(),
        name: "a".into(),
    })
    .unwrap();
    settle(&mut sim);
    assert_eq!(status_tuple(&sim, "b"), (3, 3, 3, 3, 3, 0));
    assert!(pods_of(&sim, "a").is_empty());
}

#[test]
fn delete_daemon_set_cascades_to_pods_and_revisions() {
    let mut sim = Simulation::with_default_cluster(2);
    create_ds(&mut sim, new_daemon_set("agent"));
    settle(&mut sim);
    let r = sim
        .step(Input::Delete {
            kind: ObjectKind::DaemonSet,
            namespace: "".into(),
            name: "agent".into(),
        })
        .unwrap();
    assert_eq!(r.applied[0].line, "daemonset.apps \"agent\" deleted");
    settle(&mut sim);
    assert_eq!(sim.pod_count(), 0);
    let list = sim.object_list();
    assert!(list["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["kind"] != "ControllerRevision" && o["kind"] != "DaemonSet"));
    // A kind kubectl does not know is no input at all.
    assert_eq!(ObjectKind::from_kubectl("widget"), None);
    assert_eq!(
        sim.step(Input::Delete {
            kind: ObjectKind::DaemonSet,
            namespace: "".into(),
            name: "agent".into()
        }),
        Err(dsplay_core::sim::SimError::NotFound {
            kind: ObjectKind::DaemonSet,
            name: "agent".into()
        })
    );
}

#[test]
fn pods_get_deterministic_ips_and_conditions() {
    let mut sim = Simulation::with_default_cluster(2);
    create_ds(&mut sim, new_daemon_set("agent"));
    settle(&mut sim);
    let p = &pods_on(&sim, "agent", "worker-1")[0];
    assert_eq!(p.pod_ip.as_deref(), Some("10.244.1.1"));
    let obj = sim.pod_object("default", &p.name).unwrap();
    let types: Vec<&str> = obj["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        vec![
            "PodReadyToStartContainers",
            "Initialized",
            "Ready",
            "ContainersReady",
            "PodScheduled"
        ]
    );
    assert_eq!(obj["status"]["phase"], "Running");
    assert_eq!(obj["status"]["hostIP"], "192.168.0.11");
    assert_eq!(obj["status"]["containerStatuses"][0]["ready"], true);
    assert!(obj["status"]["containerStatuses"][0]["state"]["running"]["startedAt"].is_string());
    assert_eq!(obj["status"]["startTime"], "2026-01-01T00:00:00Z");
}

#[test]
fn watch_reports_added_modified_deleted() {
    let mut sim = Simulation::with_default_cluster(2);
    sim.record_watch(true);
    create_ds(&mut sim, new_daemon_set("agent"));
    settle(&mut sim);
    let evs = sim.take_watch_events();
    assert!(evs
        .iter()
        .any(|e| e.type_ == "ADDED" && e.object["kind"] == "DaemonSet"));
    assert!(evs
        .iter()
        .any(|e| e.type_ == "ADDED" && e.object["kind"] == "Pod"));
    assert!(evs.iter().any(|e| e.type_ == "MODIFIED"
        && e.object["kind"] == "Pod"
        && e.object["status"]["phase"] == "Running"));
    assert!(evs
        .iter()
        .any(|e| e.type_ == "ADDED" && e.object["kind"] == "ControllerRevision"));
    assert!(evs.windows(2).all(|w| w[0].time <= w[1].time));
    sim.node_op(NodeOp::Remove {
        name: "worker-3".into(),
    })
    .unwrap();
    let evs = sim.take_watch_events();
    assert!(evs
        .iter()
        .any(|e| e.type_ == "DELETED" && e.object["kind"] == "Node"));
    assert!(evs
        .iter()
        .any(|e| e.type_ == "DELETED" && e.object["kind"] == "Pod"));
    assert!(sim.take_watch_events().is_empty());
}

#[test]
fn explain_all_covers_every_pair_with_pod_situation() {
    let mut sim = Simulation::with_default_cluster(2);
    create_ds(&mut sim, with_requests(new_daemon_set("agent"), "8", "1Mi"));
    settle(&mut sim);
    let ex = sim.explain_all();
    assert_eq!(ex.len(), 4);
    let cp = ex.iter().find(|e| e.node == "control-plane").unwrap();
    assert!(!cp.explanation.should_run);
    assert!(cp.pods.is_empty());
    let w = ex.iter().find(|e| e.node == "worker-1").unwrap();
    assert!(w.explanation.should_run);
    assert_eq!(w.pods.len(), 1);
    assert!(
        w.pod_summary
            .contains("Pending: 0/4 nodes are available: 1 Insufficient cpu"),
        "{}",
        w.pod_summary
    );
}

#[test]
fn events_are_aggregated_and_newest_first() {
    let mut sim = Simulation::with_default_cluster(2);
    create_ds(&mut sim, with_requests(new_daemon_set("agent"), "8", "1Mi"));
    settle(&mut sim);
    let v = sim.view();
    assert!(v.events[0].last_seen >= v.events[v.events.len() - 1].last_seen);
    let created: Vec<_> = v
        .events
        .iter()
        .filter(|e| e.reason == "SuccessfulCreate")
        .collect();
    assert_eq!(created.len(), 3);
    assert!(created
        .iter()
        .all(|e| e.object == "daemonset/agent" && e.message.starts_with("Created pod: agent-")));
    // A node change retries scheduling: the same FailedScheduling message is counted.
    sim.node_op(NodeOp::SetLabel {
        name: "worker-1".into(),
        key: "x".into(),
        value: "y".into(),
    })
    .unwrap();
    let fs = sim.events_for(
        "Pod",
        "default",
        &pods_on(&sim, "agent", "worker-1")[0].name,
    );
    let failed = fs.iter().find(|e| e.reason == "FailedScheduling").unwrap();
    assert_eq!(failed.count, 2);
}

/// Applies the next `view_changes` to `kept` (as the page does) and checks that it is the
/// full view, events apart; returns whether the delta re-projected every node.
fn check_incremental(sim: &mut Simulation, kept: &mut dsplay_core::view::ClusterView) -> bool {
    let delta = sim.view_changes();
    let all_nodes = delta.all_nodes;
    kept.apply_delta(delta);
    let mut full = sim.view();
    full.events.clear();
    kept.events.clear();
    assert_eq!(*kept, full);
    all_nodes
}

/// The page's incremental view (`view_changes` applied to a kept `ClusterView`) is the full
/// view after a template change that leaves old pods in place (OnDelete: every pod's
/// `updated` turns false without any pod being written), and after a new DaemonSet, whose
/// first revision re-projects only the nodes its pods went to.
#[test]
fn incremental_view_follows_revision_changes() {
    use dsplay_core::view::ClusterView;
    let mut sim = Simulation::with_default_cluster(3);
    let mut kept = ClusterView::default();
    let check = check_incremental;
    create_ds(&mut sim, on_delete(new_daemon_set("agent")));
    settle(&mut sim);
    assert!(
        check(&mut sim, &mut kept),
        "the first look projects every node"
    );
    update_ds(
        &mut sim,
        on_delete(with_image(new_daemon_set("agent"), "agent:2")),
    );
    settle(&mut sim);
    assert!(pods_of(&sim, "agent").iter().all(|p| !p.updated));
    assert!(
        check(&mut sim, &mut kept),
        "a new current revision re-projects every node"
    );
    create_ds(&mut sim, new_daemon_set("logs"));
    settle(&mut sim);
    assert_eq!(pods_of(&sim, "logs").len(), 3);
    assert!(
        !check(&mut sim, &mut kept),
        "a new DaemonSet re-projects its pods' nodes only"
    );
    assert!(!check(&mut sim, &mut kept));
}

/// The incremental view (read from the pods indexed by node) through pods that are on no
/// node: a pod bound to a node that does not exist yet, until the node comes; a removed
/// node's pods, until the pod garbage collector deletes them. A copy of the simulation starts
/// its own tracking: its first look is the whole view.
#[test]
fn incremental_view_follows_pods_on_no_node() {
    use dsplay_core::view::ClusterView;
    let mut sim = Simulation::with_default_cluster(5);
    let mut kept = ClusterView::default();
    let check = check_incremental;
    let unplaced = |kept: &ClusterView| -> Vec<String> {
        kept.unplaced_pods.iter().map(|p| p.name.clone()).collect()
    };
    create_ds(&mut sim, new_daemon_set("agent"));
    settle(&mut sim);
    assert!(check(&mut sim, &mut kept));
    let report = sim.apply_objects(vec![pod_obj(new_orphan_pod(
        "early",
        "worker-9",
        labels(&[("app", "early")]),
    ))]);
    assert!(report.errors.is_empty(), "{report:?}");
    assert!(!check(&mut sim, &mut kept));
    assert_eq!(unplaced(&kept), ["early"]);
    sim.node_op(NodeOp::Add {
        name: Some("worker-9".into()),
        template: NodeTemplate::Worker,
    })
    .unwrap();
    assert!(!check(&mut sim, &mut kept));
    assert!(unplaced(&kept).is_empty());
    let card = kept.nodes.iter().find(|n| n.name == "worker-9").unwrap();
    assert!(card.pods.iter().any(|p| p.name == "early"));
    settle(&mut sim);
    check(&mut sim, &mut kept);
    let on_worker_2: Vec<String> = kept
        .nodes
        .iter()
        .find(|n| n.name == "worker-2")
        .unwrap()
        .pods
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert!(!on_worker_2.is_empty());
    sim.node_op(NodeOp::Remove {
        name: "worker-2".into(),
    })
    .unwrap();
    check(&mut sim, &mut kept);
    assert!(kept.nodes.iter().all(|n| n.name != "worker-2"));
    for _ in 0..60 {
        let _ = sim.step(Input::Advance(SimDuration(1000)));
        check(&mut sim, &mut kept);
    }
    assert!(
        unplaced(&kept).iter().all(|p| !on_worker_2.contains(p)),
        "the pod garbage collector deleted the removed node's pods: {:?}",
        unplaced(&kept)
    );
    let mut copy = sim.clone();
    let mut copy_kept = ClusterView::default();
    assert!(
        check(&mut copy, &mut copy_kept),
        "a copy's first look is whole"
    );
    assert_eq!(copy_kept, kept);
    assert!(!check(&mut sim, &mut kept));
}

/// A node that should run a DaemonSet's pod and has none is listed in its card's `missing`
/// (the node counts in `desiredNumberScheduled`, not in `currentNumberScheduled`): here the
/// nodes a sync's `BurstReplicas` (250 creations) left for the next sync. The incremental
/// view follows, though no pod or node was written for those nodes.
#[test]
fn nodes_a_daemon_set_still_needs_are_missing_in_the_view() {
    use dsplay_core::view::ClusterView;
    let mut sim = manual_sim();
    add_nodes(&mut sim, 0, 300, None);
    let mut kept = ClusterView::default();
    let check = |sim: &mut Simulation, kept: &mut ClusterView| {
        kept.apply_delta(sim.view_changes());
        let mut full = sim.view();
        full.events.clear();
        kept.events.clear();
        assert_eq!(*kept, full);
    };
    check(&mut sim, &mut kept);
    create_ds(&mut sim, new_daemon_set("foo"));
    expect_sync(&mut sim, 250, 0);
    check(&mut sim, &mut kept);
    let view = sim.view();
    let missing: Vec<&str> = view
        .nodes
        .iter()
        .filter(|n| n.missing == ["foo"])
        .map(|n| n.name.as_str())
        .collect();
    assert_eq!(missing.len(), 50);
    let (desired, current, ..) = status_tuple(&sim, "foo");
    assert_eq!((desired, current), (300, 250));
    for n in view.nodes.iter() {
        assert_eq!(
            n.missing.is_empty(),
            !n.pods.is_empty(),
            "{}: missing exactly when it has no pod",
            n.name
        );
    }
    expect_sync(&mut sim, 50, 0);
    check(&mut sim, &mut kept);
    assert!(kept.nodes.iter().all(|n| n.missing.is_empty()));
    // A node the DaemonSet must leave is not missing it, with or without its pod.
    sim.step(Input::Node(NodeOp::AddTaint {
        name: "node-0".to_string(),
        key: "k".to_string(),
        value: String::new(),
        effect: TaintEffect::NoExecute,
    }))
    .unwrap();
    sim.sync_all_once();
    sim.advance(SimDuration::from_secs(60));
    check(&mut sim, &mut kept);
    assert!(pods_on(&sim, "foo", "node-0").is_empty());
    assert!(kept.nodes.iter().all(|n| n.missing.is_empty()));
}

/// A hostNetwork DaemonSet whose port says `hostPort: 0` (or omits it): the DaemonSet keeps
/// its template as written (templates are not defaulted this way since Kubernetes 1.28),
/// while the pods the controller creates get `hostPort` = `containerPort` (`SetDefaults_Pod`),
/// so two such DaemonSets conflict on the port.
#[test]
fn host_network_pods_get_host_ports_from_container_ports() {
    let manifest = |name: &str, port: &str| {
        format!(
            "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {name}
spec:
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      hostNetwork: true
      containers:
      - name: exporter
        image: quay.io/prometheus/node-exporter:v1.8.2
        ports:
        - containerPort: 9100{port}
"
        )
    };
    let mut sim = Simulation::with_default_cluster(1);
    let r = sim.apply("a.yaml", &manifest("zero", "\n          hostPort: 0"));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    settle(&mut sim);
    let ds = sim.daemon_set_object("default", "zero").unwrap();
    let port = &ds.spec.template.spec.unwrap().containers[0]
        .ports
        .clone()
        .unwrap()[0];
    assert_eq!(port.host_port, Some(0), "the template stays as written");
    let pods = pods_of(&sim, "zero");
    assert!(!pods.is_empty());
    for p in &pods {
        let pod = sim.pod_object("default", &p.name).unwrap();
        let port = &pod["spec"]["containers"][0]["ports"][0];
        assert_eq!(port["hostPort"], 9100, "{}", p.name);
        assert_eq!(port["protocol"], "TCP");
    }
    // A second one, hostPort omitted, wants the same host port on every node.
    sim.advance(SimDuration::from_secs(1));
    let r = sim.apply("b.yaml", &manifest("omitted", ""));
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    settle(&mut sim);
    let blocked = pods_of(&sim, "omitted");
    assert!(!blocked.is_empty());
    for p in &blocked {
        assert_eq!(p.phase, PodDisplayPhase::Pending, "{}", p.name);
        assert!(p
            .message
            .as_deref()
            .is_some_and(|m| m.contains("didn't have free ports")));
    }
}

/// Generated node names (`add-node:worker`) take the lowest free number of their template,
/// also when the cluster remembers where its last search stopped: after a removal (the
/// freed number is taken again), around names given by hand, per template, and in a replay.
#[test]
fn generated_node_names_take_the_lowest_free_number() {
    let add = |sim: &mut Simulation, name: Option<&str>, template| {
        sim.node_op(NodeOp::Add {
            name: name.map(str::to_string),
            template,
        })
        .unwrap();
    };
    let names = |sim: &Simulation| -> Vec<String> {
        sim.view().nodes.into_iter().map(|n| n.name).collect()
    };
    let mut sim = Simulation::with_default_cluster(3);
    for _ in 0..3 {
        add(&mut sim, None, NodeTemplate::Worker);
    }
    assert!(sim.has_node("worker-6") && !sim.has_node("worker-7"));
    // Taken by hand ahead of the search: skipped.
    add(&mut sim, Some("worker-7"), NodeTemplate::Worker);
    add(&mut sim, None, NodeTemplate::Worker);
    assert!(sim.has_node("worker-8"));
    // Another template counts on its own.
    add(&mut sim, None, NodeTemplate::Small);
    assert!(sim.has_node("small-worker-1"));
    // A removed number is the next one given (and said beforehand).
    sim.node_op(NodeOp::Remove {
        name: "worker-2".into(),
    })
    .unwrap();
    assert_eq!(sim.next_node_name(NodeTemplate::Worker), "worker-2");
    add(&mut sim, None, NodeTemplate::Worker);
    assert!(sim.has_node("worker-2"));
    assert_eq!(sim.next_node_name(NodeTemplate::Worker), "worker-9");
    add(&mut sim, None, NodeTemplate::Worker);
    assert!(sim.has_node("worker-9"));
    // A second control plane is numbered.
    add(&mut sim, None, NodeTemplate::ControlPlane);
    assert!(sim.has_node("control-plane-1"));
    let inputs: Vec<Input> = sim.inputs().iter().map(|(_, i)| i.clone()).collect();
    assert_eq!(names(&Simulation::replay(3, &inputs)), names(&sim));
}

/// Applying a DaemonSet `name` of one container running `image`, selecting `app: NAME`.
fn plain_daemon_set(name: &str, image: &str) -> Input {
    Input::Apply {
        file: "ds.yaml".to_string(),
        text: format!(
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {name}\nspec:\n  selector:\n    matchLabels: {{app: {name}}}\n  template:\n    metadata:\n      labels: {{app: {name}}}\n    spec:\n      containers:\n      - name: c\n        image: {image}\n"
        ),
    }
}

/// The default cluster (`seed`) with `workers` more, DaemonSet `agent` (`agent:1`) applied and
/// 30 s later; a copy of it; and the view the original's first look gives.
fn agent_and_a_copy(
    seed: u64,
    workers: usize,
) -> (Simulation, Simulation, dsplay_core::view::ClusterView) {
    let mut whole = Simulation::with_default_cluster(seed);
    add_workers(&mut whole, workers);
    whole.step(plain_daemon_set("agent", "agent:1")).unwrap();
    whole
        .step(Input::Advance(SimDuration::from_secs(30)))
        .unwrap();
    let parts = whole.clone();
    let mut kept_whole = dsplay_core::view::ClusterView::default();
    kept_whole.apply_delta(whole.view_changes());
    (whole, parts, kept_whole)
}

/// The view kept from looks in parts equals the one kept from whole looks and the copy's
/// whole view now (events apart: each look gives its own).
fn assert_parts_end_as_whole(
    mut kept_parts: dsplay_core::view::ClusterView,
    mut kept_whole: dsplay_core::view::ClusterView,
    parts: &Simulation,
) {
    kept_parts.events.clear();
    kept_whole.events.clear();
    assert_eq!(kept_parts, kept_whole);
    let mut full = parts.view();
    full.events.clear();
    assert_eq!(kept_parts, full);
}

/// Adds `n` workers with generated names.
fn add_workers(sim: &mut Simulation, n: usize) {
    for _ in 0..n {
        sim.step(Input::Node(NodeOp::Add {
            name: None,
            template: NodeTemplate::Worker,
        }))
        .unwrap();
    }
}

/// The page shows a change of thousands of node cards (an eleventh DaemonSet on 5,000 nodes)
/// over several tasks: `view_changes_within` gives at most so many cards a look, the others
/// at the next looks. Taken in parts, with inputs coming between the parts (a new DaemonSet,
/// a cordon, time passing, a rollout: a revision change, which may change every card), the
/// view ends as the whole view, and the cluster is the one whole looks give (the same log,
/// pods and their names, statuses and events): looking changes nothing in the simulation.
/// The parts of a change read the pods of the cards left from the look that left them, until a
/// pod or node changes (then every pod is walked again): parts with nothing in between, a pod
/// on no node, a node removed and a pod put on a node still left, between parts, all end as
/// the whole view.
#[test]
fn view_in_parts_after_changes_between_parts() {
    use dsplay_core::view::ClusterView;
    let apply = |text: &str| Input::Apply {
        file: "x.yaml".to_string(),
        text: text.to_string(),
    };
    let daemon_set = |name: &str| plain_daemon_set(name, &format!("{name}:1"));
    let (mut whole, mut parts, mut kept_whole) = agent_and_a_copy(3, 36);
    let mut kept_parts = ClusterView::default();
    kept_parts.apply_delta(parts.view_changes_within(4));
    // The inputs between parts: each at the look numbered with it.
    let between = [
        (0, daemon_set("logs")),
        // A pod bound to a node that does not exist: on no node.
        (
            2,
            apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: stray\nspec:\n  nodeName: nowhere\n  containers:\n  - name: c\n    image: c\n"),
        ),
        (
            4,
            Input::Node(NodeOp::Remove {
                name: "worker-30".to_string(),
            }),
        ),
        (6, Input::Advance(SimDuration::from_secs(1))),
    ];
    let mut look = 0;
    loop {
        let mut inputs: Vec<Input> = between
            .iter()
            .filter(|(at, _)| *at == look)
            .map(|(_, i)| i.clone())
            .collect();
        if look == 8 {
            // After a part read from the pods known (nothing changed since the look after the
            // Advance), a pod bound to a node still left (names sort as text: worker-9 is
            // last): only that node changes.
            assert!(parts.view_pending() > 0);
            inputs.push(apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: late\nspec:\n  nodeName: worker-9\n  containers:\n  - name: c\n    image: c\n"));
        }
        for input in inputs {
            whole.step(input.clone()).unwrap();
            kept_whole.apply_delta(whole.view_changes());
            parts.step(input).unwrap();
        }
        if look > 6 && parts.view_pending() == 0 {
            break;
        }
        let delta = parts.view_changes_within(4);
        assert!(delta.nodes.len() <= 4);
        kept_parts.apply_delta(delta);
        look += 1;
        assert!(look < 100, "the parts end");
    }
    assert!(
        kept_whole.unplaced_pods.iter().any(|p| p.name == "stray"),
        "the stray pod is on no node"
    );
    assert_parts_end_as_whole(kept_parts, kept_whole, &parts);
}

#[test]
fn view_in_parts_ends_as_the_whole_view() {
    use dsplay_core::view::ClusterView;
    let daemon_set = plain_daemon_set;
    const PART: usize = 10;
    // A copy starts its own tracking: both first looks hold every node.
    let (mut whole, mut parts, mut kept_whole) = agent_and_a_copy(7, 60);
    let mut kept_parts = ClusterView::default();
    let first = parts.view_changes_within(PART);
    assert!(
        first.all_nodes && first.nodes.len() == 64,
        "the first look is whole"
    );
    kept_parts.apply_delta(first);
    let later = [
        daemon_set("logs", "logs:1"),
        Input::Node(NodeOp::Cordon {
            name: "worker-7".to_string(),
        }),
        Input::Advance(SimDuration::from_secs(2)),
        daemon_set("agent", "agent:2"),
        Input::Advance(SimDuration::from_secs(1)),
    ];
    let mut behind = Vec::new();
    for input in later {
        whole.step(input.clone()).unwrap();
        kept_whole.apply_delta(whole.view_changes());
        parts.step(input).unwrap();
        // One part only: the rest waits behind the next input.
        let delta = parts.view_changes_within(PART);
        assert!(!delta.all_nodes && delta.nodes.len() <= PART);
        kept_parts.apply_delta(delta);
        behind.push(parts.view_pending());
    }
    assert!(
        behind.iter().all(|&n| n > 0),
        "every input left cards for later: {behind:?}"
    );
    let (pending, mut looks) = (parts.view_pending(), 0);
    while parts.view_pending() > 0 {
        let delta = parts.view_changes_within(PART);
        assert!(delta.nodes.len() <= PART);
        kept_parts.apply_delta(delta);
        looks += 1;
    }
    assert_eq!(looks, pending.div_ceil(PART), "{pending} cards left");
    assert_parts_end_as_whole(kept_parts, kept_whole, &parts);
    assert_eq!(parts.inputs(), whole.inputs());
    assert_eq!(parts.object_list(), whole.object_list());
    assert_eq!(
        parts.events_newest_first().collect::<Vec<_>>(),
        whole.events_newest_first().collect::<Vec<_>>()
    );
}
