//! The **Timeline** panel (full build, `upgrade::Panel::Timeline`): each DaemonSet's status
//! over simulated time as a chart (`dsplay_core::print::chart`, the CLI's `-o chart`), with the
//! rollouts and the run's steps marked; hover (or the scrubber's position) shows the values at
//! a moment. The **scrubber** goes back over the run: the page shows the cluster as it was then
//! ([`crate::time_travel`]) until **Back to now**, or **Resume from here** (after a confirm:
//! the later inputs are dropped). Hooks: `data-timeline-scrubber`, `data-timeline-past`,
//! `data-chart` per DaemonSet, `data-readout` with a `data-field` per value.

use crate::state::Action;
use crate::time_travel::TimeTravel;
use dsplay_core::clock::{human_duration, SimDuration, SimTime};
use dsplay_core::print::chart::{self, Span};
use dsplay_core::timeline::{Series, StatusSample};
use std::str::FromStr;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

/// The confirm shown before **Resume from here**.
pub const RESUME_CONFIRM: &str =
    "Resume from here? Everything after this moment (inputs, status, events) is dropped.";

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The run's timeline and the moment shown.
    pub travel: TimeTravel,
    /// The time the page shows (the past moment, or now): re-renders as the clock runs.
    pub now: SimTime,
    /// The page's actions (scrub, back to now, resume).
    pub on_action: Callback<Action>,
    /// Stops the clock (scrubbing).
    pub on_paused: Callback<bool>,
    /// The close button was pressed.
    pub on_close: Callback<()>,
}

fn clock(t: SimTime) -> String {
    human_duration(SimDuration(t.as_millis()))
}

/// The status numbers at a moment, one `data-field` each.
fn readout(series: &Series, at: SimTime, hover: bool) -> Html {
    let sample = series.sample_at(at).copied();
    html! {
        <p class="timeline-readout" data-readout={series.title()} data-at-ms={at.as_millis().to_string()}
            data-hover={hover.to_string()}>
            <span class="timeline-readout-at">{ format!("at {}", clock(at)) }</span>
            if let Some(s) = sample {
                for ((name, v), color) in StatusSample::FIELDS.iter().zip(s.values()).zip(chart::LINE_COLORS) {
                    <span class="timeline-value" data-field={*name}>
                        <span class="timeline-swatch" style={format!("background: {color}")} aria-hidden="true"></span>
                        { format!("{name} {v}") }
                    </span>
                }
            } else {
                <span>{ "no status yet" }</span>
            }
        </p>
    }
}

/// Where a pointer at `client_x` is on a chart drawn in `el`, as a moment of `span`.
fn moment_at(el: &Element, client_x: i32, span: Span) -> SimTime {
    let rect = el.get_bounding_client_rect();
    let w = rect.width().max(1.0);
    let x = (f64::from(client_x) - rect.left()) / w * chart::WIDTH as f64;
    chart::time_at(x, span)
}

/// The chart (`.timeline-plot`) an event happened in (Yew delegates events: the current
/// target is not the chart).
fn plot_of(target: Option<web_sys::EventTarget>) -> Option<Element> {
    target?
        .dyn_into::<Element>()
        .ok()?
        .closest(".timeline-plot")
        .ok()
        .flatten()
}

/// A chart's position of `at`, as a percentage of its width (for the cursors laid over it).
fn percent(at: SimTime, span: Span) -> String {
    format!(
        "left: {:.3}%",
        chart::x_of(at, span) as f64 * 100.0 / chart::WIDTH as f64
    )
}

