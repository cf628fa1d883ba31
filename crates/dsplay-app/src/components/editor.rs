//! The YAML editor: the Examples menu, the text with line numbers, highlighting, the
//! loader's errors underlined at their line:column, find (Ctrl/Cmd+F), "Apply" (and
//! Ctrl/Cmd+Enter), and kubectl's output.
//!
//! It keeps up with large texts (a 1 MB `kubectl get nodes -o yaml`) by drawing only what is
//! shown: the whole text lives in [`Doc`]; the page holds the lines in view (and a margin) as
//! highlighted lines and line numbers, and a textarea holding a *window* of the text (the drawn
//! lines plus [`MARGIN`] each side) for the browser's own caret, selection, typing, IME and
//! clipboard. A browser textarea costs time in proportion to all the text it holds (about a
//! tenth of a second per keystroke at 1 MB; its layout and paint on every keystroke), so the
//! window is kept small and scrolling moves it instead. Because
//! moving the window replaces the textarea's text (which clears the browser's undo history),
//! undo/redo are the editor's own ([`Doc::undo`]), and Ctrl/Cmd+Z, Ctrl+Y and the browser's
//! Undo/Redo menu items all go to it. A paste goes to the text directly, whatever its size.
//! Ctrl/Cmd+A widens the window to the whole text (a one-off cost in proportion to it), and
//! Shift+Ctrl/Cmd+Home/End to the text's start or end. PageDown/PageUp are the editor's own
//! (the textarea, as tall as its window, does not scroll to move its caret by pages).
//!
//! Tab and Shift+Tab indent and dedent the line(s) by two spaces; Escape then Tab leaves the
//! editor (the keyboard is never trapped).

mod doc;

use crate::components::error_panel::ErrorPanel;
use crate::components::field_docs::{self, Asked, Assist, KeyAction};
use crate::examples::EXAMPLES;
use crate::state::{Outcome, EDITOR_FILE};
use crate::upgrade::Resume;
use doc::{byte_at_utf16, normalize, utf16_len, Doc};
use dsplay_core::location::LocatedError;
use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::str::FromStr;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Height of a line (px), as `web/styles.css` sets it.
const LINE_PX: i32 = 20;
/// Padding above the first line (px).
const PAD_PX: i32 = 10;
/// The page hears of the text once typing pauses this long (ms), and at once on Apply or when
/// the page is hidden or left: a keystroke costs the editor's work only, not the page's.
const EMIT_DELAY_MS: u32 = 200;
/// Lines drawn (highlighted, numbered) above and below the view.
const OVERSCAN: usize = 40;
/// Lines the textarea holds beyond the drawn ones, each side. Every keystroke lays out and
/// paints the textarea's whole text again (one text node): 60 (a window of at most about 220
/// lines) rather than 300 (about 700) takes about a millisecond off each keystroke
/// (docs/performance.md, "Editor"); the window moves every 100 lines scrolled instead of
/// every 340, each move filling a third as many lines.
const MARGIN: usize = 60;
/// A selection of more lines than this always stays in the textarea when the view moves away
/// from it (only a window of the whole text can hold it); one of at most this many stays only
/// while the window holding it is at most three times the drawn window's, and is parked
/// otherwise (kept aside and put back when a key needs it; see `Model::hold`).
const KEEP_SELECTION_LINES: usize = 2000;
/// Find stops counting matches here.
const COUNT_CAP: usize = 10_000;

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text.
    pub text: AttrValue,
    /// The user typed.
    pub on_change: Callback<String>,
    /// Apply the text (button or Ctrl/Cmd+Enter).
    pub on_apply: Callback<()>,
    /// Load example number `i` (and apply it).
    pub on_example: Callback<usize>,
    /// The last apply's outcome.
    pub outcome: Option<Outcome>,
    /// Light build: the field docs were asked for (F1, Ctrl+I, Ctrl+Space), which the page
    /// answers by handing over to the full build (none in an embed: components/field_docs.rs).
    #[prop_or_default]
    pub on_hand_over: Option<Callback<Asked>>,
    /// Full build: the caret the light editor handed over (bytes) and what to do there, done
    /// once when the editor is mounted.
    #[prop_or_default]
    pub resume: Option<(usize, Resume)>,
}

/// The find bar's state.
#[derive(Default)]
struct Find {
    needle: String,
    /// The current match (byte range).
    hit: Option<(usize, usize)>,
    /// Matches in the text, and the current one's number (1-based).
    total: usize,
    index: usize,
}

/// Everything the editor keeps between renders (not Yew state: handlers change it and ask
/// for a render when what is drawn changed).
struct Model {
    doc: Doc,
    /// The `text` prop last seen (to tell the page's changes from echoes of the editor's).
    seen: AttrValue,
    /// Lines `w0..w1` are in the textarea.
    w0: usize,
    w1: usize,
    /// Lines `r0..r1` are drawn.
    r0: usize,
    r1: usize,
    scroll_top: i32,
    view_height: i32,
    /// A `beforeinput` announced the coming `input` (a native edit of the window).
    native: bool,
    composing: bool,
    /// The selection (bytes) while it is outside the textarea's window.
    parked: Option<(usize, usize)>,
    /// The parked selection's caret is its start (it was made backwards).
    backward: bool,
    /// Escape was pressed: the next Tab leaves the editor.
    tab_leaves: bool,
    find: Option<Find>,
    focus_find: bool,
    /// The textarea holds the window (set after the first render).
    mounted: bool,
}

impl Model {
    fn new(text: &AttrValue) -> Model {
        let doc = Doc::new(text);
        Model {
            doc,
            seen: text.clone(),
            w0: 0,
            w1: 0,
            r0: 0,
            r1: 0,
            scroll_top: 0,
            view_height: 600,
            native: false,
            composing: false,
            parked: None,
            backward: false,
            tab_leaves: false,
            find: None,
            focus_find: false,
            mounted: false,
        }
    }

    fn win_start(&self) -> usize {
        self.doc.line_start(self.w0)
    }

    fn win_text(&self) -> &str {
        let (s, e) = (self.win_start(), self.doc.line_end(self.w1.max(1) - 1));
        self.doc.text().get(s..e.max(s)).unwrap_or("")
    }

