//! `-o svg`: the cluster view as one self-contained SVG picture, for pages that run no
//! script (READMEs, PDFs, slides).
//!
//! [`to_string`] draws a [`ClusterView`] as the page shows it: node cards (role, `NotReady`
//! and `Cordoned` badges, taints, cpu/memory/pod bars), pod chips in their DaemonSet's colour
//! and their phase's style, the pods on no node, and the `kubectl get ds` table with each
//! DaemonSet's `kubectl rollout status` line. The same view always gives the same bytes: the
//! CLI (`dsplay simulate … -o svg`) and the page's **Download picture** write it from here.
//!
//! The picture needs nothing from outside: no fonts (generic families only), no images, no
//! scripts, no CSS (presentation attributes, which every SVG reader knows). Every name,
//! label and message is written as XML text, escaped; a character XML cannot hold becomes
//! U+FFFD. Text is laid out with monospace metrics (0.6 em a character), so a name that does
//! not fit its box is cut with `…`; the full name stays in the chip's `<title>`.
//!
//! The colours are the stylesheet's (`web/styles.css`): [`PALETTE`] is its `--c0` … `--c7`.

use super::{short_memory, DAEMON_SET_COLUMNS};
use crate::clock::{human_duration, SimDuration};
use crate::view::{ClusterView, DaemonSetView, NodeView, PodDisplayPhase, PodView};
use std::fmt::Write;

/// One colour per DaemonSet, by `color_index % 8`: the stylesheet's `--c0` … `--c7`.
pub const PALETTE: [&str; 8] = [
    "#2f6fe4", "#e4572e", "#17a398", "#9b51e0", "#e0a100", "#d63c8f", "#5c7c2f", "#64748b",
];

pub(super) const SANS: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";
const BG: &str = "#f4f6fa";
pub(super) const LINE: &str = "#dfe4ec";
pub(super) const INK: &str = "#1b2330";
pub(super) const INK2: &str = "#4b5668";
pub(super) const INK3: &str = "#5d6879";
pub(super) const ERR: &str = "#c81e2f";

/// Outer margin and panel padding.
const PAD: i64 = 16;
/// A node card's width, padding and the gap between cards.
const CARD_W: i64 = 280;
const CARD_PAD: i64 = 12;
const GAP: i64 = 12;

/// The picture of `view`: one SVG document (UTF-8, ends with a newline).
pub fn to_string(view: &ClusterView) -> String {
    picture(view).0
}

/// Pictures of several clusters next to each other, each under its label (`-o svg` of a
/// side-by-side scenario): each is [`to_string`]'s picture, nested at its place, so the
/// clusters look exactly as they do alone. One SVG document (UTF-8, ends with a newline).
pub fn side_by_side(sides: &[(String, ClusterView)]) -> String {
    const LABEL_H: i64 = 40;
    let pictures: Vec<(String, i64, i64)> = sides.iter().map(|(_, v)| picture(v)).collect();
    let width =
        pictures.iter().map(|p| p.1).sum::<i64>() + GAP * (pictures.len() as i64).saturating_sub(1);
    let height = LABEL_H + pictures.iter().map(|p| p.2).max().unwrap_or(0);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" font-family=\"{SANS}\">"
    );
    out.push_str("<title>");
    let labels: Vec<&str> = sides.iter().map(|(l, _)| l.as_str()).collect();
    escape(&mut out, &format!("Side by side: {}", labels.join(" | ")));
    out.push_str("</title>");
    let _ = write!(
        out,
        "<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>"
    );
    let mut x = 0;
    for ((label, _), (svg, w, _)) in sides.iter().zip(&pictures) {
        let mut head = Svg::default();
        head.text(x + PAD, 27, 160, INK, " font-weight=\"600\"", label);
        out.push_str(&head.0);
        // The picture's own root element, placed: `<svg x=".." y=".." ...`.
        let inner =
            svg.trim_end()
                .replacen("<svg ", &format!("<svg x=\"{x}\" y=\"{LABEL_H}\" "), 1);
        out.push_str(&inner);
        x += w + GAP;
    }
    out.push_str("</svg>\n");
    out
}

