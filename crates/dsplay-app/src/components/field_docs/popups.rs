//! The field docs' popups (full build): the docs file fetched once, the tip of a field (hover,
//! F1, Ctrl+I), completion (as a key is typed, Ctrl+Space), and the handed-over request the
//! light build's editor could not answer ([`Assist::resume`]).

use super::{modifier, Anchor, Assist, KeyAction, CHAR_PX};
use crate::upgrade::Resume;
use dsplay_core::field_docs::{caret, FieldDocs, FieldHelp};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// The data file, next to the page (Trunk copies it into dist/).
const DOCS_URL: &str = "field-docs.json";
/// Hovering this long over a key shows its docs (ms).
const HOVER_MS: u32 = 350;
/// Completion lists at most this many fields.
const MAX_ITEMS: usize = 12;

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

/// A field's help, asked for at a key.
pub(super) struct Tip {
    anchor: Anchor,
    kind: Option<String>,
    path: Vec<String>,
    /// Opened from the keyboard (stays until Escape or a keystroke), not by hovering.
    pub(super) pinned: bool,
}

/// Completion at a key being typed.
pub(super) struct Completion {
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

impl Assist {
    /// A key for an open completion list: ↑/↓ choose, Enter or Tab take, Escape closes.
    pub(super) fn list_key(&self, e: &KeyboardEvent, redraw: &Callback<()>) -> Option<KeyAction> {
        let key = e.key();
        let cmd = e.ctrl_key() || e.meta_key();
        // What the key does to the list (decided while it is borrowed).
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
        let action = action?;
        e.prevent_default();
        if close {
            self.completion.replace(None);
        }
        redraw.emit(());
        Some(action)
    }

    /// Escape closes a tip (true: the key is handled); another key closes a pinned one.
    pub(super) fn close_on_key(&self, e: &KeyboardEvent, redraw: &Callback<()>) -> bool {
        let (open, pinned) = match self.tip.borrow().as_ref() {
            Some(t) => (true, t.pinned),
            None => (false, false),
        };
        let escape = e.key() == "Escape";
        if open && (escape || pinned && !modifier(e)) {
            self.tip.replace(None);
            redraw.emit(());
        }
        open && escape
    }

    /// Help asked for at the caret (F1, Ctrl+I, Ctrl+Space).
    pub(super) fn ask(&self, text: &str, caret: usize, asked: Resume, redraw: &Callback<()>) {
        self.resume(text, caret, asked, redraw);
    }

    /// Does what was asked at the caret (bytes into `text`): a field's docs (F1, Ctrl+I) or
    /// completion (Ctrl+Space); also what the light build's editor handed over.
    pub fn resume(&self, text: &str, caret: usize, asked: Resume, redraw: &Callback<()>) {
        match asked {
            Resume::Docs => {
                self.completion.replace(None);
                self.show_tip(text, caret, true, redraw);
            }
            Resume::Complete => {
                self.tip.replace(None);
                self.complete(text, caret, true, redraw);
            }
        }
    }

    /// The text changed: a tip closes, and completion follows the typing.
    pub(super) fn typed(&self, now: &str, caret: usize, redraw: &Callback<()>) {
        if self.tip.borrow().is_some() {
            self.tip.replace(None);
            redraw.emit(());
        }
        self.complete(now, caret, false, redraw);
    }

    /// The mouse rests at (line, column) of the text: the key's docs after a pause.
    pub(super) fn hover(
        &self,
        line: usize,
        col: usize,
        text: Rc<dyn Fn() -> String>,
        redraw: Callback<()>,
    ) {
        let had = self.tip.borrow().is_some();
        let me = super::SELF.with(|s| s.borrow().clone());
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
    pub(super) fn char_px(&self, target: Option<web_sys::EventTarget>) -> f64 {
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
        .unwrap_or(CHAR_PX);
        self.char_px.set(measured);
        measured
    }

    /// The popups, drawn inside the editor's text layer, of which `view` (px: how far it is
    /// scrolled left, how wide its visible part is) is in view; `view` is read (a layout of
    /// the page) only when a popup is drawn.
    pub fn view(&self, view: impl Fn() -> (i32, i32)) -> Html {
        let at = std::cell::OnceCell::new();
        let view = || *at.get_or_init(&view);
        let ch = match self.char_px.get() {
            w if w > 0.0 => w,
            _ => CHAR_PX,
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
                    style={t.anchor.style(view(), ch, 480)}>
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
                <ul class="field-complete" role="listbox" aria-label="Fields" style={c.anchor.style(view(), ch, 300)}>
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
