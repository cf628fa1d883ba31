//! The **Autopilot** panel (full build, `upgrade::Panel::Autopilot`): the churn autopilot of
//! `dsplay_core::autopilot` on the page's cluster (docs/autopilot.md). Rate, mix, min/max,
//! node template, seed, Start/Stop and the live summary. The autopilot lives in the page's
//! state ([`Running`]); the clock's ticks run it through the reducer
//! ([`crate::state::Action::Tick`]), so each operation is an ordinary input at its simulated
//! time: the run log, share links and Record need nothing new.

use crate::state::{Action, AppState};
use dsplay_core::autopilot::{Autopilot, Config, Op, Summary};
use dsplay_core::clock::{format_duration, SimDuration};
use dsplay_core::sim::{NodeTemplate, Simulation};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the panel asks the reducer for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Start (again) with these settings, from now.
    Start(Config),
    /// Stop: the nodes it holds out of service come back now.
    Stop,
}

/// The autopilot in the page's state: the generator and its last summary (what the panel
/// shows; equal states render the same).
#[derive(Clone, Debug)]
pub struct Running {
    pilot: Rc<RefCell<Autopilot>>,
    /// What it has done so far.
    pub summary: Summary,
    /// It is still at work (not stopped).
    pub active: bool,
}

impl PartialEq for Running {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.pilot, &other.pilot)
            && self.summary == other.summary
            && self.active == other.active
    }
}

impl Running {
    fn of(pilot: Rc<RefCell<Autopilot>>, sim: &Simulation) -> Running {
        let (summary, active) = {
            let p = pilot.borrow();
            (p.summary(sim), !p.is_stopped())
        };
        Running {
            pilot,
            summary,
            active,
        }
    }
}

/// Carries out a command on the page's simulation: the autopilot's state after it.
pub fn command(current: Option<&Running>, cmd: Command, sim: &mut Simulation) -> Option<Running> {
    if let Some(r) = current {
        // A new start or a stop: the previous autopilot brings its nodes back first.
        let _ = r.pilot.borrow_mut().stop(sim);
    }
    match cmd {
        Command::Start(config) => {
            let pilot = Rc::new(RefCell::new(Autopilot::start(config, sim)));
            Some(Running::of(pilot, sim))
        }
        Command::Stop => current.map(|r| Running::of(r.pilot.clone(), sim)),
    }
}

/// Lets `d` of simulated time pass on `sim`: the autopilot, if at work, carries out what falls
/// due, each at its time. Returns its state after, and whether it gave any input (`None`, or a
/// stopped autopilot: time only passed).
pub fn tick(current: Option<&Running>, sim: &mut Simulation, d: SimDuration) -> (Option<Running>, bool) {
    let until = sim.now().plus(d);
    match current.filter(|r| r.active) {
        Some(r) => {
            let before = sim.inputs().len();
            let _ = r.pilot.borrow_mut().run_until(sim, until);
            // More than the advance (which may merge into the previous one).
            let gave = sim.inputs().len() > before + 1;
            (Some(Running::of(r.pilot.clone(), sim)), gave)
        }
        None => {
            let _ = sim.step(dsplay_core::sim::Input::Advance(d));
            (current.cloned(), false)
        }
    }
}

/// Props of [`AutopilotPanel`].
#[derive(Properties, PartialEq)]
pub struct AutopilotProps {
    /// The autopilot in the page's state, if started.
    pub running: Option<Running>,
    /// The run's seed (the default seed of the autopilot).
    pub seed: u64,
    /// Nodes in the cluster now.
    pub nodes: usize,
    /// The clock is stopped (the autopilot waits for it).
    pub paused: bool,
    /// The page's dispatcher.
    pub dispatch: UseReducerDispatcher<AppState>,
    /// Start (`false`) or stop the clock.
    pub on_paused: Callback<bool>,
    /// The close button was pressed.
    pub on_close: Callback<()>,
}

/// The form's fields: key and label (the keys of `autopilot:` in the CLI and scenarios).
const FIELDS: [(&str, &str); 4] = [
    ("rate", "Operations a minute"),
    ("min", "Min nodes"),
    ("max", "Max nodes"),
    ("back", "Back after"),
];

