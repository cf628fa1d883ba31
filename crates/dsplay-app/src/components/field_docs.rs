//! The API's field docs in the editor (issue 14, item 4): the description and type of the
//! field under the mouse or at the caret (F1 or Ctrl+I), completion of the fields valid
//! where a key is being typed (as it is typed, or Ctrl+Space), and unknown fields underlined
//! with the loader's own message once typing pauses.
//!
//! The docs are data (`field-docs.json`, next to the page; docs/field-docs.md), fetched the
//! first time a learner asks for help or completion, once per page load; they are never
//! compiled into the wasm. Which field a key is comes from the core
//! ([`dsplay_core::field_docs::caret`]), what it is from [`FieldDocs`].
//!
//! The editor (components/editor.rs) owns one [`Assist`] and calls it from its handlers; the
//! popups are drawn inside its text layer, so they scroll with the text.

use dsplay_core::field_docs::{caret, FieldDocs, FieldHelp};
use dsplay_core::location::{ErrorKind, LocatedError};
use gloo::timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// The data file, next to the page (Trunk copies it into dist/).
pub const DOCS_URL: &str = "field-docs.json";
/// Hovering this long over a key shows its docs (ms).
const HOVER_MS: u32 = 350;
/// Unknown fields are looked for once typing pauses this long (ms)...
const CHECK_MS: u32 = 600;
/// ...in texts up to this size (the loader's time grows with the text).
const CHECK_MAX_BYTES: usize = 256 * 1024;
/// Completion lists at most this many fields.
const MAX_ITEMS: usize = 12;
/// The text layer's padding (px), as web/styles.css sets it for `.code textarea`.
const PAD_TOP: i32 = 10;
const PAD_LEFT: i32 = 12;
const LINE_PX: i32 = 20;

/// The docs, once per page.
enum Docs {
    Idle,
    Loading(Vec<Box<dyn FnOnce()>>),
    Ready(Rc<FieldDocs>),
    Failed(String),
}

thread_local! {
    static DOCS: RefCell<Docs> = const { RefCell::new(Docs::Idle) };
}

/// The docs if they are here; otherwise starts fetching them (once) and runs `then` when they
/// arrive (or fail).
fn docs_or_fetch(then: impl FnOnce() + 'static) -> Option<Rc<FieldDocs>> {
    DOCS.with(|d| {
        let mut d = d.borrow_mut();
        match &mut *d {
            Docs::Ready(docs) => return Some(docs.clone()),
            Docs::Failed(_) => return None,
            Docs::Loading(waiting) => waiting.push(Box::new(then)),
            Docs::Idle => {
                *d = Docs::Loading(vec![Box::new(then)]);
                wasm_bindgen_futures::spawn_local(async {
                    let result = fetch_docs().await;
                    let waiting = DOCS.with(|d| {
                        let next = match result {
                            Ok(docs) => Docs::Ready(Rc::new(docs)),
                            Err(e) => Docs::Failed(e),
                        };
                        match std::mem::replace(&mut *d.borrow_mut(), next) {
                            Docs::Loading(w) => w,
                            _ => Vec::new(),
                        }
                    });
                    for f in waiting {
                        f();
                    }
                });
            }
        }
        None
    })
}

/// Why the docs could not be had, if they could not.
fn docs_error() -> Option<String> {
    DOCS.with(|d| match &*d.borrow() {
        Docs::Failed(e) => Some(e.clone()),
        _ => None,
    })
}

async fn fetch_docs() -> Result<FieldDocs, String> {
    let window = web_sys::window().ok_or("no window")?;
    let failed = |_| format!("The field docs ({DOCS_URL}) could not be fetched.");
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(DOCS_URL))
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(failed)?;
    if !response.ok() {
        return Err(format!(
            "field docs could not be fetched: {} {}",
            response.status(),
            DOCS_URL
        ));
    }
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?
        .as_string()
        .unwrap_or_default();
    FieldDocs::parse(&text)
}

/// Where a popup is drawn: below a line, at a column (characters).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Anchor {
    line: usize,
    col: usize,
}

