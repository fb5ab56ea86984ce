// Syntax highlighting for finished code blocks: highlight.js core in the main bundle, each language a lazy
// chunk loaded the first time a block in that language appears (dynamic import() per language, so the
// bundler splits them). A block is highlighted once, when it is finished — the growing block is never
// highlighted, and old blocks are never re-highlighted. The highlighted HTML goes through DOMPurify like
// everything else (highlight.js escapes the code, but defence in depth costs little here).
import hljs from 'highlight.js/lib/core';
import type { LanguageFn } from 'highlight.js';
import { sanitizeToFragment } from './sanitize.js';

type Loader = () => Promise<{ default: LanguageFn }>;

/** highlight.js language name → its lazy chunk. Written out literally so bundlers can see each import. */
const LOADERS: Record<string, Loader> = {
  javascript: () => import('highlight.js/lib/languages/javascript'),
  typescript: () => import('highlight.js/lib/languages/typescript'),
  python: () => import('highlight.js/lib/languages/python'),
  bash: () => import('highlight.js/lib/languages/bash'),
  shell: () => import('highlight.js/lib/languages/shell'),
  json: () => import('highlight.js/lib/languages/json'),
  xml: () => import('highlight.js/lib/languages/xml'),
  css: () => import('highlight.js/lib/languages/css'),
  go: () => import('highlight.js/lib/languages/go'),
  rust: () => import('highlight.js/lib/languages/rust'),
  java: () => import('highlight.js/lib/languages/java'),
  c: () => import('highlight.js/lib/languages/c'),
  cpp: () => import('highlight.js/lib/languages/cpp'),
  csharp: () => import('highlight.js/lib/languages/csharp'),
  sql: () => import('highlight.js/lib/languages/sql'),
  yaml: () => import('highlight.js/lib/languages/yaml'),
  markdown: () => import('highlight.js/lib/languages/markdown'),
  diff: () => import('highlight.js/lib/languages/diff'),
  php: () => import('highlight.js/lib/languages/php'),
  ruby: () => import('highlight.js/lib/languages/ruby'),
  kotlin: () => import('highlight.js/lib/languages/kotlin'),
  swift: () => import('highlight.js/lib/languages/swift'),
};

/** Fence info words → highlight.js language names. */
const ALIASES: Record<string, string> = {
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  node: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  py: 'python',
  python3: 'python',
  py3: 'python',
  sh: 'bash',
  zsh: 'bash',
  shellscript: 'bash',
  console: 'shell',
  'shell-session': 'shell',
  jsonc: 'json',
  json5: 'json',
  html: 'xml',
  htm: 'xml',
  svg: 'xml',
  xhtml: 'xml',
  vue: 'xml',
  golang: 'go',
  rs: 'rust',
  'c++': 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  h: 'c',
  'c#': 'csharp',
  cs: 'csharp',
  yml: 'yaml',
  md: 'markdown',
  patch: 'diff',
  rb: 'ruby',
  kt: 'kotlin',
  kts: 'kotlin',
  mysql: 'sql',
  postgres: 'sql',
  postgresql: 'sql',
  sqlite: 'sql',
};

/** The highlight.js language for a fence's language word, or null when we do not ship one. */
export function resolveLanguage(lang: string): string | null {
  const name = lang.toLowerCase();
  const resolved = ALIASES[name] ?? name;
  return resolved in LOADERS ? resolved : null;
}

export const SUPPORTED_LANGUAGES = Object.keys(LOADERS);

const loading = new Map<string, Promise<boolean>>();

/** Loads and registers a language once; resolves false when it is unknown or its chunk failed to load. */
export function loadLanguage(lang: string): Promise<boolean> {
  const name = resolveLanguage(lang);
  if (!name) return Promise.resolve(false);
  let pending = loading.get(name);
  if (!pending) {
    pending = LOADERS[name]!().then(
      (mod) => {
        hljs.registerLanguage(name, mod.default);
        return true;
      },
      () => {
        loading.delete(name); // a failed chunk load (offline) may succeed later
        return false;
      },
    );
    loading.set(name, pending);
  }
  return pending;
}

/** Called for each finished <code data-lang> element; returns when it is done (or skipped). */
export type Highlighter = (code: HTMLElement) => Promise<void>;

/** Highlights one <code data-lang="…"> in place (once: it is marked with the `hljs` class afterwards). */
export const highlightElement: Highlighter = async (code) => {
  const lang = code.dataset.lang;
  if (!lang || code.classList.contains('hljs')) return;
  const source = code.textContent ?? '';
  if (!(await loadLanguage(lang))) return;
  // Its own task: once the language is loaded the await above resumes in the same task as the frame that
  // rendered the block, and highlighting (plus, the first time, compiling the language's grammar) would
  // lengthen that frame.
  await new Promise((resolve) => setTimeout(resolve, 0));
  // The block may have been replaced or highlighted by someone else while the chunk loaded.
  if (code.classList.contains('hljs') || code.textContent !== source) return;
  const { value } = hljs.highlight(source, { language: resolveLanguage(lang)!, ignoreIllegals: true });
  code.replaceChildren(sanitizeToFragment(value, { highlighted: true }));
  code.classList.add('hljs');
};

/** Highlights every not-yet-highlighted code block under `root` (e.g. a one-shot render). */
export async function highlightAll(root: ParentNode, highlighter: Highlighter = highlightElement): Promise<void> {
  const blocks = Array.from(root.querySelectorAll<HTMLElement>('code[data-lang]'));
  await Promise.all(blocks.map((code) => highlighter(code)));
}