/// [`to_string`]'s picture with its width and height.
fn picture(view: &ClusterView) -> (String, i64, i64) {
    let n = view.nodes.len() as i64;
    let cols = match n {
        0..=4 => n.max(1),
        5..=16 => 4,
        _ => (1..).find(|c| c * c >= n).unwrap_or(1).min(12),
    };
    let grid_w = cols * CARD_W + (cols - 1) * GAP;
    let table = Table::new(view);
    let inner_w = grid_w.max(table.width).max(360);
    let width = inner_w + 4 * PAD;

    let mut body = Svg::default();
    // The top bar, as the page's.
    body.rect([0, 0, width, 44], 0, "#0f1b33", "");
    body.rect([PAD, 11, 22, 22], 6, "#326ce5", "");
    for (dx, dy) in [(7, 7), (15, 7), (7, 15), (15, 15)] {
        let _ = write!(
            body.0,
            "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"#f6b73c\"/>",
            PAD + dx,
            11 + dy
        );
    }
    body.text(
        PAD + 32,
        28,
        170,
        "#ffffff",
        " font-weight=\"700\"",
        "DaemonSet Playground",
    );
    let clock = human_duration(SimDuration(view.now.as_millis()));
    body.text_end(
        width - PAD,
        28,
        140,
        "#ffffff",
        MONO_ATTR,
        &format!("t = {clock}"),
    );

    // The cluster panel.
    let top = 44 + PAD;
    let mut y = top + PAD;
    let ready = view.nodes.iter().filter(|n| n.ready).count();
    let pods: usize = view.nodes.iter().map(|n| n.pods.len()).sum();
    body.text(2 * PAD, y + 14, 150, INK, " font-weight=\"650\"", "Cluster");
    body.text(
        2 * PAD + 70,
        y + 14,
        125,
        INK3,
        "",
        &format!("{n} nodes ({ready} Ready) · {pods} pods"),
    );
    y += 30;
    if view.nodes.is_empty() {
        body.text(2 * PAD, y + 12, 140, INK3, "", "No nodes.");
        y += 24;
    }
    for row in view.nodes.chunks(cols as usize) {
        let cards: Vec<(Svg, i64)> = row.iter().map(|node| card(view, node)).collect();
        let h = cards.iter().map(|c| c.1).max().unwrap_or(0);
        for (i, (content, _)) in cards.into_iter().enumerate() {
            let x = 2 * PAD + i as i64 * (CARD_W + GAP);
            card_frame(&mut body, &row[i], x, y, h);
            let _ = write!(body.0, "<g transform=\"translate({x},{y})\">");
            body.0.push_str(&content.0);
            body.0.push_str("</g>");
        }
        y += h + GAP;
    }
    if !view.unplaced_pods.is_empty() {
        y += 4;
        let _ = write!(
            body.0,
            "<path d=\"M{} {y}H{}\" stroke=\"{LINE}\" stroke-dasharray=\"4 3\"/>",
            2 * PAD,
            2 * PAD + inner_w
        );
        body.text(
            2 * PAD,
            y + 22,
            130,
            INK2,
            " font-weight=\"650\"",
            "PODS ON NO NODE",
        );
        let mut flow = Flow::new(2 * PAD, y + 32, inner_w);
        for pod in &view.unplaced_pods {
            chip(&mut body, &mut flow, view, pod, inner_w);
        }
        y = flow.bottom() + GAP;
    }
    let cluster_h = y - top + PAD - GAP;
    let cluster_panel = panel(PAD, top, inner_w + 2 * PAD, cluster_h);

    // The DaemonSets panel.
    let ds_top = top + cluster_h + PAD;
    let mut ds = Svg::default();
    table.draw(&mut ds, view, 2 * PAD, ds_top + PAD);
    let ds_h = table.height + 2 * PAD;
    let ds_panel = panel(PAD, ds_top, inner_w + 2 * PAD, ds_h);
    let height = ds_top + ds_h + PAD;

    let mut out = String::with_capacity(body.0.len() + ds.0.len() + 1024);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" font-family=\"{SANS}\">"
    );
    out.push_str("<title>");
    escape(
        &mut out,
        &format!(
            "DaemonSet Playground at {clock}: {n} nodes ({ready} Ready), {pods} pods, {} DaemonSets",
            view.daemon_sets.len()
        ),
    );
    out.push_str("</title>");
    // The control-plane card's stripes.
    out.push_str(
        "<defs><pattern id=\"cp\" width=\"20\" height=\"20\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"20\" height=\"20\" fill=\"#fbfcfe\"/>\
         <rect width=\"10\" height=\"20\" fill=\"#f3f6fb\"/></pattern></defs>",
    );
    let _ = write!(
        out,
        "<rect width=\"{width}\" height=\"{height}\" fill=\"{BG}\"/>"
    );
    out.push_str(&cluster_panel);
    out.push_str(&ds_panel);
    out.push_str(&body.0);
    out.push_str(&ds.0);
    out.push_str("</svg>\n");
    (out, width, height)
}

