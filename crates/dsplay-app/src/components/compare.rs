//! Side by side (`upgrade::Panel::Compare`, the full build only; docs/scenarios.md#side-by-side):
//! a side-by-side scenario (`compare:`) played in lockstep on two clusters of its own, next to
//! each other on a wide screen and one above the other on a phone. Each side is the page's own
//! cluster view ([`ClusterView`]) with its `kubectl get ds` numbers and its status chart
//! (`dsplay_core::print::chart`, the CLI's `-o chart`); the charts stand one above the other on
//! the same time axis, so the two rollouts read against each other. Hooks: `.compare-panel`,
//! `data-side` per cluster, `data-side-chart` per chart, the bar's `data-next`, `data-waiting`,
//! `data-ended` and `data-now-ms`. The panel has its own clock (play, pause, next step, speed): the page's cluster
//! is not touched.

use crate::components::cluster_view::ClusterView;
use crate::components::pod_chip::PALETTE;
use crate::components::scenario_bar::{self, BUILT_IN};
use crate::components::time_controls::{DEFAULT_SPEED, SPEEDS, TICK_MS};
use crate::hooks::use_interval;
use crate::share::fetch_manifest;
use crate::state::{Selection, Shared, ViewModel};
use dsplay_core::clock::{human_duration, SimDuration};
use dsplay_core::print::chart::{self, Span};
use dsplay_core::print::DAEMON_SET_COLUMNS;
use dsplay_core::scenario::{Lockstep, Scenario, Variant};
use dsplay_core::timeline::History;
use std::str::FromStr;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The built-in scenarios that play side by side (`compare:`): their names say so.
pub fn built_in() -> impl Iterator<Item = &'static str> {
    BUILT_IN
        .iter()
        .copied()
        .filter(|n| n.contains("side-by-side"))
}

/// The scenario playing and both clusters.
struct Sides {
    scenario: Shared<Scenario>,
    both: Lockstep,
    views: Vec<ViewModel>,
    /// Each side's status over time, for its chart.
    histories: Vec<History>,
}

impl Sides {
    fn new(scenario: Shared<Scenario>) -> Sides {
        let mut both = Lockstep::start(&scenario);
        let mut histories = Vec::new();
        let views = both
            .sides
            .iter_mut()
            .map(|(_, run)| {
                let mut history = History::new();
                history.observe(&mut run.sim);
                histories.push(history);
                ViewModel::from_delta(run.sim.view_changes(), run.sim.events_version(), None)
            })
            .collect();
        Sides {
            scenario,
            both,
            views,
            histories,
        }
    }

    /// Brings the views and the histories up to date after the clusters moved.
    fn refresh(&mut self) {
        let sides = self.both.sides.iter_mut();
        for (((_, run), view), history) in sides.zip(&mut self.views).zip(&mut self.histories) {
            history.observe(&mut run.sim);
            *view =
                ViewModel::from_delta(run.sim.view_changes(), run.sim.events_version(), Some(view));
        }
    }

    /// Each side's status chart (every DaemonSet of the side), all on one time axis: from
    /// the scenario's start to now.
    fn charts(&self) -> Vec<String> {
        let start = self
            .both
            .sides
            .first()
            .map(|(_, run)| run.cursor().start)
            .unwrap_or_default();
        let now = self
            .both
            .sides
            .iter()
            .map(|(_, run)| run.sim.now())
            .max()
            .unwrap_or(start);
        let span = Span::new(start, now);
        self.histories
            .iter()
            .map(|h| chart::history(h, span))
            .collect()
    }
}

/// Reads a scenario file for the panel ([`scenario_bar::read`]): the scenario, or the located
/// errors, or why it is not for this panel.
fn read(file: &str, bytes: Vec<u8>) -> Result<Scenario, String> {
    match scenario_bar::read(file, bytes)? {
        s if s.compare.is_empty() => Err(format!(
            "{file}: not a side-by-side scenario (it has no compare:); play it with Scenarios…"
        )),
        s => Ok(s),
    }
}

/// Props of [`Compare`].
#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// Close the panel.
    pub on_close: Callback<()>,
    /// A side-by-side scenario to play at once (the scenario bar opened one); without it the
    /// panel starts with the first built-in one.
    #[prop_or_default]
    pub scenario: Option<Shared<Scenario>>,
}

