//! Node selectors and required node affinity: in the style of
//! staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity_test.go
//! (`TestNodeSelectorMatch`, `TestRequiredAffinityMatch`) and labels/selector_test.go.

mod predicates_support;

use dsplay_core::predicates::{
    label_requirement_matches, node_selector_matches, node_selector_term_matches,
    required_node_affinity_matches, RequirementError,
};
use k8s_openapi::api::core::v1::{NodeSelector, PodSpec};
use predicates_support::*;

/// One requirement against the labels `{foo: bar, num: 10}`: every operator.
#[test]
fn label_requirement_operator_table() {
    let node_labels = labels(&[("foo", "bar"), ("num", "10"), ("empty", "")]);
    let l = Some(&node_labels);
    type Row = (
        &'static str,
        &'static str,
        &'static [&'static str],
        Result<bool, RequirementError>,
    );
    let cases: &[Row] = &[
        ("foo", "In", &["bar"], Ok(true)),
        ("foo", "In", &["baz", "bar"], Ok(true)),
        ("foo", "In", &["baz"], Ok(false)),
        ("missing", "In", &["bar"], Ok(false)),
        ("foo", "NotIn", &["bar"], Ok(false)),
        ("foo", "NotIn", &["baz"], Ok(true)),
        // NotIn matches a node without the label (spec §14.2).
        ("missing", "NotIn", &["bar"], Ok(true)),
        ("foo", "Exists", &[], Ok(true)),
        ("empty", "Exists", &[], Ok(true)),
        ("missing", "Exists", &[], Ok(false)),
        ("foo", "DoesNotExist", &[], Ok(false)),
        ("missing", "DoesNotExist", &[], Ok(true)),
        ("num", "Gt", &["9"], Ok(true)),
        ("num", "Gt", &["10"], Ok(false)),
        ("num", "Lt", &["11"], Ok(true)),
        ("num", "Lt", &["10"], Ok(false)),
        ("num", "Gt", &["007"], Ok(true)),
        // Values are label values too (`NewRequirement`): a sign is not allowed.
        ("num", "Gt", &["-5"], Err(RequirementError::InvalidValue)),
        // A label that is not an integer, or is missing, never matches Gt/Lt.
        ("foo", "Gt", &["1"], Ok(false)),
        ("missing", "Lt", &["1"], Ok(false)),
        // Parse errors.
        ("num", "Gt", &["1.5"], Err(RequirementError::NotAnInteger)),
        (
            "num",
            "Gt",
            &["1", "2"],
            Err(RequirementError::NotExactlyOneValue),
        ),
        ("num", "Lt", &[], Err(RequirementError::NotExactlyOneValue)),
        ("foo", "In", &[], Err(RequirementError::EmptyValues)),
        ("foo", "NotIn", &[], Err(RequirementError::EmptyValues)),
        (
            "foo",
            "Exists",
            &["bar"],
            Err(RequirementError::UnexpectedValues),
        ),
        (
            "foo",
            "DoesNotExist",
            &["bar"],
            Err(RequirementError::UnexpectedValues),
        ),
        (
            "foo",
            "in",
            &["bar"],
            Err(RequirementError::InvalidOperator),
        ),
        (
            "foo",
            "Equals",
            &["bar"],
            Err(RequirementError::InvalidOperator),
        ),
        ("foo bar", "Exists", &[], Err(RequirementError::InvalidKey)),
        (
            "Example.com/foo",
            "Exists",
            &[],
            Err(RequirementError::InvalidKey),
        ),
        ("example.com/foo", "Exists", &[], Ok(false)),
        (
            "foo",
            "In",
            &["not valid!"],
            Err(RequirementError::InvalidValue),
        ),
    ];
    for (key, op, values, want) in cases {
        let r = req(key, op, values);
        assert_eq!(
            label_requirement_matches(&r, l),
            *want,
            "{key} {op} {values:?}"
        );
    }
}

