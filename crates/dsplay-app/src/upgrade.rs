//! The page comes in two builds of this crate (index.html builds both):
//!
//! - the **light** build (`dsplay-app`): what the page and every embed load first, within the
//!   wasm budget (docs/performance.md): editor, cluster, nodes, clock, status, events, share;
//! - the **full** build (`dsplay-full`, cargo feature `full`): the same app plus the panels of
//!   trainers and learners ([`Panel`]) and the core's kubectl executor.
//!
//! A panel's button in the light build hands over to the full build: the light page writes
//! its state ([`Handover`]: the run, the editor text, the clock, the open panels) to a global,
//! loads `dsplay-full.js` beside the page, and the full build's [`crate::run`] takes the state,
//! unmounts the light app ([`leave_light`]) and mounts itself in its place, with the panel open.
//! `?open=NAME[,NAME…]` in the address, or panels left open before a reload, start the page in
//! the full build directly. `<html data-build="light|full">` says which build is mounted.
//!
//! The editor's field docs (components/field_docs.rs) are in the full build only: F1, Ctrl+I
//! or Ctrl+Space in the light editor hands over too, with the editor's caret and what was
//! asked ([`Resume`]), and the full build's editor puts the caret back and does it there.
//!
//! The details panel's YAML (`kubectl get KIND NAME -o yaml`: the YAML writer and the API
//! types' encoders) is in the full build only too: the light build's details panel shows a
//! "Show YAML" button in its place, which hands over with the selection and
//! [`Handover::yaml`]; the full build opens the same details panel with its YAML shown
//! (components/details.rs). Every handover keeps the selection.

use crate::hooks::{storage_get, storage_set};
use crate::state::{RunLog, Selection};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// A part of the page that only the full build has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Panel {
    /// The scenario bar: built-in scenarios, a scenario file, Record (docs/scenarios.md).
    Scenarios,
    /// Presentation mode (docs/presentation.md).
    Present,
    /// The kubectl console.
    Console,
    /// The Learn panel: lessons with live checks.
    Learn,
    /// The churn autopilot.
    Autopilot,
    /// Status charts and the timeline scrubber.
    Timeline,
    /// Two clusters side by side.
    Compare,
}

impl Panel {
    /// Every panel.
    pub const ALL: [Panel; 7] = [
        Panel::Scenarios,
        Panel::Present,
        Panel::Console,
        Panel::Learn,
        Panel::Autopilot,
        Panel::Timeline,
        Panel::Compare,
    ];

    /// The panels the tools bar offers, in its order (a panel is listed once it exists).
    pub const TOOLS: &'static [Panel] = &[
        Panel::Scenarios,
        Panel::Present,
        Panel::Console,
        Panel::Learn,
        Panel::Autopilot,
        Panel::Timeline,
        Panel::Compare,
    ];

    /// The name in `?open=` and `data-panel`.
    pub fn name(self) -> &'static str {
        match self {
            Panel::Scenarios => "scenarios",
            Panel::Present => "present",
            Panel::Console => "console",
            Panel::Learn => "learn",
            Panel::Autopilot => "autopilot",
            Panel::Timeline => "timeline",
            Panel::Compare => "compare",
        }
    }

    /// The button's text.
    pub fn label(self) -> &'static str {
        match self {
            Panel::Scenarios => "Scenarios",
            Panel::Present => "Present",
            Panel::Console => "Console",
            Panel::Learn => "Learn",
            Panel::Autopilot => "Autopilot",
            Panel::Timeline => "Timeline",
            Panel::Compare => "Side by side",
        }
    }

    /// The panel named `name`.
    pub fn parse(name: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Whether the panel stays open across reloads (the ones the page shows beside the
    /// cluster; Scenarios and Present are moments, not places).
    fn kept(self) -> bool {
        !matches!(self, Panel::Scenarios | Panel::Present)
    }
}

/// Whether this is the full build.
pub const FULL: bool = cfg!(feature = "full");

/// The build's name, as `<html data-build>` gives it.
pub fn build_name() -> &'static str {
    if FULL {
        "full"
    } else {
        "light"
    }
}

/// What the full build's editor does at the handed-over caret once mounted (the light editor
/// asked for it; the field docs are in the full build only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Resume {
    /// Show the docs of the field at the caret (F1, Ctrl+I).
    Docs,
    /// Offer the fields valid at the caret (Ctrl+Space).
    Complete,
}

/// What the light page hands to the full one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Handover {
    /// The run so far (`None`: the page starts as it would, from the saved run or a link).
    #[serde(default)]
    pub run: Option<RunLog>,
    /// The editor's text.
    #[serde(default)]
    pub editor: Option<String>,
    /// The panels to open.
    #[serde(default)]
    pub panels: Vec<Panel>,
    /// The clock was stopped.
    #[serde(default)]
    pub paused: bool,
    /// The clock's speed (an index into the time controls' speeds).
    #[serde(default)]
    pub speed: Option<usize>,
    /// The editor's caret (a byte offset into `editor`), to put back.
    #[serde(default)]
    pub caret: Option<usize>,
    /// What the editor does at the caret once the full build is mounted.
    #[serde(default)]
    pub resume: Option<Resume>,
    /// What the details panel shows (the full build opens it on the same object).
    #[serde(default)]
    pub selection: Option<Selection>,
    /// The details panel's YAML was asked for ("Show YAML"): the full build shows it.
    #[serde(default)]
    pub yaml: bool,
}

impl Handover {
    /// The caret and what to do there, for the full build's editor (both handed over).
    pub fn editor_resume(&self) -> Option<(usize, Resume)> {
        Some((self.caret?, self.resume?))
    }

