//! Callers match on an error's kind and location, not its text: one manifest per kind of
//! [`ErrorKind`] (and per [`SimError`] variant), the kind, field and location it gives, and the
//! text staying as it was.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use dsplay_core::load::load;
use dsplay_core::location::{ErrorKind, ErrorType};
use dsplay_core::sim::{
    Input, NodeOp, NodeTemplate, ObjectKind, SimError, Simulation, TaintEffect,
};

const DS: &str = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels:\n      app: d\n  template:\n    metadata:\n      labels:\n        app: d\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";

/// `kind!(test, manifest, ErrorKind, field, "line:col", message prefix)`: the first error of
/// `manifest` has that kind, field, place, and message.
macro_rules! kind {
    ($name:ident, $text:expr, $kind:expr, $field:expr, $at:expr, $starts:expr) => {
        #[test]
        fn $name() {
            let text: String = $text;
            let out = load("f.yaml", &text);
            let e = out.errors.first().expect("an error");
            assert_eq!(e.kind, $kind, "{e}");
            assert_eq!(e.field.as_deref(), $field, "{e}");
            assert_eq!(
                format!("{}:{}", e.location.line, e.location.column),
                $at,
                "{e}"
            );
            assert!(e.message.starts_with($starts), "{e}");
            // The one-line text is still `FILE:LINE:COL: [Kind/name: ]message`.
            let object = e
                .object
                .as_ref()
                .map(|o| format!("{o}: "))
                .unwrap_or_default();
            assert_eq!(
                e.to_string(),
                format!("f.yaml:{}: {object}{}", $at, e.message)
            );
        }
    };
}

kind!(
    syntax,
    "kind: Node\nmetadata:\n  name: [a\n".into(),
    ErrorKind::Syntax,
    None,
    "4:1",
    "error converting YAML to JSON: yaml: line 4: did not find expected ',' or ']'"
);
kind!(
    bad_separator,
    "--- x\nkind: Node\n".into(),
    ErrorKind::Syntax,
    None,
    "1:1",
    "invalid Yaml document separator: x"
);
kind!(
    too_deep,
    format!("a: {}{}\n", "[".repeat(300), "]".repeat(300)),
    ErrorKind::TooDeep,
    None,
    "1:204",
    "error converting YAML to JSON: yaml: exceeded max depth of 200"
);
kind!(
    too_large_file,
    "#".repeat(dsplay_core::load::MAX_FILE_BYTES + 1),
    ErrorKind::TooLarge,
    None,
    "1:1",
    "file is too large: "
);
kind!(
    missing_kind,
    "apiVersion: v1\nmetadata:\n  name: x\n".into(),
    ErrorKind::MissingKind,
    None,
    "1:1",
    "Object 'Kind' is missing in '"
);
kind!(
    missing_version,
    "kind: Node\nmetadata:\n  name: x\n".into(),
    ErrorKind::MissingVersion,
    None,
    "1:1",
    "Object 'apiVersion' is missing in '"
);
kind!(
    unknown_kind,
    DS.replace("apps/v1", "extensions/v1beta1"),
    ErrorKind::UnknownKind,
    None,
    "1:1",
    "resource mapping not found for name: \"d\""
);
kind!(
    unknown_field,
    DS.replace("  selector:", "  color: blue\n  selector:"),
    ErrorKind::UnknownField,
    Some("spec.color"),
    "6:3",
    "strict decoding error: unknown field \"spec.color\""
);
kind!(
    wrong_type,
    DS.replace("image: nginx", "image: nginx\n        ports: 80"),
    ErrorKind::WrongType,
    Some("spec.template.spec.containers[0].ports"),
    "17:9",
    "json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.ports of type []v1.ContainerPort"
);
kind!(
    not_an_object,
    "- a\n- b\n".into(),
    ErrorKind::WrongType,
    None,
    "1:1",
    "couldn't get version/kind; json parse error: json: cannot unmarshal array"
);
kind!(
    required,
    DS.replace("      - name: c\n", "      - name: \"\"\n"),
    ErrorKind::Field(ErrorType::Required),
    Some("spec.template.spec.containers[0].name"),
    "15:9",
    "spec.template.spec.containers[0].name: Required value"
);
kind!(
    invalid,
    DS.replace("      app: d\n  template", "      app: other\n  template"),
    ErrorKind::Field(ErrorType::Invalid),
    Some("spec.template.metadata.labels"),
    "11:7",
    "spec.template.metadata.labels: Invalid value: "
);
kind!(
    invalid_quantity,
    DS.replace(
        "image: nginx",
        "image: nginx\n        resources:\n          requests:\n            cpu: lots"
    ),
    ErrorKind::Field(ErrorType::Invalid),
    Some("spec.template.spec.containers[0].resources.requests.cpu"),
    "19:13",
    "quantities must match the regular expression"
);
kind!(
    not_supported,
    DS.replace("    spec:\n", "    spec:\n      restartPolicy: Never\n"),
    ErrorKind::Field(ErrorType::NotSupported),
    Some("spec.template.spec.restartPolicy"),
    "14:7",
    "spec.template.spec.restartPolicy: Unsupported value: \"Never\""
);
kind!(
    duplicate,
    DS.replace(
        "image: nginx",
        "image: nginx\n      - name: c\n        image: b"
    ),
    ErrorKind::Field(ErrorType::Duplicate),
    Some("spec.template.spec.containers[1].name"),
    "17:9",
    "spec.template.spec.containers[1].name: Duplicate value: \"c\""
);

