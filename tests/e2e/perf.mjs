// Performance numbers of the release build in headless Chromium (reports, does not assert).
// Run after `trunk build --release --offline`:  node tests/e2e/perf.mjs [NODESxDAEMONSETS...]
// (default 100x3 1000x3; e.g. 5000x10 for issue 13's goals). PERF_VIEW=cards or overview picks
// the cluster view (Cards / Overview toggle) before timing; by default the page's own choice.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, newPage, DIST, daemonSetYaml, sampleRunLog, openSavedRun, scriptClick } from './harness.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (x) => `${x.toFixed(1)} ms`;
const row = (r) => `total ${fmt(r.layout)} (simulation ${fmt(r.sim)}, view ${fmt(r.view)}, render+DOM ${fmt(r.script - r.sim - r.view)}, layout ${fmt(r.layout - r.script)}); with the events table's new lines a task later: ${fmt(r.all)}; to the next frame: ${fmt(r.frame)}; first frame (style and layout) after the cluster changed: ${fmt(r.first)}; first frame with the events table's change: ${fmt(r.events)}; the cluster's last change: ${fmt(r.done)}`;

/** Runs `act` (after `setup`, untimed, and its render) and measures until Yew has rendered
 * (and after a forced layout); until the first frame after the cluster panel first changed
 * has its style and layout done (a `requestAnimationFrame` asked for by a
 * `MutationObserver`, forcing the frame's layout: only its paint is left; a change shown in
 * parts, a task each, draws its first part there; NaN when the panel did not change); the
 * same for the events table (its new lines: the frame that shows the whole input but for
 * the later parts of a change in parts); and
 * until the panel's last change (the last part of such a change; the next sample waits for
 * 150 ms without any). */
async function measure(page, act, times = 7, setup = '') {
  const script = [], layout = [], all = [], sim = [], view = [], frame = [], first = [], done = [], events = [];
  for (let i = 0; i < times; i++) {
    const r = await page.evaluate(async ({ act, setup }) => {
      // eslint-disable-next-line no-new-func
      new Function(setup)();
      await new Promise((r) => setTimeout(r, 0));
      void document.body.offsetHeight;
      await new Promise((r) => setTimeout(r, 50));
      let tf = 0, last = 0;
      // The first frame after the cluster panel first changed (the frame that shows it).
      const seen = new MutationObserver(() => {
        if (!last) requestAnimationFrame(() => { void document.body.offsetHeight; tf = performance.now(); });
        last = performance.now();
      });
      seen.observe(document.querySelector('.cluster-panel'), { subtree: true, childList: true, attributes: true, characterData: true });
      // The same for the events table.
      let te = 0, evSeen = false;
      const evs = new MutationObserver(() => {
        if (!evSeen) requestAnimationFrame(() => { void document.body.offsetHeight; te = performance.now(); });
        evSeen = true;
      });
      evs.observe(document.querySelector('.events-panel'), { subtree: true, childList: true, characterData: true });
      const t0 = performance.now();
      // eslint-disable-next-line no-new-func
      new Function(act)();
      await new Promise((r) => setTimeout(r, 0));
      const t1 = performance.now();
      void document.body.offsetHeight;
      const t2 = performance.now();
      // What follows one task later (the events table's new lines), then layout again.
      await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => setTimeout(r, 0));
      void document.body.offsetHeight;
      const t3 = performance.now();
      // The next frame (its style, layout and paint) has run.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const t4 = performance.now();
      while (performance.now() - Math.max(last, t4) < 150) await new Promise((r) => setTimeout(r, 50));
      seen.disconnect();
      evs.disconnect();
      const app = document.querySelector('.app');
      return { script: t1 - t0, layout: t2 - t0, all: t3 - t0, frame: t4 - t0, first: tf ? tf - t0 : NaN, events: te ? te - t0 : NaN, done: Math.max(last, t1) - t0, sim: +app.dataset.simMs, view: +app.dataset.viewMs };
    }, { act, setup });
    script.push(r.script); layout.push(r.layout); all.push(r.all); sim.push(r.sim); view.push(r.view); frame.push(r.frame); first.push(r.first); done.push(r.done); events.push(r.events);
    await page.waitForTimeout(50);
  }
  return { script: median(script), layout: median(layout), all: median(all), frame: median(frame), first: median(first.filter(Number.isFinite)) ?? NaN, events: median(events.filter(Number.isFinite)) ?? NaN, done: median(done), sim: median(sim), view: median(view) };
}

const clickButton = (label) => `[...document.querySelectorAll('button')].find(b => b.textContent.trim() === ${JSON.stringify(label)} || b.getAttribute('aria-label') === ${JSON.stringify(label)}).click()`;
// Typing the YAML is its own (untimed) action; the timed one is the click on Apply.
const typeYaml = `const t = document.getElementById('yaml-editor'); t.value = ${JSON.stringify(daemonSetYaml('NAME'))}.replaceAll('NAME', 'extra-' + Math.random().toString(36).slice(2, 7));
  t.dispatchEvent(new InputEvent('input', {bubbles: true}));`;

