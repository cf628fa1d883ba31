//! The incremental DaemonSet controller against the full-resync oracle.
//!
//! The controller remembers things between syncs (each node's `NodeShouldRunDaemonPod`,
//! its pods per node, which nodes changed, the status each node contributed, the current
//! revision) and a sync looks only at what changed. Upstream's `syncDaemonSet` recomputes
//! all of it from the informers' stores on every sync. [`Simulation::set_full_resync`] makes
//! the simulation do the same; this test runs random inputs (node churn, template and
//! strategy updates, taints, NotReady, orphan and failed pods, rollbacks, deletes, real
//! manifests from `../shared/corpus`) through both and requires the same objects and the
//! same events after every input, `resourceVersion`s apart (the incremental controller
//! writes less, so it takes fewer of them).
//!
//! After every input the two answer the same, and show the same cluster view (nodes, pods
//! with their phase, node, owner and revision, DaemonSets with their status, every event)
//! and current revisions; after the last input, and after every input in one case of 32,
//! every object (`Simulation::object_list`: revisions, labels, owner references,
//! conditions and timestamps too) is the same. Rendering every object after every input
//! would make the test several times slower for little more.
//!
//! Cases: 2,000 by default; `DSPLAY_ORACLE_CASES=N` runs N. A failure found is kept below as a
//! `regression_*` test.

#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::expect_used)]

use dsplay_core::clock::SimDuration;
use dsplay_core::load::{load, ApiObject};
use dsplay_core::sim::{Input, NodeOp, ObjectKind, Simulation, TaintEffect};
use dsplay_core::view::ClusterView;
use proptest::prelude::*;

mod sim_support;
use proptest::test_runner::TestCaseError;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

/// DaemonSet names (all in `default`; the corpus brings others, mostly in `kube-system`).
const DS_NAMES: &[&str] = &["agent", "logs", "net"];

#[derive(Clone, Debug)]
struct DsGen {
    name: u8,
    image: u8,
    /// 0: OnDelete; 1..=3: maxUnavailable 1, 2, 50%; 4..=6: maxSurge 1, 50%, 100%.
    strategy: u8,
    min_ready: u8,
    history: u8,
    /// 0: none; 1: NoSchedule `dedicated`; 2: NoExecute `dedicated` for ever; 3: NoExecute
    /// `dedicated` for 2 s; 4: everything; 5: `not-ready` NoSchedule.
    toleration: u8,
    /// 0, 1: none; 2: `kubernetes.io/os=linux`; 3: `disk=ssd`.
    node_selector: u8,
    grace: u8,
    /// 0, 1: 10m cpu; 2: 3 cpu (two do not fit on a 4-cpu node).
    cpu: u8,
}

fn ds_gen() -> impl Strategy<Value = DsGen> {
    (
        0u8..3,
        0u8..3,
        0u8..7,
        0u8..4,
        0u8..3,
        0u8..6,
        0u8..4,
        0u8..3,
        0u8..3,
    )
        .prop_map(
            |(name, image, strategy, min_ready, history, toleration, node_selector, grace, cpu)| {
                DsGen {
                    name,
                    image,
                    strategy,
                    min_ready,
                    history,
                    toleration,
                    node_selector,
                    grace,
                    cpu,
                }
            },
        )
}

