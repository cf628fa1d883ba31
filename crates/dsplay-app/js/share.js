// JavaScript glue of share.rs (a file, not inline_js: the light and the full build
// (src/upgrade.rs) then share one copy of it under snippets/ beside the page).
const readAll = async (stream, limit) => {
  const reader = stream.getReader();
  const chunks = []; let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.length;
      if (n > limit) { reader.cancel().catch(() => {}); return 3; }
      chunks.push(value);
    }
  } catch (e) { return /truncat|end of (the )?(compressed )?(data|input|stream)/i.test(String(e)) ? 1 : 2; }
  const out = new Uint8Array(n); let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
};
const through = (bytes, t, limit, done) => {
  try { readAll(new Blob([bytes]).stream().pipeThrough(t()), limit).then(done); } catch (e) { done(2); }
};
export function deflate(bytes, done) { through(bytes, () => new CompressionStream('deflate-raw'), Infinity, done); }
export function inflate(bytes, limit, done) { through(bytes, () => new DecompressionStream('deflate-raw'), limit, done); }
export function copy(text, done) {
  try { navigator.clipboard.writeText(text).then(() => done(true), () => done(false)); } catch (e) { done(false); }
}
export async function get(url, limit, done) {
  let r;
  try { r = await fetch(url); } catch (e) {
    return done(`network error (${e.message}): the server cannot be reached, or does not let this page read it (CORS)`);
  }
  if (!r.ok) return done(`HTTP ${r.status} ${r.statusText}`.trim());
  const got = r.body ? await readAll(r.body, limit) : new Uint8Array();
  done(typeof got === 'number' && got !== 3 ? 'network error: the response was cut short' : got);
}
