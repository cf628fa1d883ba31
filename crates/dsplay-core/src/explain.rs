//! Why a daemon pod is, or is not, on a node: in words a learner understands,
//! matched to the Kubernetes reason.
//!
//! OWNER: predicates work.
//!
//! The checks follow `NodeShouldRunDaemonPod` (pkg/controller/daemon/daemon_controller.go)
//! step by step; the verdict is always [`node_should_run_daemon_pod`]'s.

use crate::predicates::{
    automatic_toleration_for, field_requirement_matches, is_empty_node_selector_term,
    label_requirement_matches, node_labels, node_name, node_selector_term_matches,
    node_should_run_daemon_pod, required_node_affinity, taint_to_string, tolerates_taint,
    NO_EXECUTE, NO_SCHEDULE, OBJECT_NAME_FIELD, TAINT_NODE_NETWORK_UNAVAILABLE,
    TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE,
};
use k8s_openapi::api::apps::v1::DaemonSet;
use k8s_openapi::api::core::v1::{Node, NodeSelectorRequirement, PodSpec, Taint, Toleration};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

/// The controller's view of one (DaemonSet, node) pair, explained.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// `NodeShouldRunDaemonPod`'s shouldRun.
    pub should_run: bool,
    /// `NodeShouldRunDaemonPod`'s shouldContinueRunning.
    pub should_continue_running: bool,
    /// One sentence: "runs here: every taint is tolerated" / "no pod: node has taint
    /// `node-role.kubernetes.io/control-plane:NoSchedule` that the pod does not tolerate".
    pub summary: String,
    /// Each check in order (nodeName, nodeSelector, node affinity, each taint), with its outcome.
    pub checks: Vec<Check>,
}

/// One check of `NodeShouldRunDaemonPod` and how it went.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// What was checked, e.g. "nodeSelector", "taint dedicated=x:NoSchedule".
    pub name: String,
    /// Whether the pod passes it.
    pub passed: bool,
    /// The explanation in plain words.
    pub detail: String,
}

fn check(name: impl Into<String>, passed: bool, detail: impl Into<String>) -> Check {
    Check {
        name: name.into(),
        passed,
        detail: detail.into(),
    }
}

/// Renders a toleration as `kubectl describe` does: `key=value:Effect`, `key:Effect op=Exists`,
/// `op=Exists` (tolerates everything).
pub fn toleration_to_string(t: &Toleration) -> String {
    let key = t.key.as_deref().unwrap_or("");
    let value = t.value.as_deref().unwrap_or("");
    let effect = t.effect.as_deref().unwrap_or("");
    let exists = t.operator.as_deref() == Some("Exists");
    let mut s = key.to_string();
    if !exists && !value.is_empty() {
        s.push('=');
        s.push_str(value);
    }
    if !effect.is_empty() {
        s.push(':');
        s.push_str(effect);
    }
    if exists {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str("op=Exists");
    }
    s
}

fn values_list(req: &NodeSelectorRequirement) -> String {
    format!("[{}]", req.values.as_deref().unwrap_or(&[]).join(", "))
}

fn requirement_to_string(req: &NodeSelectorRequirement) -> String {
    match req.operator.as_str() {
        "Exists" | "DoesNotExist" => format!("{} {}", req.key, req.operator),
        "Gt" | "Lt" => format!(
            "{} {} {}",
            req.key,
            req.operator,
            req.values.as_deref().unwrap_or(&[]).join(", ")
        ),
        _ => format!("{} {} {}", req.key, req.operator, values_list(req)),
    }
}

