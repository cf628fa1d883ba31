//! The overview (docs/overview.md): every node as one small cell coloured by its daemon pods'
//! state, with taints, cordons and NotReady / Lost marked, so the largest cluster Kubernetes
//! supports (5,000 nodes) fits on one screen and a rollout is a wave across it.
//!
//! The cells are kept in the DOM by hand, as a card's chips are (`chip_list`): a render touches
//! only the cells whose node changed (their `Rc` is new), and builds them all at once (one
//! `innerHTML`) at the first render. They are in blocks of about [`TILE`] (10 by 10), each laid
//! out and painted on its own (`contain: layout paint`): a changed or added cell lays out and
//! paints its block again, not the 5,000 cells (docs/performance.md). One cell is in the tab
//! order (a roving tabindex): the arrow keys move between cells, Enter or Space opens the node
//! as a click on its card does.

use crate::components::chip_list::escape_into;
use crate::state::{Selection, Shared};
use dsplay_core::view::{NodeView, PodDisplayPhase};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

/// Above this many nodes the cluster shows the overview rather than the cards, until the
/// user picks a view with the **Cards / Overview** toggle.
pub const OVERVIEW_ABOVE: usize = 200;

/// Cells per block (`.overview-cells .tile`: 10 rows of [`TILE_COLS`]) when the cells are
/// built; an added node joins its neighbours' block (a removed node leaves it), and the blocks
/// are built again when one holds more than twice this.
pub const TILE: usize = 100;

/// Cells per row of a block: ↑ and ↓ move by this many.
const TILE_COLS: i32 = 10;

/// What a cell's colour says: the state of its node's daemon pods (their phases as the core
/// shows them) and of the DaemonSets that should run there and have no pod; a later state
/// wins over an earlier one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum CellState {
    /// No daemon pod, and none wanted.
    #[default]
    None,
    /// Every daemon pod Ready.
    Ready,
    /// Some daemon pod ContainerCreating, or Running and not Ready.
    Starting,
    /// Some daemon pod Terminating.
    Terminating,
    /// Some daemon pod Pending (not scheduled, or not started).
    Pending,
    /// Some daemon pod Failed.
    Failed,
    /// Some DaemonSet should run a pod here and has none ([`NodeView::missing`]).
    Missing,
}

impl CellState {
    /// Every state, as the legend lists them.
    pub const ALL: [CellState; 7] = [
        CellState::Ready,
        CellState::Starting,
        CellState::Pending,
        CellState::Missing,
        CellState::Terminating,
        CellState::Failed,
        CellState::None,
    ];

    /// The state of `node`'s cell.
    pub fn of(node: &NodeView) -> Self {
        let start = if node.missing.is_empty() {
            CellState::None
        } else {
            CellState::Missing
        };
        node.pods
            .iter()
            .filter(|p| p.daemon_set.is_some())
            .map(|p| match p.phase {
                PodDisplayPhase::Ready => CellState::Ready,
                PodDisplayPhase::ContainerCreating | PodDisplayPhase::Running => {
                    CellState::Starting
                }
                PodDisplayPhase::Terminating => CellState::Terminating,
                PodDisplayPhase::Pending => CellState::Pending,
                PodDisplayPhase::Failed => CellState::Failed,
                PodDisplayPhase::Succeeded => CellState::None,
            })
            .fold(start, CellState::max)
    }

    /// The word of `data-state` (and of the class `st-<word>`).
    pub fn as_str(self) -> &'static str {
        [
            "none",
            "ready",
            "starting",
            "terminating",
            "pending",
            "failed",
            "missing",
        ][self as usize]
    }

    /// The legend's words (and the first words of a cell's description).
    pub fn label(self) -> &'static str {
        [
            "No daemon pods",
            "All Ready",
            "Starting",
            "Terminating",
            "Pending",
            "Failed",
            "Missing",
        ][self as usize]
    }
}

