//! The clock: Pause/Play, Step, speed, simulated time, and the seed.

use dsplay_core::clock::{human_duration, SimDuration, SimTime};
use std::str::FromStr;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Wall-clock milliseconds between ticks.
pub const TICK_MS: u32 = 200;

/// The speeds offered: label and simulated milliseconds per tick.
pub const SPEEDS: &[(&str, u64)] = &[
    ("×0.5", 100),
    ("×1", 200),
    ("×2", 400),
    ("×5", 1000),
    ("×10", 2000),
];

/// Index of ×1 in [`SPEEDS`].
pub const DEFAULT_SPEED: usize = 1;

/// What "Step" advances.
pub const STEP: SimDuration = SimDuration::from_secs(1);

/// Props of [`TimeControls`].
#[derive(Properties, PartialEq)]
pub struct TimeControlsProps {
    /// Simulated now.
    pub now: SimTime,
    /// The clock is stopped.
    pub paused: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// The run's seed.
    pub seed: u64,
    /// Pause or play.
    pub on_toggle: Callback<()>,
    /// Advance by [`STEP`].
    pub on_step: Callback<()>,
    /// Choose a speed.
    pub on_speed: Callback<usize>,
    /// Start over with this seed (the editor's YAML is applied again).
    pub on_reset: Callback<u64>,
}

/// The time bar.
#[component]
pub fn TimeControls(props: &TimeControlsProps) -> Html {
    let seed_ref = use_node_ref();
    let seed = props.seed;
    let onreset = {
        let cb = props.on_reset.clone();
        let seed_ref = seed_ref.clone();
        Callback::from(move |_: MouseEvent| {
            let s = seed_ref
                .cast::<HtmlInputElement>()
                .and_then(|i| u64::from_str(i.value().trim()).ok())
                .unwrap_or(seed);
            cb.emit(s);
        })
    };
    let ontoggle = {
        let cb = props.on_toggle.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let onstep = {
        let cb = props.on_step.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <div class="time-controls" role="group" aria-label="Simulated time">
            <span class="clock" aria-live="off" title={props.now.rfc3339()}>
                <span class="clock-label">{ "t =" }</span>
                <span class="clock-value" data-now-ms={props.now.as_millis().to_string()}>
                    { human_duration(SimDuration(props.now.as_millis())) }
                </span>
            </span>
            <button type="button" class={classes!("primary", "play")} onclick={ontoggle}
                aria-label={if props.paused { "Play" } else { "Pause" }}>
                { if props.paused { "▶ Play" } else { "❚❚ Pause" } }
            </button>
            <button type="button" onclick={onstep} title="Advance simulated time by 1 s">{ "Step" }</button>
            <div class="speeds" role="group" aria-label="Speed">
                for (i, (label, _)) in SPEEDS.iter().enumerate() {
                    <button type="button" class={classes!("speed", (i == props.speed).then_some("on"))}
                        aria-pressed={(i == props.speed).to_string()}
                        onclick={ let cb = props.on_speed.clone(); Callback::from(move |_: MouseEvent| cb.emit(i)) }>
                        { *label }
                    </button>
                }
            </div>
            <label class="seed">
                <span>{ "Seed" }</span>
                <input ref={seed_ref} type="number" min="0" value={props.seed.to_string()} aria-label="Seed" />
            </label>
            <button type="button" onclick={onreset} title="Start a fresh cluster with this seed and apply the editor's YAML">{ "Reset" }</button>
        </div>
    }
}
