// End-to-end tests of the embed (web/embed.js, web/embed.html, web/docs-example.html) on the
// release build in dist/, in headless Chromium. Screenshots under target/e2e-screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIST, newPage, shot, daemonSetYaml, useBrowser, axeViolations } from './harness.mjs';
import { serveCors } from './embed-harness.mjs';

/** A page around `body` that loads embed.js. */
const pageWith = (body, head = '') => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>embed test</title>${head}
<link rel="icon" href="/favicon.svg"><script type="module" src="/embed.js"></script></head><body><main>${body}</main></body></html>`;

const AGENT = daemonSetYaml('agent');
const HOSTILE = '<img src=x onerror="window.__pwned=1">';

const PAGES = {
  '/t/one.html': pageWith(`<daemonset-playground id="e" controls="all"><script type="text/yaml">\n${AGENT}</script></daemonset-playground>`),
  '/t/hostile.html': pageWith(`<daemonset-playground id="e" controls="all"></daemonset-playground>
    <daemonset-playground id="bad" nodes='${HOSTILE.replaceAll("'", '&#39;')}'></daemonset-playground>`),
  '/t/iframe.html': pageWith(`<iframe id="f" title="playground" sandbox="allow-scripts" style="width:100%;height:600px"
    src="/embed.html?nodes=control-plane,worker,worker&amp;controls=time,status"></iframe>`),
};

const env = useBrowser(() => serveCors(DIST, PAGES));

/** Whether the embed with this id has rendered its cluster. */
const mounted = (page, id) => page.evaluate((id) => !!document.getElementById(id).shadowRoot?.querySelector('.embed .node'), id);

test('the docs page: one wasm request, no embed before it nears the viewport, a prose button drives one', async () => {
  const page = await newPage(env.browser, { viewport: { width: 1280, height: 800 } });
  // The page's own wasm requests. The docs page ends with a lazy iframe (embed.html, for hosts
  // that allow no scripts): a document of its own, which loads the module for itself once it
  // nears the viewport; scrolling to the last embed brings it near, so its request came before
  // the count or after it, by timing (the test counted 2 now and then). It is counted apart.
  const wasm = [];
  const framed = [];
  page.on('request', (r) => {
    if (!r.url().endsWith('.wasm')) return;
    (r.frame() === page.mainFrame() ? wasm : framed).push(r.url());
  });
  await page.goto(`${env.server.url}docs-example.html`);
  await page.waitForFunction(() => document.getElementById('monitoring').shadowRoot?.querySelector('.embed .node'), null, { timeout: 30000 });
  // The last embed is far below the fold: not mounted.
  assert.equal(await mounted(page, 'agents'), false, 'an embed far below the viewport must not mount');
  assert.equal(await page.evaluate(() => !!document.getElementById('agents').shadowRoot?.querySelector('.embed')), false);
  // Scroll everything into view: all mount, from one download of the module.
  for (const id of ['tolerations', 'agents']) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    await page.waitForFunction((id) => document.getElementById(id).shadowRoot?.querySelector('.embed .node'), id, { timeout: 30000 });
  }
  assert.equal(wasm.length, 1, `one wasm request for three embeds, got ${JSON.stringify(wasm)}`);
  // The iframe's document loads the module once, when it comes near.
  await page.locator('iframe').scrollIntoViewIfNeeded();
  await page.frameLocator('iframe').locator('.embed .node').first().waitFor({ timeout: 30000 });
  assert.equal(framed.length, 1, `one wasm request in the iframe, got ${JSON.stringify(framed)}`);
  assert.equal(wasm.length, 1, `still one wasm request for the page's three embeds, got ${JSON.stringify(wasm)}`);
  // A prose button drives the first embed through the API.
  await page.locator('#add-node').scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => document.getElementById('monitoring').state().nodes.length);
  await page.click('#add-node');
  await page.waitForFunction((n) => document.getElementById('monitoring').state().nodes.length === n + 1, before);
  assert.match(await page.textContent('#monitoring-status'), /^worker-4 joined the cluster\.$/);
  await page.waitForFunction(() => document.getElementById('monitoring').shadowRoot.querySelector('[data-node="worker-4"]'));
  // "Taint worker-2" evicts the agent there (NoExecute, not tolerated).
  await page.locator('#taint').scrollIntoViewIfNeeded();
  await page.click('#taint');
  const taints = await page.evaluate(() => document.getElementById('tolerations').state().nodes.find((n) => n.name === 'worker-2').taints);
  assert.ok(taints.includes('maintenance=true:NoExecute'), JSON.stringify(taints));
  await shot(page, 'embed-docs-page');
  assert.deepEqual(page.errors, []);
});

