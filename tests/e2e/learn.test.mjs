// The Learn panel (full build) in headless Chromium: the light page's Learn button hands over to
// the full build; the lessons are fetched then (never before) and listed; a lesson's tasks are
// checked live as the learner acts through the editor and the buttons (the check fails first
// and says what it sees, then turns green); hints come one at a time; Apply solution completes
// a task even with the clock stopped; progress survives a reload; Reset goes back to the
// starting cluster; `?open=learn&lesson=NAME` opens a lesson (fetching its scenario file);
// axe-core finds no violations; no sideways scrolling at 390 px.
// Screenshots: target/e2e-screenshots/learn-*.png (learn-390-screen.png: the screen, not the page). The check's own cost at 100 nodes is
// reported (t.diagnostic), not asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { newPage, shot, SHOTS, useBrowser, axeViolations } from './harness.mjs';

const env = useBrowser();

const task = (page, i) => page.locator(`.learn-task[data-task="${i}"]`);
const check = (page, i) => task(page, i).locator('.learn-check');

/** Opens the page in the full build with the Learn panel open (and lesson `file`, if given). */
async function openLearn(page, file) {
  const query = file ? `?open=learn&lesson=${encodeURIComponent(file)}` : '?open=learn';
  await page.goto(env.server.url + query);
  await page.locator('html[data-build="full"] .learn-panel').waitFor();
  if (file) await page.locator(`.learn-lesson[data-lesson="${file}"]`).waitFor();
}

test('the light page\'s Learn button hands over to the full build; lessons are fetched only then', async () => {
  const page = await newPage(env.browser);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(env.server.url);
  await page.locator('html[data-build="light"] .app').waitFor();
  assert.equal(await page.locator('.learn-panel').count(), 0);
  assert.ok(!fetched.some((p) => p.startsWith('/lessons/')), 'nothing fetched before Learn is opened');
  await page.locator('button[data-panel="learn"]').click();
  await page.locator('html[data-build="full"] .learn-panel').waitFor();
  const items = page.locator('.learn-list li[data-lesson]');
  await items.first().waitFor();
  assert.equal(await items.count(), 10);
  assert.ok(fetched.includes('/lessons/index.txt'));
  assert.equal(await page.locator('button[data-panel="learn"]').getAttribute('aria-pressed'), 'true');
  // Close: the panel goes, the page gets its width back.
  await page.getByRole('button', { name: 'Close the lessons' }).click();
  assert.equal(await page.locator('.learn-panel').count(), 0);
  assert.equal(await page.locator('button[data-panel="learn"]').getAttribute('aria-pressed'), 'false');
  assert.deepEqual(page.errors, []);
});

test('checks turn green live as the learner acts through the editor and the buttons', async () => {
  const page = await newPage(env.browser);
  await openLearn(page, '02-monitoring-agent.md');
  // The address no longer names the lesson: a reload goes on where the learner is.
  assert.ok(!page.url().includes('lesson='), page.url());
  // The starting cluster: no DaemonSet; the check fails and says what it sees.
  assert.equal(await task(page, 0).getAttribute('data-state'), 'current');
  assert.equal(await check(page, 0).getAttribute('data-check'), 'fail');
  assert.match(await check(page, 0).textContent(), /^Not yet: there is no DaemonSet monitoring-agent/);
  // Through the editor: its example is the monitoring agent; Apply it, the clock runs.
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  await page.locator('.learn-task[data-task="0"][data-state="done"]').waitFor({ timeout: 60000 });
  // Through the buttons: cordon worker-2 in its details.
  assert.equal(await check(page, 1).getAttribute('data-check'), 'fail');
  assert.match(await check(page, 1).textContent(), /worker-2 is schedulable/);
  await page.locator('[data-node="worker-2"]').first().click();
  await page.locator('.col-details').getByRole('button', { name: 'Cordon', exact: true }).click();
  await page.locator('.learn-task[data-task="1"][data-state="done"]').waitFor({ timeout: 60000 });
  await page.locator('.learn-complete').waitFor();
  assert.deepEqual(page.errors, []);
});

