//! `kubectl get events`, newest first, filterable by object.

use crate::state::{KubectlLog, SimHandle};
use dsplay_core::clock::SimTime;
use dsplay_core::view::EventView;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Rows rendered at first (the newest); "Show more" adds as many again.
pub const PAGE_ROWS: usize = 20;

/// Props of [`Events`].
#[derive(Properties, PartialEq)]
pub struct EventsProps {
    /// The simulation, whose events are read as they are shown.
    pub sim: SimHandle,
    /// `Simulation::events_version`: the rows are read again when it changes.
    pub version: u64,
    /// Simulated now (LAST SEEN).
    pub now: SimTime,
    /// The console's commands, shown among the events as `kubectl …` lines.
    #[prop_or_default]
    pub typed: Rc<KubectlLog>,
}

/// The events list.
#[component]
pub fn Events(props: &EventsProps) -> Html {
    let filter = use_state(String::new);
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                filter.set(i.value());
            }
        })
    };
    let limit = use_state(|| PAGE_ROWS);
    let on_more = {
        let limit = limit.clone();
        Callback::from(move |_: MouseEvent| limit.set(limit.saturating_add(PAGE_ROWS)))
    };
    // New events are read one task after the page's render: the cluster view, which shows
    // what the user did, is painted first (the ages in LAST SEEN follow `now` at once).
    let shown = use_state_eq(|| (props.sim.clone(), props.version));
    {
        let shown = shown.clone();
        use_effect_with((props.sim.clone(), props.version), move |key| {
            let key = key.clone();
            let timer = Timeout::new(0, move || shown.set(key));
            move || drop(timer)
        });
    }
    // The shown rows (only those are built) and how many more match.
    let page = use_memo(
        (shown.0.clone(), shown.1, lower(filter.trim()), *limit),
        |(sim, _, needle, limit)| {
            sim.with(|s| {
                if needle.is_empty() {
                    let rows: Vec<EventView> = s.events_newest_first().take(*limit).collect();
                    let more = s.events_len().saturating_sub(rows.len());
                    (rows, more, s.events_len())
                } else {
                    let mut matching = s.events_newest_first().filter(|e| matches(e, needle));
                    let rows: Vec<EventView> = matching.by_ref().take(*limit).collect();
                    (rows, matching.count(), s.events_len())
                }
            })
        },
    );
    let (rows, more, total) = (&page.0, page.1, page.2);
    // The console's commands (full build) newer than the oldest row shown (all when every
    // event is shown), newest first, each before the events of its time.
    #[cfg(feature = "full")]
    let mut typed = {
        let needle = lower(filter.trim());
        let oldest = if more > 0 {
            rows.last().map(|e| e.last_seen)
        } else {
            None
        };
        let lines: Vec<&(SimTime, String)> = props
            .typed
            .typed
            .iter()
            .rev()
            .filter(|(at, line)| {
                oldest.is_none_or(|o| *at >= o)
                    && (needle.is_empty() || lower(&format!("kubectl {line}")).contains(&needle))
            })
            .collect();
        Typed(lines.into_iter().peekable(), props.now)
    };
    #[cfg(not(feature = "full"))]
    let mut typed = Typed;
    let total = total + typed.len();
    html! {
        <section class="panel events-panel" aria-labelledby="events-title">
            <div class="panel-head">
                <h2 id="events-title">{ "Events" }</h2>
                <code class="cmd">{ "kubectl get events" }</code>
                <input type="search" class="filter" placeholder="Filter by object, e.g. node/worker-1"
                    aria-label="Filter events" value={(*filter).clone()} {oninput} />
            </div>
            if rows.is_empty() && typed.len() == 0 {
                <p class="empty">{ if total == 0 { "No events yet." } else { "No events match." } }</p>
            } else {
                // Focusable, so a keyboard can scroll it.
                <div class="table-wrap events-wrap" tabindex="0" role="region" aria-label="Event list">
                <table class="kubectl events-table">
                    <thead><tr><th>{ "LAST SEEN" }</th><th>{ "TYPE" }</th><th>{ "REASON" }</th><th>{ "OBJECT" }</th><th>{ "MESSAGE" }</th></tr></thead>
                    <tbody>
                        for e in rows.iter() {
                            { typed.until(Some(e.last_seen)) }
                            <tr key={e.serial} class={classes!((e.type_ == "Warning").then_some("warning"))}>
                                <td class="nowrap">{ last_seen(e, props.now) }</td>
                                <td>{ &e.type_ }</td>
                                <td>{ &e.reason }</td>
                                <td class="nowrap">{ &e.object }</td>
                                <td>{ &e.message }</td>
                            </tr>
                        }
                        { typed.until(None) }
                    </tbody>
                </table>
                </div>
                if more > 0 {
                    <p class="more-rows">
                        <button type="button" class="linkish" onclick={on_more}>
                            { format!("Show {} more (of {} older)", more.min(PAGE_ROWS), more) }
                        </button>
                    </p>
                }
            }
        </section>
    }
}

