//! `kubectl:` steps: the CLI carries out the console's command lines through the core's
//! one parser and executor, and prints the same bytes the page's console prints.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic

use dsplay_core::clock::SimDuration;
use dsplay_core::kubectl::{parse_line, run, Files};
use dsplay_core::sim::Simulation;
mod common;
use common::dsplay;

const DIR: &str = env!("CARGO_MANIFEST_DIR");

const AGENT: &str = "../../web/examples/monitoring-agent.yaml";

/// What the console prints for the reading commands of `lines` on the cluster the CLI builds for `dsplay simulate
/// --default-cluster AGENT`: the same seed, the same apply, settled the same way.
fn console(lines: &[&str]) -> String {
    let mut sim = Simulation::with_default_cluster(0);
    let text = std::fs::read_to_string(format!("{DIR}/{AGENT}")).unwrap();
    sim.apply(AGENT, &text);
    sim.settle(SimDuration::from_secs(3600));
    let mut out = String::new();
    for line in lines {
        let reads = parse_line(line)
            .ok()
            .flatten()
            .is_some_and(|c| !c.mutates());
        let answer = run(&mut sim, line, &Files::new());
        if reads {
            out.push_str(&answer.stdout());
        }
        sim.settle(SimDuration::from_secs(3600));
    }
    out
}

#[test]
fn reading_steps_print_the_consoles_bytes_in_order() {
    let lines = [
        "kubectl get pods -o wide",
        "kubectl get ds -o wide",
        "kubectl describe ds monitoring-agent",
        "kubectl get nodes -o yaml",
        "kubectl get ds monitoring-agent -o json",
    ];
    let steps: Vec<String> = lines
        .iter()
        .map(|l| format!("kubectl:{}", l.trim_start_matches("kubectl ")))
        .collect();
    let mut args = vec!["simulate", "--default-cluster", AGENT];
    args.extend(steps.iter().map(String::as_str));
    let r = dsplay(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let expected = console(&lines);
    assert!(expected.contains("monitoring-agent-"));
    // Only what the commands print: no final List after them.
    assert_eq!(r.stdout, expected);
    assert!(r
        .stdout
        .ends_with("        \"updatedNumberScheduled\": 3\n    }\n}\n"));
}

#[test]
fn changing_steps_change_the_cluster_and_say_so() {
    let r = dsplay(&[
        "simulate",
        "--default-cluster",
        AGENT,
        "kubectl:taint nodes worker-2 dedicated=db:NoExecute",
        "kubectl:get pods -o wide",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("node/worker-2 tainted\n"), "{}", r.stderr);
    assert!(!r.stdout.contains("worker-2"), "evicted: {}", r.stdout);
    assert_eq!(
        r.stdout,
        console(&[
            "kubectl taint nodes worker-2 dedicated=db:NoExecute",
            "kubectl get pods -o wide"
        ])
    );
    // A changing step alone: the run prints the final state as for any step.
    let r = dsplay(&[
        "simulate",
        "--default-cluster",
        "-o",
        "wide",
        AGENT,
        "kubectl:cordon worker-1",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Ready,SchedulingDisabled"),
        "{}",
        r.stdout
    );
}

#[test]
fn kubectl_errors_and_exit_statuses() {
    let r = dsplay(&["simulate", "--default-cluster", AGENT, "kubectl:get dae"]);
    assert_eq!(r.code, 2);
    assert!(r
        .stderr
        .starts_with("dsplay: error: step \"kubectl:get dae\": the server doesn't have a resource type \"dae\"\n"));
    let r = dsplay(&[
        "simulate",
        "--default-cluster",
        AGENT,
        "kubectl:drain worker-1",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains(
        "error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/monitoring-agent-"
    ));
    let r = dsplay(&[
        "simulate",
        "--default-cluster",
        AGENT,
        "kubectl:get ds nope",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stderr, "daemonset.apps/monitoring-agent created\nError from server (NotFound): daemonsets.apps \"nope\" not found\n");
    assert_eq!(r.stdout, "");
    let r = dsplay(&[
        "simulate",
        "--default-cluster",
        "kubectl:apply -f missing.yaml",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("dsplay: error: cannot read missing.yaml"),
        "{}",
        r.stderr
    );
    let r = dsplay(&[
        "simulate",
        "--default-cluster",
        &format!("kubectl:apply -f {AGENT}"),
        "kubectl:get ds -o name",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "daemonset.apps/monitoring-agent\n");
}
