// Side by side (components/compare.rs, full build; docs/scenarios.md#side-by-side): `?open=compare`
// opens the panel with the first built-in side-by-side scenario; both clusters play in lockstep
// and end with the pods `dsplay simulate FILE -o json` lists for each side; each side has its
// status chart; another scenario from the menu; a bad file shows located errors. axe-core clean;
// screenshots at 1440 and 390 px (no sideways scroll): target/e2e-screenshots/compare-*.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, newPage, shot, dsplayBin, useBrowser, axeViolations } from './harness.mjs';

const SCENARIOS = path.join(ROOT, 'web', 'scenarios');

const env = useBrowser();
let bin;

before(() => {
  bin = dsplayBin();
});

/** Each side's pod names in `dsplay simulate FILE -o json` (kind: Comparison), sorted. */
function cliSides(file) {
  const out = JSON.parse(execFileSync(bin, ['simulate', '-o', 'json', '--quiet', file], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  assert.equal(out.kind, 'Comparison');
  return Object.fromEntries(out.sides.map((s) => [s.name,
    s.result.items.filter((o) => o.kind === 'Pod').map((o) => o.metadata.name).sort()]));
}

/** Each side's pod names in the panel, sorted. */
const pageSides = (page) => page.$$eval('.compare-panel [data-side]', (sides) => Object.fromEntries(
  sides.map((s) => [s.dataset.side, [...s.querySelectorAll('[data-pod]')].map((e) => e.dataset.pod).sort()]),
));

const bar = (page) => page.locator('.compare-status').evaluate((el) => ({
  next: Number(el.dataset.next), waiting: el.dataset.waiting === 'true', ended: el.dataset.ended === 'true',
}));

async function axeClean(page) {
  const violations = await axeViolations(page, { include: [['.compare-panel']], exclude: [['.leaving']] });
  assert.deepEqual(violations, [], violations.join('\n'));
}

/** Opens the page with the Side by side panel (the full build) and waits for both clusters. */
async function open(page) {
  await page.goto(`${env.server.url}?open=compare`);
  await page.waitForFunction(() => document.documentElement.dataset.build === 'full', null, { timeout: 30000 });
  await page.locator('.compare-panel [data-side] [data-node]').first().waitFor({ timeout: 30000 });
}

test('two clusters in lockstep end with the CLI\'s pods on each side, each with its chart', async () => {
  const expected = cliSides(path.join(SCENARIOS, '09-side-by-side-rolling-update.yaml'));
  assert.deepEqual(Object.keys(expected), ['max-unavailable', 'max-surge']);
  const page = await newPage(env.browser);
  await open(page);
  const panel = page.locator('.compare-panel');
  assert.deepEqual(await panel.locator('[data-side]').evaluateAll((els) => els.map((e) => e.dataset.side)),
    ['max-unavailable', 'max-surge']);
  // The same nodes on both sides, each side under its own label.
  for (const side of ['max-unavailable', 'max-surge']) {
    const nodes = await panel.locator(`[data-side="${side}"] [data-node]`).evaluateAll((els) => els.map((e) => e.dataset.node));
    assert.deepEqual(nodes, ['control-plane', 'worker-1', 'worker-2', 'worker-3']);
  }
  assert.match(await panel.locator('[data-side="max-surge"] h2').innerText(), /max-surge: maxSurge: 1/);
  // Step by step: both sides at the same step and time.
  assert.equal((await bar(page)).next, 0);
  await page.getByRole('button', { name: 'Next step, both sides' }).click();
  await page.waitForFunction(() => document.querySelector('.compare-status').dataset.next === '1');
  assert.match(await panel.locator('.compare-caption').innerText(), /Only the update strategy differs/);
  // Play at ×10: held before the paused step (the new image), then on to the end.
  await panel.locator('.compare-speed select').selectOption({ label: '×10' });
  await page.getByRole('button', { name: 'Play side by side' }).click();
  await page.waitForFunction(() => document.querySelector('.compare-status').dataset.waiting === 'true', null, { timeout: 30000 });
  assert.equal(await page.getByRole('button', { name: 'Play side by side' }).count(), 1, 'the clock stops at a pause');
  assert.match(await panel.locator('.compare-status').innerText(), /Waiting before step 2/);
  await page.getByRole('button', { name: 'Play side by side' }).click();
  // Mid-rollout: the maxSurge side runs two pods on a node, the other never does.
  await page.waitForFunction(() => [...document.querySelectorAll('[data-side="max-surge"] [data-node]')]
    .some((n) => n.querySelectorAll('[data-pod]').length === 2), null, { timeout: 30000 });
  await shot(page, 'compare-rollout-1440');
  await page.waitForFunction((want) => {
    const got = Object.fromEntries([...document.querySelectorAll('.compare-panel [data-side]')].map((s) => [
      s.dataset.side, [...s.querySelectorAll('[data-pod]')].map((e) => e.dataset.pod).sort()]));
    return JSON.stringify(got) === JSON.stringify(want);
  }, expected, { timeout: 60000 }).catch(() => {});
  assert.deepEqual(await pageSides(page), expected);
  assert.equal((await bar(page)).ended, true);
  // Each side's chart: its DaemonSet's status lines, one chart above the other.
  const charts = await panel.locator('[data-side-chart]').evaluateAll((els) => els.map((e) => ({
    side: e.dataset.sideChart, ds: [...e.querySelectorAll('[data-daemonset]')].map((g) => g.dataset.daemonset),
    lines: e.querySelectorAll('[data-field]').length, top: e.getBoundingClientRect().top,
  })));
  assert.deepEqual(charts.map((c) => [c.side, c.ds]), [['max-unavailable', ['agent']], ['max-surge', ['agent']]]);
  assert.ok(charts.every((c) => c.lines === 6), JSON.stringify(charts));
  assert.ok(charts[1].top > charts[0].top, 'one chart above the other');
  // Side by side on a wide screen.
  const [a, b] = await panel.locator('[data-side]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  assert.ok(Math.abs(a.top - b.top) < 2 && b.left > a.right - 1, JSON.stringify([a, b]));
  await page.getByRole('button', { name: 'Pause side by side' }).click();
  await axeClean(page);
  await shot(page, 'compare-1440');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('on a phone the clusters stand one above the other, without sideways scroll', async () => {
  const page = await newPage(env.browser, { viewport: { width: 390, height: 844 } });
  await open(page);
  const panel = page.locator('.compare-panel');
  for (let i = 0; i < 2; i++) {
    await page.getByRole('button', { name: 'Next step, both sides' }).click();
    await page.waitForFunction((n) => Number(document.querySelector('.compare-status').dataset.next) > n, i);
  }
  const [a, b] = await panel.locator('[data-side]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
  assert.ok(b.top >= a.bottom - 1, JSON.stringify([a, b]));
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390),
    `scrollWidth ${await page.evaluate(() => document.documentElement.scrollWidth)}`);
  await axeClean(page);
  await shot(page, 'compare-390');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('another scenario from the menu, and a bad file shows located errors', async () => {
  const expected = cliSides(path.join(SCENARIOS, '10-side-by-side-taint-effects.yaml'));
  const page = await newPage(env.browser);
  await open(page);
  const panel = page.locator('.compare-panel');
  await panel.locator('.compare-menu').selectOption('10-side-by-side-taint-effects');
  await panel.locator('[data-side="tolerates-noexecute"]').waitFor();
  while (!(await bar(page)).ended) {
    const { next } = await bar(page);
    await page.getByRole('button', { name: 'Next step, both sides' }).click();
    await page.waitForFunction((n) => Number(document.querySelector('.compare-status').dataset.next) > n, next);
  }
  await panel.locator('.compare-speed select').selectOption({ label: '×10' });
  await page.getByRole('button', { name: 'Play side by side' }).click();
  await page.waitForFunction((want) => {
    const got = Object.fromEntries([...document.querySelectorAll('.compare-panel [data-side]')].map((s) => [
      s.dataset.side, [...s.querySelectorAll('[data-pod]')].map((e) => e.dataset.pod).sort()]));
    return JSON.stringify(got) === JSON.stringify(want);
  }, expected, { timeout: 60000 }).catch(() => {});
  assert.deepEqual(await pageSides(page), expected);
  // Tolerating NoExecute keeps worker-2's pod; tolerating NoSchedule does not.
  assert.equal(await panel.locator('[data-side="tolerates-noschedule"] [data-node="worker-2"] [data-pod]').count(), 0);
  assert.equal(await panel.locator('[data-side="tolerates-noexecute"] [data-node="worker-2"] [data-pod]').count(), 1);
  await page.getByRole('button', { name: 'Pause side by side' }).click();
  await panel.locator('.file-pick input').setInputFiles({
    name: 'mine.yaml', mimeType: 'text/yaml',
    buffer: Buffer.from('kind: Scenario\ncluster: default\ncompare:\n- name: a\n  apply: "{}"\nsteps:\n- at: 0s\n  step: cordon:worker-1\n'),
  });
  const note = panel.locator('.compare-note');
  await note.waitFor();
  assert.match(await note.innerText(), /mine\.yaml:3:1: compare: give two variants to play side by side, got 1/);
  // What was playing stays.
  assert.equal(await panel.locator('[data-side]').count(), 2);
  await axeClean(page);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
