//! Timestamps as the watch lines print them (the tables' ages: `dsplay_core::print::get::age`).

use dsplay_core::clock::SimTime;

/// A simulated instant as Kubernetes' `MicroTime` prints it: `2026-01-01T00:00:05.250000Z`.
pub(crate) fn micro_time(t: SimTime) -> String {
    let secs = t.rfc3339();
    let micros = (t.as_millis() % 1000) * 1000;
    match secs.strip_suffix('Z') {
        Some(base) => format!("{base}.{micros:06}Z"),
        None => secs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn micro_time_keeps_milliseconds() {
        assert_eq!(micro_time(SimTime(5_250)), "2026-01-01T00:00:05.250000Z");
        assert_eq!(micro_time(SimTime(0)), "2026-01-01T00:00:00.000000Z");
    }
}
