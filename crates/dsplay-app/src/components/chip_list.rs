//! The pod chips of a node card, kept in the DOM by hand rather than by Yew's diff.
//!
//! A DaemonSet applied to a cluster adds a chip to every node card at once. Having Yew build
//! and compare every card's chips again (a handful of attributes each, most of them unchanged)
//! cost more than the rest of the page's render, so each card keeps its chips' elements and
//! touches only what changed: a new pod gets a new element (inserted in its place, so its
//! entry animation plays once), a pod whose phase, revision or selection changed gets those
//! attributes set, and a pod that is gone is shown as "leaving" until the card's next update.
//! The chips look and read exactly as [`pod_chip`](super::pod_chip::pod_chip) renders them.

use crate::components::pod_chip::{chip_class, chip_label, chip_name, color_class};
use dsplay_core::view::PodView;
use web_sys::Element;

/// One chip on the page and what it shows.
struct Chip {
    namespace: String,
    name: String,
    class: String,
    phase: &'static str,
    selected: bool,
    el: Element,
}

/// One card's `.pods` element: its chips in the pods' order, then the leaving ones, then
/// "No daemon pods" when there are none (full-size cards).
#[derive(Default)]
pub struct ChipList {
    /// The `.pods` element (made at the first render, then the card's for good).
    list: Option<Element>,
    compact: bool,
    chips: Vec<Chip>,
    leaving: Vec<Element>,
    no_pods: Option<Element>,
}

/// What one pod's chip shows.
pub struct ChipSpec<'a> {
    /// The pod.
    pub pod: &'a PodView,
    /// Its DaemonSet's colour index.
    pub color: u32,
    /// The pod is the selected one.
    pub selected: bool,
}

