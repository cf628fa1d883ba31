//! Controller fuzzing: random [`Input`]s driven through [`Simulation::step`], including
//! manifests with absurd values everywhere a number, a quantity or a name goes (huge,
//! negative, zero, beyond `i64`, floats, percents like `999999%`), node operations on
//! existing and missing nodes, pod failures, rollbacks and deletes of random targets, and
//! time advances from zero to `u64::MAX`.
//!
//! Properties: nothing panics (the tests run in debug too, where arithmetic overflow
//! panics); every step returns after a bounded number of fired timers
//! ([`Simulation::set_timer_budget`]); the clock never moves backwards; the same seed and
//! inputs give the same cluster, and so does [`Simulation::replay`] of the logged inputs.
//! Every failure found is kept below as a `regression_*` test with its literal input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dsplay_core::clock::{SimDuration, SimTime};
use dsplay_core::sim::{Input, NodeOp, ObjectKind, Simulation, TaintEffect};
use dsplay_core::view::ClusterView;
use proptest::prelude::*;

mod sim_support;

/// Timers one step may fire in these tests (the default is far larger).
const BUDGET: u64 = 20_000;

/// Integers where the API wants one (and a few things it does not).
const INTS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "30",
    "60",
    "3600",
    "2147483647",
    "2147483648",
    "-2147483648",
    "-2147483649",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551615",
    "1e18",
    "1e400",
    "1.5",
    "-0",
    "0x7fffffff",
    ".inf",
    "null",
    "\"5\"",
];

/// `maxUnavailable` / `maxSurge`.
const INT_OR_PERCENT: &[&str] = &[
    "0",
    "1",
    "-1",
    "2147483647",
    "-2147483648",
    "9223372036854775807",
    "\"0%\"",
    "\"1%\"",
    "\"50%\"",
    "\"100%\"",
    "\"101%\"",
    "\"999999%\"",
    "\"2147483648%\"",
    "\"99999999999999999999%\"",
    "\"-5%\"",
    "\"%\"",
    "\"x\"",
    "null",
];

/// Resource quantities.
const QUANTITIES: &[&str] = &[
    "\"0\"",
    "\"1\"",
    "\"1e18\"",
    "\"1Ei\"",
    "\"8Ei\"",
    "\"9Ei\"",
    "\"1e19\"",
    "\"-1\"",
    "\"999999999999999999999999\"",
    "\"1m\"",
    "\"1n\"",
    "\"0.0001\"",
    "\"7.5Ei\"",
    "\"100Gi\"",
    "\"4\"",
    "\"\"",
    "1e400",
    "18446744073709551615",
];

fn long(c: char, n: usize) -> String {
    std::iter::repeat_n(c, n).collect()
}

/// Names for nodes, DaemonSets and pods: valid, at every length limit, and invalid.
fn names() -> Vec<String> {
    vec![
        "a".into(),
        "worker-1".into(),
        "control-plane".into(),
        "agent".into(),
        long('d', 58),
        long('d', 63),
        long('d', 64),
        format!("n-{}", long('x', 251)),
        format!("n-{}", long('x', 252)),
        "UPPER".into(),
        "with.dots".into(),
        String::new(),
    ]
}

/// Label values for `app`: short, at the 63-character limit, and one too long.
fn label_values() -> Vec<String> {
    vec!["agent".into(), long('v', 63), long('v', 64)]
}

fn tok(list: &[&str], i: u8) -> String {
    list[usize::from(i) % list.len()].to_string()
}

fn name_of(i: u8) -> String {
    let n = names();
    n[usize::from(i) % n.len()].clone()
}

fn label_of(i: u8) -> String {
    let l = label_values();
    l[usize::from(i) % l.len()].clone()
}

#[derive(Clone, Debug)]
struct DsGen {
    /// Only values validation accepts (extremes included), so the object gets in.
    sane: bool,
    name: u8,
    label: u8,
    selector_label: u8,
    min_ready: u8,
    history: u8,
    on_delete: bool,
    max_unavailable: u8,
    max_surge: u8,
    grace: u8,
    toleration_seconds: Option<u8>,
    no_execute_effect: bool,
    initial_delay: u8,
    cpu: u8,
    memory: u8,
    host_port: u8,
    node_selector: bool,
    image: u8,
}