/// Mirrors `TestNodeSelectorMatch`: terms ORed, requirements ANDed, empty term and parse
/// errors match nothing, matchFields on metadata.name.
#[test]
fn test_node_selector_match() {
    let node = new_node(
        "node_1",
        Some(labels(&[
            ("label_1", "label_1_val"),
            ("label_2", "label_2_val"),
        ])),
    );
    let ns = |terms| NodeSelector {
        node_selector_terms: terms,
    };
    let cases = vec![
        ("nil terms", ns(vec![]), false),
        (
            "empty term matches nothing",
            ns(vec![term(vec![], vec![])]),
            false,
        ),
        (
            "match expression",
            ns(vec![term(
                vec![req("label_1", "In", &["label_1_val"])],
                vec![],
            )]),
            true,
        ),
        (
            "requirements ANDed",
            ns(vec![term(
                vec![
                    req("label_1", "In", &["label_1_val"]),
                    req("label_2", "In", &["nope"]),
                ],
                vec![],
            )]),
            false,
        ),
        (
            "terms ORed",
            ns(vec![
                term(vec![req("label_2", "In", &["nope"])], vec![]),
                term(vec![req("label_1", "Exists", &[])], vec![]),
            ]),
            true,
        ),
        (
            "match field",
            ns(vec![term(
                vec![],
                vec![req("metadata.name", "In", &["node_1"])],
            )]),
            true,
        ),
        (
            "match field other node",
            ns(vec![term(
                vec![],
                vec![req("metadata.name", "In", &["node_2"])],
            )]),
            false,
        ),
        (
            "match field NotIn",
            ns(vec![term(
                vec![],
                vec![req("metadata.name", "NotIn", &["node_2"])],
            )]),
            true,
        ),
        (
            "match field NotIn self",
            ns(vec![term(
                vec![],
                vec![req("metadata.name", "NotIn", &["node_1"])],
            )]),
            false,
        ),
        (
            "match field two values is a parse error",
            ns(vec![term(
                vec![],
                vec![req("metadata.name", "In", &["node_1", "node_2"])],
            )]),
            false,
        ),
        (
            "match field Exists is a parse error",
            ns(vec![term(
                vec![],
                vec![req("metadata.name", "Exists", &[])],
            )]),
            false,
        ),
        (
            "expressions and fields ANDed",
            ns(vec![term(
                vec![req("label_1", "Exists", &[])],
                vec![req("metadata.name", "In", &["node_2"])],
            )]),
            false,
        ),
        (
            "parse error in one term does not stop another",
            ns(vec![
                term(vec![req("label_1", "Gt", &["x"])], vec![]),
                term(vec![req("label_1", "In", &["label_1_val"])], vec![]),
            ]),
            true,
        ),
        (
            "parse error makes the term fail even if another requirement would match",
            ns(vec![term(
                vec![req("label_1", "Exists", &[]), req("label_2", "Bogus", &[])],
                vec![],
            )]),
            false,
        ),
        (
            "invalid operator",
            ns(vec![term(vec![req("label_1", "Foo", &["x"])], vec![])]),
            false,
        ),
    ];
    for (name, selector, want) in cases {
        assert_eq!(node_selector_matches(&selector, &node), want, "{name}");
    }
}

/// `extractNodeFields`: a node without a name does not check matchFields.
#[test]
fn match_fields_ignored_for_nameless_node() {
    let node = k8s_openapi::api::core::v1::Node::default();
    let t = term(vec![], vec![req("metadata.name", "In", &["x"])]);
    assert!(node_selector_term_matches(&t, &node));
}

/// Mirrors `TestRequiredAffinityMatch` / `GetRequiredNodeAffinity`: nodeSelector AND affinity.
#[test]
fn test_required_affinity_match() {
    let node = new_node("n", Some(labels(&[("disktype", "ssd"), ("zone", "a")])));
    let cases = vec![
        ("nothing", PodSpec::default(), true),
        (
            "empty nodeSelector",
            PodSpec {
                node_selector: Some(Default::default()),
                ..Default::default()
            },
            true,
        ),
        (
            "nodeSelector match",
            PodSpec {
                node_selector: Some(labels(&[("disktype", "ssd")])),
                ..Default::default()
            },
            true,
        ),
        (
            "nodeSelector value mismatch",
            PodSpec {
                node_selector: Some(labels(&[("disktype", "hdd")])),
                ..Default::default()
            },
            false,
        ),
        (
            "nodeSelector missing label",
            PodSpec {
                node_selector: Some(labels(&[("gpu", "true")])),
                ..Default::default()
            },
            false,
        ),
        (
            "nodeSelector is case-sensitive",
            PodSpec {
                node_selector: Some(labels(&[("disktype", "SSD")])),
                ..Default::default()
            },
            false,
        ),
        (
            "selector ok, affinity fails",
            PodSpec {
                node_selector: Some(labels(&[("disktype", "ssd")])),
                affinity: Some(required_affinity(vec![term(
                    vec![req("zone", "In", &["b"])],
                    vec![],
                )])),
                ..Default::default()
            },
            false,
        ),
        (
            "both hold",
            PodSpec {
                node_selector: Some(labels(&[("disktype", "ssd")])),
                affinity: Some(required_affinity(vec![term(
                    vec![req("zone", "NotIn", &["b"])],
                    vec![],
                )])),
                ..Default::default()
            },
            true,
        ),
        (
            "required affinity with zero terms matches nothing",
            PodSpec {
                affinity: Some(required_affinity(vec![])),
                ..Default::default()
            },
            false,
        ),
    ];
    for (name, spec, want) in cases {
        assert_eq!(required_node_affinity_matches(&spec, &node), want, "{name}");
    }
}
