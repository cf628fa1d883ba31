//! The API's field docs in the editor (issue 14, item 4): the description and type of the
//! field under the mouse or at the caret (F1 or Ctrl+I), completion of the fields valid
//! where a key is being typed (as it is typed, or Ctrl+Space), and unknown fields underlined
//! with the loader's own message once typing pauses.
//!
//! The docs are data (`field-docs.json`, next to the page; docs/field-docs.md), fetched the
//! first time a learner asks for help or completion, once per page load; they are never
//! compiled into the wasm. Which field a key is comes from the core
//! (`dsplay_core::field_docs::caret`), what it is from `dsplay_core::field_docs::FieldDocs`.
//!
//! Both live in the full build only (`popups`; the light build's size, docs/design.md "Two
//! builds of the page"). In the light build F1, Ctrl+I and Ctrl+Space show a note at the caret
//! and ask the page to hand over to the full build ([`Asked`]) with the editor's text, caret
//! and what was asked (`upgrade::Resume`); the full build's editor puts the caret back and
//! shows the docs or the completion there ([`Assist::resume`]). Hovering does nothing in the
//! light build (a hover must not load a second wasm), and completion appears as a key is typed
//! once the full build is loaded. An embed cannot hand over: its note says where the docs are.
//! The unknown fields are the loader's errors, so both builds underline them.
//!
//! The editor (components/editor.rs) owns one [`Assist`] and calls it from its handlers; the
//! popups are drawn inside its text layer, so they scroll with the text.

#[cfg(feature = "full")]
mod popups;

use crate::upgrade::Resume;
use dsplay_core::location::{ErrorKind, LocatedError};
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Unknown fields are looked for once typing pauses this long (ms)...
const CHECK_MS: u32 = 600;
/// ...in texts up to this size (the loader's time grows with the text).
const CHECK_MAX_BYTES: usize = 256 * 1024;
/// The text layer's padding (px), as web/styles.css sets it for `.code textarea`.
const PAD_TOP: i32 = 10;
const PAD_LEFT: i32 = 12;
const LINE_PX: i32 = 20;
/// A character's width (px) until the editor's font is measured.
const CHAR_PX: f64 = 7.8;

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

/// What the editor asks the field docs to do on a key press.
pub enum KeyAction {
    /// Not the field docs' key: the editor handles it.
    Pass,
    /// Handled (the editor does nothing more).
    Handled,
    /// Replace bytes `a..b` with the text (a completion accepted).
    Insert(usize, usize, String),
}

/// Help asked for in the light build's editor, for the page to hand over to the full build
/// (`upgrade::Handover`'s editor text, caret and resume).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asked {
    /// The editor's whole text.
    pub text: String,
    /// The caret (a byte offset into `text`).
    pub caret: usize,
    /// What was asked.
    pub resume: Resume,
}

/// What a key press asks of the field docs: F1 or Ctrl/Cmd+I a field's docs, Ctrl/Cmd+Space
/// the fields valid at the caret.
fn asked_by(e: &KeyboardEvent) -> Option<Resume> {
    let key = e.key();
    let cmd = e.ctrl_key() || e.meta_key();
    if key == "F1" || (cmd && (key == "i" || key == "I")) {
        Some(Resume::Docs)
    } else if cmd && key == " " {
        Some(Resume::Complete)
    } else {
        None
    }
}

/// Whether the key is a modifier alone (it leaves a pinned tip open).
fn modifier(e: &KeyboardEvent) -> bool {
    matches!(e.key().as_str(), "Shift" | "Control" | "Alt" | "Meta")
}

/// The editor's field docs: the popups' state, the hover timer and the live unknown fields.
#[derive(Default)]
pub struct Assist {
    check: RefCell<Option<Timeout>>,
    /// Unknown fields the loader found in the text last checked.
    unknown: RefCell<Rc<Vec<LocatedError>>>,
    /// The field's help asked for at a key.
    #[cfg(feature = "full")]
    tip: RefCell<Option<popups::Tip>>,
    /// Completion at a key being typed.
    #[cfg(feature = "full")]
    completion: RefCell<Option<popups::Completion>>,
    #[cfg(feature = "full")]
    hover: RefCell<Option<Timeout>>,
    /// The width of a character of the editor's font (px), once measured.
    #[cfg(feature = "full")]
    char_px: std::cell::Cell<f64>,
    /// Light build: where help was asked for, and whether the page is handing over for it.
    #[cfg(not(feature = "full"))]
    note: RefCell<Option<(Anchor, bool)>>,
    /// Light build: the page's handover for the docs (none in an embed).
    #[cfg(not(feature = "full"))]
    hand_over: RefCell<Option<Callback<Asked>>>,
}

