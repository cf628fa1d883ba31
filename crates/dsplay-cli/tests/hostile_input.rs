//! Hostile input through the `dsplay` binary: warnings for repeated keys (exit status
//! unchanged), 10 MB files, deep nesting, alias bombs, absurd durations and names. Each run
//! ends with an error in kubectl's shape, never a panic.
//!
//! Bounded reading (issue 11): files, devices and pipes are read up to the size limit and no
//! further; bytes that are not UTF-8, JSON streams and floods of errors are reported as
//! kubectl reports them, located, with exit status 1, and the other files still apply.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_dsplay");

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn dsplay(args: &[&str], stdin: impl AsRef<[u8]>) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dsplay");
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.as_ref().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
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

/// A file in a directory of this test's own.
fn file(name: &str, bytes: &[u8]) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bounds");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

fn node(name: &str) -> String {
    format!("apiVersion: v1\nkind: Node\nmetadata:\n  name: {name}\n")
}

const TOO_LARGE: &str =
    "file is too large: the playground reads at most 8388608 bytes (8 MiB) per file";

/// `/dev/zero` never ends: it is refused after the limit, located, and the run goes on.
#[cfg(target_os = "linux")]
#[test]
fn endless_device_is_refused_at_the_limit() {
    let run = dsplay(
        &["simulate", "--default-cluster", "-o", "wide", "/dev/zero"],
        "",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, format!("/dev/zero:1:1: {TOO_LARGE}\n"));
    assert!(run.stdout.contains("worker-3"), "{}", run.stdout);
}

/// A pipe larger than the limit: the same message, named STDIN; the next file applies.
#[test]
fn large_pipe_is_refused_and_the_next_file_applies() {
    let other = file("other-node.yaml", node("other").as_bytes());
    let mut big = node("big").into_bytes();
    big.extend(std::iter::repeat_n(b'#', 9 * 1024 * 1024));
    let run = dsplay(&["simulate", "-o", "wide", "-", &other], &big);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("STDIN:1:1: {TOO_LARGE}\n")),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("other"), "{}", run.stdout);
    assert!(!run.stdout.contains("big"), "{}", run.stdout);
}

/// An invalid UTF-8 byte is libyaml's reader error at the byte, as kubectl reports it; the
/// documents before it and the other files on the command line still apply.
#[test]
fn invalid_utf8_is_a_located_error_and_other_files_apply() {
    let mut bad = format!("{}---\n", node("before")).into_bytes();
    bad.extend_from_slice(
        b"apiVersion: v1\nkind: Node\nmetadata:\n  name: bad\n  labels:\n    a: b\xffc\n",
    );
    bad.extend_from_slice(format!("---\n{}", node("after")).as_bytes());
    let bad = file("bad-utf8.yaml", &bad);
    let good = file("good-node.yaml", node("good").as_bytes());
    let run = dsplay(&["simulate", "-o", "wide", &bad, &good], b"");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "{bad}:11:9: error converting YAML to JSON: yaml: invalid leading UTF-8 octet\n"
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Usage"), "{}", run.stderr);
    for present in ["before", "good"] {
        assert!(run.stdout.contains(present), "{present}: {}", run.stdout);
    }
    // kubectl stops at the document it cannot read.
    assert!(!run.stdout.contains("after"), "{}", run.stdout);

    // In a JSON stream, Go's encoding/json reads an invalid byte in a string as U+FFFD:
    // here the label value is then refused by validation, located at the value.
    let json = b"{\"apiVersion\": \"v1\", \"kind\": \"Node\", \"metadata\": {\"name\": \"j\", \"labels\": {\"a\": \"\xff\"}}}\n";
    let run = dsplay(&["simulate", "-o", "wide", "-"], json);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("STDIN:1:64: Node/j: metadata.labels: Invalid value: \"\u{fffd}\""),
        "{}",
        run.stderr
    );
}

/// JSON streams are read value by value, as kubectl's `YAMLOrJSONDecoder` reads them.
#[test]
fn json_streams_apply_every_object() {
    let n = |name: &str| {
        format!(r#"{{"apiVersion": "v1", "kind": "Node", "metadata": {{"name": "{name}"}}}}"#)
    };
    let two = format!("{}\n{}\n", n("j1"), n("j2"));
    let run = dsplay(&["simulate", "-o", "wide", "-"], two.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "node/j1 created\nnode/j2 created\n");

    let then_yaml = format!("{}\n---\n{}", n("j1"), node("y1"));
    let run = dsplay(&["simulate", "-o", "wide", "-"], then_yaml.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "node/j1 created\nnode/y1 created\n");

    let garbage = format!("{}\n{}\n}}garbage\n", n("j1"), n("j2"));
    let run = dsplay(&["simulate", "-o", "wide", "-"], garbage.as_bytes());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "node/j1 created\nnode/j2 created\nSTDIN:3:1: json: offset 2: invalid character '}' looking for beginning of value\n3 | }garbage\n  | ^\n"
    );
}

/// A flood of rejected objects: the first 100 errors, then how many more; a flood of broken
/// documents: the first one, which ends the file.
#[test]
fn error_floods_are_bounded() {
    let bad = "---\napiVersion: v1\nkind: Node\nmetadata: {name: UPPER}\n".repeat(5000);
    let run = dsplay(&["simulate", "-q", "-o", "wide", "-"], bad.as_bytes());
    assert_eq!(run.code, 1);
    // Each error is followed by its source line and a caret.
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("STDIN:") || !l.contains(" | "))
        .collect();
    assert_eq!(lines.len(), 102, "{}", run.stderr);
    assert!(
        lines[0].starts_with("STDIN:4:12: Node/UPPER: "),
        "{}",
        lines[0]
    );
    assert!(
        lines[99].starts_with("STDIN:400:12: Node/UPPER: "),
        "{}",
        lines[99]
    );
    assert_eq!(
        lines[100..],
        ["… and 4900 more errors in STDIN", "No resources found"]
    );

    let separators = format!("{}{}", node("first"), "---a\n".repeat(1_000_000));
    let run = dsplay(&["simulate", "-o", "wide", "-"], separators.as_bytes());
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "STDIN:5:1: invalid Yaml document separator: a\n5 | ---a\n  | ^\nNo resources found\n",
        "kubectl's reader returns the error before the document it ends"
    );
    let broken = format!("{}---\n{}", node("first"), "a: b: c\n---\n".repeat(500_000));
    let run = dsplay(&["simulate", "-o", "wide", "-"], broken.as_bytes());
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "node/first created\nSTDIN:6:5: error converting YAML to JSON: yaml: line 6: mapping values are not allowed in this context\n6 | a: b: c\n  |     ^\n"
    );
}
