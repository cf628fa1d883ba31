//! **Share** (and Ctrl/Cmd+S): copies a link holding the whole run; opening the page with
//! `#v1=…` restores that run, keeping the reader's own saved run ("Restore"); `?manifest=URL`
//! loads a manifest into the editor and applies it. Format: docs/share-links.md.
//!
//! A link in the address as the page opens is read before the page mounts
//! ([`open_at_start`]): the page then builds only the link's cluster, never the default one
//! first.

use crate::app::SAVE_DELAY_MS;
use crate::examples::MONITORING_AGENT;
use crate::hooks::{storage_get, storage_remove, storage_set};
use crate::persist::{load_run, load_run_from, save_run_to, EDITOR_KEY, RUN_KEY};
use crate::share::{copy_text, decode, encode, fetch_manifest};
use crate::state::{RunLog, SimHandle};
use gloo::events::{EventListener, EventListenerOptions};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Where the reader's own run and editor text are kept while a link is open.
const KEPT_RUN_KEY: &str = "dsplay.kept.run";
/// See [`KEPT_RUN_KEY`].
const KEPT_EDITOR_KEY: &str = "dsplay.kept.editor";
/// The run and editor text of the last link opened: a saved run that is still only that
/// link's (time apart) is not the reader's work, and does not replace what is kept.
const OPENED_RUN_KEY: &str = "dsplay.opened.run";
/// See [`OPENED_RUN_KEY`].
const OPENED_EDITOR_KEY: &str = "dsplay.opened.editor";

#[wasm_bindgen(module = "/js/share_bar.js")]
extern "C" {
    #[wasm_bindgen(js_name = manifestParam)]
    fn manifest_param() -> Option<String>;
    #[wasm_bindgen(js_name = dropFragment)]
    fn drop_fragment();
    #[wasm_bindgen(js_name = afterFrame)]
    fn after_frame(f: JsValue, ms: u32);
}

/// The hash of the address when it may be a share link (`#crash-test` is not one).
fn link_hash() -> Option<String> {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok())?;
    (hash.len() >= 2 && hash != "#crash-test").then_some(hash)
}

/// A share link read as the page opened ([`open_at_start`]).
#[derive(Debug, PartialEq)]
pub struct Opening {
    /// The link's run and editor text, or why it could not be opened.
    pub result: Result<(RunLog, String), String>,
    /// The reader's own run was kept (or is still kept from before): offer Restore.
    pub kept: bool,
}

impl Opening {
    /// The run and editor text the page starts from, if the link opened.
    pub fn run(&self) -> Option<&(RunLog, String)> {
        self.result.as_ref().ok()
    }

    fn note(&self) -> Note {
        match &self.result {
            Ok(_) => opened_note(self.kept),
            Err(e) => Note::new("error", e.clone()),
        }
    }
}

/// Reads the share link in the address, if any, before the page mounts, and calls `mount`
/// with it (at once, with `None`, when there is none): the page then starts from the link's
/// run alone. The reader's saved run is kept first (as [`ShareBar`] keeps it for a link
/// opened later), and the link's editor text becomes the saved editor text. The link's run
/// is saved, and the fragment dropped from the address, once the page is drawn
/// ([`SAVE_DELAY_MS`] after its first frame: a 5,000-node run's JSON and two `localStorage`
/// writes of it are then not in the way of that frame); a reload before that opens the link
/// again.
pub fn open_at_start(mount: impl FnOnce(Option<Rc<Opening>>) + 'static) {
    let Some(hash) = link_hash() else {
        return mount(None);
    };
    decode(&hash, move |r| {
        let opening = match r {
            Ok(opened) => {
                // What the page would have shown: the saved run and editor text, if any.
                let current = load_run().map(|log| {
                    let editor =
                        storage_get(EDITOR_KEY).unwrap_or_else(|| MONITORING_AGENT.to_string());
                    (log, editor)
                });
                let kept = remember_opened(&opened, current);
                storage_set(EDITOR_KEY, &opened.1);
                Opening {
                    result: Ok(opened),
                    kept,
                }
            }
            Err(e) => Opening {
                result: Err(e.to_string()),
                kept: false,
            },
        };
        let opening = Rc::new(opening);
        mount(Some(opening.clone()));
        let save = Closure::once_into_js(move || {
            if let Some(opened) = opening.run() {
                save_opened(opened);
            }
            drop_fragment();
        });
        after_frame(save, SAVE_DELAY_MS);
    });
}

