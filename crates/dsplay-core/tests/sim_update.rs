//! Ports of Kubernetes' DaemonSet update tests (pkg/controller/daemon/update_test.go), each
//! named after the upstream test, plus history and rollback (§8.6, §9).

#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::expect_used)]

mod sim_support;
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{Input, ObjectKind, Simulation};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use sim_support::*;

/// Five ready pods, then an image change with the given strategy.
fn rolled(max_unavailable: IntOrString, max_surge: IntOrString, ready: bool) -> Simulation {
    let mut sim = manual_sim();
    add_nodes(&mut sim, 0, 5, None);
    let ds = with_grace(new_daemon_set("foo"), 0);
    create_ds(&mut sim, ds.clone());
    expect_sync(&mut sim, 5, 0);
    if ready {
        mark_pods_ready(&mut sim);
    }
    let ds = rolling(with_image(ds, "foo2/bar2"), max_unavailable, max_surge);
    assert_eq!(update_ds(&mut sim, ds), "daemonset.apps/foo configured");
    sim
}

#[test]
fn test_daemon_set_updates_pods() {
    let mut sim = rolled(IntOrString::Int(2), IntOrString::Int(0), true);
    expect_sync(&mut sim, 0, 2);
    expect_sync(&mut sim, 2, 0);
    mark_pods_ready(&mut sim);
    expect_sync(&mut sim, 0, 2);
    expect_sync(&mut sim, 2, 0);
    mark_pods_ready(&mut sim);
    expect_sync(&mut sim, 0, 1);
    expect_sync(&mut sim, 1, 0);
    mark_pods_ready(&mut sim);
    expect_sync(&mut sim, 0, 0);
    assert_eq!(status_tuple(&sim, "foo"), (5, 5, 5, 5, 5, 0));
    assert!(pods_of(&sim, "foo").iter().all(|p| p.updated));
}

#[test]
fn test_daemon_set_updates_pods_with_max_surge() {
    let mut sim = rolled(IntOrString::Int(0), IntOrString::Int(2), true);
    expect_sync(&mut sim, 2, 0);
    expect_sync(&mut sim, 0, 0);
    mark_pods_ready(&mut sim);
    expect_sync(&mut sim, 2, 2);
    expect_sync(&mut sim, 0, 0);
    mark_pods_ready(&mut sim);
    expect_sync(&mut sim, 1, 2);
    expect_sync(&mut sim, 0, 0);
    mark_pods_ready(&mut sim);
    expect_sync(&mut sim, 0, 1);
    expect_sync(&mut sim, 0, 0);
}

#[test]
fn test_daemon_set_updates_when_new_pod_is_not_ready() {
    let mut sim = rolled(IntOrString::Int(3), IntOrString::Int(0), true);
    expect_sync(&mut sim, 0, 3);
    expect_sync(&mut sim, 3, 0);
    // New pods are not ready: numUnavailable == maxUnavailable.
    expect_sync(&mut sim, 0, 0);
}

#[test]
fn test_daemon_set_updates_all_old_pods_not_ready() {
    let mut sim = rolled(IntOrString::Int(3), IntOrString::Int(0), false);
    // All old pods are unavailable: all are replaced at once.
    expect_sync(&mut sim, 0, 5);
    expect_sync(&mut sim, 5, 0);
    expect_sync(&mut sim, 0, 0);
}

#[test]
fn test_daemon_set_updates_no_template_changed() {
    let mut sim = manual_sim();
    add_nodes(&mut sim, 0, 5, None);
    let ds = with_grace(new_daemon_set("foo"), 0);
    create_ds(&mut sim, ds.clone());
    expect_sync(&mut sim, 5, 0);
    mark_pods_ready(&mut sim);
    let ds2 = rolling(ds, IntOrString::Int(3), IntOrString::Int(0));
    update_ds(&mut sim, ds2);
    expect_sync(&mut sim, 0, 0);
    let v = ds_view(&sim, "foo");
    assert_eq!((v.generation, v.observed_generation), (2, 2));
    assert_eq!(v.up_to_date, 5);
}

