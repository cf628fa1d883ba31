//! Share links: a whole run (seed, inputs, editor text) in a URL fragment, `#v1=…`.
//!
//! A link is `BASE#v1=DATA`: `DATA` is the [payload](SharedRun::payload) (compact JSON),
//! compressed with raw deflate (RFC 1951, no zlib or gzip header) and base64url-encoded
//! without padding (RFC 4648 §5). The core has no I/O and no compressor: the page deflates
//! with the browser's `CompressionStream('deflate-raw')`, the CLI with a Rust deflate crate.
//! So the steps here are the two ends around the compressor:
//!
//! * writing: [`SharedRun::payload`] → deflate → [`fragment`] (or [`link`]);
//! * reading: [`compressed_data`] → inflate (at most [`MAX_PAYLOAD_BYTES`], errors through
//!   [`LinkError::inflate`]) → [`SharedRun::from_payload`].
//!
//! Every failure is a [`LinkError`] whose text says what was wrong and that nothing was
//! loaded; nothing here panics on any input. The format, and the promise that a link made by
//! any released version opens in every later one, are in `docs/share-links.md`; tests keep a
//! fixture link for each format version.

use crate::load::MAX_FILE_BYTES;
use crate::sim::{Input, NodeOp, Simulation, DEFAULT_CLUSTER};
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use serde::Deserialize;
use serde_json::Value;
use std::fmt;

/// The format version this code writes (`#v1=`), and the newest it reads.
pub const VERSION: u32 = 1;

/// Most bytes a link's payload may hold once decompressed: the loader's limit for one file
/// ([`MAX_FILE_BYTES`], 8 MiB). An inflater stops past it ([`InflateError::TooLarge`]).
pub const MAX_PAYLOAD_BYTES: usize = MAX_FILE_BYTES;

/// Most characters of base64url text a link may hold: raw deflate never grows data by more
/// than 5 bytes per 65,535-byte stored block, so a larger link cannot hold a payload within
/// [`MAX_PAYLOAD_BYTES`].
pub const MAX_DATA_CHARS: usize = (MAX_PAYLOAD_BYTES + MAX_PAYLOAD_BYTES / 8192 + 64) / 3 * 4;

/// base64url without padding; a last character with stray low bits is read (a link cut
/// short then fails as cut short when inflated, not as a bad character).
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// The value of the payload's `cluster` field for a run that starts from
/// [`Simulation::with_default_cluster`] (its node inputs are then not spelled out).
const DEFAULT_CLUSTER_NAME: &str = "default";

/// What a link holds: a run and the editor text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedRun {
    /// The seed ([`Simulation::seed`]).
    pub seed: u64,
    /// Every input since the seed, as [`Simulation::inputs`] lists them (the default
    /// cluster's nodes included): [`Simulation::replay`] of them rebuilds the cluster.
    pub inputs: Vec<Input>,
    /// The editor's text (empty where there is no editor, e.g. a run made by the CLI).
    pub editor: String,
}

/// The payload's fields (v1), in the order written.
const FIELDS: [&str; 4] = ["seed", "cluster", "inputs", "editor"];