fn ds_yaml(g: &DsGen) -> String {
    let name = DS_NAMES[usize::from(g.name)];
    let strategy = match g.strategy {
        0 => "{type: OnDelete}".to_string(),
        s @ 1..=3 => format!(
            "{{type: RollingUpdate, rollingUpdate: {{maxUnavailable: {}}}}}",
            ["1", "2", "\"50%\""][usize::from(s - 1)]
        ),
        s => format!(
            "{{type: RollingUpdate, rollingUpdate: {{maxUnavailable: 0, maxSurge: {}}}}}",
            ["1", "\"50%\"", "\"100%\""][usize::from(s - 4)]
        ),
    };
    let toleration = [
        "[]",
        "[{key: dedicated, operator: Exists, effect: NoSchedule}]",
        "[{key: dedicated, operator: Exists, effect: NoExecute}]",
        "[{key: dedicated, operator: Exists, effect: NoExecute, tolerationSeconds: 2}]",
        "[{operator: Exists}]",
        "[{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoSchedule}]",
    ][usize::from(g.toleration)];
    let node_selector =
        ["{}", "{}", "{kubernetes.io/os: linux}", "{disk: ssd}"][usize::from(g.node_selector)];
    format!(
        "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {name}
spec:
  selector: {{matchLabels: {{app: {name}}}}}
  minReadySeconds: {min_ready}
  revisionHistoryLimit: {history}
  updateStrategy: {strategy}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      nodeSelector: {node_selector}
      terminationGracePeriodSeconds: {grace}
      tolerations: {toleration}
      containers:
      - name: c
        image: img:{image}
        resources: {{requests: {{cpu: {cpu}}}}}
",
        min_ready = [0, 0, 1, 5][usize::from(g.min_ready)],
        history = [0, 1, 10][usize::from(g.history)],
        grace = [0, 1, 30][usize::from(g.grace)],
        cpu = ["10m", "10m", "3"][usize::from(g.cpu)],
        image = g.image,
    )
}

#[derive(Clone, Debug)]
enum Op {
    ApplyDs(DsGen),
    /// A manifest of the corpus (`daemonsets` or `nodes`), by index.
    Corpus(bool, u8),
    /// A pod without owner, labelled for one of [`DS_NAMES`] (adopted) or not, on a node
    /// (`nodeName`) or not.
    OrphanPod(u8, u8, Option<u8>),
    /// New labels for an existing pod (`app: <name>` or `app: other`: released).
    RelabelPod(u8, u8),
    Node(u8, u8),
    FailPod(u8),
    SetPodReady(u8, bool),
    Rollback(u8, u8),
    Delete(u8, u8),
    Advance(u8),
    Settle(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => ds_gen().prop_map(Op::ApplyDs),
        1 => (any::<bool>(), any::<u8>()).prop_map(|(n, i)| Op::Corpus(n, i)),
        1 => (any::<u8>(), any::<u8>(), proptest::option::of(any::<u8>()))
            .prop_map(|(n, l, node)| Op::OrphanPod(n, l, node)),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(p, l)| Op::RelabelPod(p, l)),
        6 => (any::<u8>(), any::<u8>()).prop_map(|(k, n)| Op::Node(k, n)),
        1 => any::<u8>().prop_map(Op::FailPod),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(p, r)| Op::SetPodReady(p, r)),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(d, r)| Op::Rollback(d, r)),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(k, n)| Op::Delete(k, n)),
        3 => any::<u8>().prop_map(Op::Advance),
        2 => any::<u8>().prop_map(Op::Settle),
    ]
}

/// The objects of one corpus file the simulation acts on, as JSON (loaded once: the loader
/// is not what this test is about, and the largest files take long to read in debug builds).
type CorpusFile = Vec<Value>;

/// The corpus: (DaemonSet files, Node files).
fn corpus() -> &'static (Vec<CorpusFile>, Vec<CorpusFile>) {
    static CORPUS: OnceLock<(Vec<CorpusFile>, Vec<CorpusFile>)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus"
        ));
        if !dir.is_dir() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "corpus folder {} is missing (CI=true)",
                dir.display()
            );
            eprintln!(
                "corpus folder {} is missing: no corpus inputs",
                dir.display()
            );
        }
        let read = |sub: &str| -> Vec<CorpusFile> {
            let mut files: Vec<_> = std::fs::read_dir(dir.join(sub))
                .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_else(|_| Vec::new());
            files.sort();
            files
                .into_iter()
                .filter_map(|p| {
                    let name = p.file_name()?.to_str()?.to_string();
                    let text = std::fs::read_to_string(&p).ok()?;
                    let objects: Vec<Value> = load(&name, &text)
                        .objects
                        .into_iter()
                        .filter_map(|o| match o.object {
                            ApiObject::DaemonSet(d) => serde_json::to_value(&*d).ok(),
                            ApiObject::Node(n) => serde_json::to_value(&*n).ok(),
                            ApiObject::Pod(p) => serde_json::to_value(&*p).ok(),
                            _ => None,
                        })
                        .collect();
                    (!objects.is_empty()).then_some(objects)
                })
                .collect()
        };
        (read("daemonsets"), read("nodes"))
    })
}

