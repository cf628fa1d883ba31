//! `-o chart`: a DaemonSet's status over simulated time as one self-contained SVG chart.
//!
//! [`to_string`] draws one DaemonSet's [`Series`] (from [`crate::timeline::History`]) over a
//! [`Span`] of time: a step line for each of `desired`, `current`, `ready`, `up-to-date`,
//! `available` and `unavailable` (the `.status` numbers, as the controller wrote them), the
//! rollouts' start and end as dashed vertical lines, and the run's steps as ticks along the
//! top (each with a `<title>` naming the step and its time). [`stacked`] puts several
//! charts one above the other on one time axis: `dsplay simulate … -o chart` writes every
//! DaemonSet's, the page's Timeline panel draws them, and side by side stacks two runs'.
//!
//! Like [`super::svg`]: no script, font, image or CSS (presentation attributes only), text
//! escaped, whole pixels, and the same input always gives the same bytes. The geometry
//! ([`WIDTH`], [`HEIGHT`], [`x_of`], [`time_at`]) is public so that a page can lay a hover
//! or a scrubber over the picture.

use super::svg::{escape, fit, Svg, INK, INK2, INK3, LINE, MONO_ATTR, PALETTE, SANS};
use crate::clock::{human_duration, SimDuration, SimTime};
use crate::timeline::{History, Mark, MarkKind, Series, StatusSample};
use std::fmt::Write;

/// A chart's width (the `viewBox`'s, in pixels).
pub const WIDTH: i64 = 720;
/// A chart's height.
pub const HEIGHT: i64 = 240;
/// Where the plot starts, from the left.
pub const PLOT_LEFT: i64 = 44;
/// Where the plot ends, from the left.
pub const PLOT_RIGHT: i64 = WIDTH - 16;
const PLOT_TOP: i64 = 66;
const PLOT_BOTTOM: i64 = HEIGHT - 28;

/// The colour of each line, in the order of [`StatusSample::FIELDS`] (`desired` is drawn
/// dashed, in ink).
pub const LINE_COLORS: [&str; 6] = [INK, "#2f6fe4", "#17a398", "#9b51e0", "#5c7c2f", "#c81e2f"];

/// Stroke widths, drawn widest first, so that lines on the same values show as bands.
const LINE_WIDTHS: [i64; 6] = [2, 9, 6, 4, 2, 2];
/// Drawing order: the wide bands first, `desired` and `unavailable` on top.
const DRAW_ORDER: [usize; 6] = [1, 2, 3, 4, 0, 5];

/// The stretch of simulated time a chart shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Its start (left edge).
    pub from: SimTime,
    /// Its end (right edge); a span of no length is drawn as one of 1 s.
    pub to: SimTime,
}

impl Span {
    /// `from` to `to`.
    pub fn new(from: SimTime, to: SimTime) -> Span {
        Span {
            from,
            to: to.max(from),
        }
    }

    fn millis(self) -> u64 {
        self.to.since(self.from).as_millis().max(1000)
    }
}

/// The x position of `at` in a chart of `span` (clamped to the plot).
pub fn x_of(at: SimTime, span: Span) -> i64 {
    let t = at.since(span.from).as_millis().min(span.millis());
    let w = (PLOT_RIGHT - PLOT_LEFT) as u128;
    PLOT_LEFT + (u128::from(t) * w / u128::from(span.millis())) as i64
}

/// The moment at x position `x` of a chart of `span` (clamped to the span): the inverse of
/// [`x_of`], for a pointer over the picture.
pub fn time_at(x: f64, span: Span) -> SimTime {
    let f = ((x - PLOT_LEFT as f64) / (PLOT_RIGHT - PLOT_LEFT) as f64).clamp(0.0, 1.0);
    let t = span
        .from
        .plus(SimDuration((f * span.millis() as f64).round() as u64));
    t.min(span.to)
}

/// The chart of one DaemonSet's series with `marks` over `span`: one SVG document (UTF-8,
/// ends with a newline).
pub fn to_string(series: &Series, marks: &[Mark], span: Span) -> String {
    stacked(&[(series, marks)], span)
}

/// Every DaemonSet's chart in `history`, each with its marks, one above the other over `span`
/// ([`stacked`]): `dsplay simulate … -o chart`, and each side of a side-by-side run.
pub fn history(history: &History, span: Span) -> String {
    let marks: Vec<_> = history
        .series()
        .iter()
        .map(|s| history.marks_for(s))
        .collect();
    let charts: Vec<_> = history
        .series()
        .iter()
        .zip(&marks)
        .map(|(s, m)| (s, m.as_slice()))
        .collect();
    stacked(&charts, span)
}