test('the API: apply returns kubectl lines and located errors; bad arguments throw clear Errors', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}t/one.html`);
  const r = await page.evaluate(async () => {
    const el = document.getElementById('e');
    await el.ready;
    const events = [];
    for (const n of ['change', 'applied', 'error']) el.addEventListener(n, (e) => events.push(n));
    const ok = el.apply('apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: second}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: x}]}\n');
    const bad = el.apply('apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: third}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: c}}\n    spec: {containers: [{name: c, image: x}]}\n');
    const thrown = {};
    const attempt = (k, f) => { try { f(); thrown[k] = null; } catch (e) { thrown[k] = e instanceof Error ? e.message : `not an Error: ${e}`; } };
    attempt('cordon', () => el.cordon('worker-9'));
    attempt('cordonNumber', () => el.cordon(42));
    attempt('taint', () => el.taint('worker-1', 'key=value:Sometimes'));
    attempt('step', () => el.step(-1));
    attempt('setReady', () => el.setReady('worker-1', 'yes'));
    attempt('template', () => el.addNode('mainframe'));
    attempt('label', () => el.label('worker-1', 'bad key!', 'v'));
    el.step(60);
    el.label('worker-1', 'zone', 'a');
    el.label('worker-1', 'zone', null);
    el.cordon('worker-3');
    const s = el.state();
    return { ok, bad, thrown, events, s };
  });
  assert.deepEqual(r.ok.lines, ['daemonset.apps/second created']);
  assert.equal(r.ok.ok, true);
  assert.equal(r.bad.ok, false);
  assert.equal(r.bad.errors[0].file, 'daemonset.yaml');
  assert.equal(r.bad.errors[0].line > 0 && r.bad.errors[0].column > 0, true);
  assert.match(r.bad.errors[0].message, /`selector` does not match template `labels`/);
  assert.equal(r.thrown.cordon, 'cordon: nodes "worker-9" not found');
  assert.equal(r.thrown.cordonNumber, 'cordon: the node name must be a string');
  assert.match(r.thrown.taint, /^taint: invalid taint effect: Sometimes, unsupported taint effect/);
  assert.match(r.thrown.step, /^step: seconds must be a number/);
  assert.equal(r.thrown.setReady, 'setReady: ready must be true or false');
  assert.match(r.thrown.template, /^addNode: unknown node template "mainframe"/);
  assert.match(r.thrown.label, /^label: .*bad key!/);
  assert.ok(r.events.includes('applied') && r.events.includes('error') && r.events.includes('change'), JSON.stringify(r.events));
  assert.equal(r.s.timeMs, 60000);
  const w1 = r.s.nodes.find((n) => n.name === 'worker-1');
  assert.equal(w1.labels.zone, undefined);
  assert.equal(r.s.nodes.find((n) => n.name === 'worker-3').unschedulable, true);
  const agent = r.s.daemonSets.find((d) => d.name === 'agent');
  assert.deepEqual([agent.desired, agent.current, agent.ready, agent.upToDate, agent.available], [3, 3, 3, 3, 3]);
  assert.equal(w1.pods.find((p) => p.daemonSet === 'agent').phase, 'Ready');
  assert.deepEqual(page.errors, []);
});

test('hostile names, labels, annotations, comments and attributes render as text', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}t/hostile.html`);
  const yaml = `# ${HOSTILE}
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: "${HOSTILE.replaceAll('"', '\\"')}"
  annotations:
    note: "${HOSTILE.replaceAll('"', '\\"')}"
spec: {}
---
${daemonSetYaml('agent').replace('metadata:\n  name: agent', `metadata:\n  name: agent\n  annotations:\n    note: '${HOSTILE}'`)}`;
  const out = await page.evaluate(async ({ yaml, hostile }) => {
    const el = document.getElementById('e');
    await el.ready;
    const r = el.apply(yaml);
    const thrown = [];
    for (const f of [() => el.addNode('worker', hostile), () => el.label('worker-1', 'k', hostile), () => el.taint('worker-1', `${hostile}:NoSchedule`)]) {
      try { f(); } catch (e) { thrown.push(e.message); }
    }
    el.step(30);
    return { errors: r.errors.map((e) => e.text), thrown };
  }, { yaml, hostile: HOSTILE });
  assert.ok(out.errors.some((e) => e.includes('<img src=x onerror=')), `the error about the hostile name quotes it: ${out.errors}`);
  assert.equal(out.thrown.length, 3, 'the API server refuses hostile node names, label values and taint keys');
  // Open the details of a node with the agent: its pod's YAML holds the annotation.
  const shadow = (sel) => page.locator('#e').locator(sel);
  await shadow('[data-node="worker-1"]').click();
  await shadow('[data-node="worker-1"] [data-pod]').first().click();
  await page.waitForFunction(() => document.getElementById('bad').shadowRoot?.textContent.includes('could not start'), null, { timeout: 15000 });
  const res = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    imgs: document.querySelectorAll('img').length + document.getElementById('e').shadowRoot.querySelectorAll('img').length
      + document.getElementById('bad').shadowRoot.querySelectorAll('img').length,
    text: document.getElementById('e').shadowRoot.textContent,
    bad: document.getElementById('bad').shadowRoot.textContent,
  }));
  assert.equal(res.pwned, null);
  assert.equal(res.imgs, 0);
  assert.ok(res.text.includes('<img src=x'), 'the hostile text shows as text');
  assert.match(res.bad, /could not start: nodes: unknown node template "<img"/);
  await shot(page, 'embed-hostile');
});

