#![allow(clippy::panic, clippy::unwrap_used)]
//! Located errors: syntax, kinds, strict decoding; and basic loading shapes.

mod load_support;

use dsplay_core::load::{load, ApiObject, LoadOutput};
use load_support::thousand_node_list;

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
      - name: agent
        image: agent:1
";

fn errors(out: &LoadOutput) -> Vec<String> {
    out.errors.iter().map(ToString::to_string).collect()
}

#[test]
fn one_daemon_set_loads_with_defaults() {
    let out = load("ds.yaml", DS);
    assert!(out.errors.is_empty(), "{:?}", errors(&out));
    let [obj] = out.objects.as_slice() else {
        panic!("one object expected");
    };
    let ApiObject::DaemonSet(ds) = &obj.object else {
        panic!("a DaemonSet expected");
    };
    assert_eq!(ds.spec.revision_history_limit, Some(10));
    let c = &ds
        .spec
        .template
        .spec
        .as_ref()
        .map(|s| s.containers.clone())
        .unwrap_or_default()[0];
    assert_eq!(c.image_pull_policy.as_deref(), Some("IfNotPresent"));
    assert_eq!((obj.location.line, obj.location.column), (1, 1));
    let img = obj
        .positions
        .locate("spec.template.spec.containers[0].image");
    assert_eq!(img.map(|l| (l.line, l.column)), Some((14, 9)));
}

#[test]
fn multi_document_stream_with_empty_and_comment_documents() {
    let text = format!("---\n# only a comment\n---\n{DS}---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n");
    let out = load("f.yaml", &text);
    assert!(out.errors.is_empty(), "{:?}", errors(&out));
    assert_eq!(out.objects.len(), 1);
    assert_eq!(out.objects[0].location.line, 4);
    assert_eq!(out.not_simulated.len(), 1);
    assert_eq!(out.not_simulated[0].kind, "ConfigMap");
    assert_eq!(out.not_simulated[0].location.line, 20);
}

#[test]
fn json_file_loads() {
    let text = r#"{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1", "labels": {"a": "b"}},
  "status": {"capacity": {"cpu": 4, "memory": "16Gi", "pods": "110"}}}"#;
    let out = load("n.json", text);
    assert!(out.errors.is_empty(), "{:?}", errors(&out));
    let ApiObject::Node(n) = &out.objects[0].object else {
        panic!("Node expected");
    };
    let alloc = n
        .status
        .as_ref()
        .and_then(|s| s.allocatable.clone())
        .unwrap_or_default();
    assert_eq!(
        alloc.get("cpu").map(|q| q.0.as_str()),
        Some("4"),
        "allocatable defaults to capacity"
    );
}

#[test]
fn v1_list_of_nodes_without_item_kinds_and_with_kinds() {
    let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: Node\n  metadata:\n    name: b\n    labels:\n      x: 1\n";
    let out = load("l.yaml", text);
    assert_eq!(out.objects.len(), 1);
    assert_eq!(out.objects[0].location.line, 4);
    let e = errors(&out);
    assert_eq!(
        e,
        vec!["l.yaml:13:7: Node/b: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"]
    );
    let typed = "apiVersion: v1\nkind: NodeList\nitems:\n- metadata:\n    name: a\n";
    let out = load("l.yaml", typed);
    assert!(out.errors.is_empty(), "{:?}", errors(&out));
    assert_eq!(out.objects.len(), 1);
}

#[test]
fn syntax_error_is_located_in_the_whole_file_and_other_documents_still_load() {
    let text = format!(
        "{DS}---\napiVersion: v1\nkind: Node\nmetadata:\n  name: x: y\n---\n{}",
        DS.replace("name: agent\nspec", "name: agent2\nspec")
    );
    let out = load("f.yaml", &text);
    assert_eq!(out.objects.len(), 2);
    assert_eq!(
        errors(&out),
        vec!["f.yaml:19:10: error converting YAML to JSON: yaml: line 19: mapping values are not allowed in this context"]
    );
}

#[test]
fn missing_kind() {
    let out = load("f.yaml", "apiVersion: v1\nmetadata:\n  name: x\n");
    assert_eq!(
        errors(&out),
        vec![
            r#"f.yaml:1:1: Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'"#
        ]
    );
}

