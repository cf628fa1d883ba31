// The churn autopilot in the page's full build (components/autopilot.rs, docs/autopilot.md),
// opened with ?open=autopilot. Hooks: the panel is `.autopilot-panel` (its tools button `[data-panel="autopilot"]`) with
// `data-running="true|false"`; each summary value is a `<dd data-stat=KEY data-value=N>` with
// KEY one of operations, nodes-added, nodes-removed, pods-created, pods-deleted, ready-p50,
// ready-p95 (milliseconds; empty before the first sample) and nodes (nodes in the cluster now).
// The form's fields are named as the CLI's keys: rate, min, max, back, template, seed and
// mix-add, mix-remove, mix-notready, mix-lose, mix-cordon, mix-taint.
// Screenshots: target/e2e-screenshots/autopilot-{1440,390}.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, openFull, speed, useBrowser, axeViolations } from './harness.mjs';

const env = useBrowser();

const stat = (page, key) => page.locator(`.autopilot-panel [data-stat="${key}"]`).getAttribute('data-value');
const nodeCount = (page) => page.$$eval('[data-node]', (els) => els.length);

async function fill(page, values) {
  for (const [name, value] of Object.entries(values)) {
    const field = page.locator(`.autopilot-panel [name="${name}"]`);
    if (name === 'template') await field.selectOption(value);
    else await field.fill(String(value));
  }
}

async function axeClean(page) {
  const violations = await axeViolations(page, { exclude: [['.leaving']] });
  assert.deepEqual(violations, [], violations.join('\n'));
}

test('the autopilot adds nodes up to its maximum, counts what happened, and its inputs are the run', async () => {
  const page = await newPage(env.browser);
  await openFull(page, env.server.url, 'autopilot');
  const panel = page.locator('.autopilot-panel');
  await panel.waitFor();
  assert.equal(await panel.getAttribute('data-running'), 'false');
  assert.equal(await nodeCount(page), 4);

  // A bad value: the core's words, and nothing starts.
  await fill(page, { max: '6000' });
  await page.getByRole('button', { name: 'Start' }).click();
  assert.match(await page.locator('.autopilot-panel [role="alert"]').innerText(),
    /^Max nodes: "6000": expected nodes, a whole number from 1 to 5000/);
  assert.equal(await panel.getAttribute('data-running'), 'false');

  // Only adds, 600 a minute (one per 100 ms of simulated time), up to 8 nodes.
  await fill(page, {
    rate: 600, min: 1, max: 8, template: 'small', seed: 3,
    'mix-add': 1, 'mix-remove': 0, 'mix-notready': 0, 'mix-lose': 0, 'mix-cordon': 0, 'mix-taint': 0,
  });
  await speed(page, '×10');
  await page.getByRole('button', { name: 'Start' }).click();
  assert.equal(await page.locator('.autopilot-panel [role="alert"]').count(), 0);
  await page.waitForFunction(() => document.querySelectorAll('[data-node]').length === 8, null, { timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('[data-stat="ready-p95"]')?.dataset.value !== '', null, { timeout: 20000 });
  assert.equal(await panel.getAttribute('data-running'), 'true');
  assert.equal(await stat(page, 'nodes-added'), '4');
  assert.equal(await stat(page, 'nodes-removed'), '0');
  assert.equal(await stat(page, 'operations'), '4');
  assert.equal(await stat(page, 'nodes'), '8');
  // The new nodes are small ones, named as the node buttons name them.
  assert.deepEqual(
    await page.$$eval('[data-node]', (els) => els.map((e) => e.dataset.node).filter((n) => n.startsWith('small-worker')).sort()),
    ['small-worker-1', 'small-worker-2', 'small-worker-3', 'small-worker-4'],
  );
  // Every new node runs the example's DaemonSet pod: created, and Ready after a while.
  await page.waitForFunction(() => Number(document.querySelector('[data-stat="pods-created"]')?.dataset.value) >= 4, null, { timeout: 20000 });
  assert.ok(Number(await stat(page, 'ready-p50')) > 0);
  assert.ok(Number(await stat(page, 'ready-p95')) >= Number(await stat(page, 'ready-p50')));
  await shot(page, 'autopilot-1440');
  await axeClean(page);

  // Stop: it stays stopped, and its operations are the run: a reload replays them.
  await page.getByRole('button', { name: 'Stop' }).click();
  assert.equal(await panel.getAttribute('data-running'), 'false');
  const log = await page.evaluate(() => localStorage.getItem('dsplay.run'));
  assert.ok(log === null || !log.includes('autopilot'), 'the log holds node operations only');
  await page.waitForTimeout(600);
  await page.reload();
  await page.waitForSelector('html[data-build="full"] .app', { timeout: 60000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-node]').length === 8, null, { timeout: 20000 });
  assert.deepEqual(page.errors, []);
});

test('the autopilot churns at 390 px without sideways scroll, and Stop brings nodes back', async () => {
  const page = await newPage(env.browser, { viewport: { width: 390, height: 844 } });
  await openFull(page, env.server.url, 'autopilot');
  await page.locator('.autopilot-panel').waitFor();
  await fill(page, {
    rate: 600, min: 3, max: 6, seed: 5, back: '1h',
    'mix-add': 0, 'mix-remove': 0, 'mix-notready': 1, 'mix-lose': 1, 'mix-cordon': 1, 'mix-taint': 1,
  });
  await page.getByRole('button', { name: 'Start' }).click();
  // Three workers taken out of service (the control plane is left alone), then nothing to do.
  await page.waitForFunction(() => document.querySelector('[data-stat="operations"]')?.dataset.value === '3', null, { timeout: 20000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.waitForFunction(() => document.querySelector('.autopilot-panel').dataset.running === 'false');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `scrollWidth ${width}`);
  await shot(page, 'autopilot-390');
  await axeClean(page);
  assert.deepEqual(page.errors, []);
});