impl ChipList {
    /// The `.pods` element, made to show `pods` (in this order), the chips of pods that were
    /// there at the last call and are not now as leaving, and "No daemon pods" on a full-size
    /// card without any. Called as the card renders (the card puts the element in its markup
    /// as is), so the chips change in the same render as the rest of the card.
    pub fn render<'a>(
        &mut self,
        pods: impl ExactSizeIterator<Item = ChipSpec<'a>>,
        compact: bool,
    ) -> Option<Element> {
        let list = match &self.list {
            Some(list) => list.clone(),
            None => {
                let list = web_sys::window()?.document()?.create_element("div").ok()?;
                list.set_class_name("pods");
                self.list = Some(list.clone());
                self.compact = compact;
                list
            }
        };
        let no_pods = pods.len() == 0 && !compact;
        if !no_pods {
            if let Some(el) = self.no_pods.take() {
                el.remove();
            }
        }
        self.sync(&list, pods, compact);
        match (&self.no_pods, no_pods) {
            (None, true) => {
                self.no_pods = insert_markup(
                    &list,
                    None,
                    "<span class=\"no-pods\">No daemon pods <button type=\"button\" class=\"linkish\">Why?</button></span>",
                    1,
                )
                .pop()
                .flatten();
            }
            (Some(el), false) => {
                el.remove();
                self.no_pods = None;
            }
            _ => {}
        }
        Some(list)
    }

    fn sync<'a>(
        &mut self,
        list: &Element,
        pods: impl ExactSizeIterator<Item = ChipSpec<'a>>,
        compact: bool,
    ) {
        // Chips that were leaving at the last update have played their animation.
        for el in self.leaving.drain(..) {
            el.remove();
        }
        if self.compact != compact {
            for chip in self.chips.drain(..) {
                chip.el.remove();
            }
            self.compact = compact;
        }
        let mut old: Vec<Option<Chip>> = self.chips.drain(..).map(Some).collect();
        // Each pod's chip: a kept one (with its old place), or the markup of a new one.
        let mut next: Vec<Slot> = Vec::with_capacity(pods.len());
        // Pods mostly keep their order: look for each one from just after the last found.
        let mut cursor = 0;
        for spec in pods {
            let pod = spec.pod;
            let found = (cursor..old.len())
                .chain(0..cursor.min(old.len()))
                .find(|&i| {
                    old[i]
                        .as_ref()
                        .is_some_and(|c| c.name == pod.name && c.namespace == pod.namespace)
                });
            match found.and_then(|i| old[i].take().map(|c| (i, c))) {
                Some((i, mut chip)) => {
                    cursor = i + 1;
                    update(&mut chip, &spec, compact);
                    next.push(Slot::Kept(chip, i));
                }
                None => next.push(Slot::New(new_chip(&spec, compact))),
            }
        }
        // The kept chips are in the page in their old order. If that is still their order,
        // each run of new chips goes in (as one piece of markup) before the kept chip that
        // follows it; otherwise every chip is put in order.
        let in_order = next
            .iter()
            .filter_map(|s| match s {
                Slot::Kept(_, i) => Some(*i),
                _ => None,
            })
            .try_fold(None, |prev: Option<usize>, i| {
                (prev.is_none_or(|p| p < i)).then_some(Some(i))
            })
            .is_some();
        // Built from the end, so that each chip's following one is already in place.
        let mut placed: Vec<Chip> = Vec::with_capacity(next.len());
        let mut following: Option<Element> = None;
        let mut end = next.len();
        while end > 0 {
            if matches!(next[end - 1], Slot::New(_)) {
                let mut start = end - 1;
                while start > 0 && matches!(next[start - 1], Slot::New(_)) {
                    start -= 1;
                }
                let markup: String = next[start..end]
                    .iter()
                    .filter_map(|s| match s {
                        Slot::New(m) => Some(m.html.as_str()),
                        _ => None,
                    })
                    .collect();
                let made = insert_markup(list, following.as_ref(), &markup, end - start);
                for (slot, el) in next[start..end].iter_mut().zip(made).rev() {
                    if let (Slot::New(m), Some(el)) = (slot, el) {
                        following = Some(el.clone());
                        placed.push(m.chip(el));
                    }
                }
                end = start;
            } else {
                if let Slot::Kept(chip, _) = std::mem::replace(&mut next[end - 1], Slot::Taken) {
                    if !in_order {
                        let _ =
                            list.insert_before(&chip.el, following.as_ref().map(|e| e.as_ref()));
                    }
                    following = Some(chip.el.clone());
                    placed.push(chip);
                }
                end -= 1;
            }
        }
        placed.reverse();
        // Pods gone since the last update: a leaving chip in their place at the end.
        let gone: Vec<Chip> = old.into_iter().flatten().collect();
        if !gone.is_empty() {
            let mut markup = String::new();
            for chip in &gone {
                chip.el.remove();
                leaving_markup(&mut markup, chip, compact);
            }
            self.leaving = insert_markup(list, None, &markup, gone.len())
                .into_iter()
                .flatten()
                .collect();
        }
        self.chips = placed;
    }
}

/// A pod's place in the list being built.
enum Slot {
    Kept(Chip, usize),
    New(NewChip),
    Taken,
}

/// A chip not in the page yet: its markup and what it shows.
struct NewChip {
    html: String,
    namespace: String,
    name: String,
    class: String,
    phase: &'static str,
    selected: bool,
}

impl NewChip {
    fn chip(&mut self, el: Element) -> Chip {
        Chip {
            namespace: std::mem::take(&mut self.namespace),
            name: std::mem::take(&mut self.name),
            class: std::mem::take(&mut self.class),
            phase: self.phase,
            selected: self.selected,
            el,
        }
    }
}

/// Inserts `markup` (`count` elements) before `following` (at the end of `list` when `None`)
/// and returns the new elements in order. One call into the DOM for a run of chips, rather
/// than one per attribute of each.
fn insert_markup(
    list: &Element,
    following: Option<&Element>,
    markup: &str,
    count: usize,
) -> Vec<Option<Element>> {
    let inserted = match following {
        Some(f) => f.insert_adjacent_html("beforebegin", markup),
        None => list.insert_adjacent_html("beforeend", markup),
    };
    let mut made = vec![None; count];
    if inserted.is_err() {
        return made;
    }
    let mut at = match following {
        Some(f) => f.previous_element_sibling(),
        None => list.last_element_child(),
    };
    for slot in made.iter_mut().rev() {
        let Some(el) = at else { break };
        at = el.previous_element_sibling();
        *slot = Some(el);
    }
    made
}

