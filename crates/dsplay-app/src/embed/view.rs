//! The embed layout: the cluster view and the panels chosen by `controls`, built from the
//! page's own components.

use super::store::Store;
use crate::components::cluster_view::ClusterView;
use crate::components::details::YamlPlace;
use crate::components::ds_table::DsTable;
use crate::components::editor::Editor;
use crate::components::events::Events;
use crate::components::node_controls::NodeControls;
use crate::components::time_controls::{TimeControls, SPEEDS, STEP, TICK_MS};
use crate::examples::EXAMPLES;
use crate::hooks::{use_details, use_interval};
use crate::state::{Action, Selection};
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, ObjectKind};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`EmbedView`].
#[derive(Properties, Clone)]
pub struct EmbedProps {
    /// The embed's state.
    pub store: Rc<Store>,
}

impl PartialEq for EmbedProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.store, &other.store)
    }
}

/// One embed.
#[component]
pub fn EmbedView(props: &EmbedProps) -> Html {
    let store = props.store.clone();
    let update = use_force_update();
    {
        let store = store.clone();
        let rendered = store.version();
        use_effect_with((), move |_| {
            let render = update.clone();
            store.set_render(Some(Callback::from(move |_| render.force_update())));
            // A change made between the first render and this effect (an API call right
            // after mount) is shown now; without one, no second render.
            if store.version() != rendered {
                update.force_update();
            }
            move || store.set_render(None)
        });
    }
    let state = store.state();
    let options = store.options();
    let panels = options.panels;
    let readonly = options.readonly;
    let selection = use_state(|| None::<Selection>);

    {
        let store = store.clone();
        let ms = SPEEDS.get(store.speed()).map(|s| s.1).unwrap_or(200);
        let period = if store.paused() { 0 } else { TICK_MS };
        use_interval(
            Callback::from(move |_| store.dispatch(Action::Tick(SimDuration(ms)))),
            period,
        );
    }

    let on_input = {
        let store = store.clone();
        Callback::from(move |i: Input| {
            if !readonly {
                let _ = store.step(i);
            }
        })
    };
    let on_select = {
        let selection = selection.clone();
        Callback::from(move |s: Selection| {
            if panels.why {
                selection.set(Some(s));
            }
        })
    };
    let on_close = {
        let selection = selection.clone();
        Callback::from(move |_| selection.set(None))
    };
    let details = use_details(
        &state,
        (*selection).as_ref(),
        &YamlPlace::Embed,
        &on_input,
        &on_select,
        &on_close,
    );

    let view = &state.view;
    let time = panels.time.then(|| {
        let on_toggle = {
            let store = store.clone();
            Callback::from(move |_| store.set_paused(!store.paused()))
        };
        let on_step = {
            let store = store.clone();
            Callback::from(move |_| store.dispatch(Action::Tick(STEP)))
        };
        let on_speed = {
            let store = store.clone();
            Callback::from(move |i: usize| store.set_speed(i))
        };
        let on_reset = {
            let store = store.clone();
            let selection = selection.clone();
            Callback::from(move |seed: u64| {
                selection.set(None);
                store.reset(seed);
            })
        };
        html! {
            <div class="embed-bar">
                <TimeControls now={view.now} paused={store.paused()} speed={store.speed()} seed={state.seed()}
                    {on_toggle} {on_step} {on_speed} {on_reset} />
            </div>
        }
    });
    let editor = panels.editor.then(|| {
        if readonly {
            return html! {
                <section class="panel embed-yaml" aria-label="Manifest">
                    <pre tabindex="0">{ store.text() }</pre>
                </section>
            };
        }
        let on_change = {
            let store = store.clone();
            Callback::from(move |t: String| store.set_text(t))
        };
        let on_apply = {
            let store = store.clone();
            Callback::from(move |_| {
                let _ = store.apply(store.text().to_string());
            })
        };
        let on_example = {
            let store = store.clone();
            Callback::from(move |i: usize| {
                if let Some(ex) = EXAMPLES.get(i) {
                    let _ = store.apply(ex.yaml.to_string());
                }
            })
        };
        html! {
            <div class="embed-editor">
                <Editor text={store.text()} {on_change} {on_apply} {on_example} outcome={state.outcome.clone()} />
            </div>
        }
    });
    let node_controls = (panels.nodes && !readonly).then(|| {
        let store = store.clone();
        let on_add = Callback::from(move |(template, count): (NodeTemplate, u32)| {
            let inputs = (0..count)
                .map(|_| {
                    Input::Node(NodeOp::Add {
                        name: None,
                        template,
                    })
                })
                .collect();
            let _ = store.step_many(inputs);
        });
        html! { <NodeControls {on_add} /> }
    });
    let on_delete = {
        let on_input = on_input.clone();
        Callback::from(move |(namespace, name): (String, String)| {
            on_input.emit(Input::Delete {
                kind: ObjectKind::DaemonSet,
                namespace,
                name,
            })
        })
    };
    let details = details.filter(|_| panels.why);
    html! {
        <div class={classes!("embed", details.is_some().then_some("with-details"))}>
            { for time }
            <div class="embed-body">
                { for editor }
                <div class="embed-main">
                    { for node_controls }
                    <ClusterView nodes={view.nodes.clone()} unplaced={view.unplaced_pods.clone()}
                        colors={view.colors.clone()} selection={(*selection).clone()} on_select={on_select.clone()} />
                    if panels.status {
                        <DsTable daemon_sets={view.daemon_sets.clone()} now={view.now} {on_delete} />
                    }
                    if panels.events {
                        <Events sim={state.sim_handle()} version={view.events_version} now={view.now} />
                    }
                </div>
                if let Some(d) = details {
                    <div class="embed-details">{ d }</div>
                }
            </div>
        </div>
    }
}