/// The Timeline panel.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let hover = use_state(|| None::<SimTime>);
    let travel = &props.travel;
    let past_at = travel.past.as_ref().map(|p| p.at);
    let live_now = travel
        .past
        .as_ref()
        .map_or(props.now, |p| p.present.borrow().now());
    let timeline = travel.timeline.borrow();
    let history = &timeline.history;
    let start = history.start().unwrap_or(live_now).min(live_now);
    let span = Span::new(start, live_now);
    let shown = past_at.unwrap_or(live_now);

    let scrub = {
        let (on_action, on_paused) = (props.on_action.clone(), props.on_paused.clone());
        Callback::from(move |at: SimTime| {
            on_paused.emit(true);
            on_action.emit(Action::Scrub(at));
        })
    };
    let oninput = {
        let scrub = scrub.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = e
                .target_dyn_into::<HtmlInputElement>()
                .and_then(|i| u64::from_str(i.value().trim()).ok())
            {
                scrub.emit(SimTime(v));
            }
        })
    };
    let on_back = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| on_action.emit(Action::BackToNow))
    };
    let on_resume = {
        let on_action = props.on_action.clone();
        Callback::from(move |_: MouseEvent| {
            let ok = web_sys::window()
                .and_then(|w| w.confirm_with_message(RESUME_CONFIRM).ok())
                .unwrap_or(false);
            if ok {
                on_action.emit(Action::ResumeHere);
            }
        })
    };
    let on_close = {
        let (on_action, on_close) = (props.on_action.clone(), props.on_close.clone());
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Action::BackToNow);
            on_close.emit(());
        })
    };
    let onpointermove = {
        let hover = hover.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(el) = plot_of(e.target()) {
                hover.set(Some(moment_at(&el, e.client_x(), span)));
            }
        })
    };
    let onpointerleave = {
        let hover = hover.clone();
        Callback::from(move |_: PointerEvent| hover.set(None))
    };
    let onclick = {
        let scrub = scrub.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(el) = plot_of(e.target()) {
                scrub.emit(moment_at(&el, e.client_x(), span));
            }
        })
    };

    // Only the moments inside the span are drawn.
    let hover_at = (*hover).filter(|t| *t <= live_now);
    let charts = history.series().iter().map(|series| {
        let marks = history.marks_for(series);
        let svg = chart::to_string(series, &marks, span);
        let at = hover_at.unwrap_or(shown);
        html! {
            <figure class="timeline-chart" data-chart={series.title()}>
                <div class="timeline-plot" onpointermove={onpointermove.clone()}
                    onpointerleave={onpointerleave.clone()} onclick={onclick.clone()}>
                    { Html::from_html_unchecked(AttrValue::from(svg)) }
                    if past_at.is_some() {
                        <div class="timeline-cursor timeline-cursor-at" style={percent(shown, span)} aria-hidden="true"></div>
                    }
                    if let Some(h) = hover_at {
                        <div class="timeline-cursor timeline-cursor-hover" style={percent(h, span)} aria-hidden="true"></div>
                    }
                </div>
                <figcaption>{ readout(series, at, hover_at.is_some()) }</figcaption>
            </figure>
        }
    });

    html! {
        <section class="timeline-panel" data-panel="timeline" aria-labelledby="timeline-title">
            <header class="timeline-head">
                <h2 id="timeline-title">{ "Timeline" }</h2>
                <button type="button" class="timeline-close" aria-label="Close the timeline" onclick={on_close}>{ "×" }</button>
            </header>
            <div class="timeline-scrub">
                <label for="timeline-scrubber">{ "Simulated time" }</label>
                <input id="timeline-scrubber" type="range" data-timeline-scrubber="true"
                    min={span.from.as_millis().to_string()} max={live_now.as_millis().to_string()} step="100"
                    value={shown.as_millis().to_string()}
                    aria-valuetext={format!("{} of {}", clock(shown), clock(live_now))}
                    {oninput} />
                <span class="timeline-scrub-at" data-shown-ms={shown.as_millis().to_string()}>
                    { format!("{} / {}", clock(shown), clock(live_now)) }
                </span>
            </div>
            if let Some(at) = past_at {
                <div class="timeline-past" role="status" data-timeline-past={at.as_millis().to_string()}>
                    <p>
                        <strong>{ format!("Viewing the past: the cluster at {}.", clock(at)) }</strong>
                        { format!(" The run goes on to {}; nothing you do is applied here until you resume.", clock(live_now)) }
                    </p>
                    <div class="timeline-past-actions">
                        <button type="button" class="primary" onclick={on_resume}>{ "Resume from here" }</button>
                        <button type="button" onclick={on_back}>{ "Back to now" }</button>
                    </div>
                </div>
            }
            if history.series().is_empty() {
                <p class="timeline-empty">{ "No DaemonSet yet: apply one and its status is charted here." }</p>
            }
            { for charts }
        </section>
    }
}
