// <daemonset-playground>: the DaemonSet Playground as a custom element, and mount(element,
// options) for frameworks. The wasm module, its glue and the styles are found beside this file
// (any host path or CDN); they are loaded and compiled once per page. See docs/embed.md.
const BASE = new URL('.', import.meta.url);
const METHODS = ['apply', 'addNode', 'removeNode', 'cordon', 'uncordon', 'taint', 'untaint', 'label',
  'setReady', 'failPod', 'rollback', 'step', 'play', 'pause', 'reset', 'state', 'shareLink'];
const OPTIONS = ['link', 'nodes', 'seed', 'controls', 'readonly', 'autoplay', 'speed'];

let engine;
/** Loads the module once per page: { glue, sheet }. */
export function load() {
  engine ??= (async () => {
    // Tells the module's start function not to mount the full playground page.
    globalThis.__dsplayEmbed = true;
    const text = (f) => fetch(new URL(f, BASE)).then((r) => {
      if (!r.ok) throw new Error(`${f}: HTTP ${r.status}`);
      return r.text();
    });
    // The wasm is fetched at once and compiled as it downloads (compileStreaming), while the
    // glue and the styles load; instantiating the compiled module is then quick.
    const wasm = new URL('dsplay-app_bg.wasm', BASE);
    const module = fetch(wasm).then(async (r) => {
      if (!r.ok) throw new Error(`dsplay-app_bg.wasm: HTTP ${r.status}`);
      // A server that does not send application/wasm: compiled from the bytes instead.
      try { return await WebAssembly.compileStreaming(r.clone()); } catch { return WebAssembly.compile(await r.arrayBuffer()); }
    });
    const [glue, css] = await Promise.all([
      import(new URL('dsplay-app.js', BASE).href),
      Promise.all([text('styles.css'), text('embed.css')]),
      module,
    ]);
    await glue.default({ module_or_path: await module });
    const sheet = new CSSStyleSheet();
    // The page's stylesheet, scoped to each embed's shadow root.
    sheet.replaceSync(css.join('\n').replaceAll(':root', ':host'));
    return { glue, sheet };
  })();
  return engine;
}

function dedent(t) {
  const lines = t.replace(/^\s*\n/, '').trimEnd().split('\n');
  const ind = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)[0].length));
  return lines.map((l) => l.slice(ind)).join('\n') + '\n';
}

// Share links (docs/share-links.md): the core frames and checks them; the browser (de)compresses.
const MAX_PAYLOAD = 8 * 1024 * 1024; // the core's MAX_PAYLOAD_BYTES (the loader's 8 MiB)
async function pipe(bytes, stream, max = Infinity) {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
  const parts = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > max) { reader.cancel(); throw Object.assign(new Error('too large'), { kind: 'too-large' }); }
    parts.push(value);
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
async function openLink(glue, o) {
  try {
    o.payload = await pipe(glue.linkData(o.link), new DecompressionStream('deflate-raw'), MAX_PAYLOAD);
  } catch (e) {
    if (!(e instanceof TypeError) && !e.kind) throw e; // linkData's own message
    o.inflateError = e.kind ?? (/truncat|end of/i.test(e.message) ? 'truncated' : 'corrupt');
  }
}

/** Wraps an engine handle: unknown or unsupported methods throw a clear Error. */
function api(handle, glue) {
  const o = {};
  for (const m of METHODS) {
    o[m] = (...args) => {
      if (!handle) throw new Error(`${m}: this playground was removed`);
      if (typeof handle[m] !== 'function') throw new Error(`${m} is not supported by this version of the playground`);
      return handle[m](...args);
    };
  }
  // A link to the playground page (next to this file) with this embed's run.
  o.shareLink = async () => {
    if (!handle) throw new Error('shareLink: this playground was removed');
    const data = await pipe(handle.sharePayload(), new CompressionStream('deflate-raw'));
    return new URL('./', BASE).href + glue.shareFragment(data);
  };
  o.destroy = () => { handle?.destroy(); handle = null; };
  return o;
}

/**
 * Renders a playground into `element` (in its shadow root) and resolves to its API.
 * options: { yaml, nodes, seed, controls, readonly, autoplay, speed, height, theme, link }.
 */
