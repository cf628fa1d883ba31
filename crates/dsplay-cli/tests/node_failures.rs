//! `notready:` and `lose:` on the command line: the node lifecycle controller's conditions
//! and taints as `kubectl get nodes -o yaml` would show them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic

use serde_json::Value;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_dsplay");
const DIR: &str = env!("CARGO_MANIFEST_DIR");

fn items(args: &[&str]) -> Vec<Value> {
    let out = Command::new(BIN)
        .current_dir(DIR)
        .args(args)
        .output()
        .expect("run dsplay");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list["items"].as_array().unwrap().clone()
}

fn node<'a>(items: &'a [Value], name: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["kind"] == "Node" && i["metadata"]["name"] == name)
        .unwrap()
}

fn ready_condition(node: &Value) -> (String, String) {
    let c = node["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Ready")
        .unwrap();
    (
        c["status"].as_str().unwrap().to_string(),
        c["reason"].as_str().unwrap().to_string(),
    )
}

fn taints(node: &Value) -> Vec<String> {
    node["spec"]["taints"]
        .as_array()
        .map(|ts| {
            ts.iter()
                .map(|t| {
                    format!(
                        "{}:{}",
                        t["key"].as_str().unwrap(),
                        t["effect"].as_str().unwrap()
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn lose_turns_every_condition_unknown_after_the_grace_period() {
    let items = items(&[
        "simulate",
        "--default-cluster",
        "tests/data/fluentd.yaml",
        "lose:worker-1",
        "notready:worker-2",
        "wait:50s",
        "-o",
        "json",
    ]);
    let lost = node(&items, "worker-1");
    assert_eq!(
        ready_condition(lost),
        ("Unknown".to_string(), "NodeStatusUnknown".to_string())
    );
    assert_eq!(
        taints(lost),
        [
            "node.kubernetes.io/unreachable:NoSchedule",
            "node.kubernetes.io/unreachable:NoExecute"
        ]
    );
    let not_ready = node(&items, "worker-2");
    assert_eq!(
        ready_condition(not_ready),
        ("False".to_string(), "KubeletNotReady".to_string())
    );
    assert_eq!(
        taints(not_ready),
        [
            "node.kubernetes.io/not-ready:NoSchedule",
            "node.kubernetes.io/not-ready:NoExecute"
        ]
    );
}

#[test]
fn ready_brings_a_lost_node_back() {
    let items = items(&[
        "simulate",
        "--default-cluster",
        "tests/data/fluentd.yaml",
        "lose:worker-1",
        "wait:2m",
        "ready:worker-1",
        "-o",
        "json",
    ]);
    let n = node(&items, "worker-1");
    assert_eq!(
        ready_condition(n),
        ("True".to_string(), "KubeletReady".to_string())
    );
    assert!(taints(n).is_empty());
}
