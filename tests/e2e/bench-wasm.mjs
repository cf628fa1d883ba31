// The wasm half of scripts/bench-wasm.sh: times crates/dsplay-wasm-bench's `run` (settle from no
// pods) in headless Chromium and compares it with the native median in OUT/native.txt.
// Usage: node tests/e2e/bench-wasm.mjs OUT NODES DAEMONSETS RUNS   (a report: asserts nothing)
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch } from './harness.mjs';

const [out, nodes, daemonSets, runs] = [path.resolve(process.argv[2]), +process.argv[3], +process.argv[4], +process.argv[5]];
fs.writeFileSync(path.join(out, 'index.html'), '<!doctype html><title>dsplay wasm bench</title>\n');
const server = await serve(out);
const browser = await launch();
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  const r = await page.evaluate(async ({ nodes, daemonSets, runs }) => {
    const m = await import('./dsplay_wasm_bench.js');
    await m.default();
    m.setup(nodes, daemonSets);
    const times = [];
    let pods = 0;
    for (let i = 0; i < runs; i++) {
      m.prepare();
      const t0 = performance.now();
      pods = m.run();
      times.push(performance.now() - t0);
    }
    return { times, pods };
  }, { nodes, daemonSets, runs });
  const sorted = [...r.times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`wasm settle ${nodes} x ${daemonSets}: median ${median.toFixed(1)} ms (min ${sorted[0].toFixed(1)} ms) over ${runs} runs, ${r.pods} pods (headless Chromium ${browser.version()})`);
  const native = fs.readFileSync(path.join(out, 'native.txt'), 'utf8').match(/median ([\d.]+) ms.*, (\d+) pods/);
  if (!native) throw new Error('no native median in native.txt');
  if (+native[2] !== r.pods) throw new Error(`native settled ${native[2]} pods, wasm ${r.pods}: not the same run`);
  console.log(`ratio wasm / native: ${(median / +native[1]).toFixed(2)}x (goal <= 2x)`);
} finally {
  await browser.close();
  await server.close();
}