pub(super) const MONO_ATTR: &str =
    " font-family=\"ui-monospace, SFMono-Regular, 'DejaVu Sans Mono', Menlo, Consolas, monospace\"";

/// A white panel with the page's border.
fn panel(x: i64, y: i64, w: i64, h: i64) -> String {
    format!("<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"10\" fill=\"#ffffff\" stroke=\"{LINE}\"/>")
}

/// SVG markup being written.
#[derive(Default)]
pub(super) struct Svg(pub(super) String);

impl Svg {
    pub(super) fn rect(&mut self, [x, y, w, h]: [i64; 4], rx: i64, fill: &str, extra: &str) {
        let _ = write!(
            self.0,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"{rx}\" fill=\"{fill}\"{extra}/>"
        );
    }

    /// `text` at (`x`, baseline `y`), `size` in tenths of a pixel.
    pub(super) fn text(&mut self, x: i64, y: i64, size: i64, fill: &str, extra: &str, text: &str) {
        let _ = write!(
            self.0,
            "<text x=\"{x}\" y=\"{y}\" font-size=\"{}\" fill=\"{fill}\"{extra}>",
            Tenths(size)
        );
        escape(&mut self.0, text);
        self.0.push_str("</text>");
    }

    /// [`Svg::text`] ending at `x`.
    pub(super) fn text_end(
        &mut self,
        x: i64,
        y: i64,
        size: i64,
        fill: &str,
        extra: &str,
        text: &str,
    ) {
        let extra = format!(" text-anchor=\"end\"{extra}");
        self.text(x, y, size, fill, &extra, text);
    }
}

/// A font size in tenths of a pixel, written as `11.5`.
struct Tenths(i64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 % 10 {
            0 => write!(f, "{}", self.0 / 10),
            d => write!(f, "{}.{d}", self.0 / 10),
        }
    }
}

/// The width of `text` in monospace type of `size` tenths of a pixel (0.6 em a character).
fn width(text: &str, size: i64) -> i64 {
    (text.chars().count() as i64 * size * 6 + 99) / 100
}

/// `text`, cut with `…` to at most `max` pixels in type of `size`.
pub(super) fn fit(text: &str, max: i64, size: i64) -> String {
    if width(text, size) <= max {
        return text.to_string();
    }
    let keep = (max * 100 / (size * 6)).max(1) as usize - 1;
    let mut out: String = text.chars().take(keep).collect();
    out.push('…');
    out
}

/// `text` on lines of at most `max` pixels in type of `size`, broken after a `/`, `.`, `=`
/// or `:` where one is near the end of a line, else anywhere; at most three lines, the
/// last cut with `…`.
fn wrap(text: &str, max: i64, size: i64) -> Vec<String> {
    let per_line = (max * 100 / (size * 6)).max(2) as usize;
    let mut lines = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while rest.len() > per_line && lines.len() < 2 {
        let at = rest[per_line / 2..per_line]
            .iter()
            .rposition(|c| matches!(c, '/' | '.' | '=' | ':'))
            .map_or(per_line, |i| per_line / 2 + i + 1);
        lines.push(rest.drain(..at).collect());
    }
    lines.push(fit(&rest.into_iter().collect::<String>(), max, size));
    lines
}

