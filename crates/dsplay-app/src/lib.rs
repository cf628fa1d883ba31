//! The DaemonSet Playground web page: a Yew app over `dsplay-core`.
//!
//! [`app::App`] is the page; [`state::AppState`] wraps the simulation (its `reduce`
//! forwards to `Simulation::step` and stores the view); `components/` holds one
//! component per file and `hooks/` the custom hooks. The binary only calls [`run`].

pub mod app;
pub mod components;
pub mod embed;
pub mod examples;
pub mod highlight;
pub mod hooks;
pub mod panic;
pub mod persist;
pub mod player;
pub mod share;
pub mod state;

/// Installs the panic hook and mounts the app on `#app` (after reading a share link in the
/// address, if any), unless `web/embed.js` loaded the
/// module (it sets `__dsplayEmbed`): embeds are mounted by [`embed::mount`] only.
pub fn run() {
    panic::install();
    if embed_only() {
        return;
    }
    crash_test();
    // A share link in the address is read first: the page then builds only its cluster.
    components::share_bar::open_at_start(|opening| {
        let props = app::AppProps {
            opening,
            ..Default::default()
        };
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("app"));
        match root {
            Some(root) => {
                root.set_inner_html("");
                yew::Renderer::<app::App>::with_root_and_props(root, props).render();
            }
            None => {
                yew::Renderer::<app::App>::with_props(props).render();
            }
        }
    });
}

/// Whether `web/embed.js` loaded the module (the page's own mount is then skipped).
fn embed_only() -> bool {
    js_sys::Reflect::get(
        &js_sys::global(),
        &wasm_bindgen::JsValue::from_str("__dsplayEmbed"),
    )
    .is_ok_and(|v| v.is_truthy())
}

/// `#crash-test` in the URL makes the page panic on purpose, so the fallback (visible error,
/// "Reset", the saved YAML) can be seen and tested end to end.
#[allow(clippy::panic)]
fn crash_test() {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok());
    if hash.as_deref() == Some("#crash-test") {
        panic!("crash test: the page was opened with #crash-test");
    }
}