fn ds_gen() -> impl Strategy<Value = DsGen> {
    (
        (
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<bool>(),
        ),
        (
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            proptest::option::of(any::<u8>()),
            any::<bool>(),
            any::<u8>(),
        ),
        (
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            any::<bool>(),
            0u8..3,
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (name, label, selector_label, min_ready, history, on_delete),
                (
                    max_unavailable,
                    max_surge,
                    grace,
                    toleration_seconds,
                    no_execute_effect,
                    initial_delay,
                ),
                (cpu, memory, host_port, node_selector, image, sane),
            )| DsGen {
                sane,
                name,
                label,
                selector_label,
                min_ready,
                history,
                on_delete,
                max_unavailable,
                max_surge,
                grace,
                toleration_seconds,
                no_execute_effect,
                initial_delay,
                cpu,
                memory,
                host_port,
                node_selector,
                image,
            },
        )
}

/// Integers valid for every integer field here (`>= 0`), extremes included.
const VALID_INTS: &[&str] = &["0", "1", "2", "30", "60", "3600", "2147483647"];

/// Valid `maxUnavailable` / `maxSurge` values (not every pair is valid).
const VALID_INT_OR_PERCENT: &[&str] = &["0", "1", "2147483647", "\"0%\"", "\"1%\"", "\"100%\""];

/// Valid quantities, extremes included.
const VALID_QUANTITIES: &[&str] = &[
    "\"0\"",
    "\"1m\"",
    "\"100Mi\"",
    "\"1e18\"",
    "\"1Ei\"",
    "\"8Ei\"",
];

/// An integer: from the valid extremes when `sane`, else from everything.
fn int_tok(sane: bool, i: u8) -> String {
    if sane {
        tok(VALID_INTS, i)
    } else {
        tok(INTS, i)
    }
}

fn pct_tok(sane: bool, i: u8) -> String {
    if sane {
        tok(VALID_INT_OR_PERCENT, i)
    } else {
        tok(INT_OR_PERCENT, i)
    }
}

fn qty_tok(sane: bool, i: u8) -> String {
    if sane {
        tok(VALID_QUANTITIES, i)
    } else {
        tok(QUANTITIES, i)
    }
}

