// The Timeline panel (crates/dsplay-app/src/components/timeline.rs, full build, `?open=timeline`)
// in headless Chromium: the status charts with their step marks, hover shows the values at a
// moment, the scrubber shows the cluster as it was (cards, pods, status, events), inputs are
// refused in words while the past is shown, Back to now, Resume from here after a confirm (the
// later inputs are gone, also after a reload); axe-core finds nothing; no sideways scroll at
// 390 px. Screenshots: target/e2e-screenshots/timeline-*.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, openFull, useBrowser, axeViolations } from './harness.mjs';

const env = useBrowser();

const pods = (page) => page.$$eval('[data-pod]', (els) => els.map((e) => e.dataset.pod).sort());
const nodes = (page) => page.$$eval('[data-node]', (els) => els.map((e) => e.dataset.node).sort());
const now = (page) => page.locator('.clock-value').getAttribute('data-now-ms').then(Number);
const dsRow = (page) => page.$$eval('.ds-table tbody tr:first-child td', (tds) => tds.map((t) => t.textContent.trim()));
const button = (page, name) => page.getByRole('button', { name, exact: true });

/** Moves the scrubber to `ms` as a drag does (an input event with the new value). */
async function scrubTo(page, ms) {
  await page.locator('[data-timeline-scrubber]').evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
  await page.waitForFunction((v) => Number(document.querySelector('.clock-value')?.dataset.nowMs) === v, ms);
}

/** A fresh full page with the timeline open, the clock stopped after the example settled. */
async function openTimeline(page) {
  await openFull(page, env.server.url, 'timeline');
  await page.locator('[data-timeline-scrubber]').waitFor();
  await page.waitForSelector('[data-pod][data-phase="Ready"]');
  await button(page, 'Pause').click();
}

