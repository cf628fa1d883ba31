#!/usr/bin/env bash
# Installs everything the playground and its tests need, idempotently.
# Each tool is checked at its exact version and installed only when missing or wrong;
# with everything present this takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

log() { printf '[setup] %s\n' "$*" >&2; }

# 1. The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. Chromium and chromedriver from Debian's packages (headless browser tests).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  log "installing chromium and chromium-driver (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# 3. wasm-bindgen-cli, exactly the version pinned in Cargo.toml.
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked \
    || cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# 4. Trunk.
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 5. wasm-opt (binaryen from npm; Debian's is too old) and playwright-core for e2e tests.
if [ "$(node_modules/.bin/wasm-opt --version 2>/dev/null | awk '{print $3}' || true)" != "${BINARYEN_VERSION%%.*}" ] \
   || [ ! -d node_modules/playwright-core ]; then
  log "installing npm dev packages (binaryen, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# 6. Crates, so that later builds can run --offline.
cargo fetch --locked >/dev/null 2>&1 || cargo fetch

log "ready"
