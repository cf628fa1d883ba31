// Opening a share link of 100 nodes × 3 DaemonSets in headless Chromium (a report, not a test;
// docs/performance.md, docs/share-links.md), or of another size: NODESxDAEMONSETS (5000x10:
// issue 13's "Opening a 5,000-node run"). Run after `trunk build --release --offline`:
//   node tests/e2e/share-perf.mjs [RUNS] [NODESxDAEMONSETS]
// (default 7 runs of 100x3; DSPLAY_DIST=DIR for another build; TRACE=1 traces the first run of
// each kind and prints its long tasks, tests/e2e/trace.mjs)
// Each run opens the link in a fresh page and records, in ms from navigation start: the wasm's
// download, the module started (Trunk's TrunkApplicationStarted), the link's 100 nodes and
// their pods in the page (a MutationObserver), and painted (the frame after that); the
// replay's own time (data-sim-ms), the first view's (data-view-ms: the core's view_changes and
// the page's view model, before the first render) and the longest main-thread task. Prints
// each run and the medians; the same for the cluster opened from the page's saved run, for
// comparison (its replay and first view are those of the clock's last tick: the saved run is
// not paused).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dsplayBin, serve, launch, newPage, daemonSetYaml, sampleRunLog } from './harness.mjs';
import { startTrace, formatTasks } from './trace.mjs';

const runs = +(process.argv[2] ?? 7);
const [nodes, daemonSets] = (process.argv[3] ?? '100x3').split('x').map(Number);
if (!(nodes >= 4 && daemonSets >= 1)) throw new Error(`${process.argv[3]}: not NODESxDAEMONSETS (at least 4x1)`);
const bin = dsplayBin();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsplay-share-perf-'));
const files = Array.from({ length: daemonSets }, (_, i) => `ds${i}.yaml`);
for (const i of files.keys()) fs.writeFileSync(path.join(tmp, `ds${i}.yaml`), daemonSetYaml(`agent-${i}`, i === 2 ? '      tolerations:\n      - operator: Exists\n' : ''));
const server = await serve();
const browser = await launch();
const adds = Array.from({ length: nodes - 4 }, () => 'add-node:worker');
const link = execFileSync(bin, ['share', '-q', '--base-url', server.url, '--default-cluster', ...files, ...adds, 'wait:2m'], { cwd: tmp, encoding: 'utf8' }).trim();
// The pods: the rows of the pods table of `-o wide` (`-o json` of 5,000 × 10 is 338 MB).
const pods = execFileSync(bin, ['simulate', '-o', 'wide', `link:${link}`], { cwd: tmp, encoding: 'utf8', maxBuffer: 1 << 28 })
  .split('\n\n').find((t) => /^NAME .* NOMINATED NODE/.test(t)).trim().split('\n').length - 1;

/** Marks (ms from navigation start) of one page load that ends with `nodes` nodes and `pods` pods. */
async function open(url, savedRun, trace = false) {
  const page = await newPage(browser);
  const stop = trace ? await startTrace(browser, page) : null;
  if (savedRun) await page.addInitScript((log) => localStorage.setItem('dsplay.run', log), savedRun);
  await page.addInitScript((want) => {
    const t = { long: 0 }; window.__t = t;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) t.long = Math.max(t.long, e.duration); }).observe({ type: 'longtask', buffered: true });
    addEventListener('TrunkApplicationStarted', () => { t.started = performance.now(); });
    const check = () => {
      if (t.shown) return;
      const s = document.querySelector('.cluster-panel .summary')?.textContent ?? '';
      if (s.startsWith(want)) {
        t.shown = performance.now();
        requestAnimationFrame(() => setTimeout(() => { t.painted = performance.now(); }, 0));
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  }, `${nodes} nodes (${nodes} Ready) · ${pods} pods`);
  await page.goto(url);
  await page.waitForFunction(() => window.__t.painted, null, { timeout: 180000 });
  await page.waitForTimeout(100);
  const t = await page.evaluate(() => {
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
    const app = document.querySelector('.app')?.dataset;
    return { ...window.__t, wasm: wasm?.responseEnd, sim: +app?.simMs, view: +app?.viewMs };
  });
  if (page.errors.length) console.log('page errors:', page.errors.slice(0, 3));
  if (stop) console.log(`long tasks (trace):\n${formatTasks(await stop())}`);
  await page.context().close();
  return t;
}

const fmt = (name, ts) => {
  const keys = ['wasm', 'started', 'shown', 'painted', 'sim', 'view', 'long'];
  const med = Object.fromEntries(keys.map((k) => [k, Math.round(median(ts.map((t) => t[k] ?? NaN)))]));
  console.log(`${name}: medians of ${ts.length} runs (ms from navigation): wasm downloaded ${med.wasm}, module started ${med.started}, `
    + `pods in the page ${med.shown}, painted ${med.painted} (${med.painted - med.started} after the module started); `
    + `replay ${med.sim}, first view ${med.view}; longest task ${med.long}`);
  console.log(`  painted, each run: ${ts.map((t) => Math.round(t.painted)).join(', ')}; replay / first view, each run: ${ts.map((t) => `${Math.round(t.sim)}/${Math.round(t.view)}`).join(', ')}`);
};

try {
  console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; link: ${link.length} characters, ${nodes} nodes, ${daemonSets} DaemonSets, ${pods} pods`);
  const linked = [];
  for (let i = 0; i < runs; i++) linked.push(await open(link, null, i === 0 && !!process.env.TRACE));
  fmt('share link', linked);
  const saved = [];
  for (let i = 0; i < Math.min(runs, 3); i++) saved.push(await open(server.url, sampleRunLog(nodes, daemonSets), i === 0 && !!process.env.TRACE));
  fmt('the same cluster from the saved run', saved);
  console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
