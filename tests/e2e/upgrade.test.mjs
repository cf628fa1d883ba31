// The page's two builds (crates/dsplay-app/src/upgrade.rs) in headless Chromium: the page
// starts in the light build; a tools button hands over to the full build, which shows the same
// cluster (pod names included), the same simulated time and the same editor text, with the
// panel open; `?open=` starts in the full build; when the full build cannot be loaded the page
// says so and stays usable; axe-core finds nothing on the tools bar. Screenshots:
// target/e2e-screenshots/upgrade-*.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, openFull, useBrowser, axeViolations } from './harness.mjs';

const env = useBrowser();

const build = (page) => page.evaluate(() => document.documentElement.dataset.build);
const pods = (page) => page.$$eval('[data-pod]', (els) => els.map((e) => e.dataset.pod).sort());
const nodes = (page) => page.$$eval('[data-node]', (els) => els.map((e) => e.dataset.node).sort());
const now = (page) => page.locator('.clock-value').getAttribute('data-now-ms').then(Number);
const editor = (page) => page.getByLabel('DaemonSet YAML');

test('a tools button hands the run, the clock and the editor text over to the full build', async () => {
  const page = await newPage(env.browser);
  const wasms = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasms.push(new URL(r.url()).pathname); });
  await page.goto(env.server.url);
  await page.waitForSelector('[data-node="control-plane"]');
  assert.equal(await build(page), 'light');
  assert.deepEqual(wasms, ['/dsplay-app_bg.wasm'], 'the light build alone is loaded first');
  assert.equal(await page.locator('.scenario-bar').count(), 0, 'the light build has no scenario bar');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Add node', exact: true }).click();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  // Typed but not applied: the full build keeps it too.
  await editor(page).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# typed in the light build\n');
  const before = { pods: await pods(page), nodes: await nodes(page), now: await now(page) };
  assert.ok(before.pods.length >= 4, before.pods.join(' '));
  const text = await editor(page).inputValue();
  await shot(page, 'upgrade-light-1440');

  await page.locator('.tools [data-panel="scenarios"]').click();
  await page.waitForSelector('html[data-build="full"] .scenario-bar', { timeout: 60000 });
  assert.deepEqual(wasms, ['/dsplay-app_bg.wasm', '/dsplay-full_bg.wasm']);
  assert.equal(await page.locator('.app').count(), 1, 'one app on the page');
  assert.deepEqual(await pods(page), before.pods);
  assert.deepEqual(await nodes(page), before.nodes);
  assert.equal(await now(page), before.now);
  assert.equal(await editor(page).inputValue(), text);
  // The clock stayed paused.
  await page.waitForTimeout(600);
  assert.equal(await now(page), before.now);
  await shot(page, 'upgrade-full-1440');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('?open= starts in the full build; Present opens presentation mode there', async () => {
  const page = await newPage(env.browser);
  await openFull(page, env.server.url, 'present');
  await page.waitForFunction(() => document.body.classList.contains('presenting'));
  assert.equal(await build(page), 'full');
  await page.context().close();
  const other = await newPage(env.browser);
  await openFull(other, env.server.url, 'scenarios');
  await other.locator('.scenario-bar').waitFor();
  assert.equal(await other.locator('body.presenting').count(), 0);
  assert.deepEqual(other.errors, []);
  await other.context().close();
});

test('when the full build cannot be loaded the page says so and goes on', async () => {
  const page = await newPage(env.browser);
  await page.route('**/dsplay-full*', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(env.server.url);
  await page.waitForSelector('[data-node="control-plane"]');
  await page.locator('.tools [data-panel="scenarios"]').click();
  const error = page.locator('[data-tools-error]');
  await error.waitFor();
  assert.match(await error.innerText(), /did not load/);
  assert.equal(await build(page), 'light');
  // Still usable: a node can be added, and the button can be tried again.
  const count = (await nodes(page)).length;
  await page.getByRole('button', { name: 'Add node', exact: true }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-node]').length > n, count);
  assert.equal(await page.locator('.tools [data-panel="scenarios"]').isEnabled(), true);
  await page.context().close();
});

test('the tools bar: axe-core finds nothing, no sideways scroll at 390 px', async () => {
  const page = await newPage(env.browser, { viewport: { width: 390, height: 844 } });
  await page.goto(env.server.url);
  await page.waitForSelector('.tools');
  assert.deepEqual(await axeViolations(page, '.tools'), []);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390));
  await shot(page, 'upgrade-light-390');
  await page.context().close();
});