/// `TestDaemonSetUpdatesSaveOldHealthyPods`: available old pods are not touched while
/// unavailable new pods use the budget.
#[test]
fn test_daemon_set_updates_save_old_healthy_pods() {
    let mut sim = rolled(IntOrString::Int(2), IntOrString::Int(0), true);
    expect_sync(&mut sim, 0, 2);
    expect_sync(&mut sim, 2, 0);
    // The new pods never become Ready.
    for p in pods_of(&sim, "foo").iter().filter(|p| p.updated) {
        set_ready(&mut sim, &p.name, false);
    }
    mark_pods_ready(&mut sim);
    expect_sync(&mut sim, 0, 0);
    assert_eq!(
        pods_of(&sim, "foo").iter().filter(|p| !p.updated).count(),
        3
    );
}

/// OnDelete: nothing is replaced; a deleted pod comes back with the new template.
#[test]
fn test_daemon_set_on_delete_replaces_only_deleted_pods() {
    let mut sim = manual_sim();
    add_nodes(&mut sim, 0, 3, None);
    let ds = on_delete(with_grace(new_daemon_set("foo"), 0));
    create_ds(&mut sim, ds.clone());
    expect_sync(&mut sim, 3, 0);
    mark_pods_ready(&mut sim);
    update_ds(&mut sim, with_image(ds, "foo2/bar2"));
    expect_sync(&mut sim, 0, 0);
    assert_eq!(ds_view(&sim, "foo").up_to_date, 0);
    let victim = pods_on(&sim, "foo", "node-1")[0].name.clone();
    sim.step(Input::Delete {
        kind: ObjectKind::Pod,
        namespace: "default".into(),
        name: victim,
    })
    .unwrap();
    expect_sync(&mut sim, 1, 0);
    mark_pods_ready(&mut sim);
    expect_sync(&mut sim, 0, 0);
    assert!(pods_on(&sim, "foo", "node-1")[0].updated);
    assert_eq!(ds_view(&sim, "foo").up_to_date, 1);
    assert!(sim.rollout_status("default", "foo").is_err());
}

/// `TestGetUnavailableNumbers` through whole rollouts: `maxUnavailable: 50%` of 3 nodes
/// rounds up to 2 (delete 2, then 1).
#[test]
fn test_get_unavailable_numbers_percent_rounds_up() {
    let mut sim = manual_sim();
    add_nodes(&mut sim, 0, 3, None);
    let ds = with_grace(new_daemon_set("foo"), 0);
    create_ds(&mut sim, ds.clone());
    expect_sync(&mut sim, 3, 0);
    mark_pods_ready(&mut sim);
    update_ds(
        &mut sim,
        rolling(
            with_image(ds, "x:2"),
            IntOrString::String("50%".into()),
            IntOrString::Int(0),
        ),
    );
    expect_sync(&mut sim, 0, 2);
    expect_sync(&mut sim, 2, 0);
    mark_pods_ready(&mut sim);
    expect_sync(&mut sim, 0, 1);
}

fn revisions(sim: &Simulation) -> Vec<(String, i64)> {
    let list = sim.object_list();
    let mut v: Vec<(String, i64)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "ControllerRevision")
        .map(|o| {
            (
                o["metadata"]["name"].as_str().unwrap().to_string(),
                o["revision"].as_i64().unwrap(),
            )
        })
        .collect();
    v.sort_by_key(|x| x.1);
    v
}

