//! Share links on the command line: the deflate step around `dsplay_core::share`, which
//! the page does with the browser's `CompressionStream('deflate-raw')`.

use dsplay_core::share::{self, InflateError, LinkError, SharedRun, MAX_PAYLOAD_BYTES};
use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// miniz's best compression level.
const LEVEL: u8 = 10;

/// The share link of `run` on `base` (`BASE#v1=…`).
pub(crate) fn encode(run: &SharedRun, base: &str) -> String {
    share::link(
        base,
        &miniz_oxide::deflate::compress_to_vec(&run.payload(), LEVEL),
    )
}

/// The run a link (a URL, `#v1=…` or `v1=…`) holds.
pub(crate) fn decode(link: &str) -> Result<SharedRun, LinkError> {
    let data = share::compressed_data(link)?;
    let payload = inflate(&data).map_err(LinkError::inflate)?;
    SharedRun::from_payload(&payload)
}

/// Raw inflate of `input` to at most [`MAX_PAYLOAD_BYTES`]. Bytes after the end of the
/// deflate stream are an error, as the browser's `DecompressionStream` makes them.
pub(crate) fn inflate(mut input: &[u8]) -> Result<Vec<u8>, InflateError> {
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut out = vec![0; input.len().saturating_mul(4).clamp(1024, MAX_PAYLOAD_BYTES)];
    let mut state = Box::<DecompressorOxide>::default();
    let mut at = 0;
    loop {
        let (status, read, written) = decompress(&mut state, input, &mut out, at, flags);
        at += written;
        input = input.get(read..).unwrap_or_default();
        match status {
            TINFLStatus::Done if input.is_empty() => {
                out.truncate(at);
                return Ok(out);
            }
            TINFLStatus::Done => return Err(InflateError::Corrupt),
            TINFLStatus::HasMoreOutput if out.len() >= MAX_PAYLOAD_BYTES => {
                return Err(InflateError::TooLarge)
            }
            TINFLStatus::HasMoreOutput => {
                out.resize(out.len().saturating_mul(2).min(MAX_PAYLOAD_BYTES), 0);
            }
            TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
                return Err(InflateError::Truncated)
            }
            _ => return Err(InflateError::Corrupt),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dsplay_core::sim::Simulation;

    #[test]
    fn round_trip_and_damage() {
        let run = SharedRun::of(&Simulation::with_default_cluster(5), "editor text");
        let link = encode(&run, "https://x.example/p#old");
        assert!(link.starts_with("https://x.example/p#v1="), "{link}");
        assert_eq!(decode(&link), Ok(run.clone()));
        let data = miniz_oxide::deflate::compress_to_vec(&run.payload(), LEVEL);
        // Cut short, or followed by junk.
        let cut = share::fragment(&data[..data.len() - 2]);
        assert!(decode(&cut).unwrap_err().to_string().contains("cut short"));
        let mut junk = data.clone();
        junk.push(7);
        let junk = share::fragment(&junk);
        assert!(decode(&junk)
            .unwrap_err()
            .to_string()
            .contains("not deflate"));
        // A bomb: 9 MiB of zeros compresses to a few kilobytes.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 9 << 20], LEVEL);
        let e = decode(&share::fragment(&bomb)).unwrap_err();
        assert!(e.to_string().starts_with("this link is too large"), "{e}");
    }
}
