//! Node selectors and required node affinity.
//!
//! Kubernetes: `staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go`
//! (`GetRequiredNodeAffinity`, `NewLazyErrorNodeSelector`, `nodeSelectorRequirementsAsSelector`,
//! `nodeSelectorRequirementsAsFieldSelector`) and the label-selector rules of
//! `staging/src/k8s.io/apimachinery/pkg/labels/selector.go` (`NewRequirement`, `Matches`).
//!
//! Everything here is allocation-free: it runs for every node × DaemonSet.

use k8s_openapi::api::core::v1::{
    Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodSpec,
};
use std::collections::BTreeMap;
use std::str::FromStr;

/// `metav1.ObjectNameField`: the only field a node selector term's `matchFields` can use.
pub const OBJECT_NAME_FIELD: &str = "metadata.name";

/// Why a node selector requirement could not be turned into a selector
/// (the term that holds it then matches no node).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequirementError {
    /// The operator is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt
    /// (for `matchFields`: In, NotIn).
    InvalidOperator,
    /// In/NotIn without values.
    EmptyValues,
    /// Exists/DoesNotExist with values.
    UnexpectedValues,
    /// Gt/Lt without exactly one value (or a `matchFields` In/NotIn without exactly one value).
    NotExactlyOneValue,
    /// Gt/Lt with a value that is not an integer.
    NotAnInteger,
    /// The key is not a valid label key.
    InvalidKey,
    /// A value is not a valid label value.
    InvalidValue,
}

impl RequirementError {
    /// The problem in words.
    pub fn message(self) -> &'static str {
        match self {
            RequirementError::InvalidOperator => {
                "the operator is not a valid node selector operator"
            }
            RequirementError::EmptyValues => {
                "for 'In', 'NotIn' operators, values set can't be empty"
            }
            RequirementError::UnexpectedValues => {
                "values set must be empty for 'Exists' and 'DoesNotExist' operators"
            }
            RequirementError::NotExactlyOneValue => {
                "exactly one value is required for this operator"
            }
            RequirementError::NotAnInteger => {
                "for 'Gt', 'Lt' operators, the value must be an integer"
            }
            RequirementError::InvalidKey => "the key is not a valid label key",
            RequirementError::InvalidValue => "a value is not a valid label value",
        }
    }
}

/// The node's labels, or none.
pub fn node_labels(node: &Node) -> Option<&BTreeMap<String, String>> {
    node.metadata.labels.as_ref()
}

/// The node's name, or `""`.
pub fn node_name(node: &Node) -> &str {
    node.metadata.name.as_deref().unwrap_or("")
}

fn label<'a>(labels: Option<&'a BTreeMap<String, String>>, key: &str) -> Option<&'a str> {
    labels.and_then(|l| l.get(key)).map(String::as_str)
}

/// Kubernetes: `labels.SelectorFromSet(pod.Spec.NodeSelector).Matches(node.Labels)`:
/// every key is present on the node with exactly that value.
pub fn node_selector_map_matches(
    selector: &BTreeMap<String, String>,
    labels: Option<&BTreeMap<String, String>>,
) -> bool {
    selector
        .iter()
        .all(|(k, v)| label(labels, k) == Some(v.as_str()))
}

/// Kubernetes: `validation.IsQualifiedName` (label keys): `[prefix/]name`.
///
/// The rule and its messages live in [`crate::load::names::is_qualified_name`]; this is its
/// yes/no form (no allocation for a valid key).
pub fn is_valid_label_key(key: &str) -> bool {
    crate::load::names::is_qualified_name(key).is_empty()
}

/// Kubernetes: `validation.IsValidLabelValue`: empty, or a name part.
///
/// The yes/no form of [`crate::load::names::is_valid_label_value`].
pub fn is_valid_label_value(value: &str) -> bool {
    crate::load::names::is_valid_label_value(value).is_empty()
}

/// Go's `strconv.ParseInt(s, 10, 64)`: optional sign, decimal digits, no spaces.
fn parse_int64(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    i64::from_str(s).ok()
}

fn values(req: &NodeSelectorRequirement) -> &[String] {
    req.values.as_deref().unwrap_or(&[])
}

/// Kubernetes: `labels.NewRequirement` as called by `nodeSelectorRequirementsAsSelector`:
/// checks one `matchExpressions` requirement.
pub fn validate_label_requirement(req: &NodeSelectorRequirement) -> Result<(), RequirementError> {
    let vals = values(req);
    match req.operator.as_str() {
        "In" | "NotIn" => {
            if vals.is_empty() {
                return Err(RequirementError::EmptyValues);
            }
        }
        "Exists" | "DoesNotExist" => {
            if !vals.is_empty() {
                return Err(RequirementError::UnexpectedValues);
            }
        }
        "Gt" | "Lt" => {
            if vals.len() != 1 {
                return Err(RequirementError::NotExactlyOneValue);
            }
            if vals.iter().any(|v| parse_int64(v).is_none()) {
                return Err(RequirementError::NotAnInteger);
            }
        }
        _ => return Err(RequirementError::InvalidOperator),
    }
    if !is_valid_label_key(&req.key) {
        return Err(RequirementError::InvalidKey);
    }
    if !vals.iter().all(|v| is_valid_label_value(v)) {
        return Err(RequirementError::InvalidValue);
    }
    Ok(())
}