/// Taints the node's other marks do not already say (cordon, NotReady and Lost put on
/// `node.kubernetes.io/*` taints): `(any, some NoExecute)`.
fn own_taints(node: &NodeView) -> (bool, bool) {
    let mut own = node
        .taints
        .iter()
        .filter(|t| !t.key.starts_with("node.kubernetes.io/"));
    let any = own.clone().next().is_some();
    (any, own.any(|t| t.effect == "NoExecute"))
}

/// A cell's class attribute: `cell st-<state>`, then its marks.
fn cell_class(node: &NodeView, state: CellState, selected: bool) -> String {
    let (tainted, no_execute) = own_taints(node);
    let mut class = ["cell st-", state.as_str()].concat();
    for (on, mark) in [
        (tainted, " tainted"),
        (no_execute, " no-execute"),
        (node.unschedulable, " cordoned"),
        (!node.ready && !node.lost, " not-ready"),
        (node.lost, " lost"),
        (selected, " selected"),
    ] {
        if on {
            class.push_str(mark);
        }
    }
    class
}

/// What a cell says of its node (its accessible name, and the hover text):
/// `worker-7: All Ready, NotReady, cordoned, taints dedicated=demo:NoExecute, 3 daemon pods,
/// missing agent`.
pub fn describe(node: &NodeView, state: CellState) -> String {
    let mut out = [node.name.as_str(), ": ", state.label()].concat();
    if node.lost {
        out.push_str(", Lost");
    } else if !node.ready {
        out.push_str(", NotReady");
    }
    if node.unschedulable {
        out.push_str(", cordoned");
    }
    for (i, t) in node
        .taints
        .iter()
        .filter(|t| !t.key.starts_with("node.kubernetes.io/"))
        .enumerate()
    {
        out.push_str(if i == 0 { ", taints " } else { " " });
        out.push_str(&t.to_string());
    }
    let pods = node.pods.iter().filter(|p| p.daemon_set.is_some()).count();
    out.push_str(", ");
    out.push_str(&pods.to_string());
    out.push_str(if pods == 1 {
        " daemon pod"
    } else {
        " daemon pods"
    });
    if !node.missing.is_empty() {
        out.push_str(", missing ");
        out.push_str(&node.missing.join(" "));
    }
    out
}

/// One cell on the page and what it shows (the attributes last written to it).
struct Cell {
    /// Its node.
    node: Shared<NodeView>,
    /// The cell.
    el: Element,
    /// Its `data-state`.
    state: CellState,
    /// Its `class`.
    class: String,
    /// Its `title`.
    title: String,
    /// In the tab order.
    tab: bool,
}

impl Cell {
    /// Writes what `node`'s cell should show: only the attributes that differ from what it
    /// shows (all of them when `fresh`).
    fn show(&mut self, selected: bool, tab: bool, fresh: bool) {
        let node = &self.node;
        let state = CellState::of(node);
        let class = cell_class(node, state, selected);
        let title = describe(node, state);
        if fresh || class != self.class {
            self.el.set_class_name(&class);
            self.class = class;
        }
        if fresh || state != self.state {
            let _ = self.el.set_attribute("data-state", state.as_str());
            self.state = state;
        }
        if fresh || title != self.title {
            let _ = self.el.set_attribute("title", &title);
            self.title = title;
        }
        if fresh || tab != self.tab {
            let _ = self
                .el
                .set_attribute("tabindex", if tab { "0" } else { "-1" });
            self.tab = tab;
        }
    }
}

/// The overview's legend and cells on the page, and what they show (kept across renders by
/// the cluster view, see [`overview`]).
pub struct Cells {
    /// The cells' container (made at the first render).
    el: Option<Element>,
    /// The cells, in the nodes' (name) order, as in the container.
    shown: Vec<Cell>,
    /// The selected node at the last render.
    selected: Option<String>,
    /// The node whose cell is in the tab order.
    active: Option<String>,
    /// The legend (made at the first render) and its counts' elements, one per
    /// [`CellState::ALL`].
    legend: Option<(Element, Vec<Element>)>,
    /// The counts the legend shows, by [`CellState`] (`usize::MAX`: not written yet).
    counts: [usize; CellState::ALL.len()],
}