fn pick<T: Clone>(v: &[T], i: u8) -> Option<T> {
    (!v.is_empty()).then(|| v[usize::from(i) % v.len()].clone())
}

const ADVANCES_MS: &[u64] = &[0, 500, 1_000, 1_000, 2_000, 3_000, 5_000, 30_000];
const SETTLE_LIMITS_S: &[u64] = &[5, 60, 300];

/// The input an operation stands for, given the cluster now (`None`: nothing to pick
/// from, or a settle).
fn input_for(sim: &Simulation, view: &ClusterView, op: &Op) -> Option<Input> {
    let nodes: Vec<(String, String)> = view
        .nodes
        .iter()
        .map(|n| (String::new(), n.name.clone()))
        .collect();
    let pods: Vec<(String, String)> = view
        .nodes
        .iter()
        .flat_map(|n| &n.pods)
        .chain(&view.unplaced_pods)
        .map(|p| (p.namespace.clone(), p.name.clone()))
        .collect();
    let dss: Vec<(String, String)> = view
        .daemon_sets
        .iter()
        .map(|d| (d.namespace.clone(), d.name.clone()))
        .collect();
    let node_name = |n: u8| {
        pick(&nodes, n)
            .map(|(_, name)| name)
            .unwrap_or_else(|| "worker-1".into())
    };
    Some(match op {
        Op::ApplyDs(g) => Input::Apply {
            file: "ds.yaml".into(),
            text: ds_yaml(g),
        },
        Op::Corpus(nodes_dir, i) => {
            let (dss, nodes) = corpus();
            let files = if *nodes_dir { nodes } else { dss };
            let objects = pick(files, *i)?;
            Input::ApplyObjects { objects }
        }
        Op::OrphanPod(n, l, node) => {
            let label = DS_NAMES.get(usize::from(*l) % 4).unwrap_or(&"other");
            let node_name = node
                .map(|n| format!("  nodeName: {}\n", node_name(n)))
                .unwrap_or_default();
            Input::Apply {
                file: "pod.yaml".into(),
                text: format!(
                    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: orphan-{}\n  labels: {{app: {label}}}\nspec:\n{node_name}  containers:\n  - name: c\n    image: c\n",
                    n % 4
                ),
            }
        }
        Op::RelabelPod(p, l) => {
            let (ns, name) = pick(&pods, *p)?;
            let label = DS_NAMES.get(usize::from(*l) % 4).unwrap_or(&"other");
            let mut pod = sim.pod_object(&ns, &name)?;
            let meta = pod["metadata"].as_object_mut()?;
            meta.remove("resourceVersion");
            let labels = meta
                .entry("labels")
                .or_insert_with(|| Value::Object(Default::default()));
            labels["app"] = Value::String((*label).to_string());
            Input::ApplyObjects { objects: vec![pod] }
        }
        Op::Node(kind, n) => {
            let name = node_name(*n);
            let effect = TaintEffect::ALL[usize::from(*n) % 3];
            Input::Node(match kind % 12 {
                0 | 1 => NodeOp::Add {
                    name: None,
                    template: sim_support::NODE_TEMPLATES[usize::from(*n) % 5],
                },
                2 => NodeOp::Remove { name },
                3 => NodeOp::Cordon { name },
                4 => NodeOp::Uncordon { name },
                5 => NodeOp::SetReady { name, ready: false },
                6 => NodeOp::SetReady { name, ready: true },
                7 => NodeOp::AddTaint {
                    name,
                    key: "dedicated".into(),
                    value: "x".into(),
                    effect,
                },
                8 => NodeOp::RemoveTaint {
                    name,
                    key: "dedicated".into(),
                    effect: None,
                },
                9 => NodeOp::SetLabel {
                    name,
                    key: "disk".into(),
                    value: "ssd".into(),
                },
                10 => NodeOp::SetLabel {
                    name,
                    key: "kubernetes.io/os".into(),
                    value: ["linux", "windows"][usize::from(*n) % 2].into(),
                },
                _ => NodeOp::RemoveLabel {
                    name,
                    key: ["disk", "kubernetes.io/os"][usize::from(*n) % 2].into(),
                },
            })
        }
        Op::FailPod(p) => {
            let (namespace, name) = pick(&pods, *p)?;
            Input::FailPod { namespace, name }
        }
        Op::SetPodReady(p, ready) => {
            let (namespace, name) = pick(&pods, *p)?;
            Input::SetPodReady {
                namespace,
                name,
                ready: *ready,
            }
        }
        Op::Rollback(d, r) => {
            let (namespace, name) = pick(&dss, *d)?;
            Input::Rollback {
                namespace,
                name,
                to_revision: [None, None, Some(1), Some(2)][usize::from(*r) % 4],
            }
        }
        Op::Delete(k, n) => {
            let (kind, pool) = match k % 3 {
                0 => (ObjectKind::Node, &nodes),
                1 => (ObjectKind::DaemonSet, &dss),
                _ => (ObjectKind::Pod, &pods),
            };
            let (namespace, name) = pick(pool, *n)?;
            Input::Delete {
                kind,
                namespace,
                name,
            }
        }
        Op::Advance(d) => Input::Advance(SimDuration::from_millis(
            ADVANCES_MS[usize::from(*d) % ADVANCES_MS.len()],
        )),
        Op::Settle(_) => return None,
    })
}