    /// Lines in view.
    fn visible(&self) -> (usize, usize) {
        let n = self.doc.lines();
        let line = |px: i32| usize::try_from(px.max(0) / LINE_PX).unwrap_or(0);
        let first = line(self.scroll_top - PAD_PX);
        let last = line(self.scroll_top + self.view_height) + 2;
        (first.min(n), last.min(n))
    }

    /// The textarea's selection, as byte offsets in the text (or the parked one).
    fn selection(&self, t: &HtmlTextAreaElement) -> (usize, usize) {
        if let Some(p) = self.parked {
            return p;
        }
        let base = self.win_start();
        let text = self.win_text();
        let at = |u: Option<u32>| base + byte_at_utf16(text, u.unwrap_or(0) as usize);
        let (a, b) = (
            at(t.selection_start().ok().flatten()),
            at(t.selection_end().ok().flatten()),
        );
        (a.min(b), a.max(b))
    }

    /// UTF-16 offset in the textarea of byte offset `at`, if the window holds it.
    fn to_window(&self, at: usize) -> Option<u32> {
        let base = self.win_start();
        let text = self.win_text();
        let rel = at.checked_sub(base).filter(|&r| r <= text.len())?;
        u32::try_from(utf16_len(text.get(..rel)?)).ok()
    }

    /// Draws the lines in view and keeps them inside the textarea's window; moves the window
    /// when they leave it (or `force`). Returns whether a render is needed.
    fn ensure(&mut self, t: &HtmlTextAreaElement, force: bool) -> bool {
        let n = self.doc.lines();
        let (v0, v1) = self.visible();
        let mut redraw = false;
        if force || !(self.r0 <= v0 && v1 <= self.r1) || self.r1 > n {
            self.r0 = v0.saturating_sub(OVERSCAN);
            self.r1 = (v1 + OVERSCAN).min(n);
            redraw = true;
        }
        let (mut a, mut b) = (
            self.r0.saturating_sub(MARGIN),
            (self.r1 + MARGIN).min(n).max(1),
        );
        let sel = self.selection(t);
        let (s0, s1) = (self.doc.line_of(sel.0), self.doc.line_of(sel.1));
        let small = s1 - s0 <= KEEP_SELECTION_LINES;
        let oversized = self.w1 - self.w0 > 3 * (b - a) && small;
        let inside = self.w0 <= self.r0 && self.r1 <= self.w1 && self.w1 <= n;
        if !force && self.mounted && inside && !oversized || self.composing {
            return redraw;
        }
        // Keep the selection in the window when that keeps the window small (or when it is
        // a large one, which only a whole-text window can hold).
        let keep = !small || s1.max(b) - s0.min(a) <= 3 * (b - a);
        if keep {
            a = a.min(s0);
            b = b.max(s1 + 1).min(n);
        }
        self.w0 = a;
        self.w1 = b;
        self.mounted = true;
        if self.parked.is_none() {
            self.backward = made_backward(t);
        }
        self.parked = (!keep).then_some(sel);
        self.fill(t, keep.then_some(sel));
        true
    }

    /// Puts the window's text in the textarea, and the selection when the window holds it.
    fn fill(&self, t: &HtmlTextAreaElement, sel: Option<(usize, usize)>) {
        t.set_value(self.win_text());
        if let Some((a, b)) = sel {
            if let (Some(a), Some(b)) = (self.to_window(a), self.to_window(b)) {
                let _ = t.set_selection_range(a, b);
            }
        }
    }

    /// Moves the view to show byte offset `at` (if it is not in view) and returns the new
    /// scroll position.
    fn reveal(&mut self, at: usize) -> i32 {
        let top = px(self.doc.line_of(at)) + PAD_PX;
        if top < self.scroll_top || top + LINE_PX > self.scroll_top + self.view_height {
            self.scroll_top = (top - self.view_height / 3).max(0);
        }
        self.scroll_top
    }

    /// Selects `sel` (bytes), bringing it into view and into the window.
    fn select(
        &mut self,
        t: &HtmlTextAreaElement,
        scroller: Option<HtmlElement>,
        sel: (usize, usize),
    ) {
        let top = self.reveal(sel.1);
        if let Some(s) = &scroller {
            // The text may have grown: the new height first, or the scroll stops short.
            if let Some(sizer) = s.first_element_child() {
                let _ = sizer.set_attribute("style", &self.sizer_style());
            }
            s.set_scroll_top(top);
        }
        self.parked = Some(sel);
        self.ensure(t, true);
        self.parked = None;
        self.hold(t, sel);
        self.fill_selection(t, sel);
        if let Some(s) = scroller {
            s.set_scroll_top(top);
        }
    }

    /// Widens the window to hold `sel` if it does not (a selection the view moved away from,
    /// or one Shift+PageDown/Up made; a cost in proportion to the lines it gains, as
    /// Shift+Ctrl+End's): the key pressed then acts on all of it.
    fn hold(&mut self, t: &HtmlTextAreaElement, sel: (usize, usize)) {
        let (s0, s1) = (self.doc.line_of(sel.0), self.doc.line_of(sel.1));
        if s0 < self.w0 || s1 >= self.w1 {
            self.w0 = self.w0.min(s0);
            self.w1 = self.w1.max(s1 + 1).min(self.doc.lines());
            self.fill(t, None);
        }
    }

    fn sizer_style(&self) -> String {
        format!("height:{}px", px(self.doc.lines()) + 2 * PAD_PX)
    }

    fn fill_selection(&self, t: &HtmlTextAreaElement, (a, b): (usize, usize)) {
        if let (Some(a), Some(b)) = (self.to_window(a), self.to_window(b)) {
            let _ = t.set_selection_range(a, b);
        }
    }
}

/// Whether the textarea's selection was made backwards (its caret at its start).
fn made_backward(t: &HtmlTextAreaElement) -> bool {
    t.selection_direction().ok().flatten().as_deref() == Some("backward")
}

/// Whether two texts are equal, at once when they are the same string (an 8 MiB text is
/// compared on every render otherwise).
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || a == b
}

