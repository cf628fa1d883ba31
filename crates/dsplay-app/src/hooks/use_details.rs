//! `use_details`: the details panel for a selection (the page's and the embed's), with the
//! explanations computed once per change of the node or the DaemonSets.

use crate::components::details::Details;
use crate::state::{AppState, Selection, Shared};
use dsplay_core::print::get_yaml;
use dsplay_core::sim::{Input, ObjectKind};
use dsplay_core::view::{EventView, NodeView, PairExplanation, PodView};
use yew::prelude::*;

/// The details panel for `selection` (`None` when nothing is selected).
#[hook]
pub fn use_details(
    state: &AppState,
    selection: Option<&Selection>,
    on_input: &Callback<Input>,
    on_select: &Callback<Selection>,
    on_close: &Callback<()>,
) -> Option<Html> {
    let view = &state.view;
    let data = selection.map(|sel| details_data(state, sel));
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
                yaml={d.yaml} daemon_set_yaml={d.daemon_set_yaml} events={d.events}
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
    /// The node's or the pod's YAML, as `kubectl get KIND NAME -o yaml` prints it.
    yaml: Option<AttrValue>,
    /// For a pod: its DaemonSet's YAML.
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
            let yaml = state
                .with_sim(|s| get_yaml(s, ObjectKind::Node, "", name))
                .map(AttrValue::from);
            DetailsData {
                node,
                daemon_set: None,
                pod: None,
                yaml,
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
            let yaml = state
                .with_sim(|s| get_yaml(s, ObjectKind::Pod, namespace, name))
                .map(AttrValue::from);
            let daemon_set = pod.as_ref().and_then(|p| p.daemon_set.clone());
            let daemon_set_yaml = daemon_set
                .as_ref()
                .and_then(|ds| {
                    state.with_sim(|s| get_yaml(s, ObjectKind::DaemonSet, namespace, ds))
                })
                .map(AttrValue::from);
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
