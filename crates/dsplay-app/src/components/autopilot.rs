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

/// Lets `d` of simulated time pass on `sim` with the autopilot at work: it carries out what
/// falls due, each at its time. Returns its state after, and whether it gave any input.
pub fn tick(running: &Running, sim: &mut Simulation, d: SimDuration) -> (Running, bool) {
    let until = sim.now().plus(d);
    let before = sim.inputs().len();
    let _ = running.pilot.borrow_mut().run_until(sim, until);
    // More than the advance (which may merge into the previous one).
    let gave = sim.inputs().len() > before + 1;
    (Running::of(running.pilot.clone(), sim), gave)
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

/// The form's text, by field name: what the user typed (kept in the component's state, so a
/// re-render while the clock runs leaves it as typed).
type Values = Rc<Vec<(String, String)>>;

fn value<'a>(values: &'a Values, name: &str) -> &'a str {
    values
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.trim())
}

/// The fields as they start: the defaults, the run's seed.
fn initial_values(seed: u64) -> Values {
    let d = Config::default();
    let mut v = vec![
        ("rate".to_string(), d.rate.to_string()),
        ("min".to_string(), d.min.to_string()),
        ("max".to_string(), d.max.to_string()),
        ("back".to_string(), format_duration(d.back)),
        (
            "template".to_string(),
            NodeTemplate::Worker.name().to_string(),
        ),
        ("seed".to_string(), seed.to_string()),
    ];
    for op in Op::ALL {
        v.push((format!("mix-{}", op.name()), d.mix[op as usize].to_string()));
    }
    Rc::new(v)
}

/// The settings the form holds, or what is wrong (the field's label, then the core's words).
fn read_form(values: &Values) -> Result<Config, String> {
    let mut config = Config::default();
    for (key, label) in FIELDS {
        config
            .set(key, value(values, key))
            .map_err(|e| format!("{label}: {e}"))?;
    }
    config.mix = [0; 6];
    for op in Op::ALL {
        config
            .set_weight(op.name(), value(values, &format!("mix-{}", op.name())))
            .map_err(|e| format!("Mix, {}: {e}", op.name()))?;
    }
    config.templates.clear();
    config
        .add_template(value(values, "template"))
        .map_err(|e| format!("Node template: {e}"))?;
    config
        .set("seed", value(values, "seed"))
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
    let values = use_state(|| initial_values(props.seed));
    let problem = use_state(|| None::<String>);
    let active = props.running.as_ref().is_some_and(|r| r.active);
    let start = {
        let (values, problem, dispatch, on_paused) = (
            values.clone(),
            problem.clone(),
            props.dispatch.clone(),
            props.on_paused.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match read_form(&values) {
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
    // A field's value and its input handler.
    let field = |name: &str| {
        let v = value(&values, name).to_string();
        let (values, name) = (values.clone(), name.to_string());
        let oninput = Callback::from(move |e: InputEvent| {
            use wasm_bindgen::JsCast;
            let Some(t) = e.target() else { return };
            let text = match t.dyn_ref::<HtmlInputElement>() {
                Some(i) => i.value(),
                None => t
                    .dyn_ref::<HtmlSelectElement>()
                    .map(HtmlSelectElement::value)
                    .unwrap_or_default(),
            };
            let mut next = (**values).clone();
            if let Some(slot) = next.iter_mut().find(|(k, _)| *k == name) {
                slot.1 = text;
            }
            values.set(Rc::new(next));
        });
        (v, oninput)
    };
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
        <section class="autopilot-panel" aria-label="Autopilot" data-running={active.to_string()}>
            <header class="autopilot-head">
                <h2>{ "Autopilot" }</h2>
                <span class="autopilot-state" role="status">{ state }</span>
                <button type="button" class="autopilot-close" aria-label="Close the autopilot" onclick={close}>{ "×" }</button>
            </header>
            <form class="autopilot-form" onsubmit={start}>
                for (key, label) in FIELDS {
                    { { let (v, oninput) = field(key); html! {
                        <label class="autopilot-field">
                            <span>{ label }</span>
                            <input name={key} type="text" inputmode={if key == "back" { "text" } else { "numeric" }}
                                value={v} {oninput} />
                        </label>
                    } } }
                }
                { { let (v, oninput) = field("template"); html! {
                    <label class="autopilot-field">
                        <span>{ "Node template" }</span>
                        <select name="template" {oninput}>
                            for t in NodeTemplate::ALL {
                                <option value={t.name()} selected={t.name() == v}>{ t.name() }</option>
                            }
                        </select>
                    </label>
                } } }
                { { let (v, oninput) = field("seed"); html! {
                    <label class="autopilot-field">
                        <span>{ "Seed" }</span>
                        <input name="seed" type="text" inputmode="numeric" value={v} {oninput} />
                    </label>
                } } }
                <fieldset class="autopilot-mix">
                    <legend>{ "Mix (relative weights)" }</legend>
                    for op in Op::ALL {
                        { { let (v, oninput) = field(&format!("mix-{}", op.name())); html! {
                            <label class="autopilot-field">
                                <span>{ op.name() }</span>
                                <input name={format!("mix-{}", op.name())} type="text" inputmode="numeric"
                                    value={v} {oninput} />
                            </label>
                        } } }
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