/// Sets what changed on a kept chip.
fn update(chip: &mut Chip, spec: &ChipSpec<'_>, compact: bool) {
    let pod = spec.pod;
    let phase = pod.phase.as_str();
    let class = chip_class(pod, spec.color, spec.selected, compact);
    if class != chip.class {
        chip.el.set_class_name(&class);
        chip.class = class;
    }
    if phase != chip.phase {
        let _ = chip.el.set_attribute("data-phase", phase);
        let label = chip_label(pod);
        let _ = chip.el.set_attribute("aria-label", &label);
        if compact {
            let _ = chip.el.set_attribute("title", &label);
        }
        if !compact {
            if let Ok(Some(el)) = chip.el.query_selector(".pod-phase") {
                el.set_text_content(Some(phase));
            }
        }
        chip.phase = phase;
    }
    if spec.selected != chip.selected {
        if spec.selected {
            let _ = chip.el.set_attribute("aria-current", "true");
        } else {
            let _ = chip.el.remove_attribute("aria-current");
        }
        chip.selected = spec.selected;
    }
}

/// A new chip's markup, as `pod_chip` renders it.
fn new_chip(spec: &ChipSpec<'_>, compact: bool) -> NewChip {
    let pod = spec.pod;
    let phase = pod.phase.as_str();
    let ds = pod.daemon_set.as_deref().unwrap_or_default();
    let class = chip_class(pod, spec.color, spec.selected, compact);
    let label = chip_label(pod);
    let mut html = String::with_capacity(256);
    html.push_str("<button type=\"button\" class=\"");
    html.push_str(&class);
    for (name, value) in [
        ("data-pod", pod.name.as_str()),
        ("data-phase", phase),
        ("data-daemonset", ds),
        ("aria-label", &label),
    ] {
        html.push_str("\" ");
        html.push_str(name);
        html.push_str("=\"");
        escape_into(&mut html, value);
    }
    html.push('"');
    if spec.selected {
        html.push_str(" aria-current=\"true\"");
    }
    if compact {
        html.push_str(" title=\"");
        escape_into(&mut html, &label);
        html.push_str("\">");
    } else {
        html.push('>');
        text_parts(&mut html, ds, chip_name(pod));
        // `text_parts` leaves `.pod-line` open for the phase.
        html.push_str(" <span class=\"pod-phase\">");
        html.push_str(phase);
        html.push_str("</span></span>");
    }
    html.push_str("</button>");
    NewChip {
        html,
        namespace: pod.namespace.clone(),
        name: pod.name.clone(),
        class,
        phase,
        selected: spec.selected,
    }
}

/// The markup of the chip shown in place of a pod that is gone (`aria-hidden`, no `data-pod`).
fn leaving_markup(html: &mut String, chip: &Chip, compact: bool) {
    let color = chip
        .class
        .split(' ')
        .find(|c| c.starts_with("ds-c"))
        .unwrap_or(color_class(0));
    html.push_str("<span aria-hidden=\"true\" class=\"pod leaving ");
    html.push_str(color);
    if compact {
        html.push_str(" compact\">");
    } else {
        html.push_str("\">");
        let ds = chip.el.get_attribute("data-daemonset").unwrap_or_default();
        text_parts(html, &ds, &chip.name);
        html.push_str("</span>");
    }
    html.push_str("</span>");
}

/// `<span class="pod-ds">ds</span><span class="pod-line"><span class="pod-name">name</span>`
/// (`.pod-line` left open).
fn text_parts(html: &mut String, ds: &str, name: &str) {
    html.push_str("<span class=\"pod-ds\">");
    escape_into(html, ds);
    // The space: the text reads `DAEMONSET SUFFIX PHASE`, as the accessible name's words.
    html.push_str("</span> <span class=\"pod-line\"><span class=\"pod-name\">");
    escape_into(html, name);
    html.push_str("</span>");
}

/// `text` as HTML text or a quoted attribute's value.
pub fn escape_into(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
}
