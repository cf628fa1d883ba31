#!/usr/bin/env node
// Lays out the release wasm's functions so that gzip finds more repeats: each next function is
// the one whose text is most present in the 32 KiB that gzip (deflate) can still look back on,
// the deflate window. Code that looks alike compresses better when it sits within that window
// (measured: 10 KB less gzipped than the by-name order alone).
// The code itself is untouched: this writes a name section whose names give the new order and
// lets wasm-opt's `--reorder-functions-by-name` move the functions (and renumber every call),
// then `--strip-debug` drops those names again. See docs/performance.md.
//
//   node scripts/order-wasm.mjs FILE.wasm   rewrites FILE.wasm in place
//   node scripts/order-wasm.mjs             as Trunk's post_build hook (Trunk.toml): in a release
//                                           build, both builds' wasm in $TRUNK_STAGING_DIR (the
//                                           light one and dsplay-full's), laid out and their
//                                           imports given short names (shortenImports, in their
//                                           JavaScript glue too), and the `integrity` hashes
//                                           index.html gives for the light one's wasm and glue;
//                                           in every build, the hashes of the JavaScript
//                                           snippets (fixSnippetHashes)
//
// It starts from the order wasm-opt leaves (`--reorder-functions-by-name` in
// index.html: the monomorphic copies of one generic function next to each other); ties keep
// that order. About 3 s of CPU for the light build's 4,000 functions, 4 s for the full build's 6,000.
import { readFileSync, writeFileSync, renameSync, readdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** Byte shingles of this length are what two bodies share. */
const SHINGLE = 6;

function leb(buf, at) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [result, at];
  }
}

function uleb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** The module's sections, the number of imported functions and each defined function's body. */
function parse(wasm) {
  const sections = [];
  let importedFunctions = 0;
  const bodies = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = leb(wasm, at + 1);
    const end = start + size;
    sections.push({ id, from: at, start, end });
    if (id === 2) {
      let [count, p] = leb(wasm, start);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(wasm, p); p += len; // module
        [len, p] = leb(wasm, p); p += len; // field
        const kind = wasm[p++];
        if (kind === 0) { [, p] = leb(wasm, p); importedFunctions++; }
        else if (kind === 1) { p++; let flags; [flags, p] = leb(wasm, p); [, p] = leb(wasm, p); if (flags & 1) [, p] = leb(wasm, p); }
        else if (kind === 2) { const flags = wasm[p++]; [, p] = leb(wasm, p); if (flags & 1) [, p] = leb(wasm, p); }
        else if (kind === 3) { p += 2; }
        else if (kind === 4) { p++; [, p] = leb(wasm, p); }
        else throw new Error(`order-wasm: unknown import kind ${kind}`);
      }
    } else if (id === 10) {
      let [count, p] = leb(wasm, start);
      for (let i = 0; i < count; i++) {
        let len;
        [len, p] = leb(wasm, p);
        bodies.push(wasm.subarray(p, p + len));
        p += len;
      }
    }
    at = end;
  }
  return { sections, importedFunctions, bodies };
}

/** The distinct byte shingles of a body, as sorted hashes. */
function shingles(body) {
  const set = new Set();
  for (let i = 0; i + SHINGLE <= body.length; i++) {
    let h = 2166136261;
    for (let j = 0; j < SHINGLE; j++) h = Math.imul(h ^ body[i + j], 16777619);
    set.add(h | 0);
  }
  return Int32Array.from(set).sort();
}

/** The deflate window: how far back gzip finds a repeat. */
const WINDOW = 32 * 1024;

/**
 * Greedy: from the first function, always go on with the one not yet placed whose shingles are
 * most present (as a share of its own) in the functions placed within the last `WINDOW` bytes.
 * Each function's count of present shingles is kept up to date as shingles come into the window
 * and leave it (an index from each shingle to the functions that have it), so a step is one pass
 * over the functions left.
 */
