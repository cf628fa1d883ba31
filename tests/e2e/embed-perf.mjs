// Measures the embed on a page with five embeds (docs/embed.md; report, not a test):
//   node tests/e2e/embed-perf.mjs [RUNS]     (after trunk build --release --offline; default 5;
//   DSPLAY_DIST=DIR for another build; TRACE=1 traces the first run and prints its long
//   tasks, tests/e2e/trace.mjs)
// Per run (a fresh page): wasm downloads, each embed's time from being scrolled into view to its
// cluster showing, the longest main-thread task (Long Tasks API) while loading; then the medians
// over the runs, the machine's load average, and embed.js gzipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { DIST, launch, newPage, daemonSetYaml } from './harness.mjs';
import { serveCors } from './embed-harness.mjs';
import { startTrace, formatTasks } from './trace.mjs';

const embeds = [0, 1, 2, 3, 4].map((i) => `<p style="height:1400px">Prose ${i}.</p>
<daemonset-playground id="e${i}" controls="time,status,why" autoplay seed="${i + 1}"><script type="text/yaml">
${daemonSetYaml(`agent-${i}`)}</script></daemonset-playground>`).join('\n');
const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>five embeds</title>
<link rel="icon" href="/favicon.svg"><script>
window.__long = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask', buffered: true });
</script><script type="module" src="/embed.js"></script></head><body>${embeds}<p style="height:1400px">End.</p></body></html>`;

const server = await serveCors(DIST, { '/five.html': html });
const browser = await launch();
const runs = +(process.argv[2] ?? 5);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
console.log(`load average before: ${load()}`);
const all = [];
for (let run = 0; run < runs; run++) {
  const page = await newPage(browser, { viewport: { width: 1280, height: 800 } });
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  const stop = run === 0 && process.env.TRACE ? await startTrace(browser, page) : null;
  await page.goto(`${server.url}five.html`);
  await page.waitForTimeout(500);
  const times = [];
  for (let i = 0; i < 5; i++) {
    const ms = await page.evaluate((i) => new Promise((resolve) => {
      const el = document.getElementById(`e${i}`);
      const t0 = performance.now();
      el.scrollIntoView();
      const check = () => (el.shadowRoot?.querySelector('.embed .node') ? resolve(performance.now() - t0) : requestAnimationFrame(check));
      check();
    }), i);
    times.push(Math.round(ms));
    await page.waitForTimeout(300);
  }
  const longest = Math.round(await page.evaluate(() => Math.max(0, ...window.__long)));
  if (stop) console.log(`long tasks (trace):\n${formatTasks(await stop())}`);
  const r = { wasmDownloads: wasm.length, msFromScrollToCluster: times, longestTaskMs: longest };
  console.log(JSON.stringify(r));
  all.push(r);
  await page.context().close();
}
const gz = zlib.gzipSync(fs.readFileSync(path.join(DIST, 'embed.js')), { level: 9 }).length;
console.log(`medians of ${runs} runs: first embed ${median(all.map((r) => r.msFromScrollToCluster[0]))} ms from scrolled into view to its cluster, `
  + `the others ${median(all.flatMap((r) => r.msFromScrollToCluster.slice(1)))} ms, longest task while loading ${median(all.map((r) => r.longestTaskMs))} ms; `
  + `wasm downloads per page: ${[...new Set(all.map((r) => r.wasmDownloads))].join(', ')}; embed.js ${gz} bytes gzipped; load average after: ${load()}`);
await browser.close();
await server.close();
