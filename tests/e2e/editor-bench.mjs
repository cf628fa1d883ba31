// The editor's benchmark (a report, no asserts): paste and keystroke times of the YAML editor
// in headless Chromium, on the release build, at 13 KB, 128 KB and 1 MB of real manifests
// (the corpus' DaemonSet files, concatenated), then the 8 MiB and broken-document bounds.
//
//   trunk build --release --offline && node tests/e2e/editor-bench.mjs
//   DSPLAY_DIST=target/dist-before node tests/e2e/editor-bench.mjs   (another build)
//   EDITOR_BENCH_SIZES=13,128 … (KB; default 13,128,1024)   EDITOR_BENCH_BOUNDS=0 (skip the bounds)
//   EDITOR_BENCH_KEYS=30 (keystrokes per size; default 15)
//
// What is measured, inside the page:
// - paste: a real clipboard paste (Ctrl+V) over the whole text; from the `paste` event to the end of the work it causes (the next task, after a forced style and layout);
// - keystrokes: typed characters (Playwright's trusted key events) on the text's third line, the
//   view at the top (Ctrl+Home, then the arrow keys), each in its own frame (typing: `x` four
//   times then Backspace; line breaks: Enter and Backspace in turn, which move every line below):
//   - work: the main thread's time for the keystroke, whatever the frame timing: from `keydown`
//     to the end of the page's `input` handlers (the editor's own work and its render), plus the
//     rendering of the next frame (from its requestAnimationFrame callbacks to the task after
//     them: style, layout, paint, commit). Under 16.7 ms, the keystroke cannot make a frame late;
//   - shown: from `keydown` to the end of that frame's rendering (the wait for the frame
//     included: Chromium delivers a key just after a frame, so even an empty textarea's
//     keystroke is shown about 17-20 ms after its keydown);
//   - next paint: the browser's own Event Timing of the keydown (to the frame's presentation, in
//     8 ms steps, reported from 16 ms);
//   - main thread per keystroke: Chromium's own accounting (`Performance.getMetrics`: script,
//     style, layout, all tasks), which counts the harness's own work (the key events' dispatch,
//     the waits for a frame) as well;
//   and the same for a plain textarea in the same browser (the floor: what any page's keystroke
//   costs here), so what the editor adds is the difference.
// - bounds: after pasting 8 MiB + 1 byte (or a flood of broken documents) and Apply, the longest
//   task (PerformanceObserver 'longtask') from the refusal's message on, while typing.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, newPage, DIST } from './harness.mjs';
import { manifests } from './editor-corpus.mjs';

const KEYS = Number(process.env.EDITOR_BENCH_KEYS || 15);


/** Installs the page-side probes (once per page). */
async function probes(page) {
  await page.evaluate(() => {
    const s = (window.__bench = { start: 0, from: 0, done: [], work: [], shown: [], events: [], longtasks: [] });
    const mark = (e) => { s.start = e.type === 'keydown' ? e.timeStamp : performance.now(); };
    document.addEventListener('keydown', mark, true);
    document.addEventListener('paste', mark, true);
    // Registered last, on the window: runs after the page's own handlers; the next task runs
    // after Yew's render (a microtask); the forced layout adds style and layout.
    const after = () => {
      const start = s.start;
      setTimeout(() => {
        void document.body.getBoundingClientRect();
        void document.querySelector('.editor')?.getBoundingClientRect();
        s.done.push(performance.now() - start);
      }, 0);
    };
    // The task right after the current one (a message is not throttled as a timer may be).
    const next = (f) => { const c = new MessageChannel(); c.port1.onmessage = () => { c.port1.close(); f(); }; c.port2.postMessage(0); };
    // A keystroke: its handlers end here (Yew renders in a microtask, before this listener);
    // then the next frame's rendering, from its animation frame callbacks to the task after.
    const keystroke = () => {
      const start = s.start;
      const handled = performance.now() - start;
      requestAnimationFrame(() => {
        const frame = performance.now();
        next(() => {
          const end = performance.now();
          s.work.push(handled + (end - frame));
          s.shown.push(end - start);
        });
      });
    };
    // A paste is measured from its `paste` event (an editor may take it over: no input follows).
    window.addEventListener('paste', after);
    window.addEventListener('input', (e) => { if (e.inputType !== 'insertFromPaste') { after(); keystroke(); } });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.name === 'keydown' && e.startTime >= s.from) s.events.push(e.duration); })
      .observe({ type: 'event', durationThreshold: 16, buffered: false });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) s.longtasks.push({ at: e.startTime, ms: e.duration }); })
      .observe({ type: 'longtask', buffered: false });
  });
}