/// `text` as XML character data or a quoted attribute's value.
pub(super) fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0's Char production: no other control characters, no U+FFFE/U+FFFF.
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// `hex` mixed with white (`toward` `#fff`) or black, `pct` percent of `hex` kept: CSS's
/// `color-mix(in srgb, hex pct%, white)`.
fn mix(hex: &str, pct: u32, white: bool) -> String {
    let other = if white { 255 } else { 0 };
    let mut out = String::from("#");
    for i in [1, 3, 5] {
        let c = hex
            .get(i..i + 2)
            .and_then(|s| u32::from_str_radix(s, 16).ok())
            .unwrap_or(0);
        let v = (c * pct + other * (100 - pct) + 50) / 100;
        let _ = write!(out, "{v:02x}");
    }
    out
}

/// Left-to-right placement that wraps at a width.
struct Flow {
    left: i64,
    right: i64,
    x: i64,
    y: i64,
    line: i64,
}

impl Flow {
    fn new(x: i64, y: i64, w: i64) -> Flow {
        Flow {
            left: x,
            right: x + w,
            x,
            y,
            line: 0,
        }
    }

    /// Where a box of `w` × `h` goes, with `gap` before the next one.
    fn place(&mut self, w: i64, h: i64, gap: i64) -> (i64, i64) {
        if self.x > self.left && self.x + w > self.right {
            self.x = self.left;
            self.y += self.line + gap;
            self.line = 0;
        }
        let at = (self.x, self.y);
        self.x += w + gap;
        self.line = self.line.max(h);
        at
    }

    /// The bottom of the last line.
    fn bottom(&self) -> i64 {
        self.y + self.line
    }
}

/// A card's box (drawn before its content, at the height of the tallest card of its row).
fn card_frame(body: &mut Svg, node: &NodeView, x: i64, y: i64, h: i64) {
    let (fill, stroke) = if !node.ready {
        ("#fff8ef", "#f1c48a")
    } else if node.role == "control-plane" {
        ("url(#cp)", LINE)
    } else {
        ("#fcfdff", LINE)
    };
    let dash = if node.unschedulable {
        " stroke-dasharray=\"6 4\""
    } else {
        ""
    };
    let extra = format!(" stroke=\"{stroke}\"{dash}");
    body.rect([x, y, CARD_W, h], 10, fill, &extra);
}

