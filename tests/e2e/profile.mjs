// CPU profile of one interaction at N nodes (a development aid, not a test): build a
// profiling bundle with names kept, e.g.
//   sed 's/data-wasm-opt="z"/data-wasm-opt="0" data-keep-debug/' index.html > index-profile.html
//   trunk build --release --offline --dist /tmp/dist-profile index-profile.html
// then  DSPLAY_DIST=/tmp/dist-profile node tests/e2e/profile.mjs 100 "Add node"
// The first argument may be NODESxDAEMONSETS (default 3 DaemonSets): `profile.mjs 5000x10 Apply`.
// The actions: a button's label ("Add node", "Step"), "Apply" (a new DaemonSet), or "Cordon"
// (cordon / uncordon worker-2 from its details panel).
// TRACE=1: instead of a CPU profile, a Chromium trace of the same clicks, summed by what the
// main thread did (script, style, layout, paint, ...) per click: where the browser's part of
// the time goes (the wasm's own functions need the CPU profile).
import { serve, launch, newPage, daemonSetYaml as ds, sampleRunLog, openSavedRun, ROOT, scriptClick, profileTimes } from './harness.mjs';
import fs from 'node:fs';
import path from 'node:path';

const [nodes, daemonSets] = (process.argv[2] ?? '100').split('x').map(Number).concat(3);
const action = process.argv[3] ?? 'Add node';
const server = await serve();
const browser = await launch();
const page = await newPage(browser);
// PERF_CSS: extra style rules, to try a stylesheet change without rebuilding (as perf.mjs).
if (process.env.PERF_CSS) {
  await page.addInitScript((css) => document.addEventListener('DOMContentLoaded', () => {
    const st = document.createElement('style'); st.textContent = css; document.head.append(st);
  }), process.env.PERF_CSS);
}
await openSavedRun(page, server.url, sampleRunLog(nodes, daemonSets), nodes, 300000);
await scriptClick(page, '[aria-label="Pause"]');
if (action === 'Cordon') await scriptClick(page, '[data-node="worker-2"], [data-cell="worker-2"]');
await page.waitForTimeout(300);
const clicks = action === 'Apply' ? 3 : 10;
/** One click of `action`, then a forced layout and the next frame. */
const once = (i) => page.evaluate(async ({ action, yaml }) => {
  const click = (label) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === label || b.getAttribute('aria-label') === label).click();
  if (action === 'Apply') {
    const t = document.getElementById('yaml-editor'); t.value = yaml;
    t.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
    click('Apply');
  } else if (action === 'Cordon') {
    [...document.querySelectorAll('.details button')].find((b) => /^(Cordon|Uncordon)$/.test(b.textContent.trim())).click();
  } else click(action);
  await new Promise((r) => setTimeout(r, 0));
  void document.body.offsetHeight;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
}, { action, yaml: ds('extra-' + i) });
if (process.env.TRACE) {
  const file = path.join(ROOT, 'target', 'profile-trace.json');
  await browser.startTracing(page, { path: file, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  for (let i = 0; i < clicks; i++) { await once(i); await page.waitForTimeout(100); }
  await browser.stopTracing();
  const trace = JSON.parse(fs.readFileSync(file, 'utf8'));
  const events = trace.traceEvents || trace;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const on = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  // Self time of each kind of work (children subtracted), per click.
  const sum = new Map();
  const byThread = on.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  for (const e of byThread) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) { parent.child = (parent.child ?? 0) + e.dur; parent.tchild = (parent.tchild ?? 0) + (e.tdur ?? 0); }
    stack.push(e);
  }
  // Wall time (dur) and the thread's CPU time (tdur: what a loaded machine inflates less).
  const cpu = new Map();
  for (const e of byThread) {
    sum.set(e.name, (sum.get(e.name) ?? 0) + (e.dur - (e.child ?? 0)) / 1000 / clicks);
    cpu.set(e.name, (cpu.get(e.name) ?? 0) + ((e.tdur ?? 0) - (e.tchild ?? 0)) / 1000 / clicks);
  }
  const top = byThread.filter((e) => e.name === 'RunTask');
  const tasks = top.map((e) => e.dur / 1000).sort((a, b) => b - a);
  const allCpu = top.reduce((t, e) => t + (e.tdur ?? 0), 0) / 1000 / clicks;
  console.log(`${action} × ${clicks} at ${nodes} nodes × ${daemonSets} DaemonSets (trace ${file}): self time per click (ms), wall / thread CPU`);
  for (const [n, ms] of [...sum.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(`  ${ms.toFixed(1).padStart(7)} ${(cpu.get(n) ?? 0).toFixed(1).padStart(7)}  ${n}`);
  console.log(`main thread CPU per click (all tasks): ${allCpu.toFixed(1)} ms; longest tasks: ${tasks.slice(0, 8).map((d) => d.toFixed(1)).join(', ')} ms`);
  await browser.close();
  await server.close();
  process.exit(0);
}
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
for (let i = 0; i < clicks; i++) {
  await once(i);
  await page.waitForTimeout(50);
}
const { profile } = await cdp.send('Profiler.stop');
// Self time per function, and total (inclusive) time per function; SUBTREE: only the samples
// under a frame whose name contains it.
const { self, total } = profileTimes(profile, { subtree: process.env.SUBTREE });
console.log(`${action} × ${clicks} at ${nodes} nodes × ${daemonSets} DaemonSets — self time (ms):`);
for (const [n, ms] of self.slice(0, 30)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${n.slice(0, 150)}`);
console.log('inclusive time (ms):');
for (const [n, ms] of total.slice(0, +(process.env.TOP ?? 45))) console.log(`  ${ms.toFixed(1).padStart(7)}  ${n.slice(0, 150)}`);
await browser.close();
await server.close();