#[test]
fn repeated_key_is_a_warning_of_its_own_kind() {
    let out = load(
        "f.yaml",
        &DS.replace("  name: d\n", "  name: d\n  name: d\n"),
    );
    assert!(out.errors.is_empty());
    let w = &out.warnings[0];
    assert_eq!(w.kind, ErrorKind::DuplicateKey);
    assert_eq!(w.field.as_deref(), Some("metadata.name"));
    assert_eq!((w.location.line, w.location.column), (5, 3));
}

#[test]
fn update_errors_have_kinds() {
    let mut sim = Simulation::with_default_cluster(1);
    assert!(sim.apply("d.yaml", DS).errors.is_empty());
    let changed = DS.replace("app: d", "app: e");
    let r = sim.apply("d.yaml", &changed);
    let e = &r.errors[0];
    assert_eq!(e.kind, ErrorKind::Field(ErrorType::Invalid), "{e}");
    assert_eq!(e.field.as_deref(), Some("spec.selector"), "{e}");
    assert!(e.message.ends_with("field is immutable"), "{e}");
    let r = sim.apply(
        "n.yaml",
        "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-9\n  resourceVersion: \"5\"\n",
    );
    assert_eq!(
        r.errors[0].kind,
        ErrorKind::Field(ErrorType::Invalid),
        "{}",
        r.errors[0]
    );
    assert_eq!(
        r.errors[0].message,
        "resourceVersion should not be set on objects to be created"
    );
}

#[test]
fn refusals_are_variants_with_kubectl_text() {
    let mut sim = Simulation::with_default_cluster(1);
    let cases: Vec<(Input, SimError, &str)> = vec![
        (
            Input::Node(NodeOp::Cordon {
                name: "nope".into(),
            }),
            SimError::NotFound {
                kind: ObjectKind::Node,
                name: "nope".into(),
            },
            "nodes \"nope\" not found",
        ),
        (
            Input::Node(NodeOp::Add {
                name: Some("worker-1".into()),
                template: NodeTemplate::Worker,
            }),
            SimError::AlreadyExists {
                kind: ObjectKind::Node,
                name: "worker-1".into(),
            },
            "nodes \"worker-1\" already exists",
        ),
        (
            Input::Delete {
                kind: ObjectKind::DaemonSet,
                namespace: String::new(),
                name: "d".into(),
            },
            SimError::NotFound {
                kind: ObjectKind::DaemonSet,
                name: "d".into(),
            },
            "daemonsets.apps \"d\" not found",
        ),
        (
            Input::FailPod {
                namespace: String::new(),
                name: "p".into(),
            },
            SimError::NotFound {
                kind: ObjectKind::Pod,
                name: "p".into(),
            },
            "pods \"p\" not found",
        ),
        (
            Input::Node(NodeOp::RemoveTaint {
                name: "worker-1".into(),
                key: "k".into(),
                effect: Some(TaintEffect::NoExecute),
            }),
            SimError::TaintNotFound {
                key: "k".into(),
                effect: Some(TaintEffect::NoExecute),
            },
            "taint \"k:NoExecute\" not found",
        ),
        (
            Input::Node(NodeOp::RemoveTaint {
                name: "worker-1".into(),
                key: "k".into(),
                effect: None,
            }),
            SimError::TaintNotFound {
                key: "k".into(),
                effect: None,
            },
            "taint \"k:\" not found",
        ),
    ];
    for (input, want, text) in cases {
        let got = sim.step(input).unwrap_err();
        assert_eq!(got, want);
        assert_eq!(got.to_string(), text);
    }
    assert!(sim.apply("d.yaml", DS).errors.is_empty());
    let rollback = |to_revision| Input::Rollback {
        namespace: String::new(),
        name: "d".into(),
        to_revision,
    };
    let e = sim.step(rollback(None)).unwrap_err();
    assert_eq!(e, SimError::NoRolloutHistory { name: "d".into() });
    assert_eq!(
        e.to_string(),
        "no rollout history found for daemonset \"d\""
    );
    let e = sim.step(rollback(Some(7))).unwrap_err();
    assert_eq!(e, SimError::RevisionNotFound { revision: 7 });
    assert_eq!(
        e.to_string(),
        "unable to find specified revision 7 in history"
    );
    let on_delete = DS.replace(
        "spec:\n  selector",
        "spec:\n  updateStrategy:\n    type: OnDelete\n  selector",
    );
    assert!(sim.apply("d.yaml", &on_delete).errors.is_empty());
    let e = sim.rollout_status("default", "d").unwrap_err();
    assert_eq!(e, SimError::RolloutStatusUnavailable);
    assert_eq!(
        e.to_string(),
        "rollout status is only available for RollingUpdate strategy type"
    );
}

/// A text over the size limit is refused before anything is read: the report says so, and the
/// input log (what the page saves and shares) does not keep the text; a text at the limit is
/// read, and logged, as any other.
#[test]
fn too_large_apply_is_refused_and_not_logged() {
    let mut sim = Simulation::new(1);
    let report = sim.apply("f.yaml", &"#".repeat(dsplay_core::load::MAX_FILE_BYTES + 1));
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].kind, ErrorKind::TooLarge);
    assert!(sim.inputs().is_empty(), "{}", sim.inputs().len());
    let at_limit = format!(
        "{DS}{}",
        "#".repeat(dsplay_core::load::MAX_FILE_BYTES - DS.len())
    );
    let report = sim.apply("f.yaml", &at_limit);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(sim.inputs().len(), 1);
    assert!(
        matches!(&sim.inputs()[0].1, Input::Apply { text, .. } if text.len() == at_limit.len())
    );
}
