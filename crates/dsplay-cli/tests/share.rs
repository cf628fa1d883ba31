//! `dsplay share` and the `link:` step: a run made with CLI steps, shared, runs again from
//! its link to the same cluster (pod names included), as `simulate` and as `explain`; the
//! page's v1 fixture links open; a damaged link stops the run with a clear message.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_dsplay");
const DIR: &str = env!("CARGO_MANIFEST_DIR");

fn dsplay(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .current_dir(DIR)
        .args(args)
        .output()
        .expect("run dsplay");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `(kind, name, node)` of every object `simulate -o json` prints, events apart (their names
/// hold no randomness the pods do not), and the pods' phases.
fn objects(json: &str) -> Vec<(String, String, String)> {
    let list: Value = serde_json::from_str(json).unwrap();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["kind"].as_str().unwrap().to_string(),
                o["metadata"]["name"].as_str().unwrap().to_string(),
                format!("{} {}", o["spec"]["nodeName"], o["status"]["phase"]),
            )
        })
        .collect()
}

const STEPS: &[&str] = &[
    "--seed",
    "7",
    "--default-cluster",
    "tests/data/fluentd.yaml",
    "add-node:worker",
    "add-node:gpu-worker:gpu-1",
    "taint:worker-2:dedicated=infra:NoExecute",
    "tests/data/node-exporter.yaml",
    "cordon:worker-1",
    "wait:20s",
];

#[test]
fn a_shared_run_runs_again_from_its_link() {
    let (code, link, err) = dsplay(&[&["share", "-q"], STEPS].concat());
    assert_eq!(code, 0, "{err}");
    let link = link.trim();
    assert!(link.starts_with("http://127.0.0.1:8080/#v1="), "{link}");
    assert!(!link.contains(char::is_whitespace));
    assert!(link.len() < 2000, "{} characters", link.len());

    let (code, direct, err) = dsplay(&[&["simulate", "-q", "-o", "json"], STEPS].concat());
    assert_eq!(code, 0, "{err}");
    let step = format!("link:{link}");
    let (code, linked, err) = dsplay(&["simulate", "-o", "json", &step]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "", "a link replays quietly");
    let pods = |objs: &[(String, String, String)]| {
        objs.iter()
            .filter(|o| o.0 == "Pod")
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(pods(&objects(&linked)).len(), 10, "{linked}");
    assert_eq!(objects(&linked), objects(&direct));
    // Byte for byte, events and times included.
    assert_eq!(linked, direct);

    // explain reads the same link.
    let (_, direct, _) = dsplay(&[&["explain", "-q"], STEPS].concat());
    let (code, linked, err) = dsplay(&["explain", &step]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(linked, direct);

    // More steps after the link run on top of it; only the fragment works as well.
    let fragment = format!("link:{}", &link[link.find('#').unwrap()..]);
    let (_, after, _) = dsplay(&[
        "simulate",
        "-q",
        "-o",
        "json",
        &fragment,
        "delete:ds/fluentd",
    ]);
    let (_, direct, _) = dsplay(
        &[
            &["simulate", "-q", "-o", "json"],
            STEPS,
            &["delete:ds/fluentd"],
        ]
        .concat(),
    );
    assert_eq!(after, direct);
}

#[test]
fn share_uses_the_base_url_and_keeps_the_last_manifest_for_the_editor() {
    let (code, link, _) = dsplay(&[
        "share",
        "-q",
        "--base-url",
        "https://docs.example/play/?x=1#old",
        "tests/data/fluentd.yaml",
    ]);
    assert_eq!(code, 0);
    assert!(
        link.starts_with("https://docs.example/play/?x=1#v1="),
        "{link}"
    );
    // Sharing the link again gives the same state (the link holds the editor text).
    let step = format!("link:{}", link.trim());
    let (_, again, _) = dsplay(&["share", &step]);
    let fragment = |l: &str| l[l.find('#').unwrap()..].to_string();
    assert_eq!(fragment(&again), fragment(&link));
}

#[test]
fn the_pages_fixture_links_open() {
    for name in ["share_v1.link", "share_v1_browser.link"] {
        let link =
            std::fs::read_to_string(format!("{DIR}/../dsplay-core/tests/data/{name}")).unwrap();
        let (code, out, err) = dsplay(&["simulate", "-o", "wide", &format!("link:{link}")]);
        assert_eq!(code, 0, "{err}");
        for pod in [
            "monitoring-agent-qspgw",
            "monitoring-agent-rzc9v",
            "monitoring-agent-ss25x",
        ] {
            assert!(out.contains(pod), "{name}: {out}");
        }
        let running = out
            .lines()
            .filter(|l| l.starts_with("monitoring-agent-") && l.contains("Running"))
            .count();
        assert_eq!(running, 3, "{out}");
    }
}

#[test]
fn damaged_and_foreign_links_stop_the_run() {
    for (link, says) in [
        (
            "link:#v1=AAAA!!",
            "this link is damaged: character \"!\" at position 5",
        ),
        (
            "link:https://example.com/#intro",
            "this is not a DaemonSet Playground share link",
        ),
        ("link:#v2=AAAA", "made by a newer version of the playground"),
        ("link:#v1=AAAA", "this link is damaged"),
    ] {
        let (code, out, err) = dsplay(&["simulate", link]);
        assert_eq!(code, 2, "{link}");
        assert_eq!(out, "");
        assert!(err.starts_with("dsplay: error: link: "), "{err}");
        assert!(err.contains(says), "{link}: {err}");
        assert!(err.trim_end().ends_with("nothing was loaded"), "{err}");
    }
    let (code, _, err) = dsplay(&["simulate", "tests/data/fluentd.yaml", "link:#v1=AA"]);
    assert_eq!(code, 2);
    assert!(err.contains("must be the first step"), "{err}");
}

#[test]
fn help_documents_share_and_links() {
    let (_, help, _) = dsplay(&["--help"]);
    assert!(help.contains("dsplay share    [OPTIONS] STEP..."));
    assert!(help.contains("link:LINK"));
    assert!(help.contains("--base-url URL"));
}
