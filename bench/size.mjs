// `npm run size` (after `npm run build`): gzipped size of the script-tag bundle dist/widget/gpt-chat.js
// together with every chunk it imports statically (the browser fetches those before the element works),
// and of each lazy chunk (dynamic imports: highlight.js languages …). Fails over the initial budget.
import { readFileSync, readdirSync, existsSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname, resolve, relative } from 'node:path';

const BUDGET_INITIAL_KB = 50;
const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist/widget');
const entry = join(dist, 'gpt-chat.js');

if (!existsSync(entry)) {
  console.error('dist/widget/gpt-chat.js is missing: run `npm run build` first.');
  process.exit(2);
}

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);

/** Relative specifiers imported statically (`import … from './x.js'`, `import './x.js'`, `export … from`). */
function staticImports(file) {
  const code = readFileSync(file, 'utf8');
  const out = new Set();
  const re = /(?:^|[;\s}])(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  for (let m; (m = re.exec(code));) out.add(resolve(dirname(file), m[1]));
  return [...out];
}

const initial = new Set();
const visit = (file) => {
  if (initial.has(file) || !existsSync(file)) return;
  initial.add(file);
  for (const dep of staticImports(file)) visit(dep);
};
visit(entry);

const allJs = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.js') && name !== 'gpt-chat.iife.js') allJs.push(p);
  }
};
walk(dist);

const rows = [];
let initialBytes = 0;
for (const file of initial) {
  const size = gz(file);
  initialBytes += size;
  rows.push({ file: relative(root, file), kind: 'initial', raw: statSync(file).size, gzip: size });
}
// The Markdown pipeline (marked + DOMPurify + highlight.js core) is a lazy chunk that every element
// fetches as soon as it connects (see src/widget/view/message-bodies.ts): reported on its own.
const isPipeline = (file) => /chunks\/markdown-[\w-]+\.js$/.test(file);
/** Every file `file` imports statically, itself included, minus what the initial bundle already has. */
const closure = (file, except = new Set(), seen = new Set()) => {
  if (seen.has(file) || initial.has(file) || except.has(file) || !existsSync(file)) return seen;
  seen.add(file);
  for (const dep of staticImports(file)) closure(dep, except, seen);
  return seen;
};
// The pipeline's own static imports (DOMPurify's chunk, shared with the feature chunks) are part of it.
const pipelineFiles = new Set(allJs.filter(isPipeline).flatMap((file) => [...closure(file)]));
// Feature chunks: what the first formula (KaTeX) and the first diagram (Mermaid) fetch, static imports included;
// Mermaid then fetches one more chunk per diagram type it draws.
const features = [
  { name: 'math (KaTeX + its CSS; fetched at the first formula)', entry: /chunks\/katex-chunk-[\w-]+\.js$/ },
  { name: 'diagrams (Mermaid core; fetched at the first diagram)', entry: /chunks\/mermaid-chunk-[\w-]+\.js$/ },
].map((f) => {
  const entry = allJs.find((file) => f.entry.test(file));
  const files = entry ? closure(entry, pipelineFiles) : new Set();
  return { ...f, entry, files, gzip: [...files].reduce((sum, file) => sum + gz(file), 0) };
});
const featureOf = (file) => features.find((f) => f.files.has(file));
const lazy = allJs
  .filter((f) => !initial.has(f))
  .map((file) => ({
    file: relative(root, file),
    kind: pipelineFiles.has(file)
      ? 'lazy (on connect)'
      : featureOf(file)
        ? `lazy (${featureOf(file).name.split(' ')[0]})`
        : 'lazy',
    raw: statSync(file).size,
    gzip: gz(file),
  }));
lazy.sort((a, b) => b.gzip - a.gzip);
rows.push(...lazy);
const iife = join(dist, 'gpt-chat.iife.js');
if (existsSync(iife))
  rows.push({ file: relative(root, iife), kind: 'iife (all-in-one)', raw: statSync(iife).size, gzip: gz(iife) });

const width = Math.max(...rows.map((r) => r.file.length), 10);
console.log(`${'file'.padEnd(width)}  ${'kind'.padEnd(18)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)}`);
for (const r of rows)
  console.log(`${r.file.padEnd(width)}  ${r.kind.padEnd(18)} ${kb(r.raw).padStart(8)} ${kb(r.gzip).padStart(8)}`);
const lazyTotal = lazy.reduce((s, r) => s + r.gzip, 0);
console.log(`\ninitial (script tag + static imports): ${kb(initialBytes)} KB gzipped (budget ${BUDGET_INITIAL_KB} KB)`);
const pipelineGzip = lazy.filter((r) => r.kind === 'lazy (on connect)').reduce((sum, r) => sum + r.gzip, 0);
const pipeline = pipelineGzip ? { gzip: pipelineGzip } : undefined;
if (pipeline) {
  console.log(
    `Markdown pipeline chunks (fetched when an element connects, not blocking its definition): ${kb(pipeline.gzip)} KB; ` +
      `initial + pipeline: ${kb(initialBytes + pipeline.gzip)} KB gzipped`,
  );
}
for (const f of features) {
  if (f.entry) console.log(`${f.name}: ${kb(f.gzip)} KB gzipped in ${f.files.size} file(s)`);
  else console.log(`${f.name}: chunk not found`);
}
console.log(
  `lazy chunks: ${lazy.length}, ${kb(lazyTotal)} KB gzipped in total (highlight.js languages load per code block; ` +
    'Mermaid loads one chunk per diagram type)',
);

mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/size.json'),
  JSON.stringify(
    {
      initialGzipBytes: initialBytes,
      pipelineGzipBytes: pipeline?.gzip ?? null,
      mathGzipBytes: features[0].entry ? features[0].gzip : null,
      diagramsGzipBytes: features[1].entry ? features[1].gzip : null,
      budgetKB: BUDGET_INITIAL_KB,
      files: rows,
    },
    null,
    2,
  ) + '\n',
);

if (initialBytes > BUDGET_INITIAL_KB * 1024) {
  console.error(`OVER BUDGET: initial bundle is ${kb(initialBytes)} KB gzipped > ${BUDGET_INITIAL_KB} KB`);
  process.exit(1);
}
