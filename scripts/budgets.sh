#!/usr/bin/env bash
# Budgets that CI enforces (run by scripts/test.sh; see docs/performance.md).
#   scripts/budgets.sh patch    jiff resolves to the patched crates/jiff-lite, not the registry's jiff
#   scripts/budgets.sh wasm     the release wasm in dist/ (after `trunk build --release`) is at most
#                               WASM_BUDGET_BYTES gzipped (gzip -9; default 610,000 bytes)
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

wasm() {
  local budget="${WASM_BUDGET_BYTES:-610000}" files
  files=(dist/*.wasm)
  if [ ! -f "${files[0]}" ] || [ "${#files[@]}" -ne 1 ]; then
    echo "budgets: expected exactly one dist/*.wasm (run trunk build --release --offline first)" >&2
    exit 1
  fi
  local raw gz
  raw="$(wc -c < "${files[0]}")"
  gz="$(gzip -9 -c "${files[0]}" | wc -c)"
  echo "budgets: ${files[0]}: $raw bytes, $gz bytes gzipped (budget $budget)"
  if [ "$gz" -gt "$budget" ]; then
    echo "budgets: the page's wasm is over its budget by $((gz - budget)) bytes gzipped" >&2
    exit 1
  fi
}

case "${1:-}" in
  patch) patch ;;
  wasm) wasm ;;
  *) echo "usage: scripts/budgets.sh patch|wasm" >&2; exit 2 ;;
esac
