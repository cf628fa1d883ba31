#!/usr/bin/env bash
# Builds the page with Trunk (release, offline) and runs the end-to-end tests in headless Chromium.
# Screenshots land in target/e2e-screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
trunk build --release --offline
node --test --test-concurrency=1 tests/e2e/*.test.mjs