    /// The object whose YAML was asked for, for the full build's details panel.
    pub fn yaml_of(&self) -> Option<&Selection> {
        self.selection.as_ref().filter(|_| self.yaml)
    }
}

/// Where the light page leaves the handover for the full one (a JSON string).
const HANDOVER_GLOBAL: &str = "__dsplayHandover";
/// The light page's own unmount, for the full build to call.
const LEAVE_GLOBAL: &str = "__dsplayLeave";
/// The panels open at the last change (restored after a reload).
const PANELS_KEY: &str = "dsplay.panels";

#[wasm_bindgen(module = "/js/upgrade.js")]
extern "C" {
    /// Loads and starts the full build (its `main` takes the handover).
    fn load_full() -> js_sys::Promise;
}

fn global(name: &str) -> JsValue {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn set_global(name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(&js_sys::global(), &JsValue::from_str(name), value);
}

/// Panels asked for at start: `?open=NAME,…` in the address, else those left open before a
/// reload. Unknown names are ignored.
pub fn requested_at_start() -> Vec<Panel> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let asked = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("open="))
        .map(|v| v.replace("%2C", ",").replace("%2c", ","));
    let list = match asked {
        Some(list) => list,
        None => storage_get(PANELS_KEY).unwrap_or_default(),
    };
    let mut panels = Vec::new();
    for p in list.split(',').filter_map(Panel::parse) {
        if !panels.contains(&p) {
            panels.push(p);
        }
    }
    panels
}

/// Remembers the open panels, for the next start.
pub fn save_panels(panels: &[Panel]) {
    let names: Vec<&str> = panels
        .iter()
        .filter(|p| p.kept())
        .map(|p| p.name())
        .collect();
    storage_set(PANELS_KEY, &names.join(","));
}

/// Hands over to the full build (light build): `done` hears `Err` with what went wrong if it
/// could not be loaded (the light page then goes on as it was).
pub fn hand_over(handover: &Handover, done: impl FnOnce(Result<(), String>) + 'static) {
    if let Ok(text) = serde_json::to_string(handover) {
        set_global(HANDOVER_GLOBAL, &JsValue::from_str(&text));
    }
    save_panels(&handover.panels);
    // The full page starts from the stored editor text (the light page writes it after a
    // pause): stored now, it starts from the handed-over text and keeps the handed caret.
    if let Some(text) = handover.editor.as_deref() {
        if text.len() <= dsplay_core::load::MAX_FILE_BYTES {
            storage_set(crate::persist::EDITOR_KEY, text);
        }
    }
    wasm_bindgen_futures::spawn_local(async move {
        let result = wasm_bindgen_futures::JsFuture::from(load_full()).await;
        done(result.map(|_| ()).map_err(|e| {
            let text = js_sys::Error::from(e).message();
            format!("The full playground did not load ({text}); the page goes on without it.")
        }));
    });
}

/// The handover the light page left, if any (full build, once).
pub fn take() -> Option<Handover> {
    let text = global(HANDOVER_GLOBAL).as_string()?;
    set_global(HANDOVER_GLOBAL, &JsValue::UNDEFINED);
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    Handover::deserialize(&value).ok()
}

/// Remembers how to unmount the light app (light build).
pub fn set_leave(leave: impl FnOnce() + 'static) {
    set_global(LEAVE_GLOBAL, &Closure::once_into_js(leave));
}

/// Unmounts the light app, if it is mounted (full build, before mounting).
pub fn leave_light() {
    let leave = global(LEAVE_GLOBAL);
    set_global(LEAVE_GLOBAL, &JsValue::UNDEFINED);
    if let Some(f) = leave.dyn_ref::<js_sys::Function>() {
        let _ = f.call0(&JsValue::NULL);
    }
}

/// Marks `<html data-build>` with this build's name.
pub fn mark_build() {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("data-build", build_name());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for p in Panel::ALL {
            assert_eq!(Panel::parse(p.name()), Some(p));
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.name()));
        }
        assert_eq!(Panel::parse("Console"), None);
    }

    #[test]
    fn handover_reads_what_it_wrote_and_tolerates_missing_fields() {
        let h = Handover {
            run: Some(RunLog {
                seed: 7,
                inputs: Vec::new(),
            }),
            editor: Some("kind: DaemonSet".into()),
            panels: vec![Panel::Console, Panel::Learn],
            paused: true,
            speed: Some(2),
            caret: Some(5),
            resume: Some(Resume::Docs),
            selection: Some(Selection::Pod {
                namespace: "kube-system".into(),
                name: "agent-x".into(),
            }),
            yaml: true,
        };
        let text = serde_json::to_string(&h).unwrap();
        let back: Handover = serde_json::from_str(&text).unwrap();
        assert_eq!(back, h);
        let empty: Handover = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, Handover::default());
        assert_eq!(back.editor_resume(), Some((5, Resume::Docs)));
        assert_eq!(empty.editor_resume(), None);
        assert_eq!(back.yaml_of(), h.selection.as_ref());
        assert_eq!(empty.yaml_of(), None);
        let node_only = Handover {
            selection: Some(Selection::Node("worker-1".into())),
            ..Handover::default()
        };
        assert_eq!(node_only.yaml_of(), None, "a selection without Show YAML");
        let back: Handover =
            serde_json::from_str(&serde_json::to_string(&node_only).unwrap()).unwrap();
        assert_eq!(back, node_only);
        assert!(text.contains(r#""resume":"docs""#), "{text}");
    }
}
