//! The scenario bar (docs/scenarios.md): open a built-in scenario (`web/scenarios/`, copied
//! next to the page) or a file, play it with its steps as marks on a timeline and the
//! current caption, previous/next step and play/pause (the clock's speed buttons set the
//! speed); and **Record**: the run so far
//! as a scenario file (download) or as the `dsplay simulate` command that replays it (copy).

use crate::components::presentation::{
    command, help, in_field, selected_node, set_presenting, Command,
};
use crate::player::Playing;
use crate::share::{copy_text, download, fetch_manifest};
use crate::state::{Action, Shared, SimHandle};
use dsplay_core::clock::{human_duration, SimDuration, SimTime};
use dsplay_core::load::{decode, too_large, MAX_FILE_BYTES};
use dsplay_core::scenario::{record_run, simulate_command, Scenario};
use dsplay_core::view::NodeView;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The built-in scenarios: `scenarios/NAME.yaml` next to the page (Trunk copies
/// `web/scenarios/`; the e2e test checks this list against the directory).
pub const BUILT_IN: &[&str] = &[
    "01-node-churn",
    "02-node-failures",
    "03-cordon-and-drain",
    "04-noschedule-vs-noexecute",
    "05-rolling-update",
    "06-ondelete",
    "07-resource-squeeze",
    "08-control-plane",
    "09-side-by-side-rolling-update",
    "10-side-by-side-taint-effects",
];

/// The menu label of a built-in scenario: `01-node-churn` → `1 · node churn`.
fn label(name: &str) -> String {
    let (n, rest) = name.split_once('-').unwrap_or(("", name));
    format!("{} · {}", n.trim_start_matches('0'), rest.replace('-', " "))
}

/// Props of [`ScenarioBar`].
#[derive(Properties, PartialEq)]
pub struct ScenarioBarProps {
    /// The scenario being played.
    pub playing: Option<Shared<Playing>>,
    /// Simulated now.
    pub now: SimTime,
    /// The run (for **Record**).
    pub sim: SimHandle,
    /// The clock is stopped.
    pub paused: bool,
    /// Stop (`true`) or start the clock.
    pub on_paused: Callback<bool>,
    /// The page's actions (load, previous, next, close; node shortcuts).
    pub on_action: Callback<Action>,
    /// The node cards (presentation mode's node shortcuts).
    pub nodes: Shared<Vec<Shared<NodeView>>>,
    /// The selected node's name.
    #[prop_or_default]
    pub selected: Option<AttrValue>,
    /// Start in presentation mode (the light page's Present button handed over).
    #[prop_or_default]
    pub present: bool,
    /// Play a side-by-side scenario (`compare:`) in the Side by side panel.
    #[prop_or_default]
    pub on_compare: Callback<Shared<Scenario>>,
}

/// Reads the file chosen in the file input that `e` comes from, and clears the input (so the
/// same file can be chosen again): `then` gets the file's name and its bytes, or the message
/// for a file over the loader's limit (refused unread, in the loader's words) or one the
/// browser could not read. `reader` keeps the read going until it ends.
pub fn read_chosen_file(
    e: &Event,
    reader: &std::cell::RefCell<Option<gloo::file::callbacks::FileReader>>,
    then: impl FnOnce(String, Result<Vec<u8>, String>) + 'static,
) {
    let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
        return;
    };
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    input.set_value("");
    let name = file.name();
    if file.size() > MAX_FILE_BYTES as f64 {
        then(name.clone(), Err(too_large(&name).to_string()));
        return;
    }
    let file = gloo::file::File::from(file);
    *reader.borrow_mut() = Some(gloo::file::callbacks::read_as_bytes(&file, move |r| {
        let r = r.map_err(|e| format!("{name}: {e}"));
        then(name, r);
    }));
}

