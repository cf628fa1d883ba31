//! Hostile manifests through [`Simulation::apply`] (not just the loader): 10 MB files, objects
//! over the API server's request limit, deep nesting in every YAML form, alias bombs, and
//! floods of documents. Each is an error in the report, nothing is applied, and the cluster
//! keeps working afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dsplay_core::clock::SimDuration;
use dsplay_core::load::{MAX_ERRORS_PER_FILE, MAX_FILE_BYTES};
use dsplay_core::location::ErrorKind;
use dsplay_core::sim::{ApplyReport, Input, Simulation};

const DS_HEAD: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
";

const DS_SPEC: &str = "spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, image: c}]}
";

/// Applies `text` through `Input::Apply` and checks the cluster still works.
fn apply(text: &str) -> (Simulation, ApplyReport) {
    let mut sim = Simulation::with_default_cluster(1);
    let report = sim
        .step(Input::Apply {
            file: "big.yaml".into(),
            text: text.to_string(),
        })
        .unwrap();
    // Still usable: a good manifest applies and converges.
    let ok = sim.apply(
        "ok.yaml",
        &format!("{DS_HEAD}{DS_SPEC}").replace("agent", "ok"),
    );
    assert_eq!(ok.applied.len(), 1, "{:?}", ok.errors);
    assert!(sim.settle(SimDuration::from_secs(60)));
    (sim, report)
}

fn messages(r: &ApplyReport) -> Vec<String> {
    r.errors.iter().map(|e| e.to_string()).collect()
}

#[test]
fn ten_megabyte_file_is_one_error() {
    let mut text = format!("{DS_HEAD}  annotations:\n    a: \"");
    text.push_str(&"x".repeat(10 * 1024 * 1024));
    text.push_str("\"\n");
    text.push_str(DS_SPEC);
    let (sim, r) = apply(&text);
    assert!(r.applied.is_empty());
    assert_eq!(r.errors.len(), 1, "{:?}", messages(&r));
    assert!(
        messages(&r)[0].contains("file is too large"),
        "{:?}",
        messages(&r)
    );
    assert_eq!(sim.view().daemon_sets.len(), 1);
}

#[test]
fn object_over_the_request_limit_is_refused_and_its_neighbour_applies() {
    // 7 MB: under the file limit, over the API server's 3 MiB request limit.
    let mut text = format!("{DS_HEAD}  annotations:\n    a: \"");
    text.push_str(&"x".repeat(7 * 1024 * 1024));
    text.push_str("\"\n");
    text.push_str(DS_SPEC);
    text.push_str("---\n");
    text.push_str(&format!("{DS_HEAD}{DS_SPEC}").replace("agent", "small"));
    assert!(text.len() < MAX_FILE_BYTES);
    let (sim, r) = apply(&text);
    assert_eq!(r.applied.len(), 1, "{:?}", messages(&r));
    assert_eq!(r.applied[0].line, "daemonset.apps/small created");
    assert!(
        messages(&r)
            .iter()
            .any(|m| m.contains("Request entity too large: limit is 3145728")),
        "{:?}",
        messages(&r)
    );
    assert_eq!(sim.view().daemon_sets.len(), 2);
}

/// Found by this file: 100,000 nested `[` took minutes (libyaml's scanner is quadratic in
/// flow nesting), and `[` and `{` nesting gave different messages. Now a linear pre-scan
/// refuses them at once with `exceeded max depth of 200`.
#[test]
fn regression_deep_flow_nesting_is_rejected_in_linear_time() {
    let n = 100_000;
    let forms = [
        // flow sequences and mappings
        format!("{DS_HEAD}{DS_SPEC}x: {}1{}\n", "[".repeat(n), "]".repeat(n)),
        format!(
            "{DS_HEAD}{DS_SPEC}x: {}1{}\n",
            "{a: ".repeat(n),
            "}".repeat(n)
        ),
        // block sequences on one line (`- - - - 1`)
        format!("{DS_HEAD}{DS_SPEC}x:\n{}1\n", "- ".repeat(n)),
        // block mappings, indented one more each time (20k levels: 200 MB would be too big)
        {
            let mut s = format!("{DS_HEAD}{DS_SPEC}x:\n");
            for i in 1..2_000 {
                s.push_str(&" ".repeat(i));
                s.push_str("a:\n");
            }
            s
        },
        // JSON
        format!("{{\"kind\": {}1{}}}", "[".repeat(n), "]".repeat(n)),
    ];
    for text in forms {
        let (sim, r) = apply(&text);
        assert!(r.applied.is_empty(), "{:?}", r.applied);
        assert!(!r.errors.is_empty());
        assert!(
            messages(&r)
                .iter()
                .any(|m| m.contains("exceeded max depth") || m.contains("yaml:")),
            "{:?}",
            messages(&r)
        );
        assert_eq!(sim.view().daemon_sets.len(), 1);
    }
}