function order(bodies) {
  const n = bodies.length;
  // Each function's shingles as dense ids 0..m.
  const ids = new Map();
  const sigs = bodies.map((body) => Int32Array.from(shingles(body), (h) => {
    let id = ids.get(h);
    if (id === undefined) {
      id = ids.size;
      ids.set(h, id);
    }
    return id;
  }));
  const m = ids.size;
  // The functions that have each shingle: `having[from[s] .. from[s + 1]]`.
  const from = new Int32Array(m + 1);
  for (const sig of sigs) for (const s of sig) from[s + 1]++;
  for (let s = 0; s < m; s++) from[s + 1] += from[s];
  const having = new Int32Array(from[m]);
  const fill = from.slice(0, m);
  sigs.forEach((sig, f) => {
    for (const s of sig) having[fill[s]++] = f;
  });
  // How many placed functions in the window have each shingle, and for each function, how many
  // of its shingles the window has.
  const inWindow = new Int32Array(m);
  const present = new Int32Array(n);
  const placed = new Uint8Array(n);
  const out = [];
  let oldest = 0;
  let windowBytes = 0;
  const place = (f) => {
    placed[f] = 1;
    out.push(f);
    for (const s of sigs[f]) {
      if (inWindow[s]++ === 0) for (let k = from[s]; k < from[s + 1]; k++) present[having[k]]++;
    }
    windowBytes += bodies[f].length;
    while (windowBytes > WINDOW && oldest < out.length - 1) {
      const gone = out[oldest++];
      windowBytes -= bodies[gone].length;
      for (const s of sigs[gone]) {
        if (--inWindow[s] === 0) for (let k = from[s]; k < from[s + 1]; k++) present[having[k]]--;
      }
    }
  };
  place(0);
  let firstFree = 1;
  for (let step = 1; step < n; step++) {
    let best = -1;
    let bestScore = -1;
    for (let j = firstFree; j < n; j++) {
      if (placed[j]) continue;
      const score = (present[j] + 1) / (sigs[j].length + 1);
      if (score > bestScore) { bestScore = score; best = j; }
    }
    place(best);
    while (firstFree < n && placed[firstFree]) firstFree++;
  }
  return out;
}

/** Rewrites `file` with its functions in the order `order` gives. */
function layOut(file) {
  const wasm = readFileSync(file);
  const { sections, importedFunctions, bodies } = parse(wasm);
  const rank = order(bodies);
  const width = String(bodies.length).length;
  const names = [...uleb(bodies.length)];
  rank.forEach((f, r) => {
    const name = Buffer.from(`f${String(r).padStart(width, '0')}`);
    names.push(...uleb(importedFunctions + f), ...uleb(name.length), ...name);
  });
  const nameTag = Buffer.from([4, ...Buffer.from('name')]);
  const payload = [...nameTag, 1, ...uleb(names.length), ...names];
  const nameSection = Buffer.from([0, ...uleb(payload.length), ...payload]);
  // A name section already there is dropped (a module has at most one).
  const kept = sections
    .filter((s) => !(s.id === 0 && wasm.subarray(s.start, s.start + nameTag.length).equals(nameTag)))
    .map((s) => wasm.subarray(s.from, s.end));
  const named = `${file}.named`;
  const out = `${file}.ordered`;
  writeFileSync(named, Buffer.concat([wasm.subarray(0, 8), ...kept, nameSection]));
  try {
    execFileSync('wasm-opt', [named, '--reorder-functions-by-name', '--strip-debug', '-o', out], {
      stdio: 'inherit',
    });
  } finally {
    rmSync(named, { force: true });
  }
  renameSync(out, file);
  console.log(`order-wasm: ${file}: ${bodies.length} functions laid out for the deflate window`);
}

/** The `i`th short name: a letter, then two letters, and so on. */
function shortName(i) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  for (let k = i; ; k = Math.floor(k / letters.length) - 1) {
    name = letters[k % letters.length] + name;
    if (k < letters.length) return name;
  }
}

/**
 * Gives the functions that wasm-bindgen's glue (`glue`, the JavaScript beside `file`) hands the
 * wasm short names, in both files. wasm-bindgen names each `__wbg_NAME_HASH`, with 16 hex
 * digits that gzip cannot shorten (3 KB of the light build gzipped). They are the imports of
 * module `module` (`./NAME_bg.js`), and each must be a key of the glue's import object exactly
 * once; otherwise nothing is written and the build fails (a wasm-bindgen whose glue looks
 * different).
 */