/// A node card's content, at (0, 0), and its height.
fn card(view: &ClusterView, node: &NodeView) -> (Svg, i64) {
    let mut s = Svg::default();
    let inner = CARD_W - 2 * CARD_PAD;
    let mut head = Flow::new(CARD_PAD, 10, inner);
    let name = fit(&node.name, inner, 135);
    let (x, y) = head.place(width(&name, 135), 18, 6);
    s.text(
        x,
        y + 14,
        135,
        INK,
        &format!("{MONO_ATTR} font-weight=\"700\""),
        &name,
    );
    let role = fit(&node.role, inner - 14, 110);
    let role_colors = if node.role == "control-plane" {
        ("#0f1b33", "#ffffff")
    } else {
        ("#e9eef7", INK2)
    };
    let mut badges = vec![(role.as_str(), role_colors.0, role_colors.1)];
    if !node.ready {
        badges.push(("NotReady", "#fde8c8", "#92400e"));
    }
    if node.unschedulable {
        badges.push(("Cordoned", "#e5e7eb", "#374151"));
    }
    for (text, fill, ink) in badges {
        let (x, y) = head.place(width(text, 110) + 14, 18, 6);
        s.rect([x, y + 1, width(text, 110) + 14, 16], 8, fill, "");
        s.text(x + 7, y + 13, 110, ink, " font-weight=\"600\"", text);
    }
    let mut y = head.bottom() + 6;
    if !node.taints.is_empty() {
        let mut flow = Flow::new(CARD_PAD, y, inner);
        for t in &node.taints {
            let lines = wrap(&t.to_string(), inner - 12, 110);
            let (fill, ink, stroke) = match t.effect.as_str() {
                "NoExecute" => ("#9b1c1c", "#ffffff", "#9b1c1c"),
                "PreferNoSchedule" => ("#fff7e6", "#92400e", "#f7dfb0"),
                _ => ("#fdecec", "#9b1c1c", "#f7caca"),
            };
            let w = lines.iter().map(|l| width(l, 110)).max().unwrap_or(0) + 12;
            let h = lines.len() as i64 * 13 + 4;
            let (x, ty) = flow.place(w, h, 4);
            s.rect([x, ty, w, h], 4, fill, &format!(" stroke=\"{stroke}\""));
            for (i, line) in lines.iter().enumerate() {
                s.text(x + 6, ty + 13 + i as i64 * 13, 110, ink, MONO_ATTR, line);
            }
        }
        y = flow.bottom() + 6;
    }
    // The usage bars.
    for (name, used, total, text) in [
        (
            "cpu",
            node.cpu_requested_milli,
            node.cpu_allocatable_milli,
            format!(
                "{}m / {}m",
                node.cpu_requested_milli, node.cpu_allocatable_milli
            ),
        ),
        (
            "mem",
            node.memory_requested_bytes,
            node.memory_allocatable_bytes,
            format!(
                "{} / {}",
                short_memory(node.memory_requested_bytes),
                short_memory(node.memory_allocatable_bytes)
            ),
        ),
        (
            "pods",
            node.pod_count,
            node.pod_allocatable,
            format!("{} / {}", node.pod_count, node.pod_allocatable),
        ),
    ] {
        s.text(CARD_PAD, y + 11, 110, INK3, MONO_ATTR, name);
        let text = fit(&text, 110, 110);
        let track = inner - 40 - width(&text, 110) - 6;
        s.rect([CARD_PAD + 40, y + 5, track, 6], 3, "#e8ecf3", "");
        let fill = if total > 0 {
            (used.clamp(0, total) as i128 * track as i128 / total as i128) as i64
        } else {
            0
        };
        if fill > 0 {
            let full = used.saturating_mul(10) >= total.saturating_mul(9);
            s.rect(
                [CARD_PAD + 40, y + 5, fill, 6],
                3,
                if full { ERR } else { "#6b8fd8" },
                "",
            );
        }
        s.text_end(CARD_PAD + inner, y + 11, 110, INK3, MONO_ATTR, &text);
        y += 15;
    }
    y += 6;
    if node.pods.is_empty() {
        s.text(
            CARD_PAD,
            y + 16,
            125,
            INK3,
            " font-style=\"italic\"",
            "No daemon pods",
        );
        return (s, y + 24 + CARD_PAD);
    }
    let mut flow = Flow::new(CARD_PAD, y + 4, inner);
    for pod in &node.pods {
        chip(&mut s, &mut flow, view, pod, inner);
    }
    let h = flow.bottom() + CARD_PAD;
    (s, h)
}

/// The DaemonSet colour of `pod` (the last palette colour for a pod of no DaemonSet).
fn pod_color(view: &ClusterView, pod: &PodView) -> &'static str {
    let index = pod
        .daemon_set
        .as_deref()
        .and_then(|name| {
            view.daemon_sets
                .iter()
                .find(|d| d.name == name && d.namespace == pod.namespace)
        })
        .map_or(7, |d| d.color_index % 8);
    PALETTE[index as usize]
}

