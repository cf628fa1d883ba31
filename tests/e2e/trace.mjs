// Chromium traces for the performance scripts (share-perf.mjs, embed-perf.mjs): start a trace
// of a page, then list the renderer main thread's long tasks with what each spent its time
// on. A development aid for reports, not a test.
//   const stop = await startTrace(browser, page);  ...  const tasks = await stop();
//   console.log(formatTasks(tasks));
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'blink'];

// What a task's time is spent on, by the trace event that holds it (the innermost one counts).
const KINDS = [
  [/^(FunctionCall|EvaluateScript|v8\.callFunction|V8\.Execute|TimerFire|FireAnimationFrame|EventDispatch|v8\.run|RunMicrotasks)$/, 'script'],
  [/^(wasm\.CompileLazy|wasm\.Compile.*|v8\.wasm\..*|V8\.Wasm.*)$/, 'wasm compile'],
  [/^(v8\.compile|V8\.Compile.*|v8\.parseOnBackground)$/, 'js compile'],
  [/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|ScheduleStyleRecalculation)$/, 'style'],
  [/^(Layout|UpdateLayerTree|PrePaint|Layerize)$/, 'layout'],
  [/^(Paint|PaintImage|CompositeLayers|Commit|RasterTask)$/, 'paint'],
  [/^(ParseHTML|HTMLDocumentParser.*)$/, 'parse html'],
  [/^(MajorGC|MinorGC|V8\.GC.*|BlinkGC.*)$/, 'gc'],
];
const kindOf = (name) => KINDS.find(([re]) => re.test(name))?.[1];

/** Starts tracing `page`; resolves to a function that stops it and returns its long tasks
 * (at least `minMs`, default 30), each `{ start, dur, kinds: { kind: ms } }`, `start` in ms
 * from the first task of the trace. */
export async function startTrace(browser, page, minMs = 30) {
  const file = path.join(os.tmpdir(), `dsplay-trace-${process.pid}-${Date.now()}.json`);
  await browser.startTracing(page, { path: file, categories: CATEGORIES });
  return async () => {
    await browser.stopTracing();
    const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.rmSync(file, { force: true });
    return longTasks(Array.isArray(raw) ? raw : raw.traceEvents, minMs);
  };
}

/** The long tasks of the renderer main thread (`CrRendererMain`) in `events`. */
export function longTasks(events, minMs = 30) {
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => main.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && e.dur != null);
  const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts);
  // Nested RunTask entries: only the outermost.
  const top = [];
  for (const t of tasks) if (!top.length || t.ts >= top[top.length - 1].ts + top[top.length - 1].dur) top.push(t);
  const t0 = top[0]?.ts ?? 0;
  const out = [];
  for (const t of top.filter((t) => t.dur >= minMs * 1000)) {
    const inner = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && kindOf(e.name))
      .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    // Self time per kind: each event's duration minus its classified children's (the events
    // nest; a stack of the open ones finds each one's parent).
    const kinds = {};
    const self = new Map(inner.map((e) => [e, e.dur]));
    const stack = [];
    for (const e of inner) {
      while (stack.length && e.ts >= stack[stack.length - 1].ts + stack[stack.length - 1].dur) stack.pop();
      if (stack.length) self.set(stack[stack.length - 1], self.get(stack[stack.length - 1]) - e.dur);
      stack.push(e);
    }
    for (const [e, us] of self) kinds[kindOf(e.name)] = (kinds[kindOf(e.name)] ?? 0) + Math.max(0, us) / 1000;
    kinds.other = t.dur / 1000 - Object.values(kinds).reduce((a, b) => a + b, 0);
    out.push({ start: (t.ts - t0) / 1000, dur: t.dur / 1000, kinds });
  }
  return out;
}

/** One line per task: `at 123 ms: 456 ms (script 300, style 100, …)`. */
export function formatTasks(tasks) {
  return tasks.map((t) => `  at ${Math.round(t.start)} ms: ${Math.round(t.dur)} ms (${Object.entries(t.kinds)
    .sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 1).map(([k, ms]) => `${k} ${Math.round(ms)}`).join(', ')})`).join('\n');
}
