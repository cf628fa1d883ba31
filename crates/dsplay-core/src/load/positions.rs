//! Where each field of a loaded object is: [`PositionIndex`], stored compactly.
//!
//! A field path (`spec.template.spec.containers[0].env[123456].name`) is not kept as a
//! string per field: each entry holds its parent entry, the part of its path after the
//! parent's (`.name`, `[123456]`; in one buffer shared by all entries), and its line and
//! column; the file name is held once. About 20 bytes a field instead of about 120 (a path
//! string and a [`Location`] with its own copy of the file name): the 480,000 fields of a
//! Pod of 240,000 environment variables take about 10 MB instead of about 60.
//!
//! The answers are those of a list of `(path, location)` pairs in document order
//! ([`PositionIndex::locate`]: the first entry of the path, or of its nearest ancestor).
//! Locating many paths ([`Locator`]: every error of an object) costs one pass over the
//! entries and a sort, then about the length of each path: a Pod of 200,000 volumes all
//! named `v` (200,000 `Duplicate value` errors) is located in well under a second
//! (a scan per error took 120 s).

use crate::location::Location;

/// Which entries to keep: `keep(entry, path)`.
pub(crate) type Keep<'k> = dyn Fn(usize, &str) -> bool + 'k;

/// No parent: the entry's path is its own part alone.
const NONE: u32 = u32::MAX;

/// One field: its parent entry ([`NONE`] at the root), where its part of the path starts in
/// [`PositionIndex::parts`] (it ends where the next entry's starts), and where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    parent: u32,
    start: u32,
    line: u32,
    column: u32,
}

/// A map from field paths, printed as Kubernetes prints them
/// (`spec.template.spec.containers[0].image`), to where that field's value is in the file.
///
/// Entries are in document order; a path may repeat (the first wins). Two indexes are equal
/// when they hold the same file name and the same paths at the same places, in the same order.
#[derive(Clone, Debug, Default)]
pub struct PositionIndex {
    /// The file every entry is in.
    file: String,
    entries: Vec<Entry>,
    /// The parts of the paths, one after the other.
    parts: String,
    /// While entries are added ([`PositionIndex::push`]): the entries whose paths are
    /// prefixes of the last one added, with their paths' lengths, outermost first...
    open: Vec<(u32, u32)>,
    /// ...and the last path added (so each of them is a prefix of it).
    last: String,
}

impl PartialEq for PositionIndex {
    fn eq(&self, other: &Self) -> bool {
        self.file == other.file
            && self.entries.len() == other.entries.len()
            && self.iter().eq(other.iter())
    }
}