/// One pod chip placed in `flow` (at most `max` wide): its DaemonSet's name, the pod's own
/// suffix and its phase with the phase's icon.
fn chip(s: &mut Svg, flow: &mut Flow, view: &ClusterView, pod: &PodView, max: i64) {
    let c = pod_color(view, pod);
    let ds = pod.daemon_set.as_deref().unwrap_or_default();
    let short = pod
        .name
        .strip_prefix(ds)
        .and_then(|s| s.strip_prefix('-'))
        .filter(|_| !ds.is_empty())
        .unwrap_or(&pod.name);
    let phase = pod.phase.as_str();
    let room = max - 21;
    let ds_text = fit(ds, room, 115);
    let name = fit(short, room - width(phase, 110) - 20, 110);
    let line = width(&name, 110) + 20 + width(phase, 110);
    let w = width(&ds_text, 115).max(line) + 21;
    let h = if ds.is_empty() { 20 } else { 34 };
    let (x, y) = flow.place(w, h, 6);
    let (fill, stroke, bar, ink) = match pod.phase {
        PodDisplayPhase::Pending => ("#ffffff".to_string(), mix(c, 45, true), c, "#a16207"),
        PodDisplayPhase::ContainerCreating => (mix(c, 9, true), mix(c, 45, true), c, "#1d4ed8"),
        PodDisplayPhase::Running => (mix(c, 9, true), mix(c, 45, true), c, "#0e7490"),
        PodDisplayPhase::Ready => (mix(c, 9, true), mix(c, 45, true), c, "#166534"),
        PodDisplayPhase::Terminating => {
            ("#f4f4f5".to_string(), "#d4d4d8".to_string(), c, "#52525b")
        }
        PodDisplayPhase::Failed => ("#fdecec".to_string(), "#f5b5b5".to_string(), ERR, "#b91c1c"),
        PodDisplayPhase::Succeeded => (mix(c, 9, true), mix(c, 45, true), c, "#4b5563"),
    };
    let _ = write!(s.0, "<g><title>");
    escape(&mut s.0, &pod.name);
    let _ = write!(s.0, " {phase}</title>");
    let dash = match pod.phase {
        PodDisplayPhase::Pending => " stroke-dasharray=\"4 2\"",
        PodDisplayPhase::Terminating => " stroke-dasharray=\"1.5 2\"",
        _ => "",
    };
    // A terminating chip is greyed, its words in the phase's grey (as the page's).
    let (ds_ink, name_ink) = if pod.phase == PodDisplayPhase::Terminating {
        (ink.to_string(), ink)
    } else {
        (mix(c, 60, false), INK2)
    };
    s.rect(
        [x, y, w, h],
        7,
        &fill,
        &format!(" stroke=\"{stroke}\"{dash}"),
    );
    let _ = write!(
        s.0,
        "<path d=\"M{} {y}H{}A7 7 0 0 0 {x} {}V{}A7 7 0 0 0 {} {}H{}Z\" fill=\"{bar}\"/>",
        x + 5,
        x + 7,
        y + 7,
        y + h - 7,
        x + 7,
        y + h,
        x + 5
    );
    let mut ly = y + 15;
    if !ds.is_empty() {
        s.text(x + 12, ly, 115, &ds_ink, " font-weight=\"650\"", &ds_text);
        ly += 14;
    }
    s.text(x + 12, ly, 110, name_ink, MONO_ATTR, &name);
    let ix = x + 12 + width(&name, 110) + 10;
    phase_icon(s, pod.phase, ix, ly - 4, ink);
    s.text(ix + 8, ly, 110, ink, " font-weight=\"600\"", phase);
    s.0.push_str("</g>");
}

/// The phase's icon, an 8 px mark centred at (`cx`, `cy`), as the page's `.pod-phase::before`.
fn phase_icon(s: &mut Svg, phase: PodDisplayPhase, cx: i64, cy: i64, ink: &str) {
    let ring = |s: &mut Svg, extra: &str| {
        let _ = write!(
            s.0,
            "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"3\" fill=\"none\" stroke=\"{ink}\" stroke-width=\"2\"{extra}/>"
        );
    };
    match phase {
        PodDisplayPhase::Ready => {
            let _ = write!(
                s.0,
                "<circle cx=\"{cx}\" cy=\"{cy}\" r=\"4\" fill=\"{ink}\"/>"
            );
        }
        PodDisplayPhase::Failed => s.rect([cx - 4, cy - 4, 8, 8], 2, ink, ""),
        PodDisplayPhase::Running => {
            ring(s, "");
            let _ = write!(
                s.0,
                "<path d=\"M{cx} {}A4 4 0 0 0 {cx} {}Z\" fill=\"{ink}\"/>",
                cy - 4,
                cy + 4
            );
        }
        PodDisplayPhase::ContainerCreating => ring(s, " stroke-dasharray=\"14 5\""),
        PodDisplayPhase::Terminating => ring(s, " stroke-dasharray=\"1.5 1.5\""),
        PodDisplayPhase::Pending | PodDisplayPhase::Succeeded => ring(s, ""),
    }
}

