//! Share links in the browser: `dsplay_core::share` plus the browser's own deflate
//! (`CompressionStream('deflate-raw')`, which costs the wasm nothing), the clipboard and a
//! bounded `fetch` for `?manifest=URL`, through a few lines of inline JavaScript.
//!
//! [`encode`] and [`decode`] are the whole API a page or an embed needs: run → fragment,
//! fragment (or whole link) → run. The browser's streams are asynchronous: each function
//! calls back with its result (callbacks, not futures: the smaller wasm).

use crate::state::RunLog;
use dsplay_core::load::MAX_FILE_BYTES;
use dsplay_core::share::{self, InflateError, LinkError, SharedRun, MAX_PAYLOAD_BYTES};
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/share.js")]
extern "C" {
    fn deflate(bytes: &[u8], done: JsValue);
    fn inflate(bytes: &[u8], limit: f64, done: JsValue);
    fn copy(text: &str, done: JsValue);
    fn get(url: &str, limit: f64, done: JsValue);
}

/// A JavaScript callback that hands `f` the bytes it is called with, or the other value.
fn bytes_then(f: impl FnOnce(Result<Vec<u8>, JsValue>) + 'static) -> JsValue {
    Closure::once_into_js(move |v: JsValue| {
        f(match v.dyn_ref::<Uint8Array>() {
            Some(a) => Ok(a.to_vec()),
            None => Err(v),
        })
    })
}

/// Calls `done` with the share fragment (`#v1=…`) of a run and its editor text; `None` if
/// the browser cannot compress (no `CompressionStream`).
pub fn encode(log: &RunLog, editor: &str, done: impl FnOnce(Option<String>) + 'static) {
    let run = SharedRun {
        seed: log.seed,
        inputs: log.inputs.clone(),
        editor: editor.to_string(),
    };
    deflate(
        &run.payload(),
        bytes_then(move |r| done(r.ok().map(|data| share::fragment(&data)))),
    );
}

/// Calls `done` with the run and editor text a link (a URL, `#v1=…` or `v1=…`) holds.
pub fn decode(link: &str, done: impl FnOnce(Result<(RunLog, String), LinkError>) + 'static) {
    let data = match share::compressed_data(link) {
        Ok(d) => d,
        Err(e) => return done(Err(e)),
    };
    let then = bytes_then(move |r| {
        let opened = r
            .map_err(|e| {
                LinkError::inflate(match e.as_f64() {
                    Some(1.0) => InflateError::Truncated,
                    Some(3.0) => InflateError::TooLarge,
                    _ => InflateError::Corrupt,
                })
            })
            .and_then(|payload| SharedRun::from_payload(&payload))
            .map(|run| {
                let log = RunLog {
                    seed: run.seed,
                    inputs: run.inputs,
                };
                (log, run.editor)
            });
        done(opened);
    });
    inflate(&data, MAX_PAYLOAD_BYTES as f64, then);
}

/// Copies `text` to the clipboard; calls `done` with whether the browser let it.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    copy(
        text,
        Closure::once_into_js(move |v: JsValue| done(v.as_bool() == Some(true))),
    );
}

/// Calls `done` with the manifest at `url` (at most [`MAX_FILE_BYTES`]), or why it cannot be
/// read: the network's or server's answer, or the loader's own error for a file too large.
pub fn fetch_manifest(url: &str, done: impl FnOnce(Result<Vec<u8>, String>) + 'static) {
    let name = url.to_string();
    let then = bytes_then(move |r| {
        done(r.map_err(|e| match e.as_string() {
            Some(why) => why,
            None => dsplay_core::load::too_large(&name).to_string(),
        }))
    });
    get(url, MAX_FILE_BYTES as f64, then);
}

/// Saves `text` as the file `name` of type `mime` (a link to a blob URL, clicked; the URL is
/// revoked a minute later, when the download has long started).
pub fn download(name: &str, mime: &str, text: &str) {
    let blob = gloo::file::Blob::new_with_options(text, Some(mime));
    let url = gloo::file::ObjectUrl::from(blob);
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(a) = link {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        a.click();
    }
    gloo::timers::callback::Timeout::new(60_000, move || drop(url)).forget();
}
