#!/usr/bin/env bash
# The reproductions of issue 11 (items 1-5), measured: elapsed, user + system CPU and peak
# resident set of each run of the release CLI, as one Markdown table (docs/limits.md).
#
#   scripts/bounds-report.sh [BINARY]   default target/release/dsplay
#                                       (build it with `cargo build --release -p dsplay-cli`)
#
# The inputs are written to target/bounds-inputs/ (about 90 MB; kept for the next run).
# A measurement, never a test: elapsed times depend on the machine's load, CPU times and peak
# memory much less (see docs/limits.md "Numbers").
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN="$(realpath "${1:-target/release/dsplay}")"
[ -x "$BIN" ] || { echo "bounds-report: no binary at $BIN (cargo build --release -p dsplay-cli)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bounds-report: needs GNU time at /usr/bin/time" >&2; exit 1; }
DIR=target/bounds-inputs
mkdir -p "$DIR"
cd "$DIR"

# Inputs added since a directory was written: write them all again.
{ [ -f dsenv.yaml ] && [ -f repeatbig.yaml ] && [ -f podlabels.yaml ]; } || rm -f .complete
if [ ! -f .complete ]; then
  python3 - <<'EOF'
# The inputs of docs/limits.md: each file under the 8 MiB limit (items 3, 4) or a cluster
# (item 2).
L = 8 * 1024 * 1024 - 16
nodes = ["apiVersion: v1\nkind: List\nitems:\n"]
for i in range(5000):
    nodes.append(f"- apiVersion: v1\n  kind: Node\n  metadata:\n    name: node-{i:05d}\n"
                 f"    labels: {{kubernetes.io/hostname: node-{i:05d}, kubernetes.io/os: linux}}\n"
                 "  status:\n    capacity: {cpu: '64', memory: 256Gi, pods: '110'}\n"
                 "    conditions: [{type: Ready, status: 'True'}]\n")
open("nodes5000.yaml", "w").write("".join(nodes))
open("ds10.yaml", "w").write("---\n".join(
    f"apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent-{i}\n  namespace: kube-system\n"
    f"spec:\n  selector:\n    matchLabels: {{app: agent-{i}}}\n  template:\n    metadata:\n"
    f"      labels: {{app: agent-{i}}}\n    spec:\n      containers:\n      - name: agent\n"
    f"        image: registry.k8s.io/agent:{i}\n        resources:\n"
    "          requests: {cpu: 10m, memory: 16Mi}\n" for i in range(10)))
open("nodes100k.yaml", "w").write("apiVersion: v1\nkind: List\nitems:\n" + "".join(
    f"- apiVersion: v1\n  kind: Node\n  metadata:\n    name: n-{i:06d}\n" for i in range(100000)))
open("flood_tiny.yaml", "w").write("[\n---\n" * 1390000)
open("flood_sep.yaml", "w").write("---a\n" * 1677000)
open("dashes.yaml", "w").write("- " * (4 * 1024 * 1024 - 1) + "\n")
def fill(name, prefix, unit, suffix):
    n = (L - len(prefix) - len(suffix)) // len(unit)
    open(name, "w").write(prefix + unit * n + suffix)