test('a lesson completed by its solutions, hints one at a time, progress kept, reset', async () => {
  const page = await newPage(env.browser);
  await openLearn(page);
  await page.locator('.learn-list [data-lesson="03-nodes-join-and-leave.md"] button').click();
  const lesson = page.locator('.learn-lesson[data-lesson="03-nodes-join-and-leave.md"]');
  await lesson.waitFor();
  // The story is Markdown rendered as elements.
  assert.equal(await lesson.locator('.learn-story h3').first().textContent(), 'Nodes join and leave');
  assert.ok(await lesson.locator('.learn-story em').count() > 0);
  // The lesson's starting cluster: the monitoring agent on three workers, no worker-4.
  await page.locator('[data-node="worker-3"] [data-pod][data-daemonset="monitoring-agent"]').first().waitFor();
  assert.equal(await page.locator('[data-node="worker-4"]').count(), 0);
  // The clock stopped: Apply solution does not need it (the solution settles the cluster).
  await page.getByRole('button', { name: 'Pause' }).click();
  assert.equal(await check(page, 0).getAttribute('data-check'), 'fail');
  assert.match(await check(page, 0).textContent(), /^Not yet: .*there is no node worker-4/);
  // Hints, one at a time.
  assert.equal(await task(page, 0).locator('.learn-hints li').count(), 0);
  await task(page, 0).getByRole('button', { name: 'Show a hint (2 left)' }).click();
  assert.equal(await task(page, 0).locator('.learn-hints li').count(), 1);
  assert.match(await task(page, 0).locator('.learn-hints li').nth(0).textContent(), /Add node/);
  await task(page, 0).getByRole('button', { name: 'Show a hint (1 left)' }).click();
  assert.equal(await task(page, 0).locator('.learn-hints li').count(), 2);
  assert.equal(await task(page, 0).getByRole('button', { name: /Show a hint/ }).count(), 0);
  await shot(page, 'learn-task-1440');

  await task(page, 0).getByRole('button', { name: 'Apply solution' }).click();
  await page.locator('.learn-task[data-task="0"][data-state="done"]').waitFor();
  await page.locator('[data-node="worker-4"] [data-pod][data-daemonset="monitoring-agent"][data-phase="Ready"]').waitFor();
  assert.equal(await task(page, 1).getAttribute('data-state'), 'current');
  assert.equal(await check(page, 1).getAttribute('data-check'), 'fail');
  assert.match(await check(page, 1).textContent(), /^Not yet: .*node worker-1 exists$/);
  assert.equal(await task(page, 1).locator('.learn-hints li').count(), 0, 'hints start hidden for the next task');
  await task(page, 1).getByRole('button', { name: 'Apply solution' }).click();
  await page.locator('.learn-task[data-task="1"][data-state="done"]').waitFor();
  await page.locator('.learn-complete').waitFor();
  assert.equal(await page.locator('[data-node="worker-1"]').count(), 0);
  assert.equal(await page.locator('.learn-task.done').count(), 2);
  await shot(page, 'learn-complete-1440');
  assert.deepEqual(await axeViolations(page), []);

  // Progress is kept: after a reload (the panel stays open) the lesson is still complete.
  await page.reload();
  await page.locator('html[data-build="full"] .learn-complete').waitFor();
  assert.equal(await page.locator('[data-node="worker-1"]').count(), 0);
  // Back to the list: it says how much is done.
  await page.getByRole('button', { name: '← All lessons' }).click();
  assert.match(await page.locator('.learn-list [data-lesson="03-nodes-join-and-leave.md"]').textContent(), /2\/2 done/);
  // Reset: the starting cluster again, the first task current.
  await page.locator('.learn-list [data-lesson="03-nodes-join-and-leave.md"] button').click();
  await page.getByRole('button', { name: 'Reset lesson' }).click();
  await page.locator('.learn-task[data-task="0"][data-state="current"]').waitFor();
  await page.locator('[data-node="worker-1"]').first().waitFor();
  assert.equal(await page.locator('[data-node="worker-4"]').count(), 0);
  assert.equal(await check(page, 0).getAttribute('data-check'), 'fail');
  assert.deepEqual(page.errors, []);
});

