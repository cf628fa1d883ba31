// Real-looking YAML for the editor's benchmark and tests: the corpus' DaemonSet manifests.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

const CORPUS = path.join(ROOT, '..', 'shared', 'corpus', 'daemonsets');

/** `bytes` of real manifests: the corpus' YAML files in name order, joined by `---`, cut at a
 * line end (repeated when the corpus is shorter). */
export function manifests(bytes) {
  const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).sort();
  let out = '';
  for (let round = 0; out.length < bytes; round++) {
    for (const f of files) {
      out += `---\n# ${f}${round ? ` (${round})` : ''}\n` + fs.readFileSync(path.join(CORPUS, f), 'utf8').replace(/\n?$/, '\n');
      if (out.length >= bytes) break;
    }
  }
  const cut = out.lastIndexOf('\n', bytes);
  return out.slice(0, cut + 1);
}
