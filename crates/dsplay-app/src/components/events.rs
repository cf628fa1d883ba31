//! `kubectl get events`, newest first, filterable by object.

use crate::state::Shared;
use dsplay_core::clock::SimTime;
use dsplay_core::view::EventView;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Rows rendered at first (the newest); "Show more" adds as many again.
pub const PAGE_ROWS: usize = 20;

/// Props of [`Events`].
#[derive(Properties, PartialEq)]
pub struct EventsProps {
    /// Events, newest first.
    pub events: Shared<Vec<Rc<EventView>>>,
    /// Simulated now (LAST SEEN).
    pub now: SimTime,
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
    let needle = filter.trim().to_lowercase();
    let mut matching = props
        .events
        .iter()
        .filter(|e| needle.is_empty() || matches(e, &needle));
    let rows: Vec<&Rc<EventView>> = matching.by_ref().take(*limit).collect();
    let more = matching.count();
    html! {
        <section class="panel events-panel" aria-labelledby="events-title">
            <div class="panel-head">
                <h2 id="events-title">{ "Events" }</h2>
                <code class="cmd">{ "kubectl get events" }</code>
                <input type="search" class="filter" placeholder="Filter by object, e.g. node/worker-1"
                    aria-label="Filter events" value={(*filter).clone()} {oninput} />
            </div>
            if rows.is_empty() {
                <p class="empty">{ if props.events.is_empty() { "No events yet." } else { "No events match." } }</p>
            } else {
                <div class="table-wrap events-wrap">
                <table class="kubectl events-table">
                    <thead><tr><th>{ "LAST SEEN" }</th><th>{ "TYPE" }</th><th>{ "REASON" }</th><th>{ "OBJECT" }</th><th>{ "MESSAGE" }</th></tr></thead>
                    <tbody>
                        for e in rows.iter() {
                            <tr key={e.serial} class={classes!((e.type_ == "Warning").then_some("warning"))}>
                                <td class="nowrap">{ last_seen(e, props.now) }</td>
                                <td>{ &e.type_ }</td>
                                <td>{ &e.reason }</td>
                                <td class="nowrap">{ &e.object }</td>
                                <td>{ &e.message }</td>
                            </tr>
                        }
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

fn matches(e: &EventView, needle: &str) -> bool {
    e.object.to_lowercase().contains(needle)
        || e.reason.to_lowercase().contains(needle)
        || e.namespace.to_lowercase().contains(needle)
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
