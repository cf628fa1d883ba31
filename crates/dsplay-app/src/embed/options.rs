//! The embed's options, as `<daemonset-playground>`'s attributes (or `mount`'s options
//! object) give them: every value is read as data and checked, with a clear message.

use crate::components::time_controls::{DEFAULT_SPEED, SPEEDS};
use crate::state::DEFAULT_SEED;
use dsplay_core::share::{InflateError, LinkError, SharedRun};
use dsplay_core::sim::NodeTemplate;
use std::str::FromStr;
use wasm_bindgen::{JsCast, JsValue};

/// The panels an embed can show next to its cluster view.
pub const PANELS: &[&str] = &["editor", "nodes", "time", "status", "events", "why"];

/// The panels shown when `controls` is not given.
pub const DEFAULT_PANELS: &str = "time,status,why";

/// Most nodes `nodes` may ask for.
pub const MAX_NODES: u32 = 500;

/// Which panels show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Panels {
    /// The YAML editor with Apply.
    pub editor: bool,
    /// "Add node".
    pub nodes: bool,
    /// Play/Pause, Step, speed, seed.
    pub time: bool,
    /// The `kubectl get ds` table.
    pub status: bool,
    /// The events list.
    pub events: bool,
    /// The details panel ("why") for a clicked node or pod.
    pub why: bool,
}

impl Panels {
    /// `editor,nodes,...` (commas or spaces; `all` for every panel; empty for none).
    pub fn parse(list: &str) -> Result<Panels, String> {
        let mut p = Panels::default();
        for name in list.split([',', ' ']).filter(|s| !s.is_empty()) {
            match name {
                "editor" => p.editor = true,
                "nodes" => p.nodes = true,
                "time" => p.time = true,
                "status" => p.status = true,
                "events" => p.events = true,
                "why" => p.why = true,
                "all" => {
                    p = Panels {
                        editor: true,
                        nodes: true,
                        time: true,
                        status: true,
                        events: true,
                        why: true,
                    }
                }
                _ => {
                    return Err(format!(
                        "controls: unknown panel {name:?} (editor, nodes, time, status, events, why, all)"
                    ))
                }
            }
        }
        Ok(p)
    }
}

/// Everything an embed starts from.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The manifest applied first (may be empty).
    pub yaml: String,
    /// The nodes to start with; `None`: the playground's default cluster.
    pub nodes: Option<Vec<NodeTemplate>>,
    /// The seed.
    pub seed: u64,
    /// Panels shown.
    pub panels: Panels,
    /// The reader cannot change the cluster from the embed's own controls (the API can).
    pub readonly: bool,
    /// The clock runs from the start.
    pub autoplay: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// The run of a share link (`link`), opened instead of `yaml`, `nodes` and `seed`.
    pub run: Option<SharedRun>,
}

/// `options[key]` as a string, when it is one (numbers are taken as their text).
fn get(options: &JsValue, key: &str) -> Option<String> {
    let v = js_sys::Reflect::get(options, &JsValue::from_str(key)).ok()?;
    if v.is_undefined() || v.is_null() {
        return None;
    }
    match v.as_string() {
        Some(s) => Some(s),
        None => v
            .as_f64()
            .map(|n| format!("{n}"))
            .or_else(|| v.as_bool().map(|b| b.to_string())),
    }
}

/// A boolean option: `true`, `""` (a bare attribute) and `"true"` are true; absent,
/// `false` and `"false"` are false.
fn flag(options: &JsValue, key: &str) -> Result<bool, String> {
    match get(options, key).as_deref() {
        None | Some("false") => Ok(false),
        Some("" | "true") => Ok(true),
        Some(other) => Err(format!("{key}: expected true or false, got {other:?}")),
    }
}

/// `control-plane,worker,worker` or a count of workers.
pub fn parse_nodes(text: &str) -> Result<Vec<NodeTemplate>, String> {
    let text = text.trim();
    if let Ok(count) = u32::from_str(text) {
        if count > MAX_NODES {
            return Err(format!("nodes: at most {MAX_NODES} nodes, got {count}"));
        }
        return Ok(vec![NodeTemplate::Worker; count as usize]);
    }
    let templates = text
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| NodeTemplate::parse(s).map_err(|e| format!("nodes: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    if templates.len() > MAX_NODES as usize {
        return Err(format!("nodes: at most {MAX_NODES} nodes"));
    }
    Ok(templates)
}

/// `×2`, `x2` or `2`: one of the page's speeds.
pub fn parse_speed(text: &str) -> Result<usize, String> {
    let bare = text.trim().trim_start_matches(['x', '×']);
    SPEEDS
        .iter()
        .position(|(label, _)| label.trim_start_matches('×') == bare)
        .ok_or_else(|| format!("speed: {text:?} is not one of 0.5, 1, 2, 5, 10"))
}

impl Options {
    /// Reads a JavaScript options object (`{ yaml, nodes, seed, controls, readonly,
    /// autoplay, speed, link }`, every field optional).
    pub fn from_js(options: &JsValue) -> Result<Options, String> {
        if !options.is_object() && !options.is_undefined() && !options.is_null() {
            return Err("options must be an object".to_string());
        }
        let seed = match get(options, "seed") {
            None => DEFAULT_SEED,
            Some(s) => u64::from_str(s.trim())
                .map_err(|_| format!("seed: {s:?} is not a whole number from 0 to 2^64-1"))?,
        };
        let nodes = get(options, "nodes").map(|n| parse_nodes(&n)).transpose()?;
        let panels =
            Panels::parse(&get(options, "controls").unwrap_or_else(|| DEFAULT_PANELS.into()))?;
        let speed = get(options, "speed")
            .map(|s| parse_speed(&s))
            .transpose()?
            .unwrap_or(DEFAULT_SPEED);
        let run = match get(options, "link").filter(|l| !l.trim().is_empty()) {
            None => None,
            Some(_) => Some(link_run(options).map_err(|e| format!("link: {e}"))?),
        };
        Ok(Options {
            yaml: get(options, "yaml").unwrap_or_default(),
            nodes,
            // A link's run has its own seed.
            seed: run.as_ref().map_or(seed, |r| r.seed),
            panels,
            readonly: flag(options, "readonly")?,
            autoplay: flag(options, "autoplay")?,
            speed,
            run,
        })
    }

    /// The editor text the embed starts with (and goes back to on reset).
    pub fn initial_text(&self) -> &str {
        match &self.run {
            Some(run) => &run.editor,
            None => &self.yaml,
        }
    }
}

/// The run of a link whose data `embed.js` inflated (`payload`, the bytes of
/// [`SharedRun::payload`]) or could not (`inflateError`: `truncated`, `too-large`,
/// anything else: not deflate data). The base64 step is [`link_data`](super::link_data).
fn link_run(options: &JsValue) -> Result<SharedRun, String> {
    if let Some(kind) = get(options, "inflateError") {
        let e = match kind.as_str() {
            "truncated" => InflateError::Truncated,
            "too-large" => InflateError::TooLarge,
            _ => InflateError::Corrupt,
        };
        return Err(LinkError::inflate(e).to_string());
    }
    let payload = js_sys::Reflect::get(options, &JsValue::from_str("payload"))
        .ok()
        .filter(|p| p.is_instance_of::<js_sys::Uint8Array>())
        .ok_or("a link is opened by embed.js, which inflates it (no payload was given)")?;
    SharedRun::from_payload(&js_sys::Uint8Array::new(&payload).to_vec()).map_err(|e| e.to_string())
}
