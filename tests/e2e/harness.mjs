// Shared pieces of the end-to-end tests: a tiny static server for dist/, a headless
// Debian Chromium driven by playwright-core, and screenshots under target/e2e-screenshots/.
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.DSPLAY_DIST || path.join(ROOT, 'dist');
export const SHOTS = path.join(ROOT, 'target', 'e2e-screenshots');

// The flags that keep Chromium from reaching out (see the shared toolchain notes).
export const CHROMIUM_ARGS = [
  '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-extensions',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  '--disable-features=AutofillServerCommunication,MediaRouter,OptimizationHints,Translate',
  '--disable-client-side-phishing-detection', '--disable-default-apps', '--disable-domain-reliability',
  '--no-pings', '--disable-breakpad', '--no-sandbox',
];

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.yaml': 'text/yaml',
};

/** Serves `dir` on 127.0.0.1 at a free port. Returns { url, close }. */
export async function serve(dir = DIST) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run trunk build --release --offline first`);
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

/** The dsplay binary: DSPLAY_BIN, or target/{release,debug}/dsplay (the debug one built if
 * neither is there). */
export function dsplayBin() {
  const found = process.env.DSPLAY_BIN
    || ['release', 'debug'].map((p) => path.join(ROOT, 'target', p, 'dsplay')).find((p) => fs.existsSync(p));
  if (found) return found;
  execFileSync('cargo', ['build', '-q', '-p', 'dsplay-cli'], { cwd: ROOT, stdio: 'inherit' });
  return path.join(ROOT, 'target', 'debug', 'dsplay');
}

/** Launches headless Chromium. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // JS_FLAGS: V8 flags for an experiment (e.g. `--no-liftoff` to see what optimised code
    // alone would cost); never set by a test.
    args: process.env.JS_FLAGS ? [...CHROMIUM_ARGS, `--js-flags=${process.env.JS_FLAGS}`] : CHROMIUM_ARGS,
  });
}

/** Starts the static server for dist/ and headless Chromium before the file's tests, and stops
 * both after them. Returns an object whose `server` and `browser` are set once the tests run:
 * `const env = useBrowser();` at the top of a test file, then `env.server.url`, `env.browser`.
 * `startServer`: another server to start instead (a function returning `{ url, close }`, e.g.
 * embed-harness.mjs's `serveCors`), or `null` for none (a test that serves its own folder). */
export function useBrowser(startServer = serve) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = startServer ? await startServer() : null;
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

let axeSource;

/** axe-core's violations on `page`, one line per element (`RULE: TARGET: WHAT TO FIX`), within
 * `context`: axe's context argument (a CSS selector, or `{ include, exclude }` with selector
 * lists); the whole document when omitted. */
export async function axeViolations(page, context = null) {
  axeSource ??= fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (ctx) => {
    const r = await window.axe.run(ctx ?? document, { resultTypes: ['violations'] });
    return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`));
  }, context);
}

/** A fresh page (fresh localStorage) that records console errors and page errors. */
export async function newPage(browser, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...opts });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  return page;
}

/** Opens `url` (the harness server's) in the page's full build (crates/dsplay-app/src/upgrade.rs)
 * with the panels `open` (a name or comma-separated names: `?open=`) and `query` more of the
 * address's query, and waits until the full build is mounted. */
export async function openFull(page, url, open, query = '') {
  await page.goto(`${url}?open=${open}${query ? `&${query}` : ''}`);
  await page.waitForSelector('html[data-build="full"] .app', { timeout: 60000 });
}

/** Saves a full-page screenshot as target/e2e-screenshots/NAME.png. */
export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Sets the simulation speed (label like "×10"). */
export async function speed(page, label) {
  await page.locator('.speeds button', { hasText: label }).click();
}

/** Pods (data-pod) inside the node card NAME, as [{name, phase, ds}]. */
export async function podsOn(page, node) {
  return page.$$eval(`[data-node="${node}"] [data-pod]`, (els) => els.map((e) => ({
    name: e.dataset.pod, phase: e.dataset.phase, ds: e.dataset.daemonset,
  })));
}

/** A DaemonSet requesting 10m cpu and 16Mi (`extra`: more pod spec lines, indented 6). */
export const daemonSetYaml = (name, extra = '') => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
${extra}      containers:
      - name: c
        image: example.com/${name}:1
        resources:
          requests: {cpu: 10m, memory: 16Mi}
