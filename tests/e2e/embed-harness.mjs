// Shared by the embed tests: a static server that answers CORS requests, as GitHub Pages does.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.ts': 'text/plain', '.yaml': 'text/yaml',
};

/** A static server for `dir` that sends `Access-Control-Allow-Origin: *` (as GitHub Pages
 * does), plus extra pages from `pages` (path → HTML). Counts requests by path. */
export async function serveCors(dir, pages = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push(url.pathname);
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' };
    if (pages[url.pathname]) {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] });
      res.end(pages[url.pathname]);
      return;
    }
    const file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404, headers); res.end('not found'); return; }
      res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

