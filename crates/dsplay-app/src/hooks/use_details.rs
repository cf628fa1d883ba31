//! `use_details`: the details panel for a selection (the page's and the embed's), with the
//! explanations computed once per change of the node or the DaemonSets, and the YAML where
//! this build has it (the full build: [`YamlPlace`]).

use crate::components::details::{Details, YamlPlace};
use crate::state::{AppState, Selection, Shared};
#[cfg(feature = "full")]
use dsplay_core::print::get_yaml;
use dsplay_core::sim::{Input, ObjectKind};
use dsplay_core::view::{EventView, NodeView, PairExplanation, PodView};
use yew::prelude::*;

/// The details panel for `selection` (`None` when nothing is selected); `yaml` says where
/// its YAML is (the page or an embed).
#[hook]
pub fn use_details(
    state: &AppState,
    selection: Option<&Selection>,
    yaml: &YamlPlace,
    on_input: &Callback<Input>,
    on_select: &Callback<Selection>,
    on_close: &Callback<()>,
) -> Option<Html> {
    let view = &state.view;
    let data = selection.map(|sel| details_data(state, sel));
    // The object whose YAML was asked for in the light build: shown open until another
    // object is selected (then forgotten).
    let asked = {
        let first = match yaml {
            YamlPlace::Page { asked, .. } => asked.clone(),
            YamlPlace::Embed => None,
        };
        let asked = use_mut_ref(|| first);
        if asked.borrow().as_ref() != selection {
            *asked.borrow_mut() = None;
        }
        let asked = asked.borrow().is_some();
        asked
    };
    // Explanations only change with the node or the DaemonSets: computed once per change.
    let explanations = {
        let state = state.clone();
        let key = data
            .as_ref()
            .map(|d| (d.node.clone(), d.daemon_set.clone()));
        use_memo(
            (key, view.daemon_sets.clone()),
            move |(key, _)| -> Vec<PairExplanation> {
                let Some((Some(node), ds)) = key else {
                    return Vec::new();
                };
                state.with_sim(|s| {
                    s.explain_node(&node.name)
                        .into_iter()
                        .filter(|x| ds.as_ref().is_none_or(|d| *d == x.daemon_set))
                        .collect()
                })
            },
        )
    };
    selection.cloned().zip(data).map(|(sel, d)| {
        html! {
            <Details selection={sel} node={d.node} pod={d.pod} explanations={(*explanations).clone()}
                yaml={d.yaml} daemon_set_yaml={d.daemon_set_yaml} yaml_place={yaml.clone()}
                yaml_asked={asked} events={d.events}
                now={view.now} colors={view.colors.clone()}
                on_input={on_input.clone()} on_select={on_select.clone()} on_close={on_close.clone()} />
        }
    })
}

/// Most events the details panel lists.
const DETAILS_EVENTS: usize = 50;

/// What the details panel needs for a selection (explanations apart).
struct DetailsData {
    node: Option<Shared<NodeView>>,
    /// For a pod: its DaemonSet (explanations are filtered to it).
    daemon_set: Option<String>,
    pod: Option<PodView>,
    /// The node's or the pod's YAML, as `kubectl get KIND NAME -o yaml` prints it (full
    /// build).
    yaml: Option<AttrValue>,
    /// For a pod: its DaemonSet's YAML (full build).
    daemon_set_yaml: Option<AttrValue>,
    events: Vec<EventView>,
}

/// What the details panel needs for a selection.
fn details_data(state: &AppState, sel: &Selection) -> DetailsData {
    let view = &state.view;
    match sel {
        Selection::Node(name) => {
            let node = view.nodes.iter().find(|n| n.name == *name).cloned();
            // The node's events and its pods'.
            let events = state.with_sim(|s| {
                let about: Vec<(&str, &str, &str)> = std::iter::once(("Node", "", name.as_str()))
                    .chain(node.iter().flat_map(|n| {
                        n.pods
                            .iter()
                            .map(|p| ("Pod", p.namespace.as_str(), p.name.as_str()))
                    }))
                    .collect();
                s.events_about(&about, DETAILS_EVENTS)
            });
            DetailsData {
                node,
                daemon_set: None,
                pod: None,
                yaml: yaml_of(state, ObjectKind::Node, "", name),
                daemon_set_yaml: None,
                events,
            }
        }
        Selection::Pod { namespace, name } => {
            let pod = view
                .nodes
                .iter()
                .flat_map(|n| n.pods.iter())
                .chain(view.unplaced_pods.iter())
                .find(|p| p.name == *name && p.namespace == *namespace)
                .cloned();
            let node_name = pod
                .as_ref()
                .and_then(|p| p.node_name.clone().or_else(|| p.target_node.clone()));
            let node = node_name
                .as_ref()
                .and_then(|n| view.nodes.iter().find(|x| x.name == *n).cloned());
            let yaml = yaml_of(state, ObjectKind::Pod, namespace, name);
            let daemon_set = pod.as_ref().and_then(|p| p.daemon_set.clone());
            let daemon_set_yaml = daemon_set
                .as_ref()
                .and_then(|ds| yaml_of(state, ObjectKind::DaemonSet, namespace, ds));
            let events = state.with_sim(|s| {
                s.events_about(
                    &[("Pod", namespace.as_str(), name.as_str())],
                    DETAILS_EVENTS,
                )
            });
            DetailsData {
                node,
                daemon_set,
                pod,
                yaml,
                daemon_set_yaml,
                events,
            }
        }
    }
}

/// The object's YAML, as `kubectl get KIND NAME -o yaml` prints it (full build).
#[cfg(feature = "full")]
fn yaml_of(state: &AppState, kind: ObjectKind, namespace: &str, name: &str) -> Option<AttrValue> {
    state
        .with_sim(|s| get_yaml(s, kind, namespace, name))
        .map(AttrValue::from)
}

/// None in the light build: the YAML writer and the API types' encoders are in the full
/// build only (about 20 KB of the light build gzipped; docs/performance.md), which "Show
/// YAML" hands over to.
#[cfg(not(feature = "full"))]
fn yaml_of(_: &AppState, _: ObjectKind, _: &str, _: &str) -> Option<AttrValue> {
    None
}
