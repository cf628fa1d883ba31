//! Events (`v1 Event`), recorded and aggregated as kubectl shows them.
//!
//! Repeats of the same (object, type, reason, message, source) are folded into one
//! entry with a count and first/last timestamps, as the client-go event correlator
//! does. At most [`EVENT_CAP`] entries are kept; the least recently seen is dropped
//! first (a real cluster drops events after one hour).

use crate::clock::SimTime;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::rc::Rc;

/// A small, fixed (unseeded) multiply-rotate hasher (the rustc "Fx" hash) for indexes that
/// are only looked up, never iterated (so the order of entries never shows): cheaper than
/// comparing keys string by string in a tree.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if bytes.len() > 8 && !rest.is_empty() {
            // The last 8 bytes (overlapping the last chunk): one load instead of a byte loop.
            let mut w = [0u8; 8];
            w.copy_from_slice(bytes.get(bytes.len() - 8..).unwrap_or(&[0; 8]));
            self.add(u64::from_le_bytes(w));
        } else if !rest.is_empty() {
            // Byte by byte: a copy of a variable length would be a `memcpy` call.
            let mut w = 0u64;
            for (i, b) in rest.iter().enumerate() {
                w |= u64::from(*b) << (8 * i);
            }
            self.add(w);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The product's high bits depend on every input bit, its low bits only on the low
        // bits: rotated so that the table's bucket index (low bits) is well mixed.
        self.hash.rotate_left(26)
    }
}

/// Most event entries kept.
pub const EVENT_CAP: usize = 2_000;

/// `Normal`/`Warning`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// What the event is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Involved {
    /// `Pod`, `DaemonSet`, `Node`.
    pub kind: &'static str,
    /// API version of the kind.
    pub api_version: &'static str,
    /// Namespace (empty for nodes).
    pub namespace: Rc<str>,
    /// Name.
    pub name: Rc<str>,
    /// uid.
    pub uid: Rc<str>,
}

/// An event's message, kept in parts until it is read (the messages of the controllers'
/// frequent events name the involved object or a pod: building their text for every event,
/// most of which are dropped unread once [`EVENT_CAP`] is reached, is wasted work).
#[derive(Clone, Debug)]
pub(crate) enum Message {
    /// The text as is.
    Text(Rc<str>),
    /// `Created pod: <name>`.
    CreatedPod(Rc<str>),
    /// `Successfully assigned <namespace>/<name> to <node>`, about the pod `<namespace>/<name>`
    /// (the involved object).
    Assigned(Rc<str>),
}

impl From<String> for Message {
    fn from(s: String) -> Self {
        Message::Text(Rc::from(s))
    }
}

impl From<Rc<str>> for Message {
    fn from(s: Rc<str>) -> Self {
        Message::Text(s)
    }
}

impl From<&str> for Message {
    fn from(s: &str) -> Self {
        Message::Text(Rc::from(s))
    }
}

impl Message {
    /// The parts of the text, in order, for an event about `involved`.
    fn parts<'a>(&'a self, involved: &'a Involved) -> [&'a str; 6] {
        match self {
            Message::Text(t) => [t, "", "", "", "", ""],
            Message::CreatedPod(name) => ["Created pod: ", name, "", "", "", ""],
            Message::Assigned(node) => [
                "Successfully assigned ",
                &involved.namespace,
                "/",
                &involved.name,
                " to ",
                node,
            ],
        }
    }

    /// The text, for an event about `involved`.
    pub(crate) fn text(&self, involved: &Involved) -> String {
        match self {
            Message::Text(t) => t.to_string(),
            _ => self.parts(involved).concat(),
        }
    }
}

/// Whether two messages (of events about `ia` and `ib`) have the same text.
fn same_text(a: &Message, ia: &Involved, b: &Message, ib: &Involved) -> bool {
    match (a, b) {
        (Message::Text(x), Message::Text(y)) => x == y,
        (Message::CreatedPod(x), Message::CreatedPod(y)) => x == y,
        _ => {
            let pa = a.parts(ia);
            let pb = b.parts(ib);
            let len = |p: &[&str; 6]| p.iter().map(|s| s.len()).sum::<usize>();
            len(&pa) == len(&pb)
                && pa
                    .iter()
                    .flat_map(|s| s.bytes())
                    .eq(pb.iter().flat_map(|s| s.bytes()))
        }
    }
}

