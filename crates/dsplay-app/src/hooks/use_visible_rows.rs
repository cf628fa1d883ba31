//! `use_visible_rows`: which rows of a uniform card grid are in or near the viewport, so a
//! large grid renders only those (the rest is padding of the same height).

use gloo::events::{EventListener, EventListenerOptions};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Rows rendered above and below the viewport (scrolling a little shows no blank space).
const OVERSCAN_ROWS: usize = 4;

/// The geometry of a grid of cards (`grid-template-columns: repeat(auto-fill, minmax(min, 1fr))`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridGeometry {
    /// `minmax(<this>px, 1fr)`.
    pub min_card_width: f64,
    /// `gap` in px.
    pub gap: f64,
    /// A row's height before one has been measured (card height + gap).
    pub estimated_row_height: f64,
}

/// The rows to render: `first..end` of a grid with `columns` columns and rows of
/// `row_height` px (gap included).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VisibleRows {
    /// Cards per row.
    pub columns: usize,
    /// First rendered row.
    pub first: usize,
    /// One past the last rendered row.
    pub end: usize,
    /// Height of one row, gap included, in px.
    pub row_height: f64,
}

impl VisibleRows {
    /// The index range of the items to render, out of `len`.
    pub fn items(&self, len: usize) -> std::ops::Range<usize> {
        let cols = self.columns.max(1);
        let start = self.first.saturating_mul(cols).min(len);
        let end = self.end.saturating_mul(cols).min(len).max(start);
        start..end
    }

    /// `padding-top` and `padding-bottom` (px) standing for the rows not rendered.
    pub fn padding(&self, len: usize) -> (f64, f64) {
        let cols = self.columns.max(1);
        let rows = len.div_ceil(cols);
        let first = self.first.min(rows);
        let end = self.end.clamp(first, rows);
        (
            first as f64 * self.row_height,
            rows.saturating_sub(end) as f64 * self.row_height,
        )
    }
}

/// Measures `container` (the grid element; its cards are its `.node` children) against the
/// window's viewport.
fn measure(container: &web_sys::Element, geometry: GridGeometry, row_height: f64) -> VisibleRows {
    let width = f64::from(container.client_width());
    let columns = (((width + geometry.gap) / (geometry.min_card_width + geometry.gap)).floor()
        as usize)
        .max(1);
    let viewport = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(800.0);
    let top = container.get_bounding_client_rect().top();
    let row_height = row_height.max(1.0);
    // Rows above the viewport's top, and through its bottom (from the grid's top).
    let hidden_above = (-top).max(0.0);
    let through = (viewport - top).max(0.0);
    let first = ((hidden_above / row_height).floor() as usize).saturating_sub(OVERSCAN_ROWS);
    let end = ((through / row_height).ceil() as usize).saturating_add(OVERSCAN_ROWS);
    VisibleRows {
        columns,
        first,
        end: end.max(first),
        row_height,
    }
}

/// The measured height of a row (gap included): the distance between the first and the last
/// rendered row's tops, over the rows between them (read from the cards' positions, so it does
/// not depend on the number of columns assumed).
fn measured_row_height(container: &web_sys::Element) -> Option<f64> {
    let cards = container.query_selector_all(":scope > .node").ok()?;
    let top_of = |i: u32| {
        cards
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            .map(|e| e.offset_top())
    };
    let first = top_of(0)?;
    let last = top_of(cards.length().checked_sub(1)?)?;
    // Rows: the number of distinct tops (cards of a row share theirs).
    let mut rows = 1u32;
    let mut previous = first;
    for i in 1..cards.length() {
        let top = top_of(i)?;
        if top != previous {
            rows += 1;
            previous = top;
        }
    }
    (rows > 1 && last > first).then(|| f64::from(last - first) / f64::from(rows - 1))
}

/// The rows of the grid at `container` in or near the viewport, updated on scroll and
/// resize and after every render (the number of items may have changed). When `enabled` is
/// false nothing is listened to and every row is "visible".
#[hook]
pub fn use_visible_rows(container: NodeRef, geometry: GridGeometry, enabled: bool) -> VisibleRows {
    let initial = VisibleRows {
        columns: 8,
        first: 0,
        end: 24,
        row_height: geometry.estimated_row_height,
    };
    let rows = use_state_eq(|| initial);
    let row_height = use_mut_ref(|| geometry.estimated_row_height);

    let update = {
        let rows = rows.clone();
        let container = container.clone();
        let row_height = row_height.clone();
        Rc::new(move || {
            if let Some(el) = container.cast::<web_sys::Element>() {
                rows.set(measure(&el, geometry, *row_height.borrow()));
            }
        })
    };
    // After every render: measure the rows' height, then the range.
    {
        let update = update.clone();
        let container = container.clone();
        use_effect(move || {
            if enabled {
                if let Some(el) = container.cast::<web_sys::Element>() {
                    if let Some(h) = measured_row_height(&el) {
                        // Whole pixels: sub-pixel noise must not re-render forever.
                        *row_height.borrow_mut() = h.round();
                    }
                }
                update();
            }
        });
    }
    use_effect_with(enabled, move |&enabled| {
        let listeners = web_sys::window().filter(|_| enabled).map(|window| {
            let options = EventListenerOptions {
                phase: gloo::events::EventListenerPhase::Capture,
                passive: true,
            };
            let on_scroll = {
                let update = update.clone();
                EventListener::new_with_options(&window, "scroll", options, move |_| update())
            };
            let on_resize = EventListener::new(&window, "resize", move |_| update());
            (on_scroll, on_resize)
        });
        move || drop(listeners)
    });
    if enabled {
        *rows
    } else {
        VisibleRows {
            columns: 1,
            first: 0,
            end: usize::MAX,
            row_height: 0.0,
        }
    }
}