/// The `kubectl get ds` table (with a NAMESPACE column when a DaemonSet is outside
/// `default`, as `-A`), laid out in columns.
struct Table {
    /// The cells, header first.
    rows: Vec<Vec<String>>,
    /// Each column's left edge, from the table's.
    cols: Vec<i64>,
    width: i64,
    height: i64,
    all_ns: bool,
}

/// Table type: 12.5 px monospace.
const TABLE_SIZE: i64 = 125;
const ROW_H: i64 = 22;

impl Table {
    fn new(view: &ClusterView) -> Table {
        let all_ns = view.daemon_sets.iter().any(|d| d.namespace != "default");
        let mut header: Vec<String> = DAEMON_SET_COLUMNS.iter().map(|s| s.to_string()).collect();
        if all_ns {
            header.insert(0, "NAMESPACE".to_string());
        }
        let mut rows = vec![header];
        for d in &view.daemon_sets {
            let mut row: Vec<String> = vec![
                d.name.clone(),
                d.desired.to_string(),
                d.current.to_string(),
                d.ready.to_string(),
                d.up_to_date.to_string(),
                d.available.to_string(),
                d.node_selector.clone(),
                view.now.age_since(d.created),
            ];
            if all_ns {
                row.insert(0, d.namespace.clone());
            }
            rows.push(row);
        }
        // Cut a cell that would make the picture absurdly wide (a 253-character name).
        for row in &mut rows {
            for cell in row.iter_mut() {
                *cell = fit(cell, 420, TABLE_SIZE);
            }
        }
        let name_col = usize::from(all_ns);
        let mut cols = Vec::new();
        let mut x = 0;
        for i in 0..rows[0].len() {
            cols.push(x);
            let swatch = if i == name_col { 16 } else { 0 };
            x += rows
                .iter()
                .map(|r| width(&r[i], TABLE_SIZE))
                .max()
                .unwrap_or(0)
                + swatch
                + 12;
        }
        let rollout = view
            .daemon_sets
            .iter()
            .map(|d| width(&rollout_line(d), TABLE_SIZE) + 16)
            .max()
            .unwrap_or(0);
        let body = if view.daemon_sets.is_empty() {
            ROW_H
        } else {
            rows.len() as i64 * ROW_H + 10 + view.daemon_sets.len() as i64 * 26
        };
        Table {
            rows,
            cols,
            width: x.max(rollout),
            height: 30 + body,
            all_ns,
        }
    }

    fn draw(&self, s: &mut Svg, view: &ClusterView, x: i64, y: i64) {
        s.text(x, y + 14, 150, INK, " font-weight=\"650\"", "DaemonSets");
        let cmd = if self.all_ns {
            "kubectl get ds -A"
        } else {
            "kubectl get ds"
        };
        s.text(x + 112, y + 14, 125, INK3, MONO_ATTR, cmd);
        let mut y = y + 30;
        if view.daemon_sets.is_empty() {
            s.text(
                x,
                y + 14,
                140,
                INK3,
                "",
                "No resources found in default namespace.",
            );
            return;
        }
        let name_col = usize::from(self.all_ns);
        for (r, row) in self.rows.iter().enumerate() {
            let (ink, weight) = if r == 0 {
                (INK3, " font-weight=\"600\"")
            } else {
                (INK, "")
            };
            for (i, cell) in row.iter().enumerate() {
                let mut cx = x + self.cols[i];
                if r > 0 && i == name_col {
                    let color = view.daemon_sets.get(r - 1).map_or(7, |d| d.color_index % 8);
                    s.rect([cx, y + 6, 10, 10], 3, PALETTE[color as usize], "");
                    cx += 16;
                }
                s.text(
                    cx,
                    y + 15,
                    TABLE_SIZE,
                    ink,
                    &format!("{MONO_ATTR}{weight}"),
                    cell,
                );
            }
            y += ROW_H;
            let line = if r == 0 { LINE } else { "#eef1f6" };
            let _ = write!(
                s.0,
                "<path d=\"M{x} {}H{}\" stroke=\"{line}\"/>",
                y - 1,
                x + self.width
            );
        }
        y += 10;
        for d in &view.daemon_sets {
            let done = d.rollout_status.contains("successfully");
            s.rect([x, y, self.width, 22], 6, "#f6f8fb", "");
            let cmd = format!("$ kubectl rollout status ds/{}", d.name);
            s.text(x + 8, y + 15, TABLE_SIZE, INK3, MONO_ATTR, &cmd);
            let status = if done { "#166534" } else { "#92400e" };
            let sx = x + 8 + width(&cmd, TABLE_SIZE) + 10;
            let text = fit(
                &d.rollout_status,
                (x + self.width - sx - 8).max(60),
                TABLE_SIZE,
            );
            s.text(sx, y + 15, TABLE_SIZE, status, MONO_ATTR, &text);
            y += 26;
        }
    }
}

