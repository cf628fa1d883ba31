//! Building daemon pods from the DaemonSet template.
//!
//! Kubernetes: `pkg/controller/daemon/util/daemonset_util.go` (`CreatePodTemplate`,
//! `ReplaceDaemonSetPodNodeNameNodeAffinity`, `GetTargetNodeName`).

use super::node_affinity::OBJECT_NAME_FIELD;
use super::tolerations::add_or_update_daemon_pod_tolerations_in_spec;
use k8s_openapi::api::core::v1::{
    Affinity, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PodSpec,
    PodTemplateSpec,
};

/// `apps.DefaultDaemonSetUniqueLabelKey`: the pod label carrying the revision hash.
pub const CONTROLLER_REVISION_HASH_LABEL: &str = "controller-revision-hash";
/// `extensions.DaemonSetTemplateGenerationKey`: the pod label carrying the template generation.
pub const POD_TEMPLATE_GENERATION_LABEL: &str = "pod-template-generation";
/// The DaemonSet annotation holding the template generation (read by `GetTemplateGeneration`).
pub const TEMPLATE_GENERATION_ANNOTATION: &str = "deprecated.daemonset.template.generation";

fn node_name_term(node_name: &str) -> NodeSelectorTerm {
    NodeSelectorTerm {
        match_expressions: None,
        match_fields: Some(vec![NodeSelectorRequirement {
            key: OBJECT_NAME_FIELD.to_string(),
            operator: "In".to_string(),
            values: Some(vec![node_name.to_string()]),
        }]),
    }
}

/// Kubernetes: `ReplaceDaemonSetPodNodeNameNodeAffinity` (DU).
///
/// The required node affinity becomes exactly one term,
/// `matchFields: [{key: metadata.name, operator: In, values: [node_name]}]`; the template's
/// required terms are dropped, everything else (preferred terms, pod (anti-)affinity) is kept.
/// Creates the affinity when there is none.
pub fn replace_daemon_set_pod_node_name_node_affinity(
    affinity: Option<Affinity>,
    node_name: &str,
) -> Affinity {
    let mut affinity = affinity.unwrap_or_default();
    let node_affinity = affinity
        .node_affinity
        .get_or_insert_with(NodeAffinity::default);
    match node_affinity
        .required_during_scheduling_ignored_during_execution
        .as_mut()
    {
        Some(required) => required.node_selector_terms = vec![node_name_term(node_name)],
        None => {
            node_affinity.required_during_scheduling_ignored_during_execution = Some(NodeSelector {
                node_selector_terms: vec![node_name_term(node_name)],
            })
        }
    }
    affinity
}

/// Kubernetes: `CreatePodTemplate` (DU).
///
/// A copy of `template` with the automatic daemon-pod tolerations
/// (`AddOrUpdateDaemonPodTolerations`), and the labels
/// `pod-template-generation: "<n>"` (when `template_generation` is given) and
/// `controller-revision-hash: <hash>` (when `revision_hash` is non-empty).
pub fn create_daemon_pod_template(
    template: &PodTemplateSpec,
    revision_hash: Option<&str>,
    template_generation: Option<i64>,
) -> PodTemplateSpec {
    let mut new_template = template.clone();
    let spec = new_template.spec.get_or_insert_with(PodSpec::default);
    add_or_update_daemon_pod_tolerations_in_spec(spec);
    let metadata = new_template.metadata.get_or_insert_with(Default::default);
    let labels = metadata.labels.get_or_insert_with(Default::default);
    if let Some(generation) = template_generation {
        labels.insert(
            POD_TEMPLATE_GENERATION_LABEL.to_string(),
            generation.to_string(),
        );
    }
    if let Some(hash) = revision_hash.filter(|h| !h.is_empty()) {
        labels.insert(CONTROLLER_REVISION_HASH_LABEL.to_string(), hash.to_string());
    }
    new_template
}

/// Kubernetes: `GetTargetNodeName` (DU): the node a daemon pod is for.
///
/// `spec.nodeName` if set; otherwise the single value of the first
/// `matchFields: metadata.name In [...]` requirement of the required node affinity.
/// `None` when there is none, or when that requirement does not have exactly one value.
pub fn target_node_name(spec: &PodSpec) -> Option<&str> {
    if let Some(name) = spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        return Some(name);
    }
    let terms = &super::node_affinity::required_node_affinity(spec)?.node_selector_terms;
    for term in terms {
        for req in term.match_fields.as_deref().unwrap_or(&[]) {
            if req.key == OBJECT_NAME_FIELD && req.operator == "In" {
                return match req.values.as_deref().unwrap_or(&[]) {
                    [only] => Some(only.as_str()),
                    _ => None,
                };
            }
        }
    }
    None
}