const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30))));
const lastDone = (page) => page.evaluate(() => window.__bench.done.at(-1));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function openEditor(browser, url) {
  const page = await newPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  await page.goto(url);
  await page.waitForSelector('[data-node="control-plane"]');
  await page.getByRole('button', { name: 'Pause' }).click();
  await probes(page);
  return page;
}

/** Pastes `text` over the editor's whole text; returns the paste's milliseconds (or null when it
 * did not finish within `timeout`). */
async function paste(page, text, timeout = 30000) {
  const editor = page.getByLabel('DaemonSet YAML');
  await editor.focus();
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+A');
  await settle(page);
  const before = await page.evaluate(() => window.__bench.done.length);
  await page.keyboard.press('ControlOrMeta+V');
  try {
    await page.waitForFunction((n) => window.__bench.done.length > n, before, { timeout, polling: 50 });
  } catch {
    return null;
  }
  return lastDone(page);
}

/** Typing: `x` four times, then Backspace. */
const TYPING = (i) => (i % 5 === 4 ? 'Backspace' : 'x');
/** Line breaks: Enter and Backspace in turn (the lines below move down and up again). */
const BREAKS = (i) => (i % 2 ? 'Backspace' : 'Enter');

/** Presses KEYS keys (`key(i)`) where the caret is, each in its own frame; returns the
 * probes' numbers and Chromium's own accounting per keystroke. */
async function keystrokes(page, key = TYPING) {
  await settle(page);
  await page.evaluate(() => { Object.assign(window.__bench, { from: performance.now(), done: [], work: [], shown: [], events: [] }); });
  // The main thread's own accounting (Chromium's Performance domain): script, style, layout
  // per keystroke, whatever task they ran in.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const m0 = await metrics();
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press(key(i));
    await settle(page);
  }
  const m1 = await metrics();
  await page.waitForTimeout(100);
  const per = (k) => ((m1[k] - m0[k]) * 1000) / KEYS;
  const split = { script: per('ScriptDuration'), style: per('RecalcStyleDuration'), layout: per('LayoutDuration'), task: per('TaskDuration') };
  const b = await page.evaluate(() => window.__bench);
  return { done: b.done, work: b.work, shown: b.shown, events: b.events, split };
}

/** The editor's caret on the text's third line, the view at the top. */
async function caretNearTop(page) {
  await page.getByLabel('DaemonSet YAML').focus();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
}

/** The floor: the same keystrokes in a plain textarea holding `text`, in the same browser. */
async function floorRun(browser, url, text, key = TYPING) {
  const page = await newPage(browser);
  await page.goto(`${url}floor-none`);
  await page.setContent('<!doctype html><title>floor</title><textarea id="plain" rows="24" cols="80" spellcheck="false" wrap="off" style="font: 13px/20px monospace"></textarea>');
  await probes(page);
  await page.evaluate((t) => { const e = document.getElementById('plain'); e.value = t; e.focus(); e.setSelectionRange(0, 0); }, text);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const r = await keystrokes(page, key);
  await page.context().close();
  return r;
}

/** One line: a run's keystrokes. */
function keyLine(r) {
  const f = (xs) => `median ${median(xs).toFixed(1)} ms, slowest ${Math.max(...xs).toFixed(1)} ms`;
  const ev = r.events.length ? `next paint 16 ms or more for ${r.events.length} of ${KEYS} (${[...r.events].sort((a, b) => a - b).join(', ')} ms)` : `next paint under 16 ms for all ${KEYS}`;
  const sp = r.split;
  return `work ${f(r.work)}; shown ${f(r.shown)}; ${ev}; main thread per keystroke: script ${sp.script.toFixed(1)} ms, style ${sp.style.toFixed(1)} ms, layout ${sp.layout.toFixed(1)} ms (all tasks ${sp.task.toFixed(1)} ms)`;
}