fill("flow.yaml", "[", "1,", "1]\n")
fill("mapflow.yaml", "a: [", "1,", "1]\n")
fill("seqmapflow.yaml", "- a: [", "1,", "1]\n")
fill("blockseq.yaml", "a:\n", "- 1\n", "")
fill("strs.yaml", "[", "a,", "a]\n")
fill("emptymaps.yaml", "[", "{},", "{}]\n")
fill("smallmaps.yaml", "[", "{a: 1},", "{}]\n")
# Small nodes one level down: under a key of an object, and as the items of a List.
fill("keysmallmaps.yaml", "a: [", "{b: 1},", "{}]\n")
fill("listsmallmaps.yaml", "kind: List\napiVersion: v1\nitems: [", "{a: 1},", "{}]\n")
# The same under an anchor (kept for its aliases), and expanded by an alias.
fill("anchored.yaml", "a: &x [", "{b: 1},", "{}]\n")
fill("aliased.yaml", "a: &x [", "{b: 1},", "{}]\nb: *x\n")
# The same, with the List's kind after its items (read twice: items without a kind take it).
fill("listkindlast.yaml", "items: [", "{a: 1},", "{}]\nkind: List\napiVersion: v1\n")
# Objects just under the 3 MiB request limit made of small nodes (kept: they are objects the
# API server takes): a ConfigMap with 390,000 one-key mappings in a field, a Pod with
# 240,000 environment variables.
n = (3 * 1024 * 1024 - 200) // 8
open("cmsmallmaps.yaml", "w").write(
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nx: [" + "{b: 1}," * n + "{}]\n")
n = (3 * 1024 * 1024 - 400) // 13
open("podenv.yaml", "w").write(
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n"
    "    image: registry.k8s.io/pause:3.10\n    env: [" + "{name: a}," * n + "{name: b}]\n")
# The same Pod with its kind last (read twice), and as the item of a List.
open("podenvkindlast.yaml", "w").write(
    "metadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: registry.k8s.io/pause:3.10\n"
    "    env: [" + "{name: a}," * n + "{name: b}]\napiVersion: v1\nkind: Pod\n")
open("listpodenv.yaml", "w").write(
    "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n"
    "  spec:\n    containers:\n    - name: c\n      image: registry.k8s.io/pause:3.10\n"
    "      env: [" + "{name: a}," * n + "{name: b}]\n")
# A DaemonSet whose template holds the same environment variables, on three Nodes: its
# three pods rendered one at a time, the template kept by the DaemonSet, its revision and
# its pods' template.
open("dsenv.yaml", "w").write("".join(
    f"apiVersion: v1\nkind: Node\nmetadata: {{name: node-{i}, labels: {{kubernetes.io/hostname: node-{i}}}}}\n"
    "status: {capacity: {cpu: '8', memory: 32Gi, pods: '110'}, conditions: [{type: Ready, status: 'True'}]}\n---\n"
    for i in range(3)) + "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n"
    "  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n"
    "    spec:\n      containers:\n      - name: c\n        image: registry.k8s.io/pause:3.10\n"
    "        env: [" + "{name: a}," * (n - 16) + "{name: b}]\n")
# A simulated object's long sequences are held apart as JSON text and read item by item
# (compared by scripts/compare-cli.sh): errors in their items (a float, an unknown field, an
# invalid name), quantities in a long list of containers, through an alias, replaced by a
# repeated key, set by a merge, the kind emptied after them (the message shows the JSON), a
# List's items with them, a DaemonSet's and a Node's.
pod = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n"
       "    image: registry.k8s.io/pause:3.10\n    env: [")
envs = "{name: a}," * 20000
open("x-pod-env-errors.yaml", "w").write(
    pod + envs + "{name: 1.5}, {name: a, value: 2.25}, {name: 'B C', bogus: null}, {name: b}]\n")
open("x-pod-env-invalid.yaml", "w").write(
    pod + envs + "{name: a, valueFrom: {resourceFieldRef: {resource: cpu, divisor: 0.5}}}, {name: 'B C'}]\n")
