// Refreshes the vendored XSS corpora (test/fixtures/xss/, listed in its sources.json) from their public
// repositories at a pinned commit, so the browser suite never reads outside the repository.
//
//   node scripts/update-xss-corpora.mjs                          re-download every file at its recorded commit
//   node scripts/update-xss-corpora.mjs markdown-it-xss.txt=<sha>  move one file to another commit (sha or tag)
//   node scripts/update-xss-corpora.mjs --from <dir>             read <dir>/<repo>/<path> instead (offline)
//
// Writes the files and the new commits into sources.json; update README.md's table by hand (and check the
// licence if the upstream one changed), then run test/widget/security/corpus.browser.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import vm from 'node:vm';

const DIR = resolve(import.meta.dirname, '../test/fixtures/xss');
const SOURCES = resolve(DIR, 'sources.json');

/** DOMPurify keeps its cases as a JS module (`export default [...]`); we keep them as JSON. */
function expectMjsToJson(text) {
  const body = text.replace(/^\s*export\s+default\s+/m, '').replace(/;\s*$/, '');
  let cases;
  try {
    cases = JSON.parse(body);
  } catch {
    // Not strict JSON (a comment, a trailing comma): evaluate the literal alone, with no globals.
    cases = vm.runInNewContext(`(${body})`, Object.create(null), { timeout: 2000 });
  }
  if (!Array.isArray(cases) || !cases.every((c) => typeof c?.payload === 'string')) {
    throw new Error('expect.mjs: not an array of { payload } cases');
  }
  return JSON.stringify(cases, null, 1);
}

const CONVERTERS = { 'expect-mjs-to-json': expectMjsToJson };

async function fetchSource(source, from) {
  if (from) return readFileSync(resolve(from, source.repo, source.path), 'utf8');
  const path = source.path.split('/').map(encodeURIComponent).join('/');
  const url = `https://raw.githubusercontent.com/${source.repo}/${source.commit}/${path}`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

async function main(args) {
  const sources = JSON.parse(readFileSync(SOURCES, 'utf8'));
  let from = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--from') from = args[++i];
    else {
      const [file, commit] = args[i].split('=');
      const source = sources.find((s) => s.file === file);
      const files = sources.map((s) => s.file).join(', ');
      if (!source || !commit) throw new Error(`usage: <file>=<commit> with one of ${files}`);
      source.commit = commit;
    }
  }
  for (const source of sources) {
    const raw = await fetchSource(source, from);
    const text = source.convert ? CONVERTERS[source.convert](raw) : raw;
    writeFileSync(resolve(DIR, source.file), text);
    console.log(`${source.file} ← ${source.repo}@${source.commit}:${source.path} (${text.length} characters)`);
  }
  writeFileSync(SOURCES, JSON.stringify(sources, null, 2) + '\n');
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error.message);
  process.exit(1);
});