/// Kubernetes: `(*Requirement).Matches` for one `matchExpressions` requirement against node
/// labels, after [`validate_label_requirement`].
///
/// `NotIn` and `DoesNotExist` match a node without the label; `Gt`/`Lt` need the label to be
/// an integer and compare strictly.
pub fn label_requirement_matches(
    req: &NodeSelectorRequirement,
    labels: Option<&BTreeMap<String, String>>,
) -> Result<bool, RequirementError> {
    validate_label_requirement(req)?;
    Ok(label_requirement_matches_validated(req, labels))
}

/// [`label_requirement_matches`] for a requirement already validated.
fn label_requirement_matches_validated(
    req: &NodeSelectorRequirement,
    labels: Option<&BTreeMap<String, String>>,
) -> bool {
    let vals = values(req);
    let have = label(labels, &req.key);
    match req.operator.as_str() {
        "In" => have.is_some_and(|h| vals.iter().any(|v| v == h)),
        "NotIn" => !have.is_some_and(|h| vals.iter().any(|v| v == h)),
        "Exists" => have.is_some(),
        "DoesNotExist" => have.is_none(),
        "Gt" | "Lt" => {
            let (Some(h), Some(want)) = (
                have.and_then(parse_int64),
                vals.first().and_then(|v| parse_int64(v)),
            ) else {
                return false;
            };
            if req.operator == "Gt" {
                h > want
            } else {
                h < want
            }
        }
        _ => false,
    }
}

/// Kubernetes: `nodeSelectorRequirementsAsFieldSelector` + `Matches` for one `matchFields`
/// requirement: `In`/`NotIn` with exactly one value, compared with the node's field
/// (`metadata.name`; any other key reads as `""`).
pub fn field_requirement_matches(
    req: &NodeSelectorRequirement,
    node_name: &str,
) -> Result<bool, RequirementError> {
    let vals = values(req);
    let field = if req.key == OBJECT_NAME_FIELD {
        node_name
    } else {
        ""
    };
    match req.operator.as_str() {
        "In" | "NotIn" if vals.len() != 1 => Err(RequirementError::NotExactlyOneValue),
        "In" => Ok(vals.iter().any(|v| v == field)),
        "NotIn" => Ok(!vals.iter().any(|v| v == field)),
        _ => Err(RequirementError::InvalidOperator),
    }
}

/// Kubernetes: `isEmptyNodeSelectorTerm`: neither matchExpressions nor matchFields.
pub fn is_empty_node_selector_term(term: &NodeSelectorTerm) -> bool {
    term.match_expressions.as_deref().unwrap_or(&[]).is_empty()
        && term.match_fields.as_deref().unwrap_or(&[]).is_empty()
}

/// Kubernetes: `nodeSelectorTerm.match`: all requirements of the term hold (ANDed).
///
/// An empty term matches nothing; a term with a requirement that does not parse matches
/// nothing. `matchFields` are only checked when the node has a name (as `extractNodeFields`).
pub fn node_selector_term_matches(term: &NodeSelectorTerm, node: &Node) -> bool {
    if is_empty_node_selector_term(term) {
        return false;
    }
    let exprs = term.match_expressions.as_deref().unwrap_or(&[]);
    let fields = term.match_fields.as_deref().unwrap_or(&[]);
    // Parse errors anywhere in the term make it not match, even if another requirement fails first.
    if exprs.iter().any(|r| validate_label_requirement(r).is_err())
        || fields
            .iter()
            .any(|r| field_requirement_matches(r, "").is_err())
    {
        return false;
    }
    let labels = node_labels(node);
    if !exprs
        .iter()
        .all(|r| label_requirement_matches(r, labels) == Ok(true))
    {
        return false;
    }
    let name = node_name(node);
    if !fields.is_empty()
        && !name.is_empty()
        && !fields
            .iter()
            .all(|r| field_requirement_matches(r, name) == Ok(true))
    {
        return false;
    }
    true
}

/// Kubernetes: `LazyErrorNodeSelector.Match`: terms are ORed.
pub fn node_selector_matches(selector: &NodeSelector, node: &Node) -> bool {
    selector
        .node_selector_terms
        .iter()
        .any(|t| node_selector_term_matches(t, node))
}

/// The pod's required node affinity (`requiredDuringSchedulingIgnoredDuringExecution`), if any.
pub fn required_node_affinity(spec: &PodSpec) -> Option<&NodeSelector> {
    spec.affinity
        .as_ref()
        .and_then(|a| a.node_affinity.as_ref())
        .and_then(|na| {
            na.required_during_scheduling_ignored_during_execution
                .as_ref()
        })
}

/// Kubernetes: `GetRequiredNodeAffinity(pod).Match(node)`: the pod's `nodeSelector` and its
/// required node affinity both hold on the node (parse errors count as no match).
pub fn required_node_affinity_matches(spec: &PodSpec, node: &Node) -> bool {
    if let Some(sel) = spec.node_selector.as_ref() {
        if !node_selector_map_matches(sel, node_labels(node)) {
            return false;
        }
    }
    match required_node_affinity(spec) {
        Some(ns) => node_selector_matches(ns, node),
        None => true,
    }
}