/// Charts one above the other, on the same time axis: one SVG document. No charts: a
/// picture that says there is no DaemonSet.
pub fn stacked(charts: &[(&Series, &[Mark])], span: Span) -> String {
    let n = charts.len().max(1) as i64;
    let height = n * HEIGHT;
    let mut out = String::with_capacity(4096 * charts.len() + 512);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" \
         viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" font-family=\"{SANS}\">"
    );
    out.push_str("<title>");
    let names: Vec<String> = charts.iter().map(|(s, _)| s.title()).collect();
    let title = if names.is_empty() {
        "No DaemonSets".to_string()
    } else {
        format!(
            "Status of DaemonSet {} from {} to {}",
            names.join(", "),
            human_duration(SimDuration(span.from.as_millis())),
            human_duration(SimDuration(span.to.as_millis()))
        )
    };
    escape(&mut out, &title);
    out.push_str("</title>");
    let _ = write!(
        out,
        "<rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>"
    );
    if charts.is_empty() {
        let mut s = Svg::default();
        s.text(PLOT_LEFT, HEIGHT / 2, 130, INK3, "", "No DaemonSets.");
        out.push_str(&s.0);
    }
    for (i, (series, marks)) in charts.iter().enumerate() {
        let _ = write!(
            out,
            "<g transform=\"translate(0,{})\" data-daemonset=\"",
            i as i64 * HEIGHT
        );
        escape(&mut out, &series.title());
        out.push_str("\">");
        chart(&mut out, series, marks, span);
        out.push_str("</g>");
    }
    out.push_str("</svg>\n");
    out
}

/// The largest value drawn, rounded up to a tick, and the tick step.
fn scale(samples: &[StatusSample]) -> (i64, i64) {
    let max = samples
        .iter()
        .flat_map(|s| s.values())
        .max()
        .unwrap_or(0)
        .max(1) as i64;
    let mut step = 1;
    while max / step > 4 {
        step = match step.to_string().as_bytes().first() {
            Some(b'1') => step * 2,
            Some(b'2') => step / 2 * 5,
            _ => step * 2,
        };
    }
    let top = (max + step - 1) / step * step;
    (top, step)
}

fn y_of(v: i32, top: i64) -> i64 {
    PLOT_BOTTOM - i64::from(v.max(0)) * (PLOT_BOTTOM - PLOT_TOP) / top.max(1)
}

fn chart(out: &mut String, series: &Series, marks: &[Mark], span: Span) {
    let mut s = Svg::default();
    // Title: the DaemonSet's colour and name.
    let color = PALETTE[(series.color_index % 8) as usize];
    s.rect([12, 10, 12, 12], 3, color, "");
    s.text(
        30,
        21,
        130,
        INK,
        " font-weight=\"650\"",
        &fit(&format!("daemonset/{}", series.title()), 250, 130),
    );
    // Legend, on a row of its own.
    let mut x = 12;
    for (i, name) in StatusSample::FIELDS.iter().enumerate() {
        let dash = if i == 0 {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        };
        let _ = write!(
            s.0,
            "<path d=\"M{x} 36h16\" stroke=\"{}\" stroke-width=\"3\"{dash}/>",
            LINE_COLORS[i]
        );
        s.text(x + 20, 40, 105, INK2, "", name);
        x += 20 + (name.len() as i64 * 63 + 9) / 10 + 10;
    }
    // The samples in the span: the value at its start, then each change in it.
    let first = series.sample_at(span.from).copied();
    let inside: Vec<StatusSample> = first
        .into_iter()
        .chain(
            series
                .samples
                .iter()
                .filter(|x| x.at > span.from && x.at <= span.to)
                .copied(),
        )
        .collect();
    let (top, step) = scale(&inside);
    // Grid and y labels.
    let mut v = 0;
    while v <= top {
        let y = y_of(v as i32, top);
        let _ = write!(
            s.0,
            "<path d=\"M{PLOT_LEFT} {y}H{PLOT_RIGHT}\" stroke=\"{LINE}\" stroke-width=\"1\"/>"
        );
        s.text_end(PLOT_LEFT - 6, y + 4, 105, INK3, MONO_ATTR, &v.to_string());
        v += step;
    }
    // Time labels: the start, the middle and the end.
    for (i, t) in [
        span.from,
        SimTime(span.from.0 + span.to.since(span.from).0 / 2),
        span.to,
    ]
    .into_iter()
    .enumerate()
    {
        let label = human_duration(SimDuration(t.as_millis()));
        let x = x_of(t, span);
        let anchor = match i {
            0 => "",
            1 => " text-anchor=\"middle\"",
            _ => " text-anchor=\"end\"",
        };
        let _ = write!(
            s.0,
            "<path d=\"M{x} {PLOT_BOTTOM}v4\" stroke=\"{INK3}\" stroke-width=\"1\"/>"
        );
        s.text(
            x,
            PLOT_BOTTOM + 18,
            105,
            INK3,
            &format!("{MONO_ATTR}{anchor}"),
            &label,
        );
    }
    // Marks under the lines.
    for m in marks
        .iter()
        .filter(|m| m.at >= span.from && m.at <= span.to)
    {
        mark(&mut s, m, span);
    }
    if inside.is_empty() {
        s.text(
            PLOT_LEFT + 12,
            PLOT_TOP + 40,
            120,
            INK3,
            "",
            "No status yet.",
        );
    }
    // The lines.
    let end = x_of(span.to, span);
    for &i in &DRAW_ORDER {
        let Some(first) = inside.first() else {
            break;
        };
        let mut d = format!(
            "M{} {}",
            x_of(first.at.max(span.from), span),
            y_of(first.values()[i], top)
        );
        for x in inside.iter().skip(1) {
            let _ = write!(d, "H{}V{}", x_of(x.at, span), y_of(x.values()[i], top));
        }
        let _ = write!(d, "H{end}");
        let dash = if i == 0 {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        };
        let _ = write!(
            s.0,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"{dash} data-field=\"{}\"/>",
            LINE_COLORS[i], LINE_WIDTHS[i], StatusSample::FIELDS[i]
        );
    }
    out.push_str(&s.0);
}

