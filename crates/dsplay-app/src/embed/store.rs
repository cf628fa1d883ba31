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
    /// The manifest to apply, until it is: [`Store::new`] leaves it to [`Store::finish`] (or
    /// the first read of the state, whichever comes first), so that building an embed is two
    /// shorter tasks (its cluster, then the Apply with its YAML) rather than one long one.
    pending: RefCell<Option<String>>,
    text: RefCell<AttrValue>,
    paused: Cell<bool>,
    speed: Cell<usize>,
    options: Options,
    /// The element the embed renders into: DOM events are dispatched on it (composed, so
    /// they reach the custom element and the page).
    root: web_sys::Element,
    render: RefCell<Option<Callback<()>>>,
    /// Counts the changes the view is told of ([`Store::version`]).
    version: Cell<u64>,
}

/// What one input did: a refusal (kubectl's words), or the apply report of an apply.
pub type StepResult = Result<Option<Rc<ApplyReport>>, String>;

impl Store {
    /// A store for `options`, rendering into `root`.
    pub fn new(options: Options, root: web_sys::Element) -> Rc<Store> {
        let (state, pending) = starting_state(&options, options.seed);
        Rc::new(Store {
            state: RefCell::new(state),
            pending: RefCell::new(pending),
            text: RefCell::new(AttrValue::from(options.initial_text().to_string())),
            paused: Cell::new(!options.autoplay),
            speed: Cell::new(options.speed),
            options,
            root,
            render: RefCell::new(None),
            version: Cell::new(0),
        })
    }

    /// The options the embed was made with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The current state (the manifest applied).
    pub fn state(&self) -> Rc<AppState> {
        self.finish();
        Rc::clone(&self.state.borrow())
    }

    /// Reads the manifest [`Store::new`] left pending without applying it (nothing changes):
    /// the first embed of a page compiles the YAML loader here, in a task of its own (the
    /// browser compiles a wasm function at its first call), which shortens the task that
    /// applies it ([`Store::finish`]). The others read a small manifest twice.
    pub fn preload(&self) {
        if let Some(text) = self.pending.borrow().as_deref() {
            let _ = dsplay_core::load::load(EDITOR_FILE, text);
        }
    }

    /// Applies the manifest [`Store::new`] left pending, if it has not been yet.
    pub fn finish(&self) {
        let Some(text) = self.pending.borrow_mut().take() else {
            return;
        };
        let started = Rc::clone(&self.state.borrow());
        *self.state.borrow_mut() = started.reduce(apply_action(text));
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
        let (state, pending) = starting_state(&self.options, seed);
        *self.state.borrow_mut() = state;
        *self.pending.borrow_mut() = pending;
        self.finish();
        self.notify(true);
    }

    /// A number that changes whenever the view should show something new (the state, the
    /// editor text, the clock): a view compares it with the one it rendered.
    pub fn version(&self) -> u64 {
        self.version.get()
    }

    fn notify(&self, changed: bool) {
        self.version.set(self.version.get().wrapping_add(1));
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

/// The embed's starting point: a share link's run, or its nodes (the default cluster when
/// not given); and its manifest, to apply next (the report then shows, as after Apply).
fn starting_state(options: &Options, seed: u64) -> (Rc<AppState>, Option<String>) {
    if let Some(run) = &options.run {
        let state = AppState::replay(&RunLog {
            seed,
            inputs: run.inputs.clone(),
        });
        return (Rc::new(state), None);
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
    let manifest = Some(options.yaml.clone()).filter(|y| !y.trim().is_empty());
    (Rc::new(state), manifest)
}

/// The Apply of the embed's manifest.
fn apply_action(text: String) -> Action {
    Action::Step(Input::Apply {
        file: EDITOR_FILE.to_string(),
        text,
    })
}
