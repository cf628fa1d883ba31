//! The editor's document: the whole text, the start of each line (kept up to date edit by
//! edit), an id per line that stays with it while lines are added and removed around it, the
//! highlighter's state at the start of each line (computed lazily, up to the lines
//! shown), undo/redo, and find. Nothing here touches the page.

use crate::highlight::highlight_line;
#[cfg(test)]
use crate::highlight::Tok;

/// Most bytes the undo and redo history keep (the oldest steps go first).
const HISTORY_BYTES: usize = 32 << 20;
/// Most undo steps kept.
const HISTORY_STEPS: usize = 500;
/// Keystrokes closer than this (ms) merge into one undo step.
const MERGE_MS: f64 = 1000.0;

/// One change: `removed` at `at` was replaced by `inserted`.
struct Edit {
    at: usize,
    removed: String,
    inserted: String,
    time: f64,
}

impl Edit {
    fn bytes(&self) -> usize {
        self.removed.len() + self.inserted.len()
    }
}

/// The text and what the editor keeps about it.
pub struct Doc {
    text: String,
    /// Byte offset of each line's start (`starts[0] == 0`).
    starts: Vec<usize>,
    /// Each line's id: an edit gives new ids to the lines its line breaks start, and keeps the
    /// others' (the page's drawn lines are keyed by it: a line break typed moves the lines
    /// below instead of drawing each one again).
    ids: Vec<u32>,
    /// The next new line's id.
    next_id: u32,
    /// The highlighter's state at the start of line `i`, known for `i < blocks.len()`.
    blocks: Vec<Option<usize>>,
    /// Length of the longest line, in bytes.
    widest: usize,
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

/// `text` with `\r\n` and lone `\r` as `\n`, as a textarea holds it.
pub fn normalize(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

impl Doc {
    /// A document holding `text` (line breaks normalized), with no history.
    pub fn new(text: &str) -> Doc {
        let mut doc = Doc {
            text: normalize(text).into_owned(),
            starts: vec![0],
            ids: Vec::new(),
            next_id: 0,
            blocks: vec![None],
            widest: 0,
            undo: Vec::new(),
            redo: Vec::new(),
        };
        let starts: Vec<usize> = newlines(&doc.text, 0).collect();
        doc.starts.extend(starts);
        doc.ids = (0..doc.starts.len()).map(|_| doc.fresh_id()).collect();
        doc.measure();
        doc
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Number of lines (a text ending with a line break has an empty last line).
    pub fn lines(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where line `l` starts (the text's end past the last line).
    pub fn line_start(&self, l: usize) -> usize {
        self.starts.get(l).copied().unwrap_or(self.text.len())
    }

    /// Byte offset where line `l` ends (before its line break).
    pub fn line_end(&self, l: usize) -> usize {
        self.starts
            .get(l + 1)
            .map_or(self.text.len(), |&next| next - 1)
    }

    /// Line `l`, without its line break.
    pub fn line(&self, l: usize) -> &str {
        let start = self.line_start(l).min(self.text.len());
        let end = self.line_end(l).max(start);
        self.text.get(start..end).unwrap_or("")
    }

    /// Line `l`'s id (unique among the lines; see [`Doc::replace`]).
    pub fn line_id(&self, l: usize) -> u32 {
        self.ids.get(l).copied().unwrap_or(u32::MAX)
    }

    /// The line holding byte offset `at`.
    pub fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).saturating_sub(1)
    }

    /// Length of the longest line, in bytes (at least its width in columns).
    pub fn widest(&self) -> usize {
        self.widest
    }

    /// Replaces `len` bytes at `at` by `with`; `time` (ms) records an undo step.
    /// `at` and `at + len` are clamped to the text and to character boundaries. The line
    /// holding `at` and the lines after the replaced text keep their ids; lines started by
    /// line breaks of `with` get new ones.
    pub fn replace(&mut self, at: usize, len: usize, with: &str, time: Option<f64>) {
        let at = self.floor(at);
        let end = self.floor(at.saturating_add(len)).max(at);
        if let Some(time) = time {
            let removed = self.text[at..end].to_string();
            if removed.is_empty() && with.is_empty() {
                return;
            }
            self.redo.clear();
            if !self.merge(at, &removed, with, time) {
                self.undo.push(Edit {
                    at,
                    removed,
                    inserted: with.to_string(),
                    time,
                });
            }
            self.bound_history();
        }
        self.splice(at, end, with);
    }

    /// Undoes the last step; returns the text it restored (as a byte range) to select.
    pub fn undo(&mut self) -> Option<(usize, usize)> {
        let e = self.undo.pop()?;
        self.splice(e.at, e.at + e.inserted.len(), &e.removed);
        let sel = (e.at, e.at + e.removed.len());
        self.redo.push(e);
        Some(sel)
    }

    /// Redoes the last undone step; returns where the caret goes.
    pub fn redo(&mut self) -> Option<(usize, usize)> {
        let e = self.redo.pop()?;
        self.splice(e.at, e.at + e.removed.len(), &e.inserted);
        let caret = e.at + e.inserted.len();
        self.undo.push(e);
        Some((caret, caret))
    }

    /// The highlighter's state at the start of line `l` (computed up to it, from the last
    /// line whose state is still known).
    pub fn state(&mut self, l: usize) -> Option<usize> {
        let mut scratch = Vec::new();
        while self.blocks.len() <= l && self.blocks.len() < self.starts.len() {
            let i = self.blocks.len() - 1;
            let mut block = self.blocks[i];
            let start = self.starts[i];
            let end = self.starts.get(i + 1).map_or(self.text.len(), |&n| n - 1);
            scratch.clear();
            highlight_line(&self.text[start..end], &mut block, &mut scratch);
            self.blocks.push(block);
        }
        self.blocks.get(l).copied().flatten()
    }

    /// The tokens of line `l`.
    #[cfg(test)]
    fn tokens(&mut self, l: usize) -> Vec<(Tok, &str)> {
        let mut block = self.state(l);
        let mut toks = Vec::new();
        highlight_line(self.line(l), &mut block, &mut toks);
        toks
    }

    /// The next match of `needle` (ASCII letters in either case) at or after `from` (or, with
    /// `forward` false, the last one starting before `from`), wrapping around the text.
    pub fn find(&self, needle: &str, from: usize, forward: bool) -> Option<(usize, usize)> {
        let n = needle.as_bytes();
        let h = self.text.as_bytes();
        if n.is_empty() || n.len() > h.len() {
            return None;
        }
        let last = h.len() - n.len();
        let at = |i: usize| h[i..i + n.len()].eq_ignore_ascii_case(n);
        let from = from.min(last + 1);
        let hit = if forward {
            (from..=last).chain(0..from).find(|&i| at(i))
        } else {
            (0..from).rev().chain((from..=last).rev()).find(|&i| at(i))
        };
        hit.map(|i| (i, i + n.len()))
    }

    /// How many matches of `needle` there are (counting stops at `cap`), and how many start
    /// before `before`.
    pub fn count(&self, needle: &str, before: usize, cap: usize) -> (usize, usize) {
        let n = needle.as_bytes();
        let h = self.text.as_bytes();
        let (mut total, mut earlier) = (0, 0);
        if n.is_empty() || n.len() > h.len() {
            return (0, 0);
        }
        let mut i = 0;
        while i + n.len() <= h.len() && total < cap {
            if h[i..i + n.len()].eq_ignore_ascii_case(n) {
                total += 1;
                if i < before {
                    earlier += 1;
                }
                i += n.len();
            } else {
                i += 1;
            }
        }
        (total, earlier)
    }

    /// Merges a keystroke into the last undo step when it continues it.
    fn merge(&mut self, at: usize, removed: &str, with: &str, time: f64) -> bool {
        let Some(last) = self.undo.last_mut() else {
            return false;
        };
        if time - last.time > MERGE_MS {
            return false;
        }
        let one = |s: &str| s.chars().count() == 1 && s != "\n";
        let typed = removed.is_empty()
            && last.removed.is_empty()
            && one(with)
            && at == last.at + last.inserted.len()
            && !last.inserted.ends_with('\n');
        let backspace = with.is_empty()
            && last.inserted.is_empty()
            && one(removed)
            && at + removed.len() == last.at;
        let delete = with.is_empty() && last.inserted.is_empty() && one(removed) && at == last.at;
        if typed {
            last.inserted.push_str(with);
        } else if backspace {
            last.removed.insert_str(0, removed);
            last.at = at;
        } else if delete {
            last.removed.push_str(removed);
        } else {
            return false;
        }
        last.time = time;
        true
    }

    fn bound_history(&mut self) {
        let total = |v: &Vec<Edit>| v.iter().map(Edit::bytes).sum::<usize>();
        let mut bytes = total(&self.undo) + total(&self.redo);
        let mut drop = 0;
        while drop < self.undo.len().saturating_sub(1)
            && (bytes > HISTORY_BYTES || self.undo.len() - drop > HISTORY_STEPS)
        {
            bytes -= self.undo[drop].bytes();
            drop += 1;
        }
        self.undo.drain(..drop);
        // A single step over the bound is not kept either (a huge paste cannot be undone).
        if bytes > HISTORY_BYTES {
            self.undo.clear();
            self.redo.clear();
        }
    }

    /// Replaces `at..end` by `with` and updates the line starts and states.
    fn splice(&mut self, at: usize, end: usize, with: &str) {
        let first = self.line_of(at);
        // Whether the longest line is among the lines changed (then all are measured again).
        let widest_changed = (first..=self.line_of(end))
            .any(|l| self.line_end(l) - self.line_start(l) == self.widest);
        self.text.replace_range(at..end, with);
        // Lines that started inside the replaced text are gone; the inserted text's line
        // breaks start new ones; the lines after move by the length difference.
        let gone = self.starts.partition_point(|&s| s <= end);
        let grown = with.len() as isize - (end - at) as isize;
        for s in &mut self.starts[gone..] {
            *s = s.saturating_add_signed(grown);
        }
        let added: Vec<usize> = newlines(with, at).collect();
        let ids: Vec<u32> = added.iter().map(|_| self.fresh_id()).collect();
        self.starts.splice(first + 1..gone, added);
        self.ids.splice(first + 1..gone, ids);
        self.blocks.truncate(first + 1);
        if widest_changed {
            self.measure();
        } else {
            let added = with.bytes().filter(|&b| b == b'\n').count();
            for l in first..=first + added {
                self.widest = self.widest.max(self.line_end(l) - self.line_start(l));
            }
        }
    }

    fn fresh_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        id
    }

    fn measure(&mut self) {
        let ends = self.starts[1..]
            .iter()
            .map(|&n| n - 1)
            .chain([self.text.len()]);
        self.widest = self
            .starts
            .iter()
            .zip(ends)
            .map(|(s, e)| e - s)
            .max()
            .unwrap_or(0);
    }

    fn floor(&self, mut at: usize) -> usize {
        at = at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }
}

/// Line starts created by the line breaks of `s`, placed at byte offset `base`.
fn newlines(s: &str, base: usize) -> impl Iterator<Item = usize> + '_ {
    s.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(move |(i, _)| base + i + 1)
}

/// UTF-16 length of `s`.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// The byte offset in `s` of UTF-16 offset `u` (clamped to `s`).
pub fn byte_at_utf16(s: &str, u: usize) -> usize {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        if units >= u {
            return i;
        }
        units += c.len_utf16();
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(doc: &Doc) {
        let fresh = Doc::new(doc.text());
        assert_eq!(doc.starts, fresh.starts, "{:?}", doc.text());
        assert_eq!(doc.widest, fresh.widest);
        assert_eq!(doc.ids.len(), doc.starts.len());
        let mut ids = doc.ids.clone();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), doc.ids.len(), "line ids are unique");
    }

    #[test]
    fn line_starts_follow_every_edit() {
        let mut d = Doc::new("a: 1\nb:\n  c: |\n    x\n");
        assert_eq!(d.lines(), 5);
        assert_eq!(d.line(2), "  c: |");
        for (at, len, with) in [
            (0, 0, "z\n"),
            (3, 4, ""),
            (2, 0, "\n\n\nq"),
            (0, 100, "one"),
            (3, 0, "\ntwo\nthree"),
            (7, 1, "é\n"),
        ] {
            d.replace(at, len, with, Some(0.0));
            check(&d);
        }
        assert_eq!(d.text(), "one\ntwoé\nthree");
        while d.undo().is_some() {
            check(&d);
        }
        assert_eq!(d.text(), "a: 1\nb:\n  c: |\n    x\n");
        while d.redo().is_some() {
            check(&d);
        }
        assert_eq!(d.text(), "one\ntwoé\nthree");
    }

    #[test]
    fn a_line_break_keeps_the_ids_of_the_lines_around_it() {
        let mut d = Doc::new("a\nbc\nd\ne");
        let before: Vec<u32> = (0..4).map(|l| d.line_id(l)).collect();
        // Enter in the middle of "bc": "b" keeps its id, "c" is a new line, "d" and "e" move.
        d.replace(3, 0, "\n", Some(0.0));
        check(&d);
        let after: Vec<u32> = (0..5).map(|l| d.line_id(l)).collect();
        assert_eq!(
            [after[0], after[1], after[3], after[4]],
            [before[0], before[1], before[2], before[3]]
        );
        assert!(!before.contains(&after[2]));
        // Backspace joins them again: the new line's id goes, the others stay.
        d.replace(3, 1, "", Some(5000.0));
        check(&d);
        assert_eq!((0..4).map(|l| d.line_id(l)).collect::<Vec<_>>(), before);
        // Undo and redo move the same way.
        d.undo();
        assert_eq!(d.line_id(3), before[2]);
        check(&d);
    }

    #[test]
    fn typing_is_one_undo_step_and_states_follow_edits() {
        let mut d = Doc::new("run: |\n  a: b\n");
        assert_eq!(d.tokens(1), vec![(Tok::Str, "  a: b")]);
        for (i, c) in ["x", "y", "z"].iter().enumerate() {
            d.replace(3 + i, 0, c, Some(i as f64));
        }
        assert_eq!(d.line(0), "runxyz: |");
        // The first line no longer opens a block scalar once `|` is gone.
        d.replace(8, 1, "1", Some(5000.0));
        assert!(d.tokens(1).contains(&(Tok::Key, "a")));
        assert_eq!(d.undo(), Some((8, 9)));
        assert_eq!(d.undo(), Some((3, 3)));
        assert_eq!(d.text(), "run: |\n  a: b\n");
        assert_eq!(d.tokens(1), vec![(Tok::Str, "  a: b")]);
    }

    #[test]
    fn find_wraps_and_counts() {
        let d = Doc::new("Name: a\nname: b\nNAME: c\n");
        assert_eq!(d.find("name", 0, true), Some((0, 4)));
        assert_eq!(d.find("name", 1, true), Some((8, 12)));
        assert_eq!(d.find("name", 17, true), Some((0, 4)));
        assert_eq!(d.find("name", 0, false), Some((16, 20)));
        assert_eq!(d.count("name", 8, 100), (3, 1));
        assert_eq!(d.find("absent", 0, true), None);
        assert_eq!(byte_at_utf16("aé😀b", 4), 7);
        assert_eq!(utf16_len("aé😀b"), 5);
    }
}
