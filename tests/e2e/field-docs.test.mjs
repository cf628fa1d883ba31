// End-to-end tests of the field docs in the editor (crates/dsplay-app/src/components/field_docs.rs,
// docs/field-docs.md) on the release build in dist/, in headless Chromium. The docs live in the full
// build (docs/design.md "Two builds of the page"): in the light build hovering does nothing, and F1,
// Ctrl+I or Ctrl+Space hand over to the full build with the editor's text and caret, which shows the
// docs (or the completion) at that caret. In the full build hovering a key shows its description and
// type, F1 shows the key at the caret, typing a key offers the fields valid there; an unknown field is
// underlined with the loader's message while typing in either build; the docs file is fetched once,
// only when first used; an embed (light build, no full build to go to) says where the docs are;
// axe-core finds no violations with the popups open.
// Screenshots at 390 and 1440 px: target/e2e-screenshots/field-docs-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, DIST, useBrowser, axeViolations } from './harness.mjs';
import { serveCors } from './embed-harness.mjs';

const env = useBrowser();

/** A fresh page (light build) with the seed example in the editor, the clock paused;
 * `page.docsRequests` counts the requests for the docs file, `page.fullRequests` those for the
 * full build's wasm. */
async function open(viewport) {
  const page = await newPage(env.browser, viewport ? { viewport } : {});
  page.docsRequests = 0;
  page.fullRequests = 0;
  page.on('request', (r) => {
    const file = new URL(r.url()).pathname;
    if (file.endsWith('/field-docs.json')) page.docsRequests += 1;
    if (file.endsWith('/dsplay-full_bg.wasm')) page.fullRequests += 1;
  });
  await page.goto(env.server.url);
  await page.waitForSelector('html[data-build="light"] [data-node="control-plane"]');
  await page.getByRole('button', { name: 'Pause' }).click();
  return page;
}

/** A fresh page handed over to the full build the way a learner does it: F1 on a key in the light
 * editor (the tip it opens is closed again). */
async function openFull(viewport) {
  const page = await open(viewport);
  await caretAfter(page, '\nkind');
  await page.keyboard.press('F1');
  await page.waitForFunction(() => document.querySelector('html[data-build="full"] .field-doc')?.dataset.field === 'kind', null, { timeout: 60000 });
  await page.keyboard.press('Escape');
  await page.locator('.field-doc').waitFor({ state: 'detached' });
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
  // The line in the viewport (below the sticky top bar; the full build's bars push the editor down on a phone).
  await editor(page).evaluate((t, y) => window.scrollTo(0, window.scrollY + t.getBoundingClientRect().top + y - 500), line * 20);
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

/** The completion `list` opened after `imagePu` under the container's image offers only
 * imagePullPolicy; Enter takes it. */
async function takeImagePullPolicy(page, list) {
  const options = await list.getByRole('option').allInnerTexts();
  assert.deepEqual(options.map((o) => o.split(/\s+/)[0]), ['imagePullPolicy']);
  await page.keyboard.press('Enter');
  await list.waitFor({ state: 'detached' });
  const text = await editor(page).inputValue();
  assert.ok(text.includes('\n        image: your-monitoring-agent-image:latest\n        imagePullPolicy: \n'), text);
}

/** Puts the caret after the first occurrence of `needle` in the editor. */
async function caretAfter(page, needle) {
  await editor(page).focus();
  await editor(page).evaluate((t, n) => {
    const i = t.value.indexOf(n) + n.length;
    t.setSelectionRange(i, i);
  }, needle);
}

test('light build: neither the docs nor the full build are fetched while typing or hovering', async () => {
  const page = await open();
  await editor(page).focus();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\n# a comment');
  // Hovering a key does nothing in the light build (the docs are in the full build).
  await hover(page, 'selector:');
  await page.waitForTimeout(800);
  assert.equal(await page.locator('.field-doc').count(), 0, 'no tip on hover in the light build');
  assert.equal(page.docsRequests, 0, 'no request for the docs on load, typing or hovering');
  assert.equal(page.fullRequests, 0, 'the full build is not loaded');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.build), 'light');
  assert.deepEqual(page.errors, []);
});

