//! `kubectl get events`, newest first, filterable by object.

use crate::components::chip_list::escape_into;
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
                { table(rows, &mut typed, props.now) }
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

/// The table as markup, parsed by the browser at once: rows newest first, each typed line
/// before the events of its time. Built by Yew element by element, the 20 new rows an input
/// brings at 5,000 nodes were about 220 calls from the wasm into the page and most of the
/// events' task (docs/performance.md, "5,000 nodes in the page"); the table is written again
/// only when its markup changed.
fn table(rows: &[EventView], typed: &mut Typed, now: SimTime) -> Html {
    let mut html = String::with_capacity(300 + rows.len() * 200);
    html.push_str("<table class=\"kubectl events-table\"><thead><tr><th>LAST SEEN</th><th>TYPE</th><th>REASON</th><th>OBJECT</th><th>MESSAGE</th></tr></thead><tbody>");
    for e in rows {
        typed.until(&mut html, Some(e.last_seen));
        html.push_str(if e.type_ == "Warning" {
            "<tr class=\"warning\">"
        } else {
            "<tr>"
        });
        for (i, text) in [
            last_seen(e, now).as_str(),
            &e.type_,
            &e.reason,
            &e.object,
            &e.message,
        ]
        .into_iter()
        .enumerate()
        {
            html.push_str(if i == 0 || i == 3 {
                "<td class=\"nowrap\">"
            } else {
                "<td>"
            });
            escape_into(&mut html, text);
            html.push_str("</td>");
        }
        html.push_str("</tr>");
    }
    typed.until(&mut html, None);
    html.push_str("</tbody></table>");
    Html::from_html_unchecked(AttrValue::from(html))
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

    /// Writes the rows of the lines typed at or after `at` (all that are left with `None`).
    fn until(&mut self, html: &mut String, at: Option<SimTime>) {
        let now = self.1;
        while let Some((typed, line)) = self.0.next_if(|t| at.is_none_or(|at| t.0 >= at)) {
            html.push_str("<tr class=\"typed\" data-typed=\"\"><td class=\"nowrap\">");
            html.push_str(&now.age_since(*typed));
            html.push_str("</td><td colspan=\"4\"><code>");
            escape_into(html, &kubectl_line(line));
            html.push_str("</code></td></tr>");
        }
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
    fn until(&mut self, _: &mut String, _: Option<SimTime>) {}
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
