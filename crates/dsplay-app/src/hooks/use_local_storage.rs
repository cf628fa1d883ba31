//! `use_local_storage`: a string kept in `localStorage`, plus plain helpers.

use dsplay_core::load::MAX_FILE_BYTES;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

/// How long [`use_local_storage`] waits, idle, before writing (a burst of keystrokes is one
/// write; the page also writes at once when it is hidden or left).
pub const WRITE_DELAY_MS: u32 = 300;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Reads `key` from `localStorage` (`None` when absent or storage is unavailable).
pub fn storage_get(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Writes `key` (ignored when storage is unavailable or full).
pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// Removes `key`.
pub fn storage_remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// A string state that starts from `localStorage[key]` (or `default()`) and is written back
/// once changes pause for [`WRITE_DELAY_MS`], and at once when the page is hidden or left (a
/// reload never loses what was typed). A text larger than the loader's limit
/// ([`MAX_FILE_BYTES`], which Apply refuses anyway) is not written: the last one that fits
/// stays saved.
#[hook]
pub fn use_local_storage(
    key: &'static str,
    default: impl FnOnce() -> String,
) -> (AttrValue, Callback<String>) {
    let value = use_state(|| AttrValue::from(storage_get(key).unwrap_or_else(default)));
    let pending = use_mut_ref(|| None::<AttrValue>);
    let timer = use_mut_ref(|| None::<Timeout>);
    let flush = use_memo((), {
        let pending = pending.clone();
        move |_| {
            Rc::new(move || {
                if let Some(text) = pending.borrow_mut().take() {
                    if text.len() <= MAX_FILE_BYTES {
                        storage_set(key, &text);
                    }
                }
            }) as Rc<dyn Fn()>
        }
    });
    let set = {
        let value = value.clone();
        let flush = (*flush).clone();
        use_callback((), move |text: String, _| {
            let text = AttrValue::from(text);
            *pending.borrow_mut() = Some(text.clone());
            value.set(text);
            let flush = flush.clone();
            // Replacing the timer cancels the previous one.
            *timer.borrow_mut() = Some(Timeout::new(WRITE_DELAY_MS, move || flush()));
        })
    };
    use_effect_with((), {
        let flush = (*flush).clone();
        move |_| {
            let listeners = web_sys::window().map(|window| {
                let on_hide = {
                    let flush = flush.clone();
                    EventListener::new(&window, "pagehide", move |_| flush())
                };
                let on_hidden = {
                    let flush = flush.clone();
                    EventListener::new(&window, "visibilitychange", move |_| {
                        if web_sys::window()
                            .and_then(|w| w.document())
                            .is_some_and(|d| d.hidden())
                        {
                            flush();
                        }
                    })
                };
                (on_hide, on_hidden)
            });
            move || {
                drop(listeners);
                flush();
            }
        }
    });
    ((*value).clone(), set)
}
