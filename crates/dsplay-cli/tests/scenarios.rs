//! Scenario files through the CLI: every built-in scenario (`web/scenarios`) reaches its
//! `expect:`, prints the same bytes twice, and exports as a bash script of kubectl commands;
//! bad scenario files get located errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_dsplay");
const DIR: &str = env!("CARGO_MANIFEST_DIR");

fn dsplay(args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(DIR)
        .args(args)
        .output()
        .expect("run dsplay")
}

fn built_in() -> Vec<PathBuf> {
    let dir = Path::new(DIR).join("../../web/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn there_are_ten_built_in_scenarios() {
    assert_eq!(built_in().len(), 10, "{:?}", built_in());
}

#[test]
fn every_built_in_scenario_reaches_its_expect_the_same_way_twice() {
    for file in built_in() {
        let path = file.to_str().unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("\nexpect:"), "{path} states no expect:");
        assert!(text.contains("caption:"), "{path} has no captions");
        let first = dsplay(&["simulate", path, "-o", "json"]);
        let stderr = String::from_utf8_lossy(&first.stderr);
        assert_eq!(first.status.code(), Some(0), "{path}:\n{stderr}");
        assert!(!stderr.contains("warning"), "{path}:\n{stderr}");
        let second = dsplay(&["simulate", path, "-o", "json"]);
        assert!(first.stdout == second.stdout, "{path}: two runs differ");
        let out: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
        // A side-by-side scenario prints each cluster's list.
        let lists = match out["kind"].as_str() {
            Some("Comparison") => out["sides"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["result"].clone())
                .collect(),
            _ => vec![out],
        };
        for list in lists {
            assert!(!list["items"].as_array().unwrap().is_empty(), "{path}");
        }
    }
}