/// §9.3 / §8.6: one revision per template; rollback re-numbers the old revision and the pods
/// get the old hash back with a new `pod-template-generation`.
#[test]
fn test_rollback_renumbers_revision() {
    let mut sim = Simulation::with_default_cluster(5);
    let ds = with_grace(new_daemon_set("foo"), 0);
    create_ds(&mut sim, ds.clone());
    settle(&mut sim);
    let h1 = sim.current_revision_hash("default", "foo").unwrap();
    update_ds(&mut sim, with_image(ds, "foo/bar:2"));
    settle(&mut sim);
    let h2 = sim.current_revision_hash("default", "foo").unwrap();
    assert_ne!(h1, h2);
    assert_eq!(
        revisions(&sim),
        vec![(format!("foo-{h1}"), 1), (format!("foo-{h2}"), 2)]
    );
    let r = sim
        .step(Input::Rollback {
            namespace: "default".into(),
            name: "foo".into(),
            to_revision: None,
        })
        .unwrap();
    assert_eq!(r.applied[0].line, "daemonset.apps/foo rolled back");
    settle(&mut sim);
    assert_eq!(sim.current_revision_hash("default", "foo").unwrap(), h1);
    assert_eq!(
        revisions(&sim),
        vec![(format!("foo-{h2}"), 2), (format!("foo-{h1}"), 3)]
    );
    let pod = pods_on(&sim, "foo", "worker-1")[0].name.clone();
    let p = sim.pod_object("default", &pod).unwrap();
    assert_eq!(
        p["metadata"]["labels"]["controller-revision-hash"],
        h1.as_str()
    );
    assert_eq!(p["metadata"]["labels"]["pod-template-generation"], "3");
    assert_eq!(status_tuple(&sim, "foo"), (3, 3, 3, 3, 3, 0));
    let again = sim
        .step(Input::Rollback {
            namespace: "default".into(),
            name: "foo".into(),
            to_revision: Some(3),
        })
        .unwrap();
    assert!(again.applied[0].line.contains("skipped rollback"));
    assert!(sim
        .step(Input::Rollback {
            namespace: "default".into(),
            name: "foo".into(),
            to_revision: Some(9)
        })
        .is_err());
}

/// §9.4: `revisionHistoryLimit: 0` keeps only the current revision once no pod carries the old one.
#[test]
fn test_cleanup_history_respects_limit_and_live_hashes() {
    let mut sim = Simulation::with_default_cluster(5);
    let mut ds = with_grace(new_daemon_set("foo"), 0);
    ds.spec.revision_history_limit = Some(0);
    create_ds(&mut sim, ds.clone());
    settle(&mut sim);
    update_ds(&mut sim, with_image(ds.clone(), "foo/bar:2"));
    // Mid-rollout the old revision survives (pods still carry it).
    assert_eq!(revisions(&sim).len(), 2);
    settle(&mut sim);
    assert_eq!(revisions(&sim).len(), 1);
    update_ds(&mut sim, with_image(ds, "foo/bar:3"));
    settle(&mut sim);
    let revs = revisions(&sim);
    assert_eq!(revs.len(), 1);
    assert_eq!(revs[0].1, 3);
}

/// A rollout in automatic mode: at most maxUnavailable pods unavailable at any instant, and
/// `kubectl rollout status` words along the way.
#[test]
fn test_rolling_update_in_time_respects_max_unavailable() {
    let mut sim = Simulation::new(9);
    add_nodes(&mut sim, 0, 6, None);
    let ds = new_daemon_set("foo");
    create_ds(&mut sim, ds.clone());
    settle(&mut sim);
    update_ds(
        &mut sim,
        rolling(
            with_image(ds, "foo/bar:2"),
            IntOrString::Int(2),
            IntOrString::Int(0),
        ),
    );
    let mut saw_progress = false;
    for _ in 0..200 {
        sim.advance(SimDuration::from_millis(250));
        let v = ds_view(&sim, "foo");
        assert!(
            v.desired - v.available <= 2,
            "unavailable {} > 2",
            v.desired - v.available
        );
        if v.rollout_status.contains("new pods have been updated") {
            saw_progress = true;
        }
        if sim.is_settled() {
            break;
        }
    }
    assert!(saw_progress);
    assert_eq!(
        sim.rollout_status("default", "foo").unwrap(),
        "daemon set \"foo\" successfully rolled out"
    );
    assert_eq!(status_tuple(&sim, "foo"), (6, 6, 6, 6, 6, 0));
}
