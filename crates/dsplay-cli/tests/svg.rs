//! `dsplay simulate … -o svg`: golden pictures (refresh with `DSPLAY_BLESS=1` and LOOK at
//! them, e.g. rendered by a browser), each parsed as XML and checked for what it must show;
//! hostile names come out as text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers may panic

use dsplay_core::print::svg;
use dsplay_core::view::{
    ClusterView, DaemonSetView, NodeView, PodDisplayPhase, PodView, TaintView,
};
use std::process::Command;

mod common;
use common::golden;

const BIN: &str = env!("CARGO_BIN_EXE_dsplay");
const DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Runs `dsplay ARGS`; returns stdout (the run must succeed).
fn dsplay(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .current_dir(DIR)
        .args(args)
        .output()
        .expect("run dsplay");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "dsplay {args:?} failed: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// The texts of every `<text>` element, in document order.
fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

/// Parses `svg` as XML: one `<svg>` root in the SVG namespace, with a size, a title, and
/// nothing that runs or loads (no script, image, foreignObject, href, event handler).
fn parse(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    for a in ["width", "height", "viewBox"] {
        assert!(root.attribute(a).is_some(), "no {a}");
    }
    assert!(root.children().any(|c| c.has_tag_name("title")));
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name();
        assert!(
            !["script", "image", "foreignObject", "style", "a", "use"].contains(&tag),
            "<{tag}> in the picture"
        );
        for a in node.attributes() {
            assert!(
                !a.name().starts_with("on") && a.name() != "href",
                "{}={:?} on <{tag}>",
                a.name(),
                a.value()
            );
            assert!(!a.value().contains("http"), "{}={:?}", a.name(), a.value());
        }
    }
    doc
}

#[test]
fn default_cluster_with_the_example_daemon_set() {
    let args = [
        "simulate",
        "--seed",
        "1",
        "--default-cluster",
        "../../web/examples/monitoring-agent.yaml",
        "wait:1m",
        "-o",
        "svg",
    ];
    let out = dsplay(&args);
    assert_eq!(out, dsplay(&args), "same run, same bytes");
    let doc = parse(&out);
    let t = texts(&doc);
    for node in ["control-plane", "worker-1", "worker-2", "worker-3"] {
        assert!(t.iter().any(|x| x == node), "{node} missing: {t:?}");
    }
    // A chip per worker, Ready, in the DaemonSet's colour; none on the control plane.
    assert_eq!(t.iter().filter(|x| *x == "monitoring-agent").count(), 3 + 1);
    assert_eq!(t.iter().filter(|x| *x == "Ready").count(), 3);
    assert!(t.iter().any(|x| x == "node-role.kubernetes.io/"), "{t:?}");
    assert!(t.iter().any(|x| x == "control-plane:NoSchedule"), "{t:?}");
    assert!(out.contains(svg::PALETTE[0]));
    // The `kubectl get ds` row: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE.
    let header = t.iter().position(|x| x == "DESIRED").unwrap();
    let name = header + 7;
    assert_eq!(t[name], "monitoring-agent");
    assert_eq!(t[name + 1..name + 6], ["3", "3", "3", "3", "3"]);
    assert!(t
        .iter()
        .any(|x| x == "daemon set \"monitoring-agent\" successfully rolled out"));
    golden("default.svg", &out);
}

#[test]
fn taints_cordon_not_ready_and_pending_pods() {
    let out = dsplay(&[
        "simulate",
        "--seed",
        "2",
        "--default-cluster",
        "tests/data/fluentd.yaml",
        "tests/data/hungry.yaml",
        "taint:worker-1:dedicated=gpu:NoExecute",
        "cordon:worker-2",
        "notready:worker-3",
        "wait:20s",
        "-o",
        "svg",
    ]);
    let doc = parse(&out);
    let t = texts(&doc);
    assert!(t.iter().any(|x| x == "dedicated=gpu:NoExecute"), "{t:?}");
    assert_eq!(t.iter().filter(|x| *x == "Cordoned").count(), 1);
    assert_eq!(t.iter().filter(|x| *x == "NotReady").count(), 1);
    assert!(t.iter().any(|x| x == "Pending"), "{t:?}");
    // The cordoned card's border is dashed; the NotReady card is tinted.
    assert!(out.contains("stroke-dasharray=\"6 4\""));
    assert!(out.contains("fill=\"#fff8ef\""));
    golden("taints.svg", &out);
}

#[test]
fn an_empty_cluster_is_a_picture_too() {
    let out = dsplay(&["simulate", "-o", "svg", "wait:1s"]);
    let t = texts(&parse(&out));
    assert!(t.iter().any(|x| x == "No nodes."));
    assert!(t
        .iter()
        .any(|x| x == "No resources found in default namespace."));
}

