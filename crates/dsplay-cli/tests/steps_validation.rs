//! Steps are validated as manifests are (issue 11, items 5, 6, 9, 10, 11): a node operation
//! that would store an invalid Node is refused with the API server's message and changes
//! nothing; every kubectl taint-removal form works; messages quote what a terminal should
//! not get raw; a step that does not settle says which bound stopped it; `--watch` on a
//! cluster that never settles is bounded.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic

use serde_json::Value;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_dsplay");
const DIR: &str = env!("CARGO_MANIFEST_DIR");
const NODES: &str = "tests/data/nodes.yaml";
const FLUENTD: &str = "tests/data/fluentd.yaml";
const FOREVER: &str = "tests/data/evicted-forever.yaml";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn dsplay(args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .current_dir(DIR)
        .args(args)
        .output()
        .expect("run dsplay");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The cluster after the steps, as JSON.
fn simulate(steps: &[&str]) -> (Run, Value) {
    let mut args = vec!["simulate", "-q", "-o", "json", "--default-cluster"];
    args.extend_from_slice(steps);
    let run = dsplay(&args);
    let list: Value = serde_json::from_str(&run.stdout).expect("stdout is one JSON List");
    (run, list)
}

fn nodes(list: &Value) -> Vec<&Value> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "Node")
        .collect()
}

