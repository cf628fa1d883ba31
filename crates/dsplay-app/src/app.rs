//! The page: editor, clock, cluster, details, tables.

use crate::components::cluster_view::ClusterView;
#[cfg(feature = "full")]
use crate::components::compare::Compare;
#[cfg(feature = "full")]
use crate::components::console::Console;
use crate::components::details::YamlPlace;
use crate::components::ds_table::DsTable;
use crate::components::editor::Editor;
use crate::components::events::Events;
use crate::components::field_docs::Asked;
use crate::components::node_controls::NodeControls;
#[cfg(feature = "full")]
use crate::components::scenario_bar::ScenarioBar;
use crate::components::share_bar::{Opening, ShareBar};
use crate::components::time_controls::{TimeControls, DEFAULT_SPEED, SPEEDS, STEP, TICK_MS};
use crate::components::tools::Tools;
use crate::examples::{EXAMPLES, MONITORING_AGENT};
use crate::hooks::{use_details, use_interval, use_local_storage};
use crate::persist::{load_run, save_run, EDITOR_KEY};
use crate::state::{Action, AppState, Selection, DEFAULT_SEED, EDITOR_FILE};
use crate::upgrade::{self, Handover, Panel};
use dsplay_core::clock::SimDuration;
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, ObjectKind};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

/// How long the page waits, idle, before writing the run to `localStorage`.
pub(crate) const SAVE_DELAY_MS: u32 = 250;

/// Props of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Start with the clock stopped (tests).
    #[prop_or_default]
    pub start_paused: bool,
    /// Ignore `localStorage` (tests): start from this seed and the seed example.
    #[prop_or_default]
    pub fresh: bool,
    /// The share link the page was opened with: start from its run, paused.
    #[prop_or_default]
    pub opening: Option<Rc<Opening>>,
    /// What the light page handed over (full build): its run, editor text, clock and the
    /// panels to open.
    #[prop_or_default]
    pub handover: Option<Rc<Handover>>,
}

