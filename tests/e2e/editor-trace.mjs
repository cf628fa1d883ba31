// A Chromium trace of a few keystrokes in the YAML editor (a development aid for
// docs/performance.md "Editor", not a test): what runs, on which thread, between each keydown
// and the frame that shows it.
//
//   node tests/e2e/editor-trace.mjs [KB] [KEYS]     (default 1024 KB, 6 keystrokes)
//   DSPLAY_DIST=/tmp/dist-main node tests/e2e/editor-trace.mjs 13
//   FLOOR=1: a plain textarea of 40 lines instead of the editor (what any page's keystroke costs)
//   KEYS_PRESSED=Enter,Backspace: other keys, pressed in turn (default: x four times, Backspace)
//   VERBOSE=1: each keystroke's tasks; TRACE_OUT=/tmp/t.json keeps the trace file
//   PROFILE=1: a CPU profile of the keystrokes instead (a build with names kept, as profile.mjs
//   says, without Trunk.toml's post_build hook, which drops them)
//
// A summary: per keystroke, the renderer's main thread from the keydown's task to the end of
// the first frame painted after it (its CPU time: what a loaded machine inflates least).
// VERBOSE, per keystroke: the main thread's tasks from the keydown until 60 ms later (wall and the
// thread's CPU time, and the self time of what they ran), the other threads' busy time, and
// Chromium's Event Timing of the keydown (keydown to the next frame's presentation).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, newPage, profileTimes } from './harness.mjs';
import { manifests } from './editor-corpus.mjs';

const kb = Number(process.argv[2] ?? 1024);
const keys = Number(process.argv[3] ?? 6);
const WINDOW_MS = 60;
const pressed = process.env.KEYS_PRESSED?.split(',');
const press = (i) => (pressed ? pressed[i % pressed.length] : i % 5 === 4 ? 'Backspace' : 'x');
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'gpu', 'v8',
  'viz', 'benchmark', 'input', 'latencyInfo', 'disabled-by-default-devtools.timeline.frame'];

const server = await serve();
const browser = await launch();
const page = await newPage(browser);
if (process.env.FLOOR) {
  // The floor: a plain textarea of 40 lines, the same keys (as editor-bench.mjs's floor).
  await page.setContent('<!doctype html><title>floor</title><textarea id="plain" rows="24" cols="80" spellcheck="false" wrap="off" style="font: 13px/20px monospace"></textarea>');
  await page.evaluate((t) => { const e = document.getElementById('plain'); e.value = t; e.focus(); e.setSelectionRange(0, 0); },
    manifests(4096).split('\n').slice(0, 40).join('\n'));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
} else {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.goto(server.url);
  await page.waitForSelector('[data-node="control-plane"]');
  await page.getByRole('button', { name: 'Pause' }).click();
  const editor = page.getByLabel('DaemonSet YAML');
  await editor.focus();
  await page.evaluate((t) => navigator.clipboard.writeText(t), manifests(kb * 1024));
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await page.waitForTimeout(1500);
  // The caret on the text's third line, the view at the top (as editor-bench.mjs).
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
}
await page.waitForTimeout(500);
if (process.env.PROFILE) {
  // A CPU profile of the keystrokes instead (a build with names kept: see profile.mjs).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  for (let i = 0; i < keys; i++) {
    await page.keyboard.press(press(i));
    await page.waitForTimeout(60);
  }
  const { profile } = await cdp.send('Profiler.stop');
  const { self, total } = profileTimes(profile, { per: keys });
  console.log(`${kb} KB, ${keys} keystrokes: self time per keystroke (ms)`);
  for (const [n, ms] of self.slice(0, 25)) console.log(`  ${ms.toFixed(3).padStart(7)}  ${n.slice(0, 140)}`);
  console.log('inclusive (ms per keystroke):');
  for (const [n, ms] of total.slice(0, 60)) console.log(`  ${ms.toFixed(3).padStart(7)}  ${n.slice(0, 140)}`);
  await browser.close();
  await server.close();
  process.exit(0);
}
const file = process.env.TRACE_OUT || path.join(os.tmpdir(), `editor-trace-${process.pid}.json`);
await browser.startTracing(page, { path: file, categories: CATEGORIES });
for (let i = 0; i < keys; i++) {
  await page.keyboard.press(press(i));
  await page.waitForTimeout(250);
}
await browser.stopTracing();
const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
if (!process.env.TRACE_OUT) fs.rmSync(file, { force: true });
const events = Array.isArray(raw) ? raw : raw.traceEvents;