/// Hashes a text given in parts as the bytes of the whole text (the result does not depend
/// on where the parts split it).
#[derive(Default)]
struct StreamHasher {
    h: FxHasher,
    /// Bytes not yet hashed (fewer than 8), little-endian.
    buf: u64,
    n: u32,
}

impl StreamHasher {
    /// Appends `m` (at most 8) bytes given little-endian in `w`.
    #[inline]
    fn push(&mut self, w: u64, m: u32) {
        if m == 0 {
            return;
        }
        let n = self.n;
        // `n` < 8, so the shift is < 64; the bits of `w` shifted out are kept below.
        self.buf |= w << (8 * n);
        if n + m >= 8 {
            self.h.add(self.buf);
            self.buf = if n == 0 { 0 } else { w >> (64 - 8 * n) };
            self.n = n + m - 8;
        } else {
            self.n = n + m;
        }
    }

    /// Appends `bytes`: whole words at a time, carrying the bytes not yet hashed.
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.push(u64::from_le_bytes(w), 8);
        }
        let rest = chunks.remainder();
        let mut w = 0u64;
        for (i, b) in rest.iter().enumerate() {
            w |= u64::from(*b) << (8 * i);
        }
        // `rest` is shorter than 8 bytes.
        self.push(w, rest.len() as u32);
    }

    fn finish(mut self) -> u64 {
        if self.n != 0 {
            self.h.add(self.buf);
        }
        self.h.finish()
    }
}

/// One aggregated event.
#[derive(Clone, Debug)]
pub(crate) struct EventRecord {
    pub involved: Involved,
    pub type_: EventType,
    pub reason: &'static str,
    pub message: Message,
    pub source: &'static str,
    pub host: Option<String>,
    pub first: SimTime,
    pub last: SimTime,
    pub count: u32,
    /// Name suffix: unique per entry.
    pub serial: u64,
    /// Order of last update.
    pub seq: u64,
    /// `metadata.resourceVersion`.
    pub rv: u64,
    /// Hash of the aggregation key (involved object, type, reason, message, source, host).
    key_hash: u64,
}

/// The slots of the entries with one key hash (almost always one).
#[derive(Clone, Debug)]
enum Slots {
    One(u32),
    Many(Vec<u32>),
}

impl Slots {
    fn as_slice(&self) -> &[u32] {
        match self {
            Slots::One(s) => std::slice::from_ref(s),
            Slots::Many(v) => v,
        }
    }
}

/// The aggregation key's hash, from the parts of the key (involved object, type, reason,
/// message, source, host) that tell events apart in practice: the object's name, the reason
/// and the message (entries whose keys differ in other parts only share a hash, and are told
/// apart by comparing keys).
fn key_hash(involved: &Involved, reason: &str, message: &Message) -> u64 {
    let mut h = StreamHasher::default();
    h.write(involved.name.as_bytes());
    h.write(&[0xff]);
    h.write(reason.as_bytes());
    h.write(&[0xff]);
    for part in message.parts(involved) {
        h.write(part.as_bytes());
    }
    h.finish()
}

impl EventRecord {
    /// The message text.
    pub(crate) fn message_text(&self) -> String {
        self.message.text(&self.involved)
    }

    /// Whether the entry aggregates events with this key.
    fn has_key(&self, ev: &NewEvent) -> bool {
        self.involved == ev.involved
            && self.type_ == ev.type_
            && self.reason == ev.reason
            && same_text(&self.message, &self.involved, &ev.message, &ev.involved)
            && self.source == ev.source
            && self.host == ev.host
    }
}

/// Marks a removed entry of an [`OrderIndex`].
const GONE: u32 = u32::MAX;