#[test]
fn watch_and_svg_do_not_mix() {
    let out = Command::new(BIN)
        .args(["simulate", "--watch", "-o", "svg"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o svg"));
}

/// Names the API would refuse still come out as text, never as markup: the picture is built
/// from a view, and a view from elsewhere (a link, a future loader) may hold anything.
#[test]
fn hostile_names_are_escaped() {
    let hostile = [
        "<img src=x onerror=alert(1)>",
        "a&b",
        "\"quoted\" 'single'",
        "]]><script>x</script>",
    ];
    let pod = |i: usize, phase| PodView {
        name: format!("{}-{i}", hostile[i % hostile.len()]),
        namespace: hostile[1].into(),
        daemon_set: Some(hostile[i % hostile.len()].into()),
        phase,
        ..PodView::default()
    };
    let view = ClusterView {
        nodes: hostile
            .iter()
            .enumerate()
            .map(|(i, name)| NodeView {
                name: name.to_string(),
                role: hostile[(i + 1) % hostile.len()].into(),
                ready: i % 2 == 0,
                taints: vec![TaintView {
                    key: name.to_string(),
                    value: hostile[2].into(),
                    effect: "NoSchedule".into(),
                }],
                pods: vec![
                    pod(i, PodDisplayPhase::Ready),
                    pod(i + 1, PodDisplayPhase::Pending),
                ],
                ..NodeView::default()
            })
            .collect(),
        daemon_sets: hostile
            .iter()
            .map(|name| DaemonSetView {
                namespace: hostile[1].into(),
                name: name.to_string(),
                node_selector: hostile[0].into(),
                rollout_status: format!("Waiting for daemon set {name:?} rollout"),
                ..DaemonSetView::default()
            })
            .collect(),
        unplaced_pods: vec![pod(3, PodDisplayPhase::Failed)],
        ..ClusterView::default()
    };
    let out = svg::to_string(&view);
    for raw in ["<img", "<script", "onerror=alert(1)>", "a&b"] {
        assert!(!out.contains(raw), "{raw} written as is");
    }
    let doc = parse(&out);
    let t = texts(&doc);
    // Every name reads back as it was.
    for name in hostile {
        assert!(
            t.iter().any(|x| x == name),
            "{name} not shown as text: {t:?}"
        );
    }
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles.contains(&"<img src=x onerror=alert(1)>-0 Ready"),
        "{titles:?}"
    );
}

/// `-o chart`: the rolling-update scenario (two DaemonSets, one rollout each) as two charts on
/// one time axis, each with its six status lines, its rollout's start and end, and the
/// scenario's steps.
#[test]
fn chart_of_a_scenario_with_rollouts() {
    let args = [
        "simulate",
        "-q",
        "../../web/scenarios/05-rolling-update.yaml",
        "-o",
        "chart",
    ];
    let out = dsplay(&args);
    assert_eq!(out, dsplay(&args), "same run, same bytes");
    let doc = parse(&out);
    let t = texts(&doc);
    for name in ["daemonset/delete-first", "daemonset/surge-first"] {
        assert!(t.iter().any(|x| x == name), "{name} missing: {t:?}");
    }
    let charts: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("data-daemonset").is_some())
        .collect();
    assert_eq!(charts.len(), 2);
    for chart in &charts {
        let lines: Vec<&str> = chart
            .descendants()
            .filter_map(|n| n.attribute("data-field"))
            .collect();
        assert_eq!(lines.len(), 6, "{lines:?}");
        let marks = |kind: &str| {
            chart
                .descendants()
                .filter(|n| n.attribute("data-mark") == Some(kind))
                .map(|n| {
                    n.children()
                        .find(|c| c.has_tag_name("title"))
                        .unwrap()
                        .text()
                        .unwrap()
                        .to_string()
                })
                .collect::<Vec<_>>()
        };
        let name = chart.attribute("data-daemonset").unwrap();
        assert_eq!(
            marks("rollout-start"),
            [format!("rollout of {name} started at 60s")]
        );
        assert_eq!(marks("rollout-end").len(), 1);
        // The default cluster's four nodes, the first apply, the second (the new image).
        let steps = marks("step");
        assert_eq!(steps.len(), 6, "{steps:?}");
        assert_eq!(
            steps[5],
            "apply -f ../../web/scenarios/05-rolling-update.yaml at 60s"
        );
    }
    golden("rolling-update-chart.svg", &out);
}

#[test]
fn a_chart_without_daemon_sets_says_so() {
    let out = dsplay(&["simulate", "--default-cluster", "-o", "chart", "wait:1s"]);
    let t = texts(&parse(&out));
    assert_eq!(t, ["No DaemonSets."]);
}
