// Share links in headless Chromium: a `dsplay share` link opens to the pods `dsplay simulate
// link:` shows, and the page's own link (Share, Ctrl+S) opens in the CLI to the pods the page
// shows; a damaged, truncated or foreign link says so and loads nothing; opening a link keeps
// the reader's saved run ("Restore"); ?manifest=URL; "Download picture" is, byte for byte, the
// SVG `dsplay simulate link:… -o svg` writes. Screenshots: target/e2e-screenshots/share-*.
// Needs the dsplay binary: DSPLAY_BIN, or target/{release,debug}/dsplay (built if missing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, SHOTS, newPage, shot, sampleRunLog, openSavedRun, daemonSetYaml, dsplayBin, useBrowser } from './harness.mjs';

const env = useBrowser();
let bin;
let tmp;

before(() => {
  bin = dsplayBin();
  tmp = fs.mkdtempSync(path.join(ROOT, 'target', 'e2e-share-'));
  for (const i of [0, 1, 2]) fs.writeFileSync(path.join(tmp, `ds${i}.yaml`), daemonSetYaml(`agent-${i}`, i === 2 ? '      tolerations:\n      - operator: Exists\n' : ''));
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const dsplay = (args) => execFileSync(bin, args, { cwd: tmp, encoding: 'utf8', maxBuffer: 1 << 28 });

/** Pod names `dsplay simulate link:LINK` shows, sorted. */
function cliPods(link) {
  const list = JSON.parse(dsplay(['simulate', '-o', 'json', `link:${link}`]));
  return list.items.filter((o) => o.kind === 'Pod').map((o) => o.metadata.name).sort();
}

/** The simulated time a link's run ends at: its payload's time advances, read here with Node's
 * own inflate (not the code under test). */
function linkTime(link) {
  const payload = JSON.parse(zlib.inflateRawSync(Buffer.from(link.split('#v1=')[1], 'base64url')).toString());
  return payload.inputs.reduce((t, i) => t + (i.Advance ?? 0), 0);
}

/** Pod names the page shows (node cards and unplaced pods), sorted. */
const pagePods = (page) => page.$$eval('[data-pod]', (els) => els.map((e) => e.dataset.pod).sort());

/** A page whose clipboard works. */
const clipPage = () => newPage(env.browser, { permissions: ['clipboard-read', 'clipboard-write'] });

const note = (page) => page.locator('.share-pop');

/** The bytes of `dsplay simulate link:LINK -o svg`. */
const svgOf = (link) => execFileSync(bin, ['simulate', `link:${link}`, '-o', 'svg'], { cwd: tmp, maxBuffer: 1 << 28 });

/** The bytes of the page's "Download picture" (kept as target/e2e-screenshots/NAME.svg). */
async function pagePicture(page, name) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download picture' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'cluster.svg');
  const file = path.join(SHOTS, `${name}.svg`);
  fs.mkdirSync(SHOTS, { recursive: true });
  await download.saveAs(file);
  return fs.readFileSync(file);
}

/** Asserts two SVGs are the same bytes, naming the first difference when not. */
function assertSameBytes(page, cli) {
  if (Buffer.compare(page, cli) === 0) return;
  const at = [...page].findIndex((b, i) => b !== cli[i]);
  assert.fail(`the page's picture (${page.length} bytes) differs from the CLI's (${cli.length} bytes) at byte ${at}: `
    + `page ${JSON.stringify(page.subarray(at - 40, at + 40).toString())} vs CLI ${JSON.stringify(cli.subarray(at - 40, at + 40).toString())}`);
}

test('a dsplay share link opens to the same pods as dsplay simulate link:', async () => {
  const link = dsplay(['share', '-q', '--seed', '3', '--base-url', env.server.url, '--default-cluster', 'ds0.yaml', 'ds2.yaml',
    'add-node:worker', 'add-node:gpu-worker', 'taint:worker-2:dedicated=infra:NoExecute', 'cordon:worker-1', 'wait:30s']).trim();
  assert.ok(link.startsWith(`${env.server.url}#v1=`), link);
  const expected = cliPods(link);
  // agent-0 on the four workers but worker-2 (NoExecute) and on gpu-worker-1; agent-2 everywhere.
  assert.equal(expected.length, 4 + 6, expected.join(' '));
  const page = await newPage(env.browser);
  await page.goto(link);
  await page.waitForFunction((n) => document.querySelectorAll('[data-pod]').length === n, expected.length);
  assert.deepEqual(await pagePods(page), expected);
  assert.match(await note(page).innerText(), /Opened a shared playground, paused/);
  // Paused at the shared instant, the fragment gone from the address bar, the manifest in the editor.
  assert.equal(await page.locator('.clock-value').getAttribute('data-now-ms'), String(linkTime(link)));
  await page.getByRole('button', { name: 'Play' }).waitFor();
  // The fragment goes once the page is drawn (share_bar.rs `open_at_start`).
  await page.waitForFunction(() => location.hash === '');
  assert.match(await page.locator('#yaml-editor').inputValue(), /name: agent-2/);
  assert.equal(await page.locator('[data-node="worker-1"]').count(), 1);
  await shot(page, 'share-01-opened');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the page's Share link and Ctrl+S open in the CLI to the pods the page shows", async () => {
  const page = await clipPage();
  await page.goto(env.server.url);
  await page.waitForSelector('[data-node="worker-3"] [data-pod]');
  await page.getByRole('button', { name: 'Add node', exact: true }).click();
  await page.waitForSelector('[data-node="worker-4"] [data-pod]');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Share' }).click();
  await page.waitForSelector('.share-pop[data-kind="copied"]');
  const link = await page.locator('.share-link').inputValue();
  assert.ok(link.startsWith(`${env.server.url}#v1=`), link);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  assert.ok(link.length < 2000, `${link.length} characters`);
  assert.deepEqual(cliPods(link), await pagePods(page));
  await shot(page, 'share-02-copied');
  // Download picture: byte for byte what the CLI draws for the link, and the page's pods in it.
  const picture = await pagePicture(page, 'share-picture-page');
  assertSameBytes(picture, svgOf(link));
  for (const name of await pagePods(page)) assert.ok(picture.includes(name), name);
  // Ctrl+S: a new link, for the state after one more simulated second.
  await note(page).getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Step' }).click();
  await page.locator('body').press('Control+s');
  await page.waitForSelector('.share-pop[data-kind="copied"]');
  const again = await page.locator('.share-link').inputValue();
  assert.notEqual(again, link);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), again);
  assert.deepEqual(cliPods(again), await pagePods(page));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('opening a link keeps the saved run, and Restore brings it back', async () => {
  const page = await newPage(env.browser);
  await openSavedRun(page, env.server.url, sampleRunLog(6, 1), 6);
  await page.waitForSelector('[data-node="worker-5"] [data-pod]');
  const mine = await pagePods(page);
  const link = dsplay(['share', '-q', '--base-url', env.server.url, '--default-cluster', 'ds1.yaml']).trim();
  await page.goto(link);
  await page.waitForSelector('.share-pop[data-kind="opened"]');
  await page.waitForFunction(() => (document.querySelector('.cluster-panel .summary')?.textContent ?? '').startsWith('4 nodes'));
  assert.deepEqual(await pagePods(page), cliPods(link));
  assert.match(await note(page).innerText(), /Your previous playground was kept: Restore/);
  await shot(page, 'share-03-kept');
  await note(page).getByRole('button', { name: 'Restore' }).click();
  await page.waitForFunction(() => (document.querySelector('.cluster-panel .summary')?.textContent ?? '').startsWith('6 nodes'));
  assert.deepEqual(await pagePods(page), mine);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a link opened in a new tab builds only its cluster, keeps the saved run, and Restore brings it back', async () => {
  const link = dsplay(['share', '-q', '--base-url', env.server.url, '--default-cluster', 'ds1.yaml', 'add-node:small']).trim();
  const page = await newPage(env.browser);
  const saved = sampleRunLog(6, 1);
  await page.addInitScript((log) => {
    if (!sessionStorage.getItem('seeded')) { localStorage.setItem('dsplay.run', log); localStorage.setItem('dsplay.editor', '# mine\n'); sessionStorage.setItem('seeded', '1'); }
    // Every cluster size the page shows, in order: the link's alone (no default or saved cluster first).
    window.__sizes = [];
    new MutationObserver(() => {
      const n = (document.querySelector('.cluster-panel .summary')?.textContent ?? '').split(' ')[0];
      if (n && n !== window.__sizes.at(-1)) window.__sizes.push(n);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }, saved);
  await page.goto(link);
  await page.waitForSelector('.share-pop[data-kind="opened"]');
  assert.deepEqual(await pagePods(page), cliPods(link));
  assert.deepEqual(await page.evaluate(() => window.__sizes), ['5']);
  assert.match(await page.locator('#yaml-editor').inputValue(), /name: agent-1/);
  await page.getByRole('button', { name: 'Play' }).waitFor();
  await page.waitForFunction(() => location.hash === '');
  assert.match(await note(page).innerText(), /Your previous playground was kept: Restore/);
  await note(page).getByRole('button', { name: 'Restore' }).click();
  await page.waitForFunction(() => (document.querySelector('.cluster-panel .summary')?.textContent ?? '').startsWith('6 nodes'));
  assert.equal(await page.locator('#yaml-editor').inputValue(), '# mine\n');
  // A reload keeps the restored run (the link's fragment is gone from the address).
  await page.reload();
  await page.waitForFunction(() => (document.querySelector('.cluster-panel .summary')?.textContent ?? '').startsWith('6 nodes'));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a saved run is not written back as it opens; a link is saved as the page it opens', async () => {
  // Counts the page's writes of each key, and notes what `dsplay.run` holds when the cluster
  // is first shown (one write of a large run is a long task: app.rs, share_bar.rs).
  const watch = (page, nodes) => page.addInitScript((nodes) => {
    window.__writes = {};
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) { window.__writes[k] = (window.__writes[k] ?? 0) + 1; return set.call(this, k, v); };
    new MutationObserver(() => {
      if (window.__shownRun === undefined && (document.querySelector('.cluster-panel .summary')?.textContent ?? '').startsWith(`${nodes} nodes`)) {
        window.__shownRun = localStorage.getItem('dsplay.run');
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }, nodes);
  // A saved run (written with spaces, as no serializer of the page writes it): left as it is.
  const spaced = JSON.stringify(JSON.parse(sampleRunLog(6, 1)), null, 1);
  let page = await newPage(env.browser);
  await page.addInitScript((log) => localStorage.setItem('dsplay.run', log), spaced);
  await watch(page, 6);
  await page.goto(env.server.url);
  await page.waitForFunction(() => window.__shownRun !== undefined);
  // The page saves 250 ms after a change and every 5 simulated seconds (the run ends at 2m: 5 s
  // of the clock at ×1 away).
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(() => localStorage.getItem('dsplay.run')), spaced);
  assert.deepEqual(await page.evaluate(() => window.__writes['dsplay.run'] ?? 0), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
  // A link: its run is the saved run (and the last link opened), written once, after its
  // cluster is shown (not in the way of the first frame: share_bar.rs `open_at_start`).
  const link = dsplay(['share', '-q', '--base-url', env.server.url, '--default-cluster', 'ds1.yaml', 'add-node:small']).trim();
  page = await newPage(env.browser);
  await watch(page, 5);
  await page.goto(link);
  await page.waitForFunction(() => window.__shownRun !== undefined);
  await page.waitForTimeout(1000);
  const { shown, run, opened, writes } = await page.evaluate(() => ({
    shown: window.__shownRun, run: localStorage.getItem('dsplay.run'), opened: localStorage.getItem('dsplay.opened.run'), writes: window.__writes,
  }));
  assert.ok(opened, 'the link was remembered');
  assert.equal(shown, null);
  assert.equal(run, opened);
  assert.equal(writes['dsplay.run'], 1);
  assert.equal(writes['dsplay.opened.run'], 1);
  assert.match(run, /name: agent-1/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('damaged, truncated and foreign links load nothing, say why, and leave the page usable', async () => {
  const good = dsplay(['share', '-q', '--base-url', env.server.url, '--default-cluster', 'ds1.yaml', 'add-node:small']).trim();
  const cases = [
    [`${env.server.url}#v1=AAAA!!`, /^this link is damaged: character "!" at position 5 of its state is not base64url; nothing was loaded$/],
    [good.slice(0, -30), /^this link is damaged: it is cut short \(.*\); nothing was loaded$/],
    [`${env.server.url}#v9=abc`, /made by a newer version of the playground.*nothing was loaded$/],
    [`${env.server.url}#foo`, /^this is not a DaemonSet Playground share link: its fragment "foo" does not start with #v1=; nothing was loaded$/],
  ];
  const page = await newPage(env.browser);
  await openSavedRun(page, env.server.url, sampleRunLog(5, 1), 5);
  const mine = await pagePods(page);
  for (const [i, [link, says]] of cases.entries()) {
    await page.goto(link);
    const alert = page.locator('.share-pop[data-kind="error"][role="alert"]');
    await alert.waitFor();
    assert.match((await alert.locator('.share-msg').innerText()).trim(), says, link);
    if (i === 0) await shot(page, 'share-04-damaged');
    // Nothing loaded: the saved run is still there, and the page still works.
    await page.waitForFunction(() => (document.querySelector('.cluster-panel .summary')?.textContent ?? '').startsWith('5 nodes'));
    assert.deepEqual(await pagePods(page), mine);
  }
  await page.getByRole('button', { name: 'Add node', exact: true }).click();
  await page.waitForFunction(() => (document.querySelector('.cluster-panel .summary')?.textContent ?? '').startsWith('6 nodes'));
  assert.deepEqual(page.errors, []);
  await page.context().close();
  // The same when the page opens with the damaged link (read before the page mounts).
  const fresh = await newPage(env.browser);
  await openSavedRun(fresh, cases[1][0], sampleRunLog(5, 1), 5);
  assert.match((await fresh.locator('.share-pop[data-kind="error"][role="alert"] .share-msg').innerText()).trim(), cases[1][1]);
  await fresh.waitForFunction(() => location.hash === '');
  assert.deepEqual(await pagePods(fresh), mine);
  assert.deepEqual(fresh.errors, []);
  await fresh.context().close();
});

test('?manifest=URL loads a manifest across origins, with a clear error when it cannot', async () => {
  const big = Buffer.alloc((8 << 20) + 10, 0x20);
  const files = env.server.url; // another origin: a second server on another port
  const other = http.createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*' };
    if (req.url === '/ds.yaml') { res.writeHead(200, cors); res.end(daemonSetYaml('fetched')); return; }
    if (req.url === '/big.yaml') { res.writeHead(200, cors); res.end(big); return; }
    if (req.url === '/prose.txt') { res.writeHead(200, cors); res.end('just: [some prose\n'); return; }
    if (req.url === '/no-cors.yaml') { res.writeHead(200); res.end(daemonSetYaml('x')); return; }
    res.writeHead(404, cors); res.end('no');
  });
  await new Promise((r) => other.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${other.address().port}`;
  const page = await newPage(env.browser);
  const open = async (file) => {
    await page.goto(`${files}?manifest=${encodeURIComponent(`${base}/${file}`)}`);
    const pop = page.locator('.share-pop');
    await pop.waitFor();
    return pop;
  };
  try {
    let pop = await open('ds.yaml');
    assert.equal(await pop.getAttribute('data-kind'), 'manifest');
    await page.waitForSelector('[data-node="worker-1"] [data-daemonset="fetched"]');
    assert.match(await page.locator('#yaml-editor').inputValue(), /name: fetched/);
    pop = await open('missing.yaml');
    assert.match(await pop.innerText(), /Could not load the manifest from .*missing\.yaml: HTTP 404 Not Found; nothing was loaded/);
    pop = await open('no-cors.yaml');
    assert.match(await pop.innerText(), /network error .*CORS/);
    pop = await open('big.yaml');
    assert.match(await pop.innerText(), /big\.yaml:1:1: file is too large: the playground reads at most 8388608 bytes \(8 MiB\) per file/);
    pop = await open('prose.txt');
    assert.equal(await pop.getAttribute('data-kind'), 'manifest');
    // Not YAML: the loader's own located error, in the editor's messages.
    await page.locator('.col-editor .errors .error-msg', { hasText: "error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'" }).waitFor();
    await shot(page, 'share-05-manifest');
    // The only console errors are the browser's own for the 404 and the refused CORS read.
    assert.ok(page.errors.every((e) => /404|CORS|Failed to load resource|net::ERR_FAILED/.test(e)), page.errors.join('\n'));
  } finally {
    await page.context().close();
    await new Promise((r) => other.close(r));
  }
});

test("a dsplay share link's picture in the page is the CLI's -o svg, byte for byte", async () => {
  const link = dsplay(['share', '-q', '--seed', '7', '--base-url', env.server.url, '--default-cluster', 'ds0.yaml', 'ds2.yaml',
    'add-node:gpu-worker', 'add-node:small', 'taint:worker-2:dedicated=infra:NoExecute', 'cordon:worker-1',
    'label:worker-3:disk=ssd', 'notready:worker-3', 'wait:45s']).trim();
  const cli = svgOf(link);
  assert.match(cli.toString(), /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const page = await newPage(env.browser, { acceptDownloads: true });
  await page.goto(link);
  await page.waitForSelector('.share-pop[data-kind="opened"]');
  await page.waitForSelector('[data-node="small-worker-1"]');
  assertSameBytes(await pagePicture(page, 'share-picture-link'), cli);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