/// A mark: a rollout's start or end as a dashed line over the plot with a word at its top,
/// a step as a tick above the plot; each with a `<title>` saying what and when.
fn mark(s: &mut Svg, m: &Mark, span: Span) {
    let x = x_of(m.at, span);
    let _ = write!(s.0, "<g data-mark=\"{}\"><title>", m.kind.as_str());
    escape(
        &mut s.0,
        &format!(
            "{} at {}",
            m.label,
            human_duration(SimDuration(m.at.as_millis()))
        ),
    );
    s.0.push_str("</title>");
    match m.kind {
        MarkKind::RolloutStart | MarkKind::RolloutEnd => {
            let (word, anchor) = if m.kind == MarkKind::RolloutStart {
                ("rollout", " text-anchor=\"start\"")
            } else {
                ("rolled out", " text-anchor=\"end\"")
            };
            let dx = if m.kind == MarkKind::RolloutStart {
                3
            } else {
                -3
            };
            let _ = write!(
                s.0,
                "<path d=\"M{x} {}V{PLOT_BOTTOM}\" stroke=\"{INK2}\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>",
                PLOT_TOP - 12
            );
            s.text(x + dx, PLOT_TOP - 4, 100, INK2, anchor, word);
        }
        _ => {
            let _ = write!(
                s.0,
                "<path d=\"M{x} {}l-4 -7h8z\" fill=\"{INK3}\"/><path d=\"M{x} {}V{PLOT_BOTTOM}\" stroke=\"{LINE}\" stroke-width=\"1\"/>",
                PLOT_TOP - 14,
                PLOT_TOP
            );
        }
    }
    s.0.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(at: u64, v: [i32; 6]) -> StatusSample {
        StatusSample {
            at: SimTime(at),
            desired: v[0],
            current: v[1],
            ready: v[2],
            up_to_date: v[3],
            available: v[4],
            unavailable: v[5],
        }
    }

    #[test]
    fn time_and_x_are_inverse() {
        let span = Span::new(SimTime(10_000), SimTime(70_000));
        assert_eq!(x_of(SimTime(10_000), span), PLOT_LEFT);
        assert_eq!(x_of(SimTime(70_000), span), PLOT_RIGHT);
        assert_eq!(x_of(SimTime(99_000), span), PLOT_RIGHT);
        for t in [10_000, 25_000, 40_000, 69_000] {
            let x = x_of(SimTime(t), span);
            let back = time_at(x as f64, span).0;
            // One pixel is 60 s / 660 px, about 91 ms.
            assert!(back.abs_diff(t) < 100, "{t} -> {x} -> {back}");
        }
        assert_eq!(time_at(-5.0, span), SimTime(10_000));
        assert_eq!(time_at(10_000.0, span), SimTime(70_000));
    }

    #[test]
    fn scale_has_round_ticks() {
        assert_eq!(scale(&[]), (1, 1));
        assert_eq!(scale(&[sample(0, [3, 3, 0, 0, 0, 3])]), (3, 1));
        assert_eq!(scale(&[sample(0, [7, 0, 0, 0, 0, 0])]), (8, 2));
        assert_eq!(scale(&[sample(0, [500, 0, 0, 0, 0, 0])]), (600, 200));
        let (top, step) = scale(&[sample(0, [1234, 0, 0, 0, 0, 0])]);
        assert!(
            top >= 1234 && top / step <= 5 && top % step == 0,
            "{top} {step}"
        );
    }

    #[test]
    fn a_step_line_per_field_with_the_values_in_order() {
        let series = Series::new(
            "default",
            "agent",
            0,
            vec![
                sample(0, [4, 0, 0, 0, 0, 4]),
                sample(2_000, [4, 4, 4, 4, 4, 0]),
            ],
        );
        let svg = to_string(&series, &[], Span::new(SimTime(0), SimTime(4_000)));
        for f in StatusSample::FIELDS {
            assert!(svg.contains(&format!("data-field=\"{f}\"")), "{f}");
        }
        // unavailable: 4 at 0 s (the top), then 0 from 2 s (the bottom), to the end.
        let mid = x_of(SimTime(2_000), Span::new(SimTime(0), SimTime(4_000)));
        let line = format!(
            "d=\"M{PLOT_LEFT} {PLOT_TOP}H{mid}V{PLOT_BOTTOM}H{PLOT_RIGHT}\" fill=\"none\" stroke=\"#c81e2f\""
        );
        assert!(svg.contains(&line), "{svg}");
    }
}