/// The text of the last `Apply` in `inputs` (empty if none): what a link's editor holds
/// unless it says otherwise.
fn last_applied(inputs: &[Input]) -> &str {
    inputs
        .iter()
        .rev()
        .find_map(|i| match i {
            Input::Apply { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .unwrap_or_default()
}

/// The inputs [`Simulation::with_default_cluster`] starts with.
fn default_cluster_inputs() -> Vec<Input> {
    DEFAULT_CLUSTER
        .iter()
        .map(|&(name, template)| {
            Input::Node(NodeOp::Add {
                name: Some(name.to_string()),
                template,
            })
        })
        .collect()
}

impl SharedRun {
    /// The run so far of `sim`, with the editor text `editor`.
    pub fn of(sim: &Simulation, editor: &str) -> Self {
        SharedRun {
            seed: sim.seed(),
            inputs: sim.inputs().iter().map(|(_, i)| i.clone()).collect(),
            editor: editor.to_string(),
        }
    }

    /// Rebuilds the run: the same cluster, pod names, events and time as when it was shared.
    pub fn replay(&self) -> Simulation {
        Simulation::replay(self.seed, &self.inputs)
    }

    /// The payload to compress: compact JSON (`{"seed":…,"cluster":"default","inputs":[…],
    /// "editor":"…"}`). A run that starts with the default cluster's four nodes says
    /// `"cluster":"default"` instead of listing them; an editor holding the last manifest
    /// applied is not written again.
    pub fn payload(&self) -> Vec<u8> {
        // Written field by field (the web bundle's size: no serializer for a payload type);
        // `inputs` and `editor` as serde_json writes them, as `localStorage` keeps a run.
        let defaults = default_cluster_inputs();
        let (cluster, inputs) = match self.inputs.strip_prefix(defaults.as_slice()) {
            Some(rest) => (",\"cluster\":\"default\"", rest),
            None => ("", self.inputs.as_slice()),
        };
        let mut out = format!("{{\"seed\":{}{cluster},\"inputs\":", self.seed);
        // Serializing inputs and strings cannot fail (string keys, no non-finite floats).
        out.push_str(&serde_json::to_string(inputs).unwrap_or_default());
        if self.editor != last_applied(&self.inputs) {
            out.push_str(",\"editor\":");
            out.push_str(&serde_json::to_string(&self.editor).unwrap_or_default());
        }
        out.push('}');
        out.into_bytes()
    }

    /// Reads a decompressed payload.
    pub fn from_payload(bytes: &[u8]) -> Result<Self, LinkError> {
        if bytes.len() > MAX_PAYLOAD_BYTES {
            return Err(LinkError::too_large());
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            LinkError::damaged(format!(
                "its state is not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ))
        })?;
        // A value first, as the page reads its saved run: one JSON text parser in the wasm.
        let value = crate::json::from_text(text)
            .map_err(|e| LinkError::damaged(format!("its state is not JSON ({e})")))?;
        let not_v1 = |what: String| {
            LinkError::damaged(format!(
                "its state is not what a v{VERSION} link holds ({what})"
            ))
        };
        let Value::Object(fields) = value else {
            return Err(not_v1("not a JSON object".to_string()));
        };
        if let Some(k) = fields.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            return Err(not_v1(format!(
                "unknown field {}, expected one of seed, cluster, inputs, editor",
                shown(k)
            )));
        }
        let seed = fields
            .get("seed")
            .ok_or_else(|| not_v1("missing field `seed`".to_string()))?
            .as_u64()
            .ok_or_else(|| not_v1("seed: not a whole number from 0 to 2^64-1".to_string()))?;
        let mut inputs = match fields.get("cluster") {
            None => Vec::new(),
            Some(Value::String(c)) if c == DEFAULT_CLUSTER_NAME => default_cluster_inputs(),
            Some(other) => {
                return Err(not_v1(format!(
                    "cluster: {other} is not \"{DEFAULT_CLUSTER_NAME}\""
                )))
            }
        };
        let listed = fields
            .get("inputs")
            .ok_or_else(|| not_v1("missing field `inputs`".to_string()))?;
        inputs
            .extend(Vec::<Input>::deserialize(listed).map_err(|e| not_v1(format!("inputs: {e}")))?);
        let editor = match fields.get("editor") {
            None => last_applied(&inputs).to_string(),
            Some(Value::String(e)) => e.clone(),
            Some(_) => return Err(not_v1("editor: not a string".to_string())),
        };
        Ok(SharedRun {
            seed,
            inputs,
            editor,
        })
    }
}

/// `#v1=DATA` for deflated payload bytes.
pub fn fragment(compressed: &[u8]) -> String {
    format!("#v{VERSION}={}", BASE64URL.encode(compressed))
}

/// `base` (any fragment it has dropped) followed by [`fragment`].
pub fn link(base: &str, compressed: &[u8]) -> String {
    let base = base.split_once('#').map_or(base, |(b, _)| b);
    format!("{base}{}", fragment(compressed))
}

/// The deflated payload of a link: `link` may be a whole URL, its fragment (`#v1=…`) or the
/// fragment without `#`. ASCII whitespace in the data is ignored (a link wrapped in an
/// e-mail), and so is `=` padding at its end.
pub fn compressed_data(link: &str) -> Result<Vec<u8>, LinkError> {
    let link = link.trim();
    let fragment = match link.split_once('#') {
        Some((_, f)) => f,
        None if link.starts_with('v') => link,
        None => {
            return Err(LinkError::foreign(
                "it has no #v1= fragment, where a share link keeps its state".to_string(),
            ))
        }
    };
    let (tag, data) = fragment.split_once('=').unwrap_or((fragment, ""));
    let version = tag
        .strip_prefix('v')
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .map(|n| <u64 as std::str::FromStr>::from_str(n).unwrap_or(u64::MAX));
    match version {
        Some(v) if v == u64::from(VERSION) && fragment.len() > tag.len() => {}
        Some(v) if v > u64::from(VERSION) && fragment.len() > tag.len() => {
            return Err(LinkError::newer(tag));
        }
        _ => {
            return Err(LinkError::foreign(format!(
                "its fragment {} does not start with #v{VERSION}=",
                shown(fragment)
            )))
        }
    }
    if data.len() > MAX_DATA_CHARS {
        return Err(LinkError::too_large());
    }
    let data: String = data
        .trim_end_matches('=')
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    if data.is_empty() {
        return Err(LinkError::damaged(
            "it holds no state after #v1=".to_string(),
        ));
    }
    BASE64URL.decode(data.as_bytes()).map_err(|e| {
        LinkError::damaged(match e {
            base64::DecodeError::InvalidByte(at, byte)
            | base64::DecodeError::InvalidLastSymbol(at, byte) => {
                format!(
                    "character {} at position {} of its state is not base64url",
                    shown(&char::from(byte).to_string()),
                    at.saturating_add(1)
                )
            }
            base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidPadding => {
                "it is cut short (its base64url text ends in the middle of a byte)".to_string()
            }
        })
    })
}

/// At most 40 characters of `s`, Go-quoted (links are user input: no raw control characters).
fn shown(s: &str) -> String {
    let mut short: String = s.chars().take(40).collect();
    if short.len() < s.len() {
        short.push('…');
    }
    crate::load::validate::quote(&short)
}

/// Why an inflater could not decompress a link's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InflateError {
    /// The data ends before the deflate stream does.
    Truncated,
    /// The data is not a raw deflate stream.
    Corrupt,
    /// The decompressed data passed [`MAX_PAYLOAD_BYTES`].
    TooLarge,
}

/// What kind of link could not be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LinkErrorKind {
    /// Not a share link (no `#vN=` fragment).
    Foreign,
    /// A share link of a newer format version than this code reads.
    Newer,
    /// A share link whose data is damaged or cut short.
    Damaged,
    /// A payload over [`MAX_PAYLOAD_BYTES`].
    TooLarge,
}

/// A link that could not be opened: nothing of it was loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkError {
    /// What kind of failure.
    pub kind: LinkErrorKind,
    /// What was wrong, without the leading words of [`LinkError`]'s text.
    pub detail: String,
}

