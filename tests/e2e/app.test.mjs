// End-to-end tests of the release build (dist/) in headless Chromium.
// Run with tests/e2e/run.sh (builds first) or `node --test tests/e2e/` after a build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, shot, speed, podsOn, openSavedRun, useBrowser } from './harness.mjs';

const env = useBrowser();

const WORKERS = ['worker-1', 'worker-2', 'worker-3'];
const readyOn = (node) => `[data-node="${node}"] [data-pod][data-phase="Ready"]`;

/** Opens the page and waits for the seed example's pods to be Ready on the three workers. */
async function openReady(page) {
  await page.goto(env.server.url);
  await page.waitForSelector('[data-node="control-plane"]');
  await speed(page, '×10');
  for (const w of WORKERS) await page.waitForSelector(readyOn(w), { timeout: 15000 });
}

test('the default page shows three Ready pods and none on the control-plane node', async () => {
  const page = await newPage(env.browser);
  await openReady(page);
  for (const w of WORKERS) {
    const pods = await podsOn(page, w);
    assert.equal(pods.length, 1, `${w} has one pod`);
    assert.equal(pods[0].ds, 'monitoring-agent');
    assert.equal(pods[0].phase, 'Ready');
  }
  assert.deepEqual(await podsOn(page, 'control-plane'), []);
  // The reason is one click away.
  await page.locator('[data-node="control-plane"]').getByRole('button', { name: 'Why?' }).click();
  const why = page.locator('.details .why-item');
  await why.first().waitFor();
  assert.match(await why.first().innerText(), /node-role\.kubernetes\.io\/control-plane/);
  // The kubectl table and the rollout line.
  const row = page.locator('.ds-table tbody tr').first();
  assert.match(await row.innerText(), /monitoring-agent\s+3\s+3\s+3\s+3\s+3/);
  assert.match(await page.locator('.rollout').innerText(), /daemon set "monitoring-agent" successfully rolled out/);
  await shot(page, '01-default');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('"Add node" adds a node that gets a pod', async () => {
  const page = await newPage(env.browser);
  await openReady(page);
  await page.getByRole('button', { name: 'Add node', exact: true }).click();
  await page.waitForSelector('[data-node="worker-4"]');
  await page.waitForSelector(readyOn('worker-4'), { timeout: 15000 });
  assert.equal((await podsOn(page, 'worker-4')).length, 1);
  await shot(page, '02-add-node');
  await page.context().close();
});

test('removing a node removes its pod', async () => {
  const page = await newPage(env.browser);
  await openReady(page);
  const [pod] = await podsOn(page, 'worker-1');
  await page.locator('[data-node="worker-1"]').click();
  await page.locator('.details').getByRole('button', { name: 'Remove', exact: true }).click();
  await page.waitForSelector('[data-node="worker-1"]', { state: 'detached' });
  // The pod garbage collector deletes the orphaned pod.
  await page.waitForSelector(`[data-pod="${pod.name}"]`, { state: 'detached', timeout: 20000 });
  assert.equal(await page.locator('[data-node]').count(), 3);
  await shot(page, '03-remove-node');
  await page.context().close();
});

test('a NoExecute taint evicts the pod', async () => {
  const page = await newPage(env.browser);
  await openReady(page);
  const [pod] = await podsOn(page, 'worker-2');
  await page.locator('[data-node="worker-2"]').click();
  const details = page.locator('.details');
  await details.getByLabel('Taint key').fill('maintenance');
  await details.getByLabel('Taint value').fill('true');
  await details.getByLabel('Taint effect').selectOption('NoExecute');
  await details.getByRole('button', { name: 'Add taint' }).click();
  await page.waitForSelector(`[data-pod="${pod.name}"]`, { state: 'detached', timeout: 20000 });
  assert.deepEqual(await podsOn(page, 'worker-2'), []);
  assert.match(await page.locator('[data-node="worker-2"]').innerText(), /maintenance=true:NoExecute/);
  await shot(page, '04-noexecute-taint');
  await page.context().close();
});

test('invalid YAML shows an error at its line and keeps the cluster', async () => {
  const page = await newPage(env.browser);
  await openReady(page);
  const editor = page.getByLabel('DaemonSet YAML');
  const text = await editor.inputValue();
  // Break line 9 (the `spec:` line): a tab is not allowed as YAML indentation.
  const lines = text.split('\n');
  const broken = [...lines.slice(0, 9), 'spec:', '  selector: [unclosed', ...lines.slice(10)].join('\n');
  await editor.fill(broken);
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const err = page.locator('.errors .error').first();
  await err.waitFor();
  assert.match(await err.innerText(), /line \d+:\d+/);
  assert.ok(await page.locator('.gutter .ln.err').count() >= 1, 'the gutter marks the line');
  // The text and the cluster are still there.
  assert.equal(await editor.inputValue(), broken);
  for (const w of WORKERS) assert.equal((await podsOn(page, w)).length, 1);
  await shot(page, '05-invalid-yaml');
  await page.context().close();
});

test('a reload keeps the edited YAML and the cluster', async () => {
  const page = await newPage(env.browser);
  await openReady(page);
  const editor = page.getByLabel('DaemonSet YAML');
  const edited = (await editor.inputValue()).replace('your-monitoring-agent-image:latest', 'your-monitoring-agent-image:v2');
  await editor.fill(edited);
  await page.getByRole('button', { name: 'Add node', exact: true }).click();
  await page.waitForSelector('[data-node="worker-4"]');
  await page.waitForTimeout(300);
  await page.reload();
  await page.waitForSelector('[data-node="worker-4"]');
  assert.equal(await page.getByLabel('DaemonSet YAML').inputValue(), edited);
  await shot(page, '06-reload');
  await page.context().close();
});

test('a panic shows the error with Reset, and the YAML survives', async () => {
  const page = await newPage(env.browser);
  await openReady(page);
  const editor = page.getByLabel('DaemonSet YAML');
  const edited = (await editor.inputValue()) + '\n# kept through a crash\n';
  await editor.fill(edited);
  await page.goto(env.server.url + '#crash-test');
  await page.reload();
  const panel = page.locator('#panic');
  await panel.waitFor({ state: 'visible' });
  assert.match(await page.locator('#panic-message').innerText(), /crash test/);
  assert.equal(await page.locator('#panic-text').inputValue(), edited);
  await shot(page, '07-panic');
  await panel.getByRole('button', { name: 'Reset' }).click();
  await page.waitForSelector('[data-node="control-plane"]');
  assert.equal(await page.getByLabel('DaemonSet YAML').inputValue(), edited);
  assert.equal(await page.locator('#panic').isVisible(), false);
  await page.context().close();
});

test('a large cluster renders only the node cards near the viewport, and scrolling shows the others', async () => {
  const page = await newPage(env.browser);
  // A saved run of 400 nodes (the default four, then 396 added workers) and one DaemonSet.
  const inputs = [
    { Node: { Add: { name: 'control-plane', template: 'ControlPlane' } } },
    ...[1, 2, 3].map((i) => ({ Node: { Add: { name: `worker-${i}`, template: 'Worker' } } })),
    { Apply: { file: 'daemonset.yaml', text: 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template:\n    metadata: {labels: {app: agent}}\n    spec: {containers: [{name: c, image: agent:1}]}\n' } },
    ...Array.from({ length: 396 }, () => ({ Node: { Add: { name: null, template: 'Worker' } } })),
    { Advance: 60000 },
  ];
  await openSavedRun(page, env.server.url, JSON.stringify({ seed: 1, inputs }), 400);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Above 200 nodes the overview shows by itself (tests/e2e/overview.test.mjs): the cards are
  // one click away.
  await page.locator('[data-view="cards"]').click();
  await page.locator('[data-node]').first().waitFor();
  const names = () => page.locator('[data-node]').evaluateAll((els) => els.map((e) => e.dataset.node));
  const top = await names();
  assert.ok(top.length > 0 && top.length < 400, `${top.length} of 400 cards rendered`);
  assert.equal(top[0], 'control-plane');
  // Every rendered card keeps its hooks: a pod of the DaemonSet on each worker.
  const worker = top.find((n) => n.startsWith('worker-'));
  assert.equal(await page.locator(`[data-node="${worker}"] [data-pod][data-daemonset="agent"]`).count(), 1);
  // The grid is as tall as all 400 cards: scrolling to its end shows the last ones. Rows not
  // rendered yet are estimated, so the grid's height settles as they render: keep scrolling to
  // its end, as a user would, until the last rendered card ends where the grid ends (no padding
  // left below it).
  await page.waitForFunction(() => {
    const grid = document.querySelector('.nodes');
    const last = grid.querySelector(':scope > [data-node]:last-of-type');
    if (last && Math.abs(last.getBoundingClientRect().bottom - grid.getBoundingClientRect().bottom) < 2) return true;
    window.scrollTo(0, grid.getBoundingClientRect().bottom + window.scrollY - window.innerHeight);
    return false;
  }, null, { polling: 100 });
  const bottom = await names();
  assert.ok(bottom.length > 0 && bottom.length < 400, `${bottom.length} of 400 cards rendered`);
  assert.ok(!bottom.includes('control-plane'));
  await shot(page, '08-large-cluster-scrolled');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
