//! A `v1 List` (`kubectl get -o yaml|json` of several objects) written item by item, the
//! one List writer behind [`super::yaml::write_list`] and [`super::json::write_list`]: the
//! format gives the List's fixed text and how one item is written ([`Format`]), this module
//! puts them together, from the first item to the last ([`write`]) or, for a reader that
//! keeps only the last lines (the page's console keeps its scrollback's last 10,000), from
//! the last item backwards until those lines are filled ([`write_tail`]).
//!
//! A List's items are independent of each other and its text after the items is fixed, so
//! the last `keep` lines of the List need only the items they reach: the same bytes as the
//! whole List's last `keep` lines, from as many items as they hold.

use crate::json::{JsonRef, JsonTree};
use serde::Serialize;
use std::fmt;

/// The size of the text [`write`] gathers before handing it to its sink.
const CHUNK: usize = 64 * 1024;

/// A List's text in one output format: fixed pieces around the items, and one item.
///
/// The whole List is `HEAD`, then `OPEN`, the items with `BETWEEN` between two of them, and
/// `CLOSE` when there are items (`EMPTY` instead when there are none), then `END`.
pub(crate) trait Format {
    /// Before the items.
    const HEAD: &'static str;
    /// Before the first item.
    const OPEN: &'static str;
    /// Between two items.
    const BETWEEN: &'static str;
    /// After the last item.
    const CLOSE: &'static str;
    /// Where the items would be when there are none.
    const EMPTY: &'static str;
    /// After the items.
    const END: &'static str;

    /// Appends `item`'s text to `out`.
    fn item(&mut self, item: JsonRef<'_>, out: &mut String);
}

/// The List of `items` in `format`, written into `out` from the first item to the last, in
/// pieces of about 64 KiB. An item that cannot be serialized is left out, as
/// [`crate::sim::Simulation::list_items`] leaves it out.
///
/// # Errors
///
/// Whatever `out` returns (writing stops at the first error).
pub(crate) fn write<W, T, F>(
    out: &mut W,
    items: impl IntoIterator<Item = T>,
    mut format: F,
) -> fmt::Result
where
    W: fmt::Write + ?Sized,
    T: Serialize,
    F: Format,
{
    let mut tree = JsonTree::new();
    let mut buf = String::from(F::HEAD);
    let mut any = false;
    for item in items {
        if tree.fill(&item).is_err() {
            continue;
        }
        buf.push_str(if any { F::BETWEEN } else { F::OPEN });
        any = true;
        format.item(tree.root(), &mut buf);
        if buf.len() >= CHUNK {
            out.write_str(&buf)?;
            buf.clear();
        }
    }
    buf.push_str(if any { F::CLOSE } else { F::EMPTY });
    buf.push_str(F::END);
    out.write_str(&buf)
}

/// The last `keep` lines of what [`write`] writes for the same `items` (all of it when it
/// has no more lines), byte for byte, built from the last item backwards: an item is read
/// and written only if its text reaches into those lines. Returns whether lines before them
/// were left out.
///
/// # Errors
///
/// Whatever `out` returns.
pub(crate) fn write_tail<W, T, F>(
    out: &mut W,
    items: impl IntoIterator<Item = T, IntoIter: DoubleEndedIterator>,
    keep: usize,
    mut format: F,
) -> Result<bool, fmt::Error>
where
    W: fmt::Write + ?Sized,
    T: Serialize,
    F: Format,
{
    let mut tail = Tail::new(keep);
    let mut tree = JsonTree::new();
    let mut any = false;
    let mut full = tail.push_front(F::END.into());
    let mut items = items.into_iter().rev();
    while !full {
        let Some(item) = items.next() else { break };
        if tree.fill(&item).is_err() {
            continue;
        }
        full = tail.push_front(if any { F::BETWEEN } else { F::CLOSE }.into());
        any = true;
        if !full {
            let mut text = String::new();
            format.item(tree.root(), &mut text);
            full = tail.push_front(text);
        }
    }
    if !full {
        full = tail.push_front(if any { F::OPEN } else { F::EMPTY }.into())
            || tail.push_front(F::HEAD.into());
    }
    for piece in tail.pieces.iter().rev() {
        out.write_str(piece)?;
    }
    Ok(full)
}

/// The end of a text, given piece by piece from its last piece backwards, that holds its
/// last `keep` lines (a line ends with `\n`; the text ends with one).
struct Tail {
    /// The pieces kept, last first; the earliest one cut to the lines kept.
    pieces: Vec<String>,
    /// Line breaks seen so far.
    breaks: usize,
    keep: usize,
}

impl Tail {
    fn new(keep: usize) -> Self {
        Tail {
            pieces: Vec::new(),
            breaks: 0,
            keep,
        }
    }

