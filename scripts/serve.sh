#!/usr/bin/env bash
# Serves the playground at http://127.0.0.1:8080/ (installs what it needs first).
# Usage: scripts/serve.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
scripts/setup.sh
exec trunk serve --release --offline --address 127.0.0.1 --port "${1:-8080}"
