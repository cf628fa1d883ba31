// "Download picture" in headless Chromium is, byte for byte, the SVG `dsplay simulate … -o svg`
// writes for the same run: a `dsplay share` link opened in the page, and the page's own run
// shared to the CLI. Needs the dsplay binary: DSPLAY_BIN, or target/{release,debug}/dsplay (built
// if missing). The pictures are kept under target/e2e-screenshots/picture-*.svg.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, SHOTS, serve, launch, newPage, daemonSetYaml } from './harness.mjs';

let server;
let browser;
let bin;
let tmp;

before(async () => {
  bin = process.env.DSPLAY_BIN
    || ['release', 'debug'].map((p) => path.join(ROOT, 'target', p, 'dsplay')).find((p) => fs.existsSync(p));
  if (!bin) {
    execFileSync('cargo', ['build', '-q', '-p', 'dsplay-cli'], { cwd: ROOT, stdio: 'inherit' });
    bin = path.join(ROOT, 'target', 'debug', 'dsplay');
  }
  tmp = fs.mkdtempSync(path.join(ROOT, 'target', 'e2e-picture-'));
  fs.writeFileSync(path.join(tmp, 'agent.yaml'), daemonSetYaml('agent'));
  // Names and labels a picture must escape, and a toleration that puts the pod on the control plane.
  fs.writeFileSync(path.join(tmp, 'logs.yaml'), daemonSetYaml('logs', '      tolerations:\n      - operator: Exists\n')
    .replace('labels: {app: logs}\n    spec:', 'labels: {app: logs}\n      annotations: {note: "<b>&amp;</b>"}\n    spec:'));
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const dsplay = (args) => execFileSync(bin, args, { cwd: tmp, maxBuffer: 1 << 28 });

/** The bytes of the page's "Download picture". */
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

test("a dsplay share link's picture in the page is the CLI's -o svg, byte for byte", async () => {
  const link = dsplay(['share', '-q', '--seed', '7', '--base-url', server.url, '--default-cluster', 'agent.yaml', 'logs.yaml',
    'add-node:gpu-worker', 'add-node:small', 'taint:worker-2:dedicated=infra:NoExecute', 'cordon:worker-1',
    'label:worker-3:disk=ssd', 'notready:worker-3', 'wait:45s']).toString().trim();
  const cli = dsplay(['simulate', `link:${link}`, '-o', 'svg']);
  assert.match(cli.toString(), /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const page = await newPage(browser, { acceptDownloads: true });
  await page.goto(link);
  await page.waitForSelector('.share-pop[data-kind="opened"]');
  await page.waitForSelector('[data-node="small-worker-1"]');
  assertSameBytes(await pagePicture(page, 'picture-link'), cli);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("the page's own run: its picture is the CLI's -o svg of the page's Share link", async () => {
  const page = await newPage(browser, { acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(server.url);
  await page.waitForSelector('[data-node="worker-3"] [data-pod]');
  await page.getByRole('button', { name: 'Add node', exact: true }).click();
  await page.waitForSelector('[data-node="worker-4"] [data-pod]');
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Step' }).click();
  await page.getByRole('button', { name: 'Share' }).click();
  await page.waitForSelector('.share-pop[data-kind="copied"]');
  const link = await page.locator('.share-link').inputValue();
  const picture = await pagePicture(page, 'picture-page');
  assertSameBytes(picture, dsplay(['simulate', `link:${link}`, '-o', 'svg']));
  // Not a trivial match: the picture shows the page's nodes and pods.
  const text = picture.toString();
  for (const name of await page.$$eval('[data-pod]', (els) => els.map((e) => e.dataset.pod))) assert.ok(text.includes(name), name);
  assert.ok(text.includes('worker-4'));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