test('?lesson= opens a lesson that starts from a scenario file; an unknown one says so', async () => {
  const page = await newPage(env.browser);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await openLearn(page, '05-control-plane-taint.md');
  assert.ok(fetched.includes('/scenarios/08-control-plane.yaml'), fetched.join(' '));
  await page.locator('.learn-check[data-check="fail"]').waitFor();
  assert.equal(await check(page, 0).textContent(), 'Not yet: monitoring-agent has 3 of 4 pods Ready; none on control-plane');
  await task(page, 0).getByRole('button', { name: 'Apply solution' }).click();
  await page.locator('.learn-task[data-task="0"][data-state="done"]').waitFor({ timeout: 60000 });

  await page.goto(env.server.url + '?open=learn&lesson=no-such-lesson');
  const problem = page.locator('.learn-panel .learn-problem[role="alert"]');
  await problem.waitFor();
  assert.match(await problem.textContent(), /^\?lesson=no-such-lesson: no such lesson; the lessons are 01-what-is-a-daemonset\.md, /);
  assert.deepEqual(page.errors, []);
});

test('at 390 px: no sideways scrolling, axe clean; at 1440 px beside the page', async () => {
  const page = await newPage(env.browser, { viewport: { width: 390, height: 844 } });
  await openLearn(page, '01-what-is-a-daemonset.md');
  await page.locator('.learn-check').first().waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `scrollWidth ${width}`);
  await shot(page, 'learn-390');
  // What the learner sees: the sheet over the bottom of the screen.
  await page.screenshot({ path: path.join(SHOTS, 'learn-390-screen.png') });
  assert.deepEqual(await axeViolations(page), []);

  const wide = await newPage(env.browser);
  await openLearn(wide, '01-what-is-a-daemonset.md');
  await wide.locator('.learn-check').first().waitFor();
  // The panel does not cover the page: the page leaves room for it.
  const { panel, main } = await wide.evaluate(() => ({
    panel: document.querySelector('.learn-panel').getBoundingClientRect().left,
    main: document.querySelector('.layout').getBoundingClientRect().right,
  }));
  assert.ok(main <= panel + 1, `the page ends at ${main}, the panel starts at ${panel}`);
  await shot(wide, 'learn-1440');
  assert.deepEqual(await axeViolations(wide), []);
});

test('the check\'s own cost at 100 nodes (reported, not asserted)', async (t) => {
  // Lesson 6's second task: a podsOn rule and an event: rule that is not there yet, so every
  // event is read on every evaluation (the most a lesson's check reads).
  const page = await newPage(env.browser);
  await openLearn(page, '06-resources-pending.md');
  await task(page, 0).getByRole('button', { name: 'Apply solution' }).click();
  await page.locator('.learn-task[data-task="1"][data-state="current"]').waitFor();
  for (let i = 0; i < 10; i++) await page.getByRole('button', { name: 'Add 10 nodes' }).click();
  await page.locator('.cluster-panel .summary', { hasText: /^10\d nodes/ }).waitFor();
  const summary = await page.locator('.cluster-panel .summary').textContent();
  const samples = [];
  for (let i = 0; i < 60; i++) {
    await page.waitForTimeout(100);
    samples.push(Number(await page.locator('.learn-panel').getAttribute('data-check-ms')));
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  t.diagnostic(`lesson 6 task 2's check, ${summary}: median ${samples[samples.length >> 1]} ms, mean ${mean.toFixed(3)} ms, max ${samples[samples.length - 1]} ms over ${samples.length} samples`);
  assert.equal(await check(page, 1).getAttribute('data-check'), 'fail');
  assert.ok(samples.every((s) => Number.isFinite(s)));
});