/// A link was opened over `current` (the reader's run and editor text, if the page showed
/// theirs): keeps that work; whether there is kept work to offer. The link's own run is
/// saved later ([`save_opened`]).
fn remember_opened(opened: &(RunLog, String), current: Option<(RunLog, String)>) -> bool {
    current.is_some_and(|c| keep_work(opened, &c)) || storage_get(KEPT_RUN_KEY).is_some()
}

/// Remembers the link opened, and saves its run as the page's run (written once, the page
/// does not save it again as it opens: `App`).
fn save_opened(opened: &(RunLog, String)) {
    save_run_to(&[OPENED_RUN_KEY, RUN_KEY], &opened.0);
    storage_set(OPENED_EDITOR_KEY, &opened.1);
}

fn opened_note(kept: bool) -> Note {
    let mut n = Note::new(
        "opened",
        "Opened a shared playground, paused: press Play to go on.",
    );
    n.restore = kept;
    n
}

/// Props of [`ShareBar`].
#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// The run to share.
    pub sim: SimHandle,
    /// The editor's text.
    pub editor: AttrValue,
    /// Replace the run and the editor text (a link opened, or the kept run restored).
    pub on_load: Callback<(RunLog, String)>,
    /// Put a manifest in the editor and apply it (`?manifest=`).
    pub on_manifest: Callback<String>,
    /// The link the page was opened with ([`open_at_start`]): what to say about it.
    #[prop_or_default]
    pub opening: Option<Rc<Opening>>,
}

/// What the popover says.
#[derive(Clone, Debug, PartialEq)]
struct Note {
    /// `data-kind`: `copied`, `ready`, `opened`, `error`, `restored`, `manifest`.
    kind: &'static str,
    text: String,
    /// The link, in a read-only field.
    link: Option<String>,
    /// Offer to restore the reader's kept run.
    restore: bool,
}

impl Note {
    fn new(kind: &'static str, text: impl Into<String>) -> Self {
        Note {
            kind,
            text: text.into(),
            link: None,
            restore: false,
        }
    }
}

/// Keeps `current` (the reader's run and editor text) when a link is opened, unless it is
/// the same work as the link or only the last link opened; whether it was kept.
fn keep_work(opened: &(RunLog, String), current: &(RunLog, String)) -> bool {
    let last_opened = load_run_from(OPENED_RUN_KEY)
        .map(|l| (l, storage_get(OPENED_EDITOR_KEY).unwrap_or_default()));
    if current == opened || last_opened.is_some_and(|o| o == *current) {
        return false;
    }
    save_run_to(&[KEPT_RUN_KEY], &current.0);
    storage_set(KEPT_EDITOR_KEY, &current.1);
    true
}

