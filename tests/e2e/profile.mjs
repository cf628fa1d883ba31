// CPU profile of one interaction at N nodes (a development aid, not a test): build a
// profiling bundle with names kept, e.g.
//   sed 's/data-wasm-opt="z"/data-wasm-opt="0" data-keep-debug/' index.html > index-profile.html
//   trunk build --release --offline --dist /tmp/dist-profile index-profile.html
// then  DSPLAY_DIST=/tmp/dist-profile node tests/e2e/profile.mjs 100 "Add node"
import { serve, launch, newPage, daemonSetYaml as ds, sampleRunLog, openSavedRun } from './harness.mjs';

const nodes = +(process.argv[2] ?? 100);
const action = process.argv[3] ?? 'Add node';
const server = await serve();
const browser = await launch();
const page = await newPage(browser);
await openSavedRun(page, server.url, sampleRunLog(nodes, 3), nodes, 120000);
await page.getByRole('button', { name: 'Pause' }).click();
await page.waitForTimeout(300);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
const clicks = action === 'Apply' ? 3 : 10;
for (let i = 0; i < clicks; i++) {
  await page.evaluate(async ({ action, yaml }) => {
    const click = (label) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === label || b.getAttribute('aria-label') === label).click();
    if (action === 'Apply') {
      const t = document.getElementById('yaml-editor'); t.value = yaml;
      t.dispatchEvent(new InputEvent('input', { bubbles: true }));
      click('Apply');
    } else click(action);
    await new Promise((r) => setTimeout(r, 0));
    void document.body.offsetHeight;
  }, { action, yaml: ds('extra-' + i) });
  await page.waitForTimeout(50);
}
const { profile } = await cdp.send('Profiler.stop');
// Self time per function, and total (inclusive) time per function.
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map(), total = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const ms = (dt[i + 1] ?? 0) / 1000;
  let id = profile.samples[i];
  const n = byId.get(id);
  if (process.env.SUBTREE) {
    // Only samples under a frame whose name contains SUBTREE.
    let up = id, inside = false;
    while (up !== undefined) { if ((byId.get(up).callFrame.functionName || '').includes(process.env.SUBTREE)) { inside = true; break; } up = parent.get(up); }
    if (!inside) continue;
  }
  const name = (x) => x.callFrame.functionName || `(${x.callFrame.url.split('/').pop()}:${x.callFrame.lineNumber})`;
  self.set(name(n), (self.get(name(n)) ?? 0) + ms);
  const seen = new Set();
  while (id !== undefined) {
    const m = byId.get(id);
    const nm = name(m);
    if (!seen.has(nm)) { total.set(nm, (total.get(nm) ?? 0) + ms); seen.add(nm); }
    id = parent.get(id);
  }
}
const top = (m, k) => [...m.entries()].filter(([n]) => !['(idle)', '(program)', '(root)'].includes(n)).sort((a, b) => b[1] - a[1]).slice(0, k);
console.log(`${action} × ${clicks} at ${nodes} nodes — self time (ms):`);
for (const [n, ms] of top(self, 30)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${n.slice(0, 150)}`);
console.log('inclusive time (ms):');
for (const [n, ms] of top(total, +(process.env.TOP ?? 45))) console.log(`  ${ms.toFixed(1).padStart(7)}  ${n.slice(0, 150)}`);
await browser.close();
await server.close();