/// Plain words for one `matchExpressions` requirement against the node's labels.
fn explain_label_requirement(
    req: &NodeSelectorRequirement,
    labels: Option<&BTreeMap<String, String>>,
) -> (bool, String) {
    let key = &req.key;
    let have = labels.and_then(|l| l.get(key));
    let values = values_list(req);
    let first = req
        .values
        .as_deref()
        .unwrap_or(&[])
        .first()
        .cloned()
        .unwrap_or_default();
    match label_requirement_matches(req, labels) {
        Err(e) => (
            false,
            format!(
                "this requirement is invalid ({}), so its term matches no node",
                e.message()
            ),
        ),
        Ok(ok) => {
            let detail = match (req.operator.as_str(), have) {
                ("In", Some(v)) if ok => format!("the node has {key}={v}, which is in {values}"),
                ("In", Some(v)) => format!("the node has {key}={v}, which is not in {values}"),
                ("In", None) => format!("the node has no label `{key}`"),
                ("NotIn", None) => {
                    format!("the node has no label `{key}` (NotIn matches nodes without the label)")
                }
                ("NotIn", Some(v)) if ok => {
                    format!("the node has {key}={v}, which is not in {values}")
                }
                ("NotIn", Some(v)) => {
                    format!("the node has {key}={v}, which NotIn {values} excludes")
                }
                ("Exists", Some(v)) => format!("the node has the label {key}={v}"),
                ("Exists", None) => format!("the node has no label `{key}`"),
                ("DoesNotExist", Some(v)) => {
                    format!("the node has the label {key}={v}, which DoesNotExist excludes")
                }
                ("DoesNotExist", None) => format!("the node has no label `{key}`"),
                ("Gt", None) | ("Lt", None) => format!("the node has no label `{key}`"),
                ("Gt", Some(v)) | ("Lt", Some(v)) => {
                    let word = if req.operator == "Gt" {
                        "greater"
                    } else {
                        "less"
                    };
                    if i64::from_str(v).is_err() {
                        format!(
                            "the node's label {key}={v} is not an integer, so {} never matches",
                            req.operator
                        )
                    } else if ok {
                        format!("the node's {key}={v} is {word} than {first}")
                    } else {
                        format!("the node's {key}={v} is not {word} than {first}")
                    }
                }
                _ => String::new(),
            };
            (ok, detail)
        }
    }
}

fn explain_field_requirement(req: &NodeSelectorRequirement, name: &str) -> (bool, String) {
    match field_requirement_matches(req, name) {
        Err(e) => (
            false,
            format!(
                "this requirement is invalid ({}), so its term matches no node",
                e.message()
            ),
        ),
        Ok(ok) => {
            let field = if req.key == OBJECT_NAME_FIELD {
                name
            } else {
                ""
            };
            let values = values_list(req);
            let detail = match (req.operator.as_str(), ok) {
                ("In", true) => format!("the node's {} is {field}", req.key),
                ("In", false) => format!("the node's {} is {field}, not one of {values}", req.key),
                (_, true) => format!(
                    "the node's {} is {field}, which is not in {values}",
                    req.key
                ),
                (_, false) => format!(
                    "the node's {} is {field}, which NotIn {values} excludes",
                    req.key
                ),
            };
            (ok, detail)
        }
    }
}

/// How a daemon pod built from `spec` tolerates `taint`, if it does: `Some(words)`.
fn toleration_of(spec: &PodSpec, taint: &Taint) -> Option<String> {
    let template = spec.tolerations.as_deref().unwrap_or(&[]);
    if let Some(t) = template.iter().find(|t| tolerates_taint(t, taint)) {
        return Some(format!(
            "tolerated by the template's toleration `{}`",
            toleration_to_string(t)
        ));
    }
    automatic_toleration_for(taint, spec.host_network.unwrap_or(false)).map(|a| {
        format!(
            "tolerated by the toleration every DaemonSet pod gets automatically: {}",
            a.display()
        )
    })
}

/// Extra words for a taint that people expect the automatic tolerations to cover.
fn untolerated_hint(spec: &PodSpec, taint: &Taint) -> &'static str {
    let host_network = spec.host_network.unwrap_or(false);
    if taint.key == TAINT_NODE_NETWORK_UNAVAILABLE && !host_network {
        " (DaemonSet pods tolerate it automatically only with hostNetwork: true)"
    } else if (taint.key == TAINT_NODE_NOT_READY || taint.key == TAINT_NODE_UNREACHABLE)
        && taint.effect == NO_SCHEDULE
    {
        " (the automatic toleration covers only its NoExecute variant)"
    } else {
        ""
    }
}

