// Scrubbing the Timeline in the release build, headless Chromium (reports, does not assert).
// A saved run of NODES nodes × 3 DaemonSets over 10 simulated minutes, with a rollout of one
// DaemonSet across every node from minute 1 (maxUnavailable: 1, so it is still under way at
// the end: the busiest kind of run) and a node cordoned and uncordoned each minute, is opened
// with `?open=timeline`; then the scrubber is moved to moments across the run and the time
// until the page shows that moment (the cluster rebuilt from a checkpoint and replay, its view,
// Yew's render, layout) is measured.
//
// Run after `trunk build --release --offline`:  node tests/e2e/timeline-perf.mjs [NODES] [MOMENTS]
import { serve, launch, newPage, daemonSetYaml } from './harness.mjs';

const NODES = Number(process.argv[2] || 500);
const MOMENTS = Number(process.argv[3] || 24);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (x) => `${x.toFixed(1)} ms`;

function runLog(nodes) {
  const inputs = [
    { Node: { Add: { name: 'control-plane', template: 'ControlPlane' } } },
    ...[1, 2, 3].map((i) => ({ Node: { Add: { name: `worker-${i}`, template: 'Worker' } } })),
  ];
  for (let i = 0; i < 3; i++) {
    inputs.push({ Apply: { file: 'daemonset.yaml', text: daemonSetYaml(`agent-${i}`, i === 2 ? '      tolerations:\n      - operator: Exists\n' : '') } });
  }
  for (let i = 4; i < nodes; i++) inputs.push({ Node: { Add: { name: null, template: 'Worker' } } });
  inputs.push({ Advance: 60000 });
  inputs.push({ Apply: { file: 'daemonset.yaml', text: daemonSetYaml('agent-0').replace('agent-0:1', 'agent-0:2') } });
  for (let m = 1; m < 10; m++) {
    inputs.push({ Node: { Cordon: { name: 'worker-1' } } });
    inputs.push({ Advance: 30000 });
    inputs.push({ Node: { Uncordon: { name: 'worker-1' } } });
    inputs.push({ Advance: 30000 });
  }
  return JSON.stringify({ seed: 1, inputs });
}

const server = await serve();
const browser = await launch();
try {
  const page = await newPage(browser);
  await page.addInitScript((log) => {
    if (!sessionStorage.getItem('seeded')) { localStorage.setItem('dsplay.run', log); sessionStorage.setItem('seeded', '1'); }
  }, runLog(NODES));
  const t0 = Date.now();
  await page.goto(`${server.url}?open=timeline`);
  await page.waitForSelector('html[data-build="full"] [data-timeline-scrubber]', { timeout: 600000 });
  await page.waitForFunction((n) => (document.querySelector('.cluster-panel .summary')?.textContent ?? '').startsWith(`${n} nodes`), NODES, { timeout: 600000 });
  const openMs = Date.now() - t0;
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  if (await pause.count()) await pause.click();
  const end = Number(await page.locator('[data-timeline-scrubber]').getAttribute('max'));
  const pods = await page.evaluate(() => (document.querySelector('.cluster-panel .summary')?.textContent ?? ''));
  console.log(`${NODES} nodes × 3 DaemonSets, ${end / 1000} s of simulated time (${pods}); replayed with its timeline and shown in ${openMs} ms`);
  // Moments spread over the run (not in order, so each scrub starts from a different place).
  const moments = [];
  for (let i = 0; i < MOMENTS; i++) moments.push(Math.round((((i * 7) % MOMENTS) + 0.37) / MOMENTS * end / 100) * 100);
  const rows = [];
  for (const at of moments) {
    const r = await page.evaluate(async (at) => {
      const input = document.querySelector('[data-timeline-scrubber]');
      await new Promise((r) => setTimeout(r, 30));
      const t0 = performance.now();
      input.value = String(at);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 0));
      const t1 = performance.now();
      void document.body.offsetHeight;
      const t2 = performance.now();
      const app = document.querySelector('.app');
      const shown = Number(document.querySelector('.clock-value')?.dataset.nowMs);
      return { script: t1 - t0, total: t2 - t0, sim: +app.dataset.simMs, view: +app.dataset.viewMs, shown };
    }, at);
    if (r.shown !== at) console.log(`  (asked for ${at} ms, the page shows ${r.shown} ms)`);
    rows.push({ at, ...r });
  }
  const col = (k) => rows.map((r) => r[k]);
  console.log(`scrub to ${rows.length} moments: shown (render + layout) median ${fmt(median(col('total')))}, max ${fmt(Math.max(...col('total')))} (goal < 100 ms)`);
  console.log(`  cluster rebuilt (checkpoint + replay): median ${fmt(median(col('sim')))}, max ${fmt(Math.max(...col('sim')))}; view: median ${fmt(median(col('view')))}`);
  for (const r of rows) console.log(`  t=${(r.at / 1000).toFixed(1)} s: ${fmt(r.total)} (rebuild ${fmt(r.sim)}, view ${fmt(r.view)})`);
  // Back to now and hover, for scale.
  const back = await page.evaluate(async () => {
    const t0 = performance.now();
    [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Back to now').click();
    await new Promise((r) => setTimeout(r, 0));
    void document.body.offsetHeight;
    return performance.now() - t0;
  });
  console.log(`Back to now: ${fmt(back)}`);
  if (page.errors.length) console.log('page errors:', page.errors.slice(0, 3));
} finally {
  await browser.close();
  await server.close();
}