/// The object list without `resourceVersion`s.
fn objects(sim: &Simulation) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("resourceVersion");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut list = sim.object_list();
    strip(&mut list);
    list
}

/// The first objects that differ, for the failure message.
fn difference(a: &Value, b: &Value) -> String {
    let items = |v: &Value| v["items"].as_array().cloned().unwrap_or_default();
    let (a, b) = (items(a), items(b));
    let key = |o: &Value| {
        format!(
            "{}/{}/{}",
            o["kind"].as_str().unwrap_or_default(),
            o["metadata"]["namespace"].as_str().unwrap_or_default(),
            o["metadata"]["name"].as_str().unwrap_or_default()
        )
    };
    let mut out = format!("{} objects vs {}\n", a.len(), b.len());
    let mut shown = 0;
    for i in 0..a.len().max(b.len()) {
        if a.get(i) != b.get(i) {
            out += &format!(
                "incremental: {}\nfull resync: {}\n",
                a.get(i).map_or("-".into(), |o| format!("{} {o}", key(o))),
                b.get(i).map_or("-".into(), |o| format!("{} {o}", key(o))),
            );
            shown += 1;
            if shown == 3 {
                break;
            }
        }
    }
    out
}

/// What the page shows (nodes, pods, DaemonSets with their status, events) and each
/// DaemonSet's current revision: a cheap summary of the objects, compared after every input.
fn summary(sim: &Simulation) -> (ClusterView, Vec<Option<String>>) {
    let view = sim.view();
    let hashes = view
        .daemon_sets
        .iter()
        .map(|d| sim.current_revision_hash(&d.namespace, &d.name))
        .collect();
    (view, hashes)
}