test('scrub back: the cluster as it was; inputs refused; back to now; resume drops the later inputs', async () => {
  const page = await newPage(env.browser);
  await openTimeline(page);
  for (let i = 0; i < 3; i++) await button(page, 'Step').click();
  const then = { now: await now(page), pods: await pods(page), nodes: await nodes(page), row: await dsRow(page) };
  assert.ok(!then.nodes.includes('worker-4'));
  // (Inputs at a moment belong to it: the node is added a second later.)
  await button(page, 'Step').click();
  await button(page, 'Add node').click();
  await page.waitForSelector('[data-node="worker-4"]');
  for (let i = 0; i < 4; i++) await button(page, 'Step').click();
  await page.waitForSelector('[data-node="worker-4"] [data-pod][data-phase="Ready"]');
  const later = { now: await now(page), pods: await pods(page), nodes: await nodes(page), row: await dsRow(page) };
  assert.ok(later.nodes.includes('worker-4'));
  assert.ok(later.pods.length > then.pods.length);
  // Two step marks more in the chart: the add-node and (none for time passing).
  const steps = await page.locator('[data-chart] [data-mark="step"]').count();
  assert.ok(steps >= 6, `step marks: ${steps}`);

  await scrubTo(page, then.now);
  await page.locator('[data-timeline-past]').waitFor();
  // (A removed node's card fades out first.)
  await page.locator('[data-node="worker-4"]').waitFor({ state: 'detached' });
  assert.match(await page.locator('[data-timeline-past]').innerText(), /Viewing the past/);
  assert.deepEqual(await nodes(page), then.nodes);
  assert.deepEqual(await pods(page), then.pods, 'the same pods, names included');
  assert.deepEqual(await dsRow(page), then.row);
  assert.ok(!(await page.locator('.events-panel').innerText()).includes('worker-4'), 'no event of worker-4 yet');
  await shot(page, 'timeline-past-1440');

  // An input while the past is shown is refused in words, and changes nothing.
  await button(page, 'Add node').click();
  await page.getByText(/Not applied: the page shows the cluster as it was at/).waitFor();
  assert.deepEqual(await nodes(page), then.nodes);
  // The clock does not run in the past.
  await button(page, 'Play').click();
  await page.waitForTimeout(700);
  assert.equal(await now(page), then.now);
  await button(page, 'Pause').click();

  await button(page, 'Back to now').click();
  await page.locator('[data-timeline-past]').waitFor({ state: 'detached' });
  assert.equal(await now(page), later.now);
  assert.deepEqual(await pods(page), later.pods);

  // Resume from here: dismissing the confirm keeps the past shown and the run whole.
  await scrubTo(page, then.now);
  page.once('dialog', (d) => d.dismiss());
  await button(page, 'Resume from here').click();
  await page.waitForTimeout(200);
  assert.equal(await page.locator('[data-timeline-past]').count(), 1);
  page.once('dialog', (d) => { assert.match(d.message(), /dropped/); d.accept(); });
  await button(page, 'Resume from here').click();
  await page.locator('[data-timeline-past]').waitFor({ state: 'detached' });
  assert.equal(await now(page), then.now);
  assert.deepEqual(await pods(page), then.pods);
  assert.equal(await page.locator('[data-timeline-scrubber]').getAttribute('max'), String(then.now));
  // The run goes on from there: time runs, inputs apply.
  await button(page, 'Step').click();
  assert.equal(await now(page), then.now + 1000);
  // The later inputs are gone for good: a reload shows the resumed run.
  await page.waitForTimeout(600);
  await page.reload();
  await page.locator('[data-timeline-scrubber]').waitFor();
  await page.waitForSelector('[data-node="worker-3"]');
  assert.ok(!(await nodes(page)).includes('worker-4'));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('hover shows the values at a moment; the marks and the readout match the table', async () => {
  const page = await newPage(env.browser);
  await openTimeline(page);
  for (let i = 0; i < 3; i++) await button(page, 'Step').click();
  const chart = page.locator('[data-chart="monitoring-agent"]');
  await chart.waitFor();
  assert.equal(await chart.locator('svg [data-field]').count(), 6);
  assert.ok(await chart.locator('svg [data-mark="step"]').count() >= 5, 'the default nodes and the apply');
  const plot = chart.locator('.timeline-plot');
  const box = await plot.boundingBox();
  // The right edge is now: the values are the table's.
  await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2);
  const readout = chart.locator('[data-readout]');
  await page.waitForFunction(() => document.querySelector('[data-readout]')?.dataset.hover === 'true');
  const row = await dsRow(page);
  const value = (f) => readout.locator(`[data-field="${f}"]`).innerText();
  assert.equal(await value('desired'), `desired ${row[1]}`);
  assert.equal(await value('ready'), `ready ${row[3]}`);
  assert.equal(await value('available'), `available ${row[5]}`);
  // The left edge is the start: nothing ready yet.
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.waitForFunction(() => Number(document.querySelector('[data-readout]')?.dataset.atMs) < 500);
  assert.equal(await value('ready'), 'ready 0');
  assert.equal(await page.locator('.timeline-cursor-hover').count(), 1);
  // Leaving shows the values now again.
  await page.mouse.move(box.x + box.width / 2, box.y + box.height + 200);
  await page.waitForFunction(() => document.querySelector('[data-readout]')?.dataset.hover === 'false');
  // A click on the chart goes to that moment.
  await page.mouse.click(box.x + 2, box.y + box.height / 2);
  await page.locator('[data-timeline-past]').waitFor();
  await shot(page, 'timeline-hover-1440');
  assert.deepEqual(await axeViolations(page, '.timeline-panel'), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('390 px: no sideways scroll, axe-core finds nothing, in the past too', async () => {
  const page = await newPage(env.browser, { viewport: { width: 390, height: 844 } });
  await openTimeline(page);
  await button(page, 'Step').click();
  await scrubTo(page, 1000);
  await page.locator('[data-timeline-past]').waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390),
    `scrollWidth ${await page.evaluate(() => document.documentElement.scrollWidth)}`);
  assert.deepEqual(await axeViolations(page, '.timeline-panel'), []);
  await page.locator('.timeline-panel').scrollIntoViewIfNeeded();
  await shot(page, 'timeline-past-390');
  // Closing the panel goes back to now.
  await page.getByRole('button', { name: 'Close the timeline' }).click();
  await page.locator('.timeline-panel').waitFor({ state: 'detached' });
  assert.ok(await now(page) > 1000);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