/// The Share button and its popover.
#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let note = use_state(|| props.opening.as_ref().map(|o| o.note()));
    let latest = use_mut_ref(|| (props.sim.clone(), props.editor.clone()));
    *latest.borrow_mut() = (props.sim.clone(), props.editor.clone());

    // Shares the run and editor text as they are now (`latest`).
    let share = {
        let note = note.setter();
        let latest = latest.clone();
        Rc::new(move || {
            let (log, editor) = {
                let (sim, editor) = &*latest.borrow();
                (sim.with(RunLog::of), editor.clone())
            };
            let note = note.clone();
            encode(&log, &editor, move |fragment| {
                let Some(fragment) = fragment else {
                    note.set(Some(Note::new(
                        "error",
                        "This browser cannot compress a link (it has no CompressionStream).",
                    )));
                    return;
                };
                let location = web_sys::window().map(|w| w.location());
                let base = location
                    .and_then(|l| Some(l.origin().ok()? + &l.pathname().ok()?))
                    .unwrap_or_default();
                let link = format!("{base}{fragment}");
                copy_text(&link.clone(), move |copied| {
                    let mut n = if copied {
                        Note::new(
                            "copied",
                            format!("Link copied to the clipboard ({} characters).", link.len()),
                        )
                    } else {
                        Note::new(
                            "ready",
                            "Copy this link (the browser did not allow the clipboard):",
                        )
                    };
                    n.link = Some(link);
                    note.set(Some(n));
                });
            });
        })
    };

    // Opens a link pasted into the address bar of the open page (the page's own run, shown,
    // is the reader's work, to keep).
    let open_link = {
        let note = note.setter();
        let on_load = props.on_load.clone();
        let latest = latest.clone();
        Rc::new(move || {
            let Some(hash) = link_hash() else {
                return;
            };
            drop_fragment();
            let current = {
                let (sim, editor) = &*latest.borrow();
                (sim.with(RunLog::of), editor.to_string())
            };
            let (note, on_load) = (note.clone(), on_load.clone());
            decode(&hash, move |r| match r {
                Ok(opened) => {
                    let kept = remember_opened(&opened, Some(current));
                    save_opened(&opened);
                    on_load.emit(opened);
                    note.set(Some(opened_note(kept)));
                }
                Err(e) => note.set(Some(Note::new("error", e.to_string()))),
            });
        })
    };

    // On opening: a manifest in `?manifest=` (a link in the fragment was read before the page
    // mounted); later, a link pasted into the address bar (`hashchange`), and Ctrl+S /
    // Cmd+S, which shares (instead of saving the page).
    {
        let note = note.setter();
        let on_manifest = props.on_manifest.clone();
        let share = share.clone();
        use_effect_with((), move |_| {
            if let Some(url) = manifest_param().filter(|m| !m.is_empty()) {
                fetch_manifest(&url.clone(), move |r| {
                    note.set(Some(manifest_note(&url, r, &on_manifest)));
                });
            }
            let listeners = web_sys::window().map(|w| {
                let keys = EventListener::new_with_options(
                    &w,
                    "keydown",
                    EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                            return;
                        };
                        if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("s") {
                            e.prevent_default();
                            share();
                        }
                    },
                );
                let hash = EventListener::new(&w, "hashchange", move |_| open_link());
                (keys, hash)
            });
            move || drop(listeners)
        });
    }

    let restore = {
        let note = note.setter();
        let on_load = props.on_load.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(log) = load_run_from(KEPT_RUN_KEY) {
                let editor = storage_get(KEPT_EDITOR_KEY).unwrap_or_default();
                on_load.emit((log, editor));
                note.set(Some(Note::new(
                    "restored",
                    "Your previous playground is back.",
                )));
            }
            storage_remove(KEPT_RUN_KEY);
            storage_remove(KEPT_EDITOR_KEY);
        })
    };
    let close = {
        let note = note.setter();
        Callback::from(move |_: MouseEvent| note.set(None))
    };
    let onclick = Callback::from(move |_: MouseEvent| share());
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            i.select();
        }
    });

    html! {
        <div class="share">
            <button type="button" class="share-button" {onclick}
                title="Copy a link to this playground: cluster, time and editor (Ctrl+S)">{ "Share" }</button>
            if let Some(n) = &*note {
                <div class={classes!("share-pop", (n.kind == "error").then_some("error"))} data-kind={n.kind}
                    role={if n.kind == "error" { "alert" } else { "status" }}>
                    <p class="share-msg">{ n.text.clone() }</p>
                    if let Some(link) = &n.link {
                        <input class="share-link" readonly=true value={link.clone()} aria-label="Share link"
                            onfocus={select_all} />
                    }
                    if n.restore {
                        <p class="share-kept">{ "Your previous playground was kept: " }
                            <button type="button" class="small" onclick={restore}>{ "Restore" }</button></p>
                    }
                    <button type="button" class="ghost small share-close" aria-label="Close" onclick={close}>{ "×" }</button>
                </div>
            }
        </div>
    }
}

/// Puts a fetched manifest in the editor and applies it; what to say about it.
fn manifest_note(
    url: &str,
    fetched: Result<Vec<u8>, String>,
    on_manifest: &Callback<String>,
) -> Note {
    let failed = |why: String| {
        Note::new(
            "error",
            format!("Could not load the manifest from {url}: {why}; nothing was loaded."),
        )
    };
    let text = match fetched.map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => return failed("it is not UTF-8 text".to_string()),
        Err(why) => return failed(why),
    };
    on_manifest.emit(text);
    Note::new(
        "manifest",
        format!("Loaded {url} into the editor and applied it."),
    )
}