async function scenario(browser, url, nodes, daemonSets) {
  const page = await newPage(browser);
  // PERF_CSS: extra style rules, to try a stylesheet change without rebuilding.
  if (process.env.PERF_CSS) {
    await page.addInitScript((css) => document.addEventListener('DOMContentLoaded', () => {
      const st = document.createElement('style'); st.textContent = css; document.head.append(st);
    }), process.env.PERF_CSS);
  }
  // Large grids render only the cards near the viewport: wait for the summary's node count.
  const loadMs = await openSavedRun(page, url, sampleRunLog(nodes, daemonSets), nodes, 120000);
  await scriptClick(page, '[aria-label="Pause"]');
  if (process.env.PERF_VIEW) await scriptClick(page, `[data-view="${process.env.PERF_VIEW}"]`);
  await page.waitForTimeout(200);
  const pods = await page.evaluate(() => +((document.querySelector('.cluster-panel .summary')?.textContent ?? '').match(/(\d+) pods/)?.[1] ?? 0));
  const rendered = await page.locator('[data-node]').count();
  const tick = await measure(page, clickButton('Step'));
  const addNode = await measure(page, clickButton('Add node'));
  // A node operation: cordon / uncordon worker-2 from the details panel (opened first, untimed).
  const openNode = `document.querySelector('[data-node="worker-2"], [data-cell="worker-2"]').click()`;
  const cordon = await measure(page, `[...document.querySelectorAll('.details button')].find((b) => /^(Cordon|Uncordon)$/.test(b.textContent.trim())).click()`, 7, openNode);
  const apply = await measure(page, clickButton('Apply'), 9, typeYaml);
  const errors = page.errors;
  await page.context().close();
  return { nodes, daemonSets, pods, rendered, loadMs, tick, addNode, cordon, apply, errors };
}

// The light build: what the page loads first (the full one loads on demand: upgrade.rs).
const wasm = 'dsplay-app_bg.wasm';
const js = 'dsplay-app.js';
const wasmBytes = fs.readFileSync(path.join(DIST, wasm));
const jsBytes = fs.readFileSync(path.join(DIST, js));
const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
console.log(`wasm: ${(wasmBytes.length / 1024).toFixed(0)} KB, gzipped ${(gz(wasmBytes) / 1024).toFixed(0)} KB (the light build; CI budget: 550,000 bytes with gzip -9, scripts/budgets.sh)`);
console.log(`js glue: ${(jsBytes.length / 1024).toFixed(0)} KB, gzipped ${(gz(jsBytes) / 1024).toFixed(0)} KB`);

const server = await serve();
const browser = await launch();
try {
  const sizes = process.argv.length > 2
    ? process.argv.slice(2).map((a) => a.split('x').map(Number))
    : [[100, 3], [1000, 3]];
  // First paint with pods: a first visit (no saved state); with sizes given, not measured.
  const firsts = [];
  for (let i = 0; i < (process.argv.length > 2 ? 0 : 3); i++) {
    const page = await newPage(browser);
    await page.addInitScript(() => {
      const mark = () => {
        if (!window.__firstPod && document.querySelector('[data-pod]')) {
          window.__firstPod = performance.now();
        }
        if (!window.__firstNode && document.querySelector('[data-node]')) window.__firstNode = performance.now();
      };
      new MutationObserver(mark).observe(document, { subtree: true, childList: true });
    });
    await page.goto(server.url);
    await page.waitForFunction(() => window.__firstPod, null, { timeout: 20000 });
    const r = await page.evaluate(() => ({ node: window.__firstNode, pod: window.__firstPod }));
    firsts.push(r);
    await page.context().close();
  }
  if (firsts.length) console.log(`first paint: nodes at ${fmt(median(firsts.map((f) => f.node)))}, first pod at ${fmt(median(firsts.map((f) => f.pod)))} after navigation start (target < 1000 ms)`);
  for (const [nodes, dss] of sizes) {
    const r = await scenario(browser, server.url, nodes, dss);
    const cells = r.rendered ? `${r.rendered} node cards rendered` : 'the overview';
    console.log(`${nodes} nodes × ${dss} DaemonSets (${r.pods} pods, ${cells}; replayed and shown in ${r.loadMs} ms):`);
    console.log(`  tick (Step, +1 s):  ${row(r.tick)}`);
    console.log(`  Add node:           ${row(r.addNode)}`);
    console.log(`  Cordon / uncordon:  ${row(r.cordon)}`);
    console.log(`  Apply a DaemonSet:  ${row(r.apply)}`);
    if (r.errors.length) console.log('  page errors:', r.errors.slice(0, 3));
  }
} finally {
  await browser.close();
  await server.close();
}