/// (key, slot) pairs appended in increasing key order; removed pairs are marked [`GONE`] and
/// swept out once they outnumber the live ones (so appending, removing and popping the
/// oldest are cheap, and the vector stays within a small multiple of the live entries).
#[derive(Clone, Debug, Default)]
struct OrderIndex {
    entries: Vec<(u64, u32)>,
    /// Entries before this position are all removed.
    front: usize,
    /// Removed entries still in `entries`.
    gone: usize,
}

impl OrderIndex {
    /// Appends `key` (larger than every key appended before).
    fn push(&mut self, key: u64, slot: u32) {
        self.entries.push((key, slot));
    }

    /// The slot stored under `key`.
    fn get(&self, key: u64) -> Option<u32> {
        let i = self.entries.binary_search_by_key(&key, |e| e.0).ok()?;
        self.entries
            .get(i)
            .map(|e| e.1)
            .filter(|&slot| slot != GONE)
    }

    /// Removes `key`.
    fn remove(&mut self, key: u64) {
        // Usually the oldest entry (events leave in the order they came): no search.
        if let Some(e) = self.entries.get_mut(self.front) {
            if e.0 == key {
                if e.1 != GONE {
                    e.1 = GONE;
                    self.gone += 1;
                }
                self.front += 1;
                self.sweep();
                return;
            }
        }
        if let Ok(i) = self.entries.binary_search_by_key(&key, |e| e.0) {
            if let Some(e) = self.entries.get_mut(i) {
                if e.1 != GONE {
                    e.1 = GONE;
                    self.gone += 1;
                }
            }
        }
        self.sweep();
    }

    /// Removes and returns the slot under the smallest key.
    fn pop_first(&mut self) -> Option<u32> {
        while let Some(e) = self.entries.get_mut(self.front) {
            self.front += 1;
            if e.1 != GONE {
                let slot = e.1;
                e.1 = GONE;
                self.gone += 1;
                self.sweep();
                return Some(slot);
            }
        }
        None
    }

    /// Drops removed entries once they outnumber the live ones.
    fn sweep(&mut self) {
        let live = self.entries.len() - self.gone;
        if self.gone > live.saturating_add(64) {
            self.entries.retain(|e| e.1 != GONE);
            self.front = 0;
            self.gone = 0;
        }
    }

    /// Live slots in key order.
    fn slots(&self) -> impl DoubleEndedIterator<Item = u32> + '_ {
        self.entries
            .get(self.front..)
            .unwrap_or_default()
            .iter()
            .map(|e| e.1)
            .filter(|&slot| slot != GONE)
    }
}

/// The event store.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventStore {
    /// Key hash → slots of the entries (looked up, never iterated).
    by_key: HashMap<u64, Slots, BuildHasherDefault<FxHasher>>,
    /// The entries, in reused slots.
    slots: Vec<Option<EventRecord>>,
    /// Free slots.
    free: Vec<u32>,
    /// serial → slot (creation order).
    by_serial: OrderIndex,
    /// seq (last update order) → slot.
    by_seq: OrderIndex,
    /// Number of entries.
    len: usize,
    next: u64,
}

/// Reason plus arguments for one event to record.
pub(crate) struct NewEvent {
    pub involved: Involved,
    pub type_: EventType,
    pub reason: &'static str,
    pub message: Message,
    pub source: &'static str,
    pub host: Option<String>,
}

impl EventStore {
    fn slot(&self, slot: u32) -> Option<&EventRecord> {
        self.slots.get(slot as usize)?.as_ref()
    }