/// Billion laughs, inside a DaemonSet (annotations) and as a `List` of Nodes.
#[test]
fn alias_bombs_are_errors() {
    let mut lol = String::from("  annotations: &a0 {x: \"lol\"}\n");
    for i in 1..=12 {
        let p = i - 1;
        lol.push_str(&format!(
            "  l{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    let in_ds = format!("{DS_HEAD}{lol}{DS_SPEC}");
    let mut list = String::from(
        "apiVersion: v1\nkind: List\nx0: &n0 {apiVersion: v1, kind: Node, metadata: {name: n}}\n",
    );
    for i in 1..=12 {
        let p = i - 1;
        list.push_str(&format!(
            "x{i}: &n{i} [*n{p},*n{p},*n{p},*n{p},*n{p},*n{p},*n{p},*n{p},*n{p},*n{p}]\n"
        ));
    }
    list.push_str("items: *n12\n");
    for text in [in_ds, list] {
        let (sim, r) = apply(&text);
        assert!(r.applied.is_empty(), "{:?}", r.applied);
        assert!(
            messages(&r)
                .iter()
                .any(|m| m.contains("excessive aliasing")),
            "{:?}",
            messages(&r)
        );
        assert_eq!(sim.view().nodes.len(), 4);
    }
}

/// Aliases that expand to a large but allowed object: applied once, bounded.
#[test]
fn moderate_aliasing_applies() {
    let text = format!(
        "{DS_HEAD}  labels: &l {{app: agent}}\nspec:\n  selector: {{matchLabels: *l}}\n  template:\n    metadata: {{labels: *l}}\n    spec: {{containers: [{{name: c, image: c}}]}}\n"
    );
    let (sim, r) = apply(&text);
    assert_eq!(r.applied.len(), 1, "{:?}", messages(&r));
    assert_eq!(sim.view().daemon_sets.len(), 2);
}

/// Hundreds of thousands of empty or tiny documents, and one very long line.
#[test]
fn floods_of_documents_and_long_lines() {
    let empty_docs = "---\n".repeat(500_000);
    let (_, r) = apply(&empty_docs);
    assert!(r.applied.is_empty() && r.errors.is_empty());

    let tiny = "---\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: c}\n".repeat(20_000);
    let (_, r) = apply(&tiny);
    assert_eq!(r.not_simulated.len(), 20_000);

    // Every object's error counts; the first MAX_ERRORS_PER_FILE are kept, in file order.
    let missing_kind = "---\na: 1\n".repeat(50_000);
    let (_, r) = apply(&missing_kind);
    assert_eq!(r.errors.len(), MAX_ERRORS_PER_FILE + 1);
    assert_eq!(r.errors[MAX_ERRORS_PER_FILE - 1].location.line, 200);
    let more = &r.errors[MAX_ERRORS_PER_FILE];
    assert_eq!(more.kind, ErrorKind::TooManyErrors);
    assert_eq!(more.location.line, 202);
    assert_eq!(more.message, "… and 49900 more errors in big.yaml");

    // kubectl stops reading a file at the first document it cannot read: one error, and
    // the objects before it are applied.
    let node = "---\napiVersion: v1\nkind: Node\nmetadata: {name: n1}\n";
    let broken = format!("{node}{}", "---\na: b: c\n".repeat(100_000));
    let (sim, r) = apply(&broken);
    assert_eq!(messages(&r), ["big.yaml:6:5: error converting YAML to JSON: yaml: line 6: mapping values are not allowed in this context"]);
    assert!(sim.view().nodes.iter().any(|n| n.name == "n1"));
    let separators = format!("{node}{}", "---a\nb: 1\n".repeat(100_000));
    let (_, r) = apply(&separators);
    assert_eq!(
        messages(&r),
        ["big.yaml:5:1: invalid Yaml document separator: a"]
    );

    let long_line = format!("{DS_HEAD}{DS_SPEC}x: {}\n", "y".repeat(4 * 1024 * 1024));
    let (_, r) = apply(&long_line);
    assert!(r.applied.is_empty());
    assert!(!r.errors.is_empty());
}

/// The linear pre-scan for flow nesting never mistakes brackets in scalars, comments or
/// block scalars for flow collections, and finds the ones behind tags and anchors.
#[test]
fn flow_depth_prescan_counts_only_flow_collections() {
    let deep = "[".repeat(300);
    let not_flow = [
        format!("a: \"{deep}\"\n"),
        format!("a: '{deep}'\n"),
        format!("a: x{deep}\n"),
        format!("a: b {deep}\n"),
        format!("a: 1 # {deep}\n"),
        format!("# {deep}\na: 1\n"),
        format!("a: |\n  {deep}\n  {deep}\nb: 1\n"),
        format!("a: >-\n    {deep}\n\n    {deep}\nb: 1\n"),
        format!("- |\n  {deep}\n- 2\n"),
        format!("a: [\"{deep}\", '{deep}', it's]\n"),
        format!("{{\"a\": \"{}\"}}", "[{".repeat(300)),
    ];
    for text in not_flow {
        let out = dsplay_core::load::load("f.yaml", &text);
        assert!(
            !out.errors.iter().any(|e| e.message.contains("max depth")),
            "{text:?}: {:?}",
            out.errors
        );
    }
    let close = "]".repeat(300);
    let flow = [
        format!("a: {deep}1{close}\n"),
        format!("a:\n  {deep}1{close}\n"),
        format!("a: !!seq {deep}1{close}\n"),
        format!("a: &x {deep}1{close}\n"),
        format!("- {deep}1{close}\n"),
        format!("a: |\n  x\nb: {deep}1{close}\n"),
        format!("? {deep}1{close}\n: 1\n"),
    ];
    for text in flow {
        let out = dsplay_core::load::load("f.yaml", &text);
        assert!(
            out.errors
                .iter()
                .any(|e| e.message
                    == "error converting YAML to JSON: yaml: exceeded max depth of 200"),
            "{text:?}: {:?}",
            out.errors
        );
    }
    // Located at the 201st bracket, in the whole file.
    let text = format!("a: 1\n---\nb:\n  c: {deep}1{close}\n");
    let out = dsplay_core::load::load("f.yaml", &text);
    let e: Vec<_> = out
        .errors
        .iter()
        .filter(|e| e.message.contains("max depth"))
        .collect();
    assert_eq!(e.len(), 1, "{:?}", out.errors);
    assert_eq!((e[0].location.line, e[0].location.column), (4, 206));
}
