// Which wasm functions V8 compiled, with which compiler, and when (a development aid, not a
// test; docs/performance.md, "The console"). Reads Chromium's log of a run with
// `--trace-wasm-compilation-times` and names the functions from a wasm with its name section
// (the release build's wasm through wasm-bindgen and the same wasm-opt flags plus -g, put in
// a copy of dist/ with its glue):
//   DEBUG=pw:browser JS_FLAGS=--trace-wasm-compilation-times DSPLAY_DIST=/tmp/dist-named \
//     WAIT=3000 node tests/e2e/console-perf.mjs 'get pods -o wide' 2 > /tmp/tiers.log 2>&1
//   node tests/e2e/wasm-tiers.mjs /tmp/dist-named/dsplay-full_bg.wasm /tmp/tiers.log [TurboFan|Liftoff]
// prints each function compiled by that compiler (TurboFan: optimised), in order, with the
// script's own lines between them: a function optimised after "warm-up ran" ran its first
// command in baseline code.
import fs from 'node:fs';

/** Function index -> name, from a wasm's name section. */
function names(file) {
  const w = fs.readFileSync(file);
  const out = new Map();
  let at = 8;
  const leb = () => {
    let r = 0;
    for (let s = 0; ; s += 7) { const b = w[at++]; r += (b & 0x7f) * 2 ** s; if (b < 0x80) return r; }
  };
  while (at < w.length) {
    const id = w[at++];
    const end = leb() + at;
    if (id === 0) {
      const n = leb();
      const section = w.subarray(at, at + n).toString();
      at += n;
      while (section === 'name' && at < end) {
        const sub = w[at++];
        const subEnd = leb() + at;
        if (sub === 1) {
          for (let i = leb(); i > 0; i--) { const idx = leb(); const l = leb(); out.set(idx, w.subarray(at, at + l).toString()); at += l; }
        }
        at = subEnd;
      }
    }
    at = end;
  }
  return out;
}

const [wasm, log, tier = 'TurboFan'] = process.argv.slice(2);
const named = names(wasm);
for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
  const m = line.match(/(\d\d:\d\d:\d\d\.\d+)Z.*Compiled function (0x[0-9a-f]+)#(\d+) using (\w+), took (\d+) .s.*bodysize (\d+)/);
  if (!m) {
    if (line && !line.includes('pw:browser')) console.log(`---- ${line}`);
    continue;
  }
  if (m[4] !== tier) continue;
  const name = String(named.get(+m[3]) ?? `#${m[3]}`).replace(/::h[0-9a-f]{16}/g, '');
  console.log(`${m[1]} module ${m[2].slice(-4)} ${m[5].padStart(6)} us body ${m[6].padStart(6)}  ${name.slice(0, 120)}`);
}
