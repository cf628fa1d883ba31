// The npm package: scripts/package.sh packs it, a scratch folder installs the tarball, and the
// docs page loads its embeds from node_modules (embed.js finds the wasm beside itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, DIST, newPage, shot, useBrowser } from './harness.mjs';
import { serveCors } from './embed-harness.mjs';

// The browser only: the test serves the scratch folder it installs the package into.
const env = useBrowser(null);

test('the packed npm package installs and serves the docs page from node_modules', async () => {
  const out = execFileSync('bash', [path.join(ROOT, 'scripts/package.sh')], { cwd: ROOT, encoding: 'utf8' });
  const tarball = path.resolve(ROOT, out.trim().split('\n').pop());
  const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  // The glue's inline JavaScript (wasm-bindgen's snippets/) ships beside it, exactly as Trunk wrote it.
  const snippets = fs.readdirSync(path.join(DIST, 'snippets'), { recursive: true })
    .filter((f) => f.endsWith('.js')).map((f) => `package/snippets/${f}`);
  assert.ok(snippets.length > 0);
  assert.deepEqual(listed, ['package/README.md', 'package/dsplay-app.js', 'package/dsplay-app_bg.wasm', 'package/embed.css',
    'package/embed.d.ts', 'package/embed.js', 'package/package.json', ...snippets, 'package/styles.css'].sort());
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dsplay-npm-'));
  fs.writeFileSync(path.join(scratch, 'package.json'), '{"name":"scratch","private":true}');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', tarball], { cwd: scratch });
  const pkg = JSON.parse(fs.readFileSync(path.join(scratch, 'node_modules/daemonset-playground/package.json'), 'utf8'));
  assert.equal(pkg.types, './embed.d.ts');
  assert.equal(pkg.exports['.'].default, './embed.js');
  // The docs page, with its script tag pointing into node_modules.
  const docs = fs.readFileSync(path.join(DIST, 'docs-example.html'), 'utf8')
    .replace('src="./embed.js"', 'src="./node_modules/daemonset-playground/embed.js"');
  assert.ok(docs.includes('node_modules/daemonset-playground/embed.js'));
  fs.writeFileSync(path.join(scratch, 'index.html'), docs);
  const server = await serveCors(scratch);
  let page;
  try {
    page = await newPage(env.browser);
    await page.goto(`${server.url}index.html`);
    await page.waitForFunction(() => document.getElementById('monitoring').shadowRoot?.querySelector('.embed .node'), null, { timeout: 30000 });
    const nodes = await page.evaluate(() => document.getElementById('monitoring').state().nodes.map((n) => n.name));
    assert.deepEqual(nodes, ['control-plane', 'worker-1', 'worker-2', 'worker-3']);
    assert.ok(server.requests.includes('/node_modules/daemonset-playground/dsplay-app_bg.wasm'), JSON.stringify(server.requests));
    await shot(page, 'embed-npm-package');
  } finally {
    await page?.context().close();
    await server.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});