export async function mount(element, options = {}) {
  if (!(element instanceof Element)) throw new Error('mount: element must be a DOM element');
  if (options === null || typeof options !== 'object') throw new Error('mount: options must be an object');
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  const { glue, sheet } = await load();
  shadow.adoptedStyleSheets = [sheet];
  const root = document.createElement('div');
  root.className = 'embed-root';
  const theme = options.theme ?? 'auto';
  if (!['light', 'dark', 'auto'].includes(theme)) throw new Error(`theme: "${theme}" is not light, dark or auto`);
  root.dataset.theme = theme;
  if (options.height != null && options.height !== '') {
    const h = Number(options.height);
    if (!(h >= 120 && h <= 10000)) throw new Error(`height: "${options.height}" is not a number of pixels from 120 to 10000`);
    root.style.height = `${h}px`;
  }
  if (options.link) await openLink(glue, (options = { ...options }));
  shadow.replaceChildren(root);
  return api(glue.mount(root, options), glue);
}

let observer;
let near;
function watch(el) {
  // The shared module starts loading when the first embed is within 1500 px, so an embed
  // scrolled into view finds it compiled; each embed mounts within 300 px.
  if (!engine) {
    near ??= new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) { near.disconnect(); load().catch(() => {}); }
    }, { rootMargin: '1500px 0px' });
    near.observe(el);
  }
  observer ??= new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (e.isIntersecting) { observer.unobserve(e.target); e.target.start(); }
    }
  }, { rootMargin: '300px 0px' });
  observer.observe(el);
}

/** <daemonset-playground>: mounts when it nears the viewport. */
export class DaemonSetPlayground extends HTMLElement {
  static observedAttributes = ['src', 'theme', 'height', ...OPTIONS];

  constructor() {
    super();
    this._ready = new Promise((ok, fail) => { this._ok = ok; this._fail = fail; });
    this._ready.catch(() => {});
  }

  connectedCallback() {
    if (this._api || this._starting) return;
    if (!this.shadowRoot) {
      const s = this.attachShadow({ mode: 'open' });
      const p = document.createElement('p');
      p.textContent = 'Loading the DaemonSet Playground…';
      p.style.cssText = `margin:0;padding:1rem;min-height:${Number(this.getAttribute('height')) || 240}px;font:14px system-ui,sans-serif;color:#4b5668`;
      s.append(p);
    }
    if ('IntersectionObserver' in globalThis) watch(this); else this.start();
  }

  disconnectedCallback() { observer?.unobserve(this); }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this._api) return;
    this._api.destroy();
    this._api = null;
    this.start();
  }

  /** A promise for the mounted playground; awaiting it mounts it now. */
  get ready() { this.start(); return this._ready; }

  /** Mounts now (idempotent). */
  start() {
    if (this._api || this._starting) return;
    this._starting = (async () => {
      const o = { theme: this.getAttribute('theme') ?? 'auto', height: this.getAttribute('height') };
      for (const a of OPTIONS) if (this.hasAttribute(a)) o[a] = this.getAttribute(a);
      const src = this.getAttribute('src');
      if (src) {
        const r = await fetch(new URL(src, document.baseURI));
        if (!r.ok) throw new Error(`src: ${src}: HTTP ${r.status}`);
        o.yaml = await r.text();
      } else {
        const s = this.querySelector(':scope > script[type="text/yaml"]');
        if (s) o.yaml = dedent(s.textContent);
      }
      this._api = await mount(this, o);
      this._ok(this);
    })().catch((e) => {
      const p = document.createElement('p');
      p.setAttribute('role', 'alert');
      p.style.cssText = 'margin:0;padding:1rem;font:14px system-ui,sans-serif;color:#b42318';
      p.textContent = `The DaemonSet Playground could not start: ${e.message}`;
      this.shadowRoot.replaceChildren(p);
      this.dispatchEvent(new CustomEvent('error', { detail: { ok: false, message: e.message } }));
      this._fail(e);
    }).finally(() => { this._starting = null; });
  }
}
for (const m of METHODS) {
  DaemonSetPlayground.prototype[m] = function (...args) {
    if (!this._api) throw new Error(`${m}: the playground is not mounted yet (it mounts when it nears the viewport; await element.ready)`);
    return this._api[m](...args);
  };
}

if (!customElements.get('daemonset-playground')) customElements.define('daemonset-playground', DaemonSetPlayground);