impl Anchor {
    fn of(text: &str, at: usize) -> Anchor {
        let at = at.min(text.len());
        let before = text.get(..at).unwrap_or("");
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        Anchor {
            line: before.matches('\n').count(),
            col: before[start..].chars().count(),
        }
    }

    /// Below the line, at the column, moved left as needed to fit the view: `view` is the
    /// text layer's visible part (scrolled by, wide; px), `ch` a character's width.
    /// (Integer pixels: formatting floats would link float printing into the wasm.)
    fn style(self, view: (i32, i32), ch: f64, want: i32) -> String {
        let (left_edge, visible) = view;
        let width = want.min(visible - 16).max(160);
        let at = PAD_LEFT + (self.col as f64 * ch) as i32;
        let left = at.min(left_edge + visible - width - 8).max(left_edge + 4);
        let top = i32::try_from(self.line + 1)
            .unwrap_or(i32::MAX / LINE_PX)
            .saturating_mul(LINE_PX)
            .saturating_add(PAD_TOP);
        format!("top:{top}px;left:{left}px;width:{width}px")
    }
}

/// A field's help, asked for at a key.
struct Tip {
    anchor: Anchor,
    kind: Option<String>,
    path: Vec<String>,
    /// Opened from the keyboard (stays until Escape or a keystroke), not by hovering.
    pinned: bool,
}

/// Completion at a key being typed.
struct Completion {
    anchor: Anchor,
    kind: Option<String>,
    parent: Vec<String>,
    /// The typed part and where it starts (bytes).
    typed: String,
    start: usize,
    /// The line's indentation (the key's column), for what an accepted field inserts.
    indent: usize,
    selected: usize,
}

/// What the editor asks the field docs to do on a key press.
pub enum KeyAction {
    /// Not the field docs' key: the editor handles it.
    Pass,
    /// Handled (the editor does nothing more).
    Handled,
    /// Replace bytes `a..b` with the text (a completion accepted).
    Insert(usize, usize, String),
}

/// The editor's field docs: the popups' state, the hover timer and the live unknown fields.
#[derive(Default)]
pub struct Assist {
    tip: RefCell<Option<Tip>>,
    completion: RefCell<Option<Completion>>,
    hover: RefCell<Option<Timeout>>,
    check: RefCell<Option<Timeout>>,
    /// Unknown fields the loader found in the text last checked.
    unknown: RefCell<Rc<Vec<LocatedError>>>,
    /// The width of a character of the editor's font (px), once measured.
    char_px: Cell<f64>,
}

impl Assist {
    /// A key press in the editor, with the text and the caret (bytes).
    pub fn on_keydown(
        &self,
        e: &KeyboardEvent,
        text: &str,
        caret: usize,
        redraw: &Callback<()>,
    ) -> KeyAction {
        let key = e.key();
        let cmd = e.ctrl_key() || e.meta_key();
        // What the key does to an open completion list (decided while it is borrowed).
        let mut close = false;
        let mut action = None;
        if let Some(c) = self.completion.borrow_mut().as_mut() {
            let items = self.items(c);
            match key.as_str() {
                "ArrowDown" | "ArrowUp" if !items.is_empty() => {
                    let n = items.len();
                    c.selected = if key == "ArrowDown" {
                        (c.selected + 1) % n
                    } else {
                        (c.selected + n - 1) % n
                    };
                    action = Some(KeyAction::Handled);
                }
                "Enter" | "Tab" if !cmd && !e.shift_key() && !items.is_empty() => {
                    let f = &items[c.selected.min(items.len() - 1)];
                    let end = c.start + c.typed.len();
                    action = Some(KeyAction::Insert(c.start, end, insertion(f, c.indent)));
                    close = true;
                }
                "Escape" => {
                    action = Some(KeyAction::Handled);
                    close = true;
                }
                _ => {}
            }
        }
        if let Some(action) = action {
            e.prevent_default();
            if close {
                self.completion.replace(None);
            }
            redraw.emit(());
            return action;
        }
        if key == "Escape" && self.tip.borrow().is_some() {
            self.tip.replace(None);
            redraw.emit(());
            return KeyAction::Handled;
        }
        let help = key == "F1" || (cmd && (key == "i" || key == "I"));
        let complete = cmd && key == " ";
        if help {
            e.prevent_default();
            self.completion.replace(None);
            self.show_tip(text, caret, true, redraw);
            return KeyAction::Handled;
        }
        if complete {
            e.prevent_default();
            self.tip.replace(None);
            self.complete(text, caret, true, redraw);
            return KeyAction::Handled;
        }
        if self.tip.borrow().as_ref().is_some_and(|t| t.pinned)
            && !matches!(key.as_str(), "Shift" | "Control" | "Alt" | "Meta")
        {
            self.tip.replace(None);
            redraw.emit(());
        }
        KeyAction::Pass
    }

