// Enter -> answer in the page / painted for console commands on 1,000 nodes x 3 DaemonSets (a
// report, not a test; docs/performance.md, "The console"): RUNS runs of each command in one
// page, printing the first run, the fastest and the median (a loaded machine inflates some
// runs; the fastest is the least inflated, so A/B runs of two builds compare best by it).
// Usage: DSPLAY_DIST=dist node tests/e2e/console-perf.mjs ['CMD|CMD|...'] [RUNS]
// TRACE=1: a Chromium trace of each command's first run (the one a fresh page pays for:
// wasm compiled at first call, first layout), its main thread's time summed by kind and by
// trace event, CPU time too (what a loaded machine inflates less), and the wasm functions
// compiled on the main thread. WAIT=ms: how long the page sits open before the first
// command (default 500; the full build warms the console's code up in its first idle time,
// console open or not: the script says whether that ended before the first command, and
// when). PROFILE=1: V8's sampling profiler over
// the first run (or PROFILE_RUNS runs after PROFILE_SKIP), self time by function (a wasm with
// its name section names its functions; docs/performance.md, "The first command after the
// warm-up"). PERF_CSS: extra style rules. JS_FLAGS (harness.mjs): V8 flags, e.g. with
// DEBUG=pw:browser and --trace-wasm-compilation-times for tests/e2e/wasm-tiers.mjs.
import { serve, launch, newPage, sampleRunLog, openSavedRun, timeConsoleLine, scriptClick, profileTimes } from './harness.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const lines = (process.argv[2] ?? 'get pods -o wide').split('|');
const runs = +(process.argv[3] ?? 15);
const server = await serve();
const browser = await launch();
const page = await newPage(browser);
// PERF_CSS: extra style rules, to try a stylesheet change without rebuilding (as perf.mjs).
if (process.env.PERF_CSS) {
  await page.addInitScript((css) => document.addEventListener('DOMContentLoaded', () => {
    const st = document.createElement('style'); st.textContent = css; document.head.append(st);
  }), process.env.PERF_CSS);
}
// SLICES=1: times the page's idle callbacks and the tasks of its MessagePorts (the warm-up's
// slices, console.rs `in_idle_time`) until the first command: how long a key pressed meanwhile
// could wait.
if (process.env.SLICES) {
  await page.addInitScript(() => {
    const log = (window.dsplaySlices = []);
    const timed = (f) => (...a) => { const t = performance.now(); try { return f(...a); } finally { log.push(performance.now() - t); } };
    const ric = window.requestIdleCallback.bind(window);
    window.requestIdleCallback = (f, o) => ric(timed(f), o);
    const d = Object.getOwnPropertyDescriptor(MessagePort.prototype, 'onmessage');
    Object.defineProperty(MessagePort.prototype, 'onmessage', { get() { return d.get.call(this); }, set(f) { d.set.call(this, f && timed(f)); } });
  });
}
// OPEN=PANEL: the page opens with another full-build panel (`?open=scenarios`) and the
// console is opened by its button just before the commands (a learner who opens the
// console and pastes a command at once); by default it opens with the page.
const open = process.env.OPEN ?? 'console';
await openSavedRun(page, `${server.url}?open=${open}`, sampleRunLog(1000, 3), 1000, 300000);
await page.waitForFunction(() => document.documentElement.dataset.build === 'full');
// From the page's script: a Playwright click leaves DevTools following the DOM, which makes
// every node the console inserts cost 20-100 us (harness.mjs, `scriptClick`).
await scriptClick(page, '[aria-label="Pause"]');
if (open !== 'console') {
  await page.waitForTimeout(2000);
  await scriptClick(page, 'button[data-panel="console"]');
}
await page.waitForFunction(() => document.querySelector('[data-console-input]'));
// When the warm-up ends, counted from the console's input in the page.
await page.evaluate(() => {
  const out = document.querySelector('[data-console-output]');
  const t0 = performance.now();
  window.dsplayWarmedAfter = out.hasAttribute('data-console-warmed') ? 0 : null;
  const seen = new MutationObserver(() => {
    if (out.hasAttribute('data-console-warmed')) { window.dsplayWarmedAfter = performance.now() - t0; seen.disconnect(); }
  });
  seen.observe(out, { attributes: true, attributeFilter: ['data-console-warmed'] });
});
await page.waitForTimeout(+(process.env.WAIT ?? 500));
// Whether the idle warm-up (console.rs, `WarmUp`) ran, and when it ended.
const warmedAfter = await page.evaluate(() => window.dsplayWarmedAfter);
console.log(`warm-up ran before the first command: ${warmedAfter == null ? 'no' : `yes (${warmedAfter ? `${warmedAfter.toFixed(0)} ms after the console opened` : 'before the console opened'})`}`);
if (process.env.SLICES) {
  const t = await page.evaluate(() => window.dsplaySlices.splice(0));
  const top = [...t].sort((a, b) => b - a);
  console.log(`idle callbacks and message tasks: ${t.length}, ${t.reduce((a, x) => a + x, 0).toFixed(0)} ms in all; longest ${top.slice(0, 5).map((x) => x.toFixed(1)).join(', ')} ms`);
}
const once = (line) => timeConsoleLine(page, line);

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'disabled-by-default-v8.wasm.turbofan', 'blink'];
/** The first run of `line`, traced: prints where the main thread's time went. */
async function traced(line) {
  const file = path.join(os.tmpdir(), `dsplay-console-trace-${process.pid}.json`);
  await browser.startTracing(page, { path: file, categories: CATEGORIES });
  await page.waitForTimeout(200);
  const t = await once(line);
  await page.waitForTimeout(200);
  await browser.stopTracing();
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!process.env.KEEP_TRACE) fs.rmSync(file, { force: true });
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args?.name]));
  const mainKey = [...names].find(([, n]) => n === 'CrRendererMain')?.[0];
  // The Enter's task: the longest task of the main thread with an EventDispatch (keydown).
  const onMain = events.filter((e) => `${e.pid}:${e.tid}` === mainKey && e.ph === 'X' && e.dur != null);
  const keydown = onMain.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
  const from = keydown ? keydown.ts : onMain[0].ts;
  const to = from + t[1] * 1000 + 2000;
  const inRun = onMain.filter((e) => e.ts >= from && e.ts < to).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Self time (wall and thread CPU) of each event name: children subtracted.
  const self = new Map();
  const stack = [];
  for (const e of inRun) {
    while (stack.length && e.ts >= stack[stack.length - 1].ts + stack[stack.length - 1].dur) stack.pop();
    const p = stack[stack.length - 1];
    if (!p) e.top = true;
    if (p) { p.child = (p.child ?? 0) + e.dur; p.tchild = (p.tchild ?? 0) + (e.tdur ?? 0); }
    stack.push(e);
  }
  for (const e of inRun) {
    const s = self.get(e.name) ?? { n: 0, wall: 0, cpu: 0 };
    s.n++; s.wall += (e.dur - (e.child ?? 0)) / 1000; s.cpu += ((e.tdur ?? 0) - (e.tchild ?? 0)) / 1000;
    self.set(e.name, s);
  }
  // The main thread's time in the run (its outermost events from the keydown on).
  const outer = inRun.filter((e) => e.top);
  const sum = (k) => outer.reduce((a, e) => a + (e[k] ?? 0), 0) / 1000;
  console.log(`${line}, first run traced: ${t[0].toFixed(1)} / ${t[1].toFixed(1)} ms (answer / painted); main thread ${sum('dur').toFixed(1)} ms wall, ${sum('tdur').toFixed(1)} ms CPU; self time, wall / CPU ms (count):`);
  for (const [n, s] of [...self].sort((a, b) => b[1].wall - a[1].wall).filter(([, s]) => s.wall >= 0.2).slice(0, 16)) {
    console.log(`  ${s.wall.toFixed(1).padStart(6)} ${s.cpu.toFixed(1).padStart(6)}  ${n} (${s.n})`);
  }
  // Wasm compilation anywhere in the run: by thread.
  const wasm = events.filter((e) => /wasm/i.test(e.name) && e.ph === 'X' && e.ts >= from && e.ts < to);
  const byThread = new Map();
  for (const e of wasm) {
    const k = `${names.get(`${e.pid}:${e.tid}`) ?? e.tid} ${e.name}`;
    const s = byThread.get(k) ?? { n: 0, wall: 0 };
    s.n++; s.wall += e.dur / 1000;
    byThread.set(k, s);
  }
  for (const [k, s] of [...byThread].sort((a, b) => b[1].wall - a[1].wall).slice(0, 10)) console.log(`  wasm: ${k}: ${s.n}, ${s.wall.toFixed(1)} ms`);
  return t;
}

