//! The **Autopilot** panel (full build, `upgrade::Panel::Autopilot`): the churn autopilot of
//! `dsplay_core::autopilot` on the page's cluster (docs/autopilot.md). Rate, mix, min/max,
//! node template, seed, Start/Stop and the live summary. The autopilot lives in the page's
//! state ([`Running`]); the clock's ticks run it through the reducer
//! ([`crate::state::Action::Tick`]), so each operation is an ordinary input at its simulated
//! time: the run log, share links and Record need nothing new.
//!
//! A tick's operations are spread over several tasks ([`WORK_MS`] each at most, timed with
//! `performance.now`): what is left is its target ([`Running::behind`]), which the panel
//! works on in the next task ([`Command::Continue`]), and a tick that comes meanwhile carries
//! the target on. The core stays clock-free
//! ([`Autopilot::work_toward`]): the run log is the one the ticks would give unsplit.

use crate::state::{now_ms, Action, AppState};
use dsplay_core::autopilot::{Autopilot, Config, Op, Summary};
use dsplay_core::clock::{format_duration, SimDuration, SimTime};
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
    /// Stop: the nodes it holds out of service come back now (a tick's work not done yet is
    /// dropped: it stops at the moment reached).
    Stop,
    /// Go on with the work of the ticks so far ([`Running::behind`]), for one more task.
    Continue,
}

/// Milliseconds of autopilot work one task does at most (then it yields to the browser:
/// with the view and the render after it, a task stays under 50 ms).
pub const WORK_MS: f64 = 20.0;

/// Simulated time the autopilot may be behind the clock's ticks: a tick that comes while it
/// is further behind adds no time (the page is slower than the clock; simulated time then
/// passes slower rather than the work piling up).
pub const MAX_BEHIND: SimDuration = SimDuration::from_secs(4);

/// The autopilot in the page's state: the generator and its last summary (what the panel
/// shows; equal states render the same).
#[derive(Clone, Debug)]
pub struct Running {
    pilot: Rc<RefCell<Autopilot>>,
    /// What it has done so far.
    pub summary: Summary,
    /// It is still at work (not stopped).
    pub active: bool,
    /// The simulated time the ticks so far asked for, while the work up to it is not done.
    pub behind: Option<SimTime>,
    /// The simulated time reached.
    pub at: SimTime,
}

impl PartialEq for Running {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.pilot, &other.pilot)
            && self.summary == other.summary
            && self.active == other.active
            && self.behind == other.behind
            && self.at == other.at
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
            behind: None,
            at: sim.now(),
        }
    }
}

/// Carries out a command on the page's simulation: the autopilot's state after it, and
/// whether it gave any input.
pub fn command(
    current: Option<&Running>,
    cmd: Command,
    sim: &mut Simulation,
) -> (Option<Running>, bool) {
    let before = sim.inputs().len();
    if let Command::Continue = cmd {
        return match current {
            Some(r) => {
                let (r, gave) = work(r, sim, r.behind);
                (Some(r), gave)
            }
            None => (None, false),
        };
    }
    if let Some(r) = current {
        // A new start or a stop: the previous autopilot brings its nodes back first.
        let _ = r.pilot.borrow_mut().stop(sim);
    }
    let next = match cmd {
        Command::Start(config) => {
            let pilot = Rc::new(RefCell::new(Autopilot::start(config, sim)));
            Some(Running::of(pilot, sim))
        }
        _ => current.map(|r| Running::of(r.pilot.clone(), sim)),
    };
    (next, sim.inputs().len() > before)
}

/// Lets `d` of simulated time pass on `sim` with the autopilot at work: it carries out what
/// falls due, each at its time, for at most [`WORK_MS`]; the rest is left for the next task
/// ([`Running::behind`]). Returns its state after, and whether it gave any input.
pub fn tick(running: &Running, sim: &mut Simulation, d: SimDuration) -> (Running, bool) {
    let target = match running.behind {
        // Too far behind: this tick adds no time.
        Some(t) if t.since(sim.now()) >= MAX_BEHIND => t,
        Some(t) => t.plus(d),
        None => sim.now().plus(d),
    };
    work(running, sim, Some(target))
}

/// Works toward `target` for at most [`WORK_MS`] (at least one piece).
fn work(running: &Running, sim: &mut Simulation, target: Option<SimTime>) -> (Running, bool) {
    let Some(target) = target else {
        return (running.clone(), false);
    };
    let started = now_ms();
    let before = sim.inputs().len();
    let done = {
        let mut pilot = running.pilot.borrow_mut();
        let mut refused = Vec::new();
        loop {
            if pilot.work_toward(sim, target, &mut refused) {
                break true;
            }
            if now_ms() - started >= WORK_MS {
                break false;
            }
        }
    };
    // More than the advance (which may merge into the previous one).
    let gave = sim.inputs().len() > before + 1;
    let mut next = Running::of(running.pilot.clone(), sim);
    next.behind = (!done).then_some(target);
    (next, gave)
}

/// While the autopilot is behind the clock's ticks, asks for the next piece of its work in a
/// task of its own ([`Command::Continue`]), after each piece. The panel does (while it is
/// closed, each tick does one piece: simulated time passes slower when the page cannot keep
/// up).
#[hook]
fn use_catch_up(running: Option<&Running>, dispatch: &UseReducerDispatcher<AppState>) {
    let dispatch = dispatch.clone();
    use_effect_with(running.cloned(), move |running| {
        let timer = running.as_ref().and_then(|r| r.behind).map(|_| {
            gloo::timers::callback::Timeout::new(0, move || {
                dispatch.dispatch(Action::Autopilot(Command::Continue));
            })
        });
        move || drop(timer)
    });
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
    use_catch_up(props.running.as_ref(), &props.dispatch);
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
