//! The embed: `<daemonset-playground>`'s engine, and `mount(element, options)` for
//! frameworks.
//!
//! [`mount`] renders the embed layout ([`view::EmbedView`]: the cluster view and the panels
//! chosen by `controls`) into an element, with its own simulation, and returns an [`Embed`]:
//! the JavaScript API. Every call goes through the page's reducer and the core's inputs
//! (the same validation as the page and the CLI); a bad argument or a refused operation is a
//! JavaScript `Error` with kubectl's words, never a panic. `web/embed.js` loads this module
//! once per page and defines the custom element over it (docs/embed.md).

pub mod json;
pub mod options;
pub mod store;
pub mod view;

use dsplay_core::share::{self, SharedRun};
use dsplay_core::sim::{Input, NodeOp, NodeTemplate, TaintEffect};
use gloo::timers::callback::Timeout;
use options::Options;
use std::cell::RefCell;
use std::rc::Rc;
use store::Store;
use wasm_bindgen::prelude::*;

/// One mounted embed: the JavaScript API.
#[wasm_bindgen]
pub struct Embed {
    store: Rc<Store>,
    /// The rendered view (`None` until the render [`mount`] puts off to a later task).
    app: Rc<RefCell<Option<yew::AppHandle<view::EmbedView>>>>,
    /// The timers of the tasks [`mount`] puts off (dropping them cancels those not run yet).
    later: Rc<RefCell<Vec<Timeout>>>,
}

/// A piece of work [`mount`] runs in a task of its own.
type Step = Box<dyn FnOnce()>;

/// Runs `steps` in order, each in a task of its own (a `setTimeout(0)` after the one before),
/// so that the browser can paint and answer input between them; `later` keeps their timers
/// (emptying it cancels the steps not run yet).
fn one_per_task(later: &Rc<RefCell<Vec<Timeout>>>, mut steps: std::vec::IntoIter<Step>) {
    let Some(step) = steps.next() else {
        return;
    };
    let next = Rc::clone(later);
    let timer = Timeout::new(0, move || {
        step();
        one_per_task(&next, steps);
    });
    later.borrow_mut().push(timer);
}

/// Renders an embed into `element` (its content is replaced) and returns its API.
///
/// `options`: `{ yaml, nodes, seed, controls, readonly, autoplay, speed, link }`, all
/// optional, strings as the custom element's attributes hold them; with `link`, `embed.js`
/// adds the inflated `payload` (see [`link_data`]).
///
/// The API works at once. The rest is put off, each part to a task of its own, so that no
/// task is long while an embed comes into view (the browser compiles each wasm function at
/// its first call, which the first embed of a page pays): this task builds the cluster; the
/// next reads the manifest ([`Store::preload`]), the one after applies it
/// ([`Store::finish`]; an API call before then applies it first), and the last draws the
/// view.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<Embed, JsError> {
    let options = Options::from_js(&options).map_err(|e| JsError::new(&e))?;
    let store = Store::new(options, element.clone());
    let app = Rc::new(RefCell::new(None));
    let later = Rc::new(RefCell::new(Vec::new()));
    let steps: Vec<Step> = vec![
        {
            let store = Rc::clone(&store);
            Box::new(move || store.preload())
        },
        {
            let store = Rc::clone(&store);
            Box::new(move || store.finish())
        },
        {
            let (app, store) = (Rc::clone(&app), Rc::clone(&store));
            Box::new(move || {
                element.set_inner_html("");
                let props = view::EmbedProps { store };
                let handle =
                    yew::Renderer::<view::EmbedView>::with_root_and_props(element, props).render();
                *app.borrow_mut() = Some(handle);
            })
        },
    ];
    one_per_task(&later, steps.into_iter());
    Ok(Embed { store, app, later })
}

/// The deflated data of a share link (a URL, its `#v1=…` fragment, or that without `#`), for
/// `embed.js` to inflate; a link that is not one throws the core's message.
#[wasm_bindgen(js_name = linkData)]
pub fn link_data(link: &str) -> Result<Vec<u8>, JsError> {
    share::compressed_data(link).map_err(|e| JsError::new(&format!("link: {e}")))
}

/// `#v1=…` for a deflated [`Embed::share_payload`].
#[wasm_bindgen(js_name = shareFragment)]
pub fn share_fragment(compressed: &[u8]) -> String {
    share::fragment(compressed)
}

/// `value` as a string argument, or an error naming the call and the argument.
fn string(value: &JsValue, call: &str, what: &str) -> Result<String, JsError> {
    value
        .as_string()
        .ok_or_else(|| JsError::new(&format!("{call}: {what} must be a string")))
}