/// A rollout line's whole text, for its width.
fn rollout_line(d: &DaemonSetView) -> String {
    format!(
        "$ kubectl rollout status ds/{}  {}",
        d.name, d.rollout_status
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::TaintView;

    #[test]
    fn palette_is_the_stylesheets() {
        let css = include_str!("../../../../web/styles.css");
        for (i, c) in PALETTE.iter().enumerate() {
            assert!(
                css.contains(&format!("--c{i}: {c};")),
                "--c{i} is not {c} in web/styles.css"
            );
        }
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut out = String::new();
        escape(
            &mut out,
            "<img src=x onerror=alert(1)> & \"q\" 'a' \u{1}\u{FFFF}",
        );
        assert_eq!(
            out,
            "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &apos;a&apos; \u{FFFD}\u{FFFD}"
        );
    }

    #[test]
    fn long_text_is_cut_to_its_box() {
        assert_eq!(fit("worker-1", 100, 110), "worker-1");
        let cut = fit(&"a".repeat(300), 100, 110);
        assert!(width(&cut, 110) <= 100, "{cut}");
        assert!(cut.ends_with('…'));
        assert_eq!(mix("#2f6fe4", 9, true), "#ecf2fd");
        let taint = "node-role.kubernetes.io/control-plane:NoSchedule";
        assert_eq!(
            wrap(taint, 200, 110),
            ["node-role.kubernetes.io/", "control-plane:NoSchedule"]
        );
        assert_eq!(wrap("a", 200, 110), ["a"]);
        let long = wrap(&"x".repeat(1000), 200, 110);
        assert_eq!(long.len(), 3);
        assert!(long.iter().all(|l| width(l, 110) <= 200), "{long:?}");
        assert_eq!(Tenths(115).to_string(), "11.5");
        assert_eq!(Tenths(110).to_string(), "11");
    }

    #[test]
    fn same_view_same_bytes_and_every_node_and_pod_is_drawn() {
        let pod = |name: &str, phase| PodView {
            name: name.into(),
            namespace: "default".into(),
            daemon_set: Some("agent".into()),
            phase,
            ..PodView::default()
        };
        let view = ClusterView {
            nodes: vec![NodeView {
                name: "worker-1".into(),
                role: "worker".into(),
                unschedulable: true,
                taints: vec![TaintView {
                    key: "k".into(),
                    value: "v".into(),
                    effect: "NoExecute".into(),
                }],
                pods: vec![
                    pod("agent-a", PodDisplayPhase::Ready),
                    pod("agent-b", PodDisplayPhase::Failed),
                    pod("agent-c", PodDisplayPhase::Terminating),
                ],
                ..NodeView::default()
            }],
            daemon_sets: vec![DaemonSetView {
                namespace: "default".into(),
                name: "agent".into(),
                color_index: 2,
                ..DaemonSetView::default()
            }],
            ..ClusterView::default()
        };
        let svg = to_string(&view);
        assert_eq!(svg, to_string(&view));
        for text in [
            ">worker-1<",
            ">Cordoned<",
            ">NotReady<",
            ">k=v:NoExecute<",
            ">a<",
            ">Failed<",
            "agent-b Failed</title>",
        ] {
            assert!(svg.contains(text), "{text} missing");
        }
        assert!(svg.contains(PALETTE[2]));
        // Terminating: a dotted chip, its words grey.
        assert!(svg.contains("stroke-dasharray=\"1.5 2\""));
        assert!(svg.contains("fill=\"#52525b\" font-weight=\"650\">agent<"));
    }
}
