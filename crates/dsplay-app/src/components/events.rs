//! `kubectl get events`, newest first, filterable by object.

use crate::components::chip_list::escape_into;
use crate::state::{KubectlLog, SimHandle};
use dsplay_core::clock::SimTime;
use dsplay_core::view::EventView;
use std::rc::Rc;
use web_sys::{Element, HtmlInputElement};
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
    // The shown rows (only those are built) and how many more match, read in the render that
    // shows the change: an input's new events are drawn in the frame that draws its cluster
    // (read a task later, they took a frame of their own after it: docs/performance.md, "5,000
    // nodes in the page").
    let page = use_memo(
        (
            props.sim.clone(),
            props.version,
            lower(filter.trim()),
            *limit,
        ),
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
    let body = use_mut_ref(Rows::default);
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
    // The rows, newest first, each typed line before the events of its time.
    let any = !rows.is_empty() || typed.len() > 0;
    let table = any.then(|| {
        let mut wants = Vec::with_capacity(rows.len() + typed.len());
        for e in rows.iter() {
            typed.until(&mut wants, Some(e.last_seen));
            wants.push(Want::event(e, props.now));
        }
        typed.until(&mut wants, None);
        body.borrow_mut().show(wants)
    });
    let table = table.flatten();
    html! {
        <section class="panel events-panel" aria-labelledby="events-title">
            <div class="panel-head">
                <h2 id="events-title">{ "Events" }</h2>
                <code class="cmd">{ "kubectl get events" }</code>
                <input type="search" class="filter" placeholder="Filter by object, e.g. node/worker-1"
                    aria-label="Filter events" value={(*filter).clone()} {oninput} />
            </div>
            if !any {
                <p class="empty">{ if total == 0 { "No events yet." } else { "No events match." } }</p>
            } else {
                // Focusable, so a keyboard can scroll it.
                <div class="table-wrap events-wrap" tabindex="0" role="region" aria-label="Event list">
                { table.map_or_else(Html::default, |el| Html::VRef(el.into())) }
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

/// One row of the table as it should be: its opening tag, its LAST SEEN, the markup of its
/// other cells, and what finds it on the page (its event's serial or its line's time, then
/// the other cells).
struct Want {
    open: &'static str,
    age: String,
    rest: String,
    key: String,
}

impl Want {
    /// An event's row.
    fn event(e: &EventView, now: SimTime) -> Want {
        let mut rest = String::new();
        for (i, text) in [&e.type_, &e.reason, &e.object, &e.message]
            .into_iter()
            .enumerate()
        {
            rest.push_str(if i == 2 {
                "<td class=\"nowrap\">"
            } else {
                "<td>"
            });
            escape_into(&mut rest, text);
            rest.push_str("</td>");
        }
        Want {
            open: if e.type_ == "Warning" {
                "<tr class=\"warning\">"
            } else {
                "<tr>"
            },
            age: last_seen(e, now),
            key: [e.serial.to_string().as_str(), " ", &rest].concat(),
            rest,
        }
    }
}

/// One row on the page: what finds it, its LAST SEEN as shown, and its element.
struct Row {
    key: String,
    age: String,
    el: Element,
}

/// The table, kept in the DOM by hand as the overview's cells and a card's chips are: new
/// rows are written as markup, a run of them at once (the 20 new rows of an Add node at 5,000
/// nodes were about 220 calls from the wasm into the page when Yew built them element by
/// element: docs/performance.md, "5,000 nodes in the page"), a kept row gets only its LAST
/// SEEN's new text, and a row no longer shown is removed.
#[derive(Default)]
struct Rows {
    /// The table and its `tbody` (made at the first render).
    el: Option<(Element, Element)>,
    /// The rows, in the page's order.
    shown: Vec<Row>,
}

impl Rows {
    /// Brings the rows up to `wants` (in this order) and returns the table.
    fn show(&mut self, wants: Vec<Want>) -> Option<Element> {
        if self.el.is_none() {
            let table = web_sys::window()?
                .document()?
                .create_element("table")
                .ok()?;
            table.set_class_name("kubectl events-table");
            table.set_inner_html("<thead><tr><th>LAST SEEN</th><th>TYPE</th><th>REASON</th><th>OBJECT</th><th>MESSAGE</th></tr></thead><tbody></tbody>");
            let body = table.last_element_child()?;
            self.el = Some((table, body));
        }
        let (table, body) = self.el.as_ref()?;
        // A row is kept when it is found after the last kept one (so that no kept row moves);
        // else it is written again.
        let mut old: Vec<Option<Row>> = self.shown.drain(..).map(Some).collect();
        let mut cursor = 0;
        let mut kept: Vec<Option<Row>> = Vec::with_capacity(wants.len());
        for want in &wants {
            kept.push(
                (cursor..old.len())
                    .find(|&i| old[i].as_ref().is_some_and(|r| r.key == want.key))
                    .and_then(|i| {
                        cursor = i + 1;
                        old[i].take()
                    }),
            );
        }
        for gone in old.into_iter().flatten() {
            gone.el.remove();
        }
        // Each run of new rows goes in before the kept row after it (the last at the end).
        let mut html = String::new();
        for (want, row) in wants.iter().zip(kept.iter_mut()) {
            let Some(row) = row else {
                html.push_str(want.open);
                html.push_str("<td class=\"nowrap\">");
                escape_into(&mut html, &want.age);
                html.push_str("</td>");
                html.push_str(&want.rest);
                html.push_str("</tr>");
                continue;
            };
            if !html.is_empty() {
                let _ = row.el.insert_adjacent_html("beforebegin", &html);
                html.clear();
            }
            if row.age != want.age {
                if let Some(td) = row.el.first_element_child() {
                    td.set_text_content(Some(&want.age));
                }
            }
        }
        if !html.is_empty() {
            let _ = body.insert_adjacent_html("beforeend", &html);
        }
        let rows = body.children();
        self.shown = wants
            .into_iter()
            .zip(kept)
            .enumerate()
            .filter_map(|(i, (want, row))| {
                Some(Row {
                    el: match row {
                        Some(row) => row.el,
                        None => rows.item(i as u32)?,
                    },
                    key: want.key,
                    age: want.age,
                })
            })
            .collect();
        Some(table.clone())
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

    /// Adds the rows of the lines typed at or after `at` (all that are left with `None`).
    fn until(&mut self, wants: &mut Vec<Want>, at: Option<SimTime>) {
        let now = self.1;
        while let Some((typed, line)) = self.0.next_if(|t| at.is_none_or(|at| t.0 >= at)) {
            let mut rest = String::from("<td colspan=\"4\"><code>");
            escape_into(&mut rest, &kubectl_line(line));
            rest.push_str("</code></td>");
            wants.push(Want {
                open: "<tr class=\"typed\" data-typed=\"\">",
                age: now.age_since(*typed),
                key: [typed.as_millis().to_string().as_str(), " ", &rest].concat(),
                rest,
            });
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
    fn until(&mut self, _: &mut Vec<Want>, _: Option<SimTime>) {}
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