/// Reads a scenario file in the page: the scenario, or why it cannot be read (located errors,
/// each with its source line, as the CLI prints them). The scenario bar and the Side by side
/// panel both read files through this.
pub fn read(file: &str, bytes: Vec<u8>) -> Result<Scenario, String> {
    let decoded = decode(file, bytes);
    let text = decoded.text.as_str();
    if let (Some(e), true) = (&decoded.error, text.is_empty()) {
        return Err(e.to_string());
    }
    Scenario::parse(file, text, &mut |name: &str| {
        Err(format!(
            "the page cannot read files next to a scenario ({name}); put the manifest inline (apply: |)"
        ))
    })
    .map_err(|errors| {
        errors
            .iter()
            .map(|e| e.render(text))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Plays the scenario file `file` (its bytes), a side-by-side one in the Side by side panel
/// (`on_compare`), or says why it cannot ([`read`]).
fn open(
    file: &str,
    bytes: Vec<u8>,
    on_action: &Callback<Action>,
    on_paused: &Callback<bool>,
    on_compare: &Callback<Shared<Scenario>>,
) -> Option<String> {
    match read(file, bytes) {
        Ok(s) if !s.compare.is_empty() => {
            on_compare.emit(Shared::new(s));
            None
        }
        Ok(s) => {
            on_paused.emit(true);
            on_action.emit(Action::ScenarioGo(Shared::new(s), 0));
            None
        }
        Err(why) => Some(why),
    }
}

/// The scenario bar.
#[component]
pub fn ScenarioBar(props: &ScenarioBarProps) -> Html {
    let note = use_state(|| None::<(bool, String)>);
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let held = props.playing.as_ref().is_some_and(|p| p.held);
    {
        // The player reached a `pause: true` step: the clock stops for the presenter.
        let on_paused = props.on_paused.clone();
        use_effect_with(held, move |&held| {
            if held {
                on_paused.emit(true);
            }
        });
    }
    let show = {
        let note = note.clone();
        Callback::from(move |n: Option<(bool, String)>| note.set(n))
    };
    let presenting = use_state(|| props.present);
    let helping = use_state(|| false);
    use_effect_with((), {
        let on = props.present;
        move |_| {
            if on {
                set_presenting(true);
            }
        }
    });
    {
        // Presentation mode's keys, on the whole page (not in fields; not a key a focused
        // element already took, such as Enter or Space on a node card).
        let (presenting, helping, show) = (presenting.clone(), helping.clone(), show.clone());
        let (on_action, on_paused, paused) = (
            props.on_action.clone(),
            props.on_paused.clone(),
            props.paused,
        );
        let nodes = props.nodes.clone();
        let selected = props.selected.clone();
        let playing = props.playing.clone();
        use_effect(move || {
            let on = *presenting;
            let left = on.then(|| {
                // Leaving full screen (Esc, the browser's own control) leaves presentation mode.
                let presenting = presenting.clone();
                EventListener::new(&gloo::utils::document(), "fullscreenchange", move |_| {
                    if gloo::utils::document().fullscreen_element().is_none() {
                        set_presenting(false);
                        presenting.set(false);
                    }
                })
            });
            let listener = on.then(|| {
                let window = gloo::utils::window();
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&window, "keydown", options, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if e.default_prevented()
                        || e.ctrl_key()
                        || e.meta_key()
                        || e.alt_key()
                        || in_field(e)
                    {
                        return;
                    }
                    let previous = playing
                        .as_ref()
                        .map(|p| Action::ScenarioGo(p.scenario.clone(), p.current().unwrap_or(0)));
                    let next = playing.as_ref().map(|_| Action::ScenarioNext);
                    let node = selected_node(&nodes, selected.as_deref());
                    let Some(cmd) = command(&e.key(), node, previous, next) else {
                        return;
                    };
                    e.prevent_default();
                    match cmd {
                        Command::Input(i) => on_action.emit(Action::Step(i)),
                        Command::Page(a) => on_action.emit(a),
                        Command::PlayPause => on_paused.emit(!paused),
                        Command::Help => helping.set(!*helping),
                        Command::Escape if *helping => helping.set(false),
                        Command::Escape => {
                            set_presenting(false);
                            presenting.set(false);
                        }
                        Command::NeedsNode => show.emit(Some((
                            false,
                            "Select a node first: Tab to its card, then Enter.".to_string(),
                        ))),
                    }
                })
            });
            move || drop((listener, left))
        });
    }
    let on_present = {
        let presenting = presenting.clone();
        Callback::from(move |_: MouseEvent| {
            set_presenting(!*presenting);
            presenting.set(!*presenting);
        })
    };
    let on_help = {
        let helping = helping.clone();
        Callback::from(move |_: MouseEvent| helping.set(!*helping))
    };
    let on_menu = {
        let (on_action, on_paused, show) = (
            props.on_action.clone(),
            props.on_paused.clone(),
            show.clone(),
        );
        let on_compare = props.on_compare.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            let name = select.value();
            select.set_value("");
            if name.is_empty() {
                return;
            }
            let file = format!("{name}.yaml");
            let (on_action, on_paused, show) = (on_action.clone(), on_paused.clone(), show.clone());
            let on_compare = on_compare.clone();
            fetch_manifest(&format!("scenarios/{file}"), move |r| {
                let why = match r {
                    Ok(bytes) => open(&file, bytes, &on_action, &on_paused, &on_compare),
                    Err(e) => Some(format!("{file}: {e}")),
                };
                show.emit(why.map(|w| (true, w)));
            });
        })
    };
    let on_file = {
        let (on_action, on_paused, show) = (
            props.on_action.clone(),
            props.on_paused.clone(),
            show.clone(),
        );
        let on_compare = props.on_compare.clone();
        Callback::from(move |e: Event| {
            let (on_action, on_paused, show) = (on_action.clone(), on_paused.clone(), show.clone());
            let on_compare = on_compare.clone();
            read_chosen_file(&e, &reader, move |name, r| {
                let why = match r {
                    Ok(bytes) => open(&name, bytes, &on_action, &on_paused, &on_compare),
                    Err(why) => Some(why),
                };
                show.emit(why.map(|w| (true, w)));
            });
        })
    };
    let on_download = {
        let sim = props.sim.clone();
        Callback::from(move |_: MouseEvent| {
            download("recorded.yaml", "text/yaml", &sim.with(record_run));
        })
    };
    let on_copy = {
        let (sim, show) = (props.sim.clone(), show.clone());
        Callback::from(move |_: MouseEvent| {
            let command = simulate_command(&sim.with(record_run));
            let show = show.clone();
            copy_text(&command, move |ok| {
                show.emit(Some(if ok {
                    (
                        false,
                        "Copied the dsplay simulate command that replays this run.".to_string(),
                    )
                } else {
                    (
                        true,
                        "The browser did not let the page use the clipboard.".to_string(),
                    )
                }))
            });
        })
    };
    let present = html! {
        <span class="present-tools">
            <button type="button" class="small present" onclick={on_present} aria-pressed={presenting.to_string()}
                title="Full screen, large type, the editor hidden; keyboard shortcuts (?)">
                { if *presenting { "Leave presentation" } else { "Present" } }
            </button>
            <button type="button" class="small" onclick={on_help.clone()}>{ "Shortcuts (?)" }</button>
        </span>
    };
    let menu = html! {
        <select class="scenario-menu" aria-label="Play a built-in scenario" onchange={on_menu}>
            <option value="" selected=true>{ "Scenarios…" }</option>
            for name in BUILT_IN.iter() {
                <option value={*name}>{ label(name) }</option>
            }
        </select>
    };
    let record = html! {
        <span class="record" role="group" aria-label="Record">
            <label class="file-pick" title="Play a scenario file (kind: Scenario)">
                { "Open scenario…" }
                <input type="file" accept=".yaml,.yml,.json" class="sr-only" onchange={on_file} />
            </label>
            <button type="button" class="small" onclick={on_download}
                title="What you did in the page, as a scenario file">{ "Download scenario" }</button>
            <button type="button" class="small" onclick={on_copy}
                title="The dsplay simulate command that replays what you did">{ "Copy command" }</button>
        </span>
    };
    let message = (*note).clone().map(|(error, text)| {
        let onclick = {
            let note = note.clone();
            Callback::from(move |_: MouseEvent| note.set(None))
        };
        html! {
            <div class={classes!("scenario-note", error.then_some("error"))} role={if error { "alert" } else { "status" }}>
                <pre>{ text }</pre>
                <button type="button" class="small ghost" {onclick} aria-label="Dismiss">{ "×" }</button>
            </div>
        }
    });
    let player = props.playing.as_ref().map(|p| player(props, p));
    html! {
        <section class={classes!("scenario-bar", props.playing.is_some().then_some("playing"))} aria-label="Scenario">
            <div class="scenario-tools">{ menu }{ record }{ present }</div>
            { for player }
            { for message }
            if *helping { { help(on_help) } }
        </section>
    }
}