/// The top of line `l`, less the padding (px).
fn px(l: usize) -> i32 {
    i32::try_from(l)
        .unwrap_or(i32::MAX / LINE_PX)
        .saturating_mul(LINE_PX)
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// The view's height: the scroller's, at most the window's (a scroller without the page's
/// style would otherwise be as tall as the whole text).
fn view_height(s: &HtmlElement) -> i32 {
    let window = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .map_or(2000, |h| h as i32);
    s.client_height().min(window)
}

/// What the handlers share.
struct Ctx {
    m: RefCell<Model>,
    textarea: NodeRef,
    scroller: NodeRef,
    find_input: NodeRef,
    on_change: RefCell<Callback<String>>,
    on_apply: RefCell<Callback<()>>,
    redraw: RefCell<Option<Callback<()>>>,
    /// The text changed since the page last heard of it.
    dirty: Cell<bool>,
    timer: RefCell<Option<Timeout>>,
    me: RefCell<Weak<Ctx>>,
    /// The API's field docs: hover, F1, completion, unknown fields (components/field_docs.rs).
    assist: Rc<Assist>,
}

impl Ctx {
    fn textarea(&self) -> Option<HtmlTextAreaElement> {
        self.textarea.cast::<HtmlTextAreaElement>()
    }

    fn scroller(&self) -> Option<HtmlElement> {
        self.scroller.cast::<HtmlElement>()
    }

    fn redraw(&self) {
        let cb = self.redraw.borrow().clone();
        if let Some(cb) = cb {
            cb.emit(());
        }
    }

    fn redraw_cb(&self) -> Callback<()> {
        self.redraw.borrow().clone().unwrap_or_default()
    }

    /// The whole text, read when called (for the field docs' timers).
    fn text_reader(&self) -> Rc<dyn Fn() -> String> {
        let me = self.me.borrow().clone();
        Rc::new(move || {
            me.upgrade()
                .map(|c| c.m.borrow().doc.text().to_string())
                .unwrap_or_default()
        })
    }

    /// The text changed: draw, and tell the page once typing pauses.
    fn changed(&self) {
        self.dirty.set(true);
        let me = self.me.borrow().clone();
        // Replacing the timer cancels the previous one.
        *self.timer.borrow_mut() = Some(Timeout::new(EMIT_DELAY_MS, move || {
            if let Some(c) = me.upgrade() {
                c.flush();
            }
        }));
        self.redraw();
    }

    /// Tells the page the text now, if it changed.
    fn flush(&self) {
        if self.dirty.take() {
            let text = self.m.borrow().doc.text().to_string();
            let cb = self.on_change.borrow().clone();
            cb.emit(text);
        }
    }

    /// Apply: the page hears of the text first, and applies once it has it (after its render).
    fn apply(&self) {
        self.flush();
        let me = self.me.borrow().clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(c) = me.upgrade() {
                let cb = c.on_apply.borrow().clone();
                cb.emit(());
            }
        });
    }

    fn on_scroll(&self) {
        let (Some(t), Some(s)) = (self.textarea(), self.scroller()) else {
            return;
        };
        let redraw = {
            let mut m = self.m.borrow_mut();
            m.scroll_top = s.scroll_top();
            m.view_height = view_height(&s);
            m.ensure(&t, false)
        };
        if redraw {
            self.redraw();
        }
    }

    fn on_input(&self, e: &InputEvent) {
        let Some(t) = self.textarea() else {
            return;
        };
        {
            let mut m = self.m.borrow_mut();
            let value = t.value();
            m.composing = e.is_composing();
            if !std::mem::take(&mut m.native) && !e.is_trusted() {
                // A script set the textarea's value (tests, autofill): the whole text.
                let len = m.doc.text().len();
                m.doc.replace(0, len, &normalize(&value), Some(now()));
                m.w0 = 0;
                m.w1 = m.doc.lines();
                m.parked = None;
            } else {
                // A native edit of the window: find what changed (the caret bounds the
                // unchanged end, so typing "a" after "a" is placed at the caret).
                let base = m.win_start();
                let old = m.win_text();
                let caret = byte_at_utf16(
                    &value,
                    t.selection_end().ok().flatten().unwrap_or(0) as usize,
                );
                let (o, v) = (old.as_bytes(), value.as_bytes());
                let mut p = o.iter().zip(v).take_while(|(a, b)| a == b).count();
                let mut s = o
                    .iter()
                    .rev()
                    .zip(v.iter().rev())
                    .take_while(|(a, b)| a == b)
                    .count()
                    .min(v.len().saturating_sub(caret));
                p = p.min(o.len().min(v.len()) - s);
                while !old.is_char_boundary(p) || !value.is_char_boundary(p) {
                    p -= 1;
                }
                s = s.min(o.len() - p).min(v.len() - p);
                while !old.is_char_boundary(o.len() - s) || !value.is_char_boundary(v.len() - s) {
                    s -= 1;
                }
                let removed_lines = old[p..o.len() - s].matches('\n').count();
                let inserted = value[p..v.len() - s].to_string();
                let added_lines = inserted.matches('\n').count();
                let len = o.len() - s - p;
                m.doc.replace(base + p, len, &inserted, Some(now()));
                m.w1 = (m.w1 + added_lines)
                    .saturating_sub(removed_lines)
                    .max(m.w0 + 1);
            }
            m.ensure(&t, false);
            m.find_refresh();
            let caret = m.selection(&t).1;
            self.assist
                .on_input(m.doc.text(), self.text_reader(), caret, &self.redraw_cb());
        }
        self.changed();
    }

    fn on_before_input(&self, e: &web_sys::InputEvent) {
        let kind = e.input_type();
        if kind == "historyUndo" || kind == "historyRedo" {
            e.prevent_default();
            self.history(kind == "historyRedo");
            return;
        }
        self.m.borrow_mut().native = true;
    }

    fn on_paste(&self, e: &web_sys::ClipboardEvent) {
        let (Some(t), Some(data)) = (self.textarea(), e.clipboard_data()) else {
            return;
        };
        let Ok(text) = data.get_data("text/plain") else {
            return;
        };
        e.prevent_default();
        {
            let mut m = self.m.borrow_mut();
            let (a, b) = m.selection(&t);
            let text = normalize(&text);
            m.doc.replace(a, b - a, &text, Some(now()));
            let caret = a + text.len();
            m.parked = None;
            m.select(&t, self.scroller(), (caret, caret));
            m.find_refresh();
        }
        self.changed();
    }

    fn history(&self, redo: bool) {
        let Some(t) = self.textarea() else {
            return;
        };
        {
            let mut m = self.m.borrow_mut();
            let sel = if redo { m.doc.redo() } else { m.doc.undo() };
            let Some(sel) = sel else {
                return;
            };
            m.parked = None;
            m.select(&t, self.scroller(), sel);
            m.find_refresh();
        }
        self.changed();
    }

    fn on_keydown(&self, e: &KeyboardEvent) {
        let key = e.key();
        let cmd = e.ctrl_key() || e.meta_key();
        let Some(t) = self.textarea() else {
            return;
        };
        let action = {
            let m = self.m.borrow();
            let caret = m.selection(&t).1;
            self.assist
                .on_keydown(e, m.doc.text(), caret, &self.redraw_cb())
        };
        match action {
            KeyAction::Pass => {}
            KeyAction::Handled => {
                // Escape that closed a completion list or a tip still means "the next Tab
                // leaves the editor" (keyboard users must never be trapped in it).
                if key == "Escape" {
                    self.m.borrow_mut().tab_leaves = true;
                }
                // The light build may be handing over: the page has the text first.
                #[cfg(not(feature = "full"))]
                self.flush();
                return;
            }
            KeyAction::Insert(a, b, text) => {
                self.unpark(&t);
                self.insert(&t, a, b, &text, None);
                return;
            }
        }
        let tab_leaves = std::mem::take(&mut self.m.borrow_mut().tab_leaves);
        match key.as_str() {
            "Enter" if cmd => {
                e.prevent_default();
                self.apply();
                return;
            }
            "Escape" => {
                self.m.borrow_mut().tab_leaves = true;
                return;
            }
            "Tab" if !cmd && !e.alt_key() && !tab_leaves => {
                e.prevent_default();
                self.unpark(&t);
                self.indent(&t, e.shift_key());
                return;
            }
            "z" | "Z" if cmd => {
                e.prevent_default();
                self.history(e.shift_key());
                return;
            }
            "y" | "Y" if cmd && !e.meta_key() => {
                e.prevent_default();
                self.history(true);
                return;
            }
            "f" | "F" if cmd => {
                e.prevent_default();
                self.open_find(&t);
                return;
            }
            "a" | "A" if cmd => {
                // The whole text in the textarea, then the browser selects it.
                let mut m = self.m.borrow_mut();
                m.parked = None;
                if m.w0 > 0 || m.w1 < m.doc.lines() {
                    m.w0 = 0;
                    m.w1 = m.doc.lines();
                    m.fill(&t, None);
                    drop(m);
                    // The textarea's place and height follow, or it holds the whole text
                    // where the window was (a caret moved there then is drawn out of place).
                    self.redraw();
                }
                return;
            }
            "PageDown" | "PageUp" if !cmd && !e.alt_key() => {
                e.prevent_default();
                self.page(&t, key == "PageDown", e.shift_key());
                return;
            }
            "Home" | "End" if cmd && !e.shift_key() => {
                e.prevent_default();
                let mut m = self.m.borrow_mut();
                let at = if key == "Home" { 0 } else { m.doc.text().len() };
                m.parked = None;
                m.select(&t, self.scroller(), (at, at));
                drop(m);
                self.redraw();
                return;
            }
            "Home" | "End" if cmd => {
                // Shift+Ctrl+Home/End: the window first reaches the text's start or end (with
                // the selection; a cost in proportion to the lines it gains, as Ctrl+A's), then
                // the browser extends the selection there.
                let mut m = self.m.borrow_mut();
                let sel = m.selection(&t);
                let n = m.doc.lines();
                let (s0, s1) = (m.doc.line_of(sel.0), m.doc.line_of(sel.1));
                let (w0, w1) = if key == "Home" {
                    (0, m.w1.max(s1 + 1).min(n))
                } else {
                    (m.w0.min(s0), n)
                };
                m.parked = None;
                if (w0, w1) != (m.w0, m.w1) {
                    m.w0 = w0;
                    m.w1 = w1;
                    m.fill(&t, Some(sel));
                } else {
                    m.fill_selection(&t, sel);
                }
                drop(m);
                self.redraw();
                return;
            }
            "Shift" | "Control" | "Alt" | "Meta" | "CapsLock" => return,
            _ => {}
        }
        self.unpark(&t);
    }

    /// PageDown / PageUp: the caret a page of lines down or up at its column (to the text's end
    /// or start from its last or first page), the view as far; with Shift the selection
    /// extends there. The browser's own does nothing: the textarea does not scroll (the
    /// window is as tall as its text).
    fn page(&self, t: &HtmlTextAreaElement, down: bool, extend: bool) {
        let Some(s) = self.scroller() else {
            return;
        };
        {
            let mut m = self.m.borrow_mut();
            let (a, b) = m.selection(t);
            let back = if m.parked.is_some() {
                m.backward
            } else {
                made_backward(t)
            };
            let (anchor, focus) = if back { (b, a) } else { (a, b) };
            let rows = usize::try_from(m.view_height / LINE_PX - 1)
                .unwrap_or(0)
                .max(1);
            let (l, last) = (m.doc.line_of(focus), m.doc.lines() - 1);
            // The column as the textarea counts it (UTF-16 units).
            let col = utf16_len(&m.doc.text()[m.doc.line_start(l)..focus]);
            let to = match (down, l.checked_sub(rows)) {
                (true, _) if l + rows > last => m.doc.text().len(),
                (false, None) => 0,
                (true, _) | (false, Some(_)) => {
                    let l = if down { l + rows } else { l - rows };
                    m.doc.line_start(l) + byte_at_utf16(m.doc.line(l), col)
                }
            };
            let sel = if extend {
                (anchor.min(to), anchor.max(to))
            } else {
                (to, to)
            };
            // The view moves by as many lines, then shows the caret if it is not in view.
            let by = px(rows);
            s.set_scroll_top(s.scroll_top() + if down { by } else { -by });
            m.scroll_top = s.scroll_top();
            let top = m.reveal(to);
            s.set_scroll_top(top);
            m.scroll_top = s.scroll_top();
            m.backward = extend && to < anchor;
            m.parked = Some(sel);
            m.ensure(t, true);
            m.parked = None;
            m.hold(t, sel);
            if let (Some(x), Some(y)) = (m.to_window(sel.0), m.to_window(sel.1)) {
                let dir = if m.backward { "backward" } else { "forward" };
                let _ = t.set_selection_range_with_direction(x, y, dir);
            }
        }
        self.redraw();
    }

    /// Brings a selection the view moved away from back (a key pressed acts on it).
    fn unpark(&self, t: &HtmlTextAreaElement) {
        let parked = self.m.borrow().parked;
        if let Some(sel) = parked {
            self.m.borrow_mut().select(t, self.scroller(), sel);
            self.redraw();
        }
    }

    /// Tab / Shift+Tab: two spaces at the caret, or the selected lines indented / dedented,
    /// through the browser's own editing (`insertText`, one input like a keystroke).
    fn indent(&self, t: &HtmlTextAreaElement, out: bool) {
        let (plan, select) = {
            let m = self.m.borrow();
            let (a, b) = m.selection(t);
            let (l0, mut l1) = (m.doc.line_of(a), m.doc.line_of(b));
            if l1 > l0 && b == m.doc.line_start(l1) {
                l1 -= 1;
            }
            if !out && l0 == l1 && !m.doc.text()[a..b].contains('\n') && a == b {
                ((a, b, "  ".to_string()), None)
            } else {
                let (start, end) = (m.doc.line_start(l0), m.doc.line_end(l1));
                let block: Vec<String> = m.doc.text()[start..end]
                    .split('\n')
                    .map(|l| {
                        if out {
                            let cut = l.len() - l.trim_start_matches(' ').len();
                            l[cut.min(2)..].to_string()
                        } else {
                            format!("  {l}")
                        }
                    })
                    .collect();
                let block = block.join("\n");
                let len = block.len();
                ((start, end, block), Some((start, start + len)))
            }
        };
        let (a, b, text) = plan;
        self.insert(t, a, b, &text, select);
    }

    /// Replaces bytes `a..b` with `text` through the browser's own editing (`insertText`, one
    /// input like a keystroke), then selects `select` if given.
    fn insert(
        &self,
        t: &HtmlTextAreaElement,
        a: usize,
        b: usize,
        text: &str,
        select: Option<(usize, usize)>,
    ) {
        {
            let m = self.m.borrow();
            m.fill_selection(t, (a, b));
        }
        self.m.borrow_mut().native = true;
        let done = t
            .owner_document()
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
            .and_then(|d| {
                d.exec_command_with_show_ui_and_value("insertText", false, text)
                    .ok()
            })
            .unwrap_or(false);
        if !done {
            // No execCommand: edit the text directly (still one undo step).
            let mut m = self.m.borrow_mut();
            m.native = false;
            m.doc.replace(a, b - a, text, Some(now()));
            let caret = a + text.len();
            m.select(t, self.scroller(), (caret, caret));
            drop(m);
            self.changed();
        }
        if let Some(sel) = select {
            self.m.borrow().fill_selection(t, sel);
        }
    }

    fn open_find(&self, t: &HtmlTextAreaElement) {
        {
            let mut m = self.m.borrow_mut();
            let (a, b) = m.selection(t);
            let picked = m.doc.text()[a..b].to_string();
            let find = m.find.get_or_insert_with(Find::default);
            if !picked.is_empty() && !picked.contains('\n') && picked.len() <= 200 {
                find.needle = picked;
            }
            m.focus_find = true;
            m.find_refresh();
        }
        self.redraw();
    }

    fn find_step(&self, forward: bool) {
        let Some(t) = self.textarea() else {
            return;
        };
        {
            let mut m = self.m.borrow_mut();
            let Some(f) = &m.find else {
                return;
            };
            let from = match f.hit {
                Some((a, b)) => {
                    if forward {
                        b
                    } else {
                        a
                    }
                }
                None => m.selection(&t).0,
            };
            let needle = f.needle.clone();
            let hit = m.doc.find(&needle, from, forward);
            if let Some(f) = &mut m.find {
                f.hit = hit;
            }
            m.find_count();
            if let Some(hit) = hit {
                m.select(&t, self.scroller(), hit);
            }
        }
        self.redraw();
    }

    fn find_typed(&self, needle: String) {
        let Some(t) = self.textarea() else {
            return;
        };
        {
            let mut m = self.m.borrow_mut();
            let from = m
                .find
                .as_ref()
                .and_then(|f| f.hit)
                .map_or_else(|| m.selection(&t).0, |h| h.0);
            let hit = m.doc.find(&needle, from, true);
            if let Some(f) = &mut m.find {
                f.needle = needle;
                f.hit = hit;
            }
            m.find_count();
            if let Some(hit) = hit {
                m.select(&t, self.scroller(), hit);
            }
        }
        self.redraw();
    }

    fn close_find(&self) {
        self.m.borrow_mut().find = None;
        if let Some(t) = self.textarea() {
            let _ = t.focus();
        }
        self.redraw();
    }

    #[cfg(feature = "full")]
    /// The light editor's caret handed over (bytes): the caret there, the text focused, and
    /// what was asked done there (the field's docs, or completion).
    fn resume(&self, t: &HtmlTextAreaElement, at: usize, asked: Resume) {
        // Focused first: the browser brings a focused textarea into view, which would undo
        // the scrolling below.
        let _ = t.focus();
        let (text, at) = {
            let mut m = self.m.borrow_mut();
            let text = m.doc.text().to_string();
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            m.parked = None;
            m.select(t, self.scroller(), (at, at));
            // The docs open below the caret's line: a line in the lower half of the view goes
            // to its upper third, so they are not cut off by the editor's bottom edge.
            let top = px(m.doc.line_of(at)) + PAD_PX;
            if top > m.scroll_top + m.view_height / 2 {
                if let Some(s) = self.scroller() {
                    m.scroll_top = (top - m.view_height / 3).max(0);
                    s.set_scroll_top(m.scroll_top);
                    m.scroll_top = s.scroll_top();
                    m.ensure(t, false);
                }
            }
            (text, at)
        };
        self.assist.resume(&text, at, asked, &self.redraw_cb());
        self.redraw();
    }

    /// Goes to 1-based (line, column) and focuses the text.
    fn goto(&self, line: u32, column: u32) {
        let Some(t) = self.textarea() else {
            return;
        };
        {
            let mut m = self.m.borrow_mut();
            let l = (line.max(1) - 1) as usize;
            let l = l.min(m.doc.lines() - 1);
            let text = m.doc.line(l);
            let col: usize = text
                .char_indices()
                .nth(column.saturating_sub(1) as usize)
                .map_or(text.len(), |(i, _)| i);
            let at = m.doc.line_start(l) + col;
            let _ = t.focus();
            m.parked = None;
            m.select(&t, self.scroller(), (at, at));
        }
        self.redraw();
    }
}

