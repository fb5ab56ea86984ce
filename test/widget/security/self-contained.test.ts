// The security tests travel with the project: a clone alone has every corpus they stream, and no test,
// script or config reads a folder outside the repository.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs test helper without types
import { CORPORA_DIR, loadCorpus } from './_support/corpus-server.mjs';

const root = resolve(import.meta.dirname, '../../..');
const SELF = relative(root, import.meta.filename);

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(?:[cm]?[jt]s|json|md)$/.test(name)) yield path;
  }
}

describe('self-contained security tests', () => {
  it('reads the XSS corpora from inside the repository', () => {
    expect(CORPORA_DIR.startsWith(root + sep)).toBe(true);
    const sources = new Set((loadCorpus() as Array<{ source: string }>).map((c) => c.source));
    const wanted = ['dompurify-expect.json', 'markdown-it-xss.txt', 'markdown-xss-payloads.txt', 'xss-polyglots.txt'];
    for (const s of wanted) expect(sources.has(s), s).toBe(true);
  });

  it('no test, script or config points at the old shared folder', () => {
    const roots = ['test', 'scripts', 'bench'].map((d) => join(root, d));
    const configs = readdirSync(root)
      .filter((n) => /\.(?:[cm]?js|ts|md)$/.test(n))
      .map((n) => join(root, n));
    const offenders = [...roots.flatMap((d) => [...files(d)]), ...configs]
      .filter((path) => relative(root, path) !== SELF)
      .filter((path) => /shared\/corpora|\.\.\/shared(?!\/openai)['"/]/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });
});