function shortenImports(file, glue, module) {
  const wasm = readFileSync(file);
  let js = readFileSync(glue, 'utf8');
  const { sections } = parse(wasm);
  const section = sections.find((s) => s.id === 2);
  if (!section) return;
  const text = (from, to) => wasm.subarray(from, to).toString('utf8');
  let [count, p] = leb(wasm, section.start);
  const entries = [...uleb(count)];
  let renamed = 0;
  for (let i = 0; i < count; i++) {
    let len;
    [len, p] = leb(wasm, p);
    const mod = text(p, p + len);
    p += len;
    [len, p] = leb(wasm, p);
    let name = text(p, p + len);
    p += len;
    // The import's kind and type, copied as they are.
    const descFrom = p;
    const kind = wasm[p++];
    if (kind === 0) [, p] = leb(wasm, p);
    else if (kind === 1) { p++; let flags; [flags, p] = leb(wasm, p); [, p] = leb(wasm, p); if (flags & 1) [, p] = leb(wasm, p); }
    else if (kind === 2) { const flags = wasm[p++]; [, p] = leb(wasm, p); if (flags & 1) [, p] = leb(wasm, p); }
    else if (kind === 3) { p += 2; }
    else if (kind === 4) { p++; [, p] = leb(wasm, p); }
    else throw new Error(`order-wasm: unknown import kind ${kind}`);
    if (mod === module) {
      const short = shortName(renamed++);
      const key = new RegExp(`(?<![\\w$])${name}(?=\\s*:)`, 'g');
      const found = /^\w+$/.test(name) ? (js.match(key) || []).length : 0;
      if (found !== 1) {
        throw new Error(`order-wasm: ${glue} has import ${name} of ${file} as a key ${found} times, not once`);
      }
      js = js.replace(key, short);
      name = short;
    }
    const modBytes = Buffer.from(mod);
    const nameBytes = Buffer.from(name);
    entries.push(...uleb(modBytes.length), ...modBytes, ...uleb(nameBytes.length), ...nameBytes,
      ...wasm.subarray(descFrom, p));
  }
  const body = Buffer.from(entries);
  writeFileSync(file, Buffer.concat([wasm.subarray(0, section.from), Buffer.from([2, ...uleb(body.length)]),
    body, wasm.subarray(section.end)]));
  writeFileSync(glue, js);
  console.log(`order-wasm: ${file}: ${renamed} imports of ${module} given short names (and in ${glue})`);
}

const sri = (file) => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;

/** Gives each `snippets/…` file that index.html links the `integrity` hash of its bytes as they
 * are once every pipeline is done. Both rust pipelines (the light and the full build of one
 * crate) copy the same JavaScript snippets to the same paths at the same time, and Trunk hashes a
 * pipeline's copy while the other may be rewriting it: the page then names the hash of an empty
 * file (seen: sha384-OLBgp1…, the empty string's) and Chromium blocks the module. */
function fixSnippetHashes(dir) {
  const html = join(dir, 'index.html');
  const text = readFileSync(html, 'utf8');
  const fixed = text.replace(/(href="\/?(snippets\/[^"]+)"[^>]*?integrity=")(sha384-[^"]+)"/g,
    (_, head, file) => `${head}${sri(join(dir, file))}"`);
  if (fixed !== text) writeFileSync(html, fixed);
}

if (process.argv[2]) {
  layOut(process.argv[2]);
} else if (process.env.TRUNK_STAGING_DIR) {
  const dir = process.env.TRUNK_STAGING_DIR;
  fixSnippetHashes(dir);
  // Debug builds (`trunk serve`) skip wasm-opt, and the layout too.
  if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);
  // Both builds: the light one (what the page loads first, within its budget) and the full one,
  // loaded on demand (index.html). The light one's preload links in index.html carry the sha384
  // (`integrity`) of its wasm and of its glue, which must name the new bytes.
  const wasms = readdirSync(dir).filter((f) => f.endsWith('_bg.wasm'));
  const light = wasms.filter((f) => !f.startsWith('dsplay-full'));
  if (light.length !== 1) {
    console.error(`order-wasm: expected one light-build .wasm in ${dir}, found ${light.length}`);
    process.exit(1);
  }
  const html = join(dir, 'index.html');
  let text = readFileSync(html, 'utf8');
  for (const name of wasms) {
    const file = join(dir, name);
    const glue = join(dir, name.replace(/_bg\.wasm$/, '.js'));
    const before = [sri(file), sri(glue)];
    layOut(file);
    shortenImports(file, glue, `./${name.replace(/\.wasm$/, '.js')}`);
    const after = [sri(file), sri(glue)];
    before.forEach((hash, i) => {
      text = text.split(hash).join(after[i]);
    });
  }
  if (/integrity="sha(256|512)-/.test(text)) {
    console.error(`order-wasm: ${html} gives an integrity hash this script does not update (sha384 only)`);
    process.exit(1);
  }
  writeFileSync(html, text);
} else {
  console.error('usage: node scripts/order-wasm.mjs FILE.wasm (or as a Trunk hook)');
  process.exit(2);
}