fn input_value(form: &NodeRef, name: &str) -> String {
    form.cast::<web_sys::Element>()
        .and_then(|f| f.query_selector(&format!("[name=\"{name}\"]")).ok().flatten())
        .and_then(|e| {
            use wasm_bindgen::JsCast;
            match e.dyn_ref::<HtmlInputElement>() {
                Some(i) => Some(i.value()),
                None => e.dyn_ref::<HtmlSelectElement>().map(HtmlSelectElement::value),
            }
        })
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The settings the form holds, or what is wrong (the field's label, then the core's words).
fn read_form(form: &NodeRef) -> Result<Config, String> {
    let mut config = Config::default();
    for (key, label) in FIELDS {
        config
            .set(key, &input_value(form, key))
            .map_err(|e| format!("{label}: {e}"))?;
    }
    config.mix = [0; 6];
    for op in Op::ALL {
        config
            .set_weight(op.name(), &input_value(form, &format!("mix-{}", op.name())))
            .map_err(|e| format!("Mix, {}: {e}", op.name()))?;
    }
    config.templates.clear();
    config
        .add_template(&input_value(form, "template"))
        .map_err(|e| format!("Node template: {e}"))?;
    config
        .set("seed", &input_value(form, "seed"))
        .map_err(|e| format!("Seed: {e}"))?;
    config.check()?;
    Ok(config)
}

fn time(d: Option<SimDuration>) -> String {
    d.map_or_else(|| "–".to_string(), format_duration)
}

/// The panel.
#[component]
pub fn AutopilotPanel(props: &AutopilotProps) -> Html {
    let form = use_node_ref();
    let problem = use_state(|| None::<String>);
    let defaults = Config::default();
    let active = props.running.as_ref().is_some_and(|r| r.active);
    let start = {
        let (form, problem, dispatch, on_paused) = (
            form.clone(),
            problem.clone(),
            props.dispatch.clone(),
            props.on_paused.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match read_form(&form) {
                Ok(config) => {
                    problem.set(None);
                    dispatch.dispatch(Action::Autopilot(Command::Start(config)));
                    on_paused.emit(false);
                }
                Err(message) => problem.set(Some(message)),
            }
        })
    };
    let stop = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Autopilot(Command::Stop)))
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let s = props
        .running
        .as_ref()
        .map(|r| r.summary.clone())
        .unwrap_or_default();
    let stat = |key: &'static str, label: &'static str, value: String, data: String| {
        html! {
            <div class="autopilot-stat">
                <dt>{ label }</dt>
                <dd data-stat={key} data-value={data}>{ value }</dd>
            </div>
        }
    };
    let ms = |d: Option<SimDuration>| d.map(|d| d.as_millis().to_string()).unwrap_or_default();
    let state = match (&props.running, active, props.paused) {
        (_, true, true) => "Waiting for the clock: press Play",
        (_, true, false) => "Running",
        (Some(_), false, _) => "Stopped",
        (None, _, _) => "Not started",
    };
    html! {
        <section class="autopilot-panel" aria-label="Autopilot" data-panel="autopilot"
            data-running={active.to_string()}>
            <header class="autopilot-head">
                <h2>{ "Autopilot" }</h2>
                <span class="autopilot-state" role="status">{ state }</span>
                <button type="button" class="autopilot-close" aria-label="Close the autopilot" onclick={close}>{ "×" }</button>
            </header>
            <form ref={form.clone()} class="autopilot-form" onsubmit={start}>
                for (key, label) in FIELDS {
                    <label class="autopilot-field">
                        <span>{ label }</span>
                        <input name={key} type="text" inputmode={if key == "back" { "text" } else { "numeric" }}
                            value={match key {
                                "rate" => defaults.rate.to_string(),
                                "min" => defaults.min.to_string(),
                                "max" => defaults.max.to_string(),
                                _ => format_duration(defaults.back),
                            }} />
                    </label>
                }
                <label class="autopilot-field">
                    <span>{ "Node template" }</span>
                    <select name="template">
                        for t in NodeTemplate::ALL {
                            <option value={t.name()} selected={t == NodeTemplate::Worker}>{ t.name() }</option>
                        }
                    </select>
                </label>
                <label class="autopilot-field">
                    <span>{ "Seed" }</span>
                    <input name="seed" type="text" inputmode="numeric" value={props.seed.to_string()} />
                </label>
                <fieldset class="autopilot-mix">
                    <legend>{ "Mix (relative weights)" }</legend>
                    for op in Op::ALL {
                        <label class="autopilot-field">
                            <span>{ op.name() }</span>
                            <input name={format!("mix-{}", op.name())} type="text" inputmode="numeric"
                                value={defaults.mix[op as usize].to_string()} />
                        </label>
                    }
                </fieldset>
                <div class="autopilot-buttons">
                    <button type="submit" class="primary">{ if active { "Restart" } else { "Start" } }</button>
                    <button type="button" onclick={stop} disabled={!active}>{ "Stop" }</button>
                </div>
            </form>
            if let Some(p) = &*problem {
                <p class="autopilot-problem" role="alert">{ p.clone() }</p>
            }
            <dl class="autopilot-summary" aria-label="What the autopilot did">
                { stat("operations", "Operations", s.operations.to_string(), s.operations.to_string()) }
                { stat("nodes-added", "Nodes added", s.nodes_added.to_string(), s.nodes_added.to_string()) }
                { stat("nodes-removed", "Nodes removed", s.nodes_removed.to_string(), s.nodes_removed.to_string()) }
                { stat("pods-created", "Pods created", s.pods_created.to_string(), s.pods_created.to_string()) }
                { stat("pods-deleted", "Pods deleted", s.pods_deleted.to_string(), s.pods_deleted.to_string()) }
                { stat("ready-p50", "Time to Ready p50", time(s.ready_p50), ms(s.ready_p50)) }
                { stat("ready-p95", "Time to Ready p95", time(s.ready_p95), ms(s.ready_p95)) }
                { stat("nodes", "Nodes now", props.nodes.to_string(), props.nodes.to_string()) }
            </dl>
        </section>
    }
}