impl Model {
    /// Recounts the find bar's matches after the text or the needle changed.
    fn find_refresh(&mut self) {
        if let Some(f) = &mut self.find {
            // The match may have moved or gone: find again from where it was.
            f.hit = f.hit.and_then(|h| self.doc.find(&f.needle, h.0, true));
        }
        self.find_count();
    }

    fn find_count(&mut self) {
        if let Some(f) = &mut self.find {
            let before = f.hit.map_or(0, |h| h.0);
            let (total, earlier) = self.doc.count(&f.needle, before, COUNT_CAP);
            f.total = total;
            f.index = if f.hit.is_some() { earlier + 1 } else { 0 };
        }
    }
}

/// The editor panel.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let ctx = {
        let text = props.text.clone();
        use_memo((), move |_| Ctx {
            m: RefCell::new(Model::new(&text)),
            textarea: NodeRef::default(),
            scroller: NodeRef::default(),
            find_input: NodeRef::default(),
            on_change: RefCell::new(Callback::noop()),
            on_apply: RefCell::new(Callback::noop()),
            redraw: RefCell::new(None),
            dirty: Cell::new(false),
            timer: RefCell::new(None),
            me: RefCell::new(Weak::new()),
            assist: Rc::new(Assist::default()),
        })
    };
    *ctx.me.borrow_mut() = Rc::downgrade(&ctx);
    field_docs::register(&ctx.assist);
    #[cfg(not(feature = "full"))]
    ctx.assist.set_hand_over(props.on_hand_over.clone());
    let update = use_force_update();
    *ctx.on_change.borrow_mut() = props.on_change.clone();
    *ctx.on_apply.borrow_mut() = props.on_apply.clone();
    *ctx.redraw.borrow_mut() = Some(Callback::from(move |_| update.force_update()));

    // The page changed the text (an example, a reset): take it.
    {
        let mut m = ctx.m.borrow_mut();
        if !same_text(&props.text, &m.seen) {
            m.seen = props.text.clone();
            if *props.text != *m.doc.text() && *normalize(&props.text) != *m.doc.text() {
                // The page's text wins over keystrokes it has not heard of yet (they stay in
                // the undo history).
                ctx.dirty.set(false);
                let len = m.doc.text().len();
                m.doc.replace(0, len, &normalize(&props.text), Some(now()));
                m.w0 = 0;
                m.w1 = 0;
                m.parked = None;
                if let Some(t) = ctx.textarea() {
                    m.ensure(&t, true);
                    let _ = t.set_selection_range(0, 0);
                }
                if let Some(s) = ctx.scroller() {
                    s.set_scroll_top(0);
                }
                m.scroll_top = 0;
                m.find_refresh();
            }
        }
    }

    // After the first render: the window into the textarea, the listeners Yew has no
    // attribute for (`beforeinput`, and `paste` without passive listening), the view's size.
    {
        let ctx = ctx.clone();
        #[cfg(feature = "full")]
        let resume = props.resume;
        use_effect_with((), move |_| {
            let mut listeners = Vec::new();
            if let (Some(t), Some(s)) = (ctx.textarea(), ctx.scroller()) {
                {
                    let mut m = ctx.m.borrow_mut();
                    m.view_height = view_height(&s);
                    m.ensure(&t, true);
                    let _ = t.set_selection_range(0, 0);
                }
                ctx.redraw();
                #[cfg(feature = "full")]
                if let Some((at, asked)) = resume {
                    ctx.resume(&t, at, asked);
                }
                let opts = EventListenerOptions::enable_prevent_default();
                let c = ctx.clone();
                listeners.push(EventListener::new_with_options(
                    &t,
                    "beforeinput",
                    opts,
                    move |e| {
                        if let Some(e) = e.dyn_ref::<web_sys::InputEvent>() {
                            c.on_before_input(e);
                        }
                    },
                ));
                let c = ctx.clone();
                listeners.push(EventListener::new_with_options(
                    &t,
                    "paste",
                    opts,
                    move |e| {
                        if let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() {
                            c.on_paste(e);
                        }
                    },
                ));
                let c = ctx.clone();
                listeners.push(EventListener::new(&t, "mousedown", move |_| {
                    c.m.borrow_mut().parked = None;
                }));
                if let Some(w) = web_sys::window() {
                    let c = ctx.clone();
                    listeners.push(EventListener::new(&w, "resize", move |_| c.on_scroll()));
                    // Before the page saves (its listeners run in the bubbling phase).
                    let capture = EventListenerOptions::run_in_capture_phase();
                    for event in ["pagehide", "visibilitychange"] {
                        let c = ctx.clone();
                        listeners.push(EventListener::new_with_options(
                            &w,
                            event,
                            capture,
                            move |_| c.flush(),
                        ));
                    }
                }
            }
            move || drop(listeners)
        });
    }
    // Focus the find field when the bar opens.
    {
        let ctx = ctx.clone();
        use_effect(move || {
            if std::mem::take(&mut ctx.m.borrow_mut().focus_find) {
                if let Some(i) = ctx.find_input.cast::<HtmlInputElement>() {
                    let _ = i.focus();
                    i.select();
                }
            }
        });
    }

    let applied: &[LocatedError] = match &props.outcome {
        Some(Outcome::Applied(r)) => &r.errors,
        _ => &[],
    };
    // The last Apply's errors, and the unknown fields found since typing paused.
    let live = ctx.assist.unknown();
    let errors = applied
        .iter()
        .chain(live.iter().filter(|e| !applied.contains(e)));

    let onscroll = {
        let ctx = ctx.clone();
        Callback::from(move |_: Event| ctx.on_scroll())
    };
    let oninput = {
        let ctx = ctx.clone();
        Callback::from(move |e: InputEvent| ctx.on_input(&e))
    };
    let onkeydown = {
        let ctx = ctx.clone();
        Callback::from(move |e: KeyboardEvent| ctx.on_keydown(&e))
    };
    let onmousemove = {
        let ctx = ctx.clone();
        Callback::from(move |e: MouseEvent| {
            let w0 = ctx.m.borrow().w0;
            ctx.assist
                .on_mouse(&e, w0, &ctx.text_reader(), &ctx.redraw_cb());
        })
    };
    let onmouseleave = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.assist.on_mouse_leave(&ctx.redraw_cb()))
    };
    // Leaving the editor (a click on a tools button, which may hand the page over to the full
    // build) tells the page the text at once, not after the typing pause.
    let onblur = {
        let ctx = ctx.clone();
        Callback::from(move |_: FocusEvent| ctx.flush())
    };
    let onapply = {
        let ctx = ctx.clone();
        Callback::from(move |_: MouseEvent| ctx.apply())
    };
    let onexample = {
        let cb = props.on_example.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Ok(i) = usize::from_str(&s.value()) {
                    cb.emit(i);
                }
                s.set_value("");
            }
        })
    };
    // The same callback every render, so a keystroke does not redraw the error list.
    let on_goto = {
        let ctx = ctx.clone();
        use_callback((), move |(line, column): (u32, u32), _| {
            ctx.goto(line, column)
        })
    };

    let mut m = ctx.m.borrow_mut();
    let n = m.doc.lines();
    let (r0, r1) = (m.r0.min(n), m.r1.min(n));
    let (w0, w1) = (m.w0, m.w1.max(m.w0 + 1));
    let widest = m.doc.widest().min(100_000);
    let sizer_style = m.sizer_style();
    let hit = m.find.as_ref().and_then(|f| f.hit);
    // Errors located in the editor's file, by line (drawn lines only).
    let mut marks: Vec<(usize, usize, usize, String)> = Vec::new();
    for e in errors {
        let l = (e.location.line as usize).wrapping_sub(1);
        if (e.location.file == EDITOR_FILE || e.location.file.is_empty()) && l < n {
            let text = m.doc.line(l);
            let col = text
                .char_indices()
                .nth(e.location.column.saturating_sub(1) as usize)
                .map_or(text.len(), |(i, _)| i);
            // Underline from the column to the end of its word (one character at least).
            let end = text[col..]
                .char_indices()
                .skip(1)
                .find(|&(_, c)| c == ' ')
                .map_or(text.len(), |(i, _)| col + i);
            marks.push((
                l,
                col,
                end,
                format!("{}:{}: {}", e.location.line, e.location.column, e.message),
            ));
        }
    }
    // One component per drawn line, keyed by the line's id: a keystroke renders the lines it
    // changed, and a line break typed or deleted moves the lines below (it drew each again).
    let mut lines = Vec::with_capacity(r1 - r0);
    for l in r0..r1 {
        let start = m.doc.line_start(l);
        let len = m.doc.line(l).len();
        let mut line_marks: Vec<(usize, usize, bool)> = marks
            .iter()
            .filter(|k| k.0 == l)
            .map(|k| (k.1, k.2, true))
            .collect();
        if let Some((a, b)) = hit.filter(|&(a, b)| b >= start && a <= start + len) {
            line_marks.push((a.saturating_sub(start), b - start, false));
        }
        let block = m.doc.state(l);
        let text = AttrValue::from(m.doc.line(l).to_string());
        let key = m.doc.line_id(l);
        lines.push(html! { <Line {key} {text} {block} marks={line_marks} /> });
    }
    let errs: Vec<(usize, AttrValue)> = marks
        .iter()
        .filter(|k| (r0..r1).contains(&k.0))
        .map(|k| (k.0, AttrValue::from(k.3.clone())))
        .collect();
    // The text layer's visible part, for the field docs' popups: scrolled by, wide (px). Read
    // only when a popup is drawn: reading it lays the page out (a render of the editor, e.g.
    // after Apply, would lay out the whole page, a 5,000-node overview included).
    let popup_view = || {
        ctx.scroller().map_or((0, 400), |s| {
            let gutter = s
                .query_selector(".gutter")
                .ok()
                .flatten()
                .and_then(|g| g.dyn_into::<HtmlElement>().ok())
                .map_or(0, |g| g.offset_width());
            (s.scroll_left(), s.client_width() - gutter)
        })
    };
    let find_bar = m.find.as_ref().map(|f| {
        let count = match (f.total, f.index) {
            (0, _) if f.needle.is_empty() => String::new(),
            (0, _) => "no matches".to_string(),
            (t, i) => format!("{i} of {t}{}", if t >= COUNT_CAP { "+" } else { "" }),
        };
        let oninput = {
            let ctx = ctx.clone();
            Callback::from(move |e: InputEvent| {
                if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                    ctx.find_typed(i.value());
                }
            })
        };
        let onkeydown = {
            let ctx = ctx.clone();
            Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    ctx.find_step(!e.shift_key());
                }
                "Escape" => {
                    e.prevent_default();
                    ctx.close_find();
                }
                "f" | "F" if e.ctrl_key() || e.meta_key() => {
                    e.prevent_default();
                    if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                        i.select();
                    }
                }
                _ => {}
            })
        };
        let step = |forward: bool| {
            let ctx = ctx.clone();
            Callback::from(move |_: MouseEvent| ctx.find_step(forward))
        };
        let close = {
            let ctx = ctx.clone();
            Callback::from(move |_: MouseEvent| ctx.close_find())
        };
        html! {
            <div class="find-bar" role="search">
                <input type="search" ref={ctx.find_input.clone()} aria-label="Find in manifest"
                    placeholder="Find" value={f.needle.clone()} {oninput} {onkeydown} />
                <span class="find-count" role="status">{ count }</span>
                <button type="button" aria-label="Previous match" title="Previous match (Shift+Enter)" onclick={step(false)}>{ "↑" }</button>
                <button type="button" aria-label="Next match" title="Next match (Enter)" onclick={step(true)}>{ "↓" }</button>
                <button type="button" aria-label="Close find" title="Close (Escape)" onclick={close}>{ "×" }</button>
            </div>
        }
    });
    drop(m);

    html! {
        <section class="panel editor-panel" aria-labelledby="editor-title">
            <div class="panel-head">
                <h2 id="editor-title">{ "Manifest" }</h2>
                <label class="examples">
                    <span>{ "Examples" }</span>
                    <select onchange={onexample} aria-label="Examples">
                        <option value="" selected=true>{ "Load an example…" }</option>
                        for (i, ex) in EXAMPLES.iter().enumerate() {
                            <option value={i.to_string()}>{ ex.title }</option>
                        }
                    </select>
                </label>
            </div>
            <label for="yaml-editor" class="editor-label">{ "DaemonSet YAML" }</label>
            <div class="editor">
                { for find_bar }
                <div class="editor-scroll" ref={ctx.scroller.clone()} {onscroll}>
                    <div class="editor-sizer" style={sizer_style}>
                        <div class="gutter" aria-hidden="true">
                            <div class="gutter-lines" style={format!("top:{}px", px(r0))}>
                                <Numbers from={r0} to={r1} {errs} />
                            </div>
                        </div>
                        <div class="code" style={format!("width:calc({widest}ch + 24px)")}>
                            <pre class="highlight" aria-hidden="true" style={format!("top:{}px", px(r0))}>
                                { for lines }
                            </pre>
                            <textarea
                                id="yaml-editor"
                                ref={ctx.textarea.clone()}
                                spellcheck="false"
                                autocapitalize="off"
                                autocomplete="off"
                                wrap="off"
                                aria-describedby="editor-keys"
                                style={format!("top:{}px;height:{}px", px(w0), px(w1 - w0) + 2 * PAD_PX)}
                                {oninput}
                                {onkeydown}
                                {onmousemove}
                                {onmouseleave}
                                {onblur}
                            />
                            { ctx.assist.view(popup_view) }
                        </div>
                    </div>
                </div>
            </div>
            <div class="editor-actions">
                <button type="button" class="primary" onclick={onapply}>{ "Apply" }</button>
                <span class="hint" id="editor-keys">{ "Ctrl+Enter applies · Ctrl+F finds · F1 explains a field · Tab indents (Esc, Tab leaves)" }</span>
            </div>
            // Focusable: a long report scrolls (max-height), and keyboard users scroll it too
            // (axe: scrollable-region-focusable).
            <div class="apply-output" role="status" aria-live="polite" tabindex="0">
                {
                    match &props.outcome {
                        Some(Outcome::Applied(report)) => html! {
                            <>
                                for a in report.applied.iter() {
                                    <div class="out ok">{ &a.line }</div>
                                }
                                for n in report.not_simulated.iter() {
                                    <div class="out skip">{ n }</div>
                                }
                                <ErrorPanel errors={report.errors.clone()} source={props.text.clone()} on_goto={on_goto.clone()} />
                                if report.applied.is_empty() && report.errors.is_empty() && report.not_simulated.is_empty() {
                                    <div class="out skip">{ "nothing to apply" }</div>
                                }
                            </>
                        },
                        Some(Outcome::Refused(msg)) => html! {
                            <div class="out err">{ format!("Error from server: {msg}") }</div>
                        },
                        None => html! {},
                    }
                }
            </div>
        </section>
    }
}

