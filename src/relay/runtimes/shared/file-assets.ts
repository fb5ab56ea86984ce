// Serves the built widget (dist/widget) and the standalone page (dist/page) from disk for RelayOptions.assets.
// Files are read once and kept in memory with a content hash as ETag; a changed mtime/size re-reads them (a
// rebuild while the relay runs is picked up without a restart).
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AssetDirs {
  /** dist/widget: gpt-chat.js, gpt-chat.iife.js, chunks/… */
  widget: string;
  /** dist/page: index.html and its assets/… */
  page: string;
}

/** Where the build puts them, seen from this file compiled to dist/relay/runtimes/shared/file-assets.js. */
export function defaultAssetDirs(): AssetDirs {
  return {
    widget: fileURLToPath(new URL('../../../widget/', import.meta.url)),
    page: fileURLToPath(new URL('../../../page/', import.meta.url)),
  };
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

// Vite names everything under these folders with a content hash, so a URL there never changes meaning.
const IMMUTABLE = 'public, max-age=31536000, immutable';
// The entry scripts keep their name across releases: cache briefly, then revalidate by ETag.
const ENTRY = 'public, max-age=300, must-revalidate';
const HTML = 'no-cache';
const OTHER = 'public, max-age=3600';

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** Maps a URL path to [root, relative file path, cache-control]; null when it is not an asset path. */
function locate(pathname: string, dirs: AssetDirs): [string, string, string] | null {
  if (pathname === '/' || pathname === '/index.html') return [dirs.page, 'index.html', HTML];
  // The service worker and manifest keep their names: revalidated every time, so a new deploy is seen at once.
  if (pathname === '/sw.js' || pathname === '/manifest.webmanifest') return [dirs.page, pathname.slice(1), HTML];
  if (pathname === '/gpt-chat.js' || pathname === '/gpt-chat.iife.js') return [dirs.widget, pathname.slice(1), ENTRY];
  if (pathname.startsWith('/chunks/')) return [dirs.widget, pathname.slice(1), IMMUTABLE];
  if (pathname.startsWith('/assets/')) return [dirs.page, pathname.slice(1), IMMUTABLE];
  return [dirs.page, pathname.slice(1), pathname.endsWith('.html') ? HTML : OTHER];
}

/**
 * Decodes the path and refuses anything that could leave the root: "..", ".", empty or hidden segments,
 * backslashes and NULs — also when percent-encoded.
 */
function safeSegments(relative: string): string[] | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return null;
  const segments = decoded.split('/');
  for (const segment of segments) {
    if (segment === '' || segment.startsWith('.')) return null;
  }
  return segments;
}

/** The RelayOptions.assets function: a Response for a file of the build, or null (→ the relay's 404). */
export function createFileAssets(dirs: AssetDirs = defaultAssetDirs()): (pathname: string) => Promise<Response | null> {
  const roots = { widget: resolve(dirs.widget), page: resolve(dirs.page) };
  const cache = new Map<string, CachedFile>();

  async function load(file: string): Promise<CachedFile | null> {
    let info;
    try {
      info = await stat(file);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
    const body = new Uint8Array(await readFile(file));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const entry = { mtimeMs: info.mtimeMs, size: info.size, body, etag };
    cache.set(file, entry);
    return entry;
  }

  return async function assets(pathname) {
    const located = locate(pathname, roots);
    if (!located) return null;
    const [root, relative, cacheControl] = located;
    const segments = safeSegments(relative);
    if (!segments) return null;
    const file = resolve(root, ...segments);
    if (!file.startsWith(root + sep)) return null;
    const entry = await load(file);
    if (!entry) return null;
    return new Response(entry.body, {
      status: 200,
      headers: {
        'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': String(entry.body.byteLength),
        'cache-control': cacheControl,
        etag: entry.etag,
        'x-content-type-options': 'nosniff',
      },
    });
  };
}
