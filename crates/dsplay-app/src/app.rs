//! The page: editor, clock, cluster, details, tables.

use crate::components::cluster_view::ClusterView;
use crate::components::details::Details;
use crate::components::ds_table::DsTable;
use crate::components::editor::Editor;
use crate::components::events::Events;
use crate::components::node_controls::NodeControls;
use crate::components::time_controls::{TimeControls, DEFAULT_SPEED, SPEEDS, STEP, TICK_MS};
use crate::examples::{EXAMPLES, MONITORING_AGENT};
use crate::hooks::{use_interval, use_local_storage};
use crate::persist::{load_run, save_run, EDITOR_KEY};
use crate::state::{Action, AppState, Selection, Shared, DEFAULT_SEED, EDITOR_FILE};
use dsplay_core::clock::SimDuration;
use dsplay_core::print::get_yaml;
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, ObjectKind};
use dsplay_core::view::{EventView, NodeView, PairExplanation, PodView};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

/// How long the page waits, idle, before writing the run to `localStorage`.
const SAVE_DELAY_MS: u32 = 250;

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Start with the clock stopped (tests).
    #[prop_or_default]
    pub start_paused: bool,
    /// Ignore `localStorage` (tests): start from this seed and the seed example.
    #[prop_or_default]
    pub fresh: bool,
}

