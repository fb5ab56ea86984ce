// The file assets served by the Node CLI: content types, caching headers, ETags, re-reading after a rebuild,
// 404 → null, and no way out of the two roots (including percent-encoded and backslash tricks); through the
// relay's core route every asset carries the security headers (CSP, nosniff, no referrer).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelay } from '../../../../src/relay/index.js';
import { createFileAssets, defaultAssetDirs } from '../../../../src/relay/runtimes/shared/file-assets.js';

let base: string;
let assets: ReturnType<typeof createFileAssets>;

function write(path: string, content: string): void {
  mkdirSync(join(base, path, '..'), { recursive: true });
  writeFileSync(join(base, path), content);
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'gpt-chat-assets-'));
  write('dist/widget/gpt-chat.js', 'export const widget = "你好";');
  write('dist/widget/gpt-chat.iife.js', 'var GptChat = 1;');
  write('dist/widget/chunks/highlight-Ab3dE9xY.js', 'export const hl = 1;');
  write('dist/page/index.html', '<!doctype html><title>gpt-chat</title>');
  write('dist/page/assets/index-Zz19aBcD.css', 'body{margin:0}');
  write('dist/page/assets/index-Q1w2e3R4.js', 'console.log(1)');
  write('dist/page/favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
  write('dist/page/.env', 'SECRET=1');
  write('dist/secret.txt', 'outside the roots');
  write('secret.txt', 'outside the roots');
  assets = createFileAssets({ widget: join(base, 'dist/widget'), page: join(base, 'dist/page') });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('createFileAssets', () => {
  it('serves the widget entry as UTF-8 JavaScript with a short max-age and an ETag', async () => {
    const response = (await assets('/gpt-chat.js'))!;
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300, must-revalidate');
    expect(response.headers.get('etag')).toMatch(/^"[\w-]{20,}"$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('export const widget = "你好";');
    expect((await assets('/gpt-chat.iife.js'))!.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('serves hashed chunks and page assets as immutable', async () => {
    const chunk = (await assets('/chunks/highlight-Ab3dE9xY.js'))!;
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await chunk.text()).toBe('export const hl = 1;');
    const css = (await assets('/assets/index-Zz19aBcD.css'))!;
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect((await assets('/assets/index-Q1w2e3R4.js'))!.headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
  });

  it('serves the page at / and /index.html, revalidated on every load', async () => {
    for (const path of ['/', '/index.html']) {
      const page = (await assets(path))!;
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('<title>gpt-chat</title>');
    }
    expect((await assets('/favicon.svg'))!.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('returns null for files that do not exist and for directories', async () => {
    for (const path of [
      '/nope.js',
      '/chunks/nope.js',
      '/chunks',
      '/chunks/',
      '/assets/',
      '/v1/models',
      '/gpt-chat.js/x',
    ]) {
      expect(await assets(path), path).toBeNull();
    }
  });

  it('never leaves the widget or page directory', async () => {
    const attempts = [
      '/../secret.txt',
      '/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/%2E%2E/secret.txt',
      '/chunks/../../secret.txt',
      '/chunks/..%2f..%2fsecret.txt',
      '/chunks/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/assets/..%2F..%2Fsecret.txt',
      '/..%5csecret.txt',
      '/chunks/..\\..\\secret.txt',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
      '/.env',
      '/assets/%2e%2e/.env',
      '/index.html%00.js',
      '/%E0%A4%A', // malformed escape
    ];
    for (const path of attempts) {
      expect(await assets(path), path).toBeNull();
    }
  });

  it('picks up a rebuilt file: new content, new ETag', async () => {
    const before = (await assets('/gpt-chat.iife.js'))!;
    const etag = before.headers.get('etag');
    write('dist/widget/gpt-chat.iife.js', 'var GptChat = 2; // rebuilt');
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(base, 'dist/widget/gpt-chat.iife.js'), later, later);
    const after = (await assets('/gpt-chat.iife.js'))!;
    expect(await after.text()).toBe('var GptChat = 2; // rebuilt');
    expect(after.headers.get('etag')).not.toBe(etag);
    // the same content again gives the same ETag (content hash, not mtime)
    const again = (await assets('/gpt-chat.iife.js'))!;
    expect(again.headers.get('etag')).toBe(after.headers.get('etag'));
  });

  it('locates dist/widget and dist/page two levels above the compiled module (dist/relay/node)', () => {
    const dirs = defaultAssetDirs();
    // Under vitest this module is src/relay/runtimes/shared/file-assets.ts, so the same depth lands in src/.
    expect(dirs.widget.replace(/\\/g, '/')).toMatch(/\/src\/widget\/$/);
    expect(dirs.page.replace(/\\/g, '/')).toMatch(/\/src\/page\/$/);
  });
});

describe('security headers on assets served by the relay', () => {
  const get = (app: ReturnType<typeof createRelay>, path: string, method = 'GET') =>
    app.fetch(new Request(`http://relay.test${path}`, { method }));

  it('puts CSP, nosniff and no-referrer on the page, the widget, a chunk and a page asset', async () => {
    const app = createRelay({ assets, rateLimit: 0 });
    for (const path of [
      '/',
      '/index.html',
      '/gpt-chat.js',
      '/gpt-chat.iife.js',
      '/chunks/highlight-Ab3dE9xY.js',
      '/assets/index-Zz19aBcD.css',
    ]) {
      for (const method of ['GET', 'HEAD']) {
        const res = await get(app, path, method);
        expect(res.status, path).toBe(200);
        const csp = res.headers.get('content-security-policy') ?? '';
        for (const part of [
          "default-src 'self'",
          "script-src 'self'",
          "connect-src 'self'",
          "frame-ancestors 'none'",
        ]) {
          expect(csp, `${method} ${path}`).toContain(part);
        }
        for (const part of ["base-uri 'none'", "form-action 'none'", "object-src 'none'", "style-src 'self'"]) {
          expect(csp, path).toContain(part);
        }
        expect(csp).not.toContain('unsafe');
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      }
    }
    // The API keeps its own headers (no page policy on JSON).
    expect((await get(app, '/health')).headers.get('content-security-policy')).toBeNull();
  });

  it('adds the relays the operator names to connect-src as origins, and refuses a malformed one', async () => {
    const app = createRelay({ assets, pageRelays: ['https://other.example/base/', 'http://127.0.0.1:9'] });
    const csp = (await get(app, '/')).headers.get('content-security-policy')!;
    expect(csp).toContain("connect-src 'self' https://other.example http://127.0.0.1:9;");
    expect(() => createRelay({ assets, pageRelays: ["https://x.example; script-src 'unsafe-inline'"] })).toThrow(
      /pageRelays/,
    );
    expect(() => createRelay({ assets, pageRelays: ['javascript:alert(1)'] })).toThrow(/pageRelays/);
  });

  it('sets the headers on whatever an injected assets function returns (any runtime)', async () => {
    const app = createRelay({ assets: () => new Response('x', { headers: { 'content-type': 'text/html' } }) });
    const res = await get(app, '/anything.html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await res.text()).toBe('x');
  });
});