fn ds_yaml(g: &DsGen) -> String {
    let sane = g.sane;
    let name = name_of(g.name % if sane { 6 } else { 12 });
    let label = label_of(g.label % if sane { 2 } else { 3 });
    // Usually the selector matches the template.
    let selector = if !sane && g.selector_label.is_multiple_of(8) {
        label_of(g.selector_label / 8)
    } else {
        label.clone()
    };
    let strategy = if g.on_delete {
        "{type: OnDelete}".to_string()
    } else {
        format!(
            "{{type: RollingUpdate, rollingUpdate: {{maxUnavailable: {}, maxSurge: {}}}}}",
            // Valid pairs when sane: exactly one of the two is non-zero.
            match (sane, g.max_surge.is_multiple_of(2)) {
                (true, true) => tok(
                    &["1", "2147483647", "\"1%\"", "\"100%\""],
                    g.max_unavailable
                ),
                (true, false) => "0".to_string(),
                (false, _) => pct_tok(false, g.max_unavailable),
            },
            match (sane, g.max_surge.is_multiple_of(2)) {
                (true, true) => "0".to_string(),
                (true, false) => tok(&["1", "2147483647", "\"1%\"", "\"100%\""], g.max_surge / 2),
                (false, _) => pct_tok(false, g.max_surge),
            }
        )
    };
    let toleration = match g.toleration_seconds {
        Some(s) => format!(
            "[{{key: dedicated, operator: Exists, effect: {}, tolerationSeconds: {}}}]",
            if g.no_execute_effect {
                "NoExecute"
            } else {
                "NoSchedule"
            },
            int_tok(sane, s)
        ),
        None => "[{operator: Exists}]".to_string(),
    };
    let node_selector = if g.node_selector {
        "{kubernetes.io/os: linux}"
    } else {
        "{}"
    };
    format!(
        "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {name:?}
  labels: {{app: {label:?}}}
spec:
  selector: {{matchLabels: {{app: {selector:?}}}}}
  minReadySeconds: {min_ready}
  revisionHistoryLimit: {history}
  updateStrategy: {strategy}
  template:
    metadata:
      labels: {{app: {label:?}}}
    spec:
      nodeSelector: {node_selector}
      terminationGracePeriodSeconds: {grace}
      tolerations: {toleration}
      containers:
      - name: c
        image: img:{image}
        readinessProbe: {{exec: {{command: [\"true\"]}}, initialDelaySeconds: {delay}}}
        resources: {{requests: {{cpu: {cpu}, memory: {memory}}}}}
        ports: [{{containerPort: 80, hostPort: {host_port}}}]
",
        min_ready = int_tok(sane, g.min_ready),
        history = int_tok(sane, g.history),
        grace = int_tok(sane, g.grace),
        delay = int_tok(sane, g.initial_delay),
        cpu = qty_tok(sane, g.cpu),
        memory = qty_tok(sane, g.memory),
        host_port = if sane {
            tok(&["65535", "1", "80", "0"], g.host_port)
        } else {
            tok(
                &["65535", "1", "80", "0", "65536", "-1", "9999999999"],
                g.host_port,
            )
        },
        image = g.image,
    )
}

#[derive(Clone, Debug)]
struct NodeGen {
    name: u8,
    with_status: bool,
    cpu: u8,
    memory: u8,
    pods: u8,
    taint: Option<(bool, bool)>,
    unschedulable: bool,
    ready: u8,
}

fn node_gen() -> impl Strategy<Value = NodeGen> {
    (
        any::<u8>(),
        any::<bool>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        proptest::option::of((any::<bool>(), any::<bool>())),
        any::<bool>(),
        0u8..3,
    )
        .prop_map(
            |(name, with_status, cpu, memory, pods, taint, unschedulable, ready)| NodeGen {
                name,
                with_status,
                cpu,
                memory,
                pods,
                taint,
                unschedulable,
                ready,
            },
        )
}

fn node_yaml(g: &NodeGen) -> String {
    let name = name_of(g.name);
    let taints = match g.taint {
        Some((no_execute, with_time)) => format!(
            "[{{key: dedicated, value: x, effect: {}{}}}]",
            if no_execute {
                "NoExecute"
            } else {
                "NoSchedule"
            },
            if with_time {
                ", timeAdded: \"2025-12-31T23:59:00Z\""
            } else {
                ""
            }
        ),
        None => "[]".to_string(),
    };
    let mut s = format!(
        "apiVersion: v1
kind: Node
metadata:
  name: {name:?}
  labels: {{kubernetes.io/os: linux, kubernetes.io/hostname: {name:?}}}
spec:
  unschedulable: {unschedulable}
  taints: {taints}
",
        unschedulable = g.unschedulable,
    );
    if g.with_status {
        let q = |i: u8| qty_tok(i.is_multiple_of(2), i / 2);
        s.push_str(&format!(
            "status:
  capacity: {{cpu: {cpu}, memory: {memory}, pods: {pods}}}
  allocatable: {{cpu: {cpu}, memory: {memory}, pods: {pods}}}
  conditions: [{{type: Ready, status: {ready}}}]
",
            cpu = q(g.cpu),
            memory = q(g.memory),
            pods = q(g.pods),
            ready = ["\"True\"", "\"False\"", "\"Unknown\""][usize::from(g.ready)],
        ));
    }
    s
}

#[derive(Clone, Debug)]
struct PodGen {
    name: u8,
    label: u8,
    node: Option<u8>,
    phase: u8,
    cpu: u8,
    host_port: u8,
    grace: u8,
}

fn pod_gen() -> impl Strategy<Value = PodGen> {
    (
        any::<u8>(),
        any::<u8>(),
        proptest::option::of(any::<u8>()),
        0u8..5,
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
    )
        .prop_map(|(name, label, node, phase, cpu, host_port, grace)| PodGen {
            name,
            label,
            node,
            phase,
            cpu,
            host_port,
            grace,
        })
}

fn pod_yaml(g: &PodGen) -> String {
    let node = g
        .node
        .map(|n| format!("  nodeName: {:?}\n", name_of(n)))
        .unwrap_or_default();
    let phase = ["", "Pending", "Running", "Failed", "Succeeded"][usize::from(g.phase)];
    let status = if phase.is_empty() {
        String::new()
    } else {
        format!("status: {{phase: {phase}}}\n")
    };
    format!(
        "apiVersion: v1
kind: Pod
metadata:
  name: {name:?}
  namespace: default
  labels: {{app: {label:?}}}
spec:
{node}  terminationGracePeriodSeconds: {grace}
  tolerations: [{{operator: Exists}}]
  containers:
  - name: c
    image: c
    resources: {{requests: {{cpu: {cpu}}}}}
    ports: [{{containerPort: 80, hostPort: {port}}}]
{status}",
        name = name_of(g.name),
        label = label_of(g.label),
        grace = int_tok(g.grace.is_multiple_of(2), g.grace / 2),
        cpu = qty_tok(g.cpu.is_multiple_of(2), g.cpu / 2),
        port = tok(&["65535", "80", "0"], g.host_port),
    )
}

const DURATIONS: &[u64] = &[
    0,
    1,
    999,
    1_000,
    2_000,
    60_000,
    3_600_000,
    86_400_000 * 400,
    u64::MAX / 2,
    u64::MAX - 1,
    u64::MAX,
];

const REVISIONS: &[i64] = &[0, 1, 2, 3, -1, i64::MAX, i64::MIN];

#[derive(Clone, Debug)]
enum Op {
    /// `kubectl apply` of a generated manifest (`objects: true`: through `ApplyObjects`,
    /// which skips the loader's validation).
    ApplyDs(DsGen, bool),
    ApplyNode(NodeGen, bool),
    ApplyPod(PodGen, bool),
    /// A node operation; `existing`: on a node that exists (else a name from the pool).
    Node(u8, u8, bool),
    FailPod(u8, bool),
    SetPodReady(u8, bool),
    Rollback(u8, u8),
    Delete(u8, u8),
    Advance(u8),
    Settle(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (ds_gen(), any::<bool>()).prop_map(|(g, o)| Op::ApplyDs(g, o)),
        2 => (node_gen(), any::<bool>()).prop_map(|(g, o)| Op::ApplyNode(g, o)),
        1 => (pod_gen(), any::<bool>()).prop_map(|(g, o)| Op::ApplyPod(g, o)),
        3 => (any::<u8>(), any::<u8>(), any::<bool>()).prop_map(|(k, n, e)| Op::Node(k, n, e)),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(p, e)| Op::FailPod(p, e)),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(p, r)| Op::SetPodReady(p, r)),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(d, r)| Op::Rollback(d, r)),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(k, n)| Op::Delete(k, n)),
        2 => any::<u8>().prop_map(Op::Advance),
        1 => any::<u8>().prop_map(Op::Settle),
    ]
}

fn pick(names: &[String], i: u8) -> Option<String> {
    (!names.is_empty()).then(|| names[usize::from(i) % names.len()].clone())
}

fn apply_input(text: String, objects: bool) -> Input {
    if objects {
        // The same object, given directly (no loader defaults or validation).
        match serde_yaml::from_str::<serde_json::Value>(&text) {
            Ok(v) => Input::ApplyObjects { objects: vec![v] },
            Err(_) => Input::Apply {
                file: "f.yaml".into(),
                text,
            },
        }
    } else {
        Input::Apply {
            file: "f.yaml".into(),
            text,
        }
    }
}

/// The input an operation stands for, given the cluster now (`None`: settle).
fn input_for(sim: &Simulation, op: &Op) -> Option<Input> {
    let v = sim.view();
    let nodes: Vec<String> = v.nodes.iter().map(|n| n.name.clone()).collect();
    let pods: Vec<String> = v
        .nodes
        .iter()
        .flat_map(|n| n.pods.iter())
        .chain(v.unplaced_pods.iter())
        .map(|p| p.name.clone())
        .collect();
    let dss: Vec<String> = v.daemon_sets.iter().map(|d| d.name.clone()).collect();
    Some(match op {
        Op::ApplyDs(g, o) => apply_input(ds_yaml(g), *o),
        Op::ApplyNode(g, o) => apply_input(node_yaml(g), *o),
        Op::ApplyPod(g, o) => apply_input(pod_yaml(g), *o),
        Op::Node(kind, n, existing) => {
            let name = if *existing {
                pick(&nodes, *n).unwrap_or_else(|| name_of(*n))
            } else {
                name_of(*n)
            };
            // `None`: any effect (removal), or NoSchedule (addition).
            let effects = [
                Some(TaintEffect::NoSchedule),
                Some(TaintEffect::NoExecute),
                Some(TaintEffect::PreferNoSchedule),
                None,
            ];
            let effect = effects[usize::from(*n) % effects.len()];
            Input::Node(match kind % 10 {
                0 => NodeOp::Add {
                    name: (n % 3 != 0).then_some(name),
                    template: sim_support::NODE_TEMPLATES[usize::from(*n) % 5],
                },
                1 => NodeOp::Remove { name },
                2 => NodeOp::Cordon { name },
                3 => NodeOp::Uncordon { name },
                4 => NodeOp::SetReady {
                    name,
                    ready: n.is_multiple_of(2),
                },
                5 => NodeOp::AddTaint {
                    name,
                    key: ["dedicated", "node.kubernetes.io/not-ready", "", "a/b/c"]
                        [usize::from(*n) % 4]
                        .into(),
                    value: label_of(*n),
                    effect: effect.unwrap_or(TaintEffect::NoSchedule),
                },
                6 => NodeOp::RemoveTaint {
                    name,
                    key: "dedicated".into(),
                    effect,
                },
                7 => NodeOp::SetLabel {
                    name,
                    key: ["kubernetes.io/os", "x", "", "bad key!"][usize::from(*n) % 4].into(),
                    value: label_of(*n),
                },
                8 => NodeOp::RemoveLabel {
                    name,
                    key: "kubernetes.io/os".into(),
                },
                _ => NodeOp::SetReady { name, ready: true },
            })
        }
        Op::FailPod(p, existing) => Input::FailPod {
            namespace: "default".into(),
            name: if *existing {
                pick(&pods, *p).unwrap_or_else(|| name_of(*p))
            } else {
                name_of(*p)
            },
        },
        Op::SetPodReady(p, ready) => Input::SetPodReady {
            namespace: ["default", "", "kube-system"][usize::from(*p) % 3].into(),
            name: pick(&pods, *p).unwrap_or_else(|| name_of(*p)),
            ready: *ready,
        },
        Op::Rollback(d, r) => Input::Rollback {
            namespace: "default".into(),
            name: pick(&dss, *d).unwrap_or_else(|| name_of(*d)),
            to_revision: (r % 8 != 0).then(|| REVISIONS[usize::from(*r) % REVISIONS.len()]),
        },
        Op::Delete(k, n) => {
            let kinds = [
                "node",
                "nodes",
                "no",
                "ds",
                "daemonset",
                "daemonsets.apps",
                "pod",
                "po",
                "pods",
                "DaemonSet",
            ];
            let kind = kinds[usize::from(*k) % kinds.len()];
            let pool = match kind {
                "node" | "nodes" | "no" => &nodes,
                "pod" | "po" | "pods" => &pods,
                _ => &dss,
            };
            Input::Delete {
                // Every name here is one kubectl takes (a kind it does not know is no
                // input: `saved_runs` checks it is refused when read).
                kind: ObjectKind::from_kubectl(kind).unwrap_or(ObjectKind::Pod),
                namespace: ["default", ""][usize::from(*k) % 2].into(),
                name: if n % 4 == 0 {
                    name_of(*n)
                } else {
                    pick(pool, *n).unwrap_or_else(|| name_of(*n))
                },
            }
        }
        Op::Advance(d) => Input::Advance(SimDuration(DURATIONS[usize::from(*d) % DURATIONS.len()])),
        Op::Settle(_) => return None,
    })
}

/// Runs the operations; checks after each step that the clock did not go back, that the
/// step stayed within its timer budget, that every projection renders, and that the
/// incremental view (`view_changes` applied step by step, as the page does) is the view,
/// `explain_node` the node's part of `explain_all`, and `events_about` the view's events
/// about those objects.
fn run(seed: u64, ops: &[Op]) -> Result<Simulation, TestCaseError> {
    let mut sim = Simulation::with_default_cluster(seed);
    sim.set_timer_budget(BUDGET);
    let mut incremental = ClusterView::default();
    incremental.apply_delta(sim.view_changes());
    for op in ops {
        let before = sim.now();
        let fired = sim.timers_fired();
        match input_for(&sim, op) {
            Some(input) => {
                let _ = sim.step(input);
            }
            None => {
                let Op::Settle(d) = op else { unreachable!() };
                let _ = sim.settle(SimDuration(DURATIONS[usize::from(*d) % DURATIONS.len()]));
            }
        }
        prop_assert!(
            sim.now() >= before,
            "clock went back: {:?} -> {:?}",
            before,
            sim.now()
        );
        prop_assert!(
            sim.timers_fired() - fired <= BUDGET,
            "{} timers in one step",
            sim.timers_fired() - fired
        );
        touch_everything(&sim);
        incremental.apply_delta(sim.view_changes());
        let full = sim.view();
        // Events are read apart, newest first (the page shows the newest few).
        incremental.events = sim.events_newest_first().collect();
        prop_assert_eq!(sim.events_len(), full.events.len());
        prop_assert!(
            incremental == full,
            "incremental view differs after {:?}:\n{:#?}\nvs\n{:#?}",
            op,
            incremental,
            full
        );
        let all = sim.explain_all();
        for n in &full.nodes {
            let mine: Vec<_> = all.iter().filter(|x| x.node == n.name).cloned().collect();
            prop_assert_eq!(sim.explain_node(&n.name), mine);
            let about: Vec<(&str, &str, &str)> = std::iter::once(("Node", "", n.name.as_str()))
                .chain(
                    n.pods
                        .iter()
                        .map(|p| ("Pod", p.namespace.as_str(), p.name.as_str())),
                )
                .collect();
            let expected: Vec<_> = full
                .events
                .iter()
                .filter(|e| {
                    e.object == format!("node/{}", n.name)
                        || n.pods.iter().any(|p| {
                            e.object == format!("pod/{}", p.name) && e.namespace == p.namespace
                        })
                })
                .take(7)
                .cloned()
                .collect();
            prop_assert_eq!(sim.events_about(&about, 7), expected);
        }
    }
    Ok(sim)
}

/// Every read-only projection the CLI and the app use.
fn touch_everything(sim: &Simulation) {
    let v = sim.view();
    let _ = sim.explain_all();
    let _ = sim.object_list();
    for d in &v.daemon_sets {
        let _ = sim.rollout_status(&d.namespace, &d.name);
        let _ = sim.daemon_set_object(&d.namespace, &d.name);
        let _ = sim.events_for("DaemonSet", &d.namespace, &d.name);
    }
    for n in &v.nodes {
        let _ = sim.node_object(&n.name);
        for p in &n.pods {
            let _ = sim.pod_object(&p.namespace, &p.name);
        }
    }
    let _ = SimTime(u64::MAX).rfc3339();
    let _ = sim.now().age_since(SimTime::ZERO);
}

fn same_cluster(seed: u64, ops: &[Op]) -> Result<(), TestCaseError> {
    let a = run(seed, ops)?;
    let b = run(seed, ops)?;
    prop_assert!(
        a.object_list() == b.object_list(),
        "same inputs, different clusters"
    );
    let inputs: Vec<Input> = a.inputs().iter().map(|(_, i)| i.clone()).collect();
    let mut c = Simulation::new(seed);
    c.set_timer_budget(BUDGET);
    for i in inputs {
        let _ = c.step(i);
    }
    prop_assert!(a.object_list() == c.object_list(), "replay differs");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, max_shrink_iters: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_inputs_never_panic_and_stay_bounded(seed in any::<u64>(), ops in prop::collection::vec(op(), 0..25)) {
        run(seed, &ops)?;
    }

    #[test]
    fn random_inputs_are_deterministic(seed in any::<u64>(), ops in prop::collection::vec(op(), 0..12)) {
        same_cluster(seed, &ops)?;
    }
}
