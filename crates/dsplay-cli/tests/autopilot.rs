//! The churn autopilot from the command line (`autopilot:KEY=VALUE,...`) and from scenario
//! files (a step's `autopilot:` mapping): the same run either way, its summary on standard
//! error, located errors for bad values, and its line in the kubectl export.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic

use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_dsplay");
const DIR: &str = env!("CARGO_MANIFEST_DIR");

fn dsplay_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run dsplay")
}

fn dsplay(args: &[&str]) -> Output {
    dsplay_in(std::path::Path::new(DIR), args)
}

/// A directory of its own holding `scenario.yaml` (and fluentd.yaml next to it).
fn scenario_dir(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dsplay-autopilot-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("scenario.yaml"), text).unwrap();
    std::fs::copy(
        std::path::Path::new(DIR).join("tests/data/fluentd.yaml"),
        dir.join("fluentd.yaml"),
    )
    .unwrap();
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Node names of a `-o json` List.
fn nodes(out: &Output) -> Vec<String> {
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "Node")
        .map(|o| o["metadata"]["name"].as_str().unwrap().to_string())
        .collect()
}

const STEP: &str = "autopilot:rate=6,for=1m,mix=add:1,max=20";

#[test]
fn the_step_adds_nodes_at_its_rate_and_says_what_it_did() {
    let args = [
        "simulate",
        "--seed",
        "4",
        "default-cluster",
        "tests/data/fluentd.yaml",
        STEP,
        "-o",
        "json",
    ];
    let out = dsplay(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // An operation every 10 s: 10 s ... 50 s (the one at 1m is its end).
    assert_eq!(
        nodes(&out),
        [
            "control-plane",
            "worker-1",
            "worker-2",
            "worker-3",
            "worker-4",
            "worker-5",
            "worker-6",
            "worker-7",
            "worker-8"
        ]
    );
    let err = stderr(&out);
    assert!(
        err.contains("autopilot: 5 operations (add 5): 5 nodes added, 0 removed; 5 pods created, 0 deleted; time to Ready p50 2s, p95 2s (5 nodes)"),
        "{err}"
    );
    // Seeded: the same bytes twice; quiet hides the summary.
    assert_eq!(dsplay(&args).stdout, out.stdout);
    let mut quiet = args.to_vec();
    quiet.insert(1, "-q");
    assert!(!stderr(&dsplay(&quiet)).contains("autopilot:"));
}

#[test]
fn bad_values_are_usage_errors_that_say_what_to_write() {
    for (step, message) in [
        ("autopilot:rate=0,for=1m", "autopilot: rate: \"0\": expected operations per minute, a whole number from 1 to 60000"),
        ("autopilot:rate=60", "autopilot: missing for=DURATION (how long the autopilot runs)"),
        ("autopilot:for=1m,min=9,max=3", "autopilot: min (9) is more than max (3)"),
        ("autopilot:for=1m,mix=fly:1", "autopilot: mix.fly: unknown operation \"fly\" (add, remove, notready, lose, cordon, taint)"),
        ("autopilot:for=1m,templates=huge", "autopilot: templates: unknown node template \"huge\""),
        ("autopilot:for=1m,max=6000", "autopilot: max: \"6000\": expected nodes, a whole number from 1 to 5000 (Kubernetes supports clusters of up to 5000 nodes)"),
    ] {
        let out = dsplay(&["simulate", "default-cluster", step]);
        assert_eq!(out.status.code(), Some(2), "{step}");
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!("dsplay: error: step \"{step}\": {message}")),
            "{step}: {err}"
        );
    }
}

/// The same autopilot as [`STEP`], as a scenario step's mapping.
const SCENARIO: &str = "kind: Scenario
seed: 4
cluster: default
steps:
- at: 0s
  file: fluentd.yaml
- at: 0s
  caption: Nodes join, one every ten seconds.
  autopilot:
    rate: 6
    for: 1m
    mix: {add: 1}
    max: 20
- at: 1m
  step: cordon:worker-8
expect:
  daemonSets:
    fluentd: {desiredNumberScheduled: 8, numberReady: 8}
";

#[test]
fn a_scenario_step_runs_the_same_autopilot_and_reaches_its_expect() {
    let dir = scenario_dir("mapping", SCENARIO);
    let out = dsplay_in(&dir, &["simulate", "scenario.yaml", "-o", "json"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("autopilot: 5 operations (add 5)"), "{err}");
    // The step form in a scenario gives the same cluster.
    let as_step = SCENARIO.replace(
        "  autopilot:\n    rate: 6\n    for: 1m\n    mix: {add: 1}\n    max: 20\n",
        &format!("  step: {STEP}\n"),
    );
    assert_ne!(as_step, SCENARIO);
    let dir2 = scenario_dir("step", &as_step);
    let out2 = dsplay_in(&dir2, &["simulate", "scenario.yaml", "-o", "json"]);
    assert_eq!(out2.status.code(), Some(0), "{}", stderr(&out2));
    assert_eq!(out.stdout, out2.stdout);
    // Exported for a real cluster: a comment, and the time it takes.
    let script = dsplay_in(&dir, &["scenario", "export-kubectl", "scenario.yaml"]);
    let script = String::from_utf8_lossy(&script.stdout);
    assert!(
        script.contains("# simulation only: the churn autopilot (rate=6,for=1m,min=1,max=20,mix=add:1,templates=worker,back=1m): nodes join, leave, go NotReady or lost, are cordoned and tainted; do these by hand\nsleep 60\n"),
        "{script}"
    );
    for d in [dir, dir2] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn bad_scenario_autopilots_get_located_errors() {
    let text = SCENARIO
        .replace(
            "    rate: 6\n",
            "    rate: fast\n    templates: [worker, big]\n",
        )
        .replace("    for: 1m\n", "")
        .replace("mix: {add: 1}", "mix: {add: -1, jump: 1}");
    let dir = scenario_dir("bad", &text);
    let out = dsplay_in(&dir, &["simulate", "scenario.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for line in [
        "scenario.yaml:10:5: steps[1].autopilot.rate: \"fast\": expected operations per minute, a whole number from 1 to 60000",
        "scenario.yaml:11:25: steps[1].autopilot.templates[1]: unknown node template \"big\"",
        "scenario.yaml:12:11: steps[1].autopilot.mix.add: \"-1\": expected a weight, a whole number from 0 to 1000",
        "scenario.yaml:12:20: steps[1].autopilot.mix.jump: unknown operation \"jump\"",
        "scenario.yaml:9:3: steps[1].autopilot.for: Required value",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    // A step during the autopilot's minute.
    let text = SCENARIO.replace("- at: 1m\n", "- at: 50s\n");
    let dir2 = scenario_dir("overlap", &text);
    let err = stderr(&dsplay_in(&dir2, &["simulate", "scenario.yaml"]));
    assert!(
        err.contains("scenario.yaml:14:3: steps[2].at: 50s is before the end of steps[1]'s autopilot (1m): a step runs after it"),
        "{err}"
    );
    for d in [dir, dir2] {
        std::fs::remove_dir_all(d).unwrap();
    }
}