fn node<'a>(list: &'a Value, name: &str) -> &'a Value {
    nodes(list)
        .into_iter()
        .find(|n| n["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("no node {name}"))
}

/// The `error:` lines of a run.
fn errors(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

/// A refused step: exit 1, one error line `error: STEP: MESSAGE`, and the cluster exactly
/// as it is without the step. Returns MESSAGE.
fn refused(step: &str) -> String {
    let (run, list) = simulate(&[step]);
    let (_, unchanged) = simulate(&[]);
    assert_eq!(run.code, 1, "{step:?} not refused: {}", run.stderr);
    assert_eq!(list, unchanged, "{step:?} changed the cluster");
    let errs = errors(&run);
    assert_eq!(errs.len(), 1, "{}", run.stderr);
    let prefix = format!("error: {step}: ");
    errs[0]
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{:?} does not start with {prefix:?}", errs[0]))
        .to_string()
}

/// What `dsplay` says of a Node manifest: its located error messages (after `file:l:c: `).
fn manifest_errors(manifest: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("dsplay-steps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("node-{:x}.yaml", fxhash(manifest)));
    std::fs::write(&path, manifest).unwrap();
    let run = dsplay(&["simulate", "-q", path.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{manifest}");
    run.stderr
        .lines()
        .filter_map(|l| l.split_once(": Node/").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split_once(": ").map(|(_, m)| m.to_string()))
        .collect()
}

fn fxhash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

const SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const LABEL_VALUE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/// A node from a template carries its name in the label `kubernetes.io/hostname`, as a
/// kubelet registers it: a name that is no label value is refused twice, as the API server
/// would refuse that Node (`[e1, e2]`, as `ErrorList.ToAggregate()` renders several errors).
fn name_refusal(shown: &str, label_too: bool) -> String {
    let name = format!("metadata.name: Invalid value: \"{shown}\": {SUBDOMAIN}");
    if label_too {
        format!("[{name}, metadata.labels: Invalid value: \"{shown}\": {LABEL_VALUE}]")
    } else {
        name
    }
}

#[test]
fn invalid_node_names_are_refused_as_the_api_server_refuses_them() {
    for (name, label_too) in [("UPPER_bad", false), ("a..b", false), ("-bad-", true)] {
        let m = refused(&format!("add-node:worker:{name}"));
        assert_eq!(m, name_refusal(name, label_too));
    }
    // 300 characters: too long for a name, and for the hostname label that carries it.
    let long = "a".repeat(300);
    let m = refused(&format!("add-node:worker:{long}"));
    assert_eq!(
        m,
        format!("[metadata.name: Invalid value: \"{long}\": must be no more than 253 characters, metadata.labels: Invalid value: \"{long}\": must be no more than 63 characters]")
    );
}

#[test]
fn bidi_and_zero_width_characters_are_refused_and_shown_escaped() {
    for (raw, escaped) in [("x\u{202e}y", "x\\u202ey"), ("x\u{200b}y", "x\\u200by")] {
        let step = format!("add-node:worker:{raw}");
        let (run, list) = simulate(&[&step]);
        assert_eq!(run.code, 1);
        assert!(
            !run.stderr.contains(raw),
            "raw {raw:?} on stderr: {}",
            run.stderr
        );
        let errs = errors(&run);
        assert_eq!(errs.len(), 1, "{}", run.stderr);
        assert_eq!(
            errs[0],
            format!(
                "error: \"add-node:worker:{escaped}\": {}",
                name_refusal(escaped, true)
            )
        );
        assert_eq!(nodes(&list).len(), 4);
    }
}

#[test]
fn label_steps_get_the_messages_a_node_manifest_gets() {
    let m = refused("label:worker-1:bad key=v");
    assert!(
        m.starts_with("metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters"),
        "{m}"
    );
    let manifest = "apiVersion: v1\nkind: Node\nmetadata:\n  name: w\n  labels:\n    bad key: v\n";
    assert_eq!(vec![m], manifest_errors(manifest));
    let m = refused("label:worker-1:app=_no");
    assert!(m.starts_with("metadata.labels: Invalid value: \"_no\": a valid label must be an empty string or consist of alphanumeric characters"), "{m}");
    // A valid label still works, and exits 0.
    let (run, list) = simulate(&["label:worker-1:disktype=ssd"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        node(&list, "worker-1")["metadata"]["labels"]["disktype"],
        "ssd"
    );
}

#[test]
fn taint_steps_get_the_messages_a_node_manifest_gets() {
    let m = refused("taint:worker-2:a/b/c=v=w:NoSchedule");
    let manifest = "apiVersion: v1\nkind: Node\nmetadata:\n  name: w\nspec:\n  taints:\n  - key: a/b/c\n    value: v=w\n    effect: NoSchedule\n";
    let expected = manifest_errors(manifest);
    assert_eq!(expected.len(), 2, "{expected:?}");
    assert!(expected[0].starts_with("spec.taints[0].key: Invalid value: \"a/b/c\": "));
    assert!(expected[1].starts_with("spec.taints[0].value: Invalid value: \"v=w\": "));
    assert_eq!(m, format!("[{}]", expected.join(", ")));

    // 100,000 characters of value.
    let long = "v".repeat(100_000);
    let m = refused(&format!("taint:worker-1:k={long}:NoSchedule"));
    assert_eq!(
        m,
        format!(
            "spec.taints[0].value: Invalid value: \"{long}\": must be no more than 63 characters"
        )
    );

    // A control character: refused, and never written raw.
    let (run, _) = simulate(&["taint:worker-1:k=a\u{1}b:NoExecute"]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains('\u{1}'));
    assert!(
        run.stderr.contains(
            "error: \"taint:worker-1:k=a\\x01b:NoExecute\": spec.taints[0].value: Invalid value: \"a\\x01b\": a valid label must be"
        ),
        "{}",
        run.stderr
    );
    // The control plane's taint comes first: a new taint there is spec.taints[1].
    let m = refused("taint:control-plane:Bad Key:NoSchedule");
    assert!(
        m.starts_with("spec.taints[1].key: Invalid value: \"Bad Key\": "),
        "{m}"
    );
}

#[test]
fn a_refused_step_does_not_stop_the_others() {
    let (run, list) = simulate(&[
        "label:worker-1:bad key=v",
        "label:worker-1:zone=a",
        "cordon:worker-2",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(errors(&run).len(), 1);
    assert_eq!(node(&list, "worker-1")["metadata"]["labels"]["zone"], "a");
    assert!(node(&list, "worker-1")["metadata"]["labels"]
        .get("bad key")
        .is_none());
    assert_eq!(node(&list, "worker-2")["spec"]["unschedulable"], true);
}

fn taints(list: &Value, name: &str) -> Vec<String> {
    node(list, name)["spec"]["taints"]
        .as_array()
        .map(|ts| {
            ts.iter()
                .map(|t| {
                    format!(
                        "{}={}:{}",
                        t["key"].as_str().unwrap(),
                        t["value"].as_str().unwrap_or(""),
                        t["effect"].as_str().unwrap()
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_kubectl_taint_removal_form_works() {
    let add = [
        "taint:worker-1:k=v:NoSchedule",
        "taint:worker-1:k=v:NoExecute",
    ];
    for (removal, left) in [
        ("taint:worker-1:k=v:NoSchedule-", vec!["k=v:NoExecute"]),
        // The value of the removal form plays no part (kubectl removes by key and effect).
        ("taint:worker-1:k=other:NoSchedule-", vec!["k=v:NoExecute"]),
        ("taint:worker-1:k:NoExecute-", vec!["k=v:NoSchedule"]),
        ("taint:worker-1:k-", vec![]),
        ("untaint:worker-1:k=v:NoSchedule", vec!["k=v:NoExecute"]),
        ("untaint:worker-1:k", vec![]),
    ] {
        let mut steps = add.to_vec();
        steps.push(removal);
        let (run, list) = simulate(&steps);
        assert_eq!(run.code, 0, "{removal}: {}", run.stderr);
        assert_eq!(taints(&list, "worker-1"), left, "{removal}");
    }
    let run = dsplay(&[
        "simulate",
        "-o",
        "json",
        "--default-cluster",
        add[0],
        "taint:worker-1:k=v:NoSchedule-",
    ]);
    assert!(
        run.stderr.contains("node/worker-1 untainted"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_taint_to_remove_that_is_not_there_is_kubectls_not_found() {
    let (run, _) = simulate(&[
        "taint:worker-1:nope-",
        "taint:worker-1:nope=v:NoExecute-",
        "untaint:worker-1:nope:NoSchedule",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        errors(&run),
        [
            "error: taint:worker-1:nope-: taint \"nope:\" not found",
            "error: taint:worker-1:nope=v:NoExecute-: taint \"nope:NoExecute\" not found",
            "error: untaint:worker-1:nope:NoSchedule: taint \"nope:NoSchedule\" not found",
        ]
    );
}

#[test]
fn a_step_with_a_newline_is_quoted_in_its_message() {
    let (run, _) = simulate(&["label:worker-1:a=b\nc"]);
    assert_eq!(run.code, 1);
    // One line per message: nothing of the step spills onto a line of its own.
    assert!(
        run.stderr.lines().all(|l| l.starts_with("error: ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.starts_with(
            "error: \"label:worker-1:a=b\\nc\": metadata.labels: Invalid value: \"b\\nc\": "
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn rollback_refusals_say_error_once() {
    let run = dsplay(&[
        "simulate",
        "-q",
        "-o",
        "json",
        NODES,
        FLUENTD,
        "undo:ds/fluentd",
        "undo:ds/fluentd:7",
        "undo:ds/nope",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        errors(&run),
        [
            "error: undo:ds/fluentd: no rollout history found for daemonset \"fluentd\"",
            "error: undo:ds/fluentd:7: unable to find specified revision 7 in history",
            "error: undo:ds/nope: daemonsets.apps \"nope\" not found",
        ]
    );
}

#[test]
fn the_settle_warning_names_the_settle_limit() {
    let run = dsplay(&[
        "simulate",
        "-o",
        "json",
        "--settle-limit",
        "1s",
        NODES,
        FLUENTD,
    ]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr.contains(&format!("dsplay: warning: step 2 ({FLUENTD}): the cluster did not settle within 1s of simulated time (--settle-limit)")),
        "{}",
        run.stderr
    );
}

#[test]
fn the_settle_warning_names_the_timer_budget_when_it_stopped_the_step() {
    let run = dsplay(&[
        "simulate",
        "-q",
        "-o",
        "json",
        "--default-cluster",
        "--settle-limit",
        "100000000h",
        "taint:worker-1:dedicated=x:NoExecute",
        FOREVER,
        "wait:100000000h",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(warnings.len(), 2, "{}", run.stderr);
    assert!(
        warnings[0].starts_with(&format!("dsplay: warning: step 2 ({FOREVER}): the cluster did not settle: the step stopped at its bound of 250000 timers, after ")),
        "{}",
        warnings[0]
    );
    assert!(!warnings[0].contains("100000000h"), "{}", warnings[0]);
    assert!(
        warnings[1].starts_with("dsplay: warning: step 3 (wait:100000000h): the step stopped at its bound of 250000 timers, after ")
            && warnings[1].ends_with(" of the 100000000h to wait"),
        "{}",
        warnings[1]
    );
}

#[test]
fn watch_on_a_cluster_that_never_settles_is_bounded_and_says_so() {
    let run = dsplay(&[
        "simulate",
        "-q",
        "--watch",
        "--default-cluster",
        "taint:worker-1:dedicated=x:NoExecute",
        FOREVER,
        "wait:100000000h",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.lines().any(|l| l.starts_with("dsplay: warning: step 3 (wait:100000000h): the step stopped at its bound of 20000 watch events (--watch), after ")),
        "{}",
        run.stderr
    );
    // Every line is a watch event, in time order; none was dropped along the way (a pod's
    // ADDED always comes before its DELETED).
    let mut last = String::new();
    let mut seen_added = std::collections::BTreeSet::new();
    let mut lines = 0usize;
    for l in run.stdout.lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        let time = v["time"].as_str().unwrap().to_string();
        assert!(time >= last, "{time} after {last}");
        last = time;
        let uid = v["object"]["metadata"]["uid"]
            .as_str()
            .unwrap_or("")
            .to_string();
        match v["type"].as_str().unwrap() {
            "ADDED" => {
                seen_added.insert(uid);
            }
            _ if v["object"]["kind"] == "Pod" => assert!(seen_added.contains(&uid), "{l}"),
            _ => {}
        }
        lines += 1;
    }
    // The initial list, then at most one budget per input (the step, its settle) plus what
    // falls due at the instant the bound is reached.
    assert!(lines < 3 * 20_000 + 1_000, "{lines} lines");
}
