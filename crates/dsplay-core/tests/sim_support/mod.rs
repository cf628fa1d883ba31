//! Builders for simulation tests, after Kubernetes' `newNode`, `newDaemonSet`, `addNodes`
//! (pkg/controller/daemon/daemon_controller_test.go).
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use dsplay_core::clock::SimDuration;
use dsplay_core::load::ApiObject;
use dsplay_core::sim::{NodeTemplate, Simulation, SyncCounts};
use dsplay_core::view::{DaemonSetView, PodView};
use k8s_openapi::api::apps::v1::{
    DaemonSet, DaemonSetSpec, DaemonSetUpdateStrategy, RollingUpdateDaemonSet,
};
use k8s_openapi::api::core::v1::{
    Container, Node, NodeSpec, Pod, PodSpec, PodTemplateSpec, ResourceRequirements, Taint,
    Toleration,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::BTreeMap;

/// Every node template the playground offers (random tests pick one by index).
pub const NODE_TEMPLATES: [NodeTemplate; 5] = [
    NodeTemplate::Worker,
    NodeTemplate::ControlPlane,
    NodeTemplate::GpuWorker,
    NodeTemplate::WindowsWorker,
    NodeTemplate::Small,
];

/// `simpleDaemonSetLabel`.
pub fn simple_daemon_set_label() -> BTreeMap<String, String> {
    labels(&[("name", "simple-daemon"), ("type", "production")])
}

/// `simpleNodeLabel`.
pub fn simple_node_label() -> BTreeMap<String, String> {
    labels(&[("color", "blue"), ("speed", "fast")])
}

pub fn labels(kv: &[(&str, &str)]) -> BTreeMap<String, String> {
    kv.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// `newNode(name, label)`: a Ready node (status left to the simulation's §15.1 defaults).
pub fn new_node(name: &str, node_labels: Option<BTreeMap<String, String>>) -> Node {
    Node {
        metadata: ObjectMeta {
            name: Some(name.to_string()),
            labels: node_labels,
            ..ObjectMeta::default()
        },
        spec: Some(NodeSpec::default()),
        status: None,
    }
}

/// `newDaemonSet(name)`: selector and template labels `simpleDaemonSetLabel`, one container
/// `foo/bar`, RollingUpdate (maxUnavailable 1).
pub fn new_daemon_set(name: &str) -> DaemonSet {
    DaemonSet {
        metadata: ObjectMeta {
            name: Some(name.to_string()),
            namespace: Some("default".to_string()),
            ..ObjectMeta::default()
        },
        spec: DaemonSetSpec {
            selector: LabelSelector {
                match_labels: Some(simple_daemon_set_label()),
                match_expressions: None,
            },
            template: PodTemplateSpec {
                metadata: Some(ObjectMeta {
                    labels: Some(simple_daemon_set_label()),
                    ..ObjectMeta::default()
                }),
                spec: Some(PodSpec {
                    containers: vec![Container {
                        name: "foo".into(),
                        image: Some("foo/bar".into()),
                        termination_message_path: Some("/dev/termination-log".into()),
                        image_pull_policy: Some("IfNotPresent".into()),
                        ..Container::default()
                    }],
                    restart_policy: Some("Always".into()),
                    dns_policy: Some("ClusterFirst".into()),
                    termination_grace_period_seconds: Some(30),
                    scheduler_name: Some("default-scheduler".into()),
                    ..PodSpec::default()
                }),
            },
            update_strategy: Some(DaemonSetUpdateStrategy {
                type_: Some("RollingUpdate".into()),
                rolling_update: Some(RollingUpdateDaemonSet {
                    max_unavailable: Some(IntOrString::Int(1)),
                    max_surge: Some(IntOrString::Int(0)),
                }),
            }),
            revision_history_limit: Some(10),
            min_ready_seconds: None,
        },
        status: None,
    }
}

/// `newOnDeleteStrategy()` / `newRollingUpdateStrategy()` helpers.
pub fn on_delete(mut ds: DaemonSet) -> DaemonSet {
    ds.spec.update_strategy = Some(DaemonSetUpdateStrategy {
        type_: Some("OnDelete".into()),
        rolling_update: None,
    });
    ds
}

pub fn rolling(
    mut ds: DaemonSet,
    max_unavailable: IntOrString,
    max_surge: IntOrString,
) -> DaemonSet {
    ds.spec.update_strategy = Some(DaemonSetUpdateStrategy {
        type_: Some("RollingUpdate".into()),
        rolling_update: Some(RollingUpdateDaemonSet {
            max_unavailable: Some(max_unavailable),
            max_surge: Some(max_surge),
        }),
    });
    ds
}

/// `updateStrategies()`: OnDelete and RollingUpdate.
pub fn update_strategies() -> Vec<fn(DaemonSet) -> DaemonSet> {
    vec![on_delete, |d| {
        rolling(d, IntOrString::Int(1), IntOrString::Int(0))
    }]
}

pub fn template_spec(ds: &mut DaemonSet) -> &mut PodSpec {
    ds.spec.template.spec.get_or_insert_with(PodSpec::default)
}

pub fn with_node_selector(mut ds: DaemonSet, sel: BTreeMap<String, String>) -> DaemonSet {
    template_spec(&mut ds).node_selector = Some(sel);
    ds
}

pub fn with_requests(mut ds: DaemonSet, cpu: &str, memory: &str) -> DaemonSet {
    let c = &mut template_spec(&mut ds).containers[0];
    c.resources = Some(ResourceRequirements {
        requests: Some(BTreeMap::from([
            ("cpu".to_string(), Quantity(cpu.into())),
            ("memory".to_string(), Quantity(memory.into())),
        ])),
        ..ResourceRequirements::default()
    });
    ds
}

pub fn with_toleration(mut ds: DaemonSet, t: Toleration) -> DaemonSet {
    template_spec(&mut ds)
        .tolerations
        .get_or_insert_with(Vec::new)
        .push(t);
    ds
}

pub fn with_grace(mut ds: DaemonSet, secs: i64) -> DaemonSet {
    template_spec(&mut ds).termination_grace_period_seconds = Some(secs);
    ds
}

pub fn with_image(mut ds: DaemonSet, image: &str) -> DaemonSet {
    template_spec(&mut ds).containers[0].image = Some(image.into());
    ds
}

pub fn taint(key: &str, value: &str, effect: &str) -> Taint {
    Taint {
        key: key.into(),
        value: (!value.is_empty()).then(|| value.to_string()),
        effect: effect.into(),
        time_added: None,
    }
}

pub fn tainted_node(name: &str, taints: Vec<Taint>) -> Node {
    let mut n = new_node(name, None);
    n.spec = Some(NodeSpec {
        taints: Some(taints),
        ..NodeSpec::default()
    });
    n
}

/// A bare pod of `simpleDaemonSetLabel` bound to `node` (upstream `newPod`), not owned.
pub fn new_orphan_pod(name: &str, node: &str, pod_labels: BTreeMap<String, String>) -> Pod {
    Pod {
        metadata: ObjectMeta {
            name: Some(name.into()),
            namespace: Some("default".into()),
            labels: Some(pod_labels),
            ..ObjectMeta::default()
        },
        spec: Some(PodSpec {
            node_name: Some(node.into()),
            containers: vec![Container {
                name: "foo".into(),
                image: Some("foo/bar".into()),
                ..Container::default()
            }],
            ..PodSpec::default()
        }),
        status: None,
    }
}

pub fn node_obj(n: Node) -> ApiObject {
    ApiObject::Node(Box::new(n))
}

pub fn ds_obj(d: DaemonSet) -> ApiObject {
    ApiObject::DaemonSet(Box::new(d))
}

pub fn pod_obj(p: Pod) -> ApiObject {
    ApiObject::Pod(Box::new(p))
}

/// `addNodes(store, start, n, labels)`: `node-<i>` for i in start..start+n.
pub fn add_nodes(
    sim: &mut Simulation,
    start: usize,
    n: usize,
    node_labels: Option<BTreeMap<String, String>>,
) {
    let objs = (start..start + n)
        .map(|i| node_obj(new_node(&format!("node-{i}"), node_labels.clone())))
        .collect();
    let r = sim.apply_objects(objs);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

/// A simulation in manual-sync mode (`expectSyncDaemonSets` style).
pub fn manual_sim() -> Simulation {
    let mut sim = Simulation::new(1);
    sim.set_manual_sync(true);
    sim
}

pub fn create_ds(sim: &mut Simulation, ds: DaemonSet) {
    let r = sim.apply_objects(vec![ds_obj(ds)]);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

/// `expectSyncDaemonSets(t, manager, ds, podControl, creates, deletes, events)`.
#[track_caller]
pub fn expect_sync(sim: &mut Simulation, creates: u32, deletes: u32) {
    let got = sim.sync_all_once();
    assert_eq!(
        got,
        SyncCounts { creates, deletes },
        "creates/deletes of one sync"
    );
}

/// Lets time pass so that every bound pod on a Ready node is Running and Ready
/// (upstream `markPodsReady`).
pub fn mark_pods_ready(sim: &mut Simulation) {
    sim.advance(SimDuration::from_secs(5));
}

pub fn ds_view(sim: &Simulation, name: &str) -> DaemonSetView {
    sim.view()
        .daemon_sets
        .into_iter()
        .find(|d| d.name == name)
        .expect("daemon set in view")
}

/// All pods (any node, unplaced too) of the DaemonSet `name`.
pub fn pods_of(sim: &Simulation, name: &str) -> Vec<PodView> {
    let v = sim.view();
    v.nodes
        .into_iter()
        .flat_map(|n| n.pods)
        .chain(v.unplaced_pods)
        .filter(|p| p.daemon_set.as_deref() == Some(name))
        .collect()
}

/// Pods of `ds` mapped to `node`.
pub fn pods_on(sim: &Simulation, ds: &str, node: &str) -> Vec<PodView> {
    pods_of(sim, ds)
        .into_iter()
        .filter(|p| p.target_node.as_deref() == Some(node))
        .collect()
}

/// `(desired, current, ready, up-to-date, available, misscheduled)`.
pub fn status_tuple(sim: &Simulation, name: &str) -> (i32, i32, i32, i32, i32, i32) {
    let d = ds_view(sim, name);
    (
        d.desired,
        d.current,
        d.ready,
        d.up_to_date,
        d.available,
        d.misscheduled,
    )
}

pub fn settle(sim: &mut Simulation) {
    assert!(sim.settle(SimDuration::from_secs(600)), "cluster settles");
}

/// A Ready node with the given allocatable (and capacity) cpu, memory and pods.
pub fn node_with_allocatable(
    name: &str,
    node_labels: Option<BTreeMap<String, String>>,
    cpu: &str,
    memory: &str,
    pods: &str,
) -> Node {
    use k8s_openapi::api::core::v1::{NodeCondition, NodeStatus};
    let mut n = new_node(name, node_labels);
    let res: BTreeMap<String, Quantity> = BTreeMap::from([
        ("cpu".to_string(), Quantity(cpu.into())),
        ("memory".to_string(), Quantity(memory.into())),
        ("pods".to_string(), Quantity(pods.into())),
    ]);
    n.status = Some(NodeStatus {
        capacity: Some(res.clone()),
        allocatable: Some(res),
        conditions: Some(vec![NodeCondition {
            type_: "Ready".into(),
            status: "True".into(),
            ..NodeCondition::default()
        }]),
        ..NodeStatus::default()
    });
    n
}

/// Creates pods that look like the DaemonSet's own (its labels plus the current hash when
/// `current_hash`), bound to `node` (upstream `addPods(podStore, node, label, ds, n)`); the
/// controller adopts them at its next sync.
pub fn add_pods(
    sim: &mut Simulation,
    ds: &str,
    node: &str,
    pod_labels: BTreeMap<String, String>,
    n: usize,
    current_hash: bool,
) -> Vec<String> {
    let mut l = pod_labels;
    if current_hash {
        let h = sim.current_revision_hash("default", ds).expect("synced ds");
        l.insert("controller-revision-hash".into(), h);
    }
    let names: Vec<String> = (0..n)
        .map(|i| format!("{node}-{}-{i}", sim.pod_count()))
        .collect();
    let objs = names
        .iter()
        .map(|name| pod_obj(new_orphan_pod(name, node, l.clone())))
        .collect();
    let r = sim.apply_objects(objs);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    names
}

pub fn fail_pod(sim: &mut Simulation, name: &str) {
    sim.step(dsplay_core::sim::Input::FailPod {
        namespace: "default".into(),
        name: name.into(),
    })
    .expect("pod exists");
}

pub fn set_ready(sim: &mut Simulation, name: &str, ready: bool) {
    sim.step(dsplay_core::sim::Input::SetPodReady {
        namespace: "default".into(),
        name: name.into(),
        ready,
    })
    .expect("pod exists");
}

pub fn update_ds(sim: &mut Simulation, ds: DaemonSet) -> String {
    let r = sim.apply_objects(vec![ds_obj(ds)]);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    r.applied[0].line.clone()
}

pub fn new_update_surge(ds: DaemonSet, max_surge: i32) -> DaemonSet {
    rolling(ds, IntOrString::Int(0), IntOrString::Int(max_surge))
}

pub fn events_of(sim: &Simulation, reason: &str) -> Vec<dsplay_core::view::EventView> {
    sim.view()
        .events
        .into_iter()
        .filter(|e| e.reason == reason)
        .collect()
}