impl PositionIndex {
    /// An empty index of positions in `file`.
    pub fn new(file: &str) -> Self {
        PositionIndex {
            file: file.to_string(),
            ..PositionIndex::default()
        }
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The file its positions are in.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Every entry as (path, location), in document order (each path is built: meant for
    /// tests and small indexes).
    pub fn iter(&self) -> impl Iterator<Item = (String, Location)> + '_ {
        (0..self.entries.len()).map(|i| (self.path(i), self.location(i)))
    }

    /// Adds `path` at `line`:`column`, after the others.
    pub fn push(&mut self, path: &str, line: u32, column: u32) {
        let (Ok(start), Ok(index)) = (
            u32::try_from(self.parts.len()),
            u32::try_from(self.entries.len()),
        ) else {
            // Past 4 GiB of parts (never: a file is at most 8 MiB): not recorded, an error
            // there is located at an ancestor.
            return;
        };
        // Its parent: the longest open entry whose path is an ancestor of `path` (a prefix
        // followed by `.` or `[`). Not an entry of the same path (a repeated key), nor a
        // prefix that is not an ancestor (`a` for `ab`): a path is its ancestors' parts, so
        // building one walks at most as many entries as the path has `.` and `[`.
        let common = self
            .last
            .bytes()
            .zip(path.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let bytes = path.as_bytes();
        while self.open.last().is_some_and(|&(_, len)| {
            let len = len as usize;
            len > common || !matches!(bytes.get(len), Some(b'.' | b'['))
        }) {
            self.open.pop();
        }
        let (parent, from) = self.open.last().map_or((NONE, 0), |&(e, len)| (e, len));
        self.parts
            .push_str(path.get(from as usize..).unwrap_or_default());
        self.entries.push(Entry {
            parent,
            start,
            line,
            column,
        });
        self.last.truncate(common);
        self.last.push_str(path.get(common..).unwrap_or_default());
        if let Ok(len) = u32::try_from(path.len()) {
            self.open.push((index, len));
        }
    }

    /// Keeps the first `len` entries.
    pub(crate) fn truncate(&mut self, len: usize) {
        if len >= self.entries.len() {
            return;
        }
        let start = self.entries.get(len).map_or(0, |e| e.start as usize);
        self.entries.truncate(len);
        self.parts.truncate(start);
        while self.open.last().is_some_and(|&(e, _)| e as usize >= len) {
            self.open.pop();
        }
        let keep = self.open.last().map_or(0, |&(_, l)| l as usize);
        self.last.truncate(keep);
    }

    /// The index of the entries from `at` on for which `keep(entry, path)` holds, each
    /// path without its first `cut` bytes (and, if `cut` is not 0, the `.` after them): the
    /// positions of a List's item (`items[3].spec.x` → `spec.x`, `items[3]` → ``,
    /// `items[3][0]` → `[0]`), taken out of this one, which keeps the entries before `at`.
    /// Also where the last entry of an empty path is.
    pub(crate) fn split_off(
        &mut self,
        at: usize,
        cut: usize,
        keep: &Keep,
    ) -> (PositionIndex, Option<Location>) {
        let mut out = PositionIndex::new(&self.file);
        let mut empty = None;
        let mut path = String::new();
        for i in at..self.entries.len() {
            self.path_into(i, &mut path);
            if !keep(i, &path) {
                continue;
            }
            let dot = usize::from(cut > 0 && path.as_bytes().get(cut) == Some(&b'.'));
            let within = path
                .get(cut.saturating_add(dot).min(path.len())..)
                .unwrap_or_default();
            if within.is_empty() {
                empty = Some(out.entries.len());
            }
            if let Some(e) = self.entries.get(i) {
                out.push(within, e.line, e.column);
            }
        }
        self.truncate(at);
        out.done();
        let location = empty.map(|i| out.location(i));
        (out, location)
    }

    /// Keeps only the entries for which `keep(entry, path)` holds.
    pub(crate) fn retain(&mut self, keep: &Keep) {
        *self = self.split_off(0, 0, keep).0;
    }

    /// Done adding entries: the room kept for more, and what adding them needs, given back.
    pub(crate) fn done(&mut self) {
        self.open = Vec::new();
        self.last = String::new();
        self.entries.shrink_to_fit();
        self.parts.shrink_to_fit();
    }

    /// Entry `i`'s part of its path.
    fn part(&self, i: usize) -> &str {
        let Some(e) = self.entries.get(i) else {
            return "";
        };
        let end = self
            .entries
            .get(i + 1)
            .map_or(self.parts.len(), |n| n.start as usize);
        self.parts.get(e.start as usize..end).unwrap_or_default()
    }

    /// Entry `i`'s parent, if any.
    fn parent(&self, i: usize) -> Option<usize> {
        self.entries
            .get(i)
            .and_then(|e| (e.parent != NONE).then_some(e.parent as usize))
    }

    /// Entry `i`'s path, written over `path`.
    fn path_into(&self, i: usize, path: &mut String) {
        let mut parts = Vec::new();
        let mut at = Some(i);
        while let Some(e) = at {
            parts.push(self.part(e));
            at = self.parent(e);
        }
        path.clear();
        parts.iter().rev().for_each(|p| path.push_str(p));
    }

    /// Entry `i`'s path.
    fn path(&self, i: usize) -> String {
        let mut path = String::new();
        self.path_into(i, &mut path);
        path
    }

    /// Whether entry `i`'s path is `path`.
    fn path_is(&self, mut i: usize, path: &str) -> bool {
        let mut rest = path;
        loop {
            let Some(r) = rest.strip_suffix(self.part(i)) else {
                return false;
            };
            rest = r;
            match self.parent(i) {
                Some(p) => i = p,
                None => return rest.is_empty(),
            }
        }
    }

    /// Where entry `i` is.
    fn location(&self, i: usize) -> Location {
        let (line, column) = self.entries.get(i).map_or((0, 0), |e| (e.line, e.column));
        Location {
            file: self.file.clone(),
            line,
            column,
        }
    }

    /// The location of `path`, or of its nearest ancestor that has one (the path cut at its
    /// last `.` or `[`, again and again), or `None`; the first entry of a path that repeats.
    ///
    /// Builds a [`Locator`] (a pass over the entries and a sort): to locate many paths,
    /// build one with [`PositionIndex::locator`] and ask it.
    pub fn locate(&self, path: &str) -> Option<Location> {
        self.locator().locate(path)
    }

    /// A [`Locator`] for this index: built once (a hash of each entry's path, sorted), each
    /// path then located in about its length, with [`PositionIndex::locate`]'s answers.
    pub fn locator(&self) -> Locator<'_> {
        let mut hashes: Vec<u64> = Vec::with_capacity(self.entries.len());
        let mut keyed: Vec<u64> = Vec::with_capacity(self.entries.len());
        for (i, e) in self.entries.iter().enumerate() {
            let from = hashes.get(e.parent as usize).copied().unwrap_or(SEED);
            let h = self.part(i).bytes().fold(from, step);
            hashes.push(h);
            keyed.push((h & !0xffff_ffff) | i as u64);
        }
        drop(hashes);
        keyed.sort_unstable();
        Locator {
            index: self,
            keyed,
            #[cfg(test)]
            work: std::cell::Cell::new(0),
        }
    }
}

/// [`PositionIndex::locate`] for many paths ([`PositionIndex::locator`]).
#[derive(Debug)]
pub struct Locator<'a> {
    index: &'a PositionIndex,
    /// Each entry as the hash of its path (its high 32 bits) and its number (the low 32),
    /// sorted: an entry of a given path is among those of its hash, in document order.
    keyed: Vec<u64>,
    /// Entries compared with a path so far (what the tests bound).
    #[cfg(test)]
    work: std::cell::Cell<usize>,
}

