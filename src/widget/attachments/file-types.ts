// Which files can be attached and how each is read: images (resized in a worker), PDFs (pdfjs in a worker) and
// text-like files (read as UTF-8). Decided by MIME type, then by extension (browsers leave many code files untyped).

export type FileHandling = 'image' | 'pdf' | 'text' | 'unsupported';

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/bmp', 'image/avif']);
const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'webp', 'gif', 'bmp', 'avif']);

const TEXT_TYPES = new Set([
  'application/json',
  'application/xml',
  'application/javascript',
  'application/typescript',
  'application/x-sh',
  'application/x-yaml',
  'application/yaml',
  'application/toml',
  'application/sql',
  'application/x-httpd-php',
]);

const TEXT_EXTENSIONS = new Set(
  (
    'txt md markdown csv tsv json jsonl ndjson log xml yaml yml toml ini cfg conf env properties html htm css scss ' +
    'sass less js mjs cjs jsx ts tsx mts cts vue svelte py rb php java kt kts scala go rs c h cc cpp cxx hpp hh cs ' +
    'fs swift m mm dart lua pl pm r jl sh bash zsh fish ps1 bat cmd sql graphql gql proto tex bib rst adoc org ' +
    'diff patch gitignore dockerfile makefile cmake gradle tf hcl nix ex exs erl hrl clj cljs elm hs ml zig vb asm srt vtt'
  ).split(' '),
);

/** The lower-case extension of a file name ('' when none); `Dockerfile` and `Makefile` count as their own. */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot === -1 ? base : base.slice(dot + 1);
}

export function fileHandling(file: { name: string; type: string }): FileHandling {
  const type = file.type.toLowerCase();
  const ext = extensionOf(file.name);
  if (IMAGE_TYPES.has(type) || (!type && IMAGE_EXTENSIONS.has(ext))) return 'image';
  if (type === 'application/pdf' || ext === 'pdf') return 'pdf';
  if (type.startsWith('text/') || TEXT_TYPES.has(type) || type.endsWith('+json') || type.endsWith('+xml'))
    return 'text';
  if (TEXT_EXTENSIONS.has(ext)) return 'text';
  return 'unsupported';
}

/** The file picker's `accept` list for the allowed kinds (a hint only: every file is checked again). */
export function acceptList(images: boolean, files: boolean): string {
  const out: string[] = [];
  if (images) out.push('image/*');
  if (files)
    out.push('text/*', 'application/json', 'application/pdf', '.pdf', ...[...TEXT_EXTENSIONS].map((e) => `.${e}`));
  return out.join(',');
}
