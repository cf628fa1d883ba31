//! Golden-output and behaviour tests of the `dsplay` binary over `tests/data`.
//!
//! Golden files live in `tests/golden`. After a deliberate change, refresh them with
//! `DSPLAY_BLESS=1 cargo test -p dsplay-cli --test cli` and READ the diff before
//! committing: they must stay what Kubernetes would show. Every golden test also
//! asserts the content (pods per node, status numbers, error lines), so a wrong
//! golden file cannot hide a wrong result.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;
use common::golden;

const BIN: &str = env!("CARGO_BIN_EXE_dsplay");
const DIR: &str = env!("CARGO_MANIFEST_DIR");

/// What one run printed.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn dsplay(args: &[&str]) -> Run {
    dsplay_with_stdin(args, "")
}

fn dsplay_with_stdin(args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(BIN)
        .current_dir(DIR)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dsplay");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn list_items(yaml: &str) -> Vec<Value> {
    let list: Value = serde_yaml::from_str(yaml).expect("stdout is one YAML document");
    assert_eq!(list["apiVersion"], "v1");
    assert_eq!(list["kind"], "List");
    list["items"].as_array().expect("items").clone()
}

fn of_kind<'a>(items: &'a [Value], kind: &str) -> Vec<&'a Value> {
    items.iter().filter(|i| i["kind"] == kind).collect()
}

fn named<'a>(items: &'a [Value], kind: &str, name: &str) -> Option<&'a Value> {
    of_kind(items, kind)
        .into_iter()
        .find(|i| i["metadata"]["name"] == name)
}

/// The DaemonSet's pods (by controller ownerReference), counted by `spec.nodeName`.
fn pods_per_node(items: &[Value], ds: &str) -> BTreeMap<String, usize> {
    let mut per_node = BTreeMap::new();
    for pod in of_kind(items, "Pod") {
        let owned = pod["metadata"]["ownerReferences"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|o| o["kind"] == "DaemonSet" && o["name"] == ds && o["controller"] == true);
        if owned {
            let node = pod["spec"]["nodeName"].as_str().unwrap_or("<none>");
            *per_node.entry(node.to_string()).or_insert(0) += 1;
        }
    }
    per_node
}

fn nodes(names: &[&str]) -> BTreeMap<String, usize> {
    names.iter().map(|n| (n.to_string(), 1)).collect()
}

fn pod_names(items: &[Value]) -> BTreeSet<String> {
    of_kind(items, "Pod")
        .iter()
        .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
        .collect()
}

const NODES: &str = "tests/data/nodes.yaml";
const FLUENTD: &str = "tests/data/fluentd.yaml";
const SSD: &str = "tests/data/ssd-monitor.yaml";
const EXPORTER: &str = "tests/data/node-exporter.yaml";
const INVALID: &str = "tests/data/invalid.yaml";

