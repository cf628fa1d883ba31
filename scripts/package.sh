#!/usr/bin/env bash
# Builds the embed's npm package (docs/embed.md): target/npm/daemonset-playground-VERSION.tgz,
# `npm pack`ed from target/npm/package/. It holds embed.js, embed.d.ts, the wasm module and its
# glue, the two stylesheets embed.js puts in each shadow root, package.json and a README; nothing
# else. Uses dist/ from `trunk build --release --offline` (built first when it has no embed).
#   scripts/package.sh            prints the tarball's path on its last line
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

FILES=(embed.js embed.d.ts embed.css styles.css dsplay-app.js dsplay-app_bg.wasm)
missing=0
for f in "${FILES[@]}"; do [ -f "dist/$f" ] || missing=1; done
if [ "$missing" = 1 ]; then
  trunk build --release --offline
fi
version="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)"
license="$(sed -n '/^\[workspace.package\]/,/^\[/s/^license = "\(.*\)"/\1/p' Cargo.toml)"
out=target/npm/package
rm -rf target/npm
mkdir -p "$out"
for f in "${FILES[@]}"; do cp "dist/$f" "$out/"; done
# The glue imports its inline JavaScript (`#[wasm_bindgen(inline_js)]`) from snippets/ beside it.
if [ -d dist/snippets ]; then cp -R dist/snippets "$out/"; fi

files_json="$(printf '"%s", ' "${FILES[@]}" snippets)"
cat > "$out/package.json" <<JSON
{
  "name": "daemonset-playground",
  "version": "$version",
  "description": "Kubernetes' DaemonSet controller, simulated in the browser: <daemonset-playground> for docs pages, with a JavaScript API.",
  "license": "$license",
  "type": "module",
  "main": "./embed.js",
  "types": "./embed.d.ts",
  "exports": {
    ".": { "types": "./embed.d.ts", "default": "./embed.js" },
    "./embed.js": { "types": "./embed.d.ts", "default": "./embed.js" },
    "./dsplay-app.js": "./dsplay-app.js",
    "./dsplay-app_bg.wasm": "./dsplay-app_bg.wasm",
    "./styles.css": "./styles.css",
    "./embed.css": "./embed.css",
    "./package.json": "./package.json"
  },
  "files": [${files_json%, }],
  "sideEffects": ["./embed.js"],
  "keywords": ["kubernetes", "daemonset", "playground", "web-component", "wasm"]
}
JSON

cat > "$out/README.md" <<'MD'
# daemonset-playground

Kubernetes' DaemonSet controller, simulated in the browser, as one HTML element for docs pages.

```html
<script type="module" src="https://cdn.example/npm/daemonset-playground/embed.js"></script>
<daemonset-playground nodes="control-plane,worker,worker,worker" controls="nodes,time" height="420">
  <script type="text/yaml">
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
spec:
  selector:
    matchLabels: {app: node-exporter}
  template:
    metadata:
      labels: {app: node-exporter}
    spec:
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.2
  </script>
</daemonset-playground>
```

`embed.js` finds the wasm module, its glue and the stylesheets beside itself, so the package works
from any CDN that mirrors npm or from your own static host (serve `.wasm` as `application/wasm`).
Every page downloads and compiles the module once, however many embeds it has; each embed starts
when it nears the viewport.

Attributes: `src`, `link`, `nodes`, `seed`, `controls` (`editor`, `nodes`, `time`, `status`,
`events`, `why`), `readonly`, `autoplay`, `speed`, `height`, `theme` (`light`, `dark`, `auto`).

JavaScript API (on the element, after `await element.ready`, or from `mount(element, options)`):
`apply(yaml)`, `addNode(template?, name?)`, `removeNode(name)`, `cordon(name)`, `uncordon(name)`,
`taint(name, "key=value:Effect")`, `untaint(name, key, effect?)`, `label(name, key, value|null)`,
`setReady(name, bool)`, `failPod(name)`, `rollback(ds, revision?)`, `step(seconds)`, `play()`,
`pause()`, `reset()`, `state()`; events `change`, `applied`, `error`. Types: `embed.d.ts`.

```js
import { mount } from 'daemonset-playground';
const playground = await mount(document.getElementById('demo'), { nodes: '3', controls: 'time,status' });
playground.apply(yamlText);
playground.addNode('worker');
console.log(playground.state().daemonSets);
```
MD

(cd target/npm && npm pack ./package --pack-destination . --loglevel=error >/dev/null)
tarball="$(ls target/npm/*.tgz)"
echo "package: $(tar -tzf "$tarball" | sort | tr '\n' ' ')"
echo "$tarball"
