// The details panel's YAML (crates/dsplay-app/src/components/details.rs) lives in the full build
// (docs/design.md "Two builds of the page"): in the light build a pod's or a node's details show
// "Show YAML", which hands over to the full build with the selection and the editor's unsaved
// text; the full build opens the same details with the YAML shown and focused, byte for byte what
// the CLI's `kubectl get KIND NAME -o yaml` prints for the page's own share link. When the full
// build cannot be loaded the button comes back. An embed (light build, no full build to go to)
// says where the YAML is and loads nothing more. axe-core finds nothing on the details panel;
// no sideways scroll at 390 px. Screenshots: target/e2e-screenshots/details-yaml-*.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { newPage, shot, DIST, useBrowser, axeViolations, openSavedRun, sampleRunLog, dsplayBin } from './harness.mjs';
import { serveCors } from './embed-harness.mjs';

const env = useBrowser();

const build = (page) => page.evaluate(() => document.documentElement.dataset.build);
// The editor (the full build's details also has a region named "DaemonSet YAML").
const editor = (page) => page.locator('#yaml-editor');

/** The light page on the sample run (4 nodes, 2 DaemonSets), paused, with a line typed (not
 * applied) in the editor. */
async function openLight(viewport) {
  const page = await newPage(env.browser, { viewport: viewport ?? { width: 1440, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  await openSavedRun(page, env.server.url, sampleRunLog(4, 2), 4, 60000);
  assert.equal(await build(page), 'light');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await editor(page).focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# typed, not applied\n');
  return page;
}

/** The page's share link: the CLI starts from exactly this cluster. */
async function shareLink(page) {
  await page.getByRole('button', { name: 'Share' }).click();
  await page.waitForSelector('.share-pop[data-kind="copied"]');
  return page.locator('.share-link').inputValue();
}

/** What `dsplay simulate LINK kubectl:ARGS` prints (`kubectl get … -o yaml` on the linked cluster). */
const cli = (link, args) => execFileSync(dsplayBin(), ['simulate', `link:${link}`, `kubectl:${args}`], { encoding: 'utf8' });

/** Whether the details panel's first YAML block is unfolded. */
const isOpen = (page) => page.locator('.details details.yaml').first().evaluate((d) => d.open);

/** The YAML blocks the details panel shows, in order. */
const yamlBlocks = (page) => page.$$eval('.details [data-details-yaml="shown"] .yaml-view', (els) => els.map((e) => e.textContent));

test("a pod's Show YAML hands over to the full build with the pod selected and its YAML shown", async () => {
  const page = await openLight();
  const chip = page.locator('[data-node="worker-1"] [data-pod]').first();
  const pod = await chip.getAttribute('data-pod');
  await chip.click();
  await page.locator('.details h2', { hasText: `pod/${pod}` }).waitFor();
  // The light build: no YAML, the button in its place.
  assert.equal(await page.locator('.details [data-details-yaml="shown"]').count(), 0);
  const show = page.locator('.details [data-details-yaml="show"]');
  assert.equal(await show.innerText(), 'Show YAML');
  assert.deepEqual(await axeViolations(page, '.details'), []);
  const link = await shareLink(page);
  const text = await editor(page).inputValue();
  assert.match(text, /# typed, not applied\n$/);
  await shot(page, 'details-yaml-light-1440');

  await show.click();
  await page.waitForSelector('html[data-build="full"] .details [data-details-yaml="shown"]', { timeout: 60000 });
  assert.equal(await page.locator('.details h2').innerText(), `pod/${pod}`);
  const [podYaml, dsYaml] = await yamlBlocks(page);
  assert.equal(podYaml, cli(link, `get pod ${pod} -o yaml`));
  assert.equal(dsYaml, cli(link, 'get ds agent-0 -o yaml'));
  assert.match(podYaml, new RegExp(`^apiVersion: v1\nkind: Pod\nmetadata:\n(.*\n)*  name: ${pod}\n`));
  // Shown and focused (a keyboard user lands on what they asked for).
  assert.equal(await isOpen(page), true);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('yaml-view')), true);
  assert.equal(await editor(page).inputValue(), text, "the editor's unsaved text is kept");
  assert.deepEqual(await axeViolations(page, '.details'), []);
  await shot(page, 'details-yaml-full-1440');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("a node's Show YAML opens the node's YAML in the full build (390 px: no sideways scroll)", async () => {
  const page = await openLight({ width: 390, height: 844 });
  const link = await shareLink(page);
  await page.locator('[data-node="worker-2"]').click();
  await page.locator('.details h2', { hasText: 'node/worker-2' }).waitFor();
  const show = page.locator('.details [data-details-yaml="show"]');
  await show.scrollIntoViewIfNeeded();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scroll');
  assert.deepEqual(await axeViolations(page, '.details'), []);
  await shot(page, 'details-yaml-light-390');
  const text = await editor(page).inputValue();

  await show.click();
  await page.waitForSelector('html[data-build="full"] .details [data-details-yaml="shown"]', { timeout: 60000 });
  assert.equal(await page.locator('.details h2').innerText(), 'node/worker-2');
  // The node's YAML is folded by default in the full build; asked for, it is open.
  assert.equal(await isOpen(page), true);
  assert.deepEqual(await yamlBlocks(page), [cli(link, 'get node worker-2 -o yaml')]);
  assert.equal(await editor(page).inputValue(), text);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scroll');
  await shot(page, 'details-yaml-full-390');
  // Another node: the full build's default again (folded), the YAML still there.
  await page.getByRole('button', { name: 'Close details' }).click();
  await page.locator('[data-node="worker-3"]').click();
  await page.locator('.details h2', { hasText: 'node/worker-3' }).waitFor();
  assert.equal(await isOpen(page), false);
  assert.deepEqual(await yamlBlocks(page), [cli(link, 'get node worker-3 -o yaml')]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('when the full build cannot be loaded, Show YAML says so and comes back', async () => {
  const page = await newPage(env.browser);
  await page.route('**/dsplay-full*', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(env.server.url);
  await page.locator('[data-node="worker-1"]').click();
  await page.locator('.details [data-details-yaml="show"]').click();
  await page.locator('[data-tools-error]').waitFor();
  assert.equal(await build(page), 'light');
  const show = page.locator('.details [data-details-yaml="show"]');
  await show.waitFor();
  assert.equal(await show.isEnabled(), true);
  await page.context().close();
});

test('an embed says where the YAML is, and loads nothing more', async () => {
  // Embeds load their module with CORS (as from GitHub Pages): the embed tests' server.
  const cors = await serveCors(DIST);
  try {
    const page = await newPage(env.browser, { viewport: { width: 390, height: 844 } });
    await page.goto(`${cors.url}docs-example.html`);
    const embed = page.locator('#monitoring');
    await page.waitForFunction(() => document.getElementById('monitoring').shadowRoot?.querySelector('[data-node="worker-1"]'), null, { timeout: 30000 });
    await embed.locator('[data-node="worker-1"]').click();
    const note = embed.locator('.details [data-details-yaml="embed"]');
    await note.waitFor();
    assert.match(await note.innerText(), /YAML .* is in the DaemonSet Playground page, not in this embed/);
    assert.equal(await embed.locator('.details [data-details-yaml="show"]').count(), 0);
    assert.deepEqual(await axeViolations(page, '#monitoring'), []);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scroll');
    await note.scrollIntoViewIfNeeded();
    await shot(page, 'details-yaml-embed-390');
    assert.deepEqual(cors.requests.filter((p) => p.includes('dsplay-full')), []);
    assert.deepEqual(page.errors, []);
  } finally {
    await cors.close();
  }
});