test('the iframe form in a sandbox answers postMessage; unknown messages are ignored', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}t/iframe.html`);
  const r = await page.evaluate(() => new Promise((resolve) => {
    const f = document.getElementById('f');
    const replies = [];
    addEventListener('message', (e) => { if (e.data?.id !== undefined) replies.push(e.data); });
    f.contentWindow.postMessage({ hello: 'unknown' }, '*');
    f.contentWindow.postMessage({ dsplay: 1, id: 'x', method: 'eval', args: ['1'] }, '*');
    f.contentWindow.postMessage({ dsplay: 1, id: 1, method: 'addNode', args: ['worker'] }, '*');
    f.contentWindow.postMessage({ dsplay: 1, id: 2, method: 'cordon', args: ['nope'] }, '*');
    f.contentWindow.postMessage({ dsplay: 1, id: 3, method: 'state' }, '*');
    const t0 = Date.now();
    const wait = () => (replies.length >= 3 || Date.now() - t0 > 30000 ? setTimeout(() => resolve(replies), 300) : setTimeout(wait, 50));
    wait();
  }));
  assert.deepEqual(r.map((m) => m.id), [1, 2, 3], 'one reply per valid request, in order, none for unknown ones');
  assert.deepEqual(r[0], { dsplay: 1, id: 1, ok: true, result: 'worker-3' });
  assert.deepEqual(r[1], { dsplay: 1, id: 2, ok: false, error: 'cordon: nodes "nope" not found' });
  assert.deepEqual(r[2].result.nodes.map((n) => n.name), ['control-plane', 'worker-1', 'worker-2', 'worker-3']);
  await shot(page, 'embed-iframe');
});

for (const width of [320, 1440]) {
  test(`an embed at ${width} px has no horizontal scrollbar`, async () => {
    const page = await newPage(env.browser, { viewport: { width, height: 900 } });
    await page.goto(`${env.server.url}t/one.html`);
    await page.evaluate(async () => { const el = document.getElementById('e'); await el.ready; el.step(30); });
    await page.locator('#e').locator('[data-node="worker-1"]').click();
    const m = await page.evaluate(() => {
      const root = document.getElementById('e').shadowRoot.querySelector('.embed-root');
      const over = [...root.querySelectorAll('*')].filter((n) => n.getBoundingClientRect().right > root.getBoundingClientRect().right + 1)
        .map((n) => n.className || n.tagName).slice(0, 5);
      return { doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth, root: root.scrollWidth, rootView: root.clientWidth, over };
    });
    await shot(page, `embed-${width}`);
    assert.ok(m.doc <= m.view, `page scrolls horizontally: ${JSON.stringify(m)}`);
    assert.ok(m.root <= m.rootView, `embed overflows: ${JSON.stringify(m)}`);
  });
}

for (const scheme of ['light', 'dark']) {
  test(`axe-core finds no violations on an embed (${scheme})`, async () => {
    const page = await newPage(env.browser, { colorScheme: scheme });
    await page.goto(`${env.server.url}t/one.html`);
    await page.evaluate(async () => { const el = document.getElementById('e'); await el.ready; el.step(30); });
    await page.locator('#e').locator('[data-node="worker-1"]').click();
    // Animations off, so colours are read at rest.
    await page.evaluate(() => document.getElementById('e').shadowRoot.querySelectorAll('*').forEach((n) => { n.style.animation = 'none'; n.style.transition = 'none'; }));
    // Every rule, the pod chips' label-content-name-mismatch included (within the embed's
    // shadow tree: axe enters it from its host).
    const violations = await axeViolations(page, '#e');
    await shot(page, `embed-axe-${scheme}`);
    assert.deepEqual(violations, [], violations.join('\n'));
  });
}

test('share links: shareLink() opens the same run in another embed and in the iframe; a damaged link says so', async () => {
  const page = await newPage(env.browser);
  await page.goto(`${env.server.url}t/one.html`);
  const made = await page.evaluate(async () => {
    const el = document.getElementById('e');
    await el.ready;
    el.step(20);
    el.addNode('worker');
    el.cordon('worker-2');
    el.step(20);
    const pods = (s) => s.nodes.flatMap((n) => n.pods.map((p) => `${n.name}/${p.name}/${p.phase}`));
    return { link: await el.shareLink(), pods: pods(el.state()), timeMs: el.state().timeMs };
  });
  assert.match(made.link, /^http:\/\/127\.0\.0\.1:\d+\/#v1=[A-Za-z0-9_-]+$/);
  const opened = await page.evaluate(async (link) => {
    const el = document.createElement('daemonset-playground');
    el.setAttribute('link', link);
    document.body.append(el);
    await el.ready;
    const s = el.state();
    return { pods: s.nodes.flatMap((n) => n.pods.map((p) => `${n.name}/${p.name}/${p.phase}`)), timeMs: s.timeMs };
  }, made.link);
  assert.deepEqual(opened, { pods: made.pods, timeMs: made.timeMs });
  // The iframe form opens embed.html#v1=….
  const fragment = made.link.slice(made.link.indexOf('#'));
  const framed = await page.evaluate((src) => new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.setAttribute('sandbox', 'allow-scripts');
    f.src = src;
    addEventListener('message', (e) => { if (e.data?.id === 'st') resolve(e.data.result); });
    f.onload = () => f.contentWindow.postMessage({ dsplay: 1, id: 'st', method: 'state' }, '*');
    document.body.append(f);
  }), `/embed.html${fragment}`);
  assert.deepEqual(framed.nodes.flatMap((n) => n.pods.map((p) => `${n.name}/${p.name}/${p.phase}`)), made.pods);
  // Damaged: cut short, and not a link at all.
  const broken = await page.evaluate(async (links) => {
    const out = [];
    for (const link of links) {
      const el = document.createElement('daemonset-playground');
      el.setAttribute('link', link);
      document.body.append(el);
      try { await el.ready; out.push('mounted'); } catch (e) { out.push(e.message); }
    }
    return out;
  }, [made.link.slice(0, -12), 'https://example.com/page#section']);
  assert.match(broken[0], /^link: this link is damaged: .*; nothing was loaded$/);
  assert.match(broken[1], /^link: this is not a DaemonSet Playground share link: .*; nothing was loaded$/);
  assert.deepEqual(page.errors, []);
});