/** The first run of `line` under V8's sampling CPU profiler: self time by function (a
 * release wasm built with its name section, as the doc's recipe says, names its functions). */
async function profiled(line) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  // PROFILE_SKIP=K PROFILE_RUNS=N: K runs first, then N runs profiled together (a later
  // run's steady state rather than the first run).
  for (let i = 0; i < +(process.env.PROFILE_SKIP ?? 0); i++) await once(line);
  await cdp.send('Profiler.start');
  let t;
  for (let i = 0; i < +(process.env.PROFILE_RUNS ?? 1); i++) t = await once(line);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const { self, sampled: total } = profileTimes(profile);
  console.log(`${line}, first run profiled: ${t[0].toFixed(1)} / ${t[1].toFixed(1)} ms (answer / painted); ${total.toFixed(1)} ms sampled; self time:`);
  for (const [n, ms] of self.slice(0, +(process.env.PROFILE_TOP ?? 30))) console.log(`  ${ms.toFixed(2).padStart(6)}  ${n.slice(0, 140)}`);
  return t;
}

for (const line of lines) {
  const t = [];
  if (process.env.TRACE) t.push(await traced(line));
  else if (process.env.PROFILE) t.push(await profiled(line));
  for (let i = t.length; i < runs; i++) t.push(await once(line));
  const d = t.map((x) => x[0]);
  const p = t.map((x) => x[1]);
  const s = (a) => [...a].sort((x, y) => x - y);
  console.log(`${line}: first ${d[0].toFixed(1)}/${p[0].toFixed(1)} ms; min ${s(d)[0].toFixed(1)}/${s(p)[0].toFixed(1)}; median ${s(d)[runs >> 1].toFixed(1)}/${s(p)[runs >> 1].toFixed(1)}`);
}
await browser.close();
await server.close();