/// Runs `ops` through an incremental and a full-resync simulation side by side: after every
/// input both give the same answer and the same [`summary`], and (when `every_input`, else
/// only after the last input) the same objects.
fn same_as_full_resync(seed: u64, ops: &[Op], every_input: bool) -> Result<(), TestCaseError> {
    let mut incremental = Simulation::with_default_cluster(seed);
    let mut full = Simulation::with_default_cluster(seed);
    full.set_full_resync(true);
    let mut view = incremental.view();
    for (k, op) in ops.iter().enumerate() {
        if let Op::Settle(s) = op {
            let limit = SimDuration::from_secs(SETTLE_LIMITS_S[usize::from(*s) % 3]);
            prop_assert_eq!(incremental.settle(limit), full.settle(limit));
        } else if let Some(input) = input_for(&incremental, &view, op) {
            let a = incremental.step(input.clone());
            let b = full.step(input.clone());
            prop_assert_eq!(a, b, "answers differ at input {} {:?}", k, input);
        }
        let (a, b) = (summary(&incremental), summary(&full));
        prop_assert!(
            a == b,
            "views differ after input {} {:?}:\n{:#?}\nvs\n{:#?}",
            k,
            op,
            a,
            b
        );
        view = a.0;
        if every_input || k + 1 == ops.len() || matches!(op, Op::RelabelPod(..)) {
            let (list, oracle) = (objects(&incremental), objects(&full));
            prop_assert!(
                list == oracle,
                "objects differ after input {} {:?}:\n{}",
                k,
                op,
                difference(&list, &oracle)
            );
        }
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("DSPLAY_ORACLE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn incremental_controller_matches_full_resync(
        seed in any::<u64>(),
        first in ds_gen(),
        ops in prop::collection::vec(op(), 0..10),
    ) {
        let mut all = vec![Op::ApplyDs(first)];
        all.extend(ops);
        // One case in 32 compares every object after every input.
        same_as_full_resync(seed, &all, seed % 32 == 0)?;
    }
}

/// The paths random small clusters rarely take: more nodes than `BurstReplicas` (creations
/// over several syncs, nodes waiting for a pod), a surge rollout then a rollout by
/// maxUnavailable, node churn during it, a failed pod and a rollback.
#[test]
fn large_rollout_matches_full_resync() {
    let ds = |image, strategy| {
        Op::ApplyDs(DsGen {
            name: 0,
            image,
            strategy,
            min_ready: 2,
            history: 1,
            toleration: 0,
            node_selector: 0,
            grace: 1,
            cpu: 0,
        })
    };
    let mut ops = vec![ds(0, 4)];
    ops.extend((0..260).map(|_| Op::Node(0, 0)));
    ops.push(Op::Settle(1));
    ops.push(ds(1, 3));
    ops.extend([
        Op::Advance(3),
        Op::Node(2, 7),
        Op::Node(7, 1),
        Op::Node(5, 9),
        Op::Advance(4),
        Op::FailPod(3),
        Op::Settle(1),
        Op::Rollback(0, 0),
        Op::Settle(1),
    ]);
    same_as_full_resync(11, &ops, false).unwrap();
}

/// Found by the oracle: with surge and `minReadySeconds`, a node with an old and a new pod
/// keeps both until the new pod is available; the incremental controller did not look at
/// that node again then (its status comes from the old pod, so no re-check was queued),
/// and left the old pod to the next `rollingUpdate`, in a different order of events.
#[test]
fn regression_surge_deletes_old_pod_when_new_pod_becomes_available() {
    let ds = |strategy, min_ready, toleration| {
        Op::ApplyDs(DsGen {
            name: 0,
            image: 0,
            strategy,
            min_ready,
            history: 0,
            toleration,
            node_selector: 0,
            grace: 0,
            cpu: 0,
        })
    };
    let ops = [
        ds(0, 0, 0),
        ds(0, 2, 0),
        Op::Advance(6),
        ds(4, 2, 4),
        Op::Advance(6),
    ];
    same_as_full_resync(0, &ops, true).unwrap();
}

/// Found by the oracle: the failed-pod back-off is keyed by `status.observedGeneration`. A
/// second failed pod on a node within the back-off is left; a template update then moves
/// `observedGeneration` on, so the next sync (here on an orphan pod's arrival) is free to
/// delete it, as upstream's full sync does. The incremental controller did not look at that
/// node again (nothing marked it dirty) and left the failed pod to a later change.
#[test]
fn regression_orphan_pod_after_failed_pods_and_unschedulable_update() {
    let ds = |cpu| {
        Op::ApplyDs(DsGen {
            name: 0,
            image: 0,
            strategy: 0,
            min_ready: 0,
            history: 0,
            toleration: 0,
            node_selector: 0,
            grace: 0,
            cpu,
        })
    };
    let ops = [
        ds(0),
        Op::FailPod(108),
        Op::FailPod(54),
        ds(2),
        Op::OrphanPod(0, 0, None),
    ];
    same_as_full_resync(0, &ops, true).unwrap();
}