impl LinkError {
    fn foreign(detail: String) -> Self {
        LinkError {
            kind: LinkErrorKind::Foreign,
            detail,
        }
    }

    fn newer(tag: &str) -> Self {
        LinkError {
            kind: LinkErrorKind::Newer,
            detail: format!(
                "it was made by a newer version of the playground (format {}; this version reads v{VERSION})",
                shown(tag)
            ),
        }
    }

    fn damaged(detail: String) -> Self {
        LinkError {
            kind: LinkErrorKind::Damaged,
            detail,
        }
    }

    fn too_large() -> Self {
        LinkError {
            kind: LinkErrorKind::TooLarge,
            detail: format!(
                "its state is larger than {MAX_PAYLOAD_BYTES} bytes (8 MiB), the playground's limit"
            ),
        }
    }

    /// The error for data the inflater refused.
    pub fn inflate(e: InflateError) -> Self {
        match e {
            InflateError::Truncated => {
                Self::damaged("it is cut short (its compressed state ends early)".to_string())
            }
            InflateError::Corrupt => {
                Self::damaged("its state is not deflate-compressed data".to_string())
            }
            InflateError::TooLarge => Self::too_large(),
        }
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lead = match self.kind {
            LinkErrorKind::Foreign => "this is not a DaemonSet Playground share link",
            LinkErrorKind::Newer => "this link cannot be opened",
            LinkErrorKind::Damaged => "this link is damaged",
            LinkErrorKind::TooLarge => "this link is too large",
        };
        write!(f, "{lead}: {}; nothing was loaded", self.detail)
    }
}