/// A node name argument.
fn node(value: &JsValue, call: &str) -> Result<String, JsError> {
    let name = string(value, call, "the node name")?;
    if name.is_empty() {
        return Err(JsError::new(&format!("{call}: the node name is empty")));
    }
    Ok(name)
}

/// An optional string argument (`undefined` or `null`: absent).
fn optional(value: &JsValue, call: &str, what: &str) -> Result<Option<String>, JsError> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        string(value, call, what).map(Some)
    }
}

fn refused(call: &str, message: String) -> JsError {
    JsError::new(&format!("{call}: {message}"))
}

/// Most simulated seconds one `step` may advance (a year).
const MAX_STEP_SECONDS: f64 = 365.0 * 24.0 * 3600.0;

#[wasm_bindgen]
impl Embed {
    fn run(&self, call: &str, input: Input) -> Result<(), JsError> {
        self.store
            .step(input)
            .map(|_| ())
            .map_err(|m| refused(call, m))
    }

    /// `kubectl apply -f` of `yaml`: `{ ok, lines, errors, warnings }` (errors located).
    pub fn apply(&self, yaml: JsValue) -> Result<JsValue, JsError> {
        let yaml = string(&yaml, "apply", "the manifest")?;
        match self.store.apply(yaml) {
            Ok(Some(report)) => Ok(json::apply_result(&report)),
            Ok(None) => Err(JsError::new("apply: nothing was applied")),
            Err(m) => Err(refused("apply", m)),
        }
    }

    /// Adds a node from `template` (default `worker`), named `name` (default: the next
    /// free name); returns its name.
    #[wasm_bindgen(js_name = addNode)]
    pub fn add_node(&self, template: JsValue, name: JsValue) -> Result<String, JsError> {
        let template = match optional(&template, "addNode", "the template")? {
            None => NodeTemplate::Worker,
            Some(t) => NodeTemplate::parse(&t).map_err(|e| refused("addNode", e))?,
        };
        let name = optional(&name, "addNode", "the node name")?;
        self.store
            .add_node(NodeOp::Add { name, template })
            .map_err(|m| refused("addNode", m))
    }

    /// Deletes the node (its pods go with it).
    #[wasm_bindgen(js_name = removeNode)]
    pub fn remove_node(&self, name: JsValue) -> Result<(), JsError> {
        let name = node(&name, "removeNode")?;
        self.run("removeNode", Input::Node(NodeOp::Remove { name }))
    }

    /// `kubectl cordon`.
    pub fn cordon(&self, name: JsValue) -> Result<(), JsError> {
        let name = node(&name, "cordon")?;
        self.run("cordon", Input::Node(NodeOp::Cordon { name }))
    }

    /// `kubectl uncordon`.
    pub fn uncordon(&self, name: JsValue) -> Result<(), JsError> {
        let name = node(&name, "uncordon")?;
        self.run("uncordon", Input::Node(NodeOp::Uncordon { name }))
    }

    /// `kubectl taint nodes NAME key=value:Effect`.
    pub fn taint(&self, name: JsValue, taint: JsValue) -> Result<(), JsError> {
        let name = node(&name, "taint")?;
        let spec = string(&taint, "taint", "the taint (key=value:Effect)")?;
        let (key, value, effect) =
            dsplay_core::sim::parse_taint(&spec).map_err(|e| refused("taint", e))?;
        self.run(
            "taint",
            Input::Node(NodeOp::AddTaint {
                name,
                key,
                value,
                effect,
            }),
        )
    }

    /// `kubectl taint nodes NAME key:Effect-` (`key-` without an effect).
    pub fn untaint(&self, name: JsValue, key: JsValue, effect: JsValue) -> Result<(), JsError> {
        let name = node(&name, "untaint")?;
        let key = string(&key, "untaint", "the taint key")?;
        let effect = optional(&effect, "untaint", "the effect")?
            .map(|e| TaintEffect::parse_kubectl(&e))
            .transpose()
            .map_err(|e| refused("untaint", e))?;
        self.run(
            "untaint",
            Input::Node(NodeOp::RemoveTaint { name, key, effect }),
        )
    }

    /// `kubectl label nodes NAME key=value --overwrite`; `null` removes the label.
    pub fn label(&self, name: JsValue, key: JsValue, value: JsValue) -> Result<(), JsError> {
        let name = node(&name, "label")?;
        let key = string(&key, "label", "the label key")?;
        let op = match optional(&value, "label", "the label value (or null)")? {
            Some(value) => NodeOp::SetLabel { name, key, value },
            None => NodeOp::RemoveLabel { name, key },
        };
        self.run("label", Input::Node(op))
    }

