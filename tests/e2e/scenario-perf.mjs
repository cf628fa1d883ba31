// Opening a scenario file of NODES nodes × DAEMONSETS DaemonSets in headless Chromium (a report,
// not a test; docs/performance.md, "Opening a 5,000-node run": issue 13's "opening the run
// (saved, linked or a scenario) in under 1 s"). Run after `trunk build --release --offline`:
//   node tests/e2e/scenario-perf.mjs [RUNS] [NODESxDAEMONSETS]
// (default 3 runs of 5000x10; DSPLAY_DIST=DIR for another build). The scenario is the run
// share-perf.mjs opens as a link: the default cluster, NODES - 4 `{template: worker}` nodes in
// `cluster.nodes`, the DaemonSets applied at 0s (the third tolerates everything), a caption at
// 2m. Each run opens the page with the scenario bar (the full build), then picks the file with
// "Open scenario…" and marks, in ms from the file input's change event: the cluster's NODES
// nodes in the page (a MutationObserver on the summary) and painted (the first task after the
// next frame). The player then waits for Play (its 0s step included), so the opened scenario
// shows the starting cluster: what a trainer sees before pressing Play.
import { launch, newPage, openFull, serve, daemonSetYaml } from './harness.mjs';

const runs = +(process.argv[2] ?? 3);
const [nodes, daemonSets] = (process.argv[3] ?? '5000x10').split('x').map(Number);
if (!(nodes >= 4 && daemonSets >= 1)) throw new Error(`${process.argv[3]}: not NODESxDAEMONSETS (at least 4x1)`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const manifests = Array.from({ length: daemonSets }, (_, i) => daemonSetYaml(`agent-${i}`, i === 2 ? '      tolerations:\n      - operator: Exists\n' : '')).join('---\n');
const text = `kind: Scenario\nmetadata: {name: big}\ntitle: ${nodes} nodes\nseed: 1\ncluster:\n  default: true\n  nodes:\n`
  + '  - {template: worker}\n'.repeat(nodes - 4)
  + `steps:\n- at: 0s\n  caption: ${daemonSets} DaemonSets.\n  apply: |\n`
  + manifests.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n')
  + '\n- at: 2m\n  caption: Two minutes later.\n';

const server = await serve();
const browser = await launch();
const marks = [];
for (let r = 0; r < runs; r++) {
  const page = await newPage(browser);
  await openFull(page, server.url, 'scenarios');
  await page.waitForSelector('.record input[type=file]');
  await page.evaluate((n) => {
    window.marks = {};
    document.addEventListener('change', () => { window.marks.change = performance.now(); }, true);
    new MutationObserver(() => {
      const m = window.marks;
      const summary = document.querySelector('.cluster-panel .summary')?.textContent ?? '';
      if (!m.change || !summary.startsWith(`${n} nodes`)) return;
      if (!m.shown) {
        m.shown = performance.now();
        requestAnimationFrame(() => setTimeout(() => { m.painted = performance.now(); }, 0));
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, nodes);
  await page.locator('.record input[type=file]').setInputFiles({ name: 'big.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) });
  await page.waitForFunction(() => window.marks.painted, null, { timeout: 120000 });
  const m = await page.evaluate(() => window.marks);
  const run = { shown: m.shown - m.change, painted: m.painted - m.change };
  marks.push(run);
  console.log(`run ${r + 1}: nodes in the page ${run.shown.toFixed(0)} ms, painted ${run.painted.toFixed(0)} ms${page.errors.length ? `; page errors: ${page.errors.join(' | ')}` : ''}`);
  await page.context().close();
}
const mid = (k) => median(marks.map((x) => x[k])).toFixed(0);
console.log(`${nodes} × ${daemonSets} scenario (${text.length} bytes): medians of ${runs} runs from the file picked: nodes in the page ${mid('shown')} ms, painted ${mid('painted')} ms`);
await browser.close();
await server.close();