    /// Records an event at `now`; returns the serial of the (new or updated) entry.
    pub(crate) fn record(&mut self, ev: NewEvent, now: SimTime, rv: u64) -> u64 {
        self.next = self.next.wrapping_add(1);
        let seq = self.next;
        let hash = key_hash(&ev.involved, ev.reason, &ev.message);
        let found = self.by_key.get(&hash).and_then(|slots| {
            slots
                .as_slice()
                .iter()
                .copied()
                .find(|&s| self.slot(s).is_some_and(|r| r.has_key(&ev)))
        });
        if let Some(slot) = found {
            if let Some(r) = self.slots.get_mut(slot as usize).and_then(|r| r.as_mut()) {
                let old_seq = r.seq;
                r.seq = seq;
                r.count = r.count.saturating_add(1);
                r.last = now;
                r.rv = rv;
                let serial = r.serial;
                self.by_seq.remove(old_seq);
                self.by_seq.push(seq, slot);
                return serial;
            }
        }
        let serial = seq;
        let rec = EventRecord {
            involved: ev.involved,
            type_: ev.type_,
            reason: ev.reason,
            message: ev.message,
            source: ev.source,
            host: ev.host,
            first: now,
            last: now,
            count: 1,
            serial,
            seq,
            rv,
            key_hash: hash,
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                if let Some(s) = self.slots.get_mut(slot as usize) {
                    *s = Some(rec);
                }
                slot
            }
            None => {
                self.slots.push(Some(rec));
                u32::try_from(self.slots.len() - 1).unwrap_or(GONE)
            }
        };
        match self.by_key.entry(hash) {
            Entry::Vacant(v) => {
                v.insert(Slots::One(slot));
            }
            Entry::Occupied(mut o) => {
                let v = o.get_mut();
                *v = Slots::Many(v.as_slice().iter().copied().chain([slot]).collect());
            }
        }
        self.by_serial.push(serial, slot);
        self.by_seq.push(seq, slot);
        self.len += 1;
        while self.len > EVENT_CAP {
            let Some(oldest) = self.by_seq.pop_first() else {
                break;
            };
            let Some(r) = self.slots.get_mut(oldest as usize).and_then(|r| r.take()) else {
                continue;
            };
            self.len -= 1;
            self.free.push(oldest);
            self.by_serial.remove(r.serial);
            if let Entry::Occupied(mut o) = self.by_key.entry(r.key_hash) {
                match o.get() {
                    Slots::One(_) => {
                        o.remove();
                    }
                    Slots::Many(v) => {
                        let rest: Vec<u32> = v.iter().copied().filter(|s| *s != oldest).collect();
                        match rest.as_slice() {
                            [] => {
                                o.remove();
                            }
                            [one] => *o.get_mut() = Slots::One(*one),
                            _ => *o.get_mut() = Slots::Many(rest),
                        }
                    }
                }
            }
        }
        serial
    }

    /// Entries, most recently seen first.
    pub(crate) fn newest_first(&self) -> impl Iterator<Item = &EventRecord> {
        self.by_seq.slots().rev().filter_map(|s| self.slot(s))
    }

    /// The number of the last record or update (0: none yet).
    pub(crate) fn last_seq(&self) -> u64 {
        self.next
    }

    /// Entries in creation order.
    pub(crate) fn in_creation_order(&self) -> impl Iterator<Item = &EventRecord> {
        self.by_serial.slots().filter_map(|s| self.slot(s))
    }

    /// One entry.
    pub(crate) fn get(&self, serial: u64) -> Option<&EventRecord> {
        self.slot(self.by_serial.get(serial)?)
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

// Tests may sort and parse as they like: they never reach the page (clippy.toml).
#[cfg(test)]
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    fn ev(msg: &str) -> NewEvent {
        NewEvent {
            involved: Involved {
                kind: "DaemonSet",
                api_version: "apps/v1",
                namespace: "default".into(),
                name: "x".into(),
                uid: "u".into(),
            },
            type_: EventType::Normal,
            reason: "SuccessfulCreate",
            message: msg.into(),
            source: "daemonset-controller",
            host: None,
        }
    }

    /// The stream hash of a text does not depend on how it is split into parts, and is the
    /// hash of its bytes taken as little-endian 8-byte words (the last one zero-padded).
    #[test]
    fn stream_hash_ignores_splits() {
        let text = b"Successfully assigned kube-system/fluentd-abcde to node-00042 ok";
        let reference = |bytes: &[u8]| {
            let mut h = FxHasher::default();
            for c in bytes.chunks(8) {
                let mut w = [0u8; 8];
                w[..c.len()].copy_from_slice(c);
                h.add(u64::from_le_bytes(w));
            }
            h.finish()
        };
        for len in 0..text.len() {
            let t = &text[..len];
            let whole = reference(t);
            for i in 0..=len {
                for j in i..=len {
                    let mut h = StreamHasher::default();
                    h.write(&t[..i]);
                    h.write(&t[i..j]);
                    h.write(&t[j..]);
                    assert_eq!(h.finish(), whole, "len {len}, split at {i} and {j}");
                }
            }
        }
    }

    #[test]
    fn repeats_are_aggregated() {
        let mut s = EventStore::default();
        let a = s.record(ev("Created pod: a"), SimTime(1000), 1);
        let b = s.record(ev("Created pod: a"), SimTime(5000), 2);
        assert_eq!(a, b);
        let r = s.get(a).unwrap();
        assert_eq!(
            (r.count, r.first, r.last),
            (2, SimTime(1000), SimTime(5000))
        );
        s.record(ev("Created pod: b"), SimTime(6000), 3);
        assert_eq!(s.len(), 2);
        assert_eq!(
            s.newest_first().next().unwrap().message_text(),
            "Created pod: b"
        );
    }

    /// The store against a plain list of (key, serial, seq, count), with repeats of old
    /// entries, evictions and sweeps of the order indexes.
    #[test]
    fn store_matches_a_plain_model() {
        let mut s = EventStore::default();
        let mut model: Vec<(String, u64, u64, u32)> = Vec::new();
        let mut x: u64 = 7;
        for i in 0..(EVENT_CAP as u64 * 3) {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // Mostly new messages; some repeat a recent or a very old one.
            let k = match (x >> 33) % 10 {
                0 => format!("m{}", (x >> 40) % 5),
                1 => format!("m{}", i.saturating_sub((x >> 40) % 50)),
                _ => format!("m{i}"),
            };
            let serial = s.record(ev(&k), SimTime(i), i);
            let seq = s.last_seq();
            match model.iter_mut().find(|m| m.0 == k) {
                Some(m) => {
                    assert_eq!(serial, m.1);
                    m.2 = seq;
                    m.3 += 1;
                }
                None => {
                    assert_eq!(serial, seq);
                    model.push((k, seq, seq, 1));
                    if model.len() > EVENT_CAP {
                        let oldest = model
                            .iter()
                            .enumerate()
                            .min_by_key(|(_, m)| m.2)
                            .map(|(j, _)| j)
                            .unwrap();
                        model.remove(oldest);
                    }
                }
            }
            if i % 97 == 0 || i > EVENT_CAP as u64 * 3 - 3 {
                assert_eq!(s.len(), model.len());
                let mut by_serial = model.clone();
                by_serial.sort_by_key(|m| m.1);
                let got: Vec<(String, u32)> = s
                    .in_creation_order()
                    .map(|r| (r.message_text(), r.count))
                    .collect();
                let want: Vec<(String, u32)> =
                    by_serial.iter().map(|m| (m.0.clone(), m.3)).collect();
                assert_eq!(got, want);
                let mut by_seq = model.clone();
                by_seq.sort_by_key(|m| std::cmp::Reverse(m.2));
                let got: Vec<u64> = s.newest_first().map(|r| r.serial).collect();
                let want: Vec<u64> = by_seq.iter().map(|m| m.1).collect();
                assert_eq!(got, want);
                for m in &model {
                    assert_eq!(s.get(m.1).map(|r| r.seq), Some(m.2));
                }
            }
        }
    }

    #[test]
    fn store_is_capped() {
        let mut s = EventStore::default();
        for i in 0..(EVENT_CAP + 10) {
            s.record(
                ev(&format!("Created pod: p{i}")),
                SimTime(i as u64),
                i as u64,
            );
        }
        assert_eq!(s.len(), EVENT_CAP);
        assert_eq!(
            s.in_creation_order().next().unwrap().message_text(),
            "Created pod: p10"
        );
    }
}