open("x-pod-containers.yaml", "w").write(
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: ["
    + "".join(f"{{name: c{i}, image: i, resources: {{limits: {{cpu: 1, memory: null}}, requests: {{cpu: 0.25}}}}}}, " for i in range(12000))
    + "{name: d, image: i, ports: [{containerPort: 70000}]}]\n")
open("x-pod-env-alias.yaml", "w").write(
    "x: &e [" + envs + "{name: b}]\n" + pod + "{name: a}]\n  - name: d\n    image: i\n    env: *e\n")
open("x-pod-env-repeat.yaml", "w").write(pod + envs + "{name: b}]\n    env: [" + envs + "{name: 'B C'}]\n")
open("x-pod-env-merged.yaml", "w").write(
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n<<: {spec: {containers: [{name: c, image: i, env: ["
    + envs + "{name: b}]}]}}\n")
open("x-pod-env-kindempty.yaml", "w").write(pod + envs + "{name: b}]\nkind: ''\n")
open("x-list-pod-env.yaml", "w").write(
    "apiVersion: v1\nkind: List\nitems:\n" + "".join(
        f"- apiVersion: v1\n  kind: Pod\n  metadata: {{name: p{i}}}\n  spec:\n    containers:\n"
        f"    - name: c\n      image: i\n      env: [" + envs + f"{{name: {last}}}]\n"
        for i, last in enumerate(["b", "'B C'", "b"])) + "- {apiVersion: v1, kind: '', x: [" + envs + "{}]}\n")
open("x-ds-env.yaml", "w").write(
    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n"
    "  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers:\n      - name: c\n"
    "        image: i\n        env: [" + "{name: a}," * 30000 + "{name: b}]\n")
open("x-node-taints.yaml", "w").write(
    "apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nspec:\n  taints: ["
    + "{key: a, effect: NoSchedule}," * 15000 + "{key: 'b c', effect: Bad}]\nstatus:\n"
    "  capacity: {cpu: 1.5, memory: 1}\n  images: [" + "{names: [a], sizeBytes: 1.5}," * 11000 + "{names: [b]}]\n")
# Shapes around a List's items handed over one at a time (compared by scripts/compare-cli.sh,
# not timed): an error in item 500,000 (nothing applies), an item over the request limit
# between two Nodes, the items through an alias, kind last with items that inherit it,
# items repeated (the last wins) or merged, an error in each of 300,000 items (100 kept),
# a repeated key in each of 300,000 items (100 warnings kept).
node = "{apiVersion: v1, kind: Node, metadata: {name: n1}},"
open("x-list-nan500k.yaml", "w").write(
    "kind: List\napiVersion: v1\nitems: [" + "{a: 1}," * 500000 + "{a: .nan}," + "{a: 1}," * 1000 + "{}]\n")
open("x-list-syntax500k.yaml", "w").write(
    "kind: List\napiVersion: v1\nitems:\n" + "- {a: 1}\n" * 500000 + "- {a: b: c}\n" + "- {a: 1}\n" * 1000)
open("x-list-bigitem.yaml", "w").write(
    "kind: List\napiVersion: v1\nitems:\n- " + node[:-1] + "\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {x: '"
    + "x" * 3200000 + "'}}\n- {apiVersion: v1, kind: Node, metadata: {name: n2}}\n")
# (Through an alias, 40,000 items, through a merge 250: more is go-yaml's excessive aliasing.)
open("x-list-alias.yaml", "w").write(
    "x: &x [" + node + "{a: 1}," * 40000 + "{}]\nkind: List\napiVersion: v1\nitems: *x\n")
fill("x-list-inherit.yaml", "items: [", "{metadata: {name: n}},", "{metadata: {name: m}}]\napiVersion: v1\nkind: NodeList\n")
fill("x-list-repeated.yaml", "items: [", "{a: 1},", "{}]\nkind: List\napiVersion: v1\nitems: [" + node + "{b: 1}]\n")
open("x-list-merged.yaml", "w").write(
    "<<: {items: [" + "{a: 1}," * 250 + node + "{}]}\nkind: List\napiVersion: v1\n")
open("x-list-badnodes.yaml", "w").write(
    "apiVersion: v1\nkind: NodeList\nitems:\n" + "- {metadata: {name: Bad_Name, labels: {a: 1}}}\n" * 150000)
open("x-list-dupkeys.yaml", "w").write(
    "apiVersion: v1\nkind: List\nitems:\n" + "".join(
        f"- {{apiVersion: v1, kind: Node, metadata: {{name: n{i}, name: n{i}}}}}\n" for i in range(100000)))
# Objects of kinds the loader does not simulate, with a large entry measured, not kept: at the
# request limit and one byte over (escaped tabs: twice as long in JSON), a NaN in it, the entry
# repeated or followed by a merge (read again whole), anchored and aliased, kind last (kept).
cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
maps = "{b: 1}," * 380000
for pad in (0, 1):
    open(f"x-cm-limit{pad}.yaml", "w").write(
        cm + 'x: ["' + "\\t" * 900000 + '", ' + "a" * (3 * 1024 * 1024 - 1800000 - 74 + pad) + "]\n")
open("x-cm-nan.yaml", "w").write(cm + "x: [" + maps + "{b: .nan}]\n")
open("x-cm-repeat.yaml", "w").write(cm + "x: [" + maps + "{}]\nx: 1\n")
open("x-cm-merge.yaml", "w").write(cm + "x: [" + maps + "{}]\n<<: {x: 2}\n")
# Merges at the root measured exactly: before the measured entry, replacing it then replaced
# by a repeated key, a kind merged after it (read again whole), one missing its kind.
open("x-cm-mergefirst.yaml", "w").write(cm + "<<: {y: 1}\nx: [" + maps + "{}]\n")
open("x-cm-mergeseq.yaml", "w").write(cm + "x: [" + maps + "{}]\n<<: [{x: 2}, {x: [3], z: 4}]\nx: 5\n")
open("x-cm-mergekind.yaml", "w").write("apiVersion: v1\nx: [" + maps + "{}]\n<<: {kind: Pod, metadata: {name: p}}\n")
open("x-cm-mergenokind.yaml", "w").write("apiVersion: v1\n<<: {y: [1, 2]}\nx: [" + maps + "{}]\n<<: {y: 1}\n")
open("x-cm-alias.yaml", "w").write(cm + "x: &x [" + "{b: 1}," * 150000 + "{}]\ny: *x\n")
open("x-cm-kindlast.yaml", "w").write("x: [" + maps + "{}]\n" + cm)
# An entry past the request limit on its own (3 MB of strings, 3.6 MB of JSON), then replaced by a repeated
# key, a merge, a merge then a key (the object loads, as kubectl sends what is left); replaced
# by another such entry, or another one left (refused); a Pod's spec replaced (it loads, with
# the warning).
strings = "x: [" + "abcdefghi," * 300000 + "a]\n"
open("x-cm-passreplaced.yaml", "w").write(cm + strings + "x: 1\n")
open("x-cm-passmerged.yaml", "w").write(cm + strings + "<<: {x: 1}\n")
open("x-cm-passmergeseq.yaml", "w").write(cm + strings + "<<: [{y: 2}, {x: 1}]\nx: 2\n")
open("x-cm-passtwice.yaml", "w").write(cm + strings + strings)
open("x-cm-passother.yaml", "w").write(cm + strings + "x: 1\n" + strings.replace("x:", "y:"))
open("x-pod-passreplaced.yaml", "w").write(
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: i, args: ["
    + "abcdefghi," * 400000 + "a]}]}\nspec: {containers: [{name: c, image: i}]}\n")
# A key repeated after a kept value, the new value 8 MiB of small maps (past the limit on its
# own: converted for its errors only).
fill("repeatbig.yaml", cm + "x: 1\nx: [", "{b: 1},", "{}]\n")
# A List's items handed over by the first read (kind before them, or a plain List) or not: the
# kind changed after them, a scalar item in a long list (no position), valid Nodes then a
# syntax error (none applies), errors in a document before (the hundred kept across both),
# items missing their kind or version; an object whose kind comes after a large entry: a Pod
# (read again whole), a ConfigMap without apiVersion (its JSON in the message).
bare = "{metadata: {name: n}},"
open("x-list-kindchanged.yaml", "w").write(
    "kind: List\napiVersion: v1\nitems: [" + bare * 100000 + "{}]\nkind: NodeList\n")
open("x-list-scalar.yaml", "w").write(
    "kind: List\napiVersion: v1\nitems: [" + "{a: 1}," * 60000 + "7," + "{a: 1}," * 60000 + "{}]\n")
open("x-list-nodes-syntax.yaml", "w").write(
    "kind: List\napiVersion: v1\nitems:\n" + "".join(
        f"- {{apiVersion: v1, kind: Node, metadata: {{name: n{i}}}}}\n" for i in range(20000)) + "- {a: b: c}\n")
open("x-list-after-errors.yaml", "w").write(
    "apiVersion: v1\nkind: NodeList\nitems:\n" + "- {metadata: {name: Bad_Name}}\n" * 150
    + "---\nkind: List\napiVersion: v1\nitems:\n" + "- {a: 1}\n" * 100000
    + "- {kind: Node, metadata: {name: n}}\n- {apiVersion: v1, kind: Node, metadata: {name: m}}\n"
    + "- {a: 1}\n" * 1000 + "---\napiVersion: v1\nkind: Node\nmetadata: {name: Bad_Name}\n")
open("x-pod-kindlast.yaml", "w").write(
    "metadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: registry.k8s.io/pause:3.10\n"
    "    env: [" + "{name: a}," * 100000 + "{name: b}]\napiVersion: v1\nkind: Pod\n")
open("x-cm-noversion.yaml", "w").write("x: [" + maps + "{}]\nkind: ConfigMap\nmetadata: {name: c}\n")
# An object without its kind or apiVersion whose large entries are measured: the message shows
# the first 200 bytes of its JSON, keys in order, made from what was kept and the first bytes
# of what was measured: kind missing; a character cut at the 200th byte (four alignments);
# measured entries that are a string with escapes and a map, before the kept ones; a repeated
# key after the measured entry (read again whole).
open("x-cm-nokind.yaml", "w").write("apiVersion: v1\nx: [" + maps + "{}]\nmetadata: {name: c}\n")
for pad in range(4):
    open(f"x-noversion-utf8{pad or ''}.yaml", "w").write(
        "kind: ConfigMap\nb: ['" + "z" * pad + "é€😀" * 30 + "', " + maps + "{}]\na: 1\n")
open("x-noversion-map.yaml", "w").write(
    "kind: X\na: \"" + "\\t" * 200000 + "\"\nm: {" + "".join(f"k{i}: {i}, " for i in range(60000))
    + "l: [2]}\nz: 1\n")
open("x-noversion-repeat.yaml", "w").write("x: [" + maps + "{}]\nkind: ConfigMap\nx: 1\n")
keys, size, i = [], 0, 0
while size < L:
    k = f"k{i}: 1\n"
    keys.append(k)
    size += len(k)
    i += 1
open("manykeys.yaml", "w").write("".join(keys))
# What objects take once decoded (load::MAX_OBJECT_DECODED_BYTES and the file's bounds): a
# typed Volume is 3,280 bytes, a Container 2,336, an EnvVar 360, a Node 1,552, whatever they
# hold. Each object under the 3 MiB request limit, each file under 8 MiB.
ds_n = lambda name, n: ("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: %s}\nspec:\n" % name
    + "  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n"
    "    spec:\n      containers:\n      - name: c\n        image: registry.k8s.io/pause:3.10\n"
    "        env: [" + "{name: a}," * n + "{name: b}]\n")
pod_n = lambda name, body: ("apiVersion: v1\nkind: Pod\nmetadata: {name: %s}\nspec:\n  nodeName: node-0\n" % name + body)
three = "".join(f"apiVersion: v1\nkind: Node\nmetadata: {{name: node-{i}, labels: {{kubernetes.io/hostname: node-{i}}}}}\n"
    "status: {capacity: {cpu: '8', memory: 32Gi, pods: '110'}, conditions: [{type: Ready, status: 'True'}]}\n---\n"
    for i in range(3))
open("ds3env.yaml", "w").write(three + "---\n".join(ds_n(f"d{i}", 240000 - 16) for i in range(3)))
open("ds7env.yaml", "w").write(three + "---\n".join(ds_n(f"d{i}", 46000) for i in range(7)))
open("pod13env.yaml", "w").write(three + "---\n".join(
    pod_n(f"p{i}", "  containers:\n  - name: c\n    image: i\n    env: [" + "{name: a}," * 46000 + "{name: b}]\n")
    for i in range(13)))
open("podvolumes.yaml", "w").write(pod_n("p", "  containers: [{name: c, image: i}]\n  volumes: ["
    + ",".join(f"{{name: v{i},emptyDir: {{}}}}" for i in range(90000)) + "]\n"))
open("podvolumesdup.yaml", "w").write(pod_n("p", "  containers: [{name: c, image: i}]\n  volumes: ["
    + "{name: v}," * 200000 + "{name: w}]\n"))
open("podcontainers.yaml", "w").write(pod_n("p", "  containers: ["
    + ",".join(f"{{name: c{i},image: i}}" for i in range(90000)) + "]\n"))
open("podargs.yaml", "w").write("---\n".join(
    pod_n(f"p{i}", "  containers: [{name: c, image: i, args: [" + "a," * 600000 + "a]}]\n") for i in range(6)))
open("podlabels.yaml", "w").write("---\n".join(
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p%d\n  labels: {" % i + ",".join(f"k{j}: v" for j in range(150000))
    + "}\nspec:\n  containers: [{name: c, image: i}]\n" for i in range(5)))
open("nodes300k.yaml", "w").write("kind: NodeList\napiVersion: v1\nitems:\n"
    + "".join(f"- metadata: {{name: n{i}}}\n" for i in range(300000)))
EOF
  head -c 500000000 /dev/zero | tr '\0' a > big500.yaml
  # A path of 2 KB (issue 11 item 3: the path is repeated in every message).
  DEEP="$(printf 'd%.0s' {1..200})/$(printf 'e%.0s' {1..200})/$(printf 'f%.0s' {1..200})"
  DEEP="$DEEP/$DEEP/$DEEP"
  mkdir -p "$DEEP" && cp flood_sep.yaml "$DEEP/flood_sep.yaml"
  touch .complete
fi
DEEP="$(find . -name flood_sep.yaml -path './d*' | head -1)"
F="$ROOT/crates/dsplay-cli/tests/data/evicted-forever.yaml"

echo "| item | run | exit | elapsed | CPU (user + sys) | peak RSS | output bytes |"
echo "|---|---|---|---|---|---|---|"
# run ITEM LABEL ARGS...: one row; stdout is counted, stderr's last line kept in $DIR/last.err.
run() {
  local item="$1" label="$2"; shift 2
  local out
  out="$( { /usr/bin/time -f "%x %e %U %S %M" -o time.txt "$@" 2> last.err | wc -c; } 2>&1 )" || true
  # GNU time writes "Command exited with non-zero status N" before its line on a failure.
  read -r code e u s m < <(tail -1 time.txt)
  printf '| %s | %s | %s | %s s | %s s | %d MiB | %s |\n' "$item" "$label" "$code" "$e" \
    "$(awk "BEGIN { printf \"%.2f\", $u + $s }")" "$((m / 1024))" "$out"
}
run 1 "\`simulate --default-cluster /dev/zero\`" timeout -s TERM 60 "$BIN" simulate --default-cluster /dev/zero
run 1 "500 MB on stdin" sh -c "\"$BIN\" simulate - < big500.yaml"
run 2 "5,000 × 10 \`-o json\`" "$BIN" simulate -q nodes5000.yaml ds10.yaml -o json
run 2 "5,000 × 10 \`-o yaml\`" "$BIN" simulate -q nodes5000.yaml ds10.yaml -o yaml
run 2 "5,000 × 10 \`-o wide\`" "$BIN" simulate -q nodes5000.yaml ds10.yaml -o wide
run 2 "List of 100,000 Nodes \`-o json\`" "$BIN" simulate -q nodes100k.yaml -o json
run 3 "\`flood_tiny.yaml\` (1,390,000 \`[\` documents)" "$BIN" simulate flood_tiny.yaml
run 3 "\`flood_sep.yaml\` (1,677,000 \`---a\`) under a 2 KB path" "$BIN" simulate "$DEEP"
for f in dashes flow mapflow seqmapflow blockseq strs emptymaps smallmaps manykeys keysmallmaps listsmallmaps listkindlast anchored aliased cmsmallmaps repeatbig x-cm-noversion x-cm-nokind x-cm-merge x-cm-mergefirst podenv podenvkindlast listpodenv dsenv ds3env ds7env pod13env podvolumes podvolumesdup podcontainers podargs podlabels nodes300k; do
  run 4 "\`$f.yaml\` ($(head -c 12 $f.yaml | tr '\n' ' ')…)" "$BIN" simulate $f.yaml
done
run 5 "\`--watch\`, evicted forever, \`wait:100000000h\` twice" "$BIN" simulate -q --watch --default-cluster taint:worker-1:dedicated=x:NoExecute "$F" wait:100000000h wait:100000000h
run 5 "the same with \`-o wide\`" "$BIN" simulate -q --default-cluster taint:worker-1:dedicated=x:NoExecute "$F" wait:100000000h wait:100000000h -o wide
rm -f time.txt last.err
