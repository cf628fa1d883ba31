#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]
//! Issue 11 item 4 for scenario files (`kind: Scenario`): they are read through the
//! manifests' bounded path (`load::read_document`: converted from libyaml's events, measured
//! against the API server's 3 MiB request limit as they are converted, located errors), so
//! an 8 MiB scenario of many small steps, or of one step holding a huge manifest (as a
//! nested mapping or as text), is refused with the located message without a tree or a
//! JSON value of the whole file, and under the 256 MiB goal. One test per file: the peak
//! resident set of the process is what is measured (`VmHWM`, Linux).

use dsplay_core::load::MAX_FILE_BYTES;
use dsplay_core::scenario::{is_scenario, Scenario};
use std::str::FromStr;

/// The goal for any input under the file limit.
const PEAK_GOAL_BYTES: u64 = 256 * 1024 * 1024;

const HEAD: &str = "apiVersion: dsplay/v1\nkind: Scenario\nmetadata: {name: big}\ntitle: Big\nseed: 1\ncluster: default\nsteps:\n";

/// The process's peak resident set so far, when the system says (Linux).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb = u64::from_str(line.split_whitespace().nth(1)?).ok()?;
    Some(kb * 1024)
}

/// `HEAD`, `prefix`, then `unit` as many times as fits in just under 8 MiB, then `suffix`.
fn fill(prefix: &str, unit: &str, suffix: &str) -> String {
    let room = MAX_FILE_BYTES - 16 - HEAD.len() - prefix.len() - suffix.len();
    let mut s = String::with_capacity(MAX_FILE_BYTES);
    s.push_str(HEAD);
    s.push_str(prefix);
    s.push_str(&unit.repeat(room / unit.len()));
    s.push_str(suffix);
    s
}

/// Each error as `file:line:column: message`.
fn errors(r: Result<Scenario, Vec<dsplay_core::location::LocatedError>>) -> Vec<String> {
    match r {
        Ok(_) => vec!["read".to_string()],
        Err(es) => es
            .iter()
            .map(|e| {
                format!(
                    "{}:{}:{}: {}",
                    e.location.file, e.location.line, e.location.column, e.message
                )
            })
            .collect(),
    }
}

fn parse(text: &str) -> Vec<String> {
    errors(Scenario::parse("s.yaml", text, &mut |_: &str| {
        Err("no files".to_string())
    }))
}

#[test]
fn eight_mib_scenarios_are_refused_under_the_memory_goal() {
    let too_large = vec!["s.yaml:1:1: Request entity too large: limit is 3145728".to_string()];
    let shapes: [(&str, String); 3] = [
        // About 290,000 steps.
        ("many steps", fill("", "- {at: 1s, step: 'wait:1s'}\n", "")),
        // One step whose manifest is a nested mapping of a million small items (refused
        // as a manifest would be: `apply` takes text).
        (
            "one nested manifest",
            fill(
                "- at: 0s\n  apply: {kind: List, items: [",
                "{a: 1},",
                "{}]}\n",
            ),
        ),
        // One step whose manifest is 8 MiB of text (one string: a List of nodes).
        (
            "one manifest as text",
            fill(
                "- at: 0s\n  apply: |\n    apiVersion: v1\n    kind: List\n    items:\n",
                "    - {apiVersion: v1, kind: Node, metadata: {name: n}}\n",
                "",
            ),
        ),
    ];
    for (name, text) in &shapes {
        assert!(text.len() < MAX_FILE_BYTES, "{name}");
        assert_eq!(parse(text), too_large, "{name}");
        assert!(!is_scenario(text), "{name}");
        if let Some(peak) = peak_rss() {
            eprintln!("{name}: peak resident set so far {} MiB", peak >> 20);
        }
    }
    if let Some(peak) = peak_rss() {
        assert!(
            peak < PEAK_GOAL_BYTES,
            "peak resident set {} MiB, over the 256 MiB goal",
            peak >> 20
        );
    }
    // Under the limit, a scenario with a large step still reads, and its errors are located
    // at their fields as in a small one.
    let step = |caption: &str| {
        format!("{HEAD}- at: 0s\n  caption: '{caption}'\n- at: soon\n  step: wait:1s\n")
    };
    let small = parse(&step("x"));
    assert_eq!(small.len(), 1, "{small:?}");
    assert!(small[0].starts_with("s.yaml:10:"), "{small:?}");
    assert!(small[0].contains("steps[1].at"), "{small:?}");
    assert_eq!(parse(&step(&"x".repeat(2_500_000))), small);
}
