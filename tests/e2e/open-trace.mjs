// Where the opening of a large run goes, task by task, in the main thread's CPU time (a
// development aid, not a test; docs/performance.md "Opening a 5,000-node run"):
//   node tests/e2e/open-trace.mjs [NODESxDAEMONSETS] [link|saved] [RUNS]
// (default 5000x10, link, 1 run; DSPLAY_DIST=DIR for another build, as share-perf.mjs). Each run
// opens the share link (or the same run from the page's saved run) in a fresh page under a
// Chromium trace, until the frame after the cluster is shown ("painted", as share-perf.mjs).
// Prints, from navigation start, the renderer main thread's tasks of 2 ms or more with each
// kind of trace event's self time (wall / the thread's CPU), and the wasm compile events of
// every thread; with RUNS > 1, only each run's totals and their medians. The thread's CPU time
// is what a loaded machine inflates least: compare builds by it (two builds interleaved, run
// for run). The last run's trace is kept in target/open-trace.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dsplayBin, serve, launch, newPage, daemonSetYaml, sampleRunLog, ROOT } from './harness.mjs';

const [nodes, daemonSets] = (process.argv[2] ?? '5000x10').split('x').map(Number);
const kind = process.argv[3] ?? 'link';
const runs = +(process.argv[4] ?? 1);
if (!(nodes >= 4 && daemonSets >= 1)) throw new Error(`${process.argv[2]}: not NODESxDAEMONSETS (at least 4x1)`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsplay-open-trace-'));
const files = Array.from({ length: daemonSets }, (_, i) => `ds${i}.yaml`);
for (const i of files.keys()) fs.writeFileSync(path.join(tmp, `ds${i}.yaml`), daemonSetYaml(`agent-${i}`, i === 2 ? '      tolerations:\n      - operator: Exists\n' : ''));
const server = await serve();
const browser = await launch();
const adds = Array.from({ length: nodes - 4 }, () => 'add-node:worker');
const link = execFileSync(dsplayBin(), ['share', '-q', '--base-url', server.url, '--default-cluster', ...files, ...adds, 'wait:2m'], { cwd: tmp, encoding: 'utf8' }).trim();
const file = path.join(ROOT, 'target', 'open-trace.json');
fs.mkdirSync(path.dirname(file), { recursive: true });
const ms = (us) => (us / 1000).toFixed(1);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/** One open under a trace: the page's marks and the trace's events. */
async function traced() {
  const page = await newPage(browser);
  if (kind === 'saved') await page.addInitScript((log) => localStorage.setItem('dsplay.run', log), sampleRunLog(nodes, daemonSets));
  await page.addInitScript((want) => {
    const t = {}; window.__t = t;
    const check = () => {
      if (t.shown) return;
      const s = document.querySelector('.cluster-panel .summary')?.textContent ?? '';
      if (s.startsWith(want)) {
        t.shown = performance.now(); performance.mark('dsplay-shown');
        requestAnimationFrame(() => setTimeout(() => { t.painted = performance.now(); performance.mark('dsplay-painted'); }, 0));
      }
    };
    new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  }, `${nodes} nodes`);
  await browser.startTracing(page, { path: file, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'blink', 'blink.user_timing', 'loading'] });
  await page.goto(kind === 'saved' ? server.url : link);
  await page.waitForFunction(() => window.__t.painted, null, { timeout: 180000 });
  await page.waitForTimeout(300);
  const t = await page.evaluate(() => ({ ...window.__t, sim: +document.querySelector('.app')?.dataset.simMs, view: +document.querySelector('.app')?.dataset.viewMs }));
  await browser.stopTracing();
  await page.context().close();
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { t, events: Array.isArray(raw) ? raw : raw.traceEvents };
}

/** The main thread's tasks from navigation start, each event's self time, and the totals up to
 * the "painted" mark. */