/// The DaemonSet Playground.
#[component]
pub fn App(props: &AppProps) -> Html {
    let fresh = props.fresh;
    let (text, set_text) = use_local_storage(EDITOR_KEY, || MONITORING_AGENT.to_string());
    let state = {
        let text = text.clone();
        use_reducer(move || {
            if fresh {
                return AppState::new(DEFAULT_SEED, MONITORING_AGENT);
            }
            match load_run() {
                Some(log) => AppState::replay(&log),
                None => AppState::new(DEFAULT_SEED, &text),
            }
        })
    };
    let text = if fresh && text.is_empty() {
        AttrValue::from(MONITORING_AGENT)
    } else {
        text
    };
    let paused = use_state(|| props.start_paused);
    let speed = use_state(|| DEFAULT_SPEED);
    let selection = use_state(|| None::<Selection>);
    let dispatcher = state.dispatcher();

    // The clock: a fixed simulated step per tick, never wall-clock time.
    {
        let dispatcher = dispatcher.clone();
        let ms = SPEEDS.get(*speed).map(|s| s.1).unwrap_or(200);
        use_interval(
            Callback::from(move |_| dispatcher.dispatch(Action::Tick(SimDuration(ms)))),
            if *paused { 0 } else { TICK_MS },
        );
    }
    // Persistence: after every input, and every 5 simulated seconds — written once the page
    // is idle for SAVE_DELAY_MS (a burst of inputs is one write), and at once when the page
    // is hidden or left, so a reload never loses an input.
    {
        let latest = use_mut_ref(|| state.clone());
        *latest.borrow_mut() = state.clone();
        let dirty = use_mut_ref(|| false);
        let timer = use_mut_ref(|| None::<Timeout>);
        let flush = {
            let dirty = dirty.clone();
            Rc::new(move || {
                if std::mem::take(&mut *dirty.borrow_mut()) {
                    save_run(&latest.borrow().run_log());
                }
            })
        };
        {
            let flush = flush.clone();
            use_effect_with(
                (
                    state.log_generation,
                    state.view.now.as_millis() / 5000,
                    fresh,
                ),
                move |(_, _, fresh)| {
                    if !*fresh {
                        *dirty.borrow_mut() = true;
                        // Replacing the timer cancels the previous one.
                        *timer.borrow_mut() = Some(Timeout::new(SAVE_DELAY_MS, move || flush()));
                    }
                },
            );
        }
        use_effect_with(fresh, move |&fresh| {
            let listeners = web_sys::window().filter(|_| !fresh).map(|window| {
                let on_hide = {
                    let flush = flush.clone();
                    EventListener::new(&window, "pagehide", move |_| flush())
                };
                let on_hidden = EventListener::new(&window, "visibilitychange", move |_| {
                    let hidden = web_sys::window()
                        .and_then(|w| w.document())
                        .is_some_and(|d| d.hidden());
                    if hidden {
                        flush();
                    }
                });
                (on_hide, on_hidden)
            });
            move || drop(listeners)
        });
    }

    let on_select = {
        let selection = selection.clone();
        use_callback((), move |s: Selection, _| selection.set(Some(s)))
    };
    let on_close = {
        let selection = selection.clone();
        Callback::from(move |_| selection.set(None))
    };
    let on_input = {
        let dispatcher = dispatcher.clone();
        use_callback((), move |i: Input, _| dispatcher.dispatch(Action::Step(i)))
    };
    let on_apply = {
        let dispatcher = dispatcher.clone();
        use_callback(text.clone(), move |_, text| {
            dispatcher.dispatch(Action::Step(Input::Apply {
                file: EDITOR_FILE.to_string(),
                text: text.to_string(),
            }))
        })
    };
    let on_example = {
        let dispatcher = dispatcher.clone();
        let set_text = set_text.clone();
        use_callback((), move |i: usize, _| {
            if let Some(ex) = EXAMPLES.get(i) {
                set_text.emit(ex.yaml.to_string());
                dispatcher.dispatch(Action::Step(Input::Apply {
                    file: EDITOR_FILE.to_string(),
                    text: ex.yaml.to_string(),
                }));
            }
        })
    };
    let on_add = {
        let dispatcher = dispatcher.clone();
        use_callback((), move |(template, count): (NodeTemplate, u32), _| {
            let inputs = (0..count)
                .map(|_| {
                    Input::Node(NodeOp::Add {
                        name: None,
                        template,
                    })
                })
                .collect();
            dispatcher.dispatch(Action::StepMany(inputs));
        })
    };
    let on_toggle = {
        let paused = paused.clone();
        Callback::from(move |_| paused.set(!*paused))
    };
    let on_step = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |_| dispatcher.dispatch(Action::Tick(STEP)))
    };
    let on_speed = {
        let speed = speed.clone();
        Callback::from(move |i: usize| speed.set(i))
    };
    let on_reset = {
        let dispatcher = dispatcher.clone();
        let text = text.clone();
        let selection = selection.clone();
        Callback::from(move |seed: u64| {
            selection.set(None);
            dispatcher.dispatch(Action::Reset {
                seed,
                text: text.to_string(),
            });
        })
    };
    let on_delete_ds = {
        let dispatcher = dispatcher.clone();
        use_callback((), move |(namespace, name): (String, String), _| {
            dispatcher.dispatch(Action::Step(Input::Delete {
                kind: ObjectKind::DaemonSet,
                namespace,
                name,
            }))
        })
    };

    let view = &state.view;
    let data = (*selection).as_ref().map(|sel| details_data(&state, sel));
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
    let details = (*selection).clone().zip(data).map(|(sel, d)| {
        html! {
            <Details selection={sel} node={d.node} pod={d.pod} explanations={(*explanations).clone()}
                yaml={d.yaml} daemon_set_yaml={d.daemon_set_yaml} events={d.events}
                now={view.now} colors={view.colors.clone()}
                on_input={on_input.clone()} on_select={on_select.clone()} on_close={on_close.clone()} />
        }
    });

    html! {
        <div class="app" data-sim-ms={format!("{:.1}", state.timings.0)} data-view-ms={format!("{:.1}", state.timings.1)}>
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true"></span>
                    <h1>{ "DaemonSet Playground" }</h1>
                    <span class="tagline">{ "Kubernetes' DaemonSet controller, simulated" }</span>
                </div>
                <TimeControls now={view.now} paused={*paused} speed={*speed} seed={state.seed()}
                    {on_toggle} {on_step} {on_speed} {on_reset} />
            </header>
            <main class={classes!("layout", details.is_some().then_some("with-details"))}>
                <div class="col-editor">
                    <Editor text={text.clone()} on_change={set_text.clone()} {on_apply} {on_example}
                        outcome={state.outcome.clone()} />
                </div>
                <div class="col-main">
                    <NodeControls {on_add} />
                    <ClusterView nodes={view.nodes.clone()} unplaced={view.unplaced_pods.clone()}
                        colors={view.colors.clone()} selection={(*selection).clone()} on_select={on_select.clone()} />
                    <DsTable daemon_sets={view.daemon_sets.clone()} now={view.now} on_delete={on_delete_ds} />
                    <Events sim={state.sim_handle()} version={view.events_version} now={view.now} />
                </div>
                if let Some(d) = details {
                    <div class="col-details">{ d }</div>
                }
            </main>
        </div>
    }
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