/// The player: title, buttons, timeline, caption.
fn player(props: &ScenarioBarProps, p: &Shared<Playing>) -> Html {
    let s = &p.scenario;
    let elapsed = props.now.since(p.cursor.start);
    let total = s.steps.last().map_or(1, |l| l.at.as_millis()).max(1);
    let pct = |d: SimDuration| (d.as_millis().min(total) as f64) * 100.0 / total as f64;
    let go = |count: usize| {
        let (cb, s) = (props.on_action.clone(), s.clone());
        Callback::from(move |_: MouseEvent| cb.emit(Action::ScenarioGo(s.clone(), count)))
    };
    let on_next = {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::ScenarioNext))
    };
    let on_close = {
        let cb = props.on_action.clone();
        Callback::from(move |_: MouseEvent| cb.emit(Action::ScenarioClose))
    };
    let on_toggle = {
        let (cb, paused) = (props.on_paused.clone(), props.paused);
        Callback::from(move |_: MouseEvent| cb.emit(!paused))
    };
    let current = p.current();
    let caption = s.caption_after(current.map_or(0, |i| i + 1)).to_string();
    let status = if p.held {
        format!(
            "Waiting before step {}: press Play or Next step to go on.",
            p.cursor.next + 1
        )
    } else if p.ended() {
        "Every step ran; the cluster goes on.".to_string()
    } else {
        format!("Step {} of {}", current.map_or(0, |i| i + 1), s.steps.len())
    };
    let title = if s.title.is_empty() {
        s.file.clone()
    } else {
        s.title.clone()
    };
    html! {
        <div class="scenario-player" data-next={p.cursor.next.to_string()} data-held={p.held.to_string()}
            data-ended={p.ended().to_string()}>
            <div class="scenario-head">
                <h2 class="scenario-title">{ title }</h2>
                <span class="scenario-buttons" role="group" aria-label="Scenario player">
                    <button type="button" class="prev-step" onclick={go(current.unwrap_or(0))}
                        disabled={current.is_none()} aria-label="Previous step">{ "← Previous" }</button>
                    <button type="button" class={classes!("primary", "scenario-play")} onclick={on_toggle}
                        aria-label={if props.paused { "Play scenario" } else { "Pause scenario" }}>
                        { if props.paused { "▶ Play" } else { "❚❚ Pause" } }
                    </button>
                    <button type="button" class="next-step" onclick={on_next} disabled={p.ended()}
                        aria-label="Next step">{ "Next →" }</button>
                    <span class="scenario-time">{ format!("{} / {}", human_duration(elapsed), human_duration(SimDuration(total))) }</span>
                    <button type="button" class="small ghost" onclick={on_close} aria-label="Close the scenario">{ "×" }</button>
                </span>
            </div>
            <div class="timeline">
                <div class="timeline-done" style={format!("width:{:.2}%", pct(elapsed))}></div>
                for (i, st) in s.steps.iter().enumerate() {
                    <button type="button" key={i}
                        class={classes!("mark", (i < p.cursor.next).then_some("done"), (Some(i) == current).then_some("current"), st.pause.then_some("pause"))}
                        style={format!("left:{:.2}%", pct(st.at))}
                        aria-label={format!("Go to step {} at {}", i + 1, human_duration(st.at))}
                        title={st.caption.clone()} onclick={go(i + 1)}></button>
                }
            </div>
            <p class="scenario-caption" aria-live="polite">{ caption }</p>
            <p class="scenario-status">{ status }</p>
        </div>
    }
}