    /// Puts `piece` before the pieces given so far; true once the lines kept are all held
    /// (the text before them is then left out, `piece` cut after the line break that ends
    /// the line before them, and no further piece is taken).
    fn push_front(&mut self, mut piece: String) -> bool {
        // The line break before the kept lines is the (keep + 1)-th from the end.
        let wanted = self.keep.saturating_add(1);
        let here = piece.bytes().filter(|b| *b == b'\n').count();
        if self.breaks.saturating_add(here) < wanted {
            self.breaks += here;
            self.pieces.push(piece);
            return false;
        }
        let nth = wanted - self.breaks;
        let cut = piece
            .rmatch_indices('\n')
            .nth(nth.saturating_sub(1))
            .map_or(0, |(i, _)| i + 1);
        piece.drain(..cut);
        self.breaks = wanted;
        self.pieces.push(piece);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::{json, yaml};
    use serde_json::{json, Value};

    /// The last lines, built from the back, are the whole List's last lines, for every
    /// number of lines kept, in YAML and JSON, with one item, several and none; an item
    /// that cannot be serialized is left out as the whole List leaves it out.
    #[test]
    fn the_tail_is_the_whole_lists_last_lines() {
        #[derive(serde::Serialize)]
        #[serde(untagged)]
        enum Item {
            Good(Value),
            Bad(std::collections::BTreeMap<(u8, u8), u8>),
        }
        let bad = || Item::Bad([((1, 2), 3)].into());
        let lists: Vec<Vec<Item>> = vec![
            vec![],
            vec![bad()],
            vec![Item::Good(
                json!({"kind": "Pod", "m": {"k": "line\nbreak"}}),
            )],
            vec![
                Item::Good(
                    json!({"kind": "Node", "a": [1, {"b": "<x>"}], "long": "a ".repeat(60)}),
                ),
                bad(),
                Item::Good(json!("x")),
                Item::Good(json!([])),
                Item::Good(json!({"kind": "Pod", "m": {"k": "line\nbreak", "é": "ü"}})),
                bad(),
            ],
        ];
        for items in &lists {
            let (mut y, mut j) = (String::new(), String::new());
            yaml::write_list(&mut y, items).unwrap();
            json::write_list(&mut j, items).unwrap();
            for (whole, tail) in [
                (
                    &y,
                    &(|k, out: &mut String| yaml::write_list_tail(out, items, k))
                        as &dyn Fn(_, &mut String) -> _,
                ),
                (&j, &|k, out: &mut String| {
                    json::write_list_tail(out, items, k)
                }),
            ] {
                let lines = whole.lines().count();
                assert_eq!(whole.matches('\n').count(), lines);
                for keep in 0..lines + 3 {
                    let mut out = String::new();
                    let cut = tail(keep, &mut out).unwrap();
                    let skip = lines.saturating_sub(keep);
                    let want: String = whole.split_inclusive('\n').skip(skip).collect();
                    assert_eq!(out, want, "keep {keep} of {lines}:\n{whole}");
                    assert_eq!(cut, skip > 0, "keep {keep} of {lines}");
                }
            }
        }
    }

    /// Only the items the kept lines reach are read.
    #[test]
    fn the_tail_reads_only_the_items_it_keeps() {
        use std::cell::Cell;
        let read = Cell::new(0);
        let items = || {
            (0..1000).map(|i| {
                read.set(read.get() + 1);
                json!({"kind": "Pod", "metadata": {"name": format!("p-{i}")}})
            })
        };
        let mut out = String::new();
        assert!(yaml::write_list_tail(&mut out, items(), 10).unwrap());
        assert!(out.ends_with("    name: p-999\nkind: List\nmetadata:\n  resourceVersion: \"\"\n"));
        assert_eq!(out.lines().count(), 10);
        assert_eq!(read.get(), 3);
        read.set(0);
        let mut out = String::new();
        assert!(json::write_list_tail(&mut out, items(), 20).unwrap());
        assert_eq!(out.lines().count(), 20);
        assert!(read.get() <= 4, "{}", read.get());
    }
}