/// Props of [`Line`].
#[derive(Properties, PartialEq)]
struct LineProps {
    text: AttrValue,
    /// The highlighter's state at the line's start.
    block: Option<usize>,
    /// Byte ranges to mark: an error's underline (`true`) or the find match.
    marks: Vec<(usize, usize, bool)>,
}

/// One drawn line: its tokens, cut where a mark starts and ends.
#[component]
fn Line(props: &LineProps) -> Html {
    let mut block = props.block;
    let mut toks = Vec::new();
    crate::highlight::highlight_line(&props.text, &mut block, &mut toks);
    let marks = &props.marks;
    let mut pieces: Vec<Html> = Vec::new();
    let mut at = 0;
    for (tok, s) in toks {
        let end = at + s.len();
        let mut from = at;
        // As u64s: the one compiled copy of the standard library's unstable sort that the
        // core's `sort_by_rank` uses too (one per element type and order).
        let mut inner: Vec<u64> = marks
            .iter()
            .flat_map(|m| [m.0, m.1])
            .filter(|&c| c > at && c < end)
            .map(|c| c as u64)
            .collect();
        inner.sort_unstable();
        inner.push(end as u64);
        for to in inner {
            let to = to as usize;
            if to <= from || !s.is_char_boundary(to - at) || !s.is_char_boundary(from - at) {
                continue;
            }
            let over = |error: bool| {
                marks
                    .iter()
                    .any(|m| m.2 == error && m.0 < to && from < m.1.max(m.0 + 1))
            };
            pieces.push(html! {
                <span class={classes!(tok.class(), over(true).then_some("squiggle"), over(false).then_some("find-hit"))}>{ &s[from - at..to - at] }</span>
            });
            from = to;
        }
        at = end;
    }
    // An error at the end of the line (or on an empty one): a mark after the text.
    if marks.iter().any(|m| m.2 && m.0 >= at) {
        pieces.push(html! { <span class="squiggle eol">{ " " }</span> });
    }
    html! { <span class="line">{ for pieces }{ "\n" }</span> }
}

/// Props of [`Numbers`].
#[derive(Properties, PartialEq)]
struct NumbersProps {
    from: usize,
    to: usize,
    /// Lines (0-based) with errors, and their messages.
    errs: Vec<(usize, AttrValue)>,
}

/// The line numbers of lines `from..to`, errors marked.
#[component]
fn Numbers(props: &NumbersProps) -> Html {
    (props.from..props.to)
        .map(|l| {
            let msgs: Vec<&str> = props
                .errs
                .iter()
                .filter(|e| e.0 == l)
                .map(|e| e.1.as_str())
                .collect();
            if msgs.is_empty() {
                html! { <div class="ln">{ l + 1 }</div> }
            } else {
                html! { <div class="ln err" title={msgs.join("\n")}>{ "●" }{ l + 1 }</div> }
            }
        })
        .collect()
}