impl std::error::Error for LinkError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_told_apart() {
        let kind = |l: &str| compressed_data(l).map_err(|e| e.kind);
        assert_eq!(kind("#v1=AAAA"), Ok(vec![0, 0, 0]));
        assert_eq!(kind("v1=AAAA"), Ok(vec![0, 0, 0]));
        assert_eq!(
            kind("https://x.example/p?a=b#v1=AA AA=\n"),
            Ok(vec![0, 0, 0])
        );
        assert_eq!(kind("#v9=AAAA"), Err(LinkErrorKind::Newer));
        assert_eq!(
            kind("#v99999999999999999999999=A"),
            Err(LinkErrorKind::Newer)
        );
        for foreign in [
            "#foo",
            "#v1",
            "#v0=AA",
            "#v=AA",
            "#vx=AA",
            "https://x.example/",
            "",
            "#",
        ] {
            assert_eq!(kind(foreign), Err(LinkErrorKind::Foreign), "{foreign:?}");
        }
        assert_eq!(kind("#v1="), Err(LinkErrorKind::Damaged));
        assert_eq!(kind("#v1=A"), Err(LinkErrorKind::Damaged));
        assert_eq!(kind("#v1=AA!A"), Err(LinkErrorKind::Damaged));
    }

    #[test]
    fn messages_say_what_and_that_nothing_was_loaded() {
        let msg = |l: &str| compressed_data(l).unwrap_err().to_string();
        assert_eq!(
            msg("#v1=AA!A"),
            "this link is damaged: character \"!\" at position 3 of its state is not base64url; nothing was loaded"
        );
        assert_eq!(
            msg("#v9=xyz"),
            "this link cannot be opened: it was made by a newer version of the playground (format \"v9\"; this version reads v1); nothing was loaded"
        );
        assert_eq!(
            msg("#foo\u{1b}"),
            "this is not a DaemonSet Playground share link: its fragment \"foo\\x1b\" does not start with #v1=; nothing was loaded"
        );
    }

    #[test]
    fn the_default_cluster_is_not_spelled_out() {
        let sim = Simulation::with_default_cluster(7);
        let run = SharedRun::of(&sim, "x");
        let payload = run.payload();
        assert_eq!(
            std::str::from_utf8(&payload).unwrap(),
            r#"{"seed":7,"cluster":"default","inputs":[],"editor":"x"}"#
        );
        assert_eq!(SharedRun::from_payload(&payload), Ok(run));
        // Not a prefix of the default cluster's: listed.
        let run = SharedRun::of(&Simulation::new(3), "");
        assert_eq!(
            std::str::from_utf8(&run.payload()).unwrap(),
            r#"{"seed":3,"inputs":[]}"#
        );
        // The editor is written only when it differs from the last manifest applied.
        let mut sim = Simulation::new(3);
        let _ = sim.step(Input::Apply {
            file: "f".into(),
            text: "a".into(),
        });
        for (editor, written) in [
            ("a", ""),
            ("", r#","editor":"""#),
            ("b", r#","editor":"b""#),
        ] {
            let run = SharedRun::of(&sim, editor);
            let payload = run.payload();
            assert_eq!(
                std::str::from_utf8(&payload).unwrap(),
                format!(
                    r#"{{"seed":3,"inputs":[{{"Apply":{{"file":"f","text":"a"}}}}]{written}}}"#
                )
            );
            assert_eq!(SharedRun::from_payload(&payload), Ok(run));
        }
    }

    #[test]
    fn payload_errors() {
        let err = |p: &[u8]| SharedRun::from_payload(p).unwrap_err().to_string();
        assert!(err(b"\xff").contains("not UTF-8"));
        assert!(err(b"{").contains("not JSON"));
        assert!(err(br#"{"seed":1}"#).contains("missing field `inputs`"));
        assert!(err(br#"{"inputs":[]}"#).contains("missing field `seed`"));
        assert!(err(br#"[1]"#).contains("not a JSON object"));
        assert!(err(br#"{"seed":1,"inputs":[],"x":1}"#).contains("unknown field \"x\""));
        assert!(err(br#"{"seed":1,"inputs":[],"cluster":"big"}"#)
            .contains("cluster: \"big\" is not \"default\""));
        assert!(err(br#"{"seed":1,"inputs":[],"editor":3}"#).contains("editor: not a string"));
        assert!(err(br#"{"seed":-1,"inputs":[]}"#)
            .contains("not what a v1 link holds (seed: not a whole number"));
        assert!(err(br#"{"seed":1,"inputs":[{"Nope":1}]}"#)
            .contains("not what a v1 link holds (inputs: unknown variant `Nope`"));
    }
}