const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
const mainKey = [...names].find(([k, n]) => n === 'CrRendererMain' && events.some((e) => `${e.pid}:${e.tid}` === k && e.name === 'EventDispatch'))?.[0];
const complete = events.filter((e) => e.ph === 'X' && e.dur != null).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const keydowns = complete.filter((e) => `${e.pid}:${e.tid}` === mainKey && e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
const timings = events.filter((e) => e.name === 'EventTiming' && e.ph === 'b' && e.args?.data?.type === 'keydown');

/** Self time by event name of the complete events of one thread inside [t0, t1). */
function selfTimes(evs) {
  const self = new Map(), cpu = new Map(), stack = [];
  for (const e of evs) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const p = stack.at(-1);
    if (p) { p.c = (p.c ?? 0) + e.dur; p.tc = (p.tc ?? 0) + (e.tdur ?? 0); }
    stack.push(e);
  }
  for (const e of evs) {
    self.set(e.name, (self.get(e.name) ?? 0) + (e.dur - (e.c ?? 0)) / 1000);
    cpu.set(e.name, (cpu.get(e.name) ?? 0) + ((e.tdur ?? 0) - (e.tc ?? 0)) / 1000);
    delete e.c; delete e.tc;
  }
  return [...self].map(([n, ms]) => [n, ms, cpu.get(n)]).sort((a, b) => b[1] - a[1]);
}

const verbose = !!process.env.VERBOSE;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
// Per keystroke, the main thread from the keydown's task to the end of the first frame after
// it (the first task holding a Paint): wall and CPU time of the tasks in between.
const mainTops = [];
for (const e of complete) {
  if (`${e.pid}:${e.tid}` !== mainKey || !/RunTask$/.test(e.name)) continue;
  if (!mainTops.length || e.ts >= mainTops.at(-1).ts + mainTops.at(-1).dur) mainTops.push(e);
}
const paints = complete.filter((e) => `${e.pid}:${e.tid}` === mainKey && e.name === 'Paint');
const per = [];
for (const k of keydowns) {
  const first = mainTops.findLast((t) => t.ts <= k.ts);
  const paint = paints.find((p) => p.ts > k.ts);
  if (!first || !paint) continue;
  const last = mainTops.findLast((t) => t.ts <= paint.ts);
  const tasks = mainTops.filter((t) => t.ts >= first.ts && t.ts <= last.ts);
  per.push({
    cpu: tasks.reduce((a, t) => a + (t.tdur ?? 0), 0) / 1000,
    wall: tasks.reduce((a, t) => a + t.dur, 0) / 1000,
    input: (first.tdur ?? 0) / 1000,
    frame: (last.tdur ?? 0) / 1000,
  });
}
const sum = (k) => `median ${median(per.map((p) => p[k])).toFixed(1)}, max ${Math.max(...per.map((p) => p[k])).toFixed(1)}`;
console.log(`${process.env.FLOOR ? 'a plain textarea of 40 lines' : `${kb} KB`}, ${per.length} keystrokes: main thread from the keydown to its frame painted: CPU ${sum('cpu')} ms; `
  + `wall (busy) ${sum('wall')} ms; the keydown's task CPU ${sum('input')} ms, the frame's task CPU ${sum('frame')} ms`);
for (const [i, k] of keydowns.entries()) {
  if (!verbose) break;
  const t0 = k.ts, t1 = t0 + WINDOW_MS * 1000;
  const timing = timings.find((t) => Math.abs(t.ts - t0) < 20000);
  console.log(`keystroke ${i + 1}${timing ? ` (Event Timing: duration ${timing.args.data.duration ?? '?'} ms)` : ''}`);
  const byThread = new Map();
  for (const e of complete) {
    if (e.ts < t0 - 2000 || e.ts >= t1) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  for (const [key, evs] of byThread) {
    const name = names.get(key) ?? key;
    const tops = [];
    for (const e of evs) if (!tops.length || e.ts >= tops.at(-1).ts + tops.at(-1).dur) tops.push(e);
    const busy = tops.reduce((s, e) => s + e.dur, 0) / 1000;
    if (busy < 0.3) continue;
    const cpu = tops.reduce((s, e) => s + (e.tdur ?? 0), 0) / 1000;
    console.log(`  ${name} [${key}]: busy ${busy.toFixed(1)} ms (cpu ${cpu.toFixed(1)})`);
    if (key === mainKey) {
      for (const t of tops.filter((t) => t.dur >= 300)) {
        const inner = evs.filter((e) => e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
        const what = selfTimes(inner).filter(([, ms]) => ms >= 0.2).slice(0, 8).map(([n, ms, c]) => `${n} ${ms.toFixed(1)}/${(c ?? 0).toFixed(1)}`).join(', ');
        console.log(`    +${((t.ts - t0) / 1000).toFixed(1)} ms ${t.name} ${(t.dur / 1000).toFixed(1)} ms (cpu ${((t.tdur ?? 0) / 1000).toFixed(1)}): ${what}`);
      }
      continue;
    }
    for (const [n, ms, c] of selfTimes(evs).slice(0, 6)) {
      if (ms >= 0.1) console.log(`      ${ms.toFixed(2).padStart(7)} ${(c ?? 0).toFixed(2).padStart(7)}  ${n}`);
    }
  }
}
await browser.close();
await server.close();
