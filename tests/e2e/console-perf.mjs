// Enter -> answer in the page / painted for console commands on 1,000 nodes x 3 DaemonSets (a
// report, not a test; docs/performance.md, "The console"): RUNS runs of each command in one
// page, printing the first run, the fastest and the median (a loaded machine inflates some
// runs; the fastest is the least inflated, so A/B runs of two builds compare best by it).
// Usage: DSPLAY_DIST=dist node tests/e2e/console-perf.mjs ['CMD|CMD|...'] [RUNS]
import { serve, launch, newPage, sampleRunLog, openSavedRun, timeConsoleLine } from './harness.mjs';
const lines = (process.argv[2] ?? 'get pods -o wide').split('|');
const runs = +(process.argv[3] ?? 15);
const server = await serve();
const browser = await launch();
const page = await newPage(browser);
await openSavedRun(page, `${server.url}?open=console`, sampleRunLog(1000, 3), 1000, 300000);
await page.waitForFunction(() => document.documentElement.dataset.build === 'full');
await page.locator('[data-console-input]').waitFor();
await page.getByRole('button', { name: 'Pause' }).click();
await page.waitForTimeout(500);
const once = (line) => timeConsoleLine(page, line);
for (const line of lines) {
  const t = [];
  for (let i = 0; i < runs; i++) t.push(await once(line));
  const d = t.map((x) => x[0]);
  const p = t.map((x) => x[1]);
  const s = (a) => [...a].sort((x, y) => x - y);
  console.log(`${line}: first ${d[0].toFixed(1)}/${p[0].toFixed(1)} ms; min ${s(d)[0].toFixed(1)}/${s(p)[0].toFixed(1)}; median ${s(d)[runs >> 1].toFixed(1)}/${s(p)[runs >> 1].toFixed(1)}`);
}
await browser.close();
await server.close();