/// The console's typed lines still to show (newest first) and simulated now (full build).
#[cfg(feature = "full")]
struct Typed<'a>(
    std::iter::Peekable<std::vec::IntoIter<&'a (SimTime, String)>>,
    SimTime,
);

#[cfg(feature = "full")]
impl Typed<'_> {
    /// How many lines are left.
    fn len(&self) -> usize {
        self.0.len()
    }

    /// The rows of the lines typed at or after `at` (all that are left with `None`).
    fn until(&mut self, at: Option<SimTime>) -> Html {
        let now = self.1;
        std::iter::from_fn(|| self.0.next_if(|t| at.is_none_or(|at| t.0 >= at)))
            .map(|(at, line)| {
                html! {
                    <tr class="typed" data-typed="">
                        <td class="nowrap">{ now.age_since(*at) }</td>
                        <td colspan="4"><code>{ kubectl_line(line) }</code></td>
                    </tr>
                }
            })
            .collect()
    }
}

/// The light build has no console: no typed lines (and none of their code in its wasm).
#[cfg(not(feature = "full"))]
struct Typed;

#[cfg(not(feature = "full"))]
impl Typed {
    /// No lines.
    fn len(&self) -> usize {
        0
    }

    /// Nothing.
    fn until(&mut self, _: Option<SimTime>) -> Html {
        Html::default()
    }
}

/// A typed line as the history shows it: `kubectl …` (`ls`, `cat` and the like as typed).
#[cfg(feature = "full")]
fn kubectl_line(line: &str) -> String {
    if line.starts_with("kubectl")
        || matches!(
            line.split(' ').next(),
            Some("ls" | "cat" | "clear" | "help")
        )
    {
        line.to_string()
    } else {
        format!("kubectl {line}")
    }
}

/// The filter's case folding. The light build folds ASCII only: what it searches (the
/// objects' names, namespaces and the reasons) is ASCII (the API server validates it), and
/// `str::to_lowercase` would bring the Unicode case tables into it (docs/performance.md). The
/// full build also searches the typed kubectl lines, which may hold any text: Unicode there.
fn lower(text: &str) -> String {
    #[cfg(feature = "full")]
    return text.to_lowercase();
    #[cfg(not(feature = "full"))]
    return text.to_ascii_lowercase();
}

/// Whether event `e` matches `needle` (folded by [`lower`]); its fields are ASCII.
fn matches(e: &EventView, needle: &str) -> bool {
    e.object.to_ascii_lowercase().contains(needle)
        || e.reason.to_ascii_lowercase().contains(needle)
        || e.namespace.to_ascii_lowercase().contains(needle)
}

/// kubectl's LAST SEEN: `5s`, or `5s (x3 over 40s)` for repeated events.
fn last_seen(e: &EventView, now: SimTime) -> String {
    let age = now.age_since(e.last_seen);
    if e.count > 1 {
        format!("{age} (x{} over {})", e.count, now.age_since(e.first_seen))
    } else {
        age
    }
}
