//! Runs saved by the page (`localStorage`, share links) before `Input` used enums for taint
//! effects and object kinds still load, replay to the same cluster, and save back unchanged.
//!
//! `data/saved_run.json` was written by the code before the change (`{"seed", "inputs"}`, the
//! page's `RunLog`): every `Input` variant and node operation, taint effects `NoSchedule`,
//! `PreferNoSchedule`, `NoExecute` and `""` (any effect), and deletes of a pod, a node and a
//! DaemonSet. The expected cluster below is what that code printed for it.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use dsplay_core::sim::{Input, NodeOp, ObjectKind, Simulation, TaintEffect};
use serde::{Deserialize, Serialize};

/// The page's saved run (`dsplay_app::state::RunLog`).
#[derive(Serialize, Deserialize)]
struct RunLog {
    seed: u64,
    inputs: Vec<Input>,
}

fn saved() -> (serde_json::Value, RunLog) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/saved_run.json"
    ))
    .unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    // As the page reads it: a JSON value first, then the run.
    let log = RunLog::deserialize(&value).unwrap();
    (value, log)
}

/// What the code before the change printed for the replayed run (events aside): kind/name,
/// taints, and where each pod runs.
const EXPECTED: &str = r#"Node/control-plane taints=[{"effect":"NoSchedule","key":"node-role.kubernetes.io/control-plane"}] node=null phase=null
Node/worker-1 taints=[{"effect":"NoSchedule","key":"gpu"}] node=null phase=null
Node/worker-2 taints=null node=null phase=null
Node/worker-3 taints=null node=null phase=null
DaemonSet/agent taints=null node=null phase=null
ControllerRevision/agent-54b4ff797 taints=null node=null phase=null
Pod/agent-84vrw taints=null node="worker-1" phase="Running"
Pod/agent-8d8rw taints=null node="worker-3" phase="Running"
Pod/agent-mpbvm taints=null node="worker-2" phase="Running"
"#;

#[test]
fn saved_run_replays_to_the_same_cluster() {
    let (_, log) = saved();
    let mut sim = Simulation::new(log.seed);
    for (i, input) in log.inputs.iter().enumerate() {
        // None was refused when the run was saved.
        if let Err(e) = sim.step(input.clone()) {
            panic!("input {i} ({input:?}) refused: {e}");
        }
    }
    let list = sim.object_list();
    let mut got = String::new();
    for o in list["items"].as_array().unwrap() {
        if o["kind"] == "Event" {
            continue;
        }
        got.push_str(&format!(
            "{}/{} taints={} node={} phase={}\n",
            o["kind"].as_str().unwrap(),
            o["metadata"]["name"].as_str().unwrap(),
            o["spec"]["taints"],
            o["spec"]["nodeName"],
            o["status"]["phase"],
        ));
    }
    assert_eq!(got, EXPECTED);
    assert_eq!(sim.events_newest_first().count(), 61);
}

#[test]
fn saved_run_decodes_to_typed_inputs() {
    let (_, log) = saved();
    let node = |i: usize| match &log.inputs[i] {
        Input::Node(op) => op.clone(),
        other => panic!("input {i}: {other:?}"),
    };
    assert_eq!(
        node(10),
        NodeOp::AddTaint {
            name: "worker-1".into(),
            key: "gpu".into(),
            value: String::new(),
            effect: TaintEffect::NoSchedule,
        }
    );
    assert_eq!(
        node(12),
        NodeOp::AddTaint {
            name: "worker-3".into(),
            key: "soft".into(),
            value: "x".into(),
            effect: TaintEffect::PreferNoSchedule,
        }
    );
    assert_eq!(
        node(14),
        NodeOp::RemoveTaint {
            name: "worker-2".into(),
            key: "dedicated".into(),
            effect: Some(TaintEffect::NoExecute),
        }
    );
    assert_eq!(
        node(15),
        NodeOp::RemoveTaint {
            name: "worker-3".into(),
            key: "soft".into(),
            effect: None,
        }
    );
    let kinds: Vec<ObjectKind> = log
        .inputs
        .iter()
        .filter_map(|i| match i {
            Input::Delete { kind, .. } => Some(*kind),
            _ => None,
        })
        .collect();
    assert_eq!(
        kinds,
        [ObjectKind::Pod, ObjectKind::Node, ObjectKind::DaemonSet]
    );
}

#[test]
fn saved_run_saves_back_unchanged() {
    let (value, log) = saved();
    assert_eq!(serde_json::to_value(&log).unwrap(), value);
}

#[test]
fn delete_reads_every_kubectl_name_and_refuses_others() {
    let read = |kind: &str| {
        serde_json::from_value::<Input>(serde_json::json!(
            {"Delete": {"kind": kind, "namespace": "", "name": "x"}}
        ))
        .map(|i| match i {
            Input::Delete { kind, .. } => kind,
            other => panic!("{other:?}"),
        })
    };
    for (name, want) in [
        ("node", ObjectKind::Node),
        ("nodes", ObjectKind::Node),
        ("no", ObjectKind::Node),
        ("ds", ObjectKind::DaemonSet),
        ("DaemonSet", ObjectKind::DaemonSet),
        ("daemonsets.apps", ObjectKind::DaemonSet),
        ("po", ObjectKind::Pod),
        ("pods", ObjectKind::Pod),
    ] {
        assert_eq!(read(name).unwrap(), want, "{name}");
    }
    let e = read("widget").unwrap_err().to_string();
    assert!(
        e.contains("the server doesn't have a resource type \"widget\""),
        "{e}"
    );
    let effect = serde_json::from_value::<Input>(serde_json::json!(
        {"Node": {"AddTaint": {"name": "n", "key": "k", "value": "", "effect": "Sometimes"}}}
    ));
    assert!(effect.is_err());
}
