// The scenario bar in headless Chromium (docs/scenarios.md): every built-in scenario played in
// the page ends with the pod names `dsplay simulate web/scenarios/X.yaml -o json` lists; a
// `pause: true` step stops the clock until the presenter goes on; previous step and timeline
// marks go back; a bad file shows located errors; **Record** (Download scenario, Copy
// command) replayed by the CLI reaches the page's pods. axe-core clean; screenshots at 390
// and 1440 px: target/e2e-screenshots/scenario-*.
// Needs the dsplay binary: DSPLAY_BIN, or target/{release,debug}/dsplay (built if missing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openFull, ROOT, newPage, shot, speed, dsplayBin, useBrowser, axeViolations } from './harness.mjs';

const SCENARIOS = path.join(ROOT, 'web', 'scenarios');

const env = useBrowser();
let bin;
let tmp;

before(() => {
  bin = dsplayBin();
  tmp = fs.mkdtempSync(path.join(ROOT, 'target', 'e2e-scenario-'));
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Pod names in `dsplay simulate FILE -o json`, sorted. */
function cliPods(file) {
  const out = execFileSync(bin, ['simulate', '-o', 'json', file], { cwd: tmp, encoding: 'utf8', maxBuffer: 1 << 28 });
  return JSON.parse(out).items.filter((o) => o.kind === 'Pod').map((o) => o.metadata.name).sort();
}

/** Pod names the page shows (node cards and unplaced pods), sorted. */
const pagePods = (page) => page.$$eval('[data-pod]', (els) => els.map((e) => e.dataset.pod).sort());

/** The player's state: next step, held, ended. */
const player = (page) => page.locator('.scenario-player').evaluate((el) => ({
  next: Number(el.dataset.next), held: el.dataset.held === 'true', ended: el.dataset.ended === 'true',
}));

/** Opens the page paused and plays the built-in scenario NAME from the menu (fresh storage). */
async function openScenario(page, name) {
  await openFull(page, env.server.url, 'scenarios');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByLabel('Play a built-in scenario').selectOption(name);
  await page.locator('.scenario-player').waitFor();
}

/** Lets the clock run at ×10 until the page shows `expected` pods (the cluster settles as the
 * CLI's does after the last step), then asserts they are the same names. */
async function runUntilPods(page, expected) {
  await speed(page, '×10');
  if (await page.getByRole('button', { name: 'Play scenario' }).count()) {
    await page.getByRole('button', { name: 'Play scenario' }).click();
  }
  await page.waitForFunction((want) => {
    const got = [...document.querySelectorAll('[data-pod]')].map((e) => e.dataset.pod).sort();
    return JSON.stringify(got) === JSON.stringify(want);
  }, expected, { timeout: 90000 }).catch(() => {});
  assert.deepEqual(await pagePods(page), expected);
}

test('the menu offers every scenario in web/scenarios/', async () => {
  const page = await newPage(env.browser);
  await openFull(page, env.server.url, 'scenarios');
  const offered = await page.$$eval('.scenario-menu option', (os) => os.map((o) => o.value).filter(Boolean));
  const files = fs.readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();
  assert.deepEqual(offered, files);
  await page.context().close();
});

test('01-node-churn played with Play (stopping at its pauses) ends with the CLI\'s pods', async () => {
  const file = path.join(SCENARIOS, '01-node-churn.yaml');
  const expected = cliPods(file);
  assert.ok(expected.length >= 3, expected.join(' '));
  const page = await newPage(env.browser);
  await openScenario(page, '01-node-churn');
  assert.match(await page.locator('.scenario-title').innerText(), /monitoring agent follows nodes/);
  assert.equal((await player(page)).next, 0);
  const marks = page.locator('.timeline .mark');
  const steps = fs.readFileSync(file, 'utf8').match(/^- at:/gm).length;
  assert.equal(await marks.count(), steps);
  await shot(page, 'scenario-loaded-1440');
  await speed(page, '×10');
  let holds = 0;
  for (;;) {
    await page.getByRole('button', { name: 'Play scenario' }).click();
    await page.waitForFunction(() => {
      const el = document.querySelector('.scenario-player');
      // Ended, or held with the clock stopped (just after Play, the player is still held
      // until the next tick passes the pause, with the clock running).
      const stopped = document.querySelector('.scenario-play').getAttribute('aria-label') === 'Play scenario';
      return el.dataset.ended === 'true' || (el.dataset.held === 'true' && stopped);
    }, null, { timeout: 60000 });
    const st = await player(page);
    if (st.ended) break;
    // Held before a pause step: the clock stopped for the presenter, and time stands still.
    holds += 1;
    await page.getByRole('button', { name: 'Play scenario' }).waitFor();
    const at = await page.locator('.clock-value').getAttribute('data-now-ms');
    await page.waitForTimeout(500);
    assert.equal(await page.locator('.clock-value').getAttribute('data-now-ms'), at);
    assert.match(await page.locator('.scenario-status').innerText(), /Waiting before step \d+/);
    await shot(page, 'scenario-held-1440');
  }
  assert.ok(holds >= 1, 'the scenario has a pause: true step');
  assert.notEqual(await page.locator('.scenario-caption').innerText(), '');
  await runUntilPods(page, expected);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// Side-by-side scenarios (compare:) play in their own panel: tests/e2e/compare.test.mjs.
const ONE_CLUSTER = fs.readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml'))
  .filter((f) => !/^compare:/m.test(fs.readFileSync(path.join(SCENARIOS, f), 'utf8')))
  .map((f) => f.replace(/\.yaml$/, '')).sort();
for (const name of ONE_CLUSTER) {
  test(`${name} played with Next step ends with the CLI's pods`, async () => {
    const expected = cliPods(path.join(SCENARIOS, `${name}.yaml`));
    const page = await newPage(env.browser);
    await openScenario(page, name);
    for (let i = 0; !(await player(page)).ended; i++) {
      await page.getByRole('button', { name: 'Next step' }).click();
      await page.waitForFunction((n) => Number(document.querySelector('.scenario-player').dataset.next) > n, i);
    }
    await runUntilPods(page, expected);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('previous step and a timeline mark go back to the cluster as it was after that step', async () => {
  const page = await newPage(env.browser);
  await openScenario(page, '01-node-churn');
  const after = [];
  for (let i = 0; !(await player(page)).ended; i++) {
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.waitForFunction((n) => Number(document.querySelector('.scenario-player').dataset.next) > n, i);
    after.push({ pods: await pagePods(page), now: await page.locator('.clock-value').getAttribute('data-now-ms') });
  }
  assert.ok(after.length >= 3);
  const last = after.length - 1;
  await page.getByRole('button', { name: 'Previous step' }).click();
  await page.waitForFunction((n) => Number(document.querySelector('.scenario-player').dataset.next) === n, last);
  assert.equal(await page.locator('.clock-value').getAttribute('data-now-ms'), after[last - 1].now);
  assert.deepEqual(await pagePods(page), after[last - 1].pods);
  await page.getByRole('button', { name: 'Go to step 2 at' }).click();
  await page.waitForFunction(() => document.querySelector('.scenario-player').dataset.next === '2');
  assert.equal(await page.locator('.clock-value').getAttribute('data-now-ms'), after[1].now);
  assert.deepEqual(await pagePods(page), after[1].pods);
  await page.getByRole('button', { name: 'Close the scenario' }).click();
  assert.equal(await page.locator('.scenario-player').count(), 0);
  await page.context().close();
});

test('a scenario file with mistakes shows located errors and plays nothing', async () => {
  const page = await newPage(env.browser);
  await openFull(page, env.server.url, 'scenarios');
  await page.locator('.file-pick input').setInputFiles({
    name: 'demo.yaml', mimeType: 'text/yaml',
    buffer: Buffer.from('kind: Scenario\ncluster: default\nsteps:\n- at: 30\n  step: cordon:worker-1\n- at: 1m\n  step: cordon:gpu-1\n'),
  });
  const note = page.locator('.scenario-note.error');
  await note.waitFor();
  const text = await note.innerText();
  assert.match(text, /demo\.yaml:4:3: steps\[0\]\.at: invalid duration "30"/);
  assert.match(text, /demo\.yaml:7:3: steps\[1\]\.step: node "gpu-1" will not exist at 1m/);
  assert.equal(await page.locator('.scenario-player').count(), 0);
  // A good file plays.
  await page.locator('.file-pick input').setInputFiles(path.join(SCENARIOS, '04-noschedule-vs-noexecute.yaml'));
  await page.locator('.scenario-player').waitFor();
  await page.context().close();
});

test('Record: the downloaded scenario and the copied command replay in the CLI to the page\'s pods', async () => {
  const page = await newPage(env.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(env.server.url);
  await speed(page, '×10');
  await page.getByRole('button', { name: 'Add node', exact: true }).click();
  await page.waitForTimeout(800);
  await page.locator('[data-node="worker-1"] .node-head').click();
  await page.locator('.details').getByRole('button', { name: 'Cordon' }).click();
  await page.waitForTimeout(800);
  await page.locator('.details').getByRole('button', { name: 'Mark NotReady' }).click();
  await page.waitForTimeout(800);
  await page.locator('[data-node="worker-2"] .node-head').click();
  await page.locator('.details').getByRole('button', { name: 'Remove', exact: true }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // What was done in the light build is handed over with the run: Record has all of it.
  await page.locator('.tools [data-panel="scenarios"]').click();
  await page.waitForSelector('html[data-build="full"] .scenario-bar');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download scenario' }).click(),
  ]);
  const file = path.join(tmp, 'recorded.yaml');
  await download.saveAs(file);
  const recorded = fs.readFileSync(file, 'utf8');
  assert.match(recorded, /^apiVersion: dsplay\/v1\nkind: Scenario\n/);
  assert.match(recorded, /cluster: default\n/);
  assert.match(recorded, /step: "add-node:worker"/);
  assert.match(recorded, /step: "cordon:worker-1"/);
  assert.match(recorded, /step: "notready:worker-1"/);
  assert.match(recorded, /step: "remove-node:worker-2"/);
  const expected = cliPods(file);
  assert.ok(expected.length >= 3, expected.join(' '));
  await page.getByRole('button', { name: 'Copy command' }).click();
  await page.locator('.scenario-note', { hasText: 'Copied' }).waitFor();
  const command = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(command.startsWith("dsplay simulate - <<'EOF'\napiVersion: dsplay/v1\n"), command);
  const viaCommand = execFileSync('bash', ['-c', command.replace('dsplay simulate -', `"${bin}" simulate -o json -`)], { cwd: tmp, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(viaCommand).items.filter((o) => o.kind === 'Pod').map((o) => o.metadata.name).sort(), expected);
  // The page, let run until it settles, shows the same pods.
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction((want) => {
    const got = [...document.querySelectorAll('[data-pod]')].map((e) => e.dataset.pod).sort();
    return JSON.stringify(got) === JSON.stringify(want);
  }, expected, { timeout: 90000 }).catch(() => {});
  assert.deepEqual(await pagePods(page), expected);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the scenario bar: axe-core clean, no sideways scrolling at 390 px, screenshots', async () => {
  for (const width of [390, 1440]) {
    const page = await newPage(env.browser, { viewport: { width, height: 900 } });
    await openScenario(page, '02-node-failures');
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.waitForFunction(() => document.querySelector('.scenario-player').dataset.next === '2');
    await shot(page, `scenario-${width}`);
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
    }));
    assert.ok(scroll <= client, `page is ${scroll} px wide in ${client} px`);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], violations.join('\n'));
    await page.context().close();
  }
});