/// Explains `NodeShouldRunDaemonPod` for one pair.
pub fn explain(node: &Node, ds: &DaemonSet) -> Explanation {
    let placement = node_should_run_daemon_pod(node, ds);
    let empty = PodSpec::default();
    let spec = ds.spec.template.spec.as_ref().unwrap_or(&empty);
    let this_node = node_name(node);
    let labels = node_labels(node);
    let mut checks = Vec::new();
    // The first reason the pod is not placed, for the summary.
    let mut placement_failure: Option<String> = None;

    // 1. nodeName.
    match spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        Some(n) if n != this_node => {
            checks.push(check(
                "nodeName",
                false,
                format!(
                    "the template sets spec.nodeName `{n}`, so the pod may only run on node {n}"
                ),
            ));
            placement_failure = Some(format!(
                "No pod: the template's spec.nodeName is `{n}`, so the pod may only run on node {n}."
            ));
        }
        Some(n) => checks.push(check(
            "nodeName",
            true,
            format!("the template's spec.nodeName `{n}` is this node"),
        )),
        None => checks.push(check(
            "nodeName",
            true,
            "the template does not set spec.nodeName",
        )),
    }

    // 2. nodeSelector, one check per key.
    let selector = spec.node_selector.as_ref().filter(|s| !s.is_empty());
    match selector {
        None => checks.push(check(
            "nodeSelector",
            true,
            "the template has no nodeSelector",
        )),
        Some(sel) => {
            for (k, v) in sel {
                let have = labels.and_then(|l| l.get(k));
                let (passed, why) = match have {
                    Some(h) if h == v => (true, format!("the node has the label {k}={v}")),
                    Some(h) => (false, format!("the node's label is `{k}={h}`")),
                    None => (false, format!("the node has no label `{k}`")),
                };
                if !passed && placement_failure.is_none() {
                    placement_failure = Some(format!(
                        "No pod: nodeSelector `{k}={v}` does not match: {why}."
                    ));
                }
                checks.push(check(format!("nodeSelector {k}={v}"), passed, why));
            }
        }
    }

    // 3. Required node affinity: terms ORed, requirements ANDed.
    match required_node_affinity(spec) {
        None => checks.push(check(
            "node affinity",
            true,
            "the template has no required node affinity",
        )),
        Some(ns) => {
            let terms = &ns.node_selector_terms;
            let mut any = false;
            let mut first_reason: Option<String> = None;
            for (i, term) in terms.iter().enumerate() {
                let n = i + 1;
                let matched = node_selector_term_matches(term, node);
                any |= matched;
                if is_empty_node_selector_term(term) {
                    checks.push(check(
                        format!("node affinity term {n}"),
                        false,
                        "the term is empty and matches no node",
                    ));
                    first_reason.get_or_insert_with(|| format!("term {n} is empty"));
                    continue;
                }
                for req in term.match_expressions.iter().flatten() {
                    let (ok, why) = explain_label_requirement(req, labels);
                    if !ok {
                        first_reason.get_or_insert_with(|| {
                            format!("`{}`: {why}", requirement_to_string(req))
                        });
                    }
                    checks.push(check(
                        format!("node affinity term {n}: {}", requirement_to_string(req)),
                        ok,
                        why,
                    ));
                }
                for req in term.match_fields.iter().flatten() {
                    let (ok, why) = explain_field_requirement(req, this_node);
                    if !ok {
                        first_reason.get_or_insert_with(|| {
                            format!("`{}`: {why}", requirement_to_string(req))
                        });
                    }
                    checks.push(check(
                        format!(
                            "node affinity term {n}: matchFields {}",
                            requirement_to_string(req)
                        ),
                        ok,
                        why,
                    ));
                }
            }
            let summary_detail = if terms.is_empty() {
                "requiredDuringSchedulingIgnoredDuringExecution has no terms, so it matches no node"
                    .to_string()
            } else if any {
                "at least one nodeSelectorTerm matches (terms are ORed, requirements in a term ANDed)".to_string()
            } else if terms.len() == 1 {
                format!(
                    "its only term does not match: {}",
                    first_reason.clone().unwrap_or_default()
                )
            } else {
                format!(
                    "none of its {} terms matches (terms are ORed); the first problem: {}",
                    terms.len(),
                    first_reason.clone().unwrap_or_default()
                )
            };
            if !any && placement_failure.is_none() {
                placement_failure = Some(format!(
                    "No pod: the required node affinity (requiredDuringSchedulingIgnoredDuringExecution) does not match: {summary_detail}."
                ));
            }
            checks.push(check("node affinity", any, summary_detail));
        }
    }

    // 4. Taints.
    let taints = node
        .spec
        .as_ref()
        .and_then(|s| s.taints.as_deref())
        .unwrap_or(&[]);
    let mut untolerated_no_schedule: Option<&Taint> = None;
    let mut untolerated_no_execute: Option<&Taint> = None;
    let mut automatic_used: Vec<String> = Vec::new();
    let mut hard_taints = 0usize;
    if taints.is_empty() {
        checks.push(check("taints", true, "the node has no taints"));
    }
    for taint in taints {
        let name = format!("taint {}", taint_to_string(taint));
        if taint.effect != NO_SCHEDULE && taint.effect != NO_EXECUTE {
            checks.push(check(
                name,
                true,
                format!(
                    "{} taints are ignored by the DaemonSet controller (only NoSchedule and NoExecute count)",
                    if taint.effect.is_empty() { "effect-less" } else { taint.effect.as_str() }
                ),
            ));
            continue;
        }
        hard_taints += 1;
        match toleration_of(spec, taint) {
            Some(how) => {
                if how.contains("automatically") {
                    if let Some(a) =
                        automatic_toleration_for(taint, spec.host_network.unwrap_or(false))
                    {
                        automatic_used.push(a.display());
                    }
                }
                checks.push(check(name, true, how));
            }
            None => {
                let hint = untolerated_hint(spec, taint);
                let effect_words = if taint.effect == NO_EXECUTE {
                    "NoExecute stops new pods and evicts running ones"
                } else {
                    "NoSchedule stops new pods; a running pod may stay"
                };
                checks.push(check(
                    name,
                    false,
                    format!("no toleration of the pod matches it{hint}: {effect_words}"),
                ));
                if taint.effect == NO_EXECUTE {
                    untolerated_no_execute.get_or_insert(taint);
                } else {
                    untolerated_no_schedule.get_or_insert(taint);
                }
            }
        }
    }

    let summary = if let Some(reason) = placement_failure {
        reason
    } else if let Some(t) = untolerated_no_execute {
        format!(
            "No pod: the node has taint `{}`, which the pod does not tolerate{}; NoExecute also evicts a daemon pod already running here.",
            taint_to_string(t),
            untolerated_hint(spec, t)
        )
    } else if let Some(t) = untolerated_no_schedule {
        format!(
            "No pod: the node has taint `{}`, which the pod does not tolerate{}. A pod already here may keep running (an untolerated NoSchedule taint only stops new pods) but is counted as misscheduled.",
            taint_to_string(t),
            untolerated_hint(spec, t)
        )
    } else {
        let has_selector = selector.is_some();
        let has_affinity = required_node_affinity(spec).is_some();
        let where_part = match (has_selector, has_affinity) {
            (true, true) => "the node matches the nodeSelector and the required node affinity",
            (true, false) => "the node matches the nodeSelector",
            (false, true) => "the node matches the required node affinity",
            (false, false) => "the template does not restrict nodes",
        };
        let taint_part = if hard_taints == 0 {
            "the node has no NoSchedule/NoExecute taints".to_string()
        } else if automatic_used.is_empty() {
            "every NoSchedule/NoExecute taint is tolerated".to_string()
        } else {
            format!(
                "every NoSchedule/NoExecute taint is tolerated ({} by the toleration{} every DaemonSet pod gets automatically)",
                automatic_used.join(", "),
                if automatic_used.len() > 1 { "s" } else { "" }
            )
        };
        format!("Runs here: {where_part} and {taint_part}.")
    };

    Explanation {
        should_run: placement.should_run,
        should_continue_running: placement.should_continue_running,
        summary,
        checks,
    }
}