    /// The text changed (`now`, the caret at `caret`): completion follows the typing, and the
    /// unknown fields are looked for in the text (`later` reads it) once typing pauses.
    pub fn on_input(
        &self,
        now: &str,
        later: Rc<dyn Fn() -> String>,
        caret: usize,
        redraw: &Callback<()>,
    ) {
        if self.tip.borrow().is_some() {
            self.tip.replace(None);
            redraw.emit(());
        }
        self.complete(now, caret, false, redraw);
        let redraw = redraw.clone();
        let me = SELF.with(|s| s.borrow().clone());
        self.check.replace(Some(Timeout::new(CHECK_MS, move || {
            let Some(me) = me.and_then(|w| w.upgrade()) else {
                return;
            };
            let text = later();
            let found = if text.len() > CHECK_MAX_BYTES {
                Vec::new()
            } else {
                unknown_fields(&text)
            };
            me.unknown.replace(Rc::new(found));
            redraw.emit(());
        })));
    }

    /// Unknown fields the loader found once typing paused (its errors, located), for the
    /// editor's underline.
    pub fn unknown(&self) -> Rc<Vec<LocatedError>> {
        self.unknown.borrow().clone()
    }

    /// The mouse moved over the text layer (offsets from the textarea's corner, px); `w0` is
    /// the first line the textarea holds. Shows the key's docs after a pause.
    pub fn on_mouse(
        &self,
        e: &MouseEvent,
        w0: usize,
        text: &Rc<dyn Fn() -> String>,
        redraw: &Callback<()>,
    ) {
        if self.tip.borrow().as_ref().is_some_and(|t| t.pinned) {
            return;
        }
        let ch = self.char_px(e.target());
        let line = w0 + usize::try_from((e.offset_y() - PAD_TOP).max(0) / LINE_PX).unwrap_or(0);
        let col = (f64::from((e.offset_x() - PAD_LEFT).max(0)) / ch) as usize;
        let text = text.clone();
        let redraw = redraw.clone();
        let had = self.tip.borrow().is_some();
        let me = SELF.with(|s| s.borrow().clone());
        self.hover.replace(Some(Timeout::new(HOVER_MS, move || {
            let Some(me) = me.and_then(|w| w.upgrade()) else {
                return;
            };
            let t = text();
            let at = offset_of(&t, line, col);
            match at {
                Some(at) => me.show_tip(&t, at, false, &redraw),
                None if had => {
                    me.tip.replace(None);
                    redraw.emit(());
                }
                None => {}
            }
        })));
    }

    /// The mouse left the text: a hovered tip goes.
    pub fn on_mouse_leave(&self, redraw: &Callback<()>) {
        self.hover.replace(None);
        let hovered = self.tip.borrow().as_ref().is_some_and(|t| !t.pinned);
        if hovered {
            self.tip.replace(None);
            redraw.emit(());
        }
    }

    /// The editor lost focus or scrolled away: popups close.
    pub fn close(&self, redraw: &Callback<()>) {
        let open = self.tip.borrow().is_some() || self.completion.borrow().is_some();
        self.tip.replace(None);
        self.completion.replace(None);
        if open {
            redraw.emit(());
        }
    }

    fn show_tip(&self, text: &str, at: usize, pinned: bool, redraw: &Callback<()>) {
        let Some(c) = caret::at(text, at) else {
            self.tip.replace(None);
            redraw.emit(());
            return;
        };
        if !pinned && !c.on_key {
            if self.tip.borrow().is_some() {
                self.tip.replace(None);
                redraw.emit(());
            }
            return;
        }
        let (Some(path), Some((_, start, _))) = (c.path(), c.key.clone()) else {
            return;
        };
        self.tip.replace(Some(Tip {
            anchor: Anchor::of(text, start),
            kind: c.kind,
            path,
            pinned,
        }));
        let r = redraw.clone();
        if docs_or_fetch(move || r.emit(())).is_some() || pinned {
            redraw.emit(());
        }
    }