impl Locator<'_> {
    /// The location of `path` or of its nearest ancestor that has one (as
    /// [`PositionIndex::locate`]).
    pub fn locate(&self, path: &str) -> Option<Location> {
        // The hash of each ancestor's path (and of the path), longest last.
        let mut ends: Vec<(usize, u64)> = Vec::new();
        let mut h = SEED;
        for (at, b) in path.bytes().enumerate() {
            if matches!(b, b'.' | b'[') {
                ends.push((at, h & !0xffff_ffff));
            }
            h = step(h, b);
        }
        ends.push((path.len(), h & !0xffff_ffff));
        for &(len, key) in ends.iter().rev() {
            let ancestor = path.get(..len).unwrap_or_default();
            let from = self.keyed.partition_point(|&k| k < key);
            for &k in self.keyed.get(from..).unwrap_or_default() {
                if k & !0xffff_ffff != key {
                    break;
                }
                #[cfg(test)]
                self.work.set(self.work.get() + 1);
                let i = (k & 0xffff_ffff) as usize;
                if self.index.path_is(i, ancestor) {
                    return Some(self.index.location(i));
                }
            }
        }
        None
    }
}

/// Where a path's hash starts.
const SEED: u64 = 0x1234_5678;

/// The hash of a path, one more byte (FxHash's step: the hash of a path is its ancestor's,
/// stepped on with the rest; its high 32 bits are what is sorted).
fn step(h: u64, b: u8) -> u64 {
    (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answers of a list of (path, location) pairs, as the index was before.
    fn old_locate<'a>(entries: &'a [(String, Location)], path: &str) -> Option<&'a Location> {
        let mut p = path;
        loop {
            if let Some((_, l)) = entries.iter().find(|(k, _)| k == p) {
                return Some(l);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    fn index_of(paths: &[&str]) -> (PositionIndex, Vec<(String, Location)>) {
        let mut index = PositionIndex::new("f.yaml");
        let mut old = Vec::new();
        for (n, p) in paths.iter().enumerate() {
            let line = n as u32 + 1;
            index.push(p, line, 3);
            old.push((
                p.to_string(),
                Location {
                    file: "f.yaml".to_string(),
                    line,
                    column: 3,
                },
            ));
        }
        (index, old)
    }

    const PATHS: &[&str] = &[
        "apiVersion",
        "kind",
        "metadata",
        "metadata.name",
        "metadata.labels",
        "metadata.labels.app.kubernetes.io/name",
        "metadata.labels.a[b]",
        "metadata.labels.a",
        "metadata.labels.ab",
        "spec",
        "spec.containers",
        "spec.containers[0]",
        "spec.containers[0].name",
        "spec.containers[0].env",
        "spec.containers[0].env[1]",
        "spec.containers[0].env[1].name",
        "spec.containers[0].env[10]",
        "spec.containers[0].env[10].name",
        "spec.containers[1]",
        "spec",
        "spec.x",
        "",
        ".weird",
        "[0]",
        "spec.containers[0].env[1].name",
        "s",
        "sp",
        "spec.containers[0].image",
    ];

    const QUERIES: &[&str] = &[
        "apiVersion",
        "kind",
        "metadata.name",
        "metadata.labels[app.kubernetes.io/name]",
        "metadata.labels.app.kubernetes.io/name",
        "metadata.labels.app.kubernetes.io",
        "metadata.labels.app",
        "metadata.labels.a[b]",
        "metadata.labels.a[c]",
        "metadata.labels.a.b",
        "metadata.labels.ab",
        "metadata.labels.abc",
        "metadata.annotations[x]",
        "spec",
        "spec.containers[0].env[1].name",
        "spec.containers[0].env[1].value",
        "spec.containers[0].env[10].name",
        "spec.containers[0].env[100].name",
        "spec.containers[0].env[2]",
        "spec.containers[1].image",
        "spec.containers[2].image",
        "spec.containers[0].image",
        "spec.template.spec",
        "status",
        "",
        ".weird",
        ".weird.x",
        "[0]",
        "[0].a",
        "[1]",
        "s.t",
        "sp[0]",
        "nothing",
        "spe",
    ];

    #[test]
    fn answers_as_the_list_of_paths_did() {
        let (index, old) = index_of(PATHS);
        let locator = index.locator();
        for q in QUERIES {
            let want = old_locate(&old, q).cloned();
            assert_eq!(index.locate(q), want, "{q:?}");
            assert_eq!(locator.locate(q), want, "{q:?}");
        }
        let got: Vec<(String, Location)> = index.iter().collect();
        assert_eq!(got, old);
    }

    /// Entries taken back (a measured entry) and taken out (a List's item), then added
    /// again: the same as a list of paths.
    #[test]
    fn truncated_and_split_off_as_a_list() {
        let (mut index, mut old) = index_of(&PATHS[..12]);
        index.truncate(5);
        old.truncate(5);
        for (n, p) in ["metadata.labels.c", "items", "items[3]", "items[3].spec"]
            .iter()
            .enumerate()
        {
            index.push(p, 100 + n as u32, 1);
            old.push((
                p.to_string(),
                Location {
                    file: "f.yaml".to_string(),
                    line: 100 + n as u32,
                    column: 1,
                },
            ));
        }
        assert_eq!(index.iter().collect::<Vec<_>>(), old);
        let at = 7;
        for p in [
            "items[3].spec.x",
            "items[3][0]",
            "items[3].spec.x[1].y",
            "items[3]",
        ] {
            index.push(p, 7, 7);
            old.push((
                p.to_string(),
                Location {
                    file: "f.yaml".to_string(),
                    line: 7,
                    column: 7,
                },
            ));
        }
        let within = |p: &str| {
            let p = &p["items[3]".len()..];
            p.strip_prefix('.').unwrap_or(p).to_string()
        };
        let want: Vec<(String, Location)> = old[at..]
            .iter()
            .map(|(p, l)| (within(p), l.clone()))
            .collect();
        let mut copy = index.clone();
        let (item, location) = copy.split_off(at, "items[3]".len(), &|_, _| true);
        assert_eq!(item.iter().collect::<Vec<_>>(), want);
        assert_eq!(location.map(|l| l.line), Some(7));
        assert_eq!(copy.iter().collect::<Vec<_>>(), old[..at].to_vec());
        let locator = item.locator();
        for q in ["spec.x[1].y.z", "spec", "[0]", "", "spec.q"] {
            let want = old_locate(&want, q).cloned();
            assert_eq!(locator.locate(q), want, "{q:?}");
        }
        // Without the entries of values a repeated key replaced.
        let (item, _) = index.clone().split_off(at, "items[3]".len(), &|i, p| {
            i != at + 1 && !p.ends_with(".y")
        });
        let kept: Vec<&str> = ["", "spec.x", "[0]", ""].to_vec();
        assert_eq!(item.iter().map(|(p, _)| p).collect::<Vec<_>>(), kept);
        index.retain(&|i, p| i % 2 == 0 || p.starts_with("items"));
        let kept: Vec<(String, Location)> = old
            .iter()
            .enumerate()
            .filter(|(i, (p, _))| i % 2 == 0 || p.starts_with("items"))
            .map(|(_, e)| e.clone())
            .collect();
        assert_eq!(index.iter().collect::<Vec<_>>(), kept);
    }

    /// A key repeated many times, keys that are prefixes of the next (`a`, `aa`, …): each
    /// entry's parent is an ancestor of its path, so a path is built from at most as many
    /// parts as it has `.` and `[` (a chain of repeats made dropping the replaced ones
    /// quadratic).
    #[test]
    fn parents_are_ancestors() {
        let mut index = PositionIndex::new("f");
        let mut want = Vec::new();
        for n in 0..2000u32 {
            for p in [
                "x".to_string(),
                "a".repeat(n as usize + 1),
                format!("x.y{n}"),
            ] {
                index.push(&p, n, 1);
                want.push(p);
            }
        }
        for (i, want) in want.iter().enumerate() {
            let mut depth = 0;
            let mut at = Some(i);
            while let Some(e) = at {
                depth += 1;
                at = index.parent(e);
            }
            let path = index.path(i);
            let dots = path.bytes().filter(|b| matches!(b, b'.' | b'[')).count();
            assert!(depth <= dots + 1, "{path}: {depth} parts");
            assert_eq!(&path, want);
        }
        let locator = index.locator();
        assert_eq!(locator.locate("x.y7.z").map(|l| l.line), Some(7));
        assert_eq!(locator.locate("x.q").map(|l| l.line), Some(0));
    }

    /// A Pod of 200,000 volumes all named `v`: 200,000 errors, one per volume's name, each
    /// located with a few comparisons (a scan per error made it 120 s).
    #[test]
    fn many_errors_are_located_in_linear_work() {
        let n = 200_000;
        let mut index = PositionIndex::new("pvb.yaml");
        index.push("spec", 1, 1);
        index.push("spec.volumes", 2, 3);
        for i in 0..n {
            let p = format!("spec.volumes[{i}]");
            index.push(&p, 3 + i, 12);
            index.push(&format!("{p}.name"), 3 + i, 13);
        }
        index.done();
        // About 20 bytes a field.
        assert!(index.entries.len() * 16 + index.parts.len() < 2 * n as usize * 24);
        let locator = index.locator();
        for i in 0..n {
            let at = locator.locate(&format!("spec.volumes[{i}].name"));
            assert_eq!(at.map(|l| (l.line, l.column)), Some((3 + i, 13)));
        }
        let compared = locator.work.get();
        assert!(compared <= 2 * n as usize, "{compared} comparisons");
        // An error at a field that has no position is located at its nearest ancestor.
        assert_eq!(
            locator
                .locate("spec.volumes[7].hostPath.path")
                .map(|l| l.line),
            Some(10)
        );
        assert_eq!(
            index
                .locate("spec.volumes[7].hostPath.path")
                .map(|l| l.line),
            Some(10)
        );
    }
}