impl Default for Cells {
    fn default() -> Self {
        Cells {
            el: None,
            shown: Vec::new(),
            selected: None,
            active: None,
            legend: None,
            counts: [usize::MAX; CellState::ALL.len()],
        }
    }
}

impl Cells {
    /// The legend, with each state's count: its markup is written once (its words and
    /// classes are this file's own), then only the counts that changed get their text (a
    /// legend parsed again at every render cost each input about 5 ms: docs/performance.md).
    fn legend(&mut self) -> Option<Element> {
        let mut counts = [0usize; CellState::ALL.len()];
        for c in self.shown.iter() {
            counts[c.state as usize] += 1;
        }
        if self.legend.is_none() {
            let el = web_sys::window()?.document()?.create_element("ul").ok()?;
            el.set_class_name("overview-legend");
            let _ = el.set_attribute("aria-label", "Legend");
            let marks = [
                ("none not-ready", "NotReady"),
                ("none lost", "Lost"),
                ("none cordoned", "Cordoned"),
                ("none tainted", "Tainted"),
                ("none tainted no-execute", "NoExecute taint"),
            ];
            let states = CellState::ALL.iter().map(|s| (s.as_str(), s.label(), true));
            let mut html = String::new();
            for (class, label, count) in states.chain(marks.iter().map(|(c, l)| (*c, *l, false))) {
                html.push_str("<li><span class=\"cell st-");
                html.push_str(class);
                html.push_str("\" aria-hidden=\"true\"></span>");
                html.push_str(label);
                html.push_str(if count { " <b></b></li>" } else { "</li>" });
            }
            el.set_inner_html(&html);
            let list = el.query_selector_all("b").ok()?;
            let bold = (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into().ok())
                .collect();
            self.legend = Some((el, bold));
        }
        let (el, bold) = self.legend.as_ref()?;
        for (state, b) in CellState::ALL.iter().zip(bold) {
            let (n, shown) = (counts[*state as usize], &mut self.counts[*state as usize]);
            if n != *shown {
                b.set_text_content(Some(&n.to_string()));
                *shown = n;
            }
        }
        Some(el.clone())
    }

