//! One stable sort for the whole crate (a size choice for the web bundle).
//!
//! `slice::sort_by` compiles a copy of the standard library's stable sort (a few KB of wasm)
//! for every element type and comparison. [`sort_by`] sorts positions instead, with a single
//! compiled copy of the sort for every caller, then moves the items into that order. The
//! result is exactly `sort_by`'s: a stable sort of the positions by their items is the
//! stable order of the items. Meant for the short lists sorted here (a node's pods, a
//! DaemonSet's revisions, a file's errors).

use std::cmp::Ordering;

/// `v.sort_by(cmp)`: stable, same order.
pub(crate) fn sort_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        sorted_positions(
            items.len(),
            &mut |a, b| match (items.get(a), items.get(b)) {
                (Some(x), Some(y)) => cmp(x, y),
                _ => Ordering::Equal,
            },
        )
    };
    // Already in order: left as it is (what a stable sort gives).
    let Some(order) = order else {
        return;
    };
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// `v.sort()`: stable, same order.
pub(crate) fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
}

/// Node slots (or any `u32` ids) in the order of their distinct `rank`s: the ids packed
/// under their ranks into `u64`s and sorted as numbers, one compiled copy of the standard
/// library's unstable sort for every caller (each `sort_unstable_by_key` compiles its own).
/// Equal ranks come in the order of their ids (only equal ids share a rank where it is
/// used).
pub(crate) fn sort_by_rank(v: &mut [u32], rank: impl Fn(u32) -> u32) {
    if v.len() < 2 {
        // In order already (a sync of one node: nothing to allocate).
        return;
    }
    let mut keyed: Vec<u64> = v
        .iter()
        .map(|&i| (u64::from(rank(i)) << 32) | u64::from(i))
        .collect();
    keyed.sort_unstable();
    for (to, k) in v.iter_mut().zip(keyed) {
        // The low 32 bits are the id.
        *to = k as u32;
    }
}

/// The positions `0..len`, stably sorted by `cmp` (the one compiled copy of the sort);
/// `None` when they are in order already (often: a node's pods are listed in the order they
/// are shown, and a page opening 5,000 nodes sorts 5,000 such lists).
#[inline(never)]
fn sorted_positions(
    len: usize,
    cmp: &mut dyn FnMut(usize, usize) -> Ordering,
) -> Option<Vec<usize>> {
    if (1..len).all(|i| cmp(i - 1, i) != Ordering::Greater) {
        return None;
    }
    let mut order: Vec<usize> = (0..len).collect();
    // The one compiled copy of the standard library's stable sort (see clippy.toml).
    #[allow(clippy::disallowed_methods)]
    order.sort_by(|a, b| cmp(*a, *b));
    Some(order)
}

// Tests may sort and parse as they like: they never reach the page (clippy.toml).
#[cfg(test)]
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn same_order_as_the_standard_stable_sort(v in proptest::collection::vec((0u8..4, 0u16..1000), 0..64)) {
            let mut want = v.clone();
            want.sort_by_key(|a| a.0);
            let mut got = v.clone();
            sort_by(&mut got, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(&got, &want);
            let mut want = v.clone();
            want.sort();
            let mut got = v;
            sort(&mut got);
            prop_assert_eq!(got, want);
        }

        #[test]
        fn by_rank_as_the_standard_unstable_sort_by_key(v in proptest::collection::vec(0u32..500, 0..64)) {
            // Distinct ranks (a permutation of the ids), as node slots' ranks are.
            let rank = |i: u32| (i.wrapping_mul(7919)) % 1000;
            let mut want = v.clone();
            want.sort_unstable_by_key(|&i| rank(i));
            let mut got = v;
            sort_by_rank(&mut got, rank);
            prop_assert_eq!(got, want);
        }

        /// Lists already in order by the key (the early return), ties kept in their order.
        #[test]
        fn a_list_in_order_by_the_key_stays_as_it_is(mut v in proptest::collection::vec((0u8..4, 0u16..1000), 0..64)) {
            v.sort_by_key(|a| a.0);
            let want = v.clone();
            sort_by(&mut v, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(v, want);
        }
    }
}
