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
#[cfg(feature = "full")]
pub mod player;
pub mod share;
pub mod state;
#[cfg(feature = "full")]
pub mod time_travel;
pub mod upgrade;

/// Installs the panic hook and mounts the app on `#app` (after reading a share link in the
/// address, if any), unless `web/embed.js` loaded the
/// module (it sets `__dsplayEmbed`): embeds are mounted by [`embed::mount`] only.
///
/// The light build hands over to the full one at once when panels are asked for at start
/// ([`upgrade::requested_at_start`]); the full build takes the light page's state, if it was
/// loaded by one, and mounts in its place ([`upgrade`]).
pub fn run() {
    panic::install();
    if embed_only() {
        return;
    }
    crash_test();
    let handover = if upgrade::FULL {
        upgrade::take().or_else(|| {
            let panels = upgrade::requested_at_start();
            Some(upgrade::Handover {
                panels,
                ..Default::default()
            })
        })
    } else {
        let panels = upgrade::requested_at_start();
        if !panels.is_empty() {
            let handover = upgrade::Handover {
                panels,
                ..Default::default()
            };
            // The light page is not mounted: it mounts only if the full build fails to load.
            upgrade::hand_over(&handover, |r| {
                if r.is_err() {
                    mount(None);
                }
            });
            return;
        }
        None
    };
    mount(handover);
}

/// Mounts the app on `#app`, after reading a share link in the address (unless the light page
/// handed over its run).
fn mount(handover: Option<upgrade::Handover>) {
    let handed_run = handover.as_ref().is_some_and(|h| h.run.is_some());
    let handover = handover.map(std::rc::Rc::new);
    let render = move |opening| {
        let props = app::AppProps {
            opening,
            handover,
            ..Default::default()
        };
        upgrade::leave_light();
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("app"));
        let handle = match root {
            Some(root) => {
                root.set_inner_html("");
                yew::Renderer::<app::App>::with_root_and_props(root, props).render()
            }
            None => yew::Renderer::<app::App>::with_props(props).render(),
        };
        upgrade::mark_build();
        if !upgrade::FULL {
            upgrade::set_leave(move || handle.destroy());
        }
    };
    if handed_run {
        render(None);
    } else {
        // A share link in the address is read first: the page then builds only its cluster.
        components::share_bar::open_at_start(render);
    }
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