async function sizeRun(browser, url, kb) {
  const page = await openEditor(browser, url);
  const text = manifests(kb * 1024);
  const pasteMs = await paste(page, text);
  let r = null, breaks = null;
  if (pasteMs !== null) {
    await caretNearTop(page);
    r = await keystrokes(page);
    breaks = await keystrokes(page, BREAKS);
  }
  const lines = text.split('\n').length - 1;
  await page.context().close();
  return { kb, bytes: text.length, lines, pasteMs, r, breaks };
}

/** Pastes `text`, applies it, waits for `message`, then types for a while: the longest task
 * from the message on. */
async function boundRun(browser, url, label, text, message) {
  const page = await openEditor(browser, url);
  const pasteMs = await paste(page, text, 60000);
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.locator('.apply-output').getByText(message).first().waitFor({ timeout: 60000 });
  const shownMs = Date.now() - t0;
  const from = await page.evaluate(() => performance.now());
  await page.getByLabel('DaemonSet YAML').focus();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let i = 0; i < 10; i++) { await page.keyboard.press('y'); await settle(page); }
  await page.waitForTimeout(500);
  const r = await page.evaluate((from) => ({
    long: Math.max(0, ...window.__bench.longtasks.filter((t) => t.at >= from).map((t) => t.ms)),
    keys: window.__bench.done.slice(-10),
  }), from);
  await page.context().close();
  console.log(`${label}: paste ${pasteMs === null ? 'did not finish' : `${pasteMs.toFixed(0)} ms`}, Apply to message ${shownMs} ms; after it: longest task ${r.long.toFixed(0)} ms, keystrokes median ${median(r.keys).toFixed(1)} ms, slowest ${Math.max(...r.keys).toFixed(1)} ms`);
}

const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
const wasm = 'dsplay-app_bg.wasm'; // the light build, what the page loads first
const js = fs.readdirSync(DIST).find((f) => f.endsWith('.js'));
console.log(`build: ${DIST}; wasm ${gz(fs.readFileSync(path.join(DIST, wasm)))} bytes gzipped, JS glue ${gz(fs.readFileSync(path.join(DIST, js)))} bytes gzipped`);

const server = await serve(DIST);
const browser = await launch();
try {
  const sizes = (process.env.EDITOR_BENCH_SIZES || '13,128,1024').split(',').map(Number);
  for (const kb of sizes) {
    const { bytes, lines, pasteMs, r, breaks } = await sizeRun(browser, server.url, kb);
    const head = `${kb >= 1024 ? `${kb / 1024} MB` : `${kb} KB`} (${bytes} bytes, ${lines} lines)`;
    if (pasteMs === null) { console.log(`${head}: the paste did not finish within 30 s`); continue; }
    console.log(`${head}: paste ${pasteMs.toFixed(0)} ms; keystrokes: ${keyLine(r)}`);
    console.log(`  line breaks (Enter, Backspace in turn): ${keyLine(breaks)}`);
  }
  // The floor: a plain textarea holding 40 lines (the seed example's size), the same keystrokes.
  const floorText = manifests(4096).split('\n').slice(0, 40).join('\n');
  const floor = await floorRun(browser, server.url, floorText);
  console.log(`a plain textarea of 40 lines (the floor): keystrokes: ${keyLine(floor)}`);
  console.log(`  line breaks: ${keyLine(await floorRun(browser, server.url, floorText, BREAKS))}`);
  if (process.env.EDITOR_BENCH_BOUNDS !== '0') {
    const big = manifests(1024 * 1024);
    let huge = big.repeat(Math.ceil((8 * 1024 * 1024 + 1) / big.length)).slice(0, 8 * 1024 * 1024 + 1);
    await boundRun(browser, server.url, '8 MiB + 1 byte', huge, 'file is too large');
    huge = null;
    const broken = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: Bad_Name}\n---\n'.repeat(20000);
    await boundRun(browser, server.url, `20,000 invalid DaemonSets (${broken.length} bytes)`, broken, 'more errors');
  }
} finally {
  await browser.close();
  await server.close();
}
