// End-to-end tests of the field docs in the editor (crates/dsplay-app/src/components/field_docs.rs,
// docs/field-docs.md) on the release build in dist/, in headless Chromium: hovering a key shows
// its description and type, F1 shows the key at the caret, typing a key offers the fields valid
// there, an unknown field is underlined with the loader's message while typing; the docs file
// is fetched once, only when first used; axe-core finds no violations with the popups open.
// Screenshots at 390 and 1440 px: target/e2e-screenshots/field-docs-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, newPage, shot, ROOT } from './harness.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page with the seed example in the editor, the clock paused; `page.docsRequests`
 * counts the requests for the docs file. */
async function open(viewport) {
  const page = await newPage(browser, viewport ? { viewport } : {});
  page.docsRequests = 0;
  page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('/field-docs.json')) page.docsRequests += 1; });
  await page.goto(server.url);
  await page.waitForSelector('[data-node="control-plane"]');
  await page.getByRole('button', { name: 'Pause' }).click();
  return page;
}

const editor = (page) => page.getByLabel('DaemonSet YAML');

/** Moves the mouse over the first occurrence of `needle` (+ `delta` characters) in the editor. */
async function hover(page, needle, delta = 1) {
  const text = await editor(page).inputValue();
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} is in the editor`);
  const before = text.slice(0, at + delta);
  const line = before.split('\n').length - 1;
  const col = before.length - before.lastIndexOf('\n') - 1;
  const box = await editor(page).boundingBox();
  const ch = await page.evaluate(() => {
    const s = document.createElement('span');
    s.textContent = '0'.repeat(40);
    s.style.cssText = 'position:absolute;visibility:hidden;white-space:pre;font:13px/20px var(--mono)';
    document.querySelector('.code').appendChild(s);
    const w = s.getBoundingClientRect().width / 40;
    s.remove();
    return w;
  });
  await page.mouse.move(box.x + 12 + (col + 0.5) * ch, box.y + 10 + line * 20 + 10);
}

/** Puts the caret after the first occurrence of `needle` in the editor. */
async function caretAfter(page, needle) {
  await editor(page).focus();
  await editor(page).evaluate((t, n) => {
    const i = t.value.indexOf(n) + n.length;
    t.setSelectionRange(i, i);
  }, needle);
}

test('the docs file is not fetched until a field\'s help is asked for', async () => {
  const page = await open();
  await editor(page).focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\n# a comment');
  await page.waitForTimeout(800);
  assert.equal(page.docsRequests, 0, 'no request for the docs on load or while typing a comment');
  assert.deepEqual(page.errors, []);
});

test('hovering a key shows its type and description; F1 at the caret too; fetched once', async () => {
  const page = await open();
  await hover(page, 'selector:');
  const tip = page.locator('.field-doc');
  await tip.waitFor();
  await page.waitForFunction(() => document.querySelector('.field-doc')?.textContent.includes('A label query over pods'));
  assert.equal(await tip.getAttribute('data-field'), 'spec.selector');
  const text = await tip.innerText();
  assert.match(text, /^selector <LabelSelector> -required-/);
  assert.match(text, /A label query over pods that are managed by the daemon set\./);
  await shot(page, 'field-docs-hover-1440');

  // Another key: the docs are not fetched again.
  await page.mouse.move(2, 2);
  await tip.waitFor({ state: 'detached' });
  await hover(page, 'image:');
  await page.waitForFunction(() => document.querySelector('.field-doc')?.dataset.field === 'spec.template.spec.containers.image');
  assert.match(await tip.innerText(), /^image <string>\n+Container image name\./);
  await page.mouse.move(2, 2);
  await tip.waitFor({ state: 'detached' });

  // F1 on the key at the caret (a pinned tip: Escape closes it).
  await caretAfter(page, '  template');
  await page.keyboard.press('F1');
  await page.waitForFunction(() => document.querySelector('.field-doc')?.dataset.field === 'spec.template');
  assert.match(await tip.innerText(), /^template <PodTemplateSpec> -required-/);
  await page.keyboard.press('Escape');
  await tip.waitFor({ state: 'detached' });
  assert.equal(page.docsRequests, 1, 'the docs file is fetched exactly once');
  assert.deepEqual(page.errors, []);
});

test('typing a key offers the fields valid there; Enter takes one', async () => {
  const page = await open();
  await caretAfter(page, 'image: your-monitoring-agent-image:latest');
  await page.keyboard.type('\n        imagePu');
  const list = page.getByRole('listbox', { name: 'Fields' });
  await list.waitFor();
  const options = await list.getByRole('option').allInnerTexts();
  assert.deepEqual(options.map((o) => o.split(/\s+/)[0]), ['imagePullPolicy']);
  await page.keyboard.press('Enter');
  await list.waitFor({ state: 'detached' });
  const text = await editor(page).inputValue();
  assert.ok(text.includes('\n        image: your-monitoring-agent-image:latest\n        imagePullPolicy: \n'), text);

  // At the pod spec's level: the pod spec's fields, not the container's.
  await caretAfter(page, 'memory: 256Mi');
  await page.keyboard.type('\n      tol');
  await list.waitFor();
  assert.deepEqual((await list.getByRole('option').allInnerTexts()).map((o) => o.split(/\s+/)[0]), ['tolerations']);
  await shot(page, 'field-docs-complete-1440');
  await page.keyboard.press('Escape');
  await list.waitFor({ state: 'detached' });
  assert.equal(page.docsRequests, 1);
  assert.deepEqual(page.errors, []);
});

test('an unknown field is underlined with the loader\'s message while typing', async () => {
  const page = await open();
  await caretAfter(page, 'image: your-monitoring-agent-image:latest');
  await page.keyboard.type('\n        imagePullPolicyy: Always');
  await page.keyboard.press('Escape');
  const mark = page.locator('.gutter .ln.err');
  await mark.first().waitFor();
  assert.equal(
    await mark.first().getAttribute('title'),
    '23:9: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
  );
  assert.ok(await page.locator('.highlight .squiggle').count() > 0);
  assert.deepEqual(page.errors, []);
});

test('390 px: the popups fit; axe-core finds no violations with them open', async () => {
  const page = await open({ width: 390, height: 844 });
  await hover(page, 'matchLabels:');
  await page.waitForFunction(() => document.querySelector('.field-doc')?.textContent.includes('matchLabels'));
  await shot(page, 'field-docs-hover-390');
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
  assert.deepEqual(violations, []);
  await caretAfter(page, 'image: your-monitoring-agent-image:latest');
  await page.keyboard.type('\n        res');
  await page.getByRole('listbox', { name: 'Fields' }).waitFor();
  const v2 = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
  assert.deepEqual(v2, []);
  assert.deepEqual(page.errors, []);
});
