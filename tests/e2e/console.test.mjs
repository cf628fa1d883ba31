// The kubectl console (full build, `?open=console`) in headless Chromium: get, describe,
// taint, rollout undo, a typo with kubectl's error, Tab completion, -w then Ctrl+C, history,
// Ctrl+L, pasted lines, edit into the editor, the events' history line, presentation mode;
// the console prints the bytes the CLI prints for the same command on the same cluster (after
// its idle warm-up, which changes nothing, and which a console opened later finds done);
// axe finds no violations; screenshots at 390 and 1440 px (target/e2e-screenshots/console-*).
// The scrollback is windowed: lines are read by scrolling them into view (`lines`).
// The last test reports Enter → painted times on 1,000 nodes × 3 DaemonSets (no timing assert;
// docs/performance.md, "The console").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { newPage, shot, openSavedRun, sampleRunLog, dsplayBin, useBrowser, axeViolations, timeConsoleLine } from './harness.mjs';

const env = useBrowser();

/** Opens the page on the sample run (4 nodes, 2 DaemonSets) in the full build with the
 * console open (`?open=console`), paused. */
async function openConsole(page, nodes = 4, daemonSets = 2, open = 'console') {
  await openSavedRun(page, `${env.server.url}?open=${open}`, sampleRunLog(nodes, daemonSets), nodes, 120000);
  await page.waitForFunction(() => document.documentElement.dataset.build === 'full');
  await page.locator('[data-console-input]').waitFor();
  const pause = page.getByRole('button', { name: 'Pause' });
  if (await pause.count()) await pause.click();
}

const count = (page) => page.locator('[data-console-output]').evaluate((o) => Number(o.dataset.consoleLines));

/** The scrollback's lines `from..to`, each drawn by scrolling it into view. */
async function lines(page, from, to) {
  return page.locator('[data-console-output]').evaluate(async (out, [from, to]) => {
    const got = [];
    let tries = 0;
    for (let i = from; i < to;) {
      const el = out.querySelector(`[data-line="${i}"]`);
      if (el) { got.push(el.textContent); i++; tries = 0; continue; }
      if (++tries > 20) throw new Error(`line ${i} is never drawn`);
      out.scrollTop = (i * out.scrollHeight) / Number(out.dataset.consoleLines);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20)));
    }
    return got.join('');
  }, [from, to]);
}

/** Types `line`, presses Enter, and returns what the console printed for it (its echo left out). */
async function run(page, line) {
  const before = await count(page);
  await page.locator('[data-console-input]').fill(line);
  await page.locator('[data-console-input]').press('Enter');
  // The echo, then at least one more line (the answer).
  await page.waitForFunction((n) => Number(document.querySelector('[data-console-output]').dataset.consoleLines) > n + 1, before);
  const echo = await lines(page, before, before + 1);
  assert.equal(echo, `$ ${line}\n`);
  return lines(page, before + 1, await count(page));
}

