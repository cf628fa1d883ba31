// The events panel's filter in headless Chromium, in both builds of the page: typing narrows
// the rows to the events whose object, reason or namespace holds the text, whatever its case;
// clearing the box brings the same rows back. The full build also searches the console's typed
// kubectl lines, folding case with Unicode's rules (`str::to_lowercase`: `ÄRGER` is found by
// `ärger`); the light build folds ASCII only (the events' fields are ASCII). axe finds no
// violations in the filtered panel; screenshots at 390 and 1440 px (target/e2e-screenshots/events-*).
// An input's new events are in the frame that shows its cluster (the table is not read a task later).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, openSavedRun, sampleRunLog, useBrowser, axeViolations } from './harness.mjs';

const env = useBrowser();

/** Opens the sample run (4 nodes, 2 DaemonSets: agent-0, agent-1) at `query` and pauses it. */
async function open(page, query = '') {
  await openSavedRun(page, `${env.server.url}${query}`, sampleRunLog(4, 2), 4, 120000);
  const pause = page.getByRole('button', { name: 'Pause' });
  if (await pause.count()) await pause.click();
}

const filterBox = (page) => page.getByRole('searchbox', { name: 'Filter events' });

/** The events table's rows as text (typed kubectl lines and events), in order. */
const rows = (page) => page.locator('.events-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent));

/** The event rows' searched cells (OBJECT and REASON) as text. */
const searched = (page) => page.locator('.events-table tbody tr:not([data-typed])').evaluateAll((trs) => trs.map((tr) => `${tr.cells[2].textContent} ${tr.cells[3].textContent}`));

/** Types `text` in the filter box, and waits until the rows shown change from `before`. */
async function filter(page, text, before) {
  await filterBox(page).fill(text);
  await page.waitForFunction((before) => {
    const now = [...document.querySelectorAll('.events-table tbody tr')].map((tr) => tr.textContent);
    return JSON.stringify(now) !== JSON.stringify(before) || document.querySelector('.events-panel .empty');
  }, before);
}

/** Filters by `Agent-1` (any case): only agent-1's events stay; clearing restores the rows. */
async function narrowsAndRestores(page) {
  const all = await rows(page);
  assert.ok(all.length > 2, all.join('\n'));
  assert.ok((await searched(page)).some((r) => r.includes('agent-0')), 'agent-0 events shown before filtering');
  await filter(page, 'AgEnT-1', all);
  const kept = await searched(page);
  assert.ok(kept.length > 0 && kept.length < all.length, `${kept.length} of ${all.length}`);
  for (const r of kept) assert.match(r, /agent-1/i);
  // Lower and upper case find the same rows.
  const upper = await rows(page);
  await filterBox(page).fill('agent-1');
  await page.waitForTimeout(100);
  assert.deepEqual(await rows(page), upper);
  // Nothing matches: the panel says so.
  await filter(page, 'no-such-object', upper);
  assert.equal(await page.locator('.events-panel .empty').textContent(), 'No events match.');
  // Clearing the box brings every row back.
  await filterBox(page).fill('');
  await page.waitForFunction((n) => document.querySelectorAll('.events-table tbody tr').length === n, all.length);
  assert.deepEqual(await rows(page), all);
}

test('light build: the filter narrows the events, any case, and clearing restores them', async () => {
  const page = await newPage(env.browser);
  await open(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.build), 'light');
  await narrowsAndRestores(page);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('full build: the same, and typed kubectl lines are found with Unicode case folding', async () => {
  const page = await newPage(env.browser);
  await open(page, '?open=console');
  await page.waitForFunction(() => document.documentElement.dataset.build === 'full');
  await narrowsAndRestores(page);
  // A typed line (refused: the selector is not valid) is in the history; `ärger` finds `ÄRGER`.
  const input = page.locator('[data-console-input]');
  await input.fill('kubectl get pods -l team=ÄRGER');
  await input.press('Enter');
  await page.locator('[data-typed]', { hasText: 'team=ÄRGER' }).waitFor();
  const all = await rows(page);
  await filter(page, 'ärger', all);
  const typed = await rows(page);
  assert.equal(typed.length, 1, typed.join('\n'));
  assert.match(typed[0], /kubectl get pods -l team=ÄRGER/);
  assert.equal(await page.locator('.events-table tbody tr[data-typed]').count(), 1);
  await filterBox(page).fill('');
  await page.waitForFunction((n) => document.querySelectorAll('.events-table tbody tr').length === n, all.length);
  assert.deepEqual(await rows(page), all);
  // The table is written as markup (components/events.rs): a typed line's `<`, `&` and quotes
  // show as typed, and make no elements.
  await input.fill(`kubectl get pods -l 'a=<b>x</b>&amp;"'`);
  await input.press('Enter');
  const marked = page.locator('[data-typed]', { hasText: 'a=<b>' });
  await marked.waitFor();
  assert.equal(await marked.locator('code').textContent(), `kubectl get pods -l 'a=<b>x</b>&amp;"'`);
  assert.equal(await page.locator('.events-table b').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an input\'s events are drawn in the frame that shows its cluster, not a task later', async () => {
  const page = await newPage(env.browser);
  await open(page);
  // Clicked from the page's script: the frame after the click is the first one that can show it.
  const r = await page.evaluate(async () => {
    const add = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Add node');
    const nodes = () => [...document.querySelectorAll('[data-node]')].map((n) => n.dataset.node);
    const before = new Set(nodes());
    add.click();
    await new Promise((r) => requestAnimationFrame(r));
    return {
      added: nodes().filter((n) => !before.has(n)),
      rows: [...document.querySelectorAll('.events-table tbody tr')].map((tr) => tr.textContent),
    };
  });
  assert.equal(r.added.length, 1, JSON.stringify(r));
  // The DaemonSets' pods scheduled to the new node: `Successfully assigned default/… to worker-N`.
  const there = r.rows.filter((row) => row.endsWith(` to ${r.added[0]}`));
  assert.equal(there.length, 2, `two pods scheduled to ${r.added[0]} in:\n${r.rows.join('\n')}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('axe finds no violations in the filtered events panel; narrow screens', async () => {
  for (const width of [390, 1440]) {
    const page = await newPage(env.browser, { viewport: { width, height: 900 } });
    await open(page);
    await filter(page, 'AGENT-1', await rows(page));
    assert.deepEqual(await axeViolations(page, '.events-panel'), [], `${width}px`);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sideways <= width, `no sideways scrolling at ${width}px (${sideways})`);
    await page.locator('.events-panel').scrollIntoViewIfNeeded();
    await shot(page, `events-filtered-${width}`);
    assert.deepEqual(page.errors, []);
    await page.close();
  }
});
