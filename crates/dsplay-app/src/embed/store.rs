//! One embed's state outside Yew: the page's [`AppState`] (changed only through its
//! reducer, as the page changes it), the editor text, the clock, and the DOM events the
//! host page listens to. The JavaScript API and the embed's own controls both go through it,
//! so an API call returns its result at once and the view follows.

use super::json;
use super::options::Options;
use crate::state::{Action, AppState, Outcome, RunLog, EDITOR_FILE};
use dsplay_core::sim::{ApplyReport, Input, NodeOp};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use yew::{AttrValue, Callback, Reducible};

/// One embed's state.
pub struct Store {
    state: RefCell<Rc<AppState>>,
    text: RefCell<AttrValue>,
    paused: Cell<bool>,
    speed: Cell<usize>,
    options: Options,
    /// The element the embed renders into: DOM events are dispatched on it (composed, so
    /// they reach the custom element and the page).
    root: web_sys::Element,
    render: RefCell<Option<Callback<()>>>,
}

/// What one input did: a refusal (kubectl's words), or the apply report of an apply.
pub type StepResult = Result<Option<Rc<ApplyReport>>, String>;

impl Store {
    /// A store for `options`, rendering into `root`.
    pub fn new(options: Options, root: web_sys::Element) -> Rc<Store> {
        let state = initial_state(&options, options.seed);
        Rc::new(Store {
            state: RefCell::new(state),
            text: RefCell::new(AttrValue::from(options.initial_text().to_string())),
            paused: Cell::new(!options.autoplay),
            speed: Cell::new(options.speed),
            options,
            root,
            render: RefCell::new(None),
        })
    }

    /// The options the embed was made with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The current state.
    pub fn state(&self) -> Rc<AppState> {
        Rc::clone(&self.state.borrow())
    }

    /// The editor text.
    pub fn text(&self) -> AttrValue {
        self.text.borrow().clone()
    }

    /// Replaces the editor text.
    pub fn set_text(&self, text: String) {
        *self.text.borrow_mut() = AttrValue::from(text);
        self.notify(false);
    }

    /// Whether the clock is stopped.
    pub fn paused(&self) -> bool {
        self.paused.get()
    }

    /// Starts or stops the clock.
    pub fn set_paused(&self, paused: bool) {
        self.paused.set(paused);
        self.notify(false);
    }

    /// Index into the page's speeds.
    pub fn speed(&self) -> usize {
        self.speed.get()
    }

    /// Sets the speed.
    pub fn set_speed(&self, speed: usize) {
        self.speed.set(speed);
        self.notify(false);
    }

    /// Called after every change (the view re-renders).
    pub fn set_render(&self, render: Option<Callback<()>>) {
        *self.render.borrow_mut() = render;
    }

    /// Runs `action` through the page's reducer.
    pub fn dispatch(&self, action: Action) {
        let next = self.state().reduce(action);
        *self.state.borrow_mut() = next;
        self.notify(true);
    }

    /// Runs inputs through the page's reducer and says what the last one did.
    pub fn step_many(&self, inputs: Vec<Input>) -> StepResult {
        // Cleared first, so the outcome read afterwards is this input's.
        let cleared = self.state().reduce(Action::DismissMessages);
        let next = cleared.reduce(Action::StepMany(inputs));
        let result = match &next.outcome {
            Some(Outcome::Refused(message)) => Err(message.clone()),
            Some(Outcome::Applied(report)) => Ok(Some(Rc::clone(report))),
            None => Ok(None),
        };
        *self.state.borrow_mut() = next;
        self.notify(true);
        match &result {
            Err(message) => self.fire("error", &json::message(message)),
            Ok(Some(report)) => {
                let detail = json::apply_result(report);
                self.fire("applied", &detail);
                if !report.errors.is_empty() {
                    self.fire("error", &detail);
                }
            }
            Ok(None) => {}
        }
        result
    }

    /// Runs one input.
    pub fn step(&self, input: Input) -> StepResult {
        self.step_many(vec![input])
    }

    /// Applies `text` as the editor's file (and shows it in the editor).
    pub fn apply(&self, text: String) -> StepResult {
        *self.text.borrow_mut() = AttrValue::from(text.clone());
        self.step(Input::Apply {
            file: EDITOR_FILE.to_string(),
            text,
        })
    }

    /// Adds a node; returns its name.
    pub fn add_node(&self, op: NodeOp) -> Result<String, String> {
        let before: Vec<String> = self
            .state()
            .view
            .nodes
            .iter()
            .map(|n| n.name.clone())
            .collect();
        self.step(Input::Node(op))?;
        let state = self.state();
        let added = state
            .view
            .nodes
            .iter()
            .find(|n| !before.contains(&n.name))
            .map(|n| n.name.clone());
        Ok(added.unwrap_or_default())
    }

    /// Back to the embed's starting point, with `seed` (the clock keeps running or stopped).
    pub fn reset(&self, seed: u64) {
        *self.text.borrow_mut() = AttrValue::from(self.options.initial_text().to_string());
        *self.state.borrow_mut() = initial_state(&self.options, seed);
        self.notify(true);
    }

    fn notify(&self, changed: bool) {
        let render = self.render.borrow().clone();
        if let Some(render) = render {
            render.emit(());
        }
        if changed {
            let state = self.state();
            self.fire("change", &json::change(&state));
        }
    }

    /// Dispatches a `CustomEvent` named `name` with `detail` (bubbles, composed).
    fn fire(&self, name: &str, detail: &JsValue) {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = self.root.dispatch_event(&event);
        }
    }
}

/// The embed's starting point: a share link's run, or its nodes (the default cluster when not given), then its
/// manifest applied (the report shows, as after Apply).
fn initial_state(options: &Options, seed: u64) -> Rc<AppState> {
    if let Some(run) = &options.run {
        return Rc::new(AppState::replay(&RunLog {
            seed,
            inputs: run.inputs.clone(),
        }));
    }
    let state = match &options.nodes {
        None => AppState::new(seed, ""),
        Some(templates) => AppState::replay(&RunLog {
            seed,
            inputs: templates
                .iter()
                .map(|&template| {
                    Input::Node(NodeOp::Add {
                        name: None,
                        template,
                    })
                })
                .collect(),
        }),
    };
    let state = Rc::new(state);
    if options.yaml.trim().is_empty() {
        return state;
    }
    state.reduce(Action::Step(Input::Apply {
        file: EDITOR_FILE.to_string(),
        text: options.yaml.clone(),
    }))
}
