#!/usr/bin/env bash
# Runs every test of the project, installing whatever is missing first (scripts/setup.sh).
# Usage: scripts/test.sh            (what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR=never
# A one-off build: incremental caches would only cost disk (GBs) and time.
export CARGO_INCREMENTAL=0

step() { printf '\n==> %s\n' "$*"; }

step "setup (idempotent)"
scripts/setup.sh

step "budget: jiff resolves to the patched crates/jiff-lite"
scripts/budgets.sh patch

step "format"
cargo fmt --all -- --check

step "clippy, native (core, cli, jiff-lite, libyaml-events)"
cargo clippy --locked -p dsplay-core -p dsplay-cli -p jiff -p libyaml-events -p dsplay-wasm-bench --all-targets -- -D warnings

step "clippy, wasm32 (core library; app with its browser tests)"
# The core's test targets use proptest, which does not build for wasm32: its library is what ships.
cargo clippy --locked -p dsplay-core -p jiff -p libyaml-events -p dsplay-wasm-bench --target wasm32-unknown-unknown -- -D warnings
cargo clippy --locked -p dsplay-app --target wasm32-unknown-unknown --all-targets -- -D warnings
# The full build (crates/dsplay-app/src/upgrade.rs): the same crate with its `full` feature.
cargo clippy --locked -p dsplay-app --features full --target wasm32-unknown-unknown --all-targets -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps -p dsplay-core -p dsplay-cli -p jiff -p libyaml-events

step "core builds for wasm32 without getrandom"
cargo build --locked -p dsplay-core --target wasm32-unknown-unknown
if cargo tree --locked -p dsplay-core --target wasm32-unknown-unknown -e normal | grep -q getrandom; then
  echo "getrandom found in dsplay-core's wasm32 dependency tree" >&2
  exit 1
fi

step "core, CLI, jiff-lite and libyaml-events tests"
cargo test --locked -p dsplay-core -p dsplay-cli -p jiff -p libyaml-events

step "app unit tests (the components' plain #[test]s, natively: wasm-bindgen-test's runner skips them)"
cargo test --locked -p dsplay-app --features full --lib

step "app component tests (wasm-bindgen-test in headless Chromium; the full build's components too)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --locked -p dsplay-app --features full --target wasm32-unknown-unknown

step "end-to-end tests (Trunk release build, headless Chromium)"
tests/e2e/run.sh

step "budget: the page's wasm (gzip -9), the light and the full build within scripts/budgets.sh's budgets"
scripts/budgets.sh wasm

step "all tests passed"