    /// The node's kubelet reports Ready (`true`) or stops reporting (`false`).
    #[wasm_bindgen(js_name = setReady)]
    pub fn set_ready(&self, name: JsValue, ready: JsValue) -> Result<(), JsError> {
        let name = node(&name, "setReady")?;
        let ready = ready
            .as_bool()
            .ok_or_else(|| JsError::new("setReady: ready must be true or false"))?;
        self.run("setReady", Input::Node(NodeOp::SetReady { name, ready }))
    }

    /// The pod's containers fail (`name` or `namespace/name`).
    #[wasm_bindgen(js_name = failPod)]
    pub fn fail_pod(&self, name: JsValue) -> Result<(), JsError> {
        let name = string(&name, "failPod", "the pod name")?;
        let (namespace, name) = self.namespaced(&name, |s, n| {
            s.view
                .nodes
                .iter()
                .flat_map(|node| node.pods.iter())
                .chain(s.view.unplaced_pods.iter())
                .find(|p| p.name == n)
                .map(|p| p.namespace.clone())
        });
        self.run("failPod", Input::FailPod { namespace, name })
    }

    /// `kubectl rollout undo daemonset DS [--to-revision=N]` (`ds` or `namespace/ds`).
    pub fn rollback(&self, ds: JsValue, revision: JsValue) -> Result<(), JsError> {
        let ds = string(&ds, "rollback", "the DaemonSet name")?;
        let to_revision = if revision.is_undefined() || revision.is_null() {
            None
        } else {
            let r = revision
                .as_f64()
                .filter(|r| r.fract() == 0.0 && *r >= 0.0 && *r < 9.0e15);
            Some(r.ok_or_else(|| {
                JsError::new("rollback: the revision must be a whole number, 0 or more")
            })? as i64)
        };
        let (namespace, name) = self.namespaced(&ds, |s, n| {
            s.view
                .daemon_sets
                .iter()
                .find(|d| d.name == n)
                .map(|d| d.namespace.clone())
        });
        self.run(
            "rollback",
            Input::Rollback {
                namespace,
                name,
                to_revision,
            },
        )
    }

    /// `namespace/name`, or `name` in the namespace `find` names (else `default`).
    fn namespaced(
        &self,
        text: &str,
        find: impl FnOnce(&crate::state::AppState, &str) -> Option<String>,
    ) -> (String, String) {
        match text.split_once('/') {
            Some((ns, name)) => (ns.to_string(), name.to_string()),
            None => {
                let ns = find(&self.store.state(), text).unwrap_or_else(|| "default".into());
                (ns, text.to_string())
            }
        }
    }

    /// Lets `seconds` of simulated time pass.
    pub fn step(&self, seconds: JsValue) -> Result<(), JsError> {
        let s = seconds
            .as_f64()
            .filter(|s| s.is_finite() && *s >= 0.0 && *s <= MAX_STEP_SECONDS)
            .ok_or_else(|| {
                JsError::new("step: seconds must be a number from 0 to 31536000 (a year)")
            })?;
        self.store
            .dispatch(crate::state::Action::Tick(dsplay_core::clock::SimDuration(
                (s * 1000.0).round() as u64,
            )));
        Ok(())
    }

    /// Starts the clock.
    pub fn play(&self) {
        self.store.set_paused(false);
    }

    /// Stops the clock.
    pub fn pause(&self) {
        self.store.set_paused(true);
    }

    /// Back to the embed's starting point (same seed, nodes and manifest).
    pub fn reset(&self) {
        self.store.reset(self.store.options().seed);
    }

    /// The cluster now, as plain JSON: `{ timeMs, seed, nodes, daemonSets, unplacedPods }`.
    pub fn state(&self) -> JsValue {
        json::state(&self.store.state())
    }

    /// What a share link of this embed holds (the run and the editor text), for `embed.js`
    /// to deflate and pass to [`share_fragment`].
    #[wasm_bindgen(js_name = sharePayload)]
    pub fn share_payload(&self) -> Vec<u8> {
        let text = self.store.text();
        self.store
            .state()
            .with_sim(|s| SharedRun::of(s, &text))
            .payload()
    }

    /// Stops the clock and removes the embed's content.
    pub fn destroy(&mut self) {
        self.store.set_paused(true);
        self.later.borrow_mut().clear();
        if let Some(app) = self.app.borrow_mut().take() {
            app.destroy();
        }
    }
}