test('get, describe, taint, rollout undo, a typo, completion, -w, history, Ctrl+L, paste, edit', async () => {
  const page = await newPage(env.browser);
  await openConsole(page);

  const pods = await run(page, 'kubectl get pods -o wide');
  assert.match(pods, /^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE +NOMINATED NODE +READINESS GATES\n/);
  assert.match(pods, /agent-0-\w+ +1\/1 +Running +0 +\S+ +10\.244\.\d+\.\d+ +worker-1/);

  const described = await run(page, 'describe ds agent-0');
  assert.match(described, /^Name: +agent-0\nNamespace: +default\n/);
  assert.match(described, /Pods Status: +3 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed/);
  assert.match(described, /Events:\n  Type +Reason +Age +From +Message\n/);

  assert.equal(await run(page, 'kubectl taint nodes worker-2 dedicated=db:NoExecute'), 'node/worker-2 tainted\n');
  // The taint reached the cluster view (the same input as the page's buttons).
  await page.waitForFunction(() => document.querySelector('[data-node="worker-2"]')?.textContent.includes('dedicated'));

  await run(page, 'kubectl set image ds/agent-1 c=example.com/agent-1:2');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Pause' }).click();
  assert.equal(await run(page, 'kubectl rollout undo ds/agent-1'), 'daemonset.apps/agent-1 rolled back\n');

  const typo = await run(page, 'kubectl get dae');
  assert.equal(typo, 'error: the server doesn\'t have a resource type "dae"\n');
  assert.equal(await page.locator('[data-console-output] .console-err').last().textContent(), 'error: the server doesn\'t have a resource type "dae"\n');
  assert.equal(await run(page, 'kubectl scale ds/agent-0 --replicas=2'), 'Error from server (NotFound): the server could not find the requested resource\n');

  // Tab completes the verb, then the node's name; several candidates are listed.
  const input = page.locator('[data-console-input]');
  await input.fill('kubectl descr');
  await input.press('Tab');
  assert.equal(await input.inputValue(), 'kubectl describe ');
  await input.fill('kubectl cordon worker-');
  await input.press('Tab');
  assert.equal(await input.inputValue(), 'kubectl cordon worker-');
  assert.match(await page.locator('[data-console-output]').textContent(), /worker-1  worker-2  worker-3\n$/);
  await input.fill('kubectl cordon control');
  await input.press('Tab');
  assert.equal(await input.inputValue(), 'kubectl cordon control-plane ');
  // File names from the folder: the scenarios' manifests too.
  await input.fill('kubectl apply -f 05-rolling-update-steps-');
  await input.press('Tab');
  assert.match(await page.locator('[data-console-output]').textContent(), /05-rolling-update-steps-0\.yaml  05-rolling-update-steps-1\.yaml\n$/);

  // History: ↑ brings back the last line run.
  await input.fill('');
  await input.press('ArrowUp');
  assert.equal(await input.inputValue(), 'kubectl scale ds/agent-0 --replicas=2');
  await input.press('ArrowUp');
  assert.equal(await input.inputValue(), 'kubectl get dae');
  await input.press('ArrowDown');
  await input.press('ArrowDown');
  assert.equal(await input.inputValue(), '');

  // Every command is in the events' history as a kubectl line.
  const typed = await page.locator('[data-typed]').allTextContents();
  assert.ok(typed.some((t) => t.includes('kubectl taint nodes worker-2 dedicated=db:NoExecute')), typed.join('|'));
  assert.ok(typed.some((t) => t.includes('kubectl describe ds agent-0')), typed.join('|'));

  // -w streams the rows that change until Ctrl+C.
  const watched = await run(page, 'kubectl get pods -w');
  assert.match(watched, /^NAME +READY +STATUS +RESTARTS +AGE\n/);
  await page.locator('[data-console-watching]').waitFor();
  const rows = await count(page);
  await page.getByRole('button', { name: 'Add node', exact: true }).click();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-console-output]').dataset.consoleLines) > n, rows);
  await page.getByRole('button', { name: 'Pause' }).click();
  const streamed = await lines(page, rows, await count(page));
  assert.match(streamed, /agent-0-\w+ +\d\/1 +\w+ +0 /);
  await input.press('Control+c');
  await page.locator('[data-console-watching]').waitFor({ state: 'detached' });
  assert.match(await page.locator('[data-console-output]').textContent(), /\$ \^C\n$/);

  // Several pasted lines run one by one, each echoed before its answer.
  await input.fill('');
  await input.focus();
  const start = await count(page);
  await page.evaluate(() => {
    const el = document.querySelector('[data-console-input]');
    const data = new DataTransfer();
    data.setData('text', 'kubectl version --client\nls\n');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction((n) => Number(document.querySelector('[data-console-output]').dataset.consoleLines) > n + 5, start);
  const pasted = await lines(page, start, await count(page));
  assert.match(pasted, /^\$ kubectl version --client\nClient Version: v1\.33\.1\nKustomize Version: v5\.6\.0\n\$ ls\n/);
  for (const file of ['daemonset.yaml', 'monitoring-agent.yaml', '05-rolling-update-steps-1.yaml', '07-resource-squeeze-steps-0.yaml']) {
    assert.match(pasted, new RegExp(`^${file.replace(/\./g, '\\.')}$`, 'm'), file);
  }
  // A scenario's manifest applies from the folder.
  assert.equal(await run(page, 'kubectl apply -f 05-rolling-update-steps-0.yaml'), 'daemonset.apps/delete-first created\ndaemonset.apps/surge-first created\n');

  // edit opens the object in the editor.
  assert.match(await run(page, 'kubectl edit ds/agent-0'), /^daemonset\.apps\/agent-0 opened in the editor/);
  await page.waitForFunction(() => (document.querySelector('.highlight')?.textContent ?? '').includes('name: agent-0'));

  await shot(page, 'console-1440');
  // Ctrl+L clears the scrollback.
  await input.press('Control+l');
  assert.equal(await page.locator('[data-console-output]').textContent(), '');
  assert.equal(await count(page), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the console prints the bytes the CLI prints for the same command', async () => {
  const page = await newPage(env.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await openConsole(page);
  // The idle warm-up (from the full build's first idle moment: commands run on a cluster of
  // its own, answers dropped) prints nothing, records nothing and leaves the page's cluster
  // as it was: the CLI, from the share link, prints the same bytes as the console below.
  await page.waitForSelector('[data-console-output][data-console-warmed]', { state: 'attached', timeout: 30000 });
  const out = page.locator('[data-console-output]');
  assert.equal(await out.getAttribute('data-console-answers'), '0');
  assert.equal(await out.getAttribute('data-console-lines'), '0');
  assert.equal(await page.locator('[data-typed]').count(), 0);
  // The page's own share link: the CLI starts from exactly this cluster (not settled), and
  // a kubectl step prints before the CLI lets the cluster settle.
  await page.getByRole('button', { name: 'Share' }).click();
  await page.waitForSelector('.share-pop[data-kind="copied"]');
  const link = await page.locator('.share-link').inputValue();
  for (const line of ['kubectl get pods -o wide', 'kubectl get ds -o yaml', 'kubectl describe node worker-1']) {
    const fromConsole = await run(page, line);
    const fromCli = execFileSync(dsplayBin(), ['simulate', `link:${link}`, `kubectl:${line.replace(/^kubectl /, '')}`], { encoding: 'utf8' });
    assert.equal(fromConsole, fromCli, line);
  }
  await page.close();
});

// The warm-up runs in the full build's idle time whether the console is open or not (it
// starts as the page mounts): a console opened later finds it done, before any command.
test('the warm-up has run by the time a console opened later shows', async () => {
  const page = await newPage(env.browser);
  await openSavedRun(page, `${env.server.url}?open=scenarios`, sampleRunLog(4, 2), 4, 120000);
  await page.waitForFunction(() => document.documentElement.dataset.build === 'full');
  assert.equal(await page.locator('[data-console-output]').count(), 0);
  // Far longer than it takes (0.1-0.3 s on the project's machine, loaded).
  await page.waitForTimeout(5000);
  await page.locator('button[data-panel="console"]').click();
  const out = page.locator('[data-console-output]');
  await out.waitFor({ state: 'attached' });
  assert.equal(await out.getAttribute('data-console-warmed'), '');
  assert.equal(await out.getAttribute('data-console-answers'), '0');
  assert.equal(await out.getAttribute('data-console-lines'), '0');
  assert.deepEqual(page.errors, []);
  await page.close();
});

// The console keeps the last 20,000 lines of its scrollback, and a `get -o yaml|json` List of more
// is printed only as far back as those lines reach (the core's List writer from its last object
// backwards): what the console keeps is exactly the last 20,000 lines of the CLI's whole List.
test('a long List: the console keeps exactly the last 10,000 lines of what the CLI prints, after a note', async () => {
  const page = await newPage(env.browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  // 100 nodes x 3 DaemonSets: 294 pods, about 30,000 lines of YAML and 47,000 of JSON.
  await openConsole(page, 100, 3);
  await page.getByRole('button', { name: 'Share' }).click();
  await page.waitForSelector('.share-pop[data-kind="copied"]');
  const link = await page.locator('.share-link').inputValue();
  for (const line of ['kubectl get pods -o yaml', 'kubectl get pods -A -o json']) {
    const answers = await page.locator('[data-console-output]').evaluate((o) => o.dataset.consoleAnswers);
    await page.locator('[data-console-input]').fill(line);
    await page.locator('[data-console-input]').press('Enter');
    await page.waitForFunction((n) => document.querySelector('[data-console-output]').dataset.consoleAnswers !== n, answers);
    const fromCli = execFileSync(dsplayBin(), ['simulate', `link:${link}`, `kubectl:${line.replace(/^kubectl /, '')}`], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const cliLines = fromCli.split('\n').slice(0, -1);
    assert.ok(cliLines.length > 25000, `${line}: ${cliLines.length} lines`);
    // The note that older lines were not kept, then the List's last 10,000 lines.
    assert.equal(await count(page), 10001, line);
    assert.equal(await lines(page, 0, 1), '(older lines not kept: the console keeps the last 10,000)\n', line);
    assert.equal(await page.locator('[data-console-output] .console-note').count(), 1, line);
    const kept = await lines(page, 1, 10001);
    assert.equal(kept, `${cliLines.slice(-10000).join('\n')}\n`, line);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('axe finds no violations with the console open; narrow screens; presentation mode', async () => {
  for (const width of [390, 1440]) {
    const page = await newPage(env.browser, { viewport: { width, height: 900 } });
    await openConsole(page);
    await run(page, 'kubectl get nodes');
    await run(page, 'kubectl get nope');
    const violations = await axeViolations(page, '[data-console]');
    assert.deepEqual(violations, [], `${width}px`);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sideways <= width, `no sideways scrolling at ${width}px (${sideways})`);
    await shot(page, `console-${width}`);
    assert.deepEqual(page.errors, []);
    await page.close();
  }
  // Presentation mode keeps the console: it answers there too, and typing in it is not a
  // presenter's shortcut (`a` adds no node).
  const page = await newPage(env.browser);
  await openConsole(page, 4, 2, 'console,present');
  await page.waitForFunction(() => document.body.classList.contains('presenting'));
  assert.ok(await page.locator('[data-console-input]').isVisible());
  assert.match(await run(page, 'kubectl get ds'), /^NAME +DESIRED +CURRENT +READY/);
  assert.match(await run(page, 'get nodes'), /^NAME +STATUS +ROLES/);
  assert.equal(await page.locator('[data-node]').count(), 4);
  await shot(page, 'console-presenting-1440');
  assert.deepEqual(page.errors, []);
  await page.close();
});

// A report, not a check (minutes on a shared machine, with `get pods -o yaml` of 3,000 pods): it runs
// with CONSOLE_REPORT=1 (docs/performance.md, "The console").
test('report: Enter to painted on 1,000 nodes × 3 DaemonSets', { skip: !process.env.CONSOLE_REPORT && 'set CONSOLE_REPORT=1 to run this report' }, async () => {
  const page = await newPage(env.browser);
  await openConsole(page, 1000, 3);
  const report = [];
  const commands = ['get pods -o wide', 'get pods', 'get nodes', 'get ds', 'describe ds agent-0', 'get events',
    'taint nodes worker-1 a=b:NoSchedule', 'taint nodes worker-1 a-', 'get pods -o yaml', 'get pods -o json', 'kubectl get dae'];
  for (const line of commands) {
    const times = [];
    for (let i = 0; i < 3; i++) {
      // From the keydown that runs the line to the answer in the DOM, then painted.
      times.push(await timeConsoleLine(page, line));
    }
    report.push(`${line}: ${times.map(([d, p, n]) => `${d.toFixed(1)}/${p.toFixed(1)} ms (${n} lines drawn)`).join(', ')}`);
  }
  // Not a timed assert: the numbers go in docs/performance.md.
  console.log(`console, 1000 nodes x 3 DaemonSets, Enter -> in DOM / painted:\n${report.join('\n')}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});
