//! `dsplay lesson check`: every lesson in `web/lessons` is sound (no check holds at the start
//! or before its solution; each holds after it), the page's index lists them all, and a
//! broken or trivially solved lesson is refused with a located message.

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

fn lessons_dir() -> PathBuf {
    Path::new(DIR).join("../../web/lessons")
}

fn lessons() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(lessons_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.to_str().unwrap().to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn every_lesson_is_sound() {
    let files = lessons();
    assert!(files.len() >= 3, "{files:?}");
    let mut args = vec!["lesson", "check"];
    args.extend(files.iter().map(String::as_str));
    let out = dsplay(&args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert_eq!(stderr, "");
    for f in &files {
        assert!(stdout.contains(&format!("{f}: ok (")), "{f}\n{stdout}");
    }
}

#[test]
fn the_index_lists_every_lesson_in_order() {
    let index = std::fs::read_to_string(lessons_dir().join("index.txt")).unwrap();
    let listed: Vec<&str> = index.lines().filter(|l| !l.trim().is_empty()).collect();
    let files: Vec<String> = lessons()
        .iter()
        .map(|f| {
            Path::new(f)
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(listed, files);
}

fn check_one(text: &str) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("dsplay-lesson-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // One file per call: tests run in parallel, and two texts may have the same length.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = dir.join(format!("l{n}.md"));
    std::fs::write(&file, text).unwrap();
    let path = file.to_str().unwrap();
    let out = dsplay(&["lesson", "check", path]);
    let stderr = String::from_utf8_lossy(&out.stderr).replace(path, "lesson.md");
    (out.status.code().unwrap(), stderr)
}

const LESSON: &str = "---
title: T
scenario: |
  kind: Scenario
  cluster: default
  steps: []
tasks:
- title: Label worker-1
  check:
    nodes: {worker-1: {labels: {disktype: ssd}}}
  solution:
  - step: label:worker-1:disktype=ssd
---
# Story
";

#[test]
fn a_sound_lesson_passes() {
    assert_eq!(check_one(LESSON), (0, String::new()));
}

#[test]
fn a_check_that_holds_at_the_start_is_refused() {
    let (code, err) = check_one(&LESSON.replace("disktype: ssd", "kubernetes.io/os: linux"));
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().next().unwrap(),
        "lesson.md:10:33: tasks[0].check.nodes.worker-1.labels.kubernetes.io/os: holds at the start, before any solution: worker-1 has the label kubernetes.io/os=linux"
    );
}

#[test]
fn a_solution_that_does_not_do_the_task_is_refused() {
    let (code, err) = check_one(&LESSON.replace("label:worker-1", "label:worker-2"));
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().next().unwrap(),
        "lesson.md:10:33: tasks[0].check.nodes.worker-1.labels.disktype: does not hold after the solution: worker-1 has no label disktype"
    );
}

#[test]
fn a_bad_lesson_file_gets_located_errors() {
    let (code, err) = check_one(&LESSON.replace(
        "  - step: label:worker-1:disktype=ssd",
        "  - step: cordn:worker-1",
    ));
    assert_eq!(code, 1);
    assert!(
        err.starts_with("lesson.md:12:5: tasks[0].solution[0].step: cordn:worker-1: unknown step"),
        "{err}"
    );
    let (code, err) = check_one("# no front matter\n");
    assert_eq!(code, 1);
    assert!(
        err.starts_with("lesson.md:1:1: front matter: expected"),
        "{err}"
    );
    let (code, err) = check_one(&LESSON.replace(
        "scenario: |\n  kind: Scenario\n  cluster: default\n  steps: []\n",
        "scenario: nowhere.yaml\n",
    ));
    assert_eq!(code, 1);
    assert!(
        err.starts_with("lesson.md:3:1: scenario: cannot read nowhere.yaml: "),
        "{err}"
    );
}