#[test]
fn legacy_daemon_set_versions() {
    for v in ["extensions/v1beta1", "apps/v1beta2", "apps/v1beta1"] {
        let out = load("f.yaml", &DS.replace("apps/v1", v));
        let e = errors(&out).join("\n");
        assert!(
            e.contains(&format!(
                "no matches for kind \"DaemonSet\" in version \"{v}\""
            )),
            "{e}"
        );
        assert!(e.contains("use apiVersion: apps/v1"), "{e}");
        assert!(e.starts_with("f.yaml:1:"), "{e}");
    }
    let out = load(
        "f.yaml",
        "apiVersion: core/v1\nkind: Node\nmetadata:\n  name: n\n",
    );
    assert!(errors(&out)[0]
        .contains("no matches for kind \"Node\" in version \"core/v1\"; use apiVersion: v1"));
}

#[test]
fn unknown_field_is_a_strict_decoding_error_at_its_line() {
    let out = load("f.yaml", &DS.replace("matchLabels:", "matchLabel:"));
    assert!(out.objects.is_empty());
    assert_eq!(
        errors(&out),
        vec![
            r#"f.yaml:7:5: DaemonSet/agent: strict decoding error: unknown field "spec.selector.matchLabel""#
        ]
    );
}

/// A repeated key is accepted and its last value wins, as with `kubectl apply`
/// (kubernetes/kubernetes#125885); the playground notes it in `warnings`, and positions
/// (hence errors) point at the value in effect.
#[test]
fn duplicate_field_errors_are_located_at_the_value_in_effect() {
    let out = load(
        "f.yaml",
        &DS.replace(
            "        image: agent:1\n",
            "        image: agent:1\n        ports: [{containerPort: 80}]\n        image: agent:2\n        ports:\n        - containerPort: 70000\n",
        ),
    );
    assert_eq!(
        errors(&out),
        vec![
            "f.yaml:18:11: DaemonSet/agent: spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive"
        ]
    );
    let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        vec![
            r#"f.yaml:16:9: DaemonSet/agent: duplicate field "spec.template.spec.containers[0].image": the last value is used (kubectl keeps it silently)"#,
            r#"f.yaml:17:9: DaemonSet/agent: duplicate field "spec.template.spec.containers[0].ports": the last value is used (kubectl keeps it silently)"#,
        ]
    );
    let ok = load(
        "f.yaml",
        &DS.replace(
            "        image: agent:1\n",
            "        image: agent:1\n        image: agent:2\n",
        ),
    );
    assert!(ok.errors.is_empty(), "{:?}", errors(&ok));
    let ApiObject::DaemonSet(ds) = &ok.objects[0].object else {
        panic!("a DaemonSet expected");
    };
    let image = ds
        .spec
        .template
        .spec
        .as_ref()
        .map(|s| s.containers[0].image.clone());
    assert_eq!(image, Some(Some("agent:2".to_string())));
    let at = ok.objects[0]
        .positions
        .locate("spec.template.spec.containers[0].image")
        .map(|l| l.line);
    assert_eq!(at, Some(15));
    assert_eq!(ok.warnings.len(), 1);
}

/// Strict decoding reports an unknown field even when its value is `null`; a known field with
/// `null` is its zero value (Go's `encoding/json`).
#[test]
fn unknown_field_with_null_value_is_reported() {
    let out = load(
        "f.yaml",
        &DS.replace("  name: agent\n", "  name: agent\n  nmespace: null\n"),
    );
    assert_eq!(
        errors(&out),
        vec![
            r#"f.yaml:5:3: DaemonSet/agent: strict decoding error: unknown field "metadata.nmespace""#
        ]
    );
    let out = load(
        "f.yaml",
        &DS.replace(
            "  name: agent\n",
            "  name: agent\n  creationTimestamp: null\n  namespace: ~\n",
        )
        .replace(
            "        image: agent:1\n",
            "        image: agent:1\n        env:\n        resources: {limits: {cpu: null}}\n",
        ),
    );
    assert!(out.errors.is_empty(), "{:?}", errors(&out));
    let out = load(
        "f.yaml",
        &DS.replace(
            "      containers:\n",
            "      containerz: null\n      containers:\n",
        ),
    );
    assert_eq!(
        errors(&out),
        vec![
            r#"f.yaml:12:7: DaemonSet/agent: strict decoding error: unknown field "spec.template.spec.containerz""#
        ]
    );
}