impl Assist {
    /// The text changed (`now`, the caret at `caret`): completion follows the typing (full
    /// build), and the unknown fields are looked for in the text (`later` reads it) once
    /// typing pauses.
    pub fn on_input(
        &self,
        now: &str,
        later: Rc<dyn Fn() -> String>,
        caret: usize,
        redraw: &Callback<()>,
    ) {
        #[cfg(feature = "full")]
        self.typed(now, caret, redraw);
        #[cfg(not(feature = "full"))]
        {
            let _ = (now, caret);
            self.close(redraw);
        }
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

    /// A key press in the editor, with the text and the caret (bytes): the keys of an open
    /// completion list (full build), F1 and Ctrl+I a field's docs, Ctrl+Space completion (in
    /// the light build: a note, and the handover), Escape closes a popup, and another key a
    /// pinned one.
    pub fn on_keydown(
        &self,
        e: &KeyboardEvent,
        text: &str,
        caret: usize,
        redraw: &Callback<()>,
    ) -> KeyAction {
        #[cfg(feature = "full")]
        if let Some(action) = self.list_key(e, redraw) {
            return action;
        }
        if let Some(asked) = asked_by(e) {
            e.prevent_default();
            self.ask(text, caret, asked, redraw);
            return KeyAction::Handled;
        }
        if self.close_on_key(e, redraw) {
            KeyAction::Handled
        } else {
            KeyAction::Pass
        }
    }

    /// The mouse moved over the text layer (offsets from the textarea's corner, px); `w0` is
    /// the first line the textarea holds. Shows the key's docs after a pause (full build;
    /// nothing in the light build, where a hover must not load the full build).
    pub fn on_mouse(
        &self,
        e: &MouseEvent,
        w0: usize,
        text: &Rc<dyn Fn() -> String>,
        redraw: &Callback<()>,
    ) {
        #[cfg(feature = "full")]
        {
            if self.tip.borrow().as_ref().is_some_and(|t| t.pinned) {
                return;
            }
            let ch = self.char_px(e.target());
            let line = w0 + usize::try_from((e.offset_y() - PAD_TOP).max(0) / LINE_PX).unwrap_or(0);
            let col = (f64::from((e.offset_x() - PAD_LEFT).max(0)) / ch) as usize;
            self.hover(line, col, text.clone(), redraw.clone());
        }
        #[cfg(not(feature = "full"))]
        let _ = (e, w0, text, redraw);
    }
}

/// The light build: no docs; help asked for hands over to the full build.
#[cfg(not(feature = "full"))]
impl Assist {
    /// Where help asked for goes: the page's handover to the full build (`None` in an embed,
    /// which has no full build to go to).
    pub fn set_hand_over(&self, hand_over: Option<Callback<Asked>>) {
        self.hand_over.replace(hand_over);
    }

    /// Help asked for at the caret: a note there, and the handover to the full build.
    fn ask(&self, text: &str, caret: usize, resume: Resume, redraw: &Callback<()>) {
        let hand_over = self.hand_over.borrow().clone();
        self.note
            .replace(Some((Anchor::of(text, caret), hand_over.is_some())));
        redraw.emit(());
        if let Some(hand_over) = hand_over {
            let asked = Asked {
                text: text.to_string(),
                caret,
                resume,
            };
            // After the editor's handler (the page renders as it hands over).
            wasm_bindgen_futures::spawn_local(async move { hand_over.emit(asked) });
        }
    }

    /// Escape closes the note (true: the key is handled); another key closes it too.
    fn close_on_key(&self, e: &KeyboardEvent, redraw: &Callback<()>) -> bool {
        if self.note.borrow().is_none() || modifier(e) {
            return false;
        }
        self.close(redraw);
        e.key() == "Escape"
    }

    /// The mouse left the text: nothing to close in the light build.
    pub fn on_mouse_leave(&self, _redraw: &Callback<()>) {}

    /// The note closes.
    pub fn close(&self, redraw: &Callback<()>) {
        if self.note.replace(None).is_some() {
            redraw.emit(());
        }
    }

    /// The note, drawn inside the editor's text layer, of which `view` (px: how far it is
    /// scrolled left, how wide its visible part is) is in view; `view` is read (a layout of
    /// the page) only when there is a note.
    pub fn view(&self, view: impl Fn() -> (i32, i32)) -> Html {
        let Some((anchor, handing)) = *self.note.borrow() else {
            return Html::default();
        };
        let text = if handing {
            "Loading the API's field docs (the full playground)…"
        } else {
            "The API's field docs are in the DaemonSet Playground page, not in this embed."
        };
        html! {
            <div class="field-doc pinned" role="status" data-field-docs={if handing { "loading" } else { "embed" }}
                style={anchor.style(view(), CHAR_PX, 480)}>
                <p class="fd-none">{ text }</p>
            </div>
        }
    }
}

thread_local! {
    /// The editor's [`Assist`], for its timers (which outlive a borrow of it).
    static SELF: RefCell<Option<std::rc::Weak<Assist>>> = const { RefCell::new(None) };
}

/// Registers the editor's [`Assist`] (its timers find it through this).
pub fn register(assist: &Rc<Assist>) {
    SELF.with(|s| *s.borrow_mut() = Some(Rc::downgrade(assist)));
}

/// The loader's unknown-field errors for the editor's text (what Apply would report).
fn unknown_fields(text: &str) -> Vec<LocatedError> {
    dsplay_core::load::load(crate::state::EDITOR_FILE, text)
        .errors
        .into_iter()
        .filter(|e| e.kind == ErrorKind::UnknownField)
        .collect()
}