`;

/** A saved run (seed 1): the default four nodes, `daemonSets` DaemonSets (the third tolerates
 * everything), `nodes - 4` added workers, then two simulated minutes. */
export function sampleRunLog(nodes, daemonSets) {
  // Simulation::replay starts from an empty cluster: the default nodes are inputs too.
  const inputs = [
    { Node: { Add: { name: 'control-plane', template: 'ControlPlane' } } },
    ...[1, 2, 3].map((i) => ({ Node: { Add: { name: `worker-${i}`, template: 'Worker' } } })),
  ];
  for (let i = 0; i < daemonSets; i++) {
    inputs.push({ Apply: { file: 'daemonset.yaml', text: daemonSetYaml(`agent-${i}`, i === 2 ? '      tolerations:\n      - operator: Exists\n' : '') } });
  }
  for (let i = 4; i < nodes; i++) inputs.push({ Node: { Add: { name: null, template: 'Worker' } } });
  inputs.push({ Advance: 120000 });
  return JSON.stringify({ seed: 1, inputs });
}

/** Opens `url` with the saved run `log` (written once per tab: a reload keeps what the page
 * saved since), and waits until the cluster shows `nodes` nodes. Returns the milliseconds. */
export async function openSavedRun(page, url, log, nodes, timeout = 30000) {
  await page.addInitScript((log) => { if (!sessionStorage.getItem('seeded')) { localStorage.setItem('dsplay.run', log); sessionStorage.setItem('seeded', '1'); } }, log);
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction((n) => (document.querySelector('.cluster-panel .summary')?.textContent ?? '').startsWith(`${n} nodes`), nodes, { timeout });
  return Date.now() - t0;
}

/** Clicks the first element matching `selector` from the page's own script, for the performance
 * scripts (perf.mjs, profile.mjs). A Playwright click (its actionability checks go through
 * DevTools' DOM domain) leaves DevTools following the page's DOM, and every DOM insertion after
 * it costs 20–100 µs instead of about 1 µs (measured in the page, 5,000 × 10, 2026-12-07): the
 * events table's new rows alone then looked like 10–20 ms of every Add node. */
export async function scriptClick(page, selector) {
  await page.evaluate((s) => document.querySelector(s).click(), selector);
}

/** A V8 CPU profile (what `Profiler.stop` returns) as time per function, for the profiling
 * scripts (profile.mjs, editor-trace.mjs, console-perf.mjs): `self` and `total` (inclusive), each
 * `[name, ms]` pairs, most first, and `sampled`, the ms of all the samples counted; every time
 * divided by `per` (e.g. per keystroke). `subtree`: only the samples under a frame whose name
 * contains it. A function without a name is `(FILE:LINE)`; the idle and program samples are
 * left out, and the root from `self` and `total`. */
export function profileTimes(profile, { per = 1, subtree = null } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id) => {
    const f = byId.get(id).callFrame;
    return f.functionName || `(${f.url.split('/').pop()}:${f.lineNumber})`;
  };
  const under = (id) => {
    for (let up = id; up !== undefined; up = parent.get(up)) if ((byId.get(up).callFrame.functionName || '').includes(subtree)) return true;
    return false;
  };
  const self = new Map(), total = new Map();
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    const own = name(id);
    if (own === '(idle)' || own === '(program)' || (subtree && !under(id))) return;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000 / per;
    sampled += ms;
    self.set(own, (self.get(own) ?? 0) + ms);
    const seen = new Set(['(root)']);
    for (let up = id; up !== undefined; up = parent.get(up)) {
      const nm = name(up);
      if (!seen.has(nm)) { total.set(nm, (total.get(nm) ?? 0) + ms); seen.add(nm); }
    }
  });
  self.delete('(root)');
  const most = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return { self: most(self), total: most(total), sampled };
}

/** Runs one console line (typed into `[data-console-input]`, then Enter) and times it from the
 * keydown: `[inDom, painted, linesDrawn]`, the answer in the DOM (the answers' count moves; the
 * lines' count may not: a full scrollback keeps 20,000 lines), then painted (the first task
 * after the next animation frame), and how many lines the console draws. */
export function timeConsoleLine(page, line) {
  return page.evaluate(async (line) => {
    const input = document.querySelector('[data-console-input]');
    const out = document.querySelector('[data-console-output]');
    const before = out.dataset.consoleAnswers;
    input.value = line;
    let inDom = 0;
    const t0 = performance.now();
    const changed = new Promise((resolve) => {
      const seen = new MutationObserver(() => {
        if (out.dataset.consoleAnswers !== before) { inDom = performance.now() - t0; seen.disconnect(); resolve(); }
      });
      seen.observe(out, { attributes: true, attributeFilter: ['data-console-answers'] });
    });
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    await changed;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return [inDom, performance.now() - t0, document.querySelectorAll('[data-console-output] [data-line]').length];
  }, line);
}
