//! Hostile input through the `dsplay` binary: warnings for repeated keys (exit status
//! unchanged), 10 MB files, deep nesting, alias bombs, absurd durations and names. Each run
//! ends with an error in kubectl's shape, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_dsplay");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn dsplay(args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dsplay");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_string();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(stdin.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const DS: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: c
        image: c:1
        image: c:2
";

#[test]
fn repeated_keys_are_warnings_on_stderr_and_the_exit_status_is_unchanged() {
    let run = dsplay(&["simulate", "--default-cluster", "-"], DS);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(
        warnings,
        vec![
            "STDIN:15:9: DaemonSet/agent: warning: duplicate field \"spec.template.spec.containers[0].image\": the last value is used (kubectl keeps it silently)"
        ],
        "{}",
        run.stderr
    );
    // The last value is in effect.
    assert!(run.stdout.contains("image: c:2"));
    assert!(!run.stdout.contains("image: c:1"));
    // -q silences progress lines, not warnings.
    let quiet = dsplay(&["simulate", "-q", "--default-cluster", "-"], DS);
    assert_eq!(quiet.code, 0);
    assert!(
        quiet.stderr.contains(": warning: duplicate field"),
        "{}",
        quiet.stderr
    );
}

#[test]
fn hostile_files_are_errors_with_exit_status_1() {
    let big = format!("{DS}    x: \"{}\"\n", "y".repeat(10 * 1024 * 1024));
    let deep = format!("a: {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let mut bomb =
        String::from("apiVersion: v1\nkind: List\nx0: &n0 [a, b, c, d, e, f, g, h, i, j]\n");
    for i in 1..=12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "x{i}: &n{i} [*n{p},*n{p},*n{p},*n{p},*n{p},*n{p},*n{p},*n{p},*n{p},*n{p}]\n"
        ));
    }
    bomb.push_str("items: *n12\n");
    for (text, want) in [
        (big, "file is too large"),
        (deep, "exceeded max depth of 200"),
        (bomb, "document contains excessive aliasing"),
    ] {
        let run = dsplay(&["simulate", "--default-cluster", "-o", "wide", "-"], &text);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains(want), "{want}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("STDIN:") || run.stderr.contains("\nSTDIN:"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        // The default cluster is still printed.
        assert!(run.stdout.contains("worker-3"), "{}", run.stdout);
    }
}

#[test]
fn absurd_waits_and_names_do_not_panic() {
    let long = "x".repeat(300);
    let steps: Vec<String> = vec![
        "wait:0s".into(),
        "wait:999999999999h".into(),
        "wait:18446744073709551615ms".into(),
        format!("add-node:worker:{long}"),
        format!("cordon:{long}"),
        format!("taint:worker-1:{long}=v:NoExecute"),
        format!("label:worker-1:{long}=v"),
        format!("delete:ds/{long}"),
        format!("undo:ds/{long}:-9223372036854775808"),
        "undo:ds/agent:99999999999999999999".into(),
        "fail:pod/nope".into(),
    ];
    for step in &steps {
        let run = dsplay(&["simulate", "-q", "--default-cluster", "-", step], DS);
        assert!(!run.stderr.contains("panicked"), "{step}: {}", run.stderr);
        assert!(matches!(run.code, 0..=2), "{step}: {}", run.code);
        // wide output renders AGE for any time
        let run = dsplay(
            &[
                "simulate",
                "-q",
                "-o",
                "wide",
                "--default-cluster",
                "-",
                step,
            ],
            DS,
        );
        assert!(!run.stderr.contains("panicked"), "{step}: {}", run.stderr);
    }
}