/// The DaemonSet Playground.
#[component]
pub fn App(props: &AppProps) -> Html {
    let fresh = props.fresh;
    let opened = props.opening.as_ref().and_then(|o| o.run());
    let handed = props.handover.as_deref();
    let (text, set_text) = use_local_storage(EDITOR_KEY, || {
        handed
            .and_then(|h| h.editor.as_deref())
            .or(opened.map(|o| o.1.as_str()))
            .unwrap_or(MONITORING_AGENT)
            .to_string()
    });
    {
        // The light page's editor text wins over what storage held (it may not be written yet).
        let (text, set_text) = (text.clone(), set_text.clone());
        let editor = handed.and_then(|h| h.editor.clone());
        use_effect_with((), move |_| {
            if let Some(editor) = editor.filter(|e| *e != *text) {
                set_text.emit(editor);
            }
        });
    }
    let state = {
        let text = text.clone();
        let opened = handed
            .and_then(|h| h.run.clone())
            .or_else(|| opened.map(|o| o.0.clone()));
        use_reducer(move || {
            if fresh {
                return AppState::new(DEFAULT_SEED, MONITORING_AGENT);
            }
            match opened.or_else(load_run) {
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
    let paused =
        use_state(|| props.start_paused || opened.is_some() || handed.is_some_and(|h| h.paused));
    let speed = use_state(|| {
        handed
            .and_then(|h| h.speed)
            .filter(|&s| s < SPEEDS.len())
            .unwrap_or(DEFAULT_SPEED)
    });
    let selection = use_state(|| handed.and_then(|h| h.selection.clone()));
    let dispatcher = state.dispatcher();
    // The full build's panels that are open (upgrade.rs); in the light build, the one whose
    // build is loading and why it failed.
    let open_panels = use_state(|| handed.map(|h| h.panels.clone()).unwrap_or_default());
    let loading = use_state(|| None::<Panel>);
    let load_error = use_state(|| None::<AttrValue>);
    // Light build: hands over to the full build (upgrade.rs) with `panels` open, `panel`'s
    // button saying it loads, the editor's text, caret and request when the field docs
    // were asked for in it (components/field_docs.rs), the selection, and `yaml` when the
    // details panel's YAML was asked for (components/details.rs).
    let hand_over = {
        let (loading, load_error) = (loading.clone(), load_error.clone());
        let (state, text, paused, speed, selection) = (
            state.clone(),
            text.clone(),
            paused.clone(),
            speed.clone(),
            selection.clone(),
        );
        Callback::from(
            move |(panels, panel, asked, yaml): (
                Vec<Panel>,
                Option<Panel>,
                Option<Asked>,
                bool,
            )| {
                let (editor, caret, resume) = match asked {
                    Some(a) => (a.text, Some(a.caret), Some(a.resume)),
                    None => (text.to_string(), None, None),
                };
                let handover = Handover {
                    run: Some(state.run_log()),
                    editor: Some(editor),
                    panels,
                    paused: *paused,
                    speed: Some(*speed),
                    caret,
                    resume,
                    selection: (*selection).clone(),
                    yaml,
                };
                loading.set(panel);
                load_error.set(None);
                let (loading, load_error) = (loading.clone(), load_error.clone());
                upgrade::hand_over(&handover, move |r| {
                    if let Err(e) = r {
                        loading.set(None);
                        load_error.set(Some(e.into()));
                    }
                });
            },
        )
    };
    let toggle_panel = {
        let (open_panels, hand_over) = (open_panels.clone(), hand_over.clone());
        Callback::from(move |p: Panel| {
            let mut panels = (*open_panels).clone();
            if upgrade::FULL {
                match panels.iter().position(|&o| o == p) {
                    Some(i) => {
                        panels.remove(i);
                    }
                    None => panels.push(p),
                }
                upgrade::save_panels(&panels);
                open_panels.set(panels);
                return;
            }
            if !panels.contains(&p) {
                panels.push(p);
            }
            hand_over.emit((panels, Some(p), None, false));
        })
    };
    // One callback for the page's life, reading this render's `hand_over` and panels: the
    // editor, given a new one, would render again at every input (docs/performance.md).
    let on_docs = {
        let latest = use_mut_ref(|| None);
        *latest.borrow_mut() = Some((hand_over.clone(), (*open_panels).clone()));
        let on_docs = use_callback((), move |a: Asked, _| {
            let Some((hand_over, panels)) = latest.borrow().clone() else {
                return;
            };
            hand_over.emit((panels, None, Some(a), false));
        });
        (!upgrade::FULL).then_some(on_docs)
    };
    let yaml_place = YamlPlace::Page {
        on_show: {
            let open_panels = open_panels.clone();
            hand_over.reform(move |()| ((*open_panels).clone(), None, None, true))
        },
        failed: load_error.is_some(),
        asked: handed.and_then(Handover::yaml_of).cloned(),
    };

    // The console's warm-up, in the page's idle time from now on, console open or not
    // (components/console.rs, `warm_up`).
    #[cfg(feature = "full")]
    {
        use_effect_with((), |_| crate::components::console::warm_up());
    }
    // The clock: a fixed simulated step per tick, never wall-clock time.
    {
        let dispatcher = dispatcher.clone();
        let ms = SPEEDS.get(*speed).map(|s| s.1).unwrap_or(200);
        use_interval(
            Callback::from(move |_| dispatcher.dispatch(Action::Tick(SimDuration(ms)))),
            if *paused { 0 } else { TICK_MS },
        );
    }
    // A large change shows in parts (`state::CARDS_PER_TASK`): the next part in a task of its
    // own while the view is behind, so the browser draws and takes input in between.
    {
        let dispatcher = dispatcher.clone();
        use_interval(
            Callback::from(move |_| dispatcher.dispatch(Action::ShowMore)),
            u32::from(state.view_behind),
        );
    }
    // Persistence: after every input, and every 5 simulated seconds — written once the page
    // is idle for SAVE_DELAY_MS (a burst of inputs is one write), and at once when the page
    // is hidden or left, so a reload never loses an input.
    {
        let handed_run = handed.is_some_and(|h| h.run.is_some());
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
                        // The run as the page opened is in storage already (the saved run; a
                        // link's, saved by `open_at_start`; a first visit's default cluster,
                        // built the same again from the editor's text), unless the full build
                        // took a run over: writing a large run again is a long task.
                        if timer.borrow().is_some() || handed_run {
                            *dirty.borrow_mut() = true;
                        }
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
    let (on_paused, on_action) = (
        Callback::from({
            let paused = paused.clone();
            move |p: bool| paused.set(p)
        }),
        Callback::from({
            let dispatcher = dispatcher.clone();
            move |a: Action| dispatcher.dispatch(a)
        }),
    );
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
    // A shared run opened (paused, to show exactly what was shared) or the kept one restored.
    let on_load = {
        let (dispatcher, set_text) = (dispatcher.clone(), set_text.clone());
        let (paused, selection) = (paused.clone(), selection.clone());
        use_callback((), move |(log, editor), _| {
            selection.set(None);
            paused.set(true);
            set_text.emit(editor);
            dispatcher.dispatch(Action::Replay(log));
        })
    };
    let on_manifest = {
        let (dispatcher, set_text) = (dispatcher.clone(), set_text.clone());
        use_callback((), move |text: String, _| {
            set_text.emit(text.clone());
            dispatcher.dispatch(Action::Step(Input::Apply {
                file: EDITOR_FILE.to_string(),
                text,
            }));
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
    // The Timeline panel (components/timeline.rs): status charts and the scrubber.
    #[cfg(feature = "full")]
    let timeline = if open_panels.contains(&Panel::Timeline) {
        let on_close = {
            let toggle_panel = toggle_panel.clone();
            Callback::from(move |_| toggle_panel.emit(Panel::Timeline))
        };
        html! {
            <crate::components::timeline::Timeline travel={state.travel.clone()} now={view.now}
                on_action={on_action.clone()} on_paused={on_paused.clone()} {on_close} />
        }
    } else {
        Html::default()
    };
    #[cfg(not(feature = "full"))]
    let timeline = Html::default();
    // Side by side (full build): the panel, with the side-by-side scenario the scenario bar
    // opened (components/compare.rs).
    #[cfg(feature = "full")]
    let (compare, on_compare) = {
        let asked = use_state(|| None::<crate::state::Shared<dsplay_core::scenario::Scenario>>);
        let on_compare = {
            let (asked, open, toggle) = (
                asked.clone(),
                open_panels.contains(&Panel::Compare),
                toggle_panel.clone(),
            );
            Callback::from(move |s| {
                asked.set(Some(s));
                if !open {
                    toggle.emit(Panel::Compare);
                }
            })
        };
        let on_close = {
            let toggle = toggle_panel.clone();
            Callback::from(move |()| toggle.emit(Panel::Compare))
        };
        let panel = html! {
            if open_panels.contains(&Panel::Compare) {
                <Compare {on_close} scenario={(*asked).clone()} />
            }
        };
        (panel, on_compare)
    };
    #[cfg(not(feature = "full"))]
    let compare = Html::default();
    #[cfg(feature = "full")]
    let scenario_bar = html! {
        <ScenarioBar playing={state.playing.clone()} now={view.now} sim={state.sim_handle()} paused={*paused}
            {on_paused} {on_action} nodes={view.nodes.clone()} {on_compare}
            present={open_panels.contains(&Panel::Present)}
            selected={match &*selection { Some(Selection::Node(n)) => Some(AttrValue::from(n.clone())), _ => None }} />
    };
    #[cfg(not(feature = "full"))]
    let scenario_bar = {
        let _ = (on_paused, on_action);
        Html::default()
    };
    #[cfg(feature = "full")]
    let console = html! {
        if open_panels.contains(&Panel::Console) {
            <Console dispatcher={dispatcher.clone()} log={state.kubectl.clone()} sim={state.sim_handle()}
                now={view.now} editor={text.clone()} on_edit={set_text.clone()}
                on_close={toggle_panel.reform(|()| Panel::Console)} />
        }
    };
    #[cfg(not(feature = "full"))]
    let console = Html::default();
    // The Learn panel (components/learn.rs).
    #[cfg(feature = "full")]
    let learn = html! {
        if open_panels.contains(&Panel::Learn) {
            <crate::components::learn::Learn sim={state.sim_handle()} nodes={view.nodes.clone()}
                daemon_sets={view.daemon_sets.clone()} events_version={view.events_version}
                dispatch={dispatcher.clone()} on_close={toggle_panel.reform(|()| Panel::Learn)} />
        }
    };
    #[cfg(not(feature = "full"))]
    let learn = Html::default();
    #[cfg(feature = "full")]
    let autopilot = html! {
        if open_panels.contains(&Panel::Autopilot) {
            <crate::components::autopilot::AutopilotPanel running={state.autopilot.clone()}
                seed={state.seed()} nodes={view.nodes.len()} paused={*paused}
                dispatch={dispatcher.clone()} on_paused={{ let p = paused.clone(); Callback::from(move |v| p.set(v)) }}
                on_close={toggle_panel.reform(|()| Panel::Autopilot)} />
        }
    };
    #[cfg(not(feature = "full"))]
    let autopilot = Html::default();
    let details = use_details(
        &state,
        (*selection).as_ref(),
        &yaml_place,
        &on_input,
        &on_select,
        &on_close,
    );

    html! {
        <div class="app" data-sim-ms={format!("{:.1}", state.timings.0)} data-view-ms={format!("{:.1}", state.timings.1)}>
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true"></span>
                    <h1>{ "DaemonSet Playground" }</h1>
                    <span class="tagline">{ "Kubernetes' DaemonSet controller, simulated" }</span>
                    <a class="tagline" href="docs-example.html">{ "Embed it in your docs" }</a>
                </div>
                <TimeControls now={view.now} paused={*paused} speed={*speed} seed={state.seed()}
                    {on_toggle} {on_step} {on_speed} {on_reset} />
                <ShareBar sim={state.sim_handle()} editor={text.clone()} {on_load} {on_manifest}
                    opening={props.opening.clone()} />
            </header>
            <Tools open={(*open_panels).clone()} on_toggle={toggle_panel.clone()}
                loading={*loading} error={(*load_error).clone()} />
            { scenario_bar }
            { timeline }
            { learn }
            { autopilot }
            { compare }
            <main class={classes!("layout", details.is_some().then_some("with-details"))}>
                <div class="col-editor">
                    <Editor text={text.clone()} on_change={set_text.clone()} {on_apply} {on_example}
                        outcome={state.outcome.clone()} on_hand_over={on_docs}
                        resume={handed.and_then(Handover::editor_resume)} />
                </div>
                <div class="col-main">
                    <NodeControls {on_add} />
                    <ClusterView nodes={view.nodes.clone()} unplaced={view.unplaced_pods.clone()}
                        colors={view.colors.clone()} selection={(*selection).clone()} on_select={on_select.clone()}
                        sim={state.sim_handle()} />
                    <DsTable daemon_sets={view.daemon_sets.clone()} now={view.now} on_delete={on_delete_ds} />
                    { console }
                    <Events sim={state.sim_handle()} version={view.events_version} now={view.now}
                        typed={state.kubectl.clone()} />
                </div>
                if let Some(d) = details {
                    <div class="col-details">{ d }</div>
                }
            </main>
        </div>
    }
}
