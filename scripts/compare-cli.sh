#!/usr/bin/env bash
# Two builds of the CLI answer byte for byte alike: stdout, stderr and exit status of OLD and NEW
# on every file of the shared corpus (default output, `-o yaml`, and `-o wide` after
# `--default-cluster`) and on the inputs of scripts/bounds-report.sh (with any `x-*.yaml`
# written beside them). For a change that must not change an answer (docs/limits.md).
#
#   scripts/compare-cli.sh OLD NEW      e.g. main's target/release/dsplay copied aside, and yours
#
# CORPUS (default ../shared/corpus) and INPUTS (default target/bounds-inputs, written by
# scripts/bounds-report.sh) can be set. Prints each run that differs, then the counts; exit 1
# if any differs.
set -uo pipefail
cd "$(dirname "$0")/.."
OLD="$(realpath "$1")"; NEW="$(realpath "$2")"
CORPUS="${CORPUS:-../shared/corpus}"; INPUTS="${INPUTS:-target/bounds-inputs}"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
n=0; bad=0
one() {
  local a b
  a=$("$OLD" "$@" > "$TMP/old.out" 2> "$TMP/old.err"; echo $?)
  b=$("$NEW" "$@" > "$TMP/new.out" 2> "$TMP/new.err"; echo $?)
  n=$((n + 1))
  if [ "$a" != "$b" ] || ! cmp -s "$TMP/old.out" "$TMP/new.out" || ! cmp -s "$TMP/old.err" "$TMP/new.err"; then
    bad=$((bad + 1)); echo "differs: $* (exit $a vs $b)"
  fi
}
while IFS= read -r f; do
  one simulate "$f"
  one simulate "$f" -o yaml
  one simulate --default-cluster "$f" -o wide
done < <(find "$CORPUS" -name '*.yaml' -o -name '*.yml' -o -name '*.json' | sort)
for f in dashes flow mapflow seqmapflow blockseq strs emptymaps smallmaps manykeys keysmallmaps \
  listsmallmaps listkindlast anchored aliased cmsmallmaps repeatbig podenv podenvkindlast listpodenv; do
  [ -f "$INPUTS/$f.yaml" ] && one simulate "$INPUTS/$f.yaml"
done
for f in "$INPUTS"/x-*.yaml; do
  [ -f "$f" ] && one simulate "$f"
done
echo "compare-cli: $n runs, $bad differ"
[ "$bad" -eq 0 ]