#[test]
fn plain_daemon_set_runs_on_every_worker_not_on_the_tainted_control_plane() {
    let run = dsplay(&["simulate", "--seed", "1", NODES, FLUENTD]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(
        run.stderr.contains("node/worker-1 created"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("daemonset.apps/fluentd created"),
        "{}",
        run.stderr
    );
    let items = list_items(&run.stdout);
    assert_eq!(
        pods_per_node(&items, "fluentd"),
        nodes(&["worker-1", "worker-2", "worker-3"])
    );
    for pod in of_kind(&items, "Pod") {
        assert_eq!(pod["status"]["phase"], "Running", "{pod}");
    }
    let ds = named(&items, "DaemonSet", "fluentd").expect("the DaemonSet is listed");
    assert_eq!(ds["status"]["desiredNumberScheduled"], 3);
    assert_eq!(ds["status"]["currentNumberScheduled"], 3);
    assert_eq!(ds["status"]["numberReady"], 3);
    assert_eq!(ds["status"]["numberMisscheduled"], 0);
    assert_eq!(of_kind(&items, "Node").len(), 4);
    golden("plain.yaml", &run.stdout);
}

#[test]
fn json_output_is_the_same_list_with_four_space_indent() {
    let yaml = dsplay(&["simulate", "--seed", "1", NODES, FLUENTD]);
    let json = dsplay(&["simulate", "--seed", "1", "-o", "json", NODES, FLUENTD]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    assert!(
        json.stdout.starts_with("{\n    \"apiVersion\": \"v1\",\n"),
        "{}",
        json.stdout
    );
    let from_json: Value = serde_json::from_str(&json.stdout).unwrap();
    let from_yaml: Value = serde_yaml::from_str(&yaml.stdout).unwrap();
    assert_eq!(from_json, from_yaml);
}

#[test]
fn node_selector_limits_pods_to_matching_nodes() {
    let run = dsplay(&["simulate", NODES, SSD]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let items = list_items(&run.stdout);
    assert_eq!(
        pods_per_node(&items, "ssd-monitor"),
        nodes(&["worker-1", "worker-2"])
    );
    let ds = named(&items, "DaemonSet", "ssd-monitor").unwrap();
    assert_eq!(ds["status"]["desiredNumberScheduled"], 2);
}

#[test]
fn toleration_of_every_taint_puts_a_pod_on_the_control_plane_too() {
    let run = dsplay(&["simulate", NODES, EXPORTER]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let items = list_items(&run.stdout);
    assert_eq!(
        pods_per_node(&items, "node-exporter"),
        nodes(&["control-plane", "worker-1", "worker-2", "worker-3"])
    );
    for pod in of_kind(&items, "Pod") {
        assert_eq!(pod["metadata"]["namespace"], "monitoring");
    }
}

#[test]
fn invalid_object_is_reported_with_its_location_and_the_rest_still_applies() {
    let run = dsplay(&["simulate", "--seed", "1", NODES, INVALID]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with(INVALID))
        .collect();
    assert_eq!(errors.len(), 1, "stderr: {}", run.stderr);
    // FILE:LINE:COL: Kind/name: message, pointing into the first document (lines 3-17).
    let rest = &errors[0][INVALID.len()..];
    let mut parts = rest.splitn(4, ':');
    assert_eq!(parts.next(), Some(""));
    let line: u32 = parts.next().unwrap().parse().expect("line number");
    let col: u32 = parts.next().unwrap().parse().expect("column number");
    assert!((3..=17).contains(&line) && col >= 1, "{}", errors[0]);
    let message = parts.next().unwrap();
    assert!(message.starts_with(" DaemonSet/broken: "), "{}", errors[0]);
    assert!(message.contains("selector"), "{}", errors[0]);
    assert!(
        run.stderr.contains("daemonset.apps/good created"),
        "{}",
        run.stderr
    );

    let items = list_items(&run.stdout);
    assert!(named(&items, "DaemonSet", "broken").is_none());
    assert_eq!(
        pods_per_node(&items, "good"),
        nodes(&["worker-1", "worker-2", "worker-3"])
    );
    golden("invalid.stderr", &run.stderr);
}

#[test]
fn usage_errors_exit_2_with_a_message_and_short_usage() {
    for args in [
        &["simulate", "--frobnicate", NODES][..],
        &["simulate"],
        &[],
        &["simulate", "tests/data/no-such-file.yaml"],
        &["simulate", NODES, "taint:worker-1:k=v:Sometimes"],
        &["simulate", "-o", "table", NODES],
        &["explain", "--watch", NODES],
    ] {
        let run = dsplay(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
        assert!(
            run.stderr.starts_with("dsplay: error: "),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("Usage: dsplay simulate"), "{args:?}");
    }
    let run = dsplay(&["simulate", "tests/data/no-such-file.yaml"]);
    assert!(
        run.stderr
            .contains("cannot read tests/data/no-such-file.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_and_version() {
    let run = dsplay(&["--help"]);
    assert_eq!(run.code, 0);
    assert!(run
        .stdout
        .contains("Usage: dsplay simulate [OPTIONS] STEP..."));
    assert!(run.stdout.contains("delete:KIND/NAME"));
    assert!(run.stderr.is_empty());
    let run = dsplay(&["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("dsplay {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn delete_node_step_removes_its_pod() {
    let run = dsplay(&["simulate", NODES, FLUENTD, "delete:node/worker-2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("node \"worker-2\" deleted"),
        "{}",
        run.stderr
    );
    let items = list_items(&run.stdout);
    assert!(named(&items, "Node", "worker-2").is_none());
    assert_eq!(
        pods_per_node(&items, "fluentd"),
        nodes(&["worker-1", "worker-3"])
    );
    let ds = named(&items, "DaemonSet", "fluentd").unwrap();
    assert_eq!(ds["status"]["desiredNumberScheduled"], 2);
}

#[test]
fn node_operation_steps() {
    // A NoExecute taint evicts the untolerating pod; a new label makes a node eligible;
    // cordoning does not touch daemon pods (they tolerate unschedulable).
    let run = dsplay(&[
        "simulate",
        NODES,
        FLUENTD,
        SSD,
        "taint:worker-3:dedicated=db:NoExecute",
        "label:worker-3:disktype=ssd",
        "cordon:worker-1",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "node/worker-3 tainted",
        "node/worker-3 labeled",
        "node/worker-1 cordoned",
    ] {
        assert!(run.stderr.contains(line), "{line}: {}", run.stderr);
    }
    let items = list_items(&run.stdout);
    assert_eq!(
        pods_per_node(&items, "fluentd"),
        nodes(&["worker-1", "worker-2"])
    );
    // worker-3 now has disktype=ssd but also the untolerated NoExecute taint.
    assert_eq!(
        pods_per_node(&items, "ssd-monitor"),
        nodes(&["worker-1", "worker-2"])
    );
    let w1 = named(&items, "Node", "worker-1").unwrap();
    assert_eq!(w1["spec"]["unschedulable"], true);

    let run = dsplay(&[
        "simulate",
        NODES,
        FLUENTD,
        "taint:worker-3:dedicated=db:NoExecute",
        "untaint:worker-3:dedicated",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        pods_per_node(&list_items(&run.stdout), "fluentd"),
        nodes(&["worker-1", "worker-2", "worker-3"])
    );
}

#[test]
fn refused_step_exits_1_and_the_rest_still_runs() {
    let run = dsplay(&["simulate", NODES, "cordon:worker-9", FLUENTD]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("error: cordon:worker-9: ") && l.contains("worker-9")),
        "{}",
        run.stderr
    );
    let items = list_items(&run.stdout);
    assert_eq!(pods_per_node(&items, "fluentd").len(), 3);
}

#[test]
fn default_cluster_and_add_node() {
    let run = dsplay(&["simulate", "--default-cluster", FLUENTD, "add-node:worker"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("node/worker-4 created"),
        "{}",
        run.stderr
    );
    let items = list_items(&run.stdout);
    assert_eq!(
        pods_per_node(&items, "fluentd"),
        nodes(&["worker-1", "worker-2", "worker-3", "worker-4"])
    );
    assert!(named(&items, "Node", "control-plane").is_some());
    // The same through the step spelling.
    let step = dsplay(&["simulate", "default-cluster", FLUENTD, "add-node:worker"]);
    assert_eq!(step.stdout, run.stdout);
}

#[test]
fn manifest_from_stdin_and_quiet() {
    let text = std::fs::read_to_string(Path::new(DIR).join(FLUENTD)).unwrap();
    let run = dsplay_with_stdin(&["simulate", "-q", NODES, "-"], &text);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(pods_per_node(&list_items(&run.stdout), "fluentd").len(), 3);
}

/// Each error and warning is its `FILE:LINE:COL: …` line, then the source line with a caret
/// under the column (a tab shown as four spaces, the caret under the tab's place).
#[test]
fn errors_and_warnings_show_their_source_line_and_a_caret() {
    let text = "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  name: n1\n---\napiVersion: v1\nkind: Node\nmetadata:\n\tname: n2\n";
    let run = dsplay_with_stdin(&["simulate", "-q", "-"], text);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "STDIN:10:1: error converting YAML to JSON: yaml: line 10: found character that cannot start any token\n\
         10 |     name: n2\n\
         \x20  | ^\n\
         STDIN:5:3: Node/n1: warning: duplicate field \"metadata.name\": the last value is used (kubectl keeps it silently)\n\
         5 |   name: n1\n\
         \x20 |   ^\n"
    );
}

/// Splits a kubectl table into rows of cells (cells never contain 2 spaces in a row).
fn table_rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .map(|l| {
            l.split("   ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect()
        })
        .collect()
}

#[test]
fn wide_output_prints_kubectl_tables() {
    let run = dsplay(&[
        "simulate", "--seed", "1", "-o", "wide", NODES, FLUENTD, SSD, EXPORTER,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tables: Vec<&str> = run.stdout.split("\n\n").collect();
    assert_eq!(tables.len(), 4, "{}", run.stdout);
    let nodes_t = table_rows(tables[0]);
    assert_eq!(nodes_t[0], ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]);
    assert_eq!(nodes_t[1][..3], ["control-plane", "Ready", "control-plane"]);

    // Two namespaces (default, monitoring): NAMESPACE comes first, as with -A.
    let ds = table_rows(tables[1]);
    assert_eq!(
        ds[0],
        [
            "NAMESPACE",
            "NAME",
            "DESIRED",
            "CURRENT",
            "READY",
            "UP-TO-DATE",
            "AVAILABLE",
            "NODE SELECTOR",
            "AGE"
        ]
    );
    let row = |name: &str| ds.iter().find(|r| r[1] == name).unwrap().clone();
    assert_eq!(
        row("fluentd")[..8],
        ["default", "fluentd", "3", "3", "3", "3", "3", "<none>"]
    );
    assert_eq!(
        row("ssd-monitor")[..8],
        [
            "default",
            "ssd-monitor",
            "2",
            "2",
            "2",
            "2",
            "2",
            "disktype=ssd"
        ]
    );
    assert_eq!(
        row("node-exporter")[..8],
        [
            "monitoring",
            "node-exporter",
            "4",
            "4",
            "4",
            "4",
            "4",
            "<none>"
        ]
    );

    let pods = table_rows(tables[2]);
    assert_eq!(
        pods[0],
        [
            "NAMESPACE",
            "NAME",
            "READY",
            "STATUS",
            "RESTARTS",
            "AGE",
            "IP",
            "NODE",
            "NOMINATED NODE",
            "READINESS GATES"
        ]
    );
    assert_eq!(pods.len(), 1 + 3 + 2 + 4);
    for p in &pods[1..] {
        assert_eq!(p[2..5], ["1/1", "Running", "0"], "{p:?}");
        assert_eq!(p[8..], ["<none>", "<none>"], "{p:?}");
    }
    let events = table_rows(tables[3]);
    assert_eq!(
        events[0],
        [
            "NAMESPACE",
            "LAST SEEN",
            "TYPE",
            "REASON",
            "OBJECT",
            "MESSAGE"
        ]
    );
    let creates = events
        .iter()
        .filter(|e| e.get(3).map(String::as_str) == Some("SuccessfulCreate"))
        .count();
    assert_eq!(creates, 9, "{}", tables[3]);
    golden("wide.txt", &run.stdout);
}

#[test]
fn watch_prints_one_watch_event_per_line() {
    let run = dsplay(&["simulate", "--watch", NODES, FLUENTD]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut last_time = String::new();
    let mut added_pods = BTreeSet::new();
    let mut count = 0;
    for line in run.stdout.lines() {
        assert!(line.starts_with("{\"type\":"), "{line}");
        let ev: Value = serde_json::from_str(line).unwrap();
        let obj = ev.as_object().unwrap();
        assert_eq!(obj.len(), 3, "{line}");
        let t = ev["type"].as_str().unwrap();
        assert!(["ADDED", "MODIFIED", "DELETED"].contains(&t), "{line}");
        assert!(ev["object"]["kind"].is_string(), "{line}");
        assert!(ev["object"]["metadata"]["name"].is_string(), "{line}");
        let time = ev["time"].as_str().unwrap().to_string();
        assert!(time.starts_with("2026-") && time.ends_with('Z'), "{time}");
        assert!(time >= last_time, "time went back: {time} < {last_time}");
        last_time = time;
        if t == "ADDED" && ev["object"]["kind"] == "Pod" {
            added_pods.insert(
                ev["object"]["metadata"]["name"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
        }
        count += 1;
    }
    assert_eq!(added_pods.len(), 3, "{}", run.stdout);
    assert!(count > 3 + 4 + 1, "only {count} events");
    let modified_pod_running = run.stdout.lines().any(|l| {
        let ev: Value = serde_json::from_str(l).unwrap();
        ev["type"] == "MODIFIED"
            && ev["object"]["kind"] == "Pod"
            && ev["object"]["status"]["phase"] == "Running"
    });
    assert!(modified_pod_running, "no pod ever became Running");
}

#[test]
fn watch_starts_with_the_default_cluster_as_added() {
    let run = dsplay(&["simulate", "-w", "--default-cluster"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let nodes: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["type"] == "ADDED" && e["object"]["kind"] == "Node")
        .collect();
    assert_eq!(nodes.len(), 4, "{}", run.stdout);
}

#[test]
fn explain_names_the_control_plane_taint() {
    let run = dsplay(&["explain", "--seed", "1", NODES, FLUENTD]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let section: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("  node control-plane:"))
        .take_while(|l| !l.starts_with("  node worker-1"))
        .collect();
    assert!(
        section
            .first()
            // An untolerated NoSchedule taint: no new pod, but shouldContinueRunning.
            .is_some_and(|l| l.ends_with("no new daemon pod, but a running one may stay")),
        "{}",
        run.stdout
    );
    assert!(
        section
            .iter()
            .any(|l| l.contains("[FAIL]") && l.contains("node-role.kubernetes.io/control-plane")),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("  node worker-1: a daemon pod should run here"));
    assert!(run
        .stdout
        .starts_with("DaemonSet default/fluentd: a daemon pod should run on 3 of 4 nodes\n"));
    golden("explain.txt", &run.stdout);

    let json = dsplay(&["explain", "-o", "json", NODES, FLUENTD]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let pairs: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(pairs.len(), 4);
    for p in &pairs {
        let should_run = p["explanation"]["should_run"].as_bool().unwrap();
        assert_eq!(should_run, p["node"] != "control-plane", "{p}");
        assert_eq!(
            p["pods"].as_array().unwrap().len(),
            usize::from(should_run),
            "{p}"
        );
    }
}

#[test]
fn same_seed_same_bytes_other_seed_other_names() {
    let args = |seed: &'static str| {
        [
            "simulate",
            "--seed",
            seed,
            NODES,
            FLUENTD,
            EXPORTER,
            "delete:node/worker-1",
        ]
    };
    let a = dsplay(&args("7"));
    let b = dsplay(&args("7"));
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert!(a.stdout == b.stdout, "same seed, different output");
    assert_eq!(a.stderr, b.stderr);
    let c = dsplay(&args("8"));
    let (names_a, names_c) = (
        pod_names(&list_items(&a.stdout)),
        pod_names(&list_items(&c.stdout)),
    );
    assert_eq!(names_a.len(), 5);
    assert_eq!(names_c.len(), 5);
    assert_ne!(names_a, names_c, "different seeds gave the same pod names");

    let w1 = dsplay(&["simulate", "--seed", "3", "--watch", NODES, FLUENTD]);
    let w2 = dsplay(&["simulate", "--seed", "3", "--watch", NODES, FLUENTD]);
    assert!(w1.stdout == w2.stdout, "same seed, different watch output");
}

#[test]
fn wait_step_advances_simulated_time() {
    let run = dsplay(&["simulate", "-o", "wide", NODES, "wait:90m"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let nodes_t = table_rows(&run.stdout);
    // Nodes were created at the start; 90 minutes later (and a little settling) they are 90m old.
    let age = &nodes_t[1][3];
    assert!(age == "90m" || age == "91m", "{}", run.stdout);
}

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ));
    if dir.is_dir() {
        return Some(dir);
    }
    assert_ne!(
        std::env::var("CI").as_deref(),
        Ok("true"),
        "corpus missing at {}",
        dir.display()
    );
    eprintln!("skipping: corpus not found at {}", dir.display());
    None
}

#[test]
fn real_corpus_manifest_runs_on_the_default_cluster() {
    let Some(dir) = corpus() else { return };
    let file = dir.join("daemonsets/fluentd--fluentd-daemonset-syslog.yaml");
    let run = dsplay(&["simulate", "--default-cluster", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("daemonset.apps/fluentd created"),
        "{}",
        run.stderr
    );
    let items = list_items(&run.stdout);
    // It tolerates node-role.kubernetes.io/control-plane:NoSchedule: one pod on every node.
    assert_eq!(
        pods_per_node(&items, "fluentd"),
        nodes(&["control-plane", "worker-1", "worker-2", "worker-3"])
    );
    for pod in of_kind(&items, "Pod") {
        assert_eq!(pod["metadata"]["namespace"], "kube-system");
    }
}

fn images(items: &[Value]) -> BTreeSet<String> {
    of_kind(items, "Pod")
        .iter()
        .map(|p| {
            p["spec"]["containers"][0]["image"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn rolling_update_then_undo() {
    const V2: &str = "tests/data/fluentd-v2.yaml";
    let run = dsplay(&["simulate", NODES, FLUENTD, V2]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("daemonset.apps/fluentd configured"),
        "{}",
        run.stderr
    );
    let items = list_items(&run.stdout);
    assert_eq!(
        images(&items),
        BTreeSet::from(["fluent/fluentd:v1.17".to_string()])
    );
    assert_eq!(pods_per_node(&items, "fluentd").len(), 3);
    assert_eq!(of_kind(&items, "ControllerRevision").len(), 2);
    let ds = named(&items, "DaemonSet", "fluentd").unwrap();
    assert_eq!(ds["metadata"]["generation"], 2);
    assert_eq!(ds["status"]["updatedNumberScheduled"], 3);

    let run = dsplay(&["simulate", NODES, FLUENTD, V2, "undo:ds/fluentd"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("daemonset.apps/fluentd rolled back"),
        "{}",
        run.stderr
    );
    let items = list_items(&run.stdout);
    assert_eq!(
        images(&items),
        BTreeSet::from(["fluent/fluentd:v1.16".to_string()])
    );
    assert_eq!(pods_per_node(&items, "fluentd").len(), 3);
}

#[test]
fn failed_pod_is_replaced() {
    let before = list_items(&dsplay(&["simulate", "--seed", "5", NODES, FLUENTD]).stdout);
    let victim = of_kind(&before, "Pod")
        .into_iter()
        .find(|p| p["spec"]["nodeName"] == "worker-1")
        .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
        .unwrap();
    let step = format!("fail:pod/{victim}");
    let run = dsplay(&["simulate", "--seed", "5", NODES, FLUENTD, &step]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let items = list_items(&run.stdout);
    assert!(named(&items, "Pod", &victim).is_none());
    assert_eq!(
        pods_per_node(&items, "fluentd"),
        nodes(&["worker-1", "worker-2", "worker-3"])
    );
    let failed_event = of_kind(&items, "Event").into_iter().any(|e| {
        e["reason"] == "FailedDaemonPod"
            && e["type"] == "Warning"
            && e["message"].as_str().unwrap().contains(&victim)
    });
    assert!(failed_event, "no FailedDaemonPod event for {victim}");
}

/// `-o wide` on real manifests and nodes in many states (NotReady, Unknown, cordoned, lost,
/// evicting): the golden file was written by the tables' first implementation (reading each
/// object's `serde_json::Value`), so the tables written row by row from the typed objects
/// are byte for byte what that gave.
#[test]
fn corpus_wide_tables_are_unchanged() {
    let Some(dir) = corpus() else { return };
    let mut nodes: Vec<PathBuf> = std::fs::read_dir(dir.join("nodes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    nodes.sort();
    let daemon_sets = [
        "antrea--antrea.yaml",
        "calico--calico.yaml",
        "nvidia--nvidia-device-plugin.yaml",
        "sig-windows-tools--kube-proxy-windows-hostprocess.yaml",
        "fluentd--fluentd-daemonset-syslog.yaml",
        "kubernetes-website--fluentd-daemonset-update.yaml",
    ]
    .map(|f| dir.join("daemonsets").join(f));
    let mut args = vec!["simulate", "-q", "--default-cluster", "-o", "wide"];
    args.extend(
        nodes
            .iter()
            .chain(&daemon_sets)
            .map(|p| p.to_str().unwrap()),
    );
    args.extend([
        "add-node:gpu-worker",
        "add-node:windows-worker",
        "wait:2m",
        "taint:worker-1:dedicated=x:NoExecute",
        "cordon:worker-2",
        "lose:worker-3",
        "notready:gpu-worker-1",
        "wait:30s",
    ]);
    let run = dsplay(&args);
    // Two corpus nodes set resourceVersion: refused, located; the rest applies.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("Ready,SchedulingDisabled"),
        "{}",
        run.stdout
    );
    golden("corpus-wide.txt", &run.stdout);
}

#[test]
fn legacy_corpus_manifest_is_rejected_with_a_location_the_rest_applies() {
    let Some(dir) = corpus() else { return };
    let file = dir.join("daemonsets/flannel--kube-flannel-v0.11.0-legacy-extensions-v1beta1.yaml");
    let path = file.to_str().unwrap();
    let run = dsplay(&["simulate", "--default-cluster", path]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // extensions/v1beta1 DaemonSets are gone from the API: kubectl's "resource mapping not found".
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| {
            l.strip_prefix(path)
                .and_then(|r| r.strip_prefix(':'))
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })
        .collect();
    assert!(!errors.is_empty(), "{}", run.stderr);
    for e in &errors {
        let rest = &e[path.len()..];
        let mut parts = rest.splitn(4, ':');
        assert_eq!(parts.next(), Some(""), "{e}");
        assert!(parts.next().unwrap().parse::<u32>().is_ok(), "{e}");
        assert!(parts.next().unwrap().parse::<u32>().is_ok(), "{e}");
        let message = parts.next().unwrap();
        // The DaemonSets, and the rbac.authorization.k8s.io/v1beta1 ClusterRole and
        // ClusterRoleBinding (removed in Kubernetes 1.22).
        assert!(
            message.starts_with(" DaemonSet/kube-flannel-ds-")
                || message.starts_with(" ClusterRole/flannel")
                || message.starts_with(" ClusterRoleBinding/flannel"),
            "{e}"
        );
        assert!(message.contains("resource mapping not found"), "{e}");
    }
    // Nothing from the file became a DaemonSet, and the cluster is still listed.
    let items = list_items(&run.stdout);
    assert!(of_kind(&items, "DaemonSet").is_empty());
    assert_eq!(of_kind(&items, "Node").len(), 4);
}
