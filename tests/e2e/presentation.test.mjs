// Presentation mode in headless Chromium (docs/presentation.md): Present hides the editor and
// enlarges the page; every shortcut works from the keyboard alone (a, r/Delete, n, c, t,
// Space, →, ←, ?, Esc), not while typing in a field; axe-core clean with the help overlay
// open. Screenshots: target/e2e-screenshots/presentation-*.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, useBrowser, axeViolations } from './harness.mjs';

const env = useBrowser();

const nodeNames = (page) => page.$$eval('[data-node]', (els) => els.map((e) => e.dataset.node).sort());
const now = (page) => page.locator('.clock-value').getAttribute('data-now-ms').then(Number);
const next = (page) => page.locator('.scenario-player').getAttribute('data-next').then(Number);

/** Opens the page paused and enters presentation mode with the keyboard (Tab to Present). */
async function present(page) {
  await page.goto(env.server.url);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Present' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.classList.contains('presenting'));
  // Leave the button: the keys go to the page.
  await page.evaluate(() => document.activeElement.blur());
}

/** Selects the node NAME with the keyboard: focus its card, Enter. */
async function select(page, name) {
  await page.locator(`[data-node="${name}"]`).focus();
  await page.keyboard.press('Enter');
  await page.locator('.details').waitFor();
  await page.evaluate(() => document.activeElement.blur());
}

test('presentation mode hides the editor, enlarges the cluster, and every shortcut works', async () => {
  const page = await newPage(env.browser);
  await present(page);
  assert.equal(await page.locator('.col-editor').isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Leave presentation' }).getAttribute('aria-pressed'), 'true');
  const zoom = await page.locator('.layout').evaluate((el) => getComputedStyle(el).zoom);
  assert.ok(Number(zoom) > 1, `zoom ${zoom}`);

  // a: add a worker.
  assert.deepEqual(await nodeNames(page), ['control-plane', 'worker-1', 'worker-2', 'worker-3']);
  await page.keyboard.press('a');
  await page.locator('[data-node="worker-4"]').waitFor();
  // A node key with no node selected says so.
  await page.keyboard.press('c');
  await page.locator('.scenario-note', { hasText: 'Select a node first' }).waitFor();

  await select(page, 'worker-1');
  // c: cordon, then uncordon.
  await page.keyboard.press('c');
  await page.locator('[data-node="worker-1"].cordoned, [data-node="worker-1"][aria-label*="SchedulingDisabled"]').first().waitFor();
  await page.keyboard.press('c');
  await page.waitForFunction(() => !document.querySelector('[data-node="worker-1"]').getAttribute('aria-label').includes('SchedulingDisabled'));
  // n: NotReady, then Ready.
  await page.keyboard.press('n');
  await page.waitForFunction(() => document.querySelector('[data-node="worker-1"]').getAttribute('aria-label').includes('NotReady'));
  await page.keyboard.press('n');
  await page.waitForFunction(() => !document.querySelector('[data-node="worker-1"]').getAttribute('aria-label').includes('NotReady'));
  // t: the NoExecute taint, then off again.
  const taints = () => page.locator('[data-node="worker-1"]').innerText();
  await page.keyboard.press('t');
  await page.waitForFunction(() => document.querySelector('[data-node="worker-1"]').innerText.includes('dedicated=demo:NoExecute'));
  await shot(page, 'presentation-1440');
  await page.keyboard.press('t');
  await page.waitForFunction(() => !document.querySelector('[data-node="worker-1"]').innerText.includes('dedicated=demo'));
  assert.doesNotMatch(await taints(), /dedicated/);
  // r and Delete: remove the selected node.
  await page.keyboard.press('r');
  await page.waitForFunction(() => !document.querySelector('[data-node="worker-1"]:not(.leaving)'));
  await select(page, 'worker-2');
  await page.keyboard.press('Delete');
  await page.waitForFunction(() => !document.querySelector('[data-node="worker-2"]:not(.leaving)'));

  // Space: play, then pause.
  const t0 = await now(page);
  await page.keyboard.press(' ');
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  await page.waitForFunction((t) => Number(document.querySelector('.clock-value').dataset.nowMs) > t, t0);
  await page.keyboard.press(' ');
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();

  // Keys typed in a field are the field's.
  await page.getByLabel('Seed').focus();
  await page.keyboard.press('a');
  assert.equal(await page.locator('[data-node="worker-5"]').count(), 0);
  await page.evaluate(() => document.activeElement.blur());

  // ?: the help overlay lists the shortcuts; Esc closes it; Esc again leaves presentation mode.
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor();
  const listed = await dialog.locator('dt').allInnerTexts();
  for (const k of ['a', 'r / Delete', 'n', 'c', 't', 'Space', '→', '←', '?']) assert.ok(listed.includes(k), `${k} in ${listed}`);
  // The removed nodes' cards may still be fading out here (paused simulated time): they hold no
  // text that shows (web/styles.css hides it), so the whole page is checked.
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], violations.join('\n'));
  await shot(page, 'presentation-help');
  // ? again closes it (Esc too, unless the browser takes Esc to leave full screen first).
  await page.keyboard.press('?');
  await dialog.waitFor({ state: 'detached' });
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.body.classList.contains('presenting'));
  assert.equal(await page.locator('.col-editor').isVisible(), true);
  // Out of presentation mode the letters do nothing.
  await page.keyboard.press('a');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('[data-node="worker-5"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('→ and ← step through a scenario in presentation mode; captions are large', async () => {
  const page = await newPage(env.browser, { viewport: { width: 1280, height: 800 } });
  await present(page);
  await page.getByLabel('Play a built-in scenario').selectOption('01-node-churn');
  await page.locator('.scenario-player').waitFor();
  await page.evaluate(() => document.activeElement.blur());
  assert.equal(await next(page), 0);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('.scenario-player').dataset.next === '1');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('.scenario-player').dataset.next === '2');
  const at2 = await now(page);
  assert.ok(at2 > 0);
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelector('.scenario-player').dataset.next === '1');
  assert.ok(await now(page) < at2);
  const size = await page.locator('.scenario-caption').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 24, `caption ${size}px`);
  await shot(page, 'presentation-scenario');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