#[test]
fn a_failed_expect_is_exit_1_with_what_differed() {
    let dir = std::env::temp_dir().join(format!("dsplay-scenario-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text =
        std::fs::read_to_string(Path::new(DIR).join("../../web/scenarios/01-node-churn.yaml"))
            .unwrap()
            .replace("desiredNumberScheduled: 3", "desiredNumberScheduled: 5");
    let file = dir.join("wrong.yaml");
    std::fs::write(&file, text).unwrap();
    let out = dsplay(&["simulate", file.to_str().unwrap(), "-o", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("expect.daemonSets.node-agent.desiredNumberScheduled: node-agent has desiredNumberScheduled 3, expected 5"),
        "{stderr}"
    );
    // The result is still printed.
    assert!(!out.stdout.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

fn scenario_errors(text: &str) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!(
        "dsplay-scenario-err-{}-{}",
        std::process::id(),
        text.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("scenario.yaml");
    std::fs::write(&file, text).unwrap();
    let out = Command::new(BIN)
        .current_dir(&dir)
        .args(["simulate", "scenario.yaml"])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_scenarios_get_located_errors() {
    let (code, err) = scenario_errors(
        "kind: Scenario\ncluster: default\nsteps:\n- at: 0s\n  step: cordon:worker-1\n- at: 30\n  step: uncordon:worker-1\n",
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("scenario.yaml:6:3: steps[1].at: invalid duration \"30\": missing unit"),
        "{err}"
    );
    let (_, err) = scenario_errors(
        "kind: Scenario\ncluster: default\nsteps:\n- at: 1m\n  step: remove-node:worker-2\n- at: 2m\n  step: cordon:worker-2\n- at: 3m\n  step: lose:gpu-1\n",
    );
    assert!(
        err.contains("scenario.yaml:7:3: steps[1].step: node \"worker-2\" will not exist at 2m: steps[0] (remove-node:worker-2 at 1m) removes it"),
        "{err}"
    );
    assert!(
        err.contains("scenario.yaml:9:3: steps[2].step: node \"gpu-1\" will not exist at 3m: neither the cluster nor an earlier step adds it (nodes then: control-plane, worker-1, worker-3)"),
        "{err}"
    );
    let (_, err) = scenario_errors(
        "kind: Scenario\nsteps:\n- at: 1m\n  step: add-node:worker\n- at: 30s\n  step: cordon:worker-1\n  colour: red\n",
    );
    assert!(
        err.contains("scenario.yaml:5:3: steps[1].at: 30s is before steps[0].at (1m): steps run in time order"),
        "{err}"
    );
    assert!(
        err.contains("steps[1].colour: unknown field \"colour\""),
        "{err}"
    );
}

#[test]
fn a_scenario_is_the_only_step() {
    let path = "../../web/scenarios/01-node-churn.yaml";
    let out = dsplay(&["simulate", path, "tests/data/fluentd.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is a Scenario: give it as the only step")
    );
}

/// Each exported script is valid bash, and every kubectl line is one of the commands kubectl
/// has, with its arguments in kubectl's grammar.
#[test]
fn every_built_in_scenario_exports_as_a_kubectl_script() {
    for file in built_in() {
        let path = file.to_str().unwrap();
        let out = dsplay(&["scenario", "export-kubectl", path]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{path}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.starts_with("#!/usr/bin/env bash\n"), "{script}");
        let check = Command::new("bash")
            .arg("-n")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(script.as_bytes())?;
                child.wait_with_output()
            })
            .unwrap();
        assert!(
            check.status.success(),
            "{path}: bash -n: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        for line in script.lines().filter(|l| l.starts_with("kubectl ")) {
            assert!(
                kubectl_grammar(line),
                "{path}: not kubectl's grammar: {line}"
            );
        }
        assert!(script.contains("kubectl apply -f - <<'EOF'"), "{path}");
    }
    let failures = String::from_utf8(
        dsplay(&[
            "scenario",
            "export-kubectl",
            "../../web/scenarios/02-node-failures.yaml",
        ])
        .stdout,
    )
    .unwrap();
    assert!(failures.contains("# simulation only: mark worker-1 NotReady"));
    assert!(failures.contains("# simulation only: lose worker-2"));
    assert!(failures.contains("\nsleep 30\n"));
}

/// kubectl's grammar for the commands an export writes.
fn kubectl_grammar(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let name = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
    };
    let taint = |w: &str| {
        let w = w.trim_matches('\'');
        let (kv, eff) = match w.strip_suffix('-') {
            Some(r) => match r.rsplit_once(':') {
                Some(p) => p,
                None => return !r.is_empty(),
            },
            None => match w.rsplit_once(':') {
                Some(p) => p,
                None => return false,
            },
        };
        !kv.is_empty() && ["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(&eff)
    };
    match words.as_slice() {
        ["kubectl", "apply", "-f", f, rest @ ..] => {
            (*f == "-" && rest.len() == 1 && rest[0].starts_with("<<'"))
                || (!f.is_empty() && rest.is_empty())
        }
        ["kubectl", "cordon" | "uncordon", n] => name(n),
        ["kubectl", "delete", "node", n] => name(n),
        ["kubectl", "delete", "pod" | "daemonset", n, rest @ ..] => {
            name(n) && (rest.is_empty() || (rest.len() == 2 && rest[0] == "-n"))
        }
        ["kubectl", "taint", "nodes", n, t] => name(n) && taint(t),
        ["kubectl", "label", "nodes", n, kv, rest @ ..] => {
            name(n)
                && (kv.contains('=') || kv.ends_with('-'))
                && rest.iter().all(|r| *r == "--overwrite")
        }
        ["kubectl", "set", "image", target, images @ ..] => {
            target
                .strip_prefix("ds/")
                .or_else(|| target.strip_prefix("daemonset/"))
                .is_some_and(name)
                && !images.is_empty()
                && images.iter().all(|i| {
                    i.split_once('=')
                        .is_some_and(|(c, img)| !c.is_empty() && !img.is_empty())
                })
        }
        ["kubectl", "rollout", "undo", "daemonset", n, rest @ ..] => {
            name(n)
                && rest
                    .iter()
                    .all(|r| r.starts_with("--to-revision=") || *r == "-n" || name(r))
        }
        _ => false,
    }
}

/// `(pods of agent per node, agent's desired, current, misscheduled)` of one side of a
/// comparison's JSON output.
fn side_state(side: &serde_json::Value) -> (Vec<(String, String)>, [i64; 3]) {
    let items = side["result"]["items"].as_array().unwrap();
    let mut pods: Vec<(String, String)> = items
        .iter()
        .filter(|o| o["kind"] == "Pod")
        .map(|o| {
            (
                o["spec"]["nodeName"].as_str().unwrap_or("").to_string(),
                o["spec"]["containers"][0]["image"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    pods.sort();
    let ds = items
        .iter()
        .find(|o| o["kind"] == "DaemonSet" && o["metadata"]["name"] == "agent")
        .unwrap();
    let st = &ds["status"];
    let n = |f: &str| st[f].as_i64().unwrap_or(0);
    (
        pods,
        [
            n("desiredNumberScheduled"),
            n("currentNumberScheduled"),
            n("numberMisscheduled"),
        ],
    )
}

fn sides(path: &str) -> Vec<serde_json::Value> {
    let out = dsplay(&["simulate", path, "-o", "json", "--quiet"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["apiVersion"].as_str(), doc["kind"].as_str()),
        (Some("dsplay/v1"), Some("Comparison"))
    );
    doc["sides"].as_array().unwrap().clone()
}

#[test]
fn side_by_side_scenarios_end_as_their_captions_say() {
    let taints = sides("../../web/scenarios/10-side-by-side-taint-effects.yaml");
    let names: Vec<&str> = taints.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["tolerates-noschedule", "tolerates-noexecute"]);
    assert_eq!(taints[0]["title"], "tolerates dedicated=db:NoSchedule");
    let pause = "registry.k8s.io/pause:3.10".to_string();
    let on = |nodes: &[&str]| -> Vec<(String, String)> {
        nodes
            .iter()
            .map(|n| (n.to_string(), pause.clone()))
            .collect()
    };
    // NoSchedule tolerated, NoExecute evicts: worker-2 has no agent; nothing misscheduled.
    assert_eq!(
        side_state(&taints[0]),
        (on(&["worker-1", "worker-3"]), [2, 2, 0])
    );
    // NoExecute tolerated, NoSchedule keeps the pod it does not want: misscheduled 1.
    assert_eq!(
        side_state(&taints[1]),
        (on(&["worker-1", "worker-2", "worker-3"]), [2, 2, 1])
    );
    let rollout = sides("../../web/scenarios/09-side-by-side-rolling-update.yaml");
    for side in &rollout {
        let v2 = "example.com/agent:2".to_string();
        let want: Vec<(String, String)> = ["worker-1", "worker-2", "worker-3"]
            .iter()
            .map(|n| (n.to_string(), v2.clone()))
            .collect();
        assert_eq!(side_state(side), (want, [3, 3, 0]), "{}", side["name"]);
    }
    // The same seed and steps: the same pod names on both sides.
    let names = |side: &serde_json::Value| -> Vec<String> {
        side["result"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["kind"] == "Pod")
            .map(|o| o["metadata"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names(&rollout[0]), names(&rollout[1]));
}

#[test]
fn side_by_side_output_labels_each_cluster() {
    let path = "../../web/scenarios/10-side-by-side-taint-effects.yaml";
    let out = dsplay(&["simulate", path, "-o", "wide"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let heads: Vec<&str> = text.lines().filter(|l| l.starts_with("==> ")).collect();
    assert_eq!(
        heads,
        [
            "==> tolerates-noschedule: tolerates dedicated=db:NoSchedule <==",
            "==> tolerates-noexecute: tolerates dedicated=db:NoExecute <==",
        ]
    );
    let second = text.split("==> tolerates-noexecute").nth(1).unwrap();
    assert!(second.contains("\nNAME    DESIRED   CURRENT"), "{text}");
    // Each side's progress lines under its label too.
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("==> tolerates-noschedule: tolerates dedicated=db:NoSchedule <==\ndaemonset.apps/agent created\nnode/worker-1 tainted\n"),
        "{err}"
    );
    // YAML: the same document as JSON.
    let yaml = dsplay(&["simulate", path, "-q"]);
    let doc: serde_yaml::Value = serde_yaml::from_slice(&yaml.stdout).unwrap();
    assert_eq!(
        doc["sides"][1]["name"].as_str(),
        Some("tolerates-noexecute")
    );
    // SVG: one picture, each cluster's nested under its label.
    let svg = dsplay(&["simulate", path, "-o", "svg"]);
    let svg = String::from_utf8(svg.stdout).unwrap();
    let xml = roxmltree::Document::parse(&svg).unwrap();
    let nested = xml
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("svg"))
        .count();
    assert_eq!(nested, 2);
    assert!(svg.contains(">tolerates-noexecute: tolerates dedicated=db:NoExecute</text>"));
    // Charts: each side's DaemonSet, one above the other.
    let chart = dsplay(&["simulate", path, "-o", "chart"]);
    let chart = String::from_utf8(chart.stdout).unwrap();
    let xml = roxmltree::Document::parse(&chart).unwrap();
    let charts: Vec<&str> = xml
        .descendants()
        .filter_map(|n| n.attribute("data-daemonset"))
        .collect();
    assert_eq!(
        charts,
        [
            "agent (tolerates-noschedule)",
            "agent (tolerates-noexecute)"
        ]
    );
}

#[test]
fn a_failed_side_says_which_and_what_differed() {
    let text = std::fs::read_to_string(
        Path::new(DIR).join("../../web/scenarios/10-side-by-side-taint-effects.yaml"),
    )
    .unwrap()
    .replace(
        "agent: {desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 1}",
        "agent: {desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 0}",
    );
    let (code, err) = scenario_errors(&text);
    assert_eq!(code, 1, "{err}");
    let (first, second) = err.split_once("==> tolerates-noexecute").unwrap();
    assert!(!first.contains("the end state"), "{err}");
    assert!(
        second.contains("compare[1].expect.daemonSets.agent.numberMisscheduled: agent has numberMisscheduled 1, expected 0"),
        "{err}"
    );
}

#[test]
fn bad_compare_scenarios_get_located_errors() {
    let (code, err) = scenario_errors(
        "kind: Scenario\ncluster: default\ncompare:\n- name: a\n  file: a.yaml\n- name: a\n  apply: |\n    kind: Node\n    apiVersion: v1\n    metadata: {name: db-1}\nsteps:\n- at: 0s\n  step: cordon:worker-1\n",
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("scenario.yaml:5:3: compare[0].file: cannot read a.yaml"),
        "{err}"
    );
    assert!(
        err.contains("scenario.yaml:6:3: compare[1].name: Duplicate value: \"a\" (compare[0].name)\n6 | - name: a\n"),
        "{err}"
    );
    assert!(
        err.contains("scenario.yaml:7:3: compare[1].apply: Node \"db-1\": the variants share the scenario's nodes (put Nodes in cluster.nodes)"),
        "{err}"
    );
}
