#!/usr/bin/env bash
# Budgets that CI enforces (run by scripts/test.sh; see docs/performance.md).
#   scripts/budgets.sh patch    jiff resolves to the patched crates/jiff-lite, not the registry's jiff
#   scripts/budgets.sh wasm     the release wasms in dist/ (after `trunk build --release`): the light
#                               build (what the page loads first) at most WASM_BUDGET_BYTES gzipped
#                               (gzip -9; default 550,000 bytes, issue 10's goal), the full build (loaded on demand,
#                               crates/dsplay-app/src/upgrade.rs) at most FULL_WASM_BUDGET_BYTES
#                               (default 900,000)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

patch() {
  # `cargo tree -i jiff` names the package that answers for `jiff`: with the patch in force, a
  # path source in crates/jiff-lite. If the patch stops applying (a version k8s-openapi asks
  # for that jiff-lite does not offer), cargo quietly takes jiff from the registry instead.
  local tree
  tree="$(cargo tree --locked -p dsplay-core -i jiff -e normal --target all 2>&1)" || {
    printf '%s\n' "$tree" >&2
    echo "budgets: cargo could not show which crate answers for jiff in dsplay-core's tree (see above)" >&2
    exit 1
  }
  local first
  first="$(printf '%s\n' "$tree" | grep -m1 '^jiff ' || true)"
  case "$first" in
    *"($PWD/crates/jiff-lite)"*) echo "budgets: jiff is the patched crate: $first" ;;
    *)
      printf '%s\n' "$tree" >&2
      echo "budgets: jiff does not resolve to crates/jiff-lite (got: ${first:-nothing}); check [patch.crates-io] and jiff-lite's version" >&2
      exit 1 ;;
  esac
}

# One wasm against its budget: FILE BUDGET WHAT.
check_wasm() {
  local file="$1" budget="$2" what="$3"
  if [ ! -f "$file" ]; then
    echo "budgets: $file is missing (run trunk build --release --offline first)" >&2
    exit 1
  fi
  local raw gz
  raw="$(wc -c < "$file")"
  gz="$(gzip -9 -c "$file" | wc -c)"
  echo "budgets: $file ($what): $raw bytes, $gz bytes gzipped (budget $budget)"
  if [ "$gz" -gt "$budget" ]; then
    echo "budgets: $what is over its budget by $((gz - budget)) bytes gzipped" >&2
    exit 1
  fi
}

wasm() {
  check_wasm dist/dsplay-app_bg.wasm "${WASM_BUDGET_BYTES:-550000}" "the page's wasm (light build, loaded first)"
  check_wasm dist/dsplay-full_bg.wasm "${FULL_WASM_BUDGET_BYTES:-900000}" "the full build's wasm (loaded on demand)"
}

case "${1:-}" in
  patch) patch ;;
  wasm) wasm ;;
  *) echo "usage: scripts/budgets.sh patch|wasm" >&2; exit 2 ;;
esac