/// The Side by side panel.
#[component]
pub fn Compare(props: &CompareProps) -> Html {
    let sides = use_mut_ref(|| None::<Sides>);
    // Bumped whenever the clusters move: the panel renders again.
    let version = use_state(|| 0u64);
    let running = use_state(|| false);
    let speed = use_state(|| DEFAULT_SPEED);
    let note = use_state(|| None::<String>);
    let selection = use_state(|| None::<Selection>);

    let load = {
        let (sides, version, running, note) = (
            sides.clone(),
            version.clone(),
            running.clone(),
            note.clone(),
        );
        Callback::from(move |r: Result<Scenario, String>| match r {
            Ok(s) => {
                *sides.borrow_mut() = Some(Sides::new(Shared::new(s)));
                running.set(false);
                note.set(None);
                version.set(*version + 1);
            }
            Err(e) => note.set(Some(e)),
        })
    };
    let fetch = {
        let load = load.clone();
        Callback::from(move |name: String| {
            let file = format!("{name}.yaml");
            let load = load.clone();
            fetch_manifest(&format!("scenarios/{file}"), move |r| {
                load.emit(
                    r.map_err(|e| format!("{file}: {e}"))
                        .and_then(|b| read(&file, b)),
                );
            });
        })
    };
    {
        // The scenario asked for, or the first built-in one.
        let (sides, version, fetch) = (sides.clone(), version.clone(), fetch.clone());
        use_effect_with(props.scenario.clone(), move |asked| match asked {
            Some(s) => {
                *sides.borrow_mut() = Some(Sides::new(s.clone()));
                version.set(*version + 1);
            }
            None if sides.borrow().is_none() => {
                if let Some(first) = built_in().next() {
                    fetch.emit(first.to_string());
                }
            }
            None => {}
        });
    }

    // The clock: both clusters move by the same simulated step on each tick.
    {
        let period = if *running { TICK_MS } else { 0 };
        let (sides, version, running) = (sides.clone(), version.clone(), running.clone());
        let step = SPEEDS.get(*speed).map_or(200, |s| s.1);
        use_interval(
            Callback::from(move |_| {
                let mut guard = sides.borrow_mut();
                let Some(s) = guard.as_mut() else {
                    return;
                };
                // Held before a pause step with the clock running: the presenter went on.
                let through = s.both.waiting();
                let until = SimDuration(s.both.elapsed().as_millis() + step);
                s.both.advance_to(until, through);
                s.refresh();
                if s.both.waiting() {
                    running.set(false);
                }
                version.set(*version + 1);
            }),
            period,
        );
    }

    let on_play = {
        let running = running.clone();
        Callback::from(move |_: MouseEvent| running.set(!*running))
    };
    let on_next = {
        let (sides, version) = (sides.clone(), version.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(s) = sides.borrow_mut().as_mut() {
                s.both.next_step();
                s.refresh();
            }
            version.set(*version + 1);
        })
    };
    let on_restart = {
        let (sides, version, running) = (sides.clone(), version.clone(), running.clone());
        Callback::from(move |_: MouseEvent| {
            let mut guard = sides.borrow_mut();
            if let Some(s) = guard.as_mut() {
                *s = Sides::new(s.scenario.clone());
            }
            running.set(false);
            version.set(*version + 1);
        })
    };
    let on_speed = {
        let speed = speed.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Ok(i) = usize::from_str(&select.value()) {
                    speed.set(i.min(SPEEDS.len() - 1));
                }
            }
        })
    };
    let on_menu = {
        let fetch = fetch.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                let name = select.value();
                if !name.is_empty() {
                    fetch.emit(name);
                }
            }
        })
    };
    let reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    let on_file = {
        let load = load.clone();
        Callback::from(move |e: Event| {
            let load = load.clone();
            scenario_bar::read_chosen_file(&e, &reader, move |name, r| {
                load.emit(r.and_then(|b| read(&name, b)));
            });
        })
    };
    let on_select = {
        let selection = selection.clone();
        Callback::from(move |s: Selection| selection.set(Some(s)))
    };
    let on_close = {
        let cb = props.on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };

    let guard = sides.borrow();
    let current = guard.as_ref().map(|s| s.scenario.file.clone());
    let menu = html! {
        <select class="compare-menu" aria-label="Side-by-side scenario" onchange={on_menu}>
            for name in built_in() {
                <option value={name}
                    selected={current.as_deref() == Some(format!("{name}.yaml").as_str())}>
                    { name.split_once('-').map_or(name, |(_, rest)| rest).replace('-', " ") }
                </option>
            }
        </select>
    };
    let body = guard.as_ref().map(|s| {
        let both = &s.both;
        let (next, total) = (both.next(), s.scenario.steps.len());
        let status = if both.waiting() {
            format!("Waiting before step {}: press Play", next + 1)
        } else if both.ended() {
            "Every step ran".to_string()
        } else {
            format!("Next: step {} of {total}", next + 1)
        };
        let caption = s.scenario.caption_after(next).to_string();
        html! {
            <>
            <div class="compare-bar">
                <span class="compare-clock" data-now-ms={both.elapsed().as_millis().to_string()}>
                    { format!("t = {}", human_duration(both.elapsed())) }
                </span>
                <button type="button" class="small primary compare-play" onclick={on_play}
                    aria-label={if *running { "Pause side by side" } else { "Play side by side" }}>
                    { if *running { "Pause" } else { "▶ Play" } }
                </button>
                <button type="button" class="small" onclick={on_next} disabled={both.ended()}
                    aria-label="Next step, both sides">{ "Next →" }</button>
                <button type="button" class="small" onclick={on_restart}>{ "Restart" }</button>
                <label class="compare-speed">{ "Speed " }
                    <select onchange={on_speed}>
                        for (i, (label, _)) in SPEEDS.iter().enumerate() {
                            <option value={i.to_string()} selected={i == *speed}>{ *label }</option>
                        }
                    </select>
                </label>
                <span class="compare-status" data-next={next.to_string()}
                    data-waiting={both.waiting().to_string()} data-ended={both.ended().to_string()}>
                    { status }
                </span>
            </div>
            <p class="compare-title">{ &s.scenario.title }</p>
            <p class="compare-caption" aria-live="polite">{ caption }</p>
            <div class="compare-sides">
                for (i, (variant, view)) in s.scenario.compare.iter().zip(&s.views).enumerate() {
                    { side_view(i, variant, view, (*selection).clone(), &on_select) }
                }
            </div>
            <div class="compare-charts">
                for (variant, svg) in s.scenario.compare.iter().zip(s.charts()) {
                    <figure class="compare-chart" data-side-chart={variant.name.clone()}>
                        <figcaption>{ format!("Status over time: {}", variant.label()) }</figcaption>
                        { Html::from_html_unchecked(AttrValue::from(svg)) }
                    </figure>
                }
            </div>
            </>
        }
    });
    html! {
        <section class="panel compare-panel" aria-labelledby="compare-heading">
            <div class="panel-head">
                <h2 id="compare-heading">{ "Side by side" }</h2>
                { menu }
                <label class="file-pick small" title="Play a side-by-side scenario file (kind: Scenario with compare:)">
                    { "Open…" }
                    <input type="file" accept=".yaml,.yml,.json" class="sr-only" onchange={on_file} />
                </label>
                <button type="button" class="small ghost compare-close" aria-label="Close side by side"
                    onclick={on_close}>{ "×" }</button>
            </div>
            if let Some(n) = &*note {
                <pre class="compare-note error" role="alert">{ n }</pre>
            }
            { body.unwrap_or_default() }
        </section>
    }
}

