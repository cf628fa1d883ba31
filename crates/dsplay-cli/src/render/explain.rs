//! `dsplay explain` as text: for each DaemonSet and node, whether a daemon pod should run
//! there, every check of `NodeShouldRunDaemonPod`, and the pod there now.

use dsplay_core::view::PairExplanation;
use std::fmt::Write as _;

/// The decision in words.
fn decision(p: &PairExplanation) -> &'static str {
    match (
        p.explanation.should_run,
        p.explanation.should_continue_running,
    ) {
        (true, _) => "a daemon pod should run here",
        (false, true) => "no new daemon pod, but a running one may stay",
        (false, false) => "no daemon pod should run here",
    }
}

/// Readable text, grouped by DaemonSet (by namespace, then name), nodes in the order given.
pub(crate) fn render(pairs: &[PairExplanation]) -> String {
    let mut sorted: Vec<&PairExplanation> = pairs.iter().collect();
    sorted.sort_by(|a, b| (&a.namespace, &a.daemon_set).cmp(&(&b.namespace, &b.daemon_set)));
    let mut out = String::new();
    let mut current: Option<(&str, &str)> = None;
    for p in sorted {
        let key = (p.namespace.as_str(), p.daemon_set.as_str());
        if current != Some(key) {
            if current.is_some() {
                out.push('\n');
            }
            let (run, total) = pairs
                .iter()
                .filter(|q| q.namespace == p.namespace && q.daemon_set == p.daemon_set)
                .fold((0usize, 0usize), |(r, t), q| {
                    (r + usize::from(q.explanation.should_run), t + 1)
                });
            let _ = writeln!(
                out,
                "DaemonSet {}/{}: a daemon pod should run on {run} of {total} node{}",
                p.namespace,
                p.daemon_set,
                if total == 1 { "" } else { "s" }
            );
            current = Some(key);
        }
        let _ = writeln!(out, "  node {}: {}", p.node, decision(p));
        if !p.explanation.summary.is_empty() {
            let _ = writeln!(out, "    {}", p.explanation.summary);
        }
        for c in &p.explanation.checks {
            let mark = if c.passed { "pass" } else { "FAIL" };
            if c.detail.is_empty() {
                let _ = writeln!(out, "    [{mark}] {}", c.name);
            } else {
                let _ = writeln!(out, "    [{mark}] {}: {}", c.name, c.detail);
            }
        }
        if !p.pod_summary.is_empty() {
            let _ = writeln!(out, "    {}", p.pod_summary);
        } else if p.pods.is_empty() {
            let _ = writeln!(out, "    pods: none");
        } else {
            let _ = writeln!(out, "    pods: {}", p.pods.join(", "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use dsplay_core::explain::{Check, Explanation};

    fn pair(ds: &str, node: &str, run: bool, checks: Vec<Check>, pods: &[&str]) -> PairExplanation {
        PairExplanation {
            namespace: "default".into(),
            daemon_set: ds.into(),
            node: node.into(),
            explanation: Explanation {
                should_run: run,
                should_continue_running: run,
                summary: if run {
                    "runs here".into()
                } else {
                    "no pod: tainted".into()
                },
                checks,
            },
            pods: pods.iter().map(|p| p.to_string()).collect(),
            pod_summary: String::new(),
        }
    }

    #[test]
    fn groups_by_daemon_set_and_marks_checks() {
        let taint = Check {
            name: "taint node-role.kubernetes.io/control-plane:NoSchedule".into(),
            passed: false,
            detail: "not tolerated".into(),
        };
        let out = render(&[
            pair("b", "w1", true, vec![], &["b-xyz"]),
            pair("a", "cp", false, vec![taint], &[]),
        ]);
        assert_eq!(
            out,
            "DaemonSet default/a: a daemon pod should run on 0 of 1 node\n\
             \x20 node cp: no daemon pod should run here\n\
             \x20   no pod: tainted\n\
             \x20   [FAIL] taint node-role.kubernetes.io/control-plane:NoSchedule: not tolerated\n\
             \x20   pods: none\n\
             \n\
             DaemonSet default/b: a daemon pod should run on 1 of 1 node\n\
             \x20 node w1: a daemon pod should run here\n\
             \x20   runs here\n\
             \x20   pods: b-xyz\n"
        );
    }
}