    fn complete(&self, text: &str, at: usize, asked: bool, redraw: &Callback<()>) {
        let was = self.completion.borrow().is_some();
        if !asked && !was && !typing_a_key(text, at) {
            return;
        }
        let c = caret::at(text, at).filter(|c| c.typing.is_some());
        let Some((c, (typed, start))) = c.and_then(|c| {
            let t = c.typing.clone()?;
            Some((c, t))
        }) else {
            self.completion.replace(None);
            if was {
                redraw.emit(());
            }
            return;
        };
        // As it is typed: from the first character (Ctrl+Space: at once).
        if typed.is_empty() && !asked && !was {
            return;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        self.completion.replace(Some(Completion {
            anchor: Anchor::of(text, start),
            kind: c.kind,
            parent: c.parent,
            typed,
            start,
            indent: text[line_start..start].chars().count(),
            selected: 0,
        }));
        let r = redraw.clone();
        let _ = docs_or_fetch(move || r.emit(()));
        redraw.emit(());
    }

    /// The fields completion offers now (empty until the docs are here).
    fn items(&self, c: &Completion) -> Vec<FieldHelp> {
        let Some(docs) = DOCS.with(|d| match &*d.borrow() {
            Docs::Ready(docs) => Some(docs.clone()),
            _ => None,
        }) else {
            return Vec::new();
        };
        let Some(kind) = c.kind.as_deref() else {
            return Vec::new();
        };
        docs.fields(kind, &c.parent)
            .into_iter()
            .filter(|f| f.name.starts_with(&c.typed) && f.name != c.typed)
            .take(MAX_ITEMS)
            .collect()
    }

    /// The width of a character of the editor's font, measured once.
    fn char_px(&self, target: Option<web_sys::EventTarget>) -> f64 {
        let known = self.char_px.get();
        if known > 0.0 {
            return known;
        }
        let measured = (|| {
            let el: web_sys::Element = target?.dyn_into().ok()?;
            let parent = el.parent_element()?;
            let doc = el.owner_document()?;
            let probe = doc.create_element("span").ok()?;
            probe
                .set_attribute(
                    "style",
                    "position:absolute;visibility:hidden;white-space:pre;font:inherit",
                )
                .ok()?;
            probe.set_text_content(Some(&"0".repeat(40)));
            parent.append_child(&probe).ok()?;
            let w = probe.get_bounding_client_rect().width() / 40.0;
            parent.remove_child(&probe).ok()?;
            (w > 0.0).then_some(w)
        })()
        .unwrap_or(7.8);
        self.char_px.set(measured);
        measured
    }

    /// The popups, drawn inside the editor's text layer, of which `view` (px: how far it is
    /// scrolled left, how wide its visible part is) is in view.
    pub fn view(&self, view: (i32, i32)) -> Html {
        let ch = match self.char_px.get() {
            w if w > 0.0 => w,
            _ => 7.8,
        };
        let docs = DOCS.with(|d| match &*d.borrow() {
            Docs::Ready(docs) => Some(docs.clone()),
            _ => None,
        });
        let tip = self.tip.borrow().as_ref().map(|t| {
            let body = match (&docs, t.kind.as_deref()) {
                (Some(docs), Some(kind)) => match docs.field(kind, &t.path) {
                    Some(h) => help_html(&h),
                    None => html! { <p class="fd-none">{ format!("No docs for {} in a {kind}.", t.path.join(".")) }</p> },
                },
                (Some(_), None) => html! { <p class="fd-none">{ "No kind: in this document." }</p> },
                (None, _) => match docs_error() {
                    Some(e) => html! { <p class="fd-none">{ e }</p> },
                    None => html! { <p class="fd-none">{ "Loading the API's field docs…" }</p> },
                },
            };
            html! {
                // A hovered tip lets the mouse through to the text; one opened with F1 scrolls
                // (and can take focus to be scrolled from the keyboard).
                <div class={classes!("field-doc", t.pinned.then_some("pinned"))} role="status"
                    tabindex={t.pinned.then_some("0")} data-field={t.path.join(".")}
                    style={t.anchor.style(view, ch, 480)}>
                    { body }
                </div>
            }
        });
        let completion = self.completion.borrow().as_ref().and_then(|c| {
            let items = self.items(c);
            if items.is_empty() {
                return None;
            }
            let selected = c.selected.min(items.len() - 1);
            Some(html! {
                <ul class="field-complete" role="listbox" aria-label="Fields" style={c.anchor.style(view, ch, 300)}>
                    for (i, f) in items.iter().enumerate() {
                        <li role="option" aria-selected={(i == selected).to_string()} class={classes!((i == selected).then_some("selected"))}>
                            <span class="fd-name">{ &f.name }</span>
                            <span class="fd-type">{ format!("<{}>", f.type_name) }</span>
                        </li>
                    }
                </ul>
            })
        });
        html! { <>{ for tip }{ for completion }</> }
    }
}

thread_local! {
    /// The editor's [`Assist`], for its timers (which outlive a borrow of it).
    static SELF: RefCell<Option<std::rc::Weak<Assist>>> = const { RefCell::new(None) };
}

/// Registers the editor's [`Assist`] (its hover timer finds it through this).
pub fn register(assist: &Rc<Assist>) {
    SELF.with(|s| *s.borrow_mut() = Some(Rc::downgrade(assist)));
}

/// A field's help: `FIELD: name <type>` (as `kubectl explain` heads it), its values, its
/// description.
fn help_html(h: &FieldHelp) -> Html {
    html! {
        <>
            <p class="fd-head">
                <span class="fd-name">{ &h.name }</span>{ " " }
                <span class="fd-type">{ format!("<{}>", h.type_name) }</span>
                if h.required { <span class="fd-req">{ " -required-" }</span> }
            </p>
            if !h.values.is_empty() {
                <p class="fd-enum">{ format!("enum: {}", h.values.iter().map(|v| if v.is_empty() { "\"\"" } else { v.as_str() }).collect::<Vec<_>>().join(", ")) }</p>
            }
            for para in h.description.split("\n\n") {
                <p class="fd-desc">{ para }</p>
            }
        </>
    }
}

/// What accepting a field inserts: `name: ` for a value on the line, `name:` and an indented
/// next line for an object, and a first item for a list of objects.
fn insertion(f: &FieldHelp, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let t = f.type_name.as_str();
    let scalar = matches!(
        t,
        "string" | "integer" | "number" | "boolean" | "IntOrString" | "Quantity"
    ) || t.starts_with("map[")
        || t.starts_with("[]string")
        || t.starts_with("[]integer");
    if scalar {
        format!("{}: ", f.name)
    } else if t.starts_with("[]") {
        format!("{}:\n{pad}- ", f.name)
    } else {
        format!("{}:\n{pad}  ", f.name)
    }
}

/// Whether the caret's line, up to the caret, is only indentation, `- ` and a key's first
/// characters (a cheap look before asking the core for the YAML path).
fn typing_a_key(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return false;
    };
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let word = line.trim_start_matches([' ', '-']);
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || !c.is_ascii() || c == '_' || c == '.' || c == '-')
        && text[at..]
            .chars()
            .next()
            .is_none_or(|c| c == '\n' || c == ' ' || c == '\r')
}

/// Byte offset of (line, char column) in `text`, if the line is that long.
fn offset_of(text: &str, line: usize, col: usize) -> Option<usize> {
    let start = if line == 0 {
        0
    } else {
        text.match_indices('\n').nth(line - 1)?.0 + 1
    };
    let l = &text[start..text[start..].find('\n').map_or(text.len(), |i| start + i)];
    let (i, _) = l.char_indices().nth(col)?;
    Some(start + i)
}

/// The loader's unknown-field errors for the editor's text (what Apply would report).
fn unknown_fields(text: &str) -> Vec<LocatedError> {
    dsplay_core::load::load(crate::state::EDITOR_FILE, text)
        .errors
        .into_iter()
        .filter(|e| e.kind == ErrorKind::UnknownField)
        .collect()
}
