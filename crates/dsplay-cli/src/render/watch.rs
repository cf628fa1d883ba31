//! `--watch` lines: one JSON object per change, shaped as a Kubernetes watch event
//! (`{"type": ..., "object": ...}`) with the simulated time added as `time`.

use super::time::micro_time;
use dsplay_core::clock::SimTime;
use serde_json::Value;
use std::io::{self, Write};

/// Writes one watch line and its newline straight to `out`:
/// `{"type":"ADDED","object":{...},"time":"2026-01-01T00:00:05.250000Z"}`.
///
/// `type` comes first and `object` second, as the API server writes them. Nothing is built
/// in memory first: the object is serialized into `out` (a buffered writer).
pub(crate) fn write_line(
    out: &mut dyn Write,
    type_: &str,
    object: &Value,
    time: SimTime,
) -> io::Result<()> {
    write_with(out, type_, time, |out| {
        Ok(serde_json::to_writer(out, object)?)
    })
}

/// [`write_line`] of an object already written as compact JSON text (what the simulation
/// keeps recorded watch events as): the text is copied, not parsed again.
pub(crate) fn write_raw_line(
    out: &mut dyn Write,
    type_: &str,
    object_json: &str,
    time: SimTime,
) -> io::Result<()> {
    write_with(out, type_, time, |out| {
        out.write_all(object_json.as_bytes())
    })
}

fn write_with(
    out: &mut dyn Write,
    type_: &str,
    time: SimTime,
    object: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    out.write_all(b"{\"type\":")?;
    serde_json::to_writer(&mut *out, type_)?;
    out.write_all(b",\"object\":")?;
    object(&mut *out)?;
    out.write_all(b",\"time\":\"")?;
    out.write_all(micro_time(time).as_bytes())?;
    out.write_all(b"\"}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn line_is_a_watch_event_with_time() {
        let mut out = Vec::new();
        write_line(
            &mut out,
            "ADDED",
            &json!({"kind": "Node", "metadata": {"name": "w"}}),
            SimTime(1_500),
        )
        .unwrap();
        let l = String::from_utf8(out).unwrap();
        assert_eq!(
            l,
            "{\"type\":\"ADDED\",\"object\":{\"kind\":\"Node\",\"metadata\":{\"name\":\"w\"}},\"time\":\"2026-01-01T00:00:01.500000Z\"}\n"
        );
        let parsed: Value = serde_json::from_str(&l).unwrap();
        assert_eq!(parsed["type"], "ADDED");
        let mut raw = Vec::new();
        write_raw_line(
            &mut raw,
            "ADDED",
            r#"{"kind":"Node","metadata":{"name":"w"}}"#,
            SimTime(1_500),
        )
        .unwrap();
        assert_eq!(String::from_utf8(raw).unwrap(), l);
    }
}
