// Accessibility and layout of the playground page in headless Chromium: axe-core finds no
// violations in the light and the dark theme; no horizontal scrolling at 320, 390 and 1440 px;
// the DaemonSets table keeps its Delete buttons in view with the details panel open; the
// Download picture button saves the SVG the CLI writes. Screenshots: target/e2e-screenshots/a11y-*.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { newPage, shot, daemonSetYaml, openSavedRun, ROOT, useBrowser, axeViolations } from './harness.mjs';

const env = useBrowser();

/** A saved run whose cluster shows pods in several phases: Ready (agent), Pending (hungry:
 * more cpu than any node has), Running but not Ready (on the NotReady worker-3); agent's pods
 * are of an old revision (agent v2 is OnDelete); a cordoned node and a NoSchedule taint. */
function runLog() {
  const add = (name, template) => ({ Node: { Add: { name, template } } });
  const hungry = daemonSetYaml('hungry').replace('cpu: 10m', 'cpu: "64"');
  const agentV2 = daemonSetYaml('agent').replace('spec:\n  selector:', 'spec:\n  updateStrategy: {type: OnDelete}\n  selector:').replace('agent:1', 'agent:2');
  const inputs = [
    add('control-plane', 'ControlPlane'),
    ...[1, 2, 3].map((i) => add(`worker-${i}`, 'Worker')),
    { Apply: { file: 'daemonset.yaml', text: daemonSetYaml('agent') } },
    { Apply: { file: 'daemonset.yaml', text: hungry } },
    { Advance: 30000 },
    { Apply: { file: 'daemonset.yaml', text: agentV2 } },
    { Node: { Cordon: { name: 'worker-2' } } },
    { Node: { AddTaint: { name: 'worker-1', key: 'dedicated', value: 'gpu', effect: 'NoSchedule' } } },
    { Node: { SetReady: { name: 'worker-3', ready: false } } },
    { Advance: 20000 },
  ];
  return JSON.stringify({ seed: 1, inputs });
}

/** Opens the page on `runLog()`, paused, with a pod's details panel open. */
async function openCluster(page) {
  await openSavedRun(page, env.server.url, runLog(), 4);
  await page.getByRole('button', { name: 'Pause' }).click();
  const phases = await page.$$eval('[data-pod]', (els) => [...new Set(els.map((e) => e.dataset.phase))].sort());
  for (const p of ['Pending', 'Ready', 'Running']) assert.ok(phases.includes(p), `a ${p} pod (${phases})`);
  assert.ok(await page.locator('[data-pod].old-rev').count() > 0, 'old-revision chips');
  await page.locator('[data-node="worker-3"] [data-pod][data-daemonset="agent"]').click();
  await page.locator('.details').waitFor();
  await settle(page);
}

/** Ends the entry animations (finite ones), so what is measured is what stays on screen. */
async function settle(page) {
  await page.evaluate(() => {
    for (const a of document.getAnimations()) {
      const t = a.effect?.getTiming?.();
      if (t && t.iterations !== Infinity) a.finish();
    }
  });
}

/** Elements whose box reaches past the viewport's right edge, where no scrolling or clipping
 * ancestor cuts it (boxes include transforms; absolutely positioned and fixed ones too). */
async function overflowing(page) {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= w + 0.5) continue;
      let right = r.right;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') right = Math.min(right, a.getBoundingClientRect().right);
      }
      if (right > w + 0.5) {
        const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} right=${Math.round(right)}`);
      }
    }
    return out;
  });
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe-core finds no violations (${colorScheme} theme, details panel open)`, async () => {
    const page = await newPage(env.browser, { colorScheme });
    await openCluster(page);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    if (colorScheme === 'dark') assert.notEqual(bg, 'rgb(244, 246, 250)', 'the dark theme applies');
    const violations = await axeViolations(page);
    await shot(page, `a11y-${colorScheme}-1440`);
    assert.deepEqual(violations, [], violations.join('\n'));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

for (const width of [320, 390, 1440]) {
  test(`no horizontal scrolling at ${width} px, details panel open`, async () => {
    for (const colorScheme of ['light', 'dark']) {
      const page = await newPage(env.browser, { viewport: { width, height: 900 }, colorScheme });
      await openCluster(page);
      const { scroll, client } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
      }));
      if (width !== 1440) await shot(page, `a11y-${colorScheme}-${width}`);
      assert.ok(scroll <= client, `page is ${scroll} px wide in ${client} px: ${(await overflowing(page)).join(', ')}`);
      // Nothing pokes out either (an element may overflow a box that clips it: only what
      // reaches past the viewport counts).
      assert.deepEqual(await overflowing(page), []);
      await page.context().close();
    }
  });
}

test('the DaemonSets table shows its Delete buttons with the details panel open (1440 px)', async () => {
  const page = await newPage(env.browser);
  await openCluster(page);
  const rows = page.locator('.ds-table tbody tr');
  assert.equal(await rows.count(), 2);
  for (const name of ['agent', 'hungry']) {
    const button = page.getByRole('button', { name: `Delete daemonset ${name}` });
    assert.ok(await button.isVisible(), `Delete ${name} is visible`);
    const b = await button.boundingBox();
    const panel = await page.locator('.ds-panel').boundingBox();
    const wrap = await page.locator('.ds-panel .table-wrap').boundingBox();
    for (const box of [panel, wrap]) {
      assert.ok(b.x >= box.x && b.x + b.width <= box.x + box.width + 0.5,
        `Delete ${name} [${b.x}, ${b.x + b.width}] inside [${box.x}, ${box.x + box.width}]`);
    }
    // Not hidden behind the table's own scrolling either.
    // (1 px: the table is exactly as wide as its wrapper, and scrollWidth rounds up.)
    const scrolls = await page.locator('.ds-panel .table-wrap').evaluate((e) => e.scrollWidth > e.clientWidth + 1);
    assert.equal(scrolls, false, 'the table fits its panel');
  }
  await page.context().close();
});

test('Download picture saves the cluster as one SVG', async () => {
  const page = await newPage(env.browser, { acceptDownloads: true });
  await openCluster(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download picture' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'cluster.svg');
  const file = path.join(ROOT, 'target', 'e2e-screenshots', 'a11y-download.svg');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await download.saveAs(file);
  const svg = fs.readFileSync(file, 'utf8');
  // The same state (paused) gives the same bytes.
  const [again] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download picture' }).click(),
  ]);
  assert.equal(fs.readFileSync(await again.path(), 'utf8'), svg);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  // What the page shows is in the picture: every node and every pod's title.
  const pods = await page.$$eval('[data-pod]', (els) => els.map((e) => `${e.dataset.pod} ${e.dataset.phase}`));
  for (const node of ['control-plane', 'worker-1', 'worker-2', 'worker-3']) assert.ok(svg.includes(`>${node}<`), node);
  for (const p of pods) assert.ok(svg.includes(`<title>${p}</title>`), p);
  // The browser reads it as an image.
  const ok = await page.evaluate(async (text) => {
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    await img.decode();
    return img.naturalWidth > 0;
  }, svg);
  assert.ok(ok);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