    /// Brings the cells up to date with `nodes` and returns their container. The work is
    /// proportional to what changed: a node whose `Rc` is the one shown is one pointer
    /// compare, a changed node's cell gets only the attributes that differ, an added node is
    /// one new cell; the markup of all cells is written at once only at the first render.
    fn render(&mut self, nodes: &[Shared<NodeView>], selected: Option<&str>) -> Option<Element> {
        let document = web_sys::window()?.document()?;
        let el = match &self.el {
            Some(el) => el.clone(),
            None => {
                let el = document.create_element("div").ok()?;
                el.set_class_name("overview-cells");
                let _ = el.set_attribute("role", "group");
                let _ = el.set_attribute("aria-label", "Nodes");
                self.el = Some(el.clone());
                el
            }
        };
        // The cell in the tab order: a newly selected node's, else the same as before while
        // its node exists, else the first.
        let has = |n: &str| nodes.binary_search_by(|x| x.name.as_str().cmp(n)).is_ok();
        let active = selected
            .filter(|s| selected != self.selected.as_deref() && has(s))
            .map(str::to_string)
            .or_else(|| self.active.clone().filter(|a| has(a)))
            .or_else(|| nodes.first().map(|n| n.name.clone()));
        let marks_moved = selected != self.selected.as_deref() || active != self.active;
        let marked = |n: &str| {
            marks_moved
                && [
                    selected,
                    self.selected.as_deref(),
                    active.as_deref(),
                    self.active.as_deref(),
                ]
                .contains(&Some(n))
        };
        let is_sel = |n: &str| selected == Some(n);
        let is_tab = |n: &str| active.as_deref() == Some(n);
        let mut rebuild = self.shown.is_empty();
        if !rebuild {
            // Merge by name (both lists are in name order).
            let mut shown: Vec<Cell> = Vec::with_capacity(nodes.len());
            let mut old = std::mem::take(&mut self.shown).into_iter().peekable();
            for node in nodes {
                while let Some(gone) = old.next_if(|c| c.node.name < node.name) {
                    gone.el.remove();
                }
                let name = node.name.as_str();
                match old.next_if(|c| c.node.name == node.name) {
                    Some(c) if c.node == *node && !marked(name) => shown.push(c),
                    Some(mut c) => {
                        c.node = node.clone();
                        c.show(is_sel(name), is_tab(name), false);
                        shown.push(c);
                    }
                    None => {
                        // A new cell, before the next cell still on the page in its block,
                        // else at the end of the previous cell's block.
                        let Ok(cell) = document.create_element("span") else {
                            continue;
                        };
                        let _ = cell.set_attribute("role", "button");
                        let _ = cell.set_attribute("data-cell", name);
                        let next = old.peek();
                        match next.or(shown.last()).and_then(|c| c.el.parent_element()) {
                            Some(block) => {
                                let _ = block.insert_before(&cell, next.map(|c| c.el.as_ref()));
                                rebuild |= block.children().length() > 2 * TILE as u32;
                            }
                            None => rebuild = true,
                        }
                        let mut c = Cell {
                            node: node.clone(),
                            el: cell,
                            state: CellState::None,
                            class: String::new(),
                            title: String::new(),
                            tab: false,
                        };
                        c.show(is_sel(name), is_tab(name), true);
                        shown.push(c);
                    }
                }
            }
            for gone in old {
                gone.el.remove();
            }
            self.shown = shown;
        }
        if rebuild {
            // The first render (or after every node went, or when a block grew past twice its
            // size): all the cells' markup at once, TILE to a block.
            let mut shown = Vec::with_capacity(nodes.len());
            let mut html = String::with_capacity(nodes.len() * 140);
            for (i, node) in nodes.iter().enumerate() {
                if i % TILE == 0 {
                    html.push_str(if i == 0 {
                        "<div class=\"tile\">"
                    } else {
                        "</div><div class=\"tile\">"
                    });
                }
                let state = CellState::of(node);
                let class = cell_class(node, state, is_sel(&node.name));
                let title = describe(node, state);
                let tab = is_tab(&node.name);
                cell_markup(&mut html, node, state, &class, &title, tab);
                shown.push((node.clone(), state, class, title, tab));
            }
            el.set_inner_html(&html);
            let children = el.query_selector_all("[data-cell]").ok()?;
            let shown = shown
                .into_iter()
                .enumerate()
                .filter_map(|(i, (node, state, class, title, tab))| {
                    Some(Cell {
                        el: children.item(i as u32)?.unchecked_into(),
                        node,
                        state,
                        class,
                        title,
                        tab,
                    })
                })
                .collect();
            self.shown = shown;
        }
        self.selected = selected.map(str::to_string);
        self.active = active;
        Some(el)
    }
}

/// One cell's markup: a `<span role="button">`, not a `<button>`: 5,000 of them cost the first
/// frame about a quarter less style and layout, none of the buttons' own style rules applying
/// (docs/performance.md); the keys a button answers are the overview's own (Enter, Space).
fn cell_markup(
    html: &mut String,
    node: &NodeView,
    state: CellState,
    class: &str,
    title: &str,
    tab: bool,
) {
    html.push_str("<span role=\"button\" class=\"");
    html.push_str(class);
    html.push_str("\" data-state=\"");
    html.push_str(state.as_str());
    html.push_str("\" tabindex=\"");
    html.push_str(if tab { "0" } else { "-1" });
    html.push_str("\" data-cell=\"");
    escape_into(html, &node.name);
    html.push_str("\" title=\"");
    escape_into(html, title);
    html.push_str("\"></span>");
}

