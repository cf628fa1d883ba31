//! `use_interval`: calls back every `period_ms` while `period_ms` is not zero.

use gloo::timers::callback::Interval;
use yew::prelude::*;

/// Calls `callback` every `period_ms` milliseconds; `0` stops the interval.
///
/// The interval is restarted only when `period_ms` changes; the latest `callback`
/// is always the one called.
#[hook]
pub fn use_interval(callback: Callback<()>, period_ms: u32) {
    let latest = use_mut_ref(|| callback.clone());
    *latest.borrow_mut() = callback;
    use_effect_with(period_ms, move |&period| {
        let interval = (period > 0).then(|| {
            Interval::new(period, move || {
                let cb = latest.borrow().clone();
                cb.emit(());
            })
        });
        move || drop(interval)
    });
}