test('light build: F1 hands over; the full build shows the docs of the field at the caret, text and caret kept', async () => {
  const page = await open();
  // An edit the light page has not saved yet (typed just before F1), then the caret on a key.
  await caretAfter(page, 'app: monitoring-agent');
  await page.keyboard.type('\n      tier: node');
  await caretAfter(page, '    spec:\n      containers');
  const before = await editor(page).inputValue();
  const caret = before.indexOf('    spec:\n      containers') + '    spec:\n      containers'.length;
  await page.keyboard.press('F1');
  await page.waitForSelector('html[data-build="full"] .app', { timeout: 60000 });
  const tip = page.locator('.field-doc');
  await page.waitForFunction(() => document.querySelector('.field-doc')?.textContent.includes('List of containers belonging to the pod'));
  assert.equal(await tip.getAttribute('data-field'), 'spec.template.spec.containers');
  assert.match(await tip.innerText(), /^containers <\[\]Container> -required-/);
  // The caret's line was low in the view: the editor scrolled so that the docs' head shows.
  const [tipBox, viewBox] = [await tip.boundingBox(), await page.locator('.editor-scroll').boundingBox()];
  assert.ok(tipBox.y + 60 <= viewBox.y + viewBox.height, `the tip's first lines are in view (${tipBox.y} in ${viewBox.y}+${viewBox.height})`);
  await shot(page, 'field-docs-handover-1440');
  // The same text, the caret where it was, the editor focused (typing goes on there).
  assert.equal(await editor(page).inputValue(), before);
  const at = await editor(page).evaluate((t) => [t.selectionStart, t.selectionEnd, document.activeElement === t]);
  assert.deepEqual(at, [caret, caret, true]);
  assert.equal(page.fullRequests, 1);
  assert.equal(page.docsRequests, 1);
  // A keystroke closes the pinned tip and types at the caret.
  await page.keyboard.type('X');
  await tip.waitFor({ state: 'detached' });
  assert.ok((await editor(page).inputValue()).includes('    spec:\n      containersX:'));
  assert.deepEqual(page.errors, []);
});

test('light build: Ctrl+Space hands over; the full build offers the fields at the caret', async () => {
  const page = await open();
  await caretAfter(page, 'image: your-monitoring-agent-image:latest');
  await page.keyboard.type('\n        imagePu');
  // Completion as a key is typed needs the docs: none in the light build.
  await page.waitForTimeout(400);
  assert.equal(await page.getByRole('listbox', { name: 'Fields' }).count(), 0);
  await page.keyboard.press('Control+Space');
  const list = page.getByRole('listbox', { name: 'Fields' });
  await list.waitFor({ timeout: 60000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.build), 'full');
  await takeImagePullPolicy(page, list);
  assert.deepEqual(page.errors, []);
});

test('an embed (light build) says where the docs are on F1, and loads nothing', async () => {
  // Embeds load their module with CORS (as from GitHub Pages): the embed tests' server.
  const cors = await serveCors(DIST);
  try {
    const page = await newPage(env.browser);
    await page.goto(`${cors.url}docs-example.html`);
    const embed = page.locator('#tolerations');
    await page.waitForFunction(() => document.getElementById('tolerations').shadowRoot?.querySelector('.embed textarea'), null, { timeout: 30000 });
    const area = embed.locator('textarea');
    await area.focus();
    await area.evaluate((t) => t.setSelectionRange(4, 4));
    await page.keyboard.press('F1');
    const note = embed.locator('.field-doc[data-field-docs="embed"]');
    await note.waitFor();
    assert.match(await note.innerText(), /field docs are in the DaemonSet Playground page/);
    assert.deepEqual(await axeViolations(page, '#tolerations'), []);
    await page.keyboard.press('Escape');
    await note.waitFor({ state: 'detached' });
    assert.deepEqual(cors.requests.filter((p) => /(field-docs\.json|dsplay-full)/.test(p)), []);
    assert.deepEqual(page.errors, []);
  } finally {
    await cors.close();
  }
});

test('full build: hovering a key shows its type and description; F1 at the caret too; fetched once', async () => {
  const page = await openFull();
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

test('full build: typing a key offers the fields valid there; Enter takes one', async () => {
  const page = await openFull();
  await caretAfter(page, 'image: your-monitoring-agent-image:latest');
  await page.keyboard.type('\n        imagePu');
  const list = page.getByRole('listbox', { name: 'Fields' });
  await list.waitFor();
  await takeImagePullPolicy(page, list);

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

test('light build: an unknown field is underlined with the loader\'s message while typing', async () => {
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
  const page = await openFull({ width: 390, height: 844 });
  await hover(page, 'matchLabels:');
  await page.waitForFunction(() => document.querySelector('.field-doc')?.textContent.includes('matchLabels'));
  await shot(page, 'field-docs-hover-390');
  assert.deepEqual(await axeViolations(page), []);
  await caretAfter(page, 'image: your-monitoring-agent-image:latest');
  await page.keyboard.type('\n        res');
  await page.getByRole('listbox', { name: 'Fields' }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.errors, []);
});
