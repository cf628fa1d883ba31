// Issue 11 in the page: a node operation with an invalid taint key or value is refused with
// the API server's message, and the cluster does not change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, shot } from './harness.mjs';

let server;
let browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('an invalid taint is refused with the API server\'s message and not added', async () => {
  const page = await newPage(browser);
  await page.goto(server.url);
  await page.waitForSelector('[data-node="worker-2"]');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.locator('[data-node="worker-2"]').click();
  const details = page.locator('.details');
  for (const [key, value, message] of [
    ['a/b/c', 'v', 'spec.taints[0].key: Invalid value: "a/b/c"'],
    ['ok', 'bad value', 'spec.taints[0].value: Invalid value: "bad value"'],
  ]) {
    await details.getByLabel('Taint key').fill(key);
    await details.getByLabel('Taint value').fill(value);
    await details.getByRole('button', { name: 'Add taint' }).click();
    await page.locator('.apply-output').getByText(message).first().waitFor({ timeout: 10000 });
  }
  const card = await page.locator('[data-node="worker-2"]').innerText();
  assert.doesNotMatch(card, /a\/b\/c|bad value/);
  await shot(page, 'bounds-invalid-taint');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a pasted flood of broken documents gives 100 errors and "… and N more errors", and the editor keeps the text', async () => {
  const page = await newPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.goto(server.url);
  await page.waitForSelector('[data-node="control-plane"]');
  await page.getByRole('button', { name: 'Pause' }).click();
  const broken = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: Bad_Name}\n---\n'.repeat(20000);
  const editor = page.getByLabel('DaemonSet YAML');
  await editor.focus();
  await page.evaluate((t) => navigator.clipboard.writeText(t), broken);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const output = page.locator('.apply-output');
  // Four errors a document, 80,000 in all: the first 100 are listed, then the rest counted.
  await output.getByText('… and 79900 more errors in daemonset.yaml').waitFor({ timeout: 30000 });
  assert.equal(await output.locator('.errors > li').count(), 101);
  // Nothing the user typed is lost: the whole text is still in the editor.
  await page.getByLabel('DaemonSet YAML').focus();
  await page.keyboard.press('ControlOrMeta+A');
  assert.equal((await editor.inputValue()).length, broken.length);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