/// One side: its label, its cluster and its `kubectl get ds` numbers.
fn side_view(
    index: usize,
    variant: &Variant,
    view: &ViewModel,
    selection: Option<Selection>,
    on_select: &Callback<Selection>,
) -> Html {
    let name = &variant.name;
    html! {
        <div class="compare-side" data-side={name.clone()}>
            <ClusterView nodes={view.nodes.clone()} unplaced={view.unplaced_pods.clone()}
                colors={view.colors.clone()} selection={selection} on_select={on_select.clone()}
                heading={AttrValue::from(variant.label())} heading_id={AttrValue::from(format!("compare-cluster-{index}"))} />
            <div class="table-wrap" tabindex="0" role="region" aria-label={format!("kubectl get ds, {name}")}>
                <table class="kubectl compare-ds">
                    <thead><tr>
                        for h in DAEMON_SET_COLUMNS.iter().take(6) { <th>{ *h }</th> }
                    </tr></thead>
                    <tbody>
                        for d in view.daemon_sets.iter() {
                            <tr data-ds={d.name.clone()}>
                                <td><span class={classes!("swatch", format!("ds-c{}", d.color_index % PALETTE))}></span>{ &d.name }</td>
                                <td>{ d.desired }</td><td>{ d.current }</td><td>{ d.ready }</td>
                                <td>{ d.up_to_date }</td><td>{ d.available }</td>
                            </tr>
                        }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