/// kubectl sends each `List` item as its own request: the 3 MiB limit applies per item.
#[test]
fn request_size_limit_applies_per_list_item() {
    let big = "x".repeat(1024 * 1024);
    let node = |i: usize| {
        format!("- apiVersion: v1\n  kind: Node\n  metadata:\n    name: n{i}\n  spec:\n    providerID: {big}\n")
    };
    // Three items of ~1 MiB: the document is > 3 MiB, each item is well under.
    let list = format!(
        "apiVersion: v1\nkind: List\nitems:\n{}{}{}",
        node(0),
        node(1),
        node(2)
    );
    assert!(list.len() > 3 * 1024 * 1024);
    let out = load("l.yaml", &list);
    assert!(out.errors.is_empty(), "{:?}", errors(&out));
    assert_eq!(out.objects.len(), 3);
    // One item of > 3 MiB is refused at its line; the others load.
    let huge = "y".repeat(3 * 1024 * 1024);
    let list = format!(
        "apiVersion: v1\nkind: List\nitems:\n{}- apiVersion: v1\n  kind: Node\n  metadata:\n    name: big\n  spec:\n    providerID: {huge}\n",
        node(0)
    );
    let out = load("l.yaml", &list);
    assert_eq!(out.objects.len(), 1);
    assert_eq!(
        errors(&out),
        vec!["l.yaml:10:3: Request entity too large: limit is 3145728"]
    );
}

#[test]
fn yaml_1_1_values_reach_the_api_types() {
    let text = DS.replace(
        "        image: agent:1\n",
        "        image: agent:1\n        stdin: yes\n        ports:\n        - containerPort: 0x50\n      terminationGracePeriodSeconds: 010\n",
    );
    let out = load("f.yaml", &text);
    assert!(out.errors.is_empty(), "{:?}", errors(&out));
    let ApiObject::DaemonSet(ds) = &out.objects[0].object else {
        panic!("DaemonSet expected");
    };
    let spec = ds.spec.template.spec.clone().unwrap_or_default();
    assert_eq!(spec.termination_grace_period_seconds, Some(8));
    assert_eq!(spec.containers[0].stdin, Some(true));
    let port = spec.containers[0].ports.clone().unwrap_or_default()[0].clone();
    assert_eq!(port.container_port, 80);
    assert_eq!(port.protocol.as_deref(), Some("TCP"));
}

#[test]
fn label_value_true_is_a_type_error_as_kubectl_gives() {
    let out = load(
        "f.yaml",
        &DS.replace("labels: {app: agent}", "labels: {app: agent, on: true}"),
    );
    let e = errors(&out);
    assert_eq!(
        e,
        vec!["f.yaml:10:28: DaemonSet/agent: json: cannot unmarshal bool into Go struct field ObjectMeta.spec.template.metadata.labels of type string"]
    );
}

#[test]
fn anchors_and_merge_keys() {
    let text = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  labels: &l {app: agent}
spec:
  selector:
    matchLabels: *l
  template:
    metadata:
      labels:
        <<: *l
        tier: node
    spec:
      containers:
      - &c
        name: agent
        image: agent:1
      - <<: *c
        name: sidecar
";
    let out = load("f.yaml", text);
    assert!(out.errors.is_empty(), "{:?}", errors(&out));
    let ApiObject::DaemonSet(ds) = &out.objects[0].object else {
        panic!("DaemonSet expected");
    };
    let spec = ds.spec.template.spec.clone().unwrap_or_default();
    assert_eq!(spec.containers.len(), 2);
    assert_eq!(spec.containers[1].image.as_deref(), Some("agent:1"));
    assert_eq!(spec.containers[1].name, "sidecar");
}

#[test]
fn too_large_and_too_deep_and_alias_bombs_are_errors_not_panics() {
    let big = "a".repeat(dsplay_core::load::MAX_FILE_BYTES + 1);
    assert_eq!(load("f", &big).errors.len(), 1);
    let deep = format!("a: {}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let out = load("f", &deep);
    assert_eq!(out.errors.len(), 1, "{:?}", errors(&out));
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for c in 'b'..='i' {
        bomb.push_str(&format!(
            "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = c;
    }
    let out = load("f", &bomb);
    assert!(
        errors(&out)
            .join("")
            .contains("document contains excessive aliasing"),
        "{:?}",
        errors(&out)
    );
}

/// A 1,000-node `List` loads, each node located at its item. (Timing: `tests/load_perf.rs`.)
#[test]
fn thousand_node_list_loads() {
    let text = thousand_node_list();
    let out = load("nodes.yaml", &text);
    assert!(out.errors.is_empty(), "{:?}", errors(&out));
    assert_eq!(out.objects.len(), 1000);
    assert_eq!(out.objects[999].location.line, 3 + 999 * 16 + 1);
}
