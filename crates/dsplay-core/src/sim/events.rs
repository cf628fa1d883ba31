//! Events (`v1 Event`), recorded and aggregated as kubectl shows them.
//!
//! Repeats of the same (object, type, reason, message, source) are folded into one
//! entry with a count and first/last timestamps, as the client-go event correlator
//! does. At most [`EVENT_CAP`] entries are kept; the least recently seen is dropped
//! first (a real cluster drops events after one hour).

use crate::clock::SimTime;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::Arc;

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
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
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
        self.hash
    }
}

/// `parts` joined, in a string allocated once at its final size (cheaper than `format!`
/// for the messages recorded once per pod).
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
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
    pub namespace: Arc<str>,
    /// Name.
    pub name: Arc<str>,
    /// uid.
    pub uid: Arc<str>,
}

/// One aggregated event.
#[derive(Clone, Debug)]
pub(crate) struct EventRecord {
    pub involved: Involved,
    pub type_: EventType,
    pub reason: &'static str,
    pub message: Arc<str>,
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

/// The entries with one key hash (almost always one).
#[derive(Clone, Debug)]
enum Serials {
    One(u64),
    Many(Vec<u64>),
}

impl Serials {
    fn as_slice(&self) -> &[u64] {
        match self {
            Serials::One(s) => std::slice::from_ref(s),
            Serials::Many(v) => v,
        }
    }
}

/// The aggregation key's hash: (involved object, type, reason, message, source, host).
fn key_hash(
    involved: &Involved,
    type_: EventType,
    reason: &str,
    message: &str,
    source: &str,
    host: Option<&str>,
) -> u64 {
    let mut h = FxHasher::default();
    involved.hash(&mut h);
    type_.hash(&mut h);
    reason.hash(&mut h);
    message.hash(&mut h);
    source.hash(&mut h);
    host.hash(&mut h);
    h.finish()
}

impl EventRecord {
    /// Whether the entry aggregates events with this key.
    fn has_key(&self, ev: &NewEvent) -> bool {
        self.involved == ev.involved
            && self.type_ == ev.type_
            && self.reason == ev.reason
            && *self.message == *ev.message
            && self.source == ev.source
            && self.host == ev.host
    }
}

/// The event store.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventStore {
    /// Key hash → entries (looked up, never iterated).
    by_key: HashMap<u64, Serials, BuildHasherDefault<FxHasher>>,
    /// serial → record
    records: BTreeMap<u64, Box<EventRecord>>,
    /// seq (last update order) → serial
    by_seq: BTreeMap<u64, u64>,
    next: u64,
}

/// Reason plus arguments for one event to record.
pub(crate) struct NewEvent {
    pub involved: Involved,
    pub type_: EventType,
    pub reason: &'static str,
    pub message: String,
    pub source: &'static str,
    pub host: Option<String>,
}

impl EventStore {
    /// Records an event at `now`; returns the serial of the (new or updated) entry.
    pub(crate) fn record(&mut self, ev: NewEvent, now: SimTime, rv: u64) -> u64 {
        self.next = self.next.wrapping_add(1);
        let seq = self.next;
        let hash = key_hash(
            &ev.involved,
            ev.type_,
            ev.reason,
            &ev.message,
            ev.source,
            ev.host.as_deref(),
        );
        let found = self.by_key.get(&hash).and_then(|serials| {
            serials
                .as_slice()
                .iter()
                .copied()
                .find(|s| self.records.get(s).is_some_and(|r| r.has_key(&ev)))
        });
        if let Some(serial) = found {
            if let Some(r) = self.records.get_mut(&serial) {
                self.by_seq.remove(&r.seq);
                r.seq = seq;
                r.count = r.count.saturating_add(1);
                r.last = now;
                r.rv = rv;
                self.by_seq.insert(seq, serial);
                return serial;
            }
        }
        let serial = seq;
        let rec = EventRecord {
            involved: ev.involved,
            type_: ev.type_,
            reason: ev.reason,
            message: Arc::from(ev.message),
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
        match self.by_key.entry(hash) {
            Entry::Vacant(v) => {
                v.insert(Serials::One(serial));
            }
            Entry::Occupied(mut o) => {
                let v = o.get_mut();
                *v = Serials::Many(v.as_slice().iter().copied().chain([serial]).collect());
            }
        }
        self.records.insert(serial, Box::new(rec));
        self.by_seq.insert(seq, serial);
        while self.records.len() > EVENT_CAP {
            let Some((_, oldest)) = self.by_seq.pop_first() else {
                break;
            };
            if let Some(r) = self.records.remove(&oldest) {
                if let Entry::Occupied(mut o) = self.by_key.entry(r.key_hash) {
                    let rest: Vec<u64> = o
                        .get()
                        .as_slice()
                        .iter()
                        .copied()
                        .filter(|s| *s != oldest)
                        .collect();
                    match rest.as_slice() {
                        [] => {
                            o.remove();
                        }
                        [one] => *o.get_mut() = Serials::One(*one),
                        _ => *o.get_mut() = Serials::Many(rest),
                    }
                }
            }
        }
        serial
    }

    /// Entries, most recently seen first.
    pub(crate) fn newest_first(&self) -> impl Iterator<Item = &EventRecord> {
        self.by_seq
            .values()
            .rev()
            .filter_map(|s| self.records.get(s).map(|r| &**r))
    }

    /// The number of the last record or update (0: none yet).
    pub(crate) fn last_seq(&self) -> u64 {
        self.next
    }

    /// Entries in creation order.
    pub(crate) fn in_creation_order(&self) -> impl Iterator<Item = &EventRecord> {
        self.records.values().map(|r| &**r)
    }

    /// One entry.
    pub(crate) fn get(&self, serial: u64) -> Option<&EventRecord> {
        self.records.get(&serial).map(|r| &**r)
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }
}

#[cfg(test)]
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
        assert_eq!(&*s.newest_first().next().unwrap().message, "Created pod: b");
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
            &*s.in_creation_order().next().unwrap().message,
            "Created pod: p10"
        );
    }
}
