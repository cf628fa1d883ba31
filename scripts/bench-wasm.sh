#!/usr/bin/env bash
# The core's settle benchmark natively and as wasm32 in headless Chromium, side by side.
# Prints both medians and their ratio (wasm / native). A report, not a test.
# Usage: scripts/bench-wasm.sh [NODES] [DAEMONSETS] [RUNS]     (default 5000 10 9)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
scripts/setup.sh
nodes="${1:-5000}" daemonsets="${2:-10}" runs="${3:-9}"
out=target/wasm-bench
# Both sides in the `bench` profile (opt-level 3, LTO), so the comparison is of the targets alone.
# (cargo puts the bench profile's artifacts under release/.)
cargo build --locked --profile bench -p dsplay-wasm-bench --lib --target wasm32-unknown-unknown
wasm-bindgen --target web --no-typescript --out-dir "$out" \
  target/wasm32-unknown-unknown/release/dsplay_wasm_bench.wasm
cargo run --locked --quiet --profile bench -p dsplay-wasm-bench --bin settle-native -- \
  "$nodes" "$daemonsets" "$runs" | tee "$out/native.txt"
node tests/e2e/bench-wasm.mjs "$out" "$nodes" "$daemonsets" "$runs"