function analyse(events, print) {
  const threads = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  // The page's main thread: the one that marked "shown"; the navigation: its last to an
  // http address before that.
  const shownMark = events.find((e) => e.name === 'dsplay-shown');
  const mainKey = `${shownMark?.pid}:${shownMark?.tid}`;
  const on = (e) => `${e.pid}:${e.tid}` === mainKey;
  const navs = events.filter((e) => e.name === 'navigationStart' && on(e) && e.ts < (shownMark?.ts ?? Infinity)
    && /^http/.test(e.args?.data?.documentLoaderURL ?? 'http'));
  const t0 = navs.at(-1)?.ts ?? 0;
  const mark = (name) => events.find((e) => e.name === name && e.ts >= t0)?.ts;
  const painted = mark('dsplay-painted') ?? Infinity;
  const shown = mark('dsplay-shown') ?? Infinity;
  const xs = events.filter((e) => on(e) && e.ph === 'X' && e.dur != null && e.ts >= t0 && e.ts <= painted).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  for (const e of xs) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const p = stack[stack.length - 1];
    if (p) { p.child = (p.child ?? 0) + e.dur; p.tchild = (p.tchild ?? 0) + (e.tdur ?? 0); }
    e.top = p ? p.top : e;
    stack.push(e);
  }
  const tops = xs.filter((e) => e.top === e);
  const sum = (es, f) => es.reduce((a, e) => a + f(e), 0);
  const selfOf = (es, name) => sum(es.filter((e) => name.test(e.name)), (e) => (e.tdur ?? 0) - (e.tchild ?? 0));
  const longest = tops.reduce((a, e) => (e.dur > (a?.dur ?? 0) ? e : a), null);
  const frame = tops.find((e) => e.ts >= shown - 1000 && e !== longest && e.ts > (longest?.ts ?? 0) && xs.some((x) => x.top === e && /recalcStyle|performLayout|Paint/.test(x.name)));
  const totals = {
    shown: (shown - t0) / 1000, painted: (painted - t0) / 1000,
    cpu: sum(tops, (e) => e.tdur ?? 0) / 1000,
    longCpu: (longest?.tdur ?? 0) / 1000, longWall: (longest?.dur ?? 0) / 1000,
    frameCpu: (frame?.tdur ?? 0) / 1000,
    growWall: sum(xs.filter((e) => e.name === 'wasm.GrowMemory'), (e) => e.dur) / 1000,
    grows: xs.filter((e) => e.name === 'wasm.GrowMemory').length,
    lazyCpu: selfOf(xs, /^wasm\.CompileLazy$/) / 1000,
    parseHtmlCpu: selfOf(xs, /^ParseHTML$/) / 1000,
  };
  if (print) {
    for (const t of tops.filter((t) => t.dur >= 2000)) {
      const wall = new Map(); const cpu = new Map();
      for (const e of xs.filter((e) => e.top === t)) {
        wall.set(e.name, (wall.get(e.name) ?? 0) + e.dur - (e.child ?? 0));
        cpu.set(e.name, (cpu.get(e.name) ?? 0) + (e.tdur ?? 0) - (e.tchild ?? 0));
      }
      const parts = [...wall].sort((a, b) => b[1] - a[1]).filter(([, us]) => us >= 1000).map(([n, us]) => `${n} ${ms(us)}/${ms(cpu.get(n))}`).join(', ');
      console.log(`task at ${ms(t.ts - t0)} for ${ms(t.dur)} (cpu ${ms(t.tdur ?? 0)}): ${parts}`);
    }
    const byName = new Map();
    for (const e of events.filter((e) => /wasm/i.test(e.name) && e.ph === 'X' && e.ts >= t0 && e.ts <= painted)) {
      const k = `${e.name} [${threads.get(`${e.pid}:${e.tid}`) ?? e.tid}]`;
      const v = byName.get(k) ?? { n: 0, us: 0, cpu: 0, first: e.ts, last: e.ts + e.dur };
      v.n++; v.us += e.dur; v.cpu += e.tdur ?? 0; v.first = Math.min(v.first, e.ts); v.last = Math.max(v.last, e.ts + e.dur);
      byName.set(k, v);
    }
    for (const [k, v] of byName) if (v.us >= 1000) console.log(`wasm ${k}: ${v.n}× ${ms(v.us)} ms (cpu ${ms(v.cpu)}), ${ms(v.first - t0)}–${ms(v.last - t0)}`);
  }
  return totals;
}

try {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const { t, events } = await traced();
    const totals = { ...analyse(events, runs === 1), sim: t.sim, view: t.view };
    all.push(totals);
    console.log(`${kind} ${i + 1}: load ${os.loadavg()[0].toFixed(1)}; shown ${totals.shown.toFixed(0)}, painted ${totals.painted.toFixed(0)} ms; main thread CPU to painted ${totals.cpu.toFixed(1)} ms `
      + `(the long task ${totals.longCpu.toFixed(1)} of its ${totals.longWall.toFixed(1)} ms, the first frame ${totals.frameCpu.toFixed(1)}, lazy compiles ${totals.lazyCpu.toFixed(1)}, innerHTML parse ${totals.parseHtmlCpu.toFixed(1)}); `
      + `${totals.grows} memory grows, ${totals.growWall.toFixed(1)} ms wall; replay ${totals.sim} ms, first view ${totals.view} ms (wall)`);
  }
  if (runs > 1) {
    const keys = ['painted', 'cpu', 'longCpu', 'frameCpu', 'lazyCpu', 'parseHtmlCpu', 'grows', 'growWall', 'sim', 'view'];
    console.log(`medians of ${runs}: ${keys.map((k) => `${k} ${median(all.map((a) => a[k])).toFixed(1)}`).join(', ')}`);
  }
} finally {
  await browser.close();
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