/// The cell an event happened on, if any.
fn cell_of(e: &Event) -> Option<HtmlElement> {
    e.target()?
        .dyn_into::<Element>()
        .ok()?
        .closest("[data-cell]")
        .ok()??
        .dyn_into()
        .ok()
}

/// The overview: a legend (with each state's count) and one cell per node, `data-cell`
/// naming the node, `data-state` its [`CellState`]; its `title` (hover text and accessible
/// name) is [`describe`]. `cells` is the cluster view's (`use_mut_ref(Cells::default)`): a
/// plain function, not a component of its own (each component type costs the page's wasm its
/// own copy of Yew's lifecycle code).
pub fn overview(
    cells: &Rc<RefCell<Cells>>,
    nodes: &[Shared<NodeView>],
    selected: Option<&str>,
    on_select: &Callback<Selection>,
) -> Html {
    let (el, legend) = {
        let mut cells = cells.borrow_mut();
        (cells.render(nodes, selected), cells.legend())
    };
    let onclick = {
        let on_select = on_select.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(name) = cell_of(&e).and_then(|c| c.get_attribute("data-cell")) {
                on_select.emit(Selection::Node(name));
            }
        })
    };
    let onkeydown = {
        let (cells, on_select) = (cells.clone(), on_select.clone());
        Callback::from(move |e: KeyboardEvent| {
            let Some(c) = cell_of(&e) else { return };
            let name = c.get_attribute("data-cell").unwrap_or_default();
            let key = e.key();
            if key == "Enter" || key == " " {
                e.prevent_default();
                on_select.emit(Selection::Node(name));
                return;
            }
            let len = cells.borrow().shown.len() as i32;
            // ↑ and ↓: a row of a block.
            let step = match key.as_str() {
                "ArrowRight" => 1,
                "ArrowLeft" => -1,
                "ArrowDown" => TILE_COLS,
                "ArrowUp" => -TILE_COLS,
                _ => return,
            };
            e.prevent_default();
            let mut cells = cells.borrow_mut();
            let Some(at) = cells.shown.iter().position(|c| c.node.name == name) else {
                return;
            };
            let to = (at as i32 + step).clamp(0, len - 1) as usize;
            let _ = c.set_attribute("tabindex", "-1");
            if let Some(from) = cells.shown.get_mut(at) {
                from.tab = false;
            }
            let Some(next) = cells.shown.get_mut(to) else {
                return;
            };
            let _ = next.el.set_attribute("tabindex", "0");
            next.tab = true;
            if let Some(h) = next.el.dyn_ref::<HtmlElement>() {
                let _ = h.focus();
            }
            let name = next.node.name.clone();
            cells.active = Some(name);
        })
    };

    html! {
        <div class="overview">
            { legend.map_or_else(Html::default, |el| Html::VRef(el.into())) }
            <div class="overview-wrap" {onclick} {onkeydown}>
                { el.map_or_else(Html::default, |el| Html::VRef(el.into())) }
            </div>
        </div>
    }
}

/// The **Cards / Overview** toggle: `data-view="cards"` and `data-view="overview"`, the
/// current one pressed; `on_pick` gets whether the overview was picked.
pub fn view_toggle(overview: bool, on_pick: &Callback<bool>) -> Html {
    html! {
        <span class="view-toggle" role="group" aria-label="View">
            for (name, label, on) in [("cards", "Cards", false), ("overview", "Overview", true)] {
                <button type="button" class="small" data-view={name}
                    aria-pressed={(overview == on).to_string()}
                    onclick={on_pick.reform(move |_| on)}>{ label }</button>
            }
        </span>
    }
}
