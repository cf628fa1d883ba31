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

/// As `kubectl apply -f` (its `YAMLOrJSONDecoder` returns the error, the stream visitor
/// stops): the documents before a broken one load, the broken one and those after it do not.
#[test]
fn syntax_error_is_located_in_the_whole_file_and_ends_it() {
    let text = format!(
        "{DS}---\napiVersion: v1\nkind: Node\nmetadata:\n  name: x: y\n---\n{}",
        DS.replace("name: agent\nspec", "name: agent2\nspec")
    );
    let out = load("f.yaml", &text);
    assert_eq!(out.objects.len(), 1);
    assert_eq!(
        errors(&out),
        vec!["f.yaml:19:10: error converting YAML to JSON: yaml: line 19: mapping values are not allowed in this context"]
    );
}

/// Two JSON objects one after the other, a JSON object then `---` and YAML: every object
/// loads, as `YAMLOrJSONDecoder` reads them; garbage after two objects is Go's JSON error.
#[test]
fn json_streams_load_object_by_object() {
    let node = |n: &str| {
        format!(r#"{{"apiVersion": "v1", "kind": "Node", "metadata": {{"name": "{n}"}}}}"#)
    };
    let names = |out: &LoadOutput| -> Vec<String> {
        out.objects
            .iter()
            .map(|o| match &o.object {
                ApiObject::Node(n) => n.metadata.name.clone().unwrap_or_default(),
                ApiObject::DaemonSet(d) => d.metadata.name.clone().unwrap_or_default(),
                _ => String::new(),
            })
            .collect()
    };
    let two = format!("{}\n{}\n", node("a"), node("b"));
    let out = load("s.json", &two);
    assert!(out.errors.is_empty(), "{:?}", errors(&out));
    assert_eq!(names(&out), ["a", "b"]);
    assert_eq!(out.objects[1].location.line, 2);

    let then_yaml = format!("{}\n---\n{DS}", node("a"));
    let out = load("s.json", &then_yaml);
    assert!(out.errors.is_empty(), "{:?}", errors(&out));
    assert_eq!(names(&out), ["a", "agent"]);
    assert_eq!(out.objects[1].location.line, 3);

    let garbage = format!("{}{}\nnot json\n{}", node("a"), node("b"), node("c"));
    let out = load("s.json", &garbage);
    assert_eq!(names(&out), ["a", "b"]);
    assert_eq!(
        errors(&out),
        [
            "s.json:2:2: json: offset 3: invalid character 'o' in literal null (expecting 'u')"
                .to_string()
        ]
    );
    // One object then garbage: the rest is read as YAML (a plain scalar, not an object).
    let out = load("s.json", &format!("{}\ngarbage\n", node("a")));
    assert_eq!(names(&out), ["a"]);
    assert_eq!(out.errors.len(), 1, "{:?}", errors(&out));
    assert_eq!(out.errors[0].location.line, 2);
}

/// A file of more than MAX_ERRORS_PER_FILE rejected objects keeps the first ones, in file
/// order, and counts the others.
#[test]
fn error_floods_keep_the_first_errors_and_count_the_others() {
    let text = "---\napiVersion: v1\nkind: Node\nmetadata: {name: UPPER}\n".repeat(1000);
    let out = load("f.yaml", &text);
    assert!(out.objects.is_empty());
    assert_eq!(out.errors.len(), dsplay_core::load::MAX_ERRORS_PER_FILE);
    assert_eq!(
        out.omitted_errors.count,
        1000 - dsplay_core::load::MAX_ERRORS_PER_FILE
    );
    assert_eq!(out.errors[0].location.line, 4);
    assert_eq!(out.errors[99].location.line, 4 + 99 * 4);
    let more = out.omitted_errors.stand_in("f.yaml", "errors").unwrap();
    assert_eq!(
        more.to_string(),
        "f.yaml:404:12: … and 900 more errors in f.yaml"
    );
}

/// libyaml's reader errors (a control character; in `decode`, an invalid UTF-8 byte) are
/// located at their byte, in go-yaml's words (without a line: go-yaml gives none).
#[test]
fn reader_errors_are_located_at_the_byte() {
    let out = load("f.yaml", "a: 1\n---\nb: 2\nc: \"x\u{1}\"\n");
    assert_eq!(
        errors(&out),
        [
            "f.yaml:1:1: Object 'Kind' is missing in '{\"a\":1}'",
            "f.yaml:4:6: error converting YAML to JSON: yaml: control characters are not allowed"
        ]
    );
    let d = dsplay_core::load::decode(
        "f.yaml",
        b"a: 1\n---\nb: 2\nc: x\xc3(\n---\nd: 1\n".to_vec(),
    );
    assert_eq!(d.text, "a: 1\n---\n");
    assert_eq!(
        d.error.map(|e| e.to_string()).as_deref(),
        Some("f.yaml:4:6: error converting YAML to JSON: yaml: invalid trailing UTF-8 octet")
    );
    let d = dsplay_core::load::decode("f.json", b"{\"a\": \"\xe2\x82x\"}".to_vec());
    assert_eq!(
        (d.text.as_str(), d.error),
        ("{\"a\": \"\u{fffd}\u{fffd}x\"}", None)
    );
}

/// The scalars of a sequence of more than 10,000 items have no position of their own (a
/// flow list of 4 million `1,` would cost hundreds of MB): an error about one is located at
/// its sequence; shorter sequences keep item positions.
#[test]
fn long_scalar_sequences_locate_errors_at_the_sequence() {
    let args = |n: usize| {
        let mut items = vec!["a"; n];
        items[n - 1] = "1";
        format!("{DS}        args: [{}]\n", items.join(", "))
    };
    let e = |n: usize| {
        let out = load("f.yaml", &args(n));
        out.errors
            .first()
            .map(|e| (e.location.line, e.location.column))
    };
    assert_eq!(e(20_000), Some((15, 9)));
    assert_eq!(e(10), Some((15, 43)));
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

/// Every error of an object is located at its own field (the nearest ancestor with a
/// position otherwise), however many there are: 3,000 volumes all named `v` give 2,999
/// `Duplicate value` errors, the first hundred kept, each at its volume's `name`; one
/// more stands for the rest. (A Pod of 200,000 such volumes is issue 11's reproduction; its
/// errors are located with one index built once, `PositionIndex::locator`, whose work the
/// unit tests of `load::positions` bound.)
#[test]
fn many_errors_of_one_object_each_at_its_field() {
    let n = 3000;
    let mut text = String::from(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: i}]\n  volumes:\n",
    );
    for _ in 0..n {
        text.push_str("  - name: v\n    emptyDir: {}\n");
    }
    let out = load("v.yaml", &text);
    assert_eq!(out.errors.len(), 100, "{:?}", errors(&out));
    for (i, e) in out.errors.iter().enumerate() {
        // Volume k (from 0) is on line 7 + 2k, its `name` key at column 5.
        let k = i + 1;
        assert_eq!(
            (e.location.line, e.location.column),
            (7 + 2 * k as u32, 5),
            "{e}"
        );
        assert!(
            e.message
                .contains(&format!("spec.volumes[{k}].name: Duplicate value: \"v\"")),
            "{e}"
        );
    }
    assert_eq!(out.omitted_errors.count, n - 1 - 100);
}
